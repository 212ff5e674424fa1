// SPDX-License-Identifier: Apache-2.0
// Wide event counter with a load and a short carry path: segments of SegW bits that carry through registered all-ones flags.
//
// Value semantics are those of the plain counter
//   cnt <= !rst_ni ? 0 : load_i ? load_val_i : cnt + inc_i   (modulo 2^Width)
// in every cycle, bit for bit (tb/formal/perf_cnt_equiv.sh proves it for all time). Only the
// structure differs, so that the longest path does not grow with Width: the low segment
// (LoW = max(SegW, IncW + 1) bits) adds inc_i; every higher segment of SegW bits adds one
// when the low segment carries out and every segment between them is all ones. Those
// all-ones facts are kept in one flop per segment (ones_q), updated from the segment's own
// bits, so a carry crosses the upper segments through one AND of flops, not a ripple.
// The path is therefore inc_i -> LoW-bit adder -> carry -> SegW-bit incrementer, whatever
// Width is (a plain 48-bit counter maps to a 48-stage ripple on osu018: docs/synthesis.md).
// Reset: synchronous, active low; the counter and the flags are 0.
`default_nettype none

module tasd_perf_cnt #(
  parameter int Width = 32,  // counter bits, 1..64
  parameter int IncW = 1,    // bits of the increment inc_i, 1..Width
  parameter int SegW = 8     // bits per upper segment (the carry-path length), 2..Width
) (
  input  wire              clk_i,       // clock, rising edge
  input  wire              rst_ni,      // synchronous reset, active low: counter 0
  input  wire              load_i,      // load load_val_i this cycle (inc_i is ignored)
  input  wire [Width-1:0]  load_val_i,  // value loaded while load_i
  input  wire [IncW-1:0]   inc_i,       // added this cycle (0: hold), unsigned
  output wire [Width-1:0]  cnt_o        // counter value (a register)
);

  if (Width < 1 || Width > 64) begin : g_illegal_width
    tasd_illegal_param_Width_must_be_1_to_64 u_illegal ();
  end
  if (IncW < 1 || IncW > Width) begin : g_illegal_incw
    tasd_illegal_param_IncW_must_be_1_to_Width u_illegal ();
  end
  if (SegW < 2 || SegW > Width) begin : g_illegal_segw
    tasd_illegal_param_SegW_must_be_2_to_Width u_illegal ();
  end

  // Low segment: wide enough that the increment fits with a bit to spare, all of Width if
  // that is wider. NSeg upper segments of SegW bits each (the last one may be shorter).
  localparam int LoW = (IncW + 1 > SegW) ? IncW + 1 : SegW;
  localparam int LoBits = (LoW < Width) ? LoW : Width;
  localparam int NSeg = (Width - LoBits + SegW - 1) / SegW;

  logic [Width-1:0] cnt_q, cnt_d;

  // The low segment adds inc_i; its carry out starts the upper segments.
  logic [LoBits:0] lo_sum;
  assign lo_sum = {1'b0, cnt_q[LoBits-1:0]} + (LoBits+1)'(inc_i);

  if (NSeg == 0) begin : g_flat
    assign cnt_d = load_i ? load_val_i : lo_sum[LoBits-1:0];
    wire unused_carry = lo_sum[LoBits];  // wraps modulo 2^Width: the carry out has no use
  end else begin : g_seg
    logic [NSeg-1:0] ones_q, ones_d;  // upper segment k is all ones
    logic [NSeg-1:0] inc_seg;         // upper segment k adds one this cycle
    logic [Width-1:LoBits] hi_d;
    for (genvar k = 0; k < NSeg; k++) begin : g_upper
      localparam int Lo = LoBits + k*SegW;
      localparam int Hi = (Lo + SegW < Width) ? Lo + SegW - 1 : Width - 1;
      localparam int W = Hi - Lo + 1;
      localparam logic [W-1:0] OneShort = {W{1'b1}} - 1;  // all ones but bit 0
      wire [W-1:0] seg = cnt_q[Hi:Lo];
      if (k == 0) begin : g_first
        assign inc_seg[k] = lo_sum[LoBits];
      end else begin : g_next
        assign inc_seg[k] = lo_sum[LoBits] && (&ones_q[k-1:0]);
      end
      assign hi_d[Hi:Lo] = load_i ? load_val_i[Hi:Lo] : seg + W'(inc_seg[k]);
      // All ones next cycle: the loaded value is, or the segment is one short and adds one,
      // or it was and holds.
      assign ones_d[k] = load_i ? (&load_val_i[Hi:Lo])
                                : (inc_seg[k] ? (seg == OneShort) : ones_q[k]);
    end
    assign cnt_d = {hi_d, load_i ? load_val_i[LoBits-1:0] : lo_sum[LoBits-1:0]};
    always_ff @(posedge clk_i) begin
      if (!rst_ni) ones_q <= '0;
      else ones_q <= ones_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) cnt_q <= '0;
    else cnt_q <= cnt_d;
  end
  assign cnt_o = cnt_q;

endmodule
