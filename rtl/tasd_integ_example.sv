// SPDX-License-Identifier: Apache-2.0
// Integration example: a ReLU activation stage feeding tasd_unit_par (TASD-A), with a config register and error status.
//
// What a user connects, in one place:
//   1. A producer stream of M signed activations per beat (act_valid_i/act_ready_o/act_data_i),
//      e.g. the drain of a PE array. Here it passes through a ReLU (max(x, 0)) and a valid/ready
//      register (tasd_pipe_reg), the "producer" whose output feeds the unit.
//   2. The series: a software-visible register (cfg_we_i/cfg_wdata_i), held stable and driven
//      straight into cfg_n_i. The unit captures it with every block, so a write takes effect
//      from the next block the unit accepts; blocks already inside the unit keep their series.
//   3. Error handling: while the register holds an illegal series the unit raises err_o and
//      takes nothing, so the producer simply stalls (backpressure) -- no block is lost or
//      computed with a bad series. cfg_err_o mirrors err_o for a status register, and
//      cfg_err_seen_o is a sticky bit (cleared by the next register write) for an interrupt.
//   4. The unit's output stream goes to the consumer unchanged (full AXI4-Stream backpressure).
// Reset: synchronous, active low; the config register resets to ResetCfg (default: one term
// 2:M, i.e. N_0 = 2, the other terms 0), which must itself be a legal series (checked at
// elaboration). A reset drops the block in the ReLU register and everything inside the unit.
`default_nettype none

module tasd_integ_example #(
  parameter int M = 8,           // block size: 4, 8 or 16
  parameter int DataW = 8,       // activation width (signed)
  parameter int MaxTerms = 2,    // terms of the series
  parameter int PipeStages = 1,  // TASD unit pipeline depth: 1 or 2
  parameter logic [MaxTerms*($clog2(M)+1)-1:0] ResetCfg = 2  // series after reset (N_0 = 2)
) (
  input  wire                                   clk_i,           // clock, rising edge
  input  wire                                   rst_ni,          // synchronous reset, active low
  // config register (e.g. on a CSR bus)
  input  wire                                   cfg_we_i,        // write cfg_wdata_i this cycle
  input  wire [MaxTerms*($clog2(M)+1)-1:0]      cfg_wdata_i,     // N of term t at [t*NW +: NW]
  output wire [MaxTerms*($clog2(M)+1)-1:0]      cfg_o,           // current register value
  output wire                                   cfg_err_o,       // current series is illegal
  output wire                                   cfg_err_seen_o,  // sticky: an illegal series stalled the stream
  // producer: raw activations (before ReLU)
  input  wire                                   act_valid_i,     // a block of M activations
  output wire                                   act_ready_o,     // block taken
  input  wire [M*DataW-1:0]                     act_data_i,      // element i at [i*DataW +: DataW]
  // consumer: the decomposed block
  output wire                                   out_valid_o,     // decomposed beat valid
  input  wire                                   out_ready_i,     // beat taken
  output wire [MaxTerms*M*DataW-1:0]            out_val_o,       // term t slot k values
  output wire [MaxTerms*M*$clog2(M)-1:0]        out_idx_o,       // term t slot k indices
  output wire [MaxTerms*M-1:0]                  out_slot_vld_o,  // slot valid bits
  output wire [MaxTerms*M-1:0]                  out_mask_o       // element masks per term
);
  localparam int NW = $clog2(M) + 1;

  // ---- ResetCfg must be a legal series (every N_t <= M, sum <= M): elaboration fails otherwise,
  // in Verilator, Yosys and Icarus alike (an instance of a module that does not exist). ----
  function automatic bit series_legal(input logic [MaxTerms*NW-1:0] c);
    logic [31:0] n;
    logic [31:0] sum;
    bit          ok;
    sum = '0;
    ok  = 1'b1;
    for (int t = 0; t < MaxTerms; t++) begin
      n = {{(32-NW){1'b0}}, c[t*NW +: NW]};
      if (n > M) ok = 1'b0;
      sum = sum + n;
    end
    if (sum > M) ok = 1'b0;
    series_legal = ok;
  endfunction
  localparam bit ResetCfgLegal = series_legal(ResetCfg);
  if (!ResetCfgLegal) begin : g_illegal_resetcfg
    tasd_illegal_param_ResetCfg_must_be_a_legal_series u_illegal ();
  end

  // ---- 1. producer: ReLU, then a valid/ready register ----
  logic [M*DataW-1:0] relu;
  for (genvar i = 0; i < M; i++) begin : g_relu
    wire [DataW-1:0] x = act_data_i[i*DataW +: DataW];
    assign relu[i*DataW +: DataW] = x[DataW-1] ? '0 : x;
  end

  wire               blk_valid, blk_ready;
  wire [M*DataW-1:0] blk_data;
  tasd_pipe_reg #(.Width(M*DataW)) u_relu_reg (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (act_valid_i),
    .in_ready_o (act_ready_o),
    .in_data_i  (relu),
    .out_valid_o(blk_valid),
    .out_ready_i(blk_ready),
    .out_data_o (blk_data)
  );

  // ---- 2. the series register ----
  logic [MaxTerms*NW-1:0] cfg_q;
  logic                   err_seen_q;
  wire                    err;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      cfg_q      <= ResetCfg;
      err_seen_q <= 1'b0;
    end else if (cfg_we_i) begin
      cfg_q      <= cfg_wdata_i;
      err_seen_q <= 1'b0;
    end else if (err && blk_valid) begin
      err_seen_q <= 1'b1;
    end
  end

  // ---- 3./4. the TASD unit ----
  tasd_unit_par #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages)) u_tasd (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .cfg_n_i       (cfg_q),
    .err_o         (err),
    .in_valid_i    (blk_valid),
    .in_ready_o    (blk_ready),
    .in_data_i     (blk_data),
    .out_valid_o   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_blk_i     ('0),           // HoldBlock = 1 (default): the unit holds its beat
    .out_val_o     (out_val_o),
    .out_idx_o     (out_idx_o),
    .out_slot_vld_o(out_slot_vld_o),
    .out_mask_o    (out_mask_o)
  );

  assign cfg_o          = cfg_q;
  assign cfg_err_o      = err;
  assign cfg_err_seen_o = err_seen_q;

endmodule

`default_nettype wire
