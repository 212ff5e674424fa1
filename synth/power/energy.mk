# SPDX-License-Identifier: Apache-2.0
# Energy (issue 10 item 5): power of the synthesized tile with switching activity from RTL traces
# of the workload (OpenSTA report_power), scaled by the cycle model to the paper's layers and the
# networks. Not part of `make test` (docs/energy.md: about 20 minutes from scratch on 2 cores).
#
#   make energy        -> $(BUILD)/energy/{energy.md,energy.csv,power.csv,pe_power.csv}
#   make energy-table  the tables again from an existing power.csv (seconds)
# Included from synth/synth.mk.

EN_BUILD := $(BUILD)/energy
EN_DIR := synth/power
# The rows of rtl/configs.tsv with the energy flow (netlists) and the trace flow (traced tiles).
EN_CFGS := $(CFG_energy)
EN_SYN := $(foreach c,$(EN_CFGS),$(EN_BUILD)/synth/$(c)/metrics.csv)
EN_BINS := $(EN_BUILD)/bin/power_jobs $(EN_BUILD)/bin/fst_activity $(EN_BUILD)/bin/power_cycles
EN_VTILES := $(foreach c,$(CFG_trace),$(TILE_BUILD)/$(c)/Vtile)
EN_GTK := /usr/share/verilator/include/gtkwave

$(EN_BUILD)/synth/%/metrics.csv: $(SYN_DEPS)
	@nice $(PYTHON) synth/run_synth.py --build $(EN_BUILD)/synth \
	  --filelists $(BUILD)/gen/filelists synth -j 1 --only $* --no-rate

$(EN_BUILD)/bin/power_jobs: $(EN_DIR)/power_jobs.c $(TILE_JOBS_OBJ) $(LIBTASD_A) $(CM_DIR)/include/tasd.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -I$(CM_DIR)/include -I$(TILE_DIR) -o $@ $< $(TILE_JOBS_OBJ) $(LIBTASD_A) $(CM_LIBS)
$(EN_BUILD)/bin/power_cycles: $(EN_DIR)/power_cycles.c $(LIBTASD_A) $(CM_DIR)/include/tasd.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -I$(CM_DIR)/include -o $@ $< $(LIBTASD_A) $(CM_LIBS)
$(EN_BUILD)/bin/fst_activity: $(EN_DIR)/fst_activity.c
	@mkdir -p $(@D)
	$(CC) -O2 -w -I$(EN_GTK) -DFST_CONFIG_INCLUDE='"fst_config.h"' -o $@ $< $(EN_GTK)/fstapi.c \
	  $(EN_GTK)/fastlz.c $(EN_GTK)/lz4.c -lz -lpthread

# The traced tiles (trace flow): the harness of tb/tile.mk without assertions (speed), every
# signal and memory in the FST (the harness's +trace).
$(foreach c,$(CFG_trace),$(eval $(call TILE_MODEL_RULE,$(c),$(c),$(TILE_VBASE) --trace-max-width 16384 --trace-max-array 4096)))

.PHONY: energy energy-table
energy: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory -j 2 $(EN_SYN) $(EN_BINS) $(EN_VTILES)
	@nice $(PYTHON) $(EN_DIR)/energy.py run --build $(EN_BUILD) --tile-build $(TILE_BUILD) -j 2
energy-table:
	@$(PYTHON) $(EN_DIR)/energy.py table --build $(EN_BUILD)
