# SPDX-License-Identifier: Apache-2.0
# Synthesis (Yosys -> osu018) and timing (OpenSTA) of every row of rtl/configs.tsv with the synth flow.
#
#   make synth               every configuration, then the summary, chart and side-by-side report
#   make synth-report        the report again from existing results
#   make synth-guard         re-synthesize the small blocks and compare with synth/area_expected.tsv
#   make synth-update-guard  rewrite synth/area_expected.tsv from a fresh synthesis
# Results: $(BUILD)/synth/<config>/{netlist.v,area.rpt,timing.rpt,metrics.csv,summary.md},
# $(BUILD)/synth/summary.{md,csv}, $(BUILD)/synth/tile_area.png.

SYN_BUILD := $(BUILD)/synth
SYN_PY := $(PYTHON) synth/run_synth.py --build $(SYN_BUILD) --filelists $(BUILD)/gen/filelists
SYN_DEPS := $(FL_TTC_TILE) $(FILELISTS_MK) synth/run_synth.py synth/fanout_buffer.py rtl/configs.tsv \
  scripts/configs.py constraints/tasd.sdc synth/unit_rate_tb.sv synth/unit_rate_main.cpp
SYN_CFGS := $(CFG_synth)
SYN_MAIN_CFGS := $(CFG_main)
SYN_METRICS := $(foreach c,$(SYN_CFGS),$(SYN_BUILD)/$(c)/metrics.csv)

# One configuration per target, so make only redoes what changed; run_synth.py removes the
# directory first and writes metrics.csv last.
$(SYN_BUILD)/%/metrics.csv: $(SYN_DEPS)
	@$(SYN_PY) synth -j 1 --only $*

.PHONY: synth-all synth-report main-synth synth-guard synth-update-guard
synth-all: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory -j 2 $(SYN_METRICS)

synth-report: synth-all
	@$(SYN_PY) report

# Last step of the main job: the default configurations' area and Fmax.
main-synth: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory -j 2 $(foreach c,$(SYN_MAIN_CFGS),$(SYN_BUILD)/$(c)/metrics.csv)
	@$(SYN_PY) main

synth-guard: $(DEPS_STAMP)
	@$(PYTHON) synth/run_synth.py --build $(BUILD)/synth-guard --filelists $(BUILD)/gen/filelists guard --no-rate

synth-update-guard: $(DEPS_STAMP)
	@$(PYTHON) synth/run_synth.py --build $(BUILD)/synth-guard --filelists $(BUILD)/gen/filelists update-guard --no-rate

SYNTH_STEPS += synth-report
# `make main-synth`: the default configurations' area and Fmax (not in `make`: the tile synthesis alone takes minutes).
TEST_LISTS += tb/lists/synth.tsv

# `make energy`: power and energy of the tile per TASD series (synth/power, docs/energy.md; not in make test).
-include synth/power/energy.mk
