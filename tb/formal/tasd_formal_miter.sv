// SPDX-License-Identifier: Apache-2.0
// Formal miter: tasd_unit_seq and tasd_unit_par get the same block and series; their beats must match.
//
// Read only by Yosys. Cycle 0 is reset; the block and the series are free inputs sampled in
// cycle 0 and then offered to both units (valid held until each accepts); both sinks are
// always ready. The par unit's first beat is kept; when the seq unit's first beat appears it
// must equal it in every field (values, indices, slot-valid bits, masks).
// Bound: both units are empty after reset and accept in cycle 1 at the latest when the series
// is legal (asserted, M1); the par beat appears in cycle 1 + PipeStages and the seq beat in
// cycle 1 + max(1, sum N) + PipeStages <= 1 + M + PipeStages (asserted, M2: "by cycle Bound both
// beats have appeared"). So `sat -seq Bound+1` covers the whole life of the block: a proof over
// that horizon is complete for one block, for every block and every series.
// For an illegal series neither unit may accept the block (M3).
`default_nettype none

module tasd_formal_miter #(
  parameter int M = 8,           // block size
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1   // latency stages of both units
) (
  input wire                              clk_i,      // clock
  input wire [M*DataW-1:0]                in_data_i,  // free: block (sampled in cycle 0)
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i     // free: series (sampled in cycle 0)
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int OutW = MaxTerms*M*(DataW + IdxW + 2);
  localparam int Bound = 1 + M + PipeStages;

  logic [4:0] cyc_q = '0;
  always_ff @(posedge clk_i) begin
    if (cyc_q != 5'h1f) cyc_q <= cyc_q + 1'b1;
  end
  wire rst_n = (cyc_q != '0);

  logic [M*DataW-1:0]     blk_q = '0;
  logic [MaxTerms*NW-1:0] cfg_q = '0;
  always_ff @(posedge clk_i) begin
    if (!rst_n) begin
      blk_q <= in_data_i;
      cfg_q <= cfg_n_i;
    end
  end

  wire [1:0]        err, in_ready, out_valid;
  wire [OutW-1:0]   beat [2];
  logic [1:0]       acc_q = '0, done_q = '0;
  wire [1:0]        in_valid = rst_n ? ~acc_q : 2'b00;

  for (genvar u = 0; u < 2; u++) begin : g_unit
    wire [MaxTerms*M*DataW-1:0] val;
    wire [MaxTerms*M*IdxW-1:0]  idx;
    wire [MaxTerms*M-1:0]       svld, mask;
    if (u == 0) begin : g_par
      tasd_unit_par #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages)) u_dut (
        .clk_i(clk_i), .rst_ni(rst_n), .cfg_n_i(cfg_q), .err_o(err[u]),
        .in_valid_i(in_valid[u]), .in_ready_o(in_ready[u]), .in_data_i(blk_q),
        .out_valid_o(out_valid[u]), .out_ready_i(1'b1), .out_blk_i('0), .out_val_o(val), .out_idx_o(idx),
        .out_slot_vld_o(svld), .out_mask_o(mask)
      );
    end else begin : g_seq
      tasd_unit_seq #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages)) u_dut (
        .clk_i(clk_i), .rst_ni(rst_n), .cfg_n_i(cfg_q), .err_o(err[u]),
        .in_valid_i(in_valid[u]), .in_ready_o(in_ready[u]), .in_data_i(blk_q),
        .out_valid_o(out_valid[u]), .out_ready_i(1'b1), .out_blk_i('0), .out_val_o(val), .out_idx_o(idx),
        .out_slot_vld_o(svld), .out_mask_o(mask)
      );
    end
    assign beat[u] = {val, idx, svld, mask};
  end

  logic [OutW-1:0] par_beat_q = '0;
  always_ff @(posedge clk_i) begin
    if (rst_n) begin
      acc_q  <= acc_q | (in_valid & in_ready);
      done_q <= done_q | (out_valid & acc_q);
      if (out_valid[0] && !done_q[0]) par_beat_q <= beat[0];
    end
  end

  wire legal = !err[0];
  always @* begin
    if (rst_n) begin
      assert (err[0] == err[1]);
      if (legal && cyc_q >= 5'd2) assert (acc_q == 2'b11);                 // M1
      if (legal && cyc_q == 5'(Bound)) assert ((done_q | out_valid) == 2'b11);  // M2
      if (!legal) assert (acc_q == 2'b00 && (in_ready & in_valid) == 2'b00);    // M3
      if (out_valid[1] && !done_q[1]) begin
        assert (done_q[0]);                                                 // par is first
        assert (beat[1] == par_beat_q);                                     // equal beats
      end
    end
  end

endmodule

`default_nettype wire
