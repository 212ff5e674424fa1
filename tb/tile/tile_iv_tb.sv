// SPDX-License-Identifier: Apache-2.0
// Icarus replay of the tile's cycle vectors: reads PREFIX.in (written by Vtile +vec=PREFIX), writes PREFIX.iv.out.
//
// Each .in line holds one cycle's inputs; the testbench applies them, lets the logic settle,
// writes the outputs in the same format as the Verilator harness, then clocks. ivcheck.sh
// compares the two output files line by line (after the reset cycles), so Icarus and
// Verilator agree on every cycle, and Verilator's run was checked against the C model.
`timescale 1ns / 1ps
`default_nettype none

module tile_iv_tb #(
  // Every parameter of tasd_ttc_tile, set by ivcheck.sh from the resolved rtl/configs.tsv row
  // (ivcheck.sh refuses to run when this list and the tile's differ). The vector format carries
  // 8-bit operands and 32-bit sums, as the Verilator harness writes them.
  parameter int Rows = 8,        // PE rows
  parameter int Cols = 16,       // PE columns
  parameter int M = 8,           // block size
  parameter int Lanes = 4,       // multiply lanes per PE
  parameter int MaxTerms = 2,    // A and output terms
  parameter int DataW = 8,       // operand width (the vectors hold 8 bits)
  parameter int AccW = 32,       // accumulator width (the vectors hold 32 bits)
  parameter int KBlocksMax = 512,// B buffer entries
  parameter int PipeStages = 1,  // drain TASD unit latency
  parameter int DrainSeq = 0,    // 1: sequential drain units
  parameter int BBanks = 2,      // B buffer banks
  parameter int MulPipe = 0      // 1: the PEs' multiplier pipeline register
) ();
  localparam int IdxW = $clog2(M);
  localparam int NW = IdxW + 1;
  localparam int KbW = $clog2(KBlocksMax + 1);
  localparam int NBlk = Cols / M;

  reg clk_i = 1'b0, rst_ni, start_i, cfg_relu_i, b_valid_i, a_valid_i, out_ready_i;
  reg [MaxTerms*NW-1:0] cfg_a_n_i, cfg_out_n_i;
  reg [KbW-1:0] cfg_kblocks_i;
  reg [15:0] cfg_rtiles_i;
  reg [4:0] cfg_shift_i;
  reg [M*Cols*8-1:0] b_data_i;
  reg [Rows*Lanes*8-1:0] a_val_i;
  reg [Rows*Lanes*IdxW-1:0] a_idx_i;
  reg [Cols*32-1:0] cfg_bias_i;
  reg [Rows*32-1:0] a_bias_i;
  wire busy_o, done_o, err_o, start_ready_o, b_ready_o, a_ready_o, out_valid_o, out_last_o;
  wire [Cols*32-1:0] out_acc_o;
  wire [Cols*8-1:0] out_q_o;
  wire [NBlk*MaxTerms*M*8-1:0] out_tval_o;
  wire [NBlk*MaxTerms*M*IdxW-1:0] out_tidx_o;
  wire [NBlk*MaxTerms*M-1:0] out_tvld_o, out_tmask_o;
  wire [31:0] out_row_o, pc_cyc, pc_busy, pc_stall, pc_bf, pc_ps, pc_ds, pc_os;
  wire [47:0] pc_macs;

  tasd_ttc_tile #(.Rows(Rows), .Cols(Cols), .M(M), .Lanes(Lanes), .MaxTerms(MaxTerms), .DataW(DataW),
                  .AccW(AccW), .KBlocksMax(KBlocksMax), .PipeStages(PipeStages),
                  .DrainSeq(DrainSeq), .BBanks(BBanks), .MulPipe(MulPipe)) dut (
    .clk_i, .rst_ni, .start_i, .start_ready_o, .cfg_a_n_i, .cfg_kblocks_i, .cfg_rtiles_i, .cfg_relu_i,
    .cfg_shift_i, .cfg_out_n_i, .cfg_bias_i, .busy_o, .done_o, .err_o, .b_valid_i, .b_ready_o,
    .b_data_i, .a_valid_i, .a_ready_o, .a_val_i, .a_idx_i, .a_bias_i, .out_valid_o, .out_ready_i, .out_acc_o, .out_q_o,
    .out_tval_o, .out_tidx_o, .out_tvld_o, .out_tmask_o, .out_row_o, .out_last_o,
    .perf_cycles_o(pc_cyc), .perf_busy_o(pc_busy), .perf_stall_o(pc_stall),
    .perf_eff_macs_o(pc_macs), .perf_b_fills_o(pc_bf), .perf_psum_wb_o(pc_ps),
    .perf_drain_stall_o(pc_ds), .perf_out_stall_o(pc_os));

  integer fi, fo, n, cycles;
  reg [1023:0] prefix;
  initial begin
    if (!$value$plusargs("vec=%s", prefix)) begin
      $display("usage: vvp tile_iv.vvp +vec=PREFIX");
      $finish;
    end
    fi = $fopen({prefix, ".in"}, "r");
    fo = $fopen({prefix, ".iv.out"}, "w");
    if (fi == 0 || fo == 0) begin
      $display("cannot open %0s.in / .iv.out", prefix);
      $finish;
    end
    cycles = 0;
    n = 16;
    while (n == 16) begin
      n = $fscanf(fi, "%h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h\n", rst_ni, start_i,
                  cfg_a_n_i, cfg_kblocks_i, cfg_rtiles_i, cfg_relu_i, cfg_shift_i, cfg_out_n_i,
                  cfg_bias_i, b_valid_i, b_data_i, a_valid_i, a_val_i, a_idx_i, a_bias_i,
                  out_ready_i);
      if (n == 16) begin
      #1;
      $fwrite(fo, "%h %h %h %h %h %h %h %h %h %h %h %h %h %h %h ", b_ready_o, a_ready_o, out_valid_o,
              busy_o, err_o, done_o, start_ready_o, pc_cyc, pc_busy, pc_stall, pc_macs, pc_bf, pc_ps, pc_ds, pc_os);
      if (out_valid_o)
        $fwrite(fo, "%h %h %h %h %h %h %h %h\n", out_acc_o, out_q_o, out_tval_o, out_tidx_o,
                out_tvld_o, out_tmask_o, out_row_o, out_last_o);
      else
        $fwrite(fo, "-\n");
      clk_i = 1'b1;
      #1;
      clk_i = 1'b0;
      #1;
      cycles = cycles + 1;
      end
    end
    $display("replayed %0d cycles", cycles);
    $fclose(fi);
    $fclose(fo);
    $finish;
  end
endmodule

`default_nettype wire
