// SPDX-License-Identifier: Apache-2.0
// TASD unit configuration check: flags an illegal series N_0:M + ... and forms the prefix sums of N.
//
// Purely combinational. err_o is high when some N_t > MaxSlots or sum N_t > M (docs/semantics.md,
// Legality; MaxSlots = M, the default, is the general rule N_t <= M; a lean unit with
// MaxSlots < M also refuses the legal N:M terms it has no slots for, docs/tasd_unit.md).
// lim_o[t] = N_0 + ... + N_t is the exclusive upper rank bound of term t (term t takes the
// elements ranked in [lim_{t-1}, lim_t)); it is meaningful only while err_o is low, which is the
// only time the TASD units capture it. One instance can serve several units that share a series
// (the tile checks its drain units' series once).
`default_nettype none

module tasd_unit_cfg #(
  parameter int M = 8,         // block size (power of two)
  parameter int MaxTerms = 2,  // terms in the series, >= 1
  parameter int MaxSlots = M,  // most elements one term may take, 1..M (M: any legal series)
  localparam int NW = $clog2(M) + 1  // bits of one N field (holds 0..2M-1)
) (
  input  wire [MaxTerms*NW-1:0] cfg_n_i,  // N of term t at [t*NW +: NW]; 0 disables the term
  output wire                   err_o,    // series refused: some N_t > MaxSlots or sum N_t > M
  output wire [MaxTerms*NW-1:0] lim_o     // prefix sum N_0+..+N_t at [t*NW +: NW] (valid if !err_o)
);

  if (MaxSlots < 1 || MaxSlots > M) begin : g_illegal_maxslots
    tasd_illegal_param_MaxSlots_must_be_1_to_M u_illegal ();
  end

  // The running sum can reach MaxTerms*(2M-1) < 4*2M, so two extra bits never overflow.
  localparam int SumW = NW + 2;
  localparam logic [NW-1:0]   MaxN   = NW'(MaxSlots);
  localparam logic [SumW-1:0] MaxSum = SumW'(M);

  // {err, prefix sums} of a series; automatic function with locals only (see tasd_unit_par).
  function automatic logic [MaxTerms*NW:0] check(input logic [MaxTerms*NW-1:0] n);
    logic                   bad;
    logic [SumW-1:0]        acc;
    logic [MaxTerms*NW-1:0] lim;
    bad = 1'b0;
    acc = '0;
    lim = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      if (n[t*NW +: NW] > MaxN) begin
        bad = 1'b1;
      end
      acc = acc + {2'b00, n[t*NW +: NW]};
      lim[t*NW +: NW] = acc[NW-1:0];
    end
    if (acc > MaxSum) begin
      bad = 1'b1;
    end
    check = {bad, lim};
  endfunction

  logic                   bad;
  logic [MaxTerms*NW-1:0] lim;
  assign {bad, lim} = check(cfg_n_i);

  assign err_o = bad;
  assign lim_o = lim;

endmodule

`default_nettype wire
