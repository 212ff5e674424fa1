// SPDX-License-Identifier: Apache-2.0
// PE accumulator shared by tasd_pe and tasd_pe_dense: adds a cycle's product sum, with an optional pipeline register before the adder.
//
// Each cycle with adv_i high the pipeline advances; with adv_i low nothing changes (a stalled
// consumer holds the PE). MulPipe = 0: a beat (in_valid_i) adds sum_i, sign-extended to AccW
// bits, to the accumulator in its own cycle; clr_i with it loads sum_i instead, clr_i alone
// clears. MulPipe = 1: the beat (sum_i, in_valid_i, clr_i) first moves into a register and does
// the same one advance later, so the multipliers and the accumulator's adder are in different
// cycles (the adder's path starts at a flop). The sum wraps modulo 2^AccW (docs/semantics.md).
// acc_d_o is the value the accumulator takes at the next edge (combinational).
`default_nettype none

module tasd_pe_acc #(
  parameter int SumW = 18,   // width of sum_i (signed), 2..AccW
  parameter int AccW = 32,   // accumulator width, >= 2
  parameter int MulPipe = 0  // 0: sum_i adds in its cycle; 1: a register between sum_i and the adder
) (
  input  wire            clk_i,       // clock, rising edge
  input  wire            rst_ni,      // synchronous reset, active low: accumulator = 0, register empty
  input  wire            adv_i,       // the pipeline advances this cycle (tie high if never stalled)
  input  wire            in_valid_i,  // sum_i is a beat's product sum
  input  wire            clr_i,       // restart accumulation with this beat (alone: clear)
  input  wire [SumW-1:0] sum_i,       // the beat's product sum, two's complement
  output wire [AccW-1:0] acc_d_o,     // accumulator value after this cycle (combinational)
  output wire [AccW-1:0] acc_o        // accumulator (two's complement, wraps)
);

  // Illegal parameters fail elaboration in Verilator, Yosys and Icarus alike.
  if (SumW < 2 || SumW > AccW) begin : g_illegal_params
    tasd_illegal_param_SumW_2_to_AccW u_illegal ();
  end
  if (!(MulPipe == 0 || MulPipe == 1)) begin : g_illegal_mul_pipe
    tasd_illegal_param_MulPipe_must_be_0_or_1 u_illegal ();
  end

  // The beat that adds in this cycle: the inputs (MulPipe = 0) or the pipeline register.
  logic            add_vld, add_clr;
  logic [SumW-1:0] add_sum;
  if (MulPipe == 1) begin : g_pipe
    logic            pv_q, pc_q;
    logic [SumW-1:0] ps_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        pv_q <= 1'b0;
        pc_q <= 1'b0;
      end else if (adv_i) begin
        pv_q <= in_valid_i;
        pc_q <= clr_i;
      end
    end
    // The sum register loads only with a beat (fewer toggles); pv_q says whether it counts.
    always_ff @(posedge clk_i) begin
      if (adv_i && in_valid_i) ps_q <= sum_i;
    end
    assign add_vld = pv_q;
    assign add_clr = pc_q;
    assign add_sum = ps_q;
  end else begin : g_comb
    assign add_vld = in_valid_i;
    assign add_clr = clr_i;
    assign add_sum = sum_i;
  end

  // A signed value assigned to a wider signed variable is sign-extended in every tool.
  logic signed [AccW-1:0] sum_ext;
  logic        [AccW-1:0] acc_d, acc_q;
  always_comb begin
    sum_ext = AccW'($signed(add_sum));
    acc_d = acc_q;
    if (adv_i && add_vld) begin
      acc_d = (add_clr ? '0 : acc_q) + sum_ext;
    end else if (adv_i && add_clr) begin
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
