# SPDX-License-Identifier: Apache-2.0
# TTC tile (core tasd:ip:ttc_tile, rtl/tasd_ttc_tile.core): Verilator
# co-simulation against the C model, lint in the three tools, bench and the main job.
#
# One Verilator build per line of tb/tile/configs.tsv, in $(BUILD)/tile/<name>/Vtile.
# Targets: tile-models, lint-tile, bench-tile (-> $(BUILD)/bench/tile.csv), main-tile.
# Job files (Vtile jobs): tb/tile/tile_jobs.c (read/write, linked into every Vtile and into the
# generator $(BUILD)/tile/tile_jobgen, tb/tile/tile_jobgen.c).

TILE_DIR := tb/tile
TILE_BUILD := $(BUILD)/tile
TILE_RTL := $(FL_TTC_TILE)
# configs.tsv columns: name Rows Cols M Lanes MaxTerms KBlocksMax PipeStages Drain (par|seq)
TILE_CFG_LINES := $(shell awk -F'\t' '!/^\#/ && NF >= 8 {d = (NF >= 9 && $$9 == "seq") ? 1 : 0; print $$1":"$$2":"$$3":"$$4":"$$5":"$$6":"$$7":"$$8":"d}' $(TILE_DIR)/configs.tsv)
tile_field = $(word $(1),$(subst :, ,$(2)))
TILE_CFGS := $(foreach l,$(TILE_CFG_LINES),$(call tile_field,1,$(l)))
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

# $(1) name $(2) Rows $(3) Cols $(4) M $(5) Lanes $(6) MaxTerms $(7) KBlocksMax $(8) PipeStages
# $(9) DrainSeq (0|1) $(10) Verilator flags
define TILE_MODEL_RULE
$(TILE_BUILD)/$(1)/Vtile: $(TILE_RTL) $(TILE_DIR)/tile_tb.cpp tb/common/tasd_tb_rng.h $(TILE_DIR)/tile_jobs.h $(TILE_JOBS_OBJ) $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(TILE_DIR)/configs.tsv
	@mkdir -p $(TILE_BUILD)/$(1)
	@echo "verilator: tile $(1)"
	@verilator $(10) --top-module tasd_ttc_tile -Mdir $(TILE_BUILD)/$(1) \
	  -GRows=$(2) -GCols=$(3) -GM=$(4) -GLanes=$(5) -GMaxTerms=$(6) -GKBlocksMax=$(7) -GPipeStages=$(8) -GDrainSeq=$(9) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) -DP_ROWS=$(2) -DP_COLS=$(3) -DP_M=$(4) -DP_L=$(5) -DP_T=$(6) -DP_KBM=$(7) -DP_PS=$(8) -DP_SEQ=$(9)" \
	  -LDFLAGS "$(abspath $(TILE_JOBS_OBJ)) $(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(TILE_RTL) $(abspath $(TILE_DIR)/tile_tb.cpp) > $(TILE_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(TILE_BUILD)/$(1)/build.log; exit 1; }
endef
$(foreach l,$(TILE_CFG_LINES),$(eval $(call TILE_MODEL_RULE,$(call tile_field,1,$(l)),$(call tile_field,2,$(l)),$(call tile_field,3,$(l)),$(call tile_field,4,$(l)),$(call tile_field,5,$(l)),$(call tile_field,6,$(l)),$(call tile_field,7,$(l)),$(call tile_field,8,$(l)),$(call tile_field,9,$(l)),$(TILE_VFLAGS))))

# Mutant build (tb/lists/tile.tsv tile-mutant-psum): a 4x8 L=2 tile whose last-beat flag also
# rises one beat early (-DTASD_MUTANT_PSUM_WB); built without the SVA so that the harness's
# perf_psum_wb_o check is what must catch it.
TILE_MUTANTS := $(TILE_BUILD)/mut-psum/Vtile $(TILE_BUILD)/mut-rowbias/Vtile
$(eval $(call TILE_MODEL_RULE,mut-psum,4,8,8,2,2,16,1,0,$(TILE_VBASE) -DTASD_MUTANT_PSUM_WB))
# Mutant (tile-mutant-rowbias, tile-jobs-mutant): the row bias is taken from every A beat, not
# only a row tile's first; the harness's garbage on the other beats must show up as wrong sums.
$(eval $(call TILE_MODEL_RULE,mut-rowbias,4,8,8,2,2,16,1,0,$(TILE_VBASE) -DTASD_MUTANT_ROW_BIAS))

# The PE alone (tb/pe/): one small build per line of tb/pe/configs.tsv, in $(BUILD)/pe/<name>/Vpe.
PE_DIR := tb/pe
PE_BUILD := $(BUILD)/pe
# pe configs.tsv columns: name Lanes M DataW AccW
PE_CFG_LINES := $(shell awk -F'\t' '!/^\#/ && NF >= 5 {print $$1":"$$2":"$$3":"$$4":"$$5}' $(PE_DIR)/configs.tsv)
PE_MODELS := $(foreach l,$(PE_CFG_LINES),$(PE_BUILD)/$(call tile_field,1,$(l))/Vpe)
# $(1) name $(2) Lanes $(3) M $(4) DataW $(5) AccW
define PE_MODEL_RULE
$(PE_BUILD)/$(1)/Vpe: $(FL_PE) $(PE_DIR)/pe_tb.cpp tb/common/tasd_tb_rng.h $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(PE_DIR)/configs.tsv
	@mkdir -p $(PE_BUILD)/$(1)
	@echo "verilator: pe $(1)"
	@verilator $(TILE_VFLAGS) --prefix Vpe -o Vpe --top-module tasd_pe -Mdir $(PE_BUILD)/$(1) \
	  -GLanes=$(2) -GM=$(3) -GDataW=$(4) -GAccW=$(5) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) -DQ_L=$(2) -DQ_M=$(3) -DQ_DW=$(4) -DQ_AW=$(5)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(FL_PE) $(abspath $(PE_DIR)/pe_tb.cpp) > $(PE_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(PE_BUILD)/$(1)/build.log; exit 1; }
endef
$(foreach l,$(PE_CFG_LINES),$(eval $(call PE_MODEL_RULE,$(call tile_field,1,$(l)),$(call tile_field,2,$(l)),$(call tile_field,3,$(l)),$(call tile_field,4,$(l)),$(call tile_field,5,$(l)))))

.PHONY: pe-models
pe-models: $(PE_MODELS)

# The default tile (first line of configs.tsv) runs the bench and the main job.
TILE_DEFAULT := $(TILE_BUILD)/$(firstword $(TILE_CFGS))/Vtile

.PHONY: tile-models lint-tile bench-tile main-tile
tile-models: $(TILE_MODELS) $(TILE_MUTANTS) $(TILE_JOBGEN)

lint: lint-tile
lint-tile:
	@bash $(TILE_DIR)/lint.sh

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
