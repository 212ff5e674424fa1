// SPDX-License-Identifier: Apache-2.0
// Formal miter: tasd_perf_cnt (segmented, registered carries) against the plain counter it replaces, for all time.
//
// Read only by Yosys (tb/formal/perf_cnt_equiv.sh), after the script has flattened
// tasd_perf_cnt and exposed its all-ones flags as the port fv_ones_q (one bit per upper
// segment; the RTL is unchanged). Every input is free in every cycle, rst_ni included.
// ok is 1 while, since the last reset cycle (or from the start, once seen_q):
//   the counter equals ref_q, the plain  ref <= !rst ? 0 : load ? val : ref + inc;
//   (strengthening, so proven rather than assumed) every flag equals the AND of its segment.
`default_nettype none

module perf_cnt_miter #(
  parameter int Width = 32,  // must match tasd_perf_cnt's chparam
  parameter int IncW = 1,    // increment bits
  parameter int SegW = 8,    // upper segment bits
  parameter int NSeg = 3     // upper segments tasd_perf_cnt has for these widths
) (
  input wire             clk_i,       // clock
  input wire             rst_ni,      // free
  input wire             load_i,      // free
  input wire [Width-1:0] load_val_i,  // free
  input wire [IncW-1:0]  inc_i,       // free
  output wire            ok           // the property (must be 1 in every cycle)
);
  localparam int LoW = (IncW + 1 > SegW) ? IncW + 1 : SegW;
  localparam int LoBits = (LoW < Width) ? LoW : Width;

  wire [Width-1:0] cnt;
  wire [NSeg-1:0] ones;
  // No parameter overrides: the script has already set them (chparam) on the flattened module
  // with the exposed port; an override would elaborate a fresh copy without it.
  tasd_perf_cnt u_dut (
    .clk_i, .rst_ni, .load_i, .load_val_i, .inc_i, .cnt_o(cnt), .fv_ones_q(ones));

  logic [Width-1:0] ref_q;
  logic seen_q = 1'b0;  // a reset cycle has been seen
  always_ff @(posedge clk_i) begin
    if (!rst_ni) ref_q <= '0;
    else if (load_i) ref_q <= load_val_i;
    else ref_q <= ref_q + Width'(inc_i);
    if (!rst_ni) seen_q <= 1'b1;
  end

  wire [NSeg-1:0] seg_ones;  // the AND of each upper segment's bits
  for (genvar k = 0; k < NSeg; k++) begin : g_seg
    localparam int Lo = LoBits + k*SegW;
    localparam int Hi = (Lo + SegW < Width) ? Lo + SegW - 1 : Width - 1;
    assign seg_ones[k] = &cnt[Hi:Lo];
  end
  wire inv = (ones == seg_ones);
  assign ok = !seen_q || (cnt == ref_q && inv);
endmodule
