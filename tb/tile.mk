# SPDX-License-Identifier: Apache-2.0
# TTC tile (rtl/tasd_ttc_tile.sv + tasd_pe.sv + tasd_post.sv + the TASD units): Verilator
# co-simulation against the C model, lint in the three tools, bench and the main job.
#
# One Verilator build per line of tb/tile/configs.tsv, in $(BUILD)/tile/<name>/Vtile.
# Targets: tile-models, lint-tile, bench-tile (-> $(BUILD)/bench/tile.csv), main-tile.

TILE_DIR := tb/tile
TILE_BUILD := $(BUILD)/tile
TILE_RTL := rtl/tasd_ttc_tile.sv rtl/tasd_pe.sv rtl/tasd_post.sv rtl/tasd_unit_par.sv \
  rtl/tasd_unit_cfg.sv rtl/tasd_unit_out.sv rtl/tasd_unit_pack.sv rtl/tasd_pipe_reg.sv
# configs.tsv columns: name Rows Cols M Lanes MaxTerms KBlocksMax PipeStages
TILE_CFG_LINES := $(shell awk -F'\t' '!/^\#/ && NF >= 8 {print $$1":"$$2":"$$3":"$$4":"$$5":"$$6":"$$7":"$$8}' $(TILE_DIR)/configs.tsv)
tile_field = $(word $(1),$(subst :, ,$(2)))
TILE_CFGS := $(foreach l,$(TILE_CFG_LINES),$(call tile_field,1,$(l)))
TILE_MODELS := $(foreach c,$(TILE_CFGS),$(TILE_BUILD)/$(c)/Vtile)
TILE_VFLAGS := --cc --exe --build -j $(JOBS) --assert -DTASD_ASSERT --trace-fst \
  --x-assign unique --x-initial unique -y rtl --prefix Vtile -o Vtile \
  -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0"

# $(1) name $(2) Rows $(3) Cols $(4) M $(5) Lanes $(6) MaxTerms $(7) KBlocksMax $(8) PipeStages
define TILE_MODEL_RULE
$(TILE_BUILD)/$(1)/Vtile: $(TILE_RTL) $(TILE_DIR)/tile_tb.cpp $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(TILE_DIR)/configs.tsv
	@mkdir -p $(TILE_BUILD)/$(1)
	@echo "verilator: tile $(1)"
	@verilator $(TILE_VFLAGS) --top-module tasd_ttc_tile -Mdir $(TILE_BUILD)/$(1) \
	  -GRows=$(2) -GCols=$(3) -GM=$(4) -GLanes=$(5) -GMaxTerms=$(6) -GKBlocksMax=$(7) -GPipeStages=$(8) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) -DP_ROWS=$(2) -DP_COLS=$(3) -DP_M=$(4) -DP_L=$(5) -DP_T=$(6) -DP_KBM=$(7) -DP_PS=$(8)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) -lm" \
	  $(TILE_RTL) $(abspath $(TILE_DIR)/tile_tb.cpp) > $(TILE_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(TILE_BUILD)/$(1)/build.log; exit 1; }
endef
$(foreach l,$(TILE_CFG_LINES),$(eval $(call TILE_MODEL_RULE,$(call tile_field,1,$(l)),$(call tile_field,2,$(l)),$(call tile_field,3,$(l)),$(call tile_field,4,$(l)),$(call tile_field,5,$(l)),$(call tile_field,6,$(l)),$(call tile_field,7,$(l)),$(call tile_field,8,$(l)))))

# The default tile (first line of configs.tsv) runs the bench and the main job.
TILE_DEFAULT := $(TILE_BUILD)/$(firstword $(TILE_CFGS))/Vtile

.PHONY: tile-models lint-tile bench-tile main-tile
tile-models: $(TILE_MODELS)

lint: lint-tile
lint-tile:
	@bash $(TILE_DIR)/lint.sh

bench-tile: $(TILE_DEFAULT)
	@mkdir -p $(BUILD)/bench
	@$(TILE_DEFAULT) bench +seed=1 | tee $(BUILD)/bench/tile.log | grep -v '^CSV,'; rc=$${PIPESTATUS[0]}; \
	  { echo "section,shape,series,cycles_rtl,cycles_model,speedup,ideal_speedup,util_pct,b_fills,psum_wb,status,layer_model_cycles"; \
	    grep '^CSV,' $(BUILD)/bench/tile.log | cut -d, -f2-; } > $(BUILD)/bench/tile.csv; \
	  echo "written $(BUILD)/bench/tile.csv"; exit $$rc

main-tile: $(TILE_DEFAULT)
	@$(TILE_DEFAULT) main +seed=1 | grep -v '^replay:'

BUILD_TARGETS += tile-models
TEST_LISTS += tb/lists/tile.tsv
TEST_PREREQS += tile-models
BENCH_STEPS += bench-tile
MAIN_STEPS += main-tile
