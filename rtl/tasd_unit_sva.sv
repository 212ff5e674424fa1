// SPDX-License-Identifier: Apache-2.0
// Handshake assertions bound into both TASD units (compiled only with TASD_ASSERT; Verilator --assert).
//
// Rules checked, all clocked on clk_i and disabled while rst_ni is low:
//  - an output beat, once valid, stays valid until taken (valid never waits for ready);
//  - every output field is stable while out_valid && !out_ready;
//  - no X/Z on any output field while out_valid is high;
//  - no block is accepted while err is high or rst_ni is low;
//  - the cycle after a reset cycle has no output beat pending.
`default_nettype none

`ifdef TASD_ASSERT
module tasd_unit_sva #(
  parameter int M = 8,         // block size
  parameter int DataW = 8,     // element width
  parameter int MaxTerms = 2,  // terms
  localparam int IdxW = $clog2(M)  // index bits
) (
  input wire                        clk_i,           // unit clock
  input wire                        rst_ni,          // unit reset (synchronous, active low)
  input wire                        err_i,           // unit err_o
  input wire                        in_valid_i,      // unit in_valid_i
  input wire                        in_ready_i,      // unit in_ready_o
  input wire                        out_valid_i,     // unit out_valid_o
  input wire                        out_ready_i,     // unit out_ready_i
  input wire [MaxTerms*M*DataW-1:0] out_val_i,       // unit out_val_o
  input wire [MaxTerms*M*IdxW-1:0]  out_idx_i,       // unit out_idx_o
  input wire [MaxTerms*M-1:0]       out_slot_vld_i,  // unit out_slot_vld_o
  input wire [MaxTerms*M-1:0]       out_mask_i       // unit out_mask_o
);

  logic [MaxTerms*M*(DataW+IdxW+2)-1:0] beat;
  assign beat = {out_val_i, out_idx_i, out_slot_vld_i, out_mask_i};

  a_out_valid_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_i && !out_ready_i |=> out_valid_i)
    else $error("tasd_unit: out_valid_o dropped before out_ready_i");

  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_i && !out_ready_i |=> $stable(beat))
    else $error("tasd_unit: output beat changed while stalled");

  a_out_known: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_i |-> !$isunknown(beat))
    else $error("tasd_unit: X on an output field while out_valid_o");

  a_err_blocks: assert property (@(posedge clk_i) disable iff (!rst_ni)
    err_i |-> !in_ready_i)
    else $error("tasd_unit: in_ready_o high while err_o");

  a_reset_not_ready: assert property (@(posedge clk_i)
    !rst_ni |-> !in_ready_i)
    else $error("tasd_unit: in_ready_o high during reset");

  // Reset seen at the previous edge. The initializer (not a reset) keeps the first edge free of
  // a bogus history under +verilator+rand+reset (|=> would use a randomly initialized past).
  logic rst_seen_q = 1'b0;
  always_ff @(posedge clk_i) rst_seen_q <= !rst_ni;

  a_reset_empties: assert property (@(posedge clk_i)
    rst_seen_q |-> !out_valid_i)
    else $error("tasd_unit: output beat pending after reset");

  // in_valid_i is observed only to keep the port list uniform for binding.
  logic unused_in_valid;
  assign unused_in_valid = in_valid_i;

endmodule
`endif

`default_nettype wire
