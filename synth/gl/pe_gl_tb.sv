// SPDX-License-Identifier: Apache-2.0
// Icarus testbench: a PE (N:M tasd_pe or dense tasd_pe_dense), RTL and its mapped osu018 netlist, both checked against C-model vectors every beat.
//
// +vec=FILE (pe_nm_vectors.c for the N:M PE, pe_dense_vectors.c for Dense=1). The test script
// renames the netlist's top module tasd_pe_gl (tasd_pe_dense_gl for Dense=1); both instances see
// the same inputs. Before each edge acc_d_o of the RTL and of the netlist must agree; after it,
// acc_o of each must equal the C model's accumulator. Prints 'PASS n beats' or the mismatches and
// stops with a non-zero status.
`timescale 1ns/10ps
`default_nettype none

module tasd_pe_gl_tb #(
  parameter int Lanes = 4,    // lanes of the synthesized configuration
  parameter int M = 8,        // block size of the synthesized configuration (N:M PE)
  parameter bit Dense = 1'b0  // 1: tasd_pe_dense (one B value per lane, no index)
);
  localparam int DataW = 8;
  localparam int AccW = 32;
  localparam int IdxW = $clog2(M);
  logic clk = 1'b0, rst_n = 1'b0, in_valid = 1'b0, clr = 1'b0;
  logic [Lanes-1:0] lane_vld = '0;
  logic [Lanes*DataW-1:0] a_val = '0;
  logic [Lanes*IdxW-1:0] a_idx = '0;
  logic [Lanes*M*DataW-1:0] b_blk = '0;  // N:M: lane l's block; dense: b value of lane l at [l*DataW]
  wire [AccW-1:0] acc_rtl, acc_gl, accd_rtl, accd_gl;

  if (Dense) begin : g_dense
    tasd_pe_dense #(.Lanes(Lanes), .DataW(DataW), .AccW(AccW)) u_rtl (
      .clk_i(clk), .rst_ni(rst_n), .adv_i(1'b1), .in_valid_i(in_valid), .clr_i(clr), .lane_vld_i(lane_vld),
      .a_val_i(a_val), .b_val_i(b_blk[Lanes*DataW-1:0]), .acc_d_o(accd_rtl), .acc_o(acc_rtl));
    tasd_pe_dense_gl u_gl (
      .clk_i(clk), .rst_ni(rst_n), .adv_i(1'b1), .in_valid_i(in_valid), .clr_i(clr), .lane_vld_i(lane_vld),
      .a_val_i(a_val), .b_val_i(b_blk[Lanes*DataW-1:0]), .acc_d_o(accd_gl), .acc_o(acc_gl));
  end else begin : g_nm
    tasd_pe #(.Lanes(Lanes), .M(M), .DataW(DataW), .AccW(AccW)) u_rtl (
      .clk_i(clk), .rst_ni(rst_n), .adv_i(1'b1), .in_valid_i(in_valid), .clr_i(clr), .lane_vld_i(lane_vld),
      .a_val_i(a_val), .a_idx_i(a_idx), .b_blk_i(b_blk), .acc_d_o(accd_rtl), .acc_o(acc_rtl));
    tasd_pe_gl u_gl (
      .clk_i(clk), .rst_ni(rst_n), .adv_i(1'b1), .in_valid_i(in_valid), .clr_i(clr), .lane_vld_i(lane_vld),
      .a_val_i(a_val), .a_idx_i(a_idx), .b_blk_i(b_blk), .acc_d_o(accd_gl), .acc_o(acc_gl));
  end

  integer fd, r, hdr, beats, errors;
  reg [31:0] f_rst, f_v, f_c, f_lv, f_x, f_exp;
  string vec;
  initial begin
    if (!$value$plusargs("vec=%s", vec)) begin
      $display("FAIL: give +vec=FILE");
      $finish_and_return(2);
    end
    fd = $fopen(vec, "r");
    if (fd == 0) begin
      $display("FAIL: cannot open %s", vec);
      $finish_and_return(2);
    end
    beats = 0;
    errors = 0;
    hdr = 4;
    while (!$feof(fd) && errors < 5 && hdr == 4) begin
      hdr = $fscanf(fd, "%h %h %h %h", f_rst, f_v, f_c, f_lv);
      if (hdr == 4) begin
        for (int l = 0; l < Lanes; l++) begin
          r = $fscanf(fd, "%h", f_x);
          a_val[l*DataW +: DataW] = f_x[DataW-1:0];
        end
        // N:M line: indices, then every lane's M-element B block; dense line: one B value a lane.
        for (int l = 0; l < Lanes && !Dense; l++) begin
          r = $fscanf(fd, "%h", f_x);
          a_idx[l*IdxW +: IdxW] = f_x[IdxW-1:0];
        end
        for (int e = 0; e < (Dense ? Lanes : Lanes * M); e++) begin
          r = $fscanf(fd, "%h", f_x);
          b_blk[e*DataW +: DataW] = f_x[DataW-1:0];
        end
        r = $fscanf(fd, "%h", f_exp);
        rst_n = !f_rst[0];
        in_valid = f_v[0];
        clr = f_c[0];
        lane_vld = f_lv[Lanes-1:0];
        #4;
        if (accd_rtl !== accd_gl) begin
          $display("FAIL beat %0d: acc_d_o RTL %h netlist %h", beats, accd_rtl, accd_gl);
          errors++;
        end
        #1 clk = 1'b1;
        #4;
        if (acc_rtl !== f_exp || acc_gl !== f_exp) begin
          $display("FAIL beat %0d: C model %h, RTL %h, netlist %h", beats, f_exp, acc_rtl, acc_gl);
          errors++;
        end
        #1 clk = 1'b0;
        beats++;
      end
    end
    if (errors == 0 && beats > 0) $display("PASS %0d beats: RTL and netlist equal the C model", beats);
    else begin
      $display("FAIL after %0d beats", beats);
      $finish_and_return(1);
    end
    $finish;
  end
endmodule

`default_nettype wire
