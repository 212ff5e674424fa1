// SPDX-License-Identifier: Apache-2.0
// Icarus testbench: replays C-model vectors through tasd_unit_par or tasd_unit_seq with random stalls, beat by beat.
//
// Plusargs: +vec=<file from tasd_vecgen> +seed=<n> +stall=<percent, default 30>
//           +xinject=<v>: vector v's block is offered with X elements (the X checks' self-test).
// The source offers the vectors in order with random idle cycles; an illegal series (kind 1) is
// held with in_valid_i high for a few cycles, during which err_o must be 1 and in_ready_o 0, then
// withdrawn (it is never accepted, so it produces nothing). The sink drops out_ready_i at random
// and compares every beat, in order, with the C model's expected beat; while a beat is stalled
// it must stay unchanged. The run ends with "IV PASS <n> beats" (exit status 0) or "IV FAIL <n>
// mismatches" (exit status 1, $finish_and_return); a bad plusarg or vector file exits with 2.
// 4-state checks: after reset no X/Z on err_o, in_ready_o, out_valid_o, and none in a beat while
// out_valid_o is high; a failed X check exits with 3 (before any mismatch verdict).
`default_nettype none

module tasd_iv_tb #(
  parameter int M = 8,           // block size
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms
  parameter int PipeStages = 1,  // unit latency stages
  parameter bit Seq = 1'b0,      // 1: tasd_unit_seq, 0: tasd_unit_par
  parameter int HoldBlock = 1,   // the unit's HoldBlock (0: this bench drives out_blk_i from its queue)
  parameter int MaxVec = 20000   // vectors held in memory
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int CfgW = MaxTerms*NW;
  localparam int ValW = MaxTerms*M*DataW;
  localparam int IdxAllW = MaxTerms*M*IdxW;
  localparam int SW = MaxTerms*M;

  // ---- vectors ----
  reg [0:0]         v_kind [MaxVec];
  reg [CfgW-1:0]    v_cfg  [MaxVec];
  reg [M*DataW-1:0] v_data [MaxVec];
  reg [ValW-1:0]    v_val  [MaxVec];
  reg [IdxAllW-1:0] v_idx  [MaxVec];
  reg [SW-1:0]      v_svld [MaxVec];
  reg [SW-1:0]      v_mask [MaxVec];
  integer nvec, fd, rc, hm, hw, ht, kind_i;
  integer seed, stall_pct;
  reg [1023:0] f_cfg, f_data, f_val, f_idx, f_svld, f_mask;
  reg [8*256-1:0] vecfile;

  // ---- DUT ----
  reg                 clk = 1'b0, rst_n = 1'b0;
  reg  [CfgW-1:0]     cfg_n = '0;
  reg                 in_valid = 1'b0;
  reg  [M*DataW-1:0]  in_data = '0;
  reg                 out_ready = 1'b0;
  reg  [M*DataW-1:0]  out_blk = '0;  // the caller's copy of the oldest undelivered block (HoldBlock = 0)
  wire                err, in_ready, out_valid;
  wire [ValW-1:0]     out_val;
  wire [IdxAllW-1:0]  out_idx;
  wire [SW-1:0]       out_svld, out_mask;

  if (Seq) begin : g_seq
    tasd_unit_seq #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                    .HoldBlock(HoldBlock)) u_dut (
      .clk_i(clk), .rst_ni(rst_n), .cfg_n_i(cfg_n), .err_o(err), .in_valid_i(in_valid),
      .in_ready_o(in_ready), .in_data_i(in_data), .out_valid_o(out_valid), .out_ready_i(out_ready),
      .out_blk_i(out_blk), .out_val_o(out_val), .out_idx_o(out_idx), .out_slot_vld_o(out_svld), .out_mask_o(out_mask));
  end else begin : g_par
    tasd_unit_par #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                    .HoldBlock(HoldBlock)) u_dut (
      .clk_i(clk), .rst_ni(rst_n), .cfg_n_i(cfg_n), .err_o(err), .in_valid_i(in_valid),
      .in_ready_o(in_ready), .in_data_i(in_data), .out_valid_o(out_valid), .out_ready_i(out_ready),
      .out_blk_i(out_blk), .out_val_o(out_val), .out_idx_o(out_idx), .out_slot_vld_o(out_svld), .out_mask_o(out_mask));
  end

  always #5 clk = ~clk;

  integer exp_q [$];  // vector numbers of accepted blocks, in order

  // The bench plays the caller of a HoldBlock = 0 unit: between rising edges it drives the block
  // of the oldest accepted, undelivered vector (the beat on out_*); units that hold their beat
  // themselves (HoldBlock = 1, the default) ignore the port.
  always @(negedge clk) out_blk <= (exp_q.size() != 0) ? v_data[exp_q[0]] : '0;

  integer errors = 0, beats = 0, expected = 0, cycles = 0;
  integer xerrors = 0;  // X/Z seen where the unit promises a known value (exit 3)
  integer xinject = -1; // +xinject=V: vector V's block carries X bits (self-test of the X checks)

  // ---- 4-state checks (Icarus only; a 2-state simulator cannot see them) ----
  // After reset: err_o, in_ready_o and out_valid_o are never X or Z, and while out_valid_o is
  // high no bit of the beat is (the payload registers are not reset, so this is the claim that
  // nothing unloaded or undriven reaches a valid beat). One $isunknown per signal: Icarus 11
  // reports a concatenation of known signals as unknown.
  always @(posedge clk) begin
    if (rst_n && ($isunknown(err) || $isunknown(in_ready) || $isunknown(out_valid))) begin
      xerrors = xerrors + 1;
      if (xerrors <= 5)
        $display("IV X-ERROR cycle %0d: err_o=%b in_ready_o=%b out_valid_o=%b after reset", cycles,
                 err, in_ready, out_valid);
    end
    if (rst_n && out_valid === 1'b1 && ($isunknown(out_val) || $isunknown(out_idx) ||
                                        $isunknown(out_svld) || $isunknown(out_mask))) begin
      xerrors = xerrors + 1;
      if (xerrors <= 5)
        $display("IV X-ERROR cycle %0d: X/Z in a valid beat: val %h idx %h svld %b mask %b", cycles,
                 out_val, out_idx, out_svld, out_mask);
    end
  end

  function automatic bit rnd_pct(input integer pct);
    rnd_pct = ($unsigned($random(seed)) % 100) < pct;
  endfunction

  // ---- sink: random ready, compare, hold check ----
  reg                      was_stalled = 1'b0;
  reg [ValW+IdxAllW+2*SW-1:0] held;
  always @(posedge clk) begin
    cycles <= cycles + 1;
    if (rst_n) begin
      if (was_stalled && !(out_valid && {out_val, out_idx, out_svld, out_mask} == held)) begin
        $display("IV ERROR cycle %0d: stalled beat changed or was withdrawn", cycles);
        errors = errors + 1;
      end
      if (out_valid && out_ready) begin
        if (exp_q.size() == 0) begin
          $display("IV ERROR cycle %0d: beat with no accepted block", cycles);
          errors = errors + 1;
        end else begin : cmp
          integer e;
          e = exp_q.pop_front();
          if (out_val !== v_val[e] || out_idx !== v_idx[e] || out_svld !== v_svld[e] ||
              out_mask !== v_mask[e]) begin
            errors = errors + 1;
            if (errors <= 5) begin
              $display("IV MISMATCH vector %0d (cfg %h data %h)", e, v_cfg[e], v_data[e]);
              $display("  val  got %h exp %h", out_val, v_val[e]);
              $display("  idx  got %h exp %h", out_idx, v_idx[e]);
              $display("  svld got %h exp %h", out_svld, v_svld[e]);
              $display("  mask got %h exp %h", out_mask, v_mask[e]);
            end
          end
          beats = beats + 1;
        end
      end
      was_stalled <= out_valid && !out_ready;
      held <= {out_val, out_idx, out_svld, out_mask};
      out_ready <= !rnd_pct(stall_pct);
    end
  end

  // ---- source ----
  integer v, k;
  initial begin
    if (!$value$plusargs("vec=%s", vecfile)) begin
      $display("IV FAIL: give +vec=<file>");
      $finish_and_return(2);
    end
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("stall=%d", stall_pct)) stall_pct = 30;
    if (!$value$plusargs("xinject=%d", xinject)) xinject = -1;
    fd = $fopen(vecfile, "r");
    if (fd == 0) begin
      $display("IV FAIL: cannot open %0s", vecfile);
      $finish_and_return(2);
    end
    rc = $fscanf(fd, "%d %d %d %d\n", hm, hw, ht, nvec);
    if (rc != 4 || hm != M || hw != DataW || ht != MaxTerms || nvec > MaxVec || nvec < 1) begin
      $display("IV FAIL: vector header (%0d %0d %0d %0d) does not fit M=%0d DataW=%0d MaxTerms=%0d",
               hm, hw, ht, nvec, M, DataW, MaxTerms);
      $finish_and_return(2);
    end
    for (v = 0; v < nvec; v++) begin
      rc = $fscanf(fd, "%d %h %h %h %h %h %h\n", kind_i, f_cfg, f_data, f_val, f_idx, f_svld, f_mask);
      if (rc != 7) begin
        $display("IV FAIL: vector %0d malformed", v);
        $finish_and_return(2);
      end
      v_kind[v] = kind_i[0];
      v_cfg[v] = f_cfg[CfgW-1:0];
      v_data[v] = f_data[M*DataW-1:0];
      v_val[v] = f_val[ValW-1:0];
      v_idx[v] = f_idx[IdxAllW-1:0];
      v_svld[v] = f_svld[SW-1:0];
      v_mask[v] = f_mask[SW-1:0];
    end
    $fclose(fd);
    $display("IV seed %0d: %0d vectors, %s M=%0d DataW=%0d MaxTerms=%0d PipeStages=%0d stall=%0d%%",
             seed, nvec, Seq ? "seq" : "par", M, DataW, MaxTerms, PipeStages, stall_pct);

    repeat (3) @(posedge clk);
    rst_n <= 1'b1;
    for (v = 0; v < nvec; v++) begin
      while (rnd_pct(stall_pct / 2)) @(posedge clk);  // idle gap before the block
      cfg_n <= v_cfg[v];
      // +xinject: one legal block with unknown elements (it must reach the output as X)
      in_data <= (v == xinject) ? {M*DataW{1'bx}} : v_data[v];
      in_valid <= 1'b1;
      if (v_kind[v]) begin
        for (k = 0; k < 3; k++) begin
          @(posedge clk);
          if (err !== 1'b1 || in_ready !== 1'b0) begin
            $display("IV ERROR vector %0d: illegal series %h gave err_o=%b in_ready_o=%b", v,
                     v_cfg[v], err, in_ready);
            errors = errors + 1;
          end
        end
        in_valid <= 1'b0;
      end else begin
        @(posedge clk);
        while (!(in_ready === 1'b1)) begin
          if (err !== 1'b0) begin
            $display("IV ERROR vector %0d: legal series %h gave err_o=%b", v, v_cfg[v], err);
            errors = errors + 1;
          end
          @(posedge clk);
        end
        exp_q.push_back(v);
        expected = expected + 1;
        in_valid <= 1'b0;
      end
    end
    @(posedge clk);
    in_valid <= 1'b0;
    // drain: every accepted block must come out
    k = 0;
    while (beats < expected && k < 100 * (M + 4)) begin
      @(posedge clk);
      k = k + 1;
    end
    repeat (M + 4) @(posedge clk);
    if (beats != expected) begin
      $display("IV ERROR: %0d blocks accepted, %0d beats out", expected, beats);
      errors = errors + 1;
    end
    if (xerrors != 0) begin
      $display("IV FAIL %0d X/Z checks failed (%0d other mismatches/errors)", xerrors, errors);
      $finish_and_return(3);
    end
    if (errors == 0) begin
      $display("IV PASS %0d beats, %0d cycles, no X/Z after reset", beats, cycles);
      $finish;
    end
    $display("IV FAIL %0d mismatches/errors", errors);
    $finish_and_return(1);
  end

endmodule

`default_nettype wire
