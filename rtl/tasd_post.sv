// SPDX-License-Identifier: Apache-2.0
// Drain post-processing of one accumulator: optional ReLU, then requantization to int8 (round half up, saturate).
//
// Purely combinational; mirrors tasd_post_apply with requant on (docs/semantics.md, Numbers):
// x = relu ? max(acc, 0) : acc; q = sat8((x + 2^(s-1)) >>> s) for s > 0, sat8(x) for s = 0.
// The sum is formed on AccW+1 bits so the rounding term never overflows.
`default_nettype none

module tasd_post #(
  parameter int AccW = 32  // accumulator width, 9..32 (the shift reaches 31)
) (
  input  wire [AccW-1:0] acc_i,    // accumulator (two's complement)
  input  wire            relu_i,   // 1: clamp negative values to 0 first
  input  wire [4:0]      shift_i,  // requantization shift s, 0..31
  output wire [7:0]      q_o       // int8 result
);

  if (AccW < 9 || AccW > 32) begin : g_illegal_params
    tasd_illegal_param_AccW_must_be_9_to_32 u_illegal ();
  end

  logic signed [AccW:0] x, rnd, sum, shr;
  logic [7:0]           q;
  wire                  neg = acc_i[AccW-1];
  wire [4:0]            sm1 = shift_i - 5'd1;

  always_comb begin
    x = {neg, acc_i};
    if (relu_i && neg) begin
      x = '0;
    end
    rnd = '0;
    if (shift_i != 5'd0) begin
      rnd = (AccW+1)'(1) << sm1;
    end
    sum = x + rnd;
    shr = sum >>> shift_i;
    if (shr > $signed((AccW+1)'(127))) begin
      q = 8'h7f;
    end else if (shr < $signed(-(AccW+1)'(128))) begin
      q = 8'h80;
    end else begin
      q = shr[7:0];
    end
  end

  assign q_o = q;

endmodule

`default_nettype wire
