// SPDX-License-Identifier: Apache-2.0
// Reference drain post-processing written the plain way (x, ReLU, + rounding, shift, saturate); tb/tile/post_equiv.sh proves rtl/tasd_post.sv equal to it.
`default_nettype none

// docs/semantics.md, Numbers: x = acc + bias (AccW-bit wrap); y = relu ? max(x, 0) : x;
// q = sat8((y + 2^(s-1)) >>> s), the sum on AccW+1 bits.
module tasd_post_ref #(
  parameter int AccW = 32  // accumulator width
) (
  input  wire [AccW-1:0] acc_i,    // accumulator
  input  wire [AccW-1:0] bias_i,   // bias
  input  wire            relu_i,   // ReLU on
  input  wire [4:0]      shift_i,  // requantization shift
  output wire [AccW-1:0] sum_o,    // x
  output wire [7:0]      q_o       // int8 result
);
  localparam logic signed [AccW:0] QMax = (AccW+1)'(127);
  localparam logic signed [AccW:0] QMin = ~((AccW+1)'(127));
  wire [AccW-1:0] x = acc_i + bias_i;
  logic signed [AccW:0] y, rnd, sum, shr;
  logic [7:0] q;
  always_comb begin
    y = {x[AccW-1], x};
    if (relu_i && x[AccW-1]) y = '0;
    rnd = '0;
    if (shift_i != 5'd0) rnd = (AccW+1)'(1) << (shift_i - 5'd1);
    sum = y + rnd;
    shr = sum >>> shift_i;
    if (shr > QMax) q = 8'h7f;
    else if (shr < QMin) q = 8'h80;
    else q = shr[7:0];
  end
  assign sum_o = x;
  assign q_o = q;
endmodule

`default_nettype wire
