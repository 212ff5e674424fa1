# SPDX-License-Identifier: Apache-2.0
# TTC tile (core tasd:ip:ttc_tile, rtl/tasd_ttc_tile.core): Verilator
# co-simulation against the C model, lint in the three tools, bench and the main job.
#
# One Verilator build per tile row of rtl/configs.tsv with the sim flow, in $(BUILD)/tile/<name>/Vtile.
# Targets: tile-models, lint-tile, bench-tile (-> $(BUILD)/bench/tile.csv), main-tile.
# Job files (Vtile jobs): tb/tile/tile_jobs.c (read/write, linked into every Vtile and into the
# generator $(BUILD)/tile/tile_jobgen, tb/tile/tile_jobgen.c).

TILE_DIR := tb/tile
TILE_BUILD := $(BUILD)/tile
TILE_RTL := $(FL_TTC_TILE)
# The tile rows of rtl/configs.tsv with the sim flow ($(CONFIGS_MK)); the first is the default tile.
TILE_CFGS := $(CFG_sim_tile)
TILE_MODELS := $(foreach c,$(TILE_CFGS),$(TILE_BUILD)/$(c)/Vtile)
TILE_VBASE := --cc --exe --build -j $(JOBS) --trace-fst \
  --x-assign unique --x-initial unique --prefix Vtile -o Vtile \
  -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0"
TILE_VFLAGS := $(TILE_VBASE) --assert -DTASD_ASSERT

