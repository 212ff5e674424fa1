# SPDX-License-Identifier: Apache-2.0
# Register slice (rtl/tasd_skid_buf.sv): Verilator test against a reference queue, mutants, lint.
#
# One Verilator build per tasd_skid_buf row of rtl/configs.tsv (sim flow) in $(BUILD)/skid/<name>/Vskid (tb/skid/skid_tb.cpp), and
# one per skid mutant of the mutant table tb/mutants.tsv in $(BUILD)/skid/mut-<name>/Vskid (the
# RTL copy with one planted bug, built without the SVA so the harness's own checks must catch it).
# Targets: skid-models (all builds), lint-skid (also part of `lint`). Tests: tb/lists/skid.tsv.

SKID_DIR := tb/skid
SKID_BUILD := $(BUILD)/skid
# The slice is its own top: the core tasd:ip:prim's file of that name (mutants copy just that file).
SKID_RTL := $(filter %/tasd_skid_buf.sv,$(FL_PRIM))
# The tasd_skid_buf rows of rtl/configs.tsv with the sim flow; the mutants are built on skid_w8.
SKID_CFGS := $(CFG_sim_skid)
SKID_MUTANTS := $(shell $(PYTHON) tb/common/mutate.py list skid)
SKID_MODELS := $(foreach c,$(SKID_CFGS),$(SKID_BUILD)/$(c)/Vskid)
SKID_MUT_MODELS := $(foreach m,$(SKID_MUTANTS),$(SKID_BUILD)/mut-$(m)/Vskid)
SKID_VBASE := --cc --exe --build -j 1 --trace-fst --x-assign unique --x-initial unique \
  --prefix Vskid -o Vskid --top-module tasd_skid_buf -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0"

# The configuration builds check the SVA too.
SKID_VFLAGS := --assert -DTASD_ASSERT

# $(1) build name, $(2) configuration of rtl/configs.tsv, $(3) RTL file, $(4) extra Verilator flags,
# $(5) build directory (the model is $(5)/$(1)/Vskid; the coverage builds of tb/cov.mk use $(BUILD)/cov/skid)
define SKID_MODEL_RULE
$(5)/$(1)/Vskid: $(3) $(SKID_DIR)/skid_tb.cpp tb/common/tasd_tb_rng.h tb/common/tasd_tb_cov.h $(CFG_$(2)_STAMP)
	@mkdir -p $(5)/$(1)
	@echo "verilator: skid $(1)$(if $(filter-out $(SKID_BUILD),$(5)), in $(5))"
	@verilator $(SKID_VBASE) $(4) -Mdir $(5)/$(1) $(CFG_$(2)_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -DSKID_W=$(CFG_$(2)_P_Width) -DSKID_NAME=$(1)" \
	  $(abspath $(3)) $(abspath $(SKID_DIR)/skid_tb.cpp) > $(5)/$(1)/build.log 2>&1 \
	  || { tail -30 $(5)/$(1)/build.log; exit 1; }
endef
$(foreach c,$(SKID_CFGS),$(eval $(call SKID_MODEL_RULE,$(c),$(c),$(SKID_RTL),$(SKID_VFLAGS),$(SKID_BUILD))))

# Mutant sources: tb/common/mutate.py writes the copy and fails when the text is not found once.
$(SKID_BUILD)/mut-%/tasd_skid_buf.sv: $(SKID_RTL) $(MUTANT_DEPS)
	@$(PYTHON) tb/common/mutate.py write $* $@
$(foreach m,$(SKID_MUTANTS),$(eval $(call SKID_MODEL_RULE,mut-$(m),$(shell $(PYTHON) tb/common/mutate.py get $(m) base),$(SKID_BUILD)/mut-$(m)/tasd_skid_buf.sv,,$(SKID_BUILD))))

.PHONY: skid-models lint-skid
skid-models: $(SKID_MODELS) $(SKID_MUT_MODELS)

lint: lint-skid
lint-skid:
	@bash tb/common/lint_cfg.sh --ip skid

BUILD_TARGETS += skid-models
TEST_LISTS += tb/lists/skid.tsv
TEST_PREREQS += skid-models
