# SPDX-License-Identifier: Apache-2.0
# TASD unit, second half of issue #3: Yosys `sat` proofs (tb/formal/), the Icarus cross-check
# (tb/iverilog/), the SystemC harness (tb/systemc/) and the integration example (tb/integ/,
# core tasd:ip:integ_example). Tests: tb/lists/formal.tsv. Everything generated goes under
# $(BUILD)/formal, $(BUILD)/iverilog, $(BUILD)/systemc and $(BUILD)/integ.
#
# Targets: formal (every proof, in order), iverilog-models, systemc-model, integ-model.

FV_RTL := $(FL_UNIT)
FV_PROOFS := tasd_spec_order tasd_spec_lemma tasd_par_def tasd_par_out tasd_par_ctrl tasd_par_def_ps2 \
  tasd_par_out_ps2 tasd_par_ctrl_ps2 tasd_miter tasd_seq_pick tasd_seq_step tasd_seq_ctrl \
  tasd_mutant_def tasd_mutant_seq tasd_mutant_seq_step tasd_mutant_seq_ctrl

# Unbounded (k-induction, yosys-smtbmc) proofs of the handshake properties and their mutants.
FV_INDUCT := tasd_induct_par tasd_induct_par_ps2 tasd_induct_seq tasd_induct_seq_ps2 \
  tasd_mutant_induct_par tasd_mutant_induct_seq

.PHONY: formal iverilog-models systemc-model integ-model
formal: $(DEPS_STAMP) $(FILELISTS_MK)
	@for p in $(FV_PROOFS); do bash tb/formal/tasd_formal.sh $$p $(BUILD) || exit 1; done
	@for p in $(FV_INDUCT); do bash tb/formal/tasd_induct.sh $$p $(BUILD) || exit 1; done

# ---- Icarus: vector generator (links libtasd) and one vvp model per configuration ----
IV_BUILD := $(BUILD)/iverilog
IV_GEN := $(IV_BUILD)/tasd_vecgen
# The unit rows of rtl/configs.tsv with the iv flow (tasd_iv_tb mirrors M, DataW, MaxTerms,
# PipeStages, HoldBlock; the general unit: MaxSlots = M, CfgCheck = 1).
IV_CFGS := $(CFG_iv_unit)
IV_MODELS := $(foreach c,$(IV_CFGS),$(IV_BUILD)/$(c).vvp)

$(IV_GEN): tb/iverilog/tasd_vecgen.c $(LIBTASD_A) $(CM_DIR)/include/tasd.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -I$(CM_DIR)/include -o $@ $< $(LIBTASD_A) $(CM_LIBS)

# $(1) configuration name
define IV_MODEL_RULE
$(IV_BUILD)/$(1).vvp: tb/iverilog/tasd_iv_tb.sv $(FV_RTL) $(CFG_$(1)_STAMP)
	@mkdir -p $(IV_BUILD)
	@test "$(CFG_$(1)_P_MaxSlots) $(CFG_$(1)_P_CfgCheck)" = "$(CFG_$(1)_P_M) 1" \
	  || { echo "iv flow: $(1) must be a general unit (MaxSlots = M, CfgCheck = 1)"; exit 2; }
	iverilog -g2012 -o $$@ -s tasd_iv_tb -P tasd_iv_tb.Seq=$(if $(filter tasd_unit_seq,$(CFG_$(1)_TOP)),1,0) \
	  -P tasd_iv_tb.M=$(CFG_$(1)_P_M) -P tasd_iv_tb.DataW=$(CFG_$(1)_P_DataW) \
	  -P tasd_iv_tb.MaxTerms=$(CFG_$(1)_P_MaxTerms) -P tasd_iv_tb.PipeStages=$(CFG_$(1)_P_PipeStages) \
	  -P tasd_iv_tb.HoldBlock=$(CFG_$(1)_P_HoldBlock) $(FV_RTL) tb/iverilog/tasd_iv_tb.sv
endef
$(foreach c,$(IV_CFGS),$(eval $(call IV_MODEL_RULE,$(c))))

iverilog-models: $(IV_GEN) $(IV_MODELS)

# ---- SystemC: Verilator --sc model of tasd_unit_par (the configuration unit_par of rtl/configs.tsv) ----
SC_BUILD := $(BUILD)/systemc
SC_BIN := $(SC_BUILD)/Vtasd_sc
$(SC_BIN): tb/systemc/tasd_sc_tb.cpp tb/common/tasd_tb_rng.h $(FV_RTL) $(LIBTASD_A) $(CM_DIR)/include/tasd.h $(CFG_unit_par_STAMP)
	@mkdir -p $(SC_BUILD)
	SYSTEMC_INCLUDE=/usr/include SYSTEMC_LIBDIR=/usr/lib/x86_64-linux-gnu \
	verilator --sc --exe --build -j $(JOBS) -Wall --top-module $(CFG_unit_par_TOP) -Mdir $(SC_BUILD) -o Vtasd_sc \
	  $(CFG_unit_par_GFLAGS) \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include) $(CFG_unit_par_DFLAGS)" -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0" $(FV_RTL) $(abspath tb/systemc/tasd_sc_tb.cpp) \
	  > $(SC_BUILD)/build.log 2>&1 || { tail -30 $(SC_BUILD)/build.log; exit 1; }
systemc-model: $(SC_BIN)

# ---- Integration example: Verilator C++ test of the core tasd:ip:integ_example ----
INTEG_BUILD := $(BUILD)/integ
INTEG_BIN := $(INTEG_BUILD)/Vinteg
$(INTEG_BIN): tb/integ/tasd_integ_tb.cpp tb/common/tasd_tb_rng.h $(FL_INTEG_EXAMPLE) $(LIBTASD_A) $(CM_DIR)/include/tasd.h
	@mkdir -p $(INTEG_BUILD)
	verilator --cc --exe --build -j $(JOBS) -Wall --assert -DTASD_ASSERT --trace-fst --top-module tasd_integ_example --prefix Vinteg \
	  -Mdir $(INTEG_BUILD) -o Vinteg \
	  -CFLAGS "-std=c++17 -O1 -I$(abspath $(CM_DIR)/include)" -LDFLAGS "$(abspath $(LIBTASD_A)) $(CM_LIBS)" \
	  -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0" $(FL_INTEG_EXAMPLE) $(abspath tb/integ/tasd_integ_tb.cpp) \
	  > $(INTEG_BUILD)/build.log 2>&1 || { tail -30 $(INTEG_BUILD)/build.log; exit 1; }
integ-model: $(INTEG_BIN)

TEST_LISTS += tb/lists/formal.tsv
TEST_PREREQS += iverilog-models systemc-model integ-model
