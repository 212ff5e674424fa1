// SPDX-License-Identifier: Apache-2.0
// Formal harness: tasd_unit_seq control from reset with free inputs (err/ready, latency, one beat per block, stalls).
//
// Read only by Yosys. Every input of the unit (in_valid_i, in_data_i, cfg_n_i, out_ready_i) is a
// free input, so `sat -seq K` explores every input sequence of K cycles. Cycle 0 is reset
// (rst_ni low); afterwards rst_ni is high. The harness remembers the first block the unit
// accepts and its series; S1 = max(1, sum N) of that series, Lat = S1 + PipeStages.
// Asserted in every cycle after reset (the seq counterparts of tasd_formal_par's H1..H4):
//   H1 an illegal configuration raises err_o and drops in_ready_o (nothing is accepted); a
//      legal one keeps err_o low (legality from tasd_unit_spec_chk, not from tasd_unit_cfg);
//   H2 no output beat appears before a block was accepted;
//   H3 the first block's beat appears exactly Lat cycles after its handshake, not earlier;
//   H4 while out_valid_o && !out_ready_i the beat is held unchanged (AXI4-Stream);
//   H5 one beat per block: a beat is valid only while some accepted block has not been
//      delivered yet (no spurious or duplicated beat), and at most 1 + PipeStages blocks are
//      inside the unit (extractor + back-end registers);
//   H6 throughput: after the first handshake in_ready_o is low while that block is still being
//      extracted (the S1-1 cycles after the handshake) and equals !err_o in its last extraction
//      cycle (the back end is empty then), so the next block is accepted with no bubble.
`default_nettype none

module tasd_formal_seq_ctrl #(
  parameter int M = 8,           // block size
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1   // back-end register stages
) (
  input wire                              clk_i,        // clock
  input wire                              in_valid_i,   // free: offer a block
  input wire [M*DataW-1:0]                in_data_i,    // free: block
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i,      // free: configuration
  input wire                              out_ready_i   // free: sink ready
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int OutW = MaxTerms*M*(DataW + IdxW + 2);

  // cycle counter: 0 = reset cycle; saturates
  logic [4:0] cyc_q = '0;
  always_ff @(posedge clk_i) begin
    if (cyc_q != 5'h1f) cyc_q <= cyc_q + 1'b1;
  end
  wire rst_n = (cyc_q != '0);

  wire                          err, in_ready, out_valid;
  wire [MaxTerms*M*DataW-1:0]   out_val;
  wire [MaxTerms*M*IdxW-1:0]    out_idx;
  wire [MaxTerms*M-1:0]         out_slot_vld, out_mask;

  tasd_unit_seq #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages)) u_dut (
    .clk_i(clk_i), .rst_ni(rst_n), .cfg_n_i(cfg_n_i), .err_o(err),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
    .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
    .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask)
  );

  // series of the first accepted block and the cycles since its handshake
  wire acc = rst_n && in_valid_i && in_ready;
  wire del = rst_n && out_valid && out_ready_i;
  logic                   got_q = 1'b0, done_q = 1'b0;
  logic [MaxTerms*NW-1:0] cfg_q = '0;
  logic [4:0]             age_q = '0;  // 0 in the cycle after the first handshake
  logic [3:0]             inflight_q = '0;
  always_ff @(posedge clk_i) begin
    if (acc && !got_q) begin
      got_q <= 1'b1;
      cfg_q <= cfg_n_i;
    end
    if (got_q && age_q != 5'h1f) age_q <= age_q + 1'b1;
    if (got_q && del) done_q <= 1'b1;
    inflight_q <= inflight_q + {3'd0, acc} - {3'd0, del};
  end

  // S1 = max(1, sum of the first block's N), written independently of the unit
  logic [4:0] sum;
  always @* begin
    sum = '0;
    for (int t = 0; t < MaxTerms; t++) sum = sum + {{(5-NW){1'b0}}, cfg_q[t*NW +: NW]};
  end
  wire [4:0] s1  = (sum == 5'd0) ? 5'd1 : sum;
  wire [4:0] lat = s1 + 5'(PipeStages);

  // legality of the current cfg_n_i, through a check-free spec instance
  wire legal_now;
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0), .Assumes(0)) u_legal (
    .en_i(1'b0), .data_i(in_data_i), .cfg_n_i(cfg_n_i), .val_i('0), .idx_i('0),
    .slot_vld_i('0), .mask_i('0), .order_i('0), .legal_o(legal_now),
    .rank_o(), .sm_o(), .outranks_o()
  );

  // previous-cycle output, for H4
  logic             prev_stall_q = 1'b0;
  logic [OutW-1:0]  prev_beat_q = '0;
  wire  [OutW-1:0]  beat = {out_val, out_idx, out_slot_vld, out_mask};
  always_ff @(posedge clk_i) begin
    prev_stall_q <= rst_n && out_valid && !out_ready_i;
    prev_beat_q  <= beat;
  end

  always @* begin
    if (rst_n) begin
      assert (err == !legal_now);                                            // H1
      if (!legal_now) assert (!in_ready);                                    // H1
      if (!got_q) assert (!out_valid);                                       // H2
      if (got_q && !done_q && age_q < lat - 5'd1) assert (!out_valid);       // H3
      if (got_q && !done_q && age_q == lat - 5'd1) assert (out_valid);       // H3
      if (prev_stall_q) assert (out_valid && beat == prev_beat_q);           // H4
      if (out_valid) assert (inflight_q != 4'd0);                            // H5
      assert (inflight_q <= 4'(1 + PipeStages));                             // H5
      if (got_q && age_q < s1 - 5'd1) assert (!in_ready);                    // H6
      if (got_q && age_q == s1 - 5'd1) assert (in_ready == !err);            // H6
    end
  end

endmodule

`default_nettype wire
