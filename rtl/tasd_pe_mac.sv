// SPDX-License-Identifier: Apache-2.0
// PE multiply-accumulate shared by tasd_pe and tasd_pe_dense: Lanes signed products summed into one accumulator, with an optional pipeline register.
//
// Each cycle with adv_i high the pipeline advances; with adv_i low nothing changes (a stalled
// consumer holds the PE). A beat (in_valid_i) adds the sum of its lane products a_l * b_l
// (signed, full width; a lane with lane_vld_i[l] low adds 0) to the accumulator; clr_i with it
// loads the sum instead, clr_i alone clears. The sum wraps modulo 2^AccW (docs/semantics.md,
// C: tasd_pe_dot_i32). acc_d_o is the value the accumulator takes at the next edge.
//
// MulPipe = 0: the products and the accumulator add are one sum of Lanes + 1 terms, so Yosys's
// alumacc builds one multiply-accumulate cell ($macc: every partial product and the accumulator
// in one carry-save tree, then one carry-propagate adder) rather than Lanes multipliers and a
// chain of adders. MulPipe = 1: the beat moves into a pipeline register first and adds one
// advance later. The register holds the products as Parts partial sums (two for Lanes >= 2,
// lanes [0, LanesLo) and [LanesLo, Lanes)), each exact, so the multiplier cycle sums half the
// partial products and the accumulate cycle adds the parts and the accumulator in one tree.
`default_nettype none

module tasd_pe_mac #(
  parameter int Lanes = 4,    // multiply lanes, >= 1
  parameter int DataW = 8,    // operand width (signed two's complement), >= 2
  parameter int AccW = 32,    // accumulator width, >= 2*DataW
  parameter int MulPipe = 0   // 0: products add in their cycle; 1: a register between multipliers and adder
) (
  input  wire                   clk_i,       // clock, rising edge
  input  wire                   rst_ni,      // synchronous reset, active low: accumulator = 0, register empty
  input  wire                   adv_i,       // the pipeline advances this cycle (tie high if never stalled)
  input  wire                   in_valid_i,  // the lane operands are a beat
  input  wire                   clr_i,       // restart accumulation with this beat (alone: clear)
  input  wire [Lanes-1:0]       lane_vld_i,  // per-lane valid: an invalid lane adds 0
  input  wire [Lanes*DataW-1:0] a_i,         // lane l's a operand at [l*DataW +: DataW]
  input  wire [Lanes*DataW-1:0] b_i,         // lane l's b operand at [l*DataW +: DataW]
  output wire [AccW-1:0]        acc_d_o,     // accumulator value after this cycle (combinational)
  output wire [AccW-1:0]        acc_o        // accumulator (two's complement, wraps)
);

  // Illegal parameters fail elaboration in Verilator, Yosys and Icarus alike.
  if (Lanes < 1 || DataW < 2 || AccW < 2 * DataW) begin : g_illegal_params
    tasd_illegal_param_Lanes_DataW_or_AccW u_illegal ();
  end
  if (!(MulPipe == 0 || MulPipe == 1)) begin : g_illegal_mul_pipe
    tasd_illegal_param_MulPipe_must_be_0_or_1 u_illegal ();
  end

  // The beat's products are summed in Parts partial sums: one (lanes [0, Lanes)) without the
  // pipeline register; two with it (lanes [0, LanesLo) and [LanesLo, Lanes)), so the multiplier
  // cycle sums half the partial products. Each part is exact in PartW bits (or AccW if narrower:
  // the sum wraps anyway).
  localparam int Parts = (MulPipe == 1 && Lanes >= 2) ? 2 : 1;
  localparam int LanesLo = (Parts == 2) ? (Lanes + 1) / 2 : Lanes;
  localparam int PartW = (2 * DataW + $clog2(LanesLo) < AccW) ? 2 * DataW + $clog2(LanesLo) : AccW;
  // The accumulate's carry-propagate adder is carry-select: the low LoW bits ripple while the
  // high bits are formed for both carries.
  localparam int LoW = AccW / 2;

  // Lane products, full width. An invalid lane's a operand is zeroed, so each part is one sum
  // of products (no select between its adders), which Yosys's alumacc maps as one multiply-
  // accumulate cell ($macc: its partial products in one carry-save tree, one final adder).
  // Part p is at [p*PartW +: PartW].
  logic signed [DataW-1:0]   a_eff;
  logic signed [2*DataW-1:0] prod;
  logic signed [PartW-1:0]   psum;
  logic [Parts*PartW-1:0]    part_d;
  always_comb begin
    part_d = '0;
    for (int p = 0; p < Parts; p++) begin
      psum = '0;
      for (int l = 0; l < Lanes; l++) begin
        if ((p == 0) == (l < LanesLo)) begin
          a_eff = lane_vld_i[l] ? a_i[l*DataW +: DataW] : '0;
          prod  = a_eff * $signed(b_i[l*DataW +: DataW]);
          psum  = psum + PartW'(prod);
        end
      end
      part_d[p*PartW +: PartW] = psum;
    end
  end

  // The beat that adds in this cycle: the inputs (MulPipe = 0) or the pipeline register.
  logic                   add_vld, add_clr;
  logic [Parts*PartW-1:0] add_part;
  if (MulPipe == 1) begin : g_pipe
    logic                   pv_q, pc_q;
    logic [Parts*PartW-1:0] part_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        pv_q <= 1'b0;
        pc_q <= 1'b0;
      end else if (adv_i) begin
        pv_q <= in_valid_i;
        pc_q <= clr_i;
      end
    end
    // The part registers load only with a beat (fewer toggles); pv_q says whether they count.
    always_ff @(posedge clk_i) begin
      if (adv_i && in_valid_i) part_q <= part_d;
    end
    assign add_vld = pv_q;
    assign add_clr = pc_q;
    assign add_part = part_q;
  end else begin : g_comb
    assign add_vld = in_valid_i;
    assign add_clr = clr_i;
    assign add_part = part_d;
  end

  // Accumulate: base (0 on clr) + the parts, sign-extended to AccW bits. Two parts first pass
  // one carry-save step (three operands to two), then one carry-select adder adds the two.
  logic [AccW-1:0] acc_q, acc_d;
  wire  [AccW-1:0] base = add_clr ? '0 : acc_q;
  wire  [AccW-1:0] ext0 = AccW'($signed(add_part[0 +: PartW]));
  wire  [AccW-1:0] ext1 = AccW'($signed(add_part[(Parts-1)*PartW +: PartW]));
  wire  [AccW-1:0] op_a = (Parts == 2) ? base ^ ext0 ^ ext1 : base;
  wire  [AccW-1:0] op_b = (Parts == 2) ? ((base & ext0) | (base & ext1) | (ext0 & ext1)) << 1 : ext0;
  wire  [LoW:0]    lo   = {1'b0, op_a[LoW-1:0]} + {1'b0, op_b[LoW-1:0]};
  wire  [AccW-LoW-1:0] hi0 = op_a[AccW-1:LoW] + op_b[AccW-1:LoW];
  wire  [AccW-LoW-1:0] hi1 = op_a[AccW-1:LoW] + op_b[AccW-1:LoW] + 1'b1;
  wire  [AccW-1:0] sum  = {lo[LoW] ? hi1 : hi0, lo[LoW-1:0]};
  always_comb begin
    if (adv_i && add_vld)      acc_d = sum;
    else if (adv_i && add_clr) acc_d = '0;
    else                       acc_d = acc_q;
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
