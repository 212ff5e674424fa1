// SPDX-License-Identifier: Apache-2.0
// Handshake assertions bound into both TASD units (compiled only with TASD_ASSERT; Verilator --assert).
//
// Rules checked, all clocked on clk_i and disabled while rst_ni is low. Each message starts with
// the assertion's name, so a log (and the harness self-tests) can tell which one fired.
// Unit side (the design's obligations):
//  - an output beat, once valid, stays valid until taken (valid never waits for ready);
//  - every output field is stable while out_valid && !out_ready;
//  - no output beat without a block accepted and not yet delivered since the last reset
//    (no spurious or duplicated beat);
//  - no block is accepted while err is high or rst_ni is low;
//  - the cycle after a reset cycle has no output beat pending.
// Environment side (the source's obligations, AXI4-Stream; docs/tasd_unit.md "Handshake"):
//  - in_valid_i, once raised without a handshake, stays high until accepted, unless err_o is high
//    (the documented exception: the source may withdraw while the series is illegal);
//  - in_data_i is stable while in_valid_i && !in_ready_o (same exception).
//  cfg_n_i is NOT required to be stable while a block waits: it is a configuration input, not
//  payload; the series that applies to a block is the one on cfg_n_i in its handshake cycle.
// No X/Z check on the outputs: the only simulator that compiles these assertions (Verilator) is
// 2-state, where $isunknown is constant 0, so such a check could never fire. Uninitialised
// payload is caught instead by the harness, which compares every beat bit for bit while the
// registers start at 0, all ones or random (+verilator+rand+reset+0/1/2, --x-initial unique).
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
  input wire [M*DataW-1:0]          in_data_i,       // unit in_data_i
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
    else $error("a_out_valid_held: tasd_unit: out_valid_o dropped before out_ready_i");

  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_i && !out_ready_i |=> $stable(beat))
    else $error("a_out_stable: tasd_unit: output beat changed while stalled");

  a_err_blocks: assert property (@(posedge clk_i) disable iff (!rst_ni)
    err_i |-> !in_ready_i)
    else $error("a_err_blocks: tasd_unit: in_ready_o high while err_o");

  a_reset_not_ready: assert property (@(posedge clk_i)
    !rst_ni |-> !in_ready_i)
    else $error("a_reset_not_ready: tasd_unit: in_ready_o high during reset");

  // Reset seen at the previous edge. The initializer (not a reset) keeps the first edge free of
  // a bogus history under +verilator+rand+reset (|=> would use a randomly initialized past).
  logic rst_seen_q = 1'b0;
  always_ff @(posedge clk_i) rst_seen_q <= !rst_ni;

  a_reset_empties: assert property (@(posedge clk_i)
    rst_seen_q |-> !out_valid_i)
    else $error("a_reset_empties: tasd_unit: output beat pending after reset");

  // Blocks accepted and not yet delivered since the last reset (at most 1 + PipeStages <= 3).
  logic [3:0] inflight_q = 4'd0;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) inflight_q <= 4'd0;
    else inflight_q <= inflight_q + {3'd0, in_valid_i && in_ready_i} - {3'd0, out_valid_i && out_ready_i};
  end

  a_out_has_block: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_i |-> inflight_q != 4'd0)
    else $error("a_out_has_block: tasd_unit: output beat with no block in flight (spurious or duplicated)");

  // ---- Environment (source) rules. rst_ni is in the antecedent as well: a block offered in a
  // reset cycle is refused by rule and may be dropped after it.
  a_in_valid_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rst_ni && in_valid_i && !in_ready_i && !err_i |=> in_valid_i || err_i)
    else $error("a_in_valid_held: tasd_unit input: in_valid_i dropped before in_ready_o (AXI4-Stream)");

  a_in_data_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rst_ni && in_valid_i && !in_ready_i && !err_i |=> !in_valid_i || err_i || $stable(in_data_i))
    else $error("a_in_data_stable: tasd_unit input: in_data_i changed while in_valid_i && !in_ready_o");

endmodule
`endif

`default_nettype wire
