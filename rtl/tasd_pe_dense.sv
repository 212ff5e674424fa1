// SPDX-License-Identifier: Apache-2.0
// Dense reference PE: Lanes multipliers fed a value pair each, summed into one accumulator (the baseline for the cost of N:M support).
//
// Each beat (in_valid_i), every lane whose lane_vld_i bit is set multiplies its a value by its b
// value (signed, full width); the products' sum is added to the accumulator, which wraps modulo
// 2^AccW (docs/semantics.md). clr_i restarts the accumulation: with in_valid_i the sum of this
// beat's products is loaded, without it the accumulator is cleared; acc_d_o is the value the
// accumulator takes at the next edge. The multiply-accumulate (adv_i, MulPipe) is tasd_pe_mac,
// shared with tasd_pe. This is tasd_pe (same ports, same accumulate) without the per-lane B
// block and index mux, i.e. with b_val = b_blk[a_idx] supplied directly: the synthesis flow
// compares the two at equal lanes.
`default_nettype none

module tasd_pe_dense #(
  parameter int Lanes = 4,  // multipliers (one value pair each per cycle), >= 1
  parameter int DataW = 8,  // operand width (signed two's complement), >= 2
  parameter int AccW = 32,  // accumulator width, >= 2*DataW
  parameter int MulPipe = 0 // 1: a pipeline register between the multipliers and the accumulator
) (
  input  wire                    clk_i,       // clock, rising edge
  input  wire                    rst_ni,      // synchronous reset, active low: accumulator = 0
  input  wire                    adv_i,       // the pipeline advances (low: nothing changes); tie high if never stalled
  input  wire                    in_valid_i,  // lane operands are valid this cycle
  input  wire                    clr_i,       // restart accumulation (load instead of add)
  input  wire [Lanes-1:0]        lane_vld_i,  // per-lane valid: an invalid lane adds 0
  input  wire [Lanes*DataW-1:0]  a_val_i,     // lane l's a operand at [l*DataW +: DataW]
  input  wire [Lanes*DataW-1:0]  b_val_i,     // lane l's b operand at [l*DataW +: DataW]
  output wire [AccW-1:0]         acc_d_o,     // accumulator value after this cycle (combinational)
  output wire [AccW-1:0]         acc_o        // accumulator (two's complement, wraps)
);

  // Parameters: checked once, by tasd_pe_mac; an illegal value fails elaboration there in all
  // three tools (Verilator, Yosys, Icarus).

  tasd_pe_mac #(.Lanes(Lanes), .DataW(DataW), .AccW(AccW), .MulPipe(MulPipe)) u_mac (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .adv_i     (adv_i),
    .in_valid_i(in_valid_i),
    .clr_i     (clr_i),
    .lane_vld_i(lane_vld_i),
    .a_i       (a_val_i),
    .b_i       (b_val_i),
    .acc_d_o   (acc_d_o),
    .acc_o     (acc_o)
  );

endmodule

`default_nettype wire
