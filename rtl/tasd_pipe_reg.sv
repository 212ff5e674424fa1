// SPDX-License-Identifier: Apache-2.0
// One valid/ready pipeline register stage (AXI4-Stream style) that runs one beat per cycle with no bubble.
//
// in_ready_o = !valid_q || out_ready_i: the stage takes a new beat whenever it is empty or its
// beat leaves in the same cycle, so a full-rate stream passes without bubbles and a stall
// propagates back combinationally. The payload register has no reset (it is only visible while
// out_valid_o is high, and it is loaded on every accepted beat); the valid bit resets
// synchronously, so after reset no beat is pending.
`default_nettype none

module tasd_pipe_reg #(
  parameter int Width = 1  // payload bits, >= 1
) (
  input  wire              clk_i,        // clock, rising edge
  input  wire              rst_ni,       // synchronous reset, active low: stage empties
  input  wire              in_valid_i,   // upstream beat valid
  output wire              in_ready_o,   // stage can take the upstream beat this cycle
  input  wire [Width-1:0]  in_data_i,    // upstream payload
  output wire              out_valid_o,  // stage holds a beat
  input  wire              out_ready_i,  // downstream takes the held beat this cycle
  output wire [Width-1:0]  out_data_o    // held payload (stable while out_valid_o && !out_ready_i)
);

  if (Width < 1) begin : g_illegal_params
    tasd_illegal_param_Width_must_be_positive u_illegal ();
  end

  logic             valid_q;
  logic [Width-1:0] data_q;

  assign in_ready_o = !valid_q || out_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (in_ready_o) begin
      valid_q <= in_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (in_valid_i && in_ready_o) begin
      data_q <= in_data_i;
    end
  end

  assign out_valid_o = valid_q;
  assign out_data_o  = data_q;

endmodule

`default_nettype wire
