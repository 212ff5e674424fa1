// SPDX-License-Identifier: Apache-2.0
// Formal wrapper: tasd_unit_par's AXI4-Stream / handshake properties for ALL time (k-induction, yosys-smtbmc).
//
// Read only by Yosys, after tb/formal/tasd_induct_par*.ys has flattened tasd_unit_par (M=8
// DataW=8 MaxTerms=2, PipeStages from chparam) and turned the valid bit of its mid register
// (PipeStages=2 only) into the port fv_mid_valid_q with `expose`; the RTL is unchanged.
// Every input, rst_ni included, is free in every cycle, and no register of the unit or of this
// wrapper has an initial value except seen_q and pv_q (0): the base case starts in ANY
// power-up state, and the induction step in any state at all.
//   seen_q  a reset cycle has been seen (properties that count blocks hold from then on);
//   pv_q    a previous cycle exists (for the properties that look one cycle back).
// occ_q counts the blocks accepted and not yet delivered (0 after a reset); it is the
// wrapper's own bookkeeping, written from the ports only.
// Asserted in every cycle (P1, P2, P4, P5 in every state; P3, P6, P7 once seen_q):
//   P1 err_o == the series cfg_n_i is illegal (some N_t > M or sum N_t > M: the wrapper's
//      own check, not tasd_unit_cfg's);
//   P2 illegal series -> !in_ready_o (nothing is accepted);
//   P3 no beat without an accepted, undelivered block: out_valid_o -> occ_q != 0;
//   P4 out beat held and stable: out_valid_o && !out_ready_i (reset high) in one cycle ->
//      out_valid_o and the same beat {val, idx, slot_vld, mask} in the next;
//   P5 out_valid_o is low in the cycle after a reset cycle;
//   P6 occupancy bounded by the pipeline depth: occ_q <= PipeStages;
//   P7 an empty unit takes a block: occ_q == 0, rst_ni high and a legal series -> in_ready_o.
// Strengthening invariant (also asserted, so proven, not assumed), once seen_q:
//   I1 occ_q == out_valid_o + fv_mid_valid_q (PipeStages=2) / == out_valid_o (PipeStages=1).
`default_nettype none

module tasd_induct_par #(
  parameter int M = 8,           // block size (must match the chparam of tasd_unit_par)
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1   // unit latency (selects the exposed ports)
) (
  input wire                              clk_i,        // clock
  input wire                              rst_ni,       // free: synchronous reset, active low
  input wire                              in_valid_i,   // free: offer a block
  input wire [M*DataW-1:0]                in_data_i,    // free: block
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i,      // free: configuration
  input wire                              out_ready_i   // free: sink ready
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int OutW = MaxTerms*M*(DataW + IdxW + 2);

  wire                          err, in_ready, out_valid;
  wire [MaxTerms*M*DataW-1:0]   out_val;
  wire [MaxTerms*M*IdxW-1:0]    out_idx;
  wire [MaxTerms*M-1:0]         out_slot_vld, out_mask;
  wire                          mid_valid;  // valid bit of the mid register (0 if PipeStages=1)

  if (PipeStages == 2) begin : g_ps2
    tasd_unit_par u_dut (
      .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(cfg_n_i), .err_o(err),
      .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
      .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
      .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask), .fv_mid_valid_q(mid_valid)
    );
  end else begin : g_ps1
    tasd_unit_par u_dut (
      .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(cfg_n_i), .err_o(err),
      .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
      .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
      .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask)
    );
    assign mid_valid = 1'b0;
  end

  // legality of cfg_n_i, written independently of tasd_unit_cfg: every N_t <= M, sum <= M
  logic       legal;
  logic [7:0] nsum;
  always @* begin
    legal = 1'b1;
    nsum  = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      if (cfg_n_i[t*NW +: NW] > NW'(M)) legal = 1'b0;
      nsum = nsum + 8'(cfg_n_i[t*NW +: NW]);
    end
    if (nsum > 8'(M)) legal = 1'b0;
  end

  wire acc = in_valid_i && in_ready;
  wire del = out_valid && out_ready_i;

  logic            seen_q = 1'b0;  // a reset cycle has been seen
  logic            pv_q = 1'b0;    // a previous cycle exists
  logic [2:0]      occ_q;          // accepted, not yet delivered
  logic            prev_rst_q, prev_stall_q;
  logic [OutW-1:0] prev_beat_q;
  wire  [OutW-1:0] beat = {out_val, out_idx, out_slot_vld, out_mask};
  always_ff @(posedge clk_i) begin
    pv_q         <= 1'b1;
    seen_q       <= seen_q || !rst_ni;
    occ_q        <= !rst_ni ? 3'd0 : occ_q + 3'(acc) - 3'(del);
    prev_rst_q   <= !rst_ni;
    prev_stall_q <= rst_ni && out_valid && !out_ready_i;
    prev_beat_q  <= beat;
  end

  always @* begin
    assert (err == !legal);                                                  // P1
    if (!legal) assert (!in_ready);                                          // P2
    if (pv_q && prev_stall_q) assert (out_valid && beat == prev_beat_q);     // P4
    if (pv_q && prev_rst_q) assert (!out_valid);                             // P5
    if (seen_q) begin
      if (out_valid) assert (occ_q != 3'd0);                                 // P3
      assert (occ_q <= 3'(PipeStages));                                      // P6
      if (occ_q == 3'd0 && rst_ni && legal) assert (in_ready);               // P7
      assert (occ_q == 3'(out_valid) + 3'(mid_valid));                       // I1
    end
  end

endmodule

`default_nettype wire