# Job-file reader/writer (C11), shared by the harness and the generator.
TILE_JOBS_OBJ := $(TILE_BUILD)/tile_jobs.o
TILE_JOBGEN := $(TILE_BUILD)/tile_jobgen
$(TILE_JOBS_OBJ): $(TILE_DIR)/tile_jobs.c $(TILE_DIR)/tile_jobs.h $(CM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -I$(CM_DIR)/include -c $< -o $@
$(TILE_JOBGEN): $(TILE_DIR)/tile_jobgen.c $(TILE_JOBS_OBJ) $(LIBTASD_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -I$(CM_DIR)/include -o $@ $< $(TILE_JOBS_OBJ) $(LIBTASD_A) $(CM_LIBS)

# $(1) build name, $(2) configuration of rtl/configs.tsv, $(3) Verilator flags, $(4) RTL files
# (default: the core's list), $(5) build directory (default $(TILE_BUILD); the coverage builds of
# tb/cov.mk use $(BUILD)/cov/tile): the model is $(5)/$(1)/Vtile. The harness gets
# every resolved parameter as -DTASD_P_<Param> and, under its own names, the ones it sizes by.
tile_hflags = -DP_ROWS=$(CFG_$(1)_P_Rows) -DP_COLS=$(CFG_$(1)_P_Cols) -DP_M=$(CFG_$(1)_P_M) \
  -DP_L=$(CFG_$(1)_P_Lanes) -DP_T=$(CFG_$(1)_P_MaxTerms) -DP_KBM=$(CFG_$(1)_P_KBlocksMax) \
  -DP_PS=$(CFG_$(1)_P_PipeStages) -DP_SEQ=$(CFG_$(1)_P_DrainSeq) $(CFG_$(1)_DFLAGS)
define TILE_MODEL_RULE
$(or $(5),$(TILE_BUILD))/$(1)/Vtile: $(or $(4),$(TILE_RTL)) $(TILE_DIR)/tile_tb.cpp tb/common/tasd_tb_rng.h tb/common/tasd_tb_cov.h tb/common/tasd_tb_funcov.h $(TILE_DIR)/tile_jobs.h $(TILE_JOBS_OBJ) $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(CFG_$(2)_STAMP)
	@mkdir -p $(or $(5),$(TILE_BUILD))/$(1)
	@echo "verilator: tile $(1)$(if $(5), in $(5))"
	@verilator $(3) --top-module tasd_ttc_tile -Mdir $(or $(5),$(TILE_BUILD))/$(1) $(CFG_$(2)_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) $(call tile_hflags,$(2))" \
	  -LDFLAGS "$(abspath $(TILE_JOBS_OBJ)) $(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(or $(4),$(TILE_RTL)) $(abspath $(TILE_DIR)/tile_tb.cpp) > $(or $(5),$(TILE_BUILD))/$(1)/build.log 2>&1 \
	  || { tail -40 $(or $(5),$(TILE_BUILD))/$(1)/build.log; exit 1; }
endef
$(foreach c,$(TILE_CFGS),$(eval $(call TILE_MODEL_RULE,$(c),$(c),$(TILE_VFLAGS))))

# Mutant builds: one per tile row of the mutant table tb/mutants.tsv, on its base configuration,
# in $(TILE_BUILD)/mut-<name>/Vtile (tb/lists/tile.tsv tile-mutant-*, tile-jobs-mutant): the
# core's file list with tasd_ttc_tile.sv replaced by the mutant copy, built without the SVA so
# the harness's own checks must catch the bug.
TILE_MUT_NAMES := $(shell $(PYTHON) tb/common/mutate.py list tile)
TILE_MUTANTS := $(foreach m,$(TILE_MUT_NAMES),$(TILE_BUILD)/mut-$(m)/Vtile)
TILE_TOP_RTL := $(filter %/tasd_ttc_tile.sv,$(TILE_RTL))
$(TILE_BUILD)/mut-%/src/tasd_ttc_tile.sv: $(TILE_TOP_RTL) $(MUTANT_DEPS)
	@$(PYTHON) tb/common/mutate.py write $* $@
$(foreach m,$(TILE_MUT_NAMES),$(eval $(call TILE_MODEL_RULE,mut-$(m),$(shell $(PYTHON) tb/common/mutate.py get $(m) base),$(TILE_VBASE),$(filter-out $(TILE_TOP_RTL),$(TILE_RTL)) $(TILE_BUILD)/mut-$(m)/src/tasd_ttc_tile.sv)))

# The PE alone (tb/pe/): one small build per PE row (sim flow) of rtl/configs.tsv, in $(BUILD)/pe/<name>/Vpe.
PE_DIR := tb/pe
PE_BUILD := $(BUILD)/pe
# The PE rows of rtl/configs.tsv with the sim flow.
PE_CFGS := $(CFG_sim_pe)
PE_MODELS := $(foreach c,$(PE_CFGS),$(PE_BUILD)/$(c)/Vpe)
# $(1) configuration name, $(2) build directory (the model is $(2)/$(1)/Vpe), $(3) extra Verilator flags
define PE_MODEL_RULE
$(2)/$(1)/Vpe: $(FL_PE) $(PE_DIR)/pe_tb.cpp tb/common/tasd_tb_rng.h tb/common/tasd_tb_cov.h $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(CFG_$(1)_STAMP)
	@mkdir -p $(2)/$(1)
	@echo "verilator: pe $(1)$(if $(filter-out $(PE_BUILD),$(2)), in $(2))"
	@verilator $(TILE_VFLAGS) $(3) --prefix Vpe -o Vpe --top-module tasd_pe -Mdir $(2)/$(1) $(CFG_$(1)_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) -DQ_L=$(CFG_$(1)_P_Lanes) -DQ_M=$(CFG_$(1)_P_M) -DQ_DW=$(CFG_$(1)_P_DataW) -DQ_AW=$(CFG_$(1)_P_AccW) $(CFG_$(1)_DFLAGS)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(FL_PE) $(abspath $(PE_DIR)/pe_tb.cpp) > $(2)/$(1)/build.log 2>&1 \
	  || { tail -40 $(2)/$(1)/build.log; exit 1; }
endef
$(foreach c,$(PE_CFGS),$(eval $(call PE_MODEL_RULE,$(c),$(PE_BUILD),)))

.PHONY: pe-models
pe-models: $(PE_MODELS)

# The default tile (the first tile row of rtl/configs.tsv with the sim flow) runs the bench and the main job.
TILE_DEFAULT := $(TILE_BUILD)/$(firstword $(TILE_CFGS))/Vtile

.PHONY: tile-models lint-tile bench-tile main-tile
tile-models: $(TILE_MODELS) $(TILE_MUTANTS) $(TILE_JOBGEN)

lint: lint-tile
lint-tile:
	@bash tb/common/lint_cfg.sh --ip tile && bash tb/common/lint_cfg.sh --ip pe

bench-tile: $(TILE_DEFAULT)
	@mkdir -p $(BUILD)/bench
	@$(TILE_DEFAULT) bench +seed=1 | tee $(BUILD)/bench/tile.log | grep -v '^CSV,'; rc=$${PIPESTATUS[0]}; \
	  { echo "section,shape,series,cycles_rtl,cycles_model,speedup,ideal_speedup,util_pct,b_fills,psum_wb,status,layer_model_cycles"; \
	    grep '^CSV,' $(BUILD)/bench/tile.log | cut -d, -f2-; } > $(BUILD)/bench/tile.csv; \
	  echo "written $(BUILD)/bench/tile.csv"; exit $$rc

# The header's replay line is dropped; the one a failure prints (with FAIL) is kept, and the
# harness's exit status is the target's.
main-tile: $(TILE_DEFAULT)
	@$(TILE_DEFAULT) main +seed=1 | awk '!(/^replay:/ && !seen++)'; exit $${PIPESTATUS[0]}

BUILD_TARGETS += tile-models pe-models
TEST_LISTS += tb/lists/tile.tsv
TEST_PREREQS += tile-models pe-models
BENCH_STEPS += bench-tile
# `make main-tile`: the default tile against the C model for every series (not in `make`, which runs the networks).
