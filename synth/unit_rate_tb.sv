// SPDX-License-Identifier: Apache-2.0
// Throughput probe for the synthesis report: streams blocks into a TASD unit and measures cycles per block.
//
// Built with Verilator (synth/unit_rate_main.cpp toggles clk_i; -DTASD_UNIT=tasd_unit_seq picks
// the unit). The unit gets a new block every cycle it is ready (in_valid_i always high) and its
// output is always taken, so the interval between input handshakes is the unit's own initiation
// interval. Plusargs: +n0=.. +n1=.. +n2=.. (the series; default M/2 + M/2, i.e. sum N = M, the
// worst case); +blocks=N (default 64). Prints 'TASD_RATE blocks=N cycles=C cycles_per_block=X'.
`default_nettype none

`ifndef TASD_UNIT
`define TASD_UNIT tasd_unit_par
`endif

module tasd_unit_rate_tb #(
  parameter int M = 8,           // block size of the unit under test
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms the unit produces
  parameter int PipeStages = 1,  // unit pipeline stages
  parameter int MaxSlots = M,    // most elements per term (lean unit: < M)
  parameter int CfgCheck = 1,    // 1: the unit checks its series; 0: shared check outside
  parameter int HoldBlock = 1    // 0: the caller holds the block (the rate does not depend on it)
) (
  input wire clk_i  // driven by the C++ main
);
  localparam int IdxW = $clog2(M);
  localparam int NW = $clog2(M) + 1;

  logic [MaxTerms*NW-1:0] cfg_n;
  logic err, in_ready, out_valid;
  logic [M*DataW-1:0] in_data;
  logic [MaxTerms*M*DataW-1:0] out_val;
  logic [MaxTerms*M*IdxW-1:0] out_idx;
  logic [MaxTerms*M-1:0] out_slot_vld, out_mask;
  logic rst_n;
  logic [31:0] lfsr;

  `TASD_UNIT #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages), .MaxSlots(MaxSlots),
              .CfgCheck(CfgCheck), .HoldBlock(HoldBlock)) u_dut (
    .clk_i(clk_i), .rst_ni(rst_n), .cfg_n_i(cfg_n), .err_o(err),
    .in_valid_i(1'b1), .in_ready_o(in_ready), .in_data_i(in_data),
    .out_valid_o(out_valid), .out_ready_i(1'b1), .out_blk_i('0),  // values are not looked at
    .out_val_o(out_val), .out_idx_o(out_idx),
    .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask)
  );

  int blocks, nv;
  initial begin
    if (!$value$plusargs("blocks=%d", blocks)) blocks = 64;
    cfg_n = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      nv = 0;
      case (t)
        0: if (!$value$plusargs("n0=%d", nv)) nv = M / 2;
        1: if (!$value$plusargs("n1=%d", nv)) nv = M / 2;
        default: if (!$value$plusargs("n2=%d", nv)) nv = 0;
      endcase
      cfg_n[t*NW +: NW] = nv[NW-1:0];
    end
  end

  int cyc = 0, n_in = 0, n_out = 0, first_in = -1, last_in = -1;
  always_ff @(posedge clk_i) begin
    cyc <= cyc + 1;
    rst_n <= (cyc >= 2);
    lfsr <= (cyc == 0) ? 32'h1234_5678 : {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
    for (int i = 0; i < M; i++) in_data[i*DataW +: DataW] <= DataW'(lfsr >> i);
    if (rst_n) begin
      if (err) begin
        $display("TASD_RATE error: the unit flags the series as illegal");
        $finish;
      end
      if (in_ready) begin
        if (first_in < 0) first_in <= cyc;
        last_in <= cyc;
        n_in <= n_in + 1;
      end
      if (out_valid) n_out <= n_out + 1;
      if (n_out >= blocks && n_in >= 2) begin
        $display("TASD_RATE blocks=%0d cycles=%0d cycles_per_block=%0.3f", n_in, last_in - first_in,
                 real'(last_in - first_in) / real'(n_in - 1));
        $finish;
      end
    end
    if (cyc > blocks * (M + 8) + 100) begin
      $display("TASD_RATE error: only %0d blocks out after %0d cycles", n_out, cyc);
      $finish;
    end
  end
endmodule

`default_nettype wire
