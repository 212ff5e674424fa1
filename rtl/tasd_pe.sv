// SPDX-License-Identifier: Apache-2.0
// N:M processing element: Lanes compressed (value, index) pairs per cycle, each multiplied by the B element its index selects.
//
// Lane l carries one slot of a compressed N:M term: a signed value a_val, its index a_idx inside
// the M-element block, and its own M-element B block b_blk (the B rows of that block, this PE's
// column). Its product is a_val * b_blk[a_idx] (signed, full width), or 0 when lane_vld_i[l] is
// low. Each cycle with in_valid_i the lane products are sign-extended to AccW bits and added to
// the accumulator (clr_i: to 0 instead), wrapping modulo 2^AccW (docs/semantics.md, C:
// tasd_pe_dot_i32). clr_i without in_valid_i clears the accumulator. Lanes = 1 is the
// value-serial PE (an N:M block takes N cycles); Lanes = 4 runs 4:8 at one block per cycle, 2:8
// at two and 1:8 at four. acc_d_o is the value the accumulator takes at the next edge, so the
// tile can move a finished sum into its drain buffer in the same cycle the last beat adds in.
`default_nettype none

module tasd_pe #(
  parameter int Lanes = 4,  // multiply lanes (compressed slots per cycle): 1, 2 or 4
  parameter int M = 8,      // block size: a power of two >= 2
  parameter int DataW = 8,  // operand width (signed two's complement), >= 2
  parameter int AccW = 32,  // accumulator width, >= 2*DataW
  localparam int IdxW = (M > 1) ? $clog2(M) : 1  // slot index width
) (
  input  wire                     clk_i,       // clock, rising edge
  input  wire                     rst_ni,      // synchronous reset, active low: accumulator = 0
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

  // The one place where the tile multiplies and adds: per lane select, multiply, sign-extend,
  // then sum with wrap. A signed product assigned to a wider signed variable is sign-extended.
  logic        [31:0]        sel;
  logic signed [DataW-1:0]   b_sel;
  logic signed [2*DataW-1:0] prod;
  logic signed [AccW-1:0]    prod_ext;
  logic        [AccW-1:0]    prod_sum;
  always_comb begin
    prod_sum = '0;
    sel      = '0;
    b_sel    = '0;
    prod     = '0;
    prod_ext = '0;
    for (int l = 0; l < Lanes; l++) begin
      sel      = {{(32-IdxW){1'b0}}, a_idx_i[l*IdxW +: IdxW]};
      b_sel    = b_blk_i[(l*M + sel)*DataW +: DataW];
      prod     = $signed(a_val_i[l*DataW +: DataW]) * b_sel;
      prod_ext = AccW'(prod);
      if (lane_vld_i[l]) begin
        prod_sum = prod_sum + prod_ext;
      end
    end
  end

  logic [AccW-1:0] acc_d, acc_q;
  always_comb begin
    acc_d = acc_q;
    if (in_valid_i) begin
      acc_d = (clr_i ? '0 : acc_q) + prod_sum;
    end else if (clr_i) begin
      acc_d = '0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      acc_q <= '0;
    end else begin
      acc_q <= acc_d;
    end
  end

  assign acc_d_o = acc_d;
  assign acc_o   = acc_q;

endmodule

`default_nettype wire
