// SPDX-License-Identifier: Apache-2.0
// Two-entry valid/ready register slice (skid buffer): in_ready_o comes straight from a flop, full throughput, no bubble.
//
// Cuts both directions of a valid/ready stream (AXI4-Stream rules on both sides): the payload
// and out_valid_o leave from the output register (a_q), and in_ready_o is a register too, so no
// combinational path runs from out_ready_i to in_ready_o or from in_* to out_*. The second
// register (b_q, the skid) catches the beat that arrives in the cycle the sink stalls, which
// the source could not yet see; in_ready_o is low exactly while the skid is full.
//   - Sink always ready: one beat per cycle, latency 1 cycle, the skid is never used.
//   - Sink stalls: the output beat is held (stable while out_valid_o && !out_ready_i); one more
//     beat is taken into the skid, then in_ready_o falls. When the sink takes the output beat,
//     the skid moves up and in_ready_o rises in the next cycle, so the output side never shows
//     a bubble and the slice holds at most 2 beats.
// Reset: synchronous, active low; both entries empty and in_ready_o high after it. Because
// in_ready_o is a flop, it is not forced low during reset: a beat offered in a reset cycle is
// dropped (AXI4-Stream sources keep valid low during reset). Payload registers have no reset.
`default_nettype none

module tasd_skid_buf #(
  parameter int Width = 1  // payload bits, >= 1
) (
  input  wire              clk_i,        // clock, rising edge
  input  wire              rst_ni,       // synchronous reset, active low: both entries empty
  input  wire              in_valid_i,   // upstream beat valid
  output wire              in_ready_o,   // the slice takes the upstream beat this cycle (a flop)
  input  wire [Width-1:0]  in_data_i,    // upstream payload
  output wire              out_valid_o,  // the slice holds a beat for downstream (a flop)
  input  wire              out_ready_i,  // downstream takes the held beat this cycle
  output wire [Width-1:0]  out_data_o    // held payload (a register; stable while out_valid_o && !out_ready_i)
);

  if (Width < 1) begin : g_illegal_params
    tasd_illegal_param_Width_must_be_positive u_illegal ();
  end

  logic             a_valid_q;  // output register holds a beat
  logic [Width-1:0] a_q;        // output register
  logic             ready_q;    // = skid register empty (in_ready_o)
  logic [Width-1:0] b_q;        // skid register, meaningful while !ready_q

  wire in_hs  = in_valid_i && ready_q;          // upstream handshake
  wire a_free = !a_valid_q || out_ready_i;      // output register can load this cycle

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_valid_q <= 1'b0;
      ready_q   <= 1'b1;
    end else if (a_free) begin
      // The output register loads the skid if it is full, else the upstream beat (if any).
      a_valid_q <= !ready_q || in_valid_i;
      ready_q   <= 1'b1;
    end else if (in_hs) begin
      // Output stalled and full: the upstream beat goes into the skid.
      ready_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (a_free) begin
      if (!ready_q) begin
        a_q <= b_q;
      end else if (in_valid_i) begin
        a_q <= in_data_i;
      end
    end
    if (in_hs && !a_free) begin
      b_q <= in_data_i;
    end
  end

  assign in_ready_o  = ready_q;
  assign out_valid_o = a_valid_q;
  assign out_data_o  = a_q;

`ifdef TASD_ASSERT
  // A held beat stays valid and unchanged until taken; the slice never holds more than two
  // beats (the skid is only written while the output register is full and stalled).
  a_skid_out_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("a_skid_out_held: tasd_skid_buf: output beat dropped or changed while stalled");
  a_skid_full_has_out: assert property (@(posedge clk_i) disable iff (!rst_ni)
    !ready_q |-> a_valid_q)
    else $error("a_skid_full_has_out: tasd_skid_buf: skid full with an empty output register");
`endif

endmodule

`default_nettype wire
