# SPDX-License-Identifier: Apache-2.0
# TASD unit (core tasd:ip:unit, rtl/tasd_unit.core): Verilator co-simulation against the
# C model, lint in all three tools, illegal-parameter checks, and the unit bench.
#
# One Verilator build per parameter set in tb/unit/configs.tsv, in $(BUILD)/unit/<name>/Vdut.
# Targets: unit-models (all builds), lint-unit (also part of `lint`), bench-unit, regress-unit.

UNIT_DIR := tb/unit
UNIT_BUILD := $(BUILD)/unit
UNIT_RTL := $(FL_UNIT)
# configs.tsv columns: name variant M DataW MaxTerms PipeStages [MaxSlots, default M]
UNIT_CFG_LINES := $(shell awk -F'\t' '!/^\#/ && NF >= 6 {print $$1":"$$2":"$$3":"$$4":"$$5":"$$6":"(NF >= 7 && $$7 != "" ? $$7 : $$3)}' $(UNIT_DIR)/configs.tsv)
unit_field = $(word $(1),$(subst :, ,$(2)))
UNIT_CFGS := $(foreach l,$(UNIT_CFG_LINES),$(call unit_field,1,$(l)))
UNIT_MODELS := $(foreach c,$(UNIT_CFGS),$(UNIT_BUILD)/$(c)/Vdut)
UNIT_VFLAGS := --cc --exe --assert -DTASD_ASSERT --trace-fst \
  --x-assign unique --x-initial unique --prefix Vdut -o Vdut
UNIT_MAKEFLAGS := OPT_FAST=-O1 OPT_SLOW=-O0

# The Verilator runtime (verilated.o, FST writer, threads) is the same for every config:
# compile it once (through Verilator's own makefile, so the flags match) and seed each model
# directory with it, which saves ~15 s of compilation per model.
UNIT_RT := $(UNIT_BUILD)/_runtime
UNIT_RT_OBJS := verilated.o verilated_fst_c.o verilated_threads.o
$(UNIT_RT)/.done: $(FL_PRIM) tb/unit.mk
	@rm -rf $(UNIT_RT) && mkdir -p $(UNIT_RT)
	verilator --cc --trace-fst --prefix Vdut --top-module tasd_pipe_reg -Mdir $(UNIT_RT) $(FL_PRIM) > $(UNIT_RT)/build.log 2>&1
	$(MAKE) --no-print-directory -C $(UNIT_RT) -f Vdut.mk $(UNIT_RT_OBJS) >> $(UNIT_RT)/build.log 2>&1 \
	  || { tail -20 $(UNIT_RT)/build.log; exit 1; }
	@touch $@

# $(1) name, $(2) variant, $(3) M, $(4) DataW, $(5) MaxTerms, $(6) PipeStages, $(7) MaxSlots
define UNIT_MODEL_RULE
$(UNIT_BUILD)/$(1)/Vdut: $(UNIT_RTL) $(UNIT_DIR)/unit_tb.cpp tb/common/tasd_tb_rng.h $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(UNIT_DIR)/configs.tsv $(UNIT_RT)/.done
	@mkdir -p $(UNIT_BUILD)/$(1)
	verilator $(UNIT_VFLAGS) --top-module tasd_unit_$(2) -Mdir $(UNIT_BUILD)/$(1) \
	  -GM=$(3) -GDataW=$(4) -GMaxTerms=$(5) -GPipeStages=$(6) -GMaxSlots=$(7) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) -DCFG_M=$(3) -DCFG_W=$(4) -DCFG_T=$(5) -DCFG_P=$(6) -DCFG_S=$(7) -DCFG_SEQ=$(if $(filter seq,$(2)),1,0) -DCFG_NAME=$(1)" \
	  -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  $(UNIT_RTL) $(abspath $(UNIT_DIR)/unit_tb.cpp) > $(UNIT_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(UNIT_BUILD)/$(1)/build.log; exit 1; }
	@cp $(UNIT_RT)/*.o $(UNIT_RT)/*.d $(UNIT_BUILD)/$(1)/
	@$(MAKE) --no-print-directory -C $(UNIT_BUILD)/$(1) -f Vdut.mk $(UNIT_MAKEFLAGS) >> $(UNIT_BUILD)/$(1)/build.log 2>&1 \
	  || { tail -40 $(UNIT_BUILD)/$(1)/build.log; exit 1; }
endef
$(foreach l,$(UNIT_CFG_LINES),$(eval $(call UNIT_MODEL_RULE,$(call unit_field,1,$(l)),$(call unit_field,2,$(l)),$(call unit_field,3,$(l)),$(call unit_field,4,$(l)),$(call unit_field,5,$(l)),$(call unit_field,6,$(l)),$(call unit_field,7,$(l)))))

.PHONY: unit-models lint lint-unit bench-unit regress-unit
unit-models: $(UNIT_MODELS)

lint: lint-unit
lint-unit:
	@bash $(UNIT_DIR)/lint.sh all

# Cycles/block and simulation speed per config and series -> $(BUILD)/bench/unit.csv
UNIT_BENCH_BLOCKS ?= 20000
bench-unit: $(UNIT_MODELS)
	@mkdir -p $(BUILD)/bench
	@echo "config,variant,M,DataW,MaxTerms,PipeStages,series,cycles_per_block,latency_cycles,blocks_per_s" > $(BUILD)/bench/unit.csv
	@for c in $(UNIT_CFGS); do \
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
TEST_PREREQS += unit-models
BENCH_STEPS += bench-unit
