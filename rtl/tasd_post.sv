// SPDX-License-Identifier: Apache-2.0
// Drain post-processing of one accumulator: bias add, optional ReLU, then requantization to int8 (round half up, saturate).
//
// Purely combinational; mirrors the tile model's drain (tasd_acc_add, then tasd_post_apply with
// requant on; docs/semantics.md, Numbers):
//   x = acc + bias (AccW-bit two's complement, wraps); y = relu ? max(x, 0) : x;
//   q = sat8((y + 2^(s-1)) >>> s) for s > 0, sat8(y) for s = 0 (the sum on AccW+1 bits).
// bias_i = 0 (and bias_rnd_i = the rounding term r) gives the unbiased result.
// Timing: the bias add is not in series with the rounding add. The caller supplies, besides
// bias_i, bias_rnd_i = bias_i + r (r = 2^(s-1) as an AccW+1-bit pattern, 0 for s = 0), formed
// ahead of time (tasd_ttc_tile registers both per drained row). Two adders run side by side:
// x3 = acc + bias_i and w = acc + bias_rnd_i (both zero-extended to AccW+1 bits), and
// x + r = w with bit AccW flipped when x3[AccW] ^ x3[AccW-1] (the wrap of x to AccW bits and its
// sign). ReLU of a negative x gives 0 (requantizing 0 gives 0), so it is a final select, not a
// mux in front of the rounding add. (With AccW < 31 and s > AccW the rounding term does not fit
// AccW+1 bits and is truncated, as in the rounding sum.)
`default_nettype none

module tasd_post #(
  parameter int AccW = 32  // accumulator width, 9..32 (the shift reaches 31)
) (
  input  wire [AccW-1:0] acc_i,       // accumulator (two's complement)
  input  wire [AccW-1:0] bias_i,      // bias added to acc_i (two's complement, wraps; 0 = none)
  input  wire [AccW:0]   bias_rnd_i,  // {1'b0, bias_i} + r mod 2^(AccW+1), r = rounding term of shift_i
  input  wire            relu_i,      // 1: clamp negative values of x to 0 first
  input  wire [4:0]      shift_i,     // requantization shift s, 0..31
  output wire [AccW-1:0] sum_o,       // x = acc_i + bias_i, wrapped to AccW bits (before ReLU)
  output wire [7:0]      q_o          // int8 result of x
);

  if (AccW < 9 || AccW > 32) begin : g_illegal_params
    tasd_illegal_param_AccW_must_be_9_to_32 u_illegal ();
  end

  // The int8 range on the shifted sum. (Written as ~127: Yosys 0.23 reads $signed(-(W)'(128))
  // as +128, which made every in-range value saturate to -128 in the synthesized netlist.)
  localparam logic signed [AccW:0] QMax = (AccW+1)'(127);
  localparam logic signed [AccW:0] QMin = ~((AccW+1)'(127));

  // Carry-select add: the upper half is summed for both carries and picked by the lower
  // half's carry, so the carry path is half the width (a plain add maps to a full ripple).
  localparam int LoH = (AccW + 1) / 2;
  function automatic logic [AccW:0] csel_add(input logic [AccW:0] a, input logic [AccW:0] b);
    logic [LoH:0] lo;
    logic [AccW-LoH:0] hi0, hi1;
    lo = {1'b0, a[LoH-1:0]} + {1'b0, b[LoH-1:0]};
    hi0 = a[AccW:LoH] + b[AccW:LoH];
    hi1 = a[AccW:LoH] + b[AccW:LoH] + 1'b1;
    csel_add = {lo[LoH] ? hi1 : hi0, lo[LoH-1:0]};
  endfunction
  wire [AccW:0] x3 = csel_add({1'b0, acc_i}, {1'b0, bias_i});  // x = x3[AccW-1:0]; x3[AccW]: wrapped
  wire [AccW:0] w = csel_add({1'b0, acc_i}, bias_rnd_i);        // acc + bias + r, mod 2^(AccW+1)
  wire          neg = x3[AccW-1];                      // x < 0
  wire [AccW:0] sum = {w[AccW] ^ x3[AccW] ^ neg, w[AccW-1:0]};  // sext(x) + r
  logic signed [AccW:0] shr;
  logic [7:0]           q;

  always_comb begin
    shr = $signed(sum) >>> shift_i;
    if (relu_i && neg) begin
      q = 8'h00;
    end else if (shr > QMax) begin
      q = 8'h7f;
    end else if (shr < QMin) begin
      q = 8'h80;
    end else begin
      q = shr[7:0];
    end
  end

  assign sum_o = x3[AccW-1:0];
  assign q_o = q;

endmodule

`default_nettype wire
