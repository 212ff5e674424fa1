// SPDX-License-Identifier: Apache-2.0
// Formal wrapper: tasd_unit_seq's AXI4-Stream / handshake properties for ALL time (k-induction, yosys-smtbmc).
//
// Read only by Yosys, after tb/formal/tasd_induct_seq*.ys has flattened tasd_unit_seq (M=8
// DataW=8 MaxTerms=2, PipeStages from chparam) and turned its extractor registers busy_q,
// cnt_q, lim_q and the valid bit of the mid register (PipeStages=2 only) into the ports
// fv_busy_q, fv_cnt_q, fv_lim_q, fv_mid_valid_q with `expose`; the RTL is unchanged.
// As in tasd_induct_par: every input, rst_ni included, is free in every cycle; only seen_q (a
// reset cycle has been seen) and pv_q (a previous cycle exists) have an initial value (0), so
// the base case starts in ANY power-up state and the induction step in any state at all.
// Wrapper bookkeeping, from the ports only:
//   occ_q  blocks accepted and not yet delivered (0 after a reset);
//   rem_q  extraction cycles still owed by the last accepted block: max(1, sum N) - 1 at its
//          handshake (sum N from the wrapper's own adder on cfg_n_i), then down by one per
//          cycle to 0 (0 after a reset).
// Asserted in every cycle (P1, P2, P4, P5 in every state; the rest once seen_q):
//   P1 err_o == the series cfg_n_i is illegal (some N_t > M or sum N_t > M, own check);
//   P2 illegal series -> !in_ready_o;
//   P3 no beat without an accepted, undelivered block: out_valid_o -> occ_q != 0;
//   P4 out beat held and stable while out_valid_o && !out_ready_i (reset high);
//   P5 out_valid_o is low in the cycle after a reset cycle;
//   P6 occupancy bounded by the pipeline depth: occ_q <= 1 + PipeStages (extractor + back end);
//   P7 an empty unit takes a block: occ_q == 0, rst_ni high and a legal series -> in_ready_o;
//   P8 in_ready_o is low while extracting: rem_q != 0 -> !in_ready_o (a block is held for
//      max(1, sum N) cycles at least; no block is taken in the middle of an extraction).
// Strengthening invariants (also asserted, so proven, not assumed), once seen_q:
//   I1 occ_q == fv_busy_q + fv_mid_valid_q + out_valid_o (fv_mid_valid_q = 0 if PipeStages=1);
//   I2 while fv_busy_q: the held series' total T = fv_lim_q[last] is <= M and
//      fv_cnt_q < max(1, T) and fv_cnt_q + rem_q == max(1, T) - 1; while !fv_busy_q: rem_q == 0.
`default_nettype none

module tasd_induct_seq #(
  parameter int M = 8,           // block size (must match the chparam of tasd_unit_seq)
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1   // back-end register stages (selects the exposed ports)
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
  wire                          busy, mid_valid;
  wire [NW-1:0]                 cnt;
  wire [MaxTerms*NW-1:0]        lim;

  if (PipeStages == 2) begin : g_ps2
    tasd_unit_seq u_dut (
      .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(cfg_n_i), .err_o(err),
      .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
      .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
      .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask),
      .fv_busy_q(busy), .fv_cnt_q(cnt), .fv_lim_q(lim), .fv_mid_valid_q(mid_valid)
    );
  end else begin : g_ps1
    tasd_unit_seq u_dut (
      .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(cfg_n_i), .err_o(err),
      .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
      .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
      .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask),
      .fv_busy_q(busy), .fv_cnt_q(cnt), .fv_lim_q(lim)
    );
    assign mid_valid = 1'b0;
  end

  // legality and sum of cfg_n_i, written independently of tasd_unit_cfg
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
  wire [7:0] steps = (nsum == 8'd0) ? 8'd1 : nsum;  // max(1, sum N) of the offered series

  wire acc = in_valid_i && in_ready;
  wire del = out_valid && out_ready_i;

  logic            seen_q = 1'b0;  // a reset cycle has been seen
  logic            pv_q = 1'b0;    // a previous cycle exists
  logic [2:0]      occ_q;          // accepted, not yet delivered
  logic [7:0]      rem_q;          // extraction cycles still owed by the held block
  logic            prev_rst_q, prev_stall_q;
  logic [OutW-1:0] prev_beat_q;
  wire  [OutW-1:0] beat = {out_val, out_idx, out_slot_vld, out_mask};
  always_ff @(posedge clk_i) begin
    pv_q         <= 1'b1;
    seen_q       <= seen_q || !rst_ni;
    occ_q        <= !rst_ni ? 3'd0 : occ_q + 3'(acc) - 3'(del);
    rem_q        <= !rst_ni ? 8'd0 : acc ? steps - 8'd1 : (rem_q != 8'd0) ? rem_q - 8'd1 : 8'd0;
    prev_rst_q   <= !rst_ni;
    prev_stall_q <= rst_ni && out_valid && !out_ready_i;
    prev_beat_q  <= beat;
  end

  // the held series' total, from the unit's prefix-sum register
  wire [7:0] tot  = 8'(lim[(MaxTerms-1)*NW +: NW]);
  wire [7:0] tot1 = (tot == 8'd0) ? 8'd1 : tot;

  always @* begin
    assert (err == !legal);                                                  // P1
    if (!legal) assert (!in_ready);                                          // P2
    if (pv_q && prev_stall_q) assert (out_valid && beat == prev_beat_q);     // P4
    if (pv_q && prev_rst_q) assert (!out_valid);                             // P5
    if (seen_q) begin
      if (out_valid) assert (occ_q != 3'd0);                                 // P3
      assert (occ_q <= 3'(1 + PipeStages));                                  // P6
      if (occ_q == 3'd0 && rst_ni && legal) assert (in_ready);               // P7
      if (rem_q != 8'd0) assert (!in_ready);                                 // P8
      assert (occ_q == 3'(busy) + 3'(mid_valid) + 3'(out_valid));            // I1
      if (busy) assert (tot <= 8'(M) && 8'(cnt) < tot1 && 8'(cnt) + rem_q == tot1 - 8'd1);  // I2
      if (!busy) assert (rem_q == 8'd0);                                     // I2
    end
  end

endmodule

`default_nettype wire
