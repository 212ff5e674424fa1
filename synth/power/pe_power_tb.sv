// SPDX-License-Identifier: Apache-2.0
// Workload trace of the N:M PE (tasd_pe, RTL) for the power-flow test: random or all-zero operands, FST dump.
// Icarus: iverilog -g2012 -o sim pe_power_tb.sv <the pe core's files>; vvp sim -fst +cycles=N [+zero] +fst=FILE
// Random mode: every cycle a valid beat with random values, indices, lane mask and B block, a
// clear every 32 beats. Zero mode: the same control but every operand 0 (a, index, B), so only
// the control and the clock move.
`timescale 1ns / 1ps
`default_nettype none
module pe_power_tb;
  localparam int Lanes = 4, M = 8, DataW = 8, AccW = 32, IdxW = 3;
  logic clk_i = 0, rst_ni = 0, in_valid_i = 0, clr_i = 0;
  wire adv_i = 1'b1;  // never stalled
  logic [Lanes-1:0] lane_vld_i = '0;
  logic [Lanes*DataW-1:0] a_val_i = '0;
  logic [Lanes*IdxW-1:0] a_idx_i = '0;
  logic [Lanes*M*DataW-1:0] b_blk_i = '0;
  wire [AccW-1:0] acc_d_o, acc_o;
  tasd_pe #(.Lanes(Lanes), .M(M), .DataW(DataW), .AccW(AccW)) dut (.*);
  int cycles = 2000;
  bit zero = 0;
  string fst = "pe_power.fst";
  initial begin
    if ($value$plusargs("cycles=%d", cycles)) begin end
    zero = $test$plusargs("zero");
    if ($value$plusargs("fst=%s", fst)) begin end
    $dumpfile(fst);
    $dumpvars(0, dut);
    repeat (3) begin #5 clk_i = 1; #5 clk_i = 0; end
    rst_ni = 1;
    for (int c = 0; c < cycles; c++) begin
      in_valid_i = 1;
      clr_i = (c % 32) == 0;
      lane_vld_i = '1;
      for (int l = 0; l < Lanes; l++) begin
        a_val_i[l*DataW +: DataW] = zero ? '0 : DataW'($urandom);
        a_idx_i[l*IdxW +: IdxW] = zero ? '0 : IdxW'($urandom);
      end
      for (int i = 0; i < Lanes * M; i++) b_blk_i[i*DataW +: DataW] = zero ? '0 : DataW'($urandom);
      #5 clk_i = 1;
      #5 clk_i = 0;
    end
    $finish;
  end
endmodule
