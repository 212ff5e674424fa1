// SPDX-License-Identifier: Apache-2.0
// Formal harness: tasd_unit_par with free inputs; the first accepted block's output beat meets the spec.
//
// Read only by Yosys. Every input of the unit (in_valid_i, in_data_i, cfg_n_i, out_ready_i) is a
// free input of this module, so `sat -seq K` explores every input sequence of K cycles. Cycle 0
// is reset (rst_ni low); afterwards rst_ni is high. The harness remembers the first block the
// unit accepts (and the configuration captured with it) and checks, with tasd_unit_spec_chk,
// the first output beat; that beat must be the first block's, since the unit keeps order.
// Also asserted on every cycle after reset:
//   H1 an illegal configuration raises err_o and drops in_ready_o (nothing is accepted), and a
//      legal one keeps err_o low;
//   H2 no output beat appears before a block was accepted;
//   H3 the first block's beat appears exactly PipeStages cycles after its handshake (this also
//      makes the spec check non-vacuous: every accepted block reaches the checker in time);
//   H4 while out_valid_o && !out_ready_i the beat is held unchanged (AXI4-Stream).
`default_nettype none

module tasd_formal_par #(
  parameter int M = 8,           // block size
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1,  // unit latency
  parameter int Asserts = 'h3f,  // spec groups asserted (see tasd_unit_spec_chk)
  parameter int Assumes = 0,     // spec groups assumed (proven by another run)
  parameter bit Ctrl = 1'b1      // emit the handshake assertions H1..H4
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
  logic [3:0] cyc_q = '0;
  always_ff @(posedge clk_i) begin
    if (cyc_q != 4'hf) cyc_q <= cyc_q + 1'b1;
  end
  wire rst_n = (cyc_q != '0);

  wire                          err, in_ready, out_valid;
  wire [MaxTerms*M*DataW-1:0]   out_val;
  wire [MaxTerms*M*IdxW-1:0]    out_idx;
  wire [MaxTerms*M-1:0]         out_slot_vld, out_mask;

  tasd_unit_par #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages)) u_dut (
    .clk_i(clk_i), .rst_ni(rst_n), .cfg_n_i(cfg_n_i), .err_o(err),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
    .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
    .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask)
  );

  // shadow of the first accepted block
  wire acc = rst_n && in_valid_i && in_ready;
  logic                   got_q = 1'b0, done_q = 1'b0;
  logic [M*DataW-1:0]     blk_q = '0;
  logic [MaxTerms*NW-1:0] cfg_q = '0;
  logic [3:0]             age_q = '0;  // cycles since the first handshake
  always_ff @(posedge clk_i) begin
    if (acc && !got_q) begin
      got_q <= 1'b1;
      blk_q <= in_data_i;
      cfg_q <= cfg_n_i;
    end
    if (got_q && age_q != 4'hf) age_q <= age_q + 1'b1;
    if (rst_n && got_q && out_valid && out_ready_i) done_q <= 1'b1;
  end

  wire first_beat = rst_n && got_q && !done_q && out_valid;
  wire legal_now, legal_blk;

  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(Asserts), .Assumes(Assumes)) u_chk (
    .en_i(first_beat), .data_i(blk_q), .cfg_n_i(cfg_q), .val_i(out_val), .idx_i(out_idx),
    .slot_vld_i(out_slot_vld), .mask_i(out_mask), .order_i('0), .legal_o(legal_blk)
  );

  // legality of the current cfg_n_i, through a second (check-free) instance
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0), .Assumes(0)) u_legal (
    .en_i(1'b0), .data_i(in_data_i), .cfg_n_i(cfg_n_i), .val_i('0), .idx_i('0),
    .slot_vld_i('0), .mask_i('0), .order_i('0), .legal_o(legal_now)
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
    if (rst_n && Ctrl) begin
      assert (err == !legal_now);                              // H1
      if (!legal_now) assert (!in_ready);                      // H1
      if (!got_q) assert (!out_valid);                         // H2
      // age_q is 0 one cycle after the handshake
      if (got_q && !done_q && age_q < 4'(PipeStages - 1)) assert (!out_valid);   // H3
      if (got_q && !done_q && age_q == 4'(PipeStages - 1)) assert (out_valid);  // H3
      if (prev_stall_q) assert (out_valid && beat == prev_beat_q);          // H4
    end
  end

endmodule

`default_nettype wire
