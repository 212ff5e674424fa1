// SPDX-License-Identifier: Apache-2.0
// Miter of rtl/tasd_post.sv (fed like the tile feeds it) against tb/tile/tasd_post_ref.sv, for the Yosys SAT proof in post_equiv.sh.
//
// ok_full: both agree. With AccW < 31 a shift above AccW truncates the rounding term (in both);
// there the reference requantizes the ReLU's 0 with the truncated term while tasd_post gives 0,
// so ok_trunc excuses exactly that case.
`default_nettype none

module tasd_post_miter #(
  parameter int AccW = 32  // accumulator width
) (
  input  wire [AccW-1:0] acc_i,    // accumulator
  input  wire [AccW-1:0] bias_i,   // bias
  input  wire            relu_i,   // ReLU on
  input  wire [4:0]      shift_i,  // requantization shift
  output wire            ok_full,  // identical outputs
  output wire            ok_trunc  // identical, or a truncated rounding term with ReLU of x < 0
);
  // bias_rnd_i as the tile forms it: {1'b0, bias} + the rounding term of the shift.
  logic [AccW:0] rnd;
  always_comb begin
    rnd = '0;
    if (shift_i != 5'd0) rnd = (AccW+1)'(1) << (shift_i - 5'd1);
  end
  wire [AccW-1:0] s_ref, s_dut;
  wire [7:0]      q_ref, q_dut;
  tasd_post_ref #(.AccW(AccW)) u_ref (
    .acc_i  (acc_i),
    .bias_i (bias_i),
    .relu_i (relu_i),
    .shift_i(shift_i),
    .sum_o  (s_ref),
    .q_o    (q_ref)
  );
  tasd_post #(.AccW(AccW)) u_dut (
    .acc_i     (acc_i),
    .bias_i    (bias_i),
    .bias_rnd_i({1'b0, bias_i} + rnd),
    .relu_i    (relu_i),
    .shift_i   (shift_i),
    .sum_o     (s_dut),
    .q_o       (q_dut)
  );
  wire same = (s_ref == s_dut) && (q_ref == q_dut);
  assign ok_full = same;
  assign ok_trunc = same || (32'(shift_i) > AccW && relu_i && s_ref[AccW-1]);
endmodule

`default_nettype wire
