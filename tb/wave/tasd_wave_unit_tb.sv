// SPDX-License-Identifier: Apache-2.0
// Scenario bench for the TASD unit's timing diagrams: a few blocks, chosen stalls, a VCD for scripts/wave.py.
//
// Not a verification test (the co-simulations are): it drives one short, fixed scenario so the
// diagrams in docs/ show what the RTL really does. Parameters select the unit; plusargs the story:
//   +blocks=N      blocks offered (labelled A, B, ...), back to back from cycle 1
//   +stall=MASK    bit c set: out_ready_i is 0 in cycle c
//   +badcfg=MASK   bit c set: cfg_n_i is illegal in cycle c (5:8+4:8, sum 9 > 8)
//   +cycles=C      cycles recorded (cycle 0 is the first after reset)
//   +vcd=FILE      VCD written there
// in_lbl / out_lbl carry the label of the block on each side (out_lbl from a queue of accepted
// labels), blk_lbl the label of the block on out_blk_i (HoldBlock = 0); the bench checks that
// blocks leave in the order they entered and exits 1 otherwise.
`default_nettype none

module tasd_wave_unit_tb #(
  parameter int Seq = 0,         // 1: tasd_unit_seq, 0: tasd_unit_par
  parameter int PipeStages = 1,  // unit pipeline stages
  parameter int HoldBlock = 1    // 0: the bench holds the blocks and drives the oldest on out_blk_i
);
  localparam int M = 8;
  localparam int DataW = 8;
  localparam int NW = 4;
  reg clk = 1'b0, rst_n = 1'b0;
  always #5 clk = ~clk;
  integer cyc = -1, blocks = 4, cycles = 10, nin = 0, nout = 0, head = 0;
  reg [63:0] stall = 0, badcfg = 0;
  reg [8*256-1:0] vcd;
  reg [7:0] in_lbl, out_lbl, blk_lbl;
  reg [7:0] q [0:63];
  wire [2*NW-1:0] cfg = badcfg[cyc < 0 ? 0 : cyc] ? {4'd4, 4'd5} : {4'd1, 4'd4};  // 4:8+1:8
  reg in_valid;
  wire out_ready = cyc >= 0 && !stall[cyc];
  wire [M*DataW-1:0] blk = {8'sd7, 8'sd0, 8'sd5, -8'sd3, 8'sd127, 8'sd0, -8'sd128, 8'sd3};
  wire err, in_ready, out_valid;
  wire [2*M*DataW-1:0] val;
  wire [2*M*3-1:0] idx;
  wire [2*M-1:0] svld, mask;
  if (Seq == 1) begin : g_seq
    tasd_unit_seq #(.M(M), .DataW(DataW), .MaxTerms(2), .PipeStages(PipeStages),
                    .HoldBlock(HoldBlock)) u_dut (
      .clk_i(clk), .rst_ni(rst_n), .cfg_n_i(cfg), .err_o(err), .in_valid_i(in_valid),
      .in_ready_o(in_ready), .in_data_i(blk), .out_valid_o(out_valid), .out_ready_i(out_ready),
      .out_blk_i(blk), .out_val_o(val), .out_idx_o(idx), .out_slot_vld_o(svld), .out_mask_o(mask));
  end else begin : g_par
    tasd_unit_par #(.M(M), .DataW(DataW), .MaxTerms(2), .PipeStages(PipeStages),
                    .HoldBlock(HoldBlock)) u_dut (
      .clk_i(clk), .rst_ni(rst_n), .cfg_n_i(cfg), .err_o(err), .in_valid_i(in_valid),
      .in_ready_o(in_ready), .in_data_i(blk), .out_valid_o(out_valid), .out_ready_i(out_ready),
      .out_blk_i(blk), .out_val_o(val), .out_idx_o(idx), .out_slot_vld_o(svld), .out_mask_o(mask));
  end
  always @(*) begin
    in_valid = cyc >= 1 && nin < blocks;
    in_lbl = in_valid ? 8'd65 + nin[7:0] : 8'd0;
    out_lbl = out_valid ? q[head] : 8'd0;
    // the caller's copy on out_blk_i: the oldest accepted block not yet delivered (every block
    // of this scenario has the same elements, so only the label differs)
    blk_lbl = (HoldBlock == 0 && nin > head) ? q[head] : 8'd0;
  end
  always @(posedge clk) begin
    if (rst_n) begin
      if (in_valid && in_ready) begin q[nin] <= in_lbl; nin <= nin + 1; end
      if (out_valid && out_ready) begin head <= head + 1; nout <= nout + 1; end
    end
    cyc <= rst_n ? cyc + 1 : -1;
  end
  initial begin
    if ($value$plusargs("blocks=%d", blocks)) ;
    if ($value$plusargs("stall=%h", stall)) ;
    if ($value$plusargs("badcfg=%h", badcfg)) ;
    if ($value$plusargs("cycles=%d", cycles)) ;
    if (!$value$plusargs("vcd=%s", vcd)) vcd = "wave.vcd";
    $dumpfile(vcd);
    $dumpvars(0, tasd_wave_unit_tb);
    repeat (2) @(posedge clk);
    rst_n <= 1'b1;
    @(posedge clk);
    while (cyc < cycles) @(posedge clk);
    if (nout != blocks) begin
      $display("WAVE FAIL: %0d of %0d blocks came out in %0d cycles", nout, blocks, cycles);
      $finish_and_return(1);
    end
    $finish;
  end
endmodule

`default_nettype wire
