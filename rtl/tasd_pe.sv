// SPDX-License-Identifier: Apache-2.0
// N:M processing element: Lanes compressed (value, index) pairs per cycle, each multiplied by the B element its index selects.
//
// Lane l carries one slot of a compressed N:M term: a signed value a_val, its index a_idx inside
// the M-element block, and its own M-element B block b_blk (the B rows of that block, this PE's
// column). Its product is a_val * b_blk[a_idx] (signed, full width), or 0 when lane_vld_i[l] is
// low. A beat (in_valid_i) adds the sum of its lane products to the accumulator (clr_i: loads
// it instead; clr_i alone clears), wrapping modulo 2^AccW (docs/semantics.md, C:
// tasd_pe_dot_i32). The multiply-accumulate is tasd_pe_mac: nothing moves in a cycle with
// adv_i low, and MulPipe = 1 puts a register between the multipliers and the adder, so a beat
// adds in one advance later. Lanes = 1 is the value-serial PE (an N:M block takes N cycles);
// Lanes = 4 runs 4:8 at one block per cycle, 2:8 at two and 1:8 at four. acc_d_o is the value the accumulator
// takes at the next edge, so the tile can move a finished sum into its drain buffer in the same
// cycle the last beat adds in.
`default_nettype none

module tasd_pe #(
  parameter int Lanes = 4,  // multiply lanes (compressed slots per cycle): 1, 2 or 4
  parameter int M = 8,      // block size: a power of two >= 2
  parameter int DataW = 8,  // operand width (signed two's complement), >= 2
  parameter int AccW = 32,  // accumulator width, >= 2*DataW
  parameter int MulPipe = 0,  // 1: a pipeline register between the multipliers and the accumulator
  localparam int IdxW = (M > 1) ? $clog2(M) : 1  // slot index width
) (
  input  wire                     clk_i,       // clock, rising edge
  input  wire                     rst_ni,      // synchronous reset, active low: accumulator = 0
  input  wire                     adv_i,       // the pipeline advances (low: nothing changes); tie high if never stalled
  input  wire                     in_valid_i,  // lane operands are valid this cycle
  input  wire                     clr_i,       // restart accumulation (load instead of add)
  input  wire [Lanes-1:0]         lane_vld_i,  // per-lane valid: an invalid lane adds 0
  input  wire [Lanes*DataW-1:0]   a_val_i,     // lane l's compressed value at [l*DataW +: DataW]
  input  wire [Lanes*IdxW-1:0]    a_idx_i,     // lane l's index inside its block at [l*IdxW +: IdxW]
  input  wire [Lanes*M*DataW-1:0] b_blk_i,     // lane l's B block: element i at [(l*M+i)*DataW +: DataW]
  output wire [AccW-1:0]          acc_d_o,     // accumulator value after this cycle (combinational)
  output wire [AccW-1:0]          acc_o        // accumulator (two's complement, wraps)
);

  // Illegal parameters fail elaboration in Verilator, Yosys and Icarus alike.
  if (!(Lanes == 1 || Lanes == 2 || Lanes == 4) || M < 2 || (M & (M - 1)) != 0 ||
      DataW < 2 || AccW < 2 * DataW) begin : g_illegal_params
    tasd_error_illegal_parameter u_illegal ();
  end
  if (!(MulPipe == 0 || MulPipe == 1)) begin : g_illegal_mul_pipe
    tasd_illegal_param_MulPipe_must_be_0_or_1 u_illegal ();
  end

  // Lane l's B operand: element a_idx of its B block (the N:M select). The multiply-accumulate
  // is tasd_pe_mac, the same as the dense PE's.
  logic [Lanes*DataW-1:0] b_sel;
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      b_sel[l*DataW +: DataW] = b_blk_i[(l*M + 32'(a_idx_i[l*IdxW +: IdxW]))*DataW +: DataW];
    end
  end

  tasd_pe_mac #(.Lanes(Lanes), .DataW(DataW), .AccW(AccW), .MulPipe(MulPipe)) u_mac (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .adv_i     (adv_i),
    .in_valid_i(in_valid_i),
    .clr_i     (clr_i),
    .lane_vld_i(lane_vld_i),
    .a_i       (a_val_i),
    .b_i       (b_sel),
    .acc_d_o   (acc_d_o),
    .acc_o     (acc_o)
  );

endmodule

`default_nettype wire
