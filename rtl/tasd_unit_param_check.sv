// SPDX-License-Identifier: Apache-2.0
// The TASD units' parameter rules, written once: an illegal value fails elaboration (Verilator, Yosys, Icarus).
//
// Instantiated (no ports, no logic) by tasd_unit_par, tasd_unit_seq and their back end
// tasd_unit_out. A rule that fails instantiates a module that does not exist, named after the
// rule (tasd_illegal_param_<rule>), so every tool stops with that name in its message;
// rtl/configs_illegal.tsv lists the names the illegal-parameter tests expect.
`default_nettype none

module tasd_unit_param_check #(
  parameter int M = 8,           // block size: 4, 8 or 16
  parameter int DataW = 8,       // element width: 4..16
  parameter int MaxTerms = 2,    // terms: 1..3
  parameter int PipeStages = 1,  // register stages: 1 or 2
  parameter int MaxSlots = M,    // most elements per term: 1..M
  parameter int CfgCheck = 1,    // own series check: 0 or 1
  parameter int HoldBlock = 1    // the unit holds its beat (1) or the caller the block (0)
) ();

  if (!(M == 4 || M == 8 || M == 16)) begin : g_illegal_m
    tasd_illegal_param_M_must_be_4_8_or_16 u_illegal ();
  end
  if (DataW < 4 || DataW > 16) begin : g_illegal_dataw
    tasd_illegal_param_DataW_must_be_4_to_16 u_illegal ();
  end
  if (MaxTerms < 1 || MaxTerms > 3) begin : g_illegal_maxterms
    tasd_illegal_param_MaxTerms_must_be_1_to_3 u_illegal ();
  end
  if (PipeStages < 1 || PipeStages > 2) begin : g_illegal_pipestages
    tasd_illegal_param_PipeStages_must_be_1_or_2 u_illegal ();
  end
  if (MaxSlots < 1 || MaxSlots > M) begin : g_illegal_maxslots
    tasd_illegal_param_MaxSlots_must_be_1_to_M u_illegal ();
  end
  if (CfgCheck < 0 || CfgCheck > 1) begin : g_illegal_cfgcheck
    tasd_illegal_param_CfgCheck_must_be_0_or_1 u_illegal ();
  end
  if (HoldBlock < 0 || HoldBlock > 1) begin : g_illegal_holdblock
    tasd_illegal_param_HoldBlock_must_be_0_or_1 u_illegal ();
  end

endmodule

`default_nettype wire
