// SPDX-License-Identifier: Apache-2.0
// TTC tile: a Rows x Cols array of N:M PEs running C = sum_t A_t x B with the decomposition-aware dataflow, plus the TASD drain.
//
// A job (docs/tile.md): start_i samples the configuration; then B is loaded once (cfg_kblocks
// beats of M rows x Cols columns) into the B buffer; then the compressed A stream arrives, for
// each of cfg_rtiles row tiles, for each enabled term t (in order), ceil(kblocks*N_t/Lanes)
// beats. Beat j of term t carries, per row, slots [j*Lanes, (j+1)*Lanes) of the row's slot
// stream (block 0's N_t slots, then block 1's, ...); lane l is slot s = j*Lanes+l of block
// s/N_t, and lanes whose block is >= kblocks are invalid. Every PE of column c multiplies its
// lanes by the B block (s/N_t) of column c; the B buffer read is shared by all rows.
// C stays in the accumulators across all terms of a row tile; the last beat's sums move in the
// same cycle into the drain buffer (while the next row tile starts), which sends one row per
// cycle through the bias add, ReLU/requantization (tasd_post), a register slice
// (tasd_skid_buf) and Cols/M TASD units to the output (parallel units by default; DrainSeq = 1:
// sequential units, one row per max(1, sum N) cycles). The slice's ready is a flop, so nothing
// of the TASD units (their ready follows out_ready_i) reaches the drain or the PE array in the
// same cycle. The units are lean (MaxSlots = M/2, the largest native N: only M/2 slots per
// term are built) and share one series check (the tile's, at start_i) instead of one each;
// they take their blocks back from the sideband FIFO that carries the row beside them
// (HoldBlock = 0), so their registers hold only the decision (N fields, member masks).
// Bias: x = acc + col_bias[c] + row_bias[r] (AccW-bit wrap) on the drain, which handles one
// row per cycle (adders per column, not per PE). The column bias (cfg_bias_i) is sampled at
// start_i; the row bias (a_bias_i) with the first A beat of each row tile, held until the row
// tile's sums move into the drain buffer and then shifted out beside its rows. The head row's
// bias per column (col + row bias, and the same plus the rounding term) is registered one step
// ahead, so the drain's path (drain buffer -> tasd_post -> TASD units) has no extra adder.
// Pipeline: issue (A handshake) -> stage 1 (B read, multiply, PE accumulate). With MulPipe = 1
// the PEs' pipeline register is a stage 2: stage 1 multiplies, stage 2 accumulates. A row
// tile's last beat waits in the accumulate stage while the drain buffer still holds rows
// (counted as stall for the next row tile).
// Illegal configuration at start_i: err_o rises, the job does not start (no B or A accepted).
// Job hand-off (BBanks = 2, docs/tile.md "Back-to-back jobs"): the tile has a loader (config
// registers + B load) and a compute side (sequencer, PE array, drain). start_i/start_ready_o is
// a valid/ready handshake; the loader takes a job whenever it is empty, also while the compute
// side runs the previous job, and streams its B into the bank the running job does not read.
// The loaded job moves to the compute side (its configuration with it) in the first cycle the
// compute side is idle, at the earliest in the previous job's done_o cycle; its A stream follows.
// With BBanks = 1 the loader takes a job only while the whole tile is idle (today's behaviour).
`default_nettype none

module tasd_ttc_tile #(
  parameter int Rows = 8,         // PE rows (output rows per row tile), >= 1
  parameter int Cols = 16,        // PE columns, a multiple of M
  parameter int M = 8,            // block size: 4, 8 or 16 (the TASD units' range)
  parameter int Lanes = 4,        // multiply lanes per PE: 1, 2 or 4
  parameter int MaxTerms = 2,     // A terms and output terms: 1..3
  parameter int DataW = 8,        // A and B operand width, 2..16
  parameter int AccW = 32,        // accumulator width, 2*DataW..32 and >= 9
  parameter int KBlocksMax = 512, // B buffer entries (K blocks per job), 1..65535
  parameter int PipeStages = 1,   // latency of the drain's TASD units: 1 or 2 (the drain adds 1 for its register slice)
  parameter int DrainSeq = 0,     // drain TASD units: 0 parallel (tasd_unit_par), 1 sequential (tasd_unit_seq)
  parameter int BBanks = 2,       // B buffer banks: 1 (load only while idle) or 2 (next job's B loads during compute)
  parameter int MulPipe = 0,      // 1: the PEs' pipeline register between multipliers and accumulators (one more PE stage)
  localparam int IdxW = $clog2(M),                // index inside a block
  localparam int NW = $clog2(M) + 1,              // one N field
  localparam int KbW = $clog2(KBlocksMax + 1),    // cfg_kblocks_i width
  localparam int BaW = (BBanks * KBlocksMax > 1) ? $clog2(BBanks * KBlocksMax) : 1,  // B buffer address (all banks)
  localparam int NBlk = Cols / M,                 // TASD units on the drain
  localparam int OutSlots = M / 2,                // slots per output term: the largest native N
  localparam int QW = 8                           // drain output element width (int8)
) (
  input  wire                          clk_i,            // clock, rising edge
  input  wire                          rst_ni,           // synchronous reset, active low
  // ---- configuration (sampled when start_i is high while idle) ----
  input  wire                          start_i,          // start a job with the cfg_* below (valid; held with cfg_* until start_ready_o)
  output wire                          start_ready_o,    // start_i is taken (legal or refused) in this cycle
  input  wire [MaxTerms*NW-1:0]        cfg_a_n_i,        // N of A term t at [t*NW +: NW]; 0 = unused
  input  wire [KbW-1:0]                cfg_kblocks_i,    // K blocks, 1..KBlocksMax
  input  wire [15:0]                   cfg_rtiles_i,     // row tiles in the job, >= 1
  input  wire                          cfg_relu_i,       // ReLU before requantization
  input  wire [4:0]                    cfg_shift_i,      // requantization shift
  input  wire [MaxTerms*NW-1:0]        cfg_out_n_i,      // output series of the drain TASD units (each N <= M/2, sum <= M)
  input  wire [Cols*AccW-1:0]          cfg_bias_i,       // per-column bias, column c at [c*AccW +: AccW]
  output wire                          busy_o,           // a job is running
  output wire                          done_o,           // one-cycle pulse after the job's last output beat
  output wire                          err_o,            // last start_i had an illegal configuration
  // ---- B stream: one K block (M rows x Cols) per beat ----
  input  wire                          b_valid_i,        // B beat valid
  output wire                          b_ready_o,        // B beat taken
  input  wire [M*Cols*DataW-1:0]       b_data_i,         // row i col c at [(i*Cols+c)*DataW +: DataW]
  // ---- A stream: one beat of Lanes slots per row ----
  input  wire                          a_valid_i,        // A beat valid
  output wire                          a_ready_o,        // A beat taken
  input  wire [Rows*Lanes*DataW-1:0]   a_val_i,          // row r lane l at [(r*Lanes+l)*DataW +: DataW]
  input  wire [Rows*Lanes*IdxW-1:0]    a_idx_i,          // row r lane l at [(r*Lanes+l)*IdxW +: IdxW]
  input  wire [Rows*AccW-1:0]          a_bias_i,         // row r's bias at [r*AccW +: AccW]; taken with a row tile's first beat only
  // ---- output: one row of the job per beat ----
  output wire                          out_valid_o,      // output beat valid
  input  wire                          out_ready_i,      // output beat taken
  output wire [Cols*AccW-1:0]          out_acc_o,        // sums + biases (x), column c at [c*AccW +: AccW]
  output wire [Cols*QW-1:0]            out_q_o,          // post-processed int8 of x, column c at [c*8 +: 8]
  output wire [NBlk*MaxTerms*M*QW-1:0] out_tval_o,       // block u term t slot k at [((u*MaxTerms+t)*M+k)*8 +: 8]
  output wire [NBlk*MaxTerms*M*IdxW-1:0] out_tidx_o,     // same order, IdxW bits each
  output wire [NBlk*MaxTerms*M-1:0]    out_tvld_o,       // bit (u*MaxTerms+t)*M+k: slot valid
  output wire [NBlk*MaxTerms*M-1:0]    out_tmask_o,      // bit (u*MaxTerms+t)*M+i: element i in term t
  output wire [31:0]                   out_row_o,        // row index inside the job
  output wire                          out_last_o,       // last row of the job
  // ---- performance counters (cleared by a legal start, held after done) ----
  output wire [31:0]                   perf_cycles_o,      // cycles with busy_o high
  output wire [31:0]                   perf_busy_o,        // cycles an A beat issued
  output wire [31:0]                   perf_stall_o,       // compute cycles without an issue
  output wire [47:0]                   perf_eff_macs_o,    // valid lanes x Rows x Cols, summed
  output wire [31:0]                   perf_b_fills_o,     // B buffer loads
  output wire [31:0]                   perf_psum_wb_o,     // sums that left before all terms (0)
  output wire [31:0]                   perf_drain_stall_o, // drain row blocked inside the tile, consumer ready
  output wire [31:0]                   perf_out_stall_o    // out_valid_o && !out_ready_i (consumer backpressure)
);

  // ---- Illegal parameters fail elaboration in Verilator, Yosys and Icarus alike. ----
  if (!(M == 4 || M == 8 || M == 16)) begin : g_illegal_m
    tasd_illegal_param_M_must_be_4_8_or_16 u_illegal ();
  end
  if (Rows < 1 || Cols < M || (Cols % M) != 0) begin : g_illegal_shape
    tasd_illegal_param_Rows_ge_1_and_Cols_multiple_of_M u_illegal ();
  end
  if (!(Lanes == 1 || Lanes == 2 || Lanes == 4)) begin : g_illegal_lanes
    tasd_illegal_param_Lanes_must_be_1_2_or_4 u_illegal ();
  end
  if (MaxTerms < 1 || MaxTerms > 3 || PipeStages < 1 || PipeStages > 2 ||
      DrainSeq < 0 || DrainSeq > 1) begin : g_illegal_terms
    tasd_illegal_param_MaxTerms_1_to_3_PipeStages_1_or_2 u_illegal ();
  end
  if (DataW < 2 || DataW > 16 || AccW < 2 * DataW || AccW < 9 || AccW > 32 ||
      KBlocksMax < 1 || KBlocksMax > 65535) begin : g_illegal_widths
    tasd_illegal_param_DataW_AccW_or_KBlocksMax u_illegal ();
  end
  if (BBanks < 1 || BBanks > 2) begin : g_illegal_banks
    tasd_illegal_param_BBanks_must_be_1_or_2 u_illegal ();
  end
  if (!(MulPipe == 0 || MulPipe == 1)) begin : g_illegal_mul_pipe
    tasd_illegal_param_MulPipe_must_be_0_or_1 u_illegal ();
  end

  localparam int LgL = (Lanes == 4) ? 2 : (Lanes == 2) ? 1 : 0;
  // Beat/slot arithmetic width: a term has at most ceil(KBlocksMax * M/2 / Lanes) beats (N <= M/2)
  // and a row tile at most MaxTerms of them; a slot index is below KBlocksMax * M/2 + Lanes.
  localparam int BeatsMax = MaxTerms * KBlocksMax * (M / 2) + Lanes;
  localparam int BW = $clog2(BeatsMax + 1);
  // Row index inside a job: below cfg_rtiles (< 2^16) x Rows.
  localparam int RowW = 16 + $clog2(Rows + 1);
  localparam int BRowW = M * Cols * DataW;                           // one B buffer entry
  // Sideband FIFO depth: one more than the rows the TASD units can hold (PipeStages for the
  // parallel unit, the held block + PipeStages for the sequential one), so it never fills.
  localparam int SbD = PipeStages + 1 + DrainSeq;
  localparam int SbAW = (SbD > 2) ? 2 : 1;
  localparam int SbW = Cols * AccW + Cols * QW + RowW + 1;           // x, q, row, last (also the slice)
  localparam logic [NW-1:0] MaxN = NW'(M);
  // cfg_kblocks_i cannot exceed KBlocksMax when KBlocksMax = 2^KbW - 1 (1, 3, 7, ...): the
  // comparison is then left out (it would be constant, Verilator CMPCONST).
  localparam bit KbAnyFits = (((1 << KbW) - 1) == KBlocksMax);

  typedef enum logic [1:0] {StIdle = 2'd0, StComp = 2'd2, StFlush = 2'd3} st_e;  // compute side

  // ---------------------------------------------------------------------------------------
  // Configuration check (combinational on the cfg inputs) and derived values.
  // ---------------------------------------------------------------------------------------
  logic              cfg_ok;
  logic [NW+1:0]     a_sum;
  logic              a_any, a_bad, o_err;
  logic [NW-1:0]     n_t;
  logic [2:0]        lg_t;            // log2 N_t (N_t <= 8 for M <= 16)
  logic [MaxTerms*3-1:0] lgn_in;
  logic [MaxTerms*BW-1:0] blast_in;   // beats-1 of term t
  logic [BW-1:0]     beats_in, tot_in;
  logic              kb_le_max;       // cfg_kblocks_i <= KBlocksMax

  if (KbAnyFits) begin : g_kb_fits
    assign kb_le_max = 1'b1;
  end else begin : g_kb_cmp
    assign kb_le_max = (32'(cfg_kblocks_i) <= 32'(KBlocksMax));
  end

  always_comb begin
    a_sum = '0;
    a_any = 1'b0;
    a_bad = 1'b0;
    n_t = '0;
    lg_t = '0;
    lgn_in = '0;
    blast_in = '0;
    beats_in = '0;
    tot_in = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      n_t = cfg_a_n_i[t*NW +: NW];
      lg_t = 3'd0;
      for (int b = 1; b < NW; b++) begin
        if (n_t[b]) lg_t = 3'(b);
      end
      if (n_t != '0) begin
        a_any = 1'b1;
        // Native: a power of two no larger than M/2.
        if ((n_t & (n_t - 1'b1)) != '0 || n_t > MaxN / 2) a_bad = 1'b1;
      end
      a_sum = a_sum + (NW+2)'(n_t);
      lgn_in[t*3 +: 3] = lg_t;
      beats_in = ((BW'(cfg_kblocks_i) << lg_t) + BW'(Lanes - 1)) >> LgL;
      blast_in[t*BW +: BW] = beats_in - 1'b1;
      if (n_t != '0) tot_in = tot_in + beats_in;
    end
    cfg_ok = a_any && !a_bad && a_sum <= (NW+2)'(M) && !o_err &&
             cfg_kblocks_i != '0 && kb_le_max && cfg_rtiles_i != '0;
  end

  // The output series is checked once here for all drain units (which are built without a
  // check of their own, CfgCheck = 0): each N <= M/2 (the units' MaxSlots), sum <= M. out_n_q
  // therefore only ever holds a series every unit can carry.
  /* verilator lint_off PINCONNECTEMPTY */
  tasd_unit_cfg #(.M(M), .MaxTerms(MaxTerms), .MaxSlots(OutSlots)) u_out_cfg (
    .cfg_n_i(cfg_out_n_i),
    .err_o  (o_err),
    .lim_o  ()  // the units form their own prefix sums
  );
  /* verilator lint_on PINCONNECTEMPTY */

  // Registered job configuration: the loader's copy (f_*, sampled at start_i) and the compute
  // side's (taken from the loader when the job moves over). With BBanks = 1 the loader takes a
  // job only while the compute side is idle, so both are the same registers.
  logic [MaxTerms*NW-1:0] f_a_n_q, f_out_n_q, a_n_q, out_n_q;
  logic [MaxTerms*3-1:0]  f_lgn_q, lgn_q;
  logic [MaxTerms*BW-1:0] f_blast_q, blast_q;
  logic [BW-1:0]          f_tot_q;      // beats per row tile (all terms)
  logic [BW-1:0]          tot_m1_q;     // the compute side's beats per row tile - 1 (the psum check's)
  logic [KbW-1:0]         f_kblocks_q, kblocks_q;
  logic [15:0]            f_rtiles_q, rtiles_q;
  logic                   f_relu_q, relu_q;
  logic [4:0]             f_shift_q, shift_q;
  logic [Cols*AccW-1:0]   f_col_bias_q, col_bias_q;  // per-column bias of the job (no reset: loaded at start)
  logic [AccW:0]          rnd_q;        // the job's rounding term (tasd_post's), 2^(shift-1) or 0

  // The rounding term of a requantization shift (registered with the job: the drain's head-bias
  // adder then starts at a flop, not at a shift decoder).
  function automatic logic [AccW:0] rnd_of(input logic [4:0] shift);
    rnd_of = (shift == 5'd0) ? '0 : (AccW+1)'(1) << (shift - 5'd1);
  endfunction

  // ---------------------------------------------------------------------------------------
  // Control state: loader (start, B load) and compute side (sequencer, drain, flush).
  // ---------------------------------------------------------------------------------------
  typedef enum logic [1:0] {LdIdle = 2'd0, LdLoad = 2'd1, LdFull = 2'd2} ld_e;
  st_e             st_q;          // compute side: StIdle, StComp, StFlush
  ld_e             ld_q;          // loader
  logic            ld_own_q;      // the loading job was started while the compute side was idle:
                                  // the counters are already its own (cleared at its start)
  logic            err_q, done_q;
  logic [KbW-1:0]  bcnt_q;
  logic [BaW-1:0]  b_wa;          // B buffer write address (loader's bank base + bcnt_q)
  logic [BaW-1:0]  cbase_q;       // B buffer base of the compute side's bank
  logic [1:0]      t_q;           // current term
  logic [BW-1:0]   j_q;           // beat inside the term
  logic [15:0]     r_q;           // row tile
  logic [1:0]      first_t, last_t, next_t, f_first_t;

  always_comb begin
    first_t = '0;
    last_t = '0;
    next_t = '0;
    f_first_t = '0;
    for (int t = MaxTerms - 1; t >= 0; t--) begin
      if (a_n_q[t*NW +: NW] != '0) first_t = 2'(t);
      if (f_a_n_q[t*NW +: NW] != '0) f_first_t = 2'(t);
    end
    for (int t = 0; t < MaxTerms; t++) begin
      if (a_n_q[t*NW +: NW] != '0) last_t = 2'(t);
    end
    next_t = first_t;
    for (int t = MaxTerms - 1; t >= 0; t--) begin
      if (32'(t) > 32'(t_q) && a_n_q[t*NW +: NW] != '0) next_t = 2'(t);
    end
  end

  // The loader takes start_i when it is empty (BBanks = 1: and the compute side idle too).
  wire start_rdy = (ld_q == LdIdle) && (BBanks > 1 || st_q == StIdle);
  assign start_ready_o = start_rdy;
  wire start_hs = start_i && start_rdy;
  wire start_ok = start_hs && cfg_ok;
  wire b_hs = b_valid_i && b_ready_o;
  assign b_ready_o = (ld_q == LdLoad);
  wire ld_last = b_hs && (bcnt_q == f_kblocks_q - 1'b1);  // the job's last B beat
  // The loaded job moves to the compute side when that is idle (its last B beat may arrive in
  // the same cycle).
  wire xfer = ((ld_q == LdFull) || ld_last) && (st_q == StIdle);

  // Stage 1 (PE stage) registers.
  logic                      s1_valid_q, s1_clr_q, s1_last_q;
  logic [Rows*Lanes*DataW-1:0] s1_val_q;
  logic [Rows*Lanes*IdxW-1:0]  s1_idx_q;
  logic [Lanes-1:0]          s1_lvld_q;
  logic [Lanes*BaW-1:0]      s1_blk_q;
  logic [15:0]               s1_rtile_q;
  logic                      s1_adv, drain_free, drain_acc;
  // The accumulate stage (stage 1, or stage 2 with MulPipe): its beat adds into the PEs when
  // acc_en; capture moves a row tile's sums into the drain buffer with its last beat.
  logic                      ac_valid, ac_clr, ac_last, ac_adv;
  logic [15:0]               ac_rtile;

  // Issue stage: lane validity and B block per lane.
  logic [Lanes-1:0]     lvld;
  logic [Lanes*BaW-1:0] lblk;
  logic [BW-1:0]        slot, blk;
  logic [2:0]           lcnt;
  logic [2:0]           cur_lg;
  always_comb begin
    lvld = '0;
    lblk = '0;
    slot = '0;
    blk = '0;
    lcnt = '0;
    cur_lg = lgn_q[t_q*3 +: 3];
    for (int l = 0; l < Lanes; l++) begin
      slot = (j_q << LgL) + BW'(l);
      blk = slot >> cur_lg;
      lvld[l] = blk < BW'(kblocks_q);
      lblk[l*BaW +: BaW] = lvld[l] ? BaW'(blk) + cbase_q : '0;  // entry in the compute side's bank
      lcnt = lcnt + 3'(lvld[l]);
    end
  end

  wire issue_ok = (st_q == StComp) && (!s1_valid_q || s1_adv);
  assign a_ready_o = issue_ok;
  wire issue = a_valid_i && issue_ok;
  wire first_beat = (t_q == first_t) && (j_q == '0);  // a row tile's first beat (carries a_bias_i)
  wire term_end = (j_q == blast_q[t_q*BW +: BW]);
  wire tile_end = term_end && (t_q == last_t);
  wire job_end = tile_end && (r_q == rtiles_q - 16'd1);
  wire acc_en = ac_valid && ac_adv;  // a beat adds into the accumulators this cycle
  wire capture = acc_en && ac_last;

  // Output side signals used by the control.
  logic out_hs, sb_last_head;

  // Loader: start, configuration registers, B load into the free bank.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ld_q <= LdIdle;
      ld_own_q <= 1'b0;
      err_q <= 1'b0;
      bcnt_q <= '0;
      f_a_n_q <= '0;
      f_out_n_q <= '0;
      f_lgn_q <= '0;
      f_blast_q <= '0;
      f_tot_q <= '0;
      f_kblocks_q <= '0;
      f_rtiles_q <= '0;
      f_relu_q <= 1'b0;
      f_shift_q <= '0;
    end else begin
      if (start_hs) err_q <= !cfg_ok;
      case (ld_q)
        LdIdle: begin
          if (start_ok) begin
            ld_q <= LdLoad;
            ld_own_q <= (st_q == StIdle);
            f_a_n_q <= cfg_a_n_i;
            f_out_n_q <= cfg_out_n_i;
            f_lgn_q <= lgn_in;
            f_blast_q <= blast_in;
            f_tot_q <= tot_in;
            f_kblocks_q <= cfg_kblocks_i;
            f_rtiles_q <= cfg_rtiles_i;
            f_relu_q <= cfg_relu_i;
            f_shift_q <= cfg_shift_i;
            bcnt_q <= '0;
          end
        end
        LdLoad: begin
          if (b_hs) begin
            bcnt_q <= bcnt_q + 1'b1;
            if (ld_last) ld_q <= xfer ? LdIdle : LdFull;
          end
        end
        default: begin  // LdFull: B loaded, waiting for the compute side
          if (xfer) ld_q <= LdIdle;
        end
      endcase
    end
  end
  always_ff @(posedge clk_i) begin
    if (start_ok) f_col_bias_q <= cfg_bias_i;
  end

  // Compute side: sequencer and flush.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      done_q <= 1'b0;
      t_q <= '0;
      j_q <= '0;
      r_q <= '0;
    end else begin
      done_q <= 1'b0;
      case (st_q)
        StIdle: begin
          if (xfer) begin
            st_q <= StComp;
            t_q <= f_first_t;
            j_q <= '0;
            r_q <= '0;
          end
        end
        StComp: begin
          if (issue) begin
            if (term_end) begin
              j_q <= '0;
              t_q <= next_t;
              if (tile_end) begin
                r_q <= r_q + 16'd1;
                if (job_end) st_q <= StFlush;
              end
            end else begin
              j_q <= j_q + 1'b1;
            end
          end
        end
        default: begin  // StFlush: wait for the last output beat
          if (out_hs && sb_last_head) begin
            st_q <= StIdle;
            done_q <= 1'b1;
          end
        end
      endcase
    end
  end

  // B banks: the loader writes the bank the compute side does not read (fbase_q, from its start);
  // the job takes that bank with it to the compute side (cbase_q). Bank b holds entries
  // [b*KBlocksMax, (b+1)*KBlocksMax) of bbuf_q. BBanks = 1: one bank at 0.
  if (BBanks > 1) begin : g_bank2
    logic [BaW-1:0] fbase_q, bwa_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        fbase_q <= '0;
        bwa_q <= '0;
        cbase_q <= BaW'(KBlocksMax);
      end else begin
        if (start_ok) begin
          fbase_q <= (cbase_q == '0) ? BaW'(KBlocksMax) : '0;
          bwa_q <= (cbase_q == '0) ? BaW'(KBlocksMax) : '0;
        end else if (b_hs) begin
          bwa_q <= bwa_q + 1'b1;
        end
        if (xfer) cbase_q <= fbase_q;
      end
    end
    assign b_wa = bwa_q;
`ifdef TASD_ASSERT
    // The loader never writes the bank the compute side reads.
    a_banks_apart: assert property (@(posedge clk_i) disable iff (!rst_ni)
      st_q != StIdle && ld_q != LdIdle |-> fbase_q != cbase_q);
`endif
  end else begin : g_bank1
    assign cbase_q = '0;
    assign b_wa = BaW'(bcnt_q);
  end

  // The compute side's copy of the configuration (BBanks = 1: the loader's registers).
  if (BBanks > 1) begin : g_cfg2
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        a_n_q <= '0;
        out_n_q <= '0;
        lgn_q <= '0;
        blast_q <= '0;
        tot_m1_q <= '0;
        kblocks_q <= '0;
        rtiles_q <= '0;
        relu_q <= 1'b0;
        shift_q <= '0;
        rnd_q <= '0;
      end else if (xfer) begin
        a_n_q <= f_a_n_q;
        out_n_q <= f_out_n_q;
        lgn_q <= f_lgn_q;
        blast_q <= f_blast_q;
        tot_m1_q <= f_tot_q - 1'b1;
        kblocks_q <= f_kblocks_q;
        rtiles_q <= f_rtiles_q;
        relu_q <= f_relu_q;
        shift_q <= f_shift_q;
        rnd_q <= rnd_of(f_shift_q);
      end
    end
    always_ff @(posedge clk_i) begin
      if (xfer) col_bias_q <= f_col_bias_q;
    end
  end else begin : g_cfg1
    assign a_n_q = f_a_n_q;
    assign out_n_q = f_out_n_q;
    assign lgn_q = f_lgn_q;
    assign blast_q = f_blast_q;
    assign tot_m1_q = f_tot_q - 1'b1;
    assign kblocks_q = f_kblocks_q;
    assign rtiles_q = f_rtiles_q;
    assign relu_q = f_relu_q;
    assign shift_q = f_shift_q;
    assign rnd_q = rnd_of(f_shift_q);
    assign col_bias_q = f_col_bias_q;
  end

  // ---------------------------------------------------------------------------------------
  // Biases. The column bias is part of the job configuration. The row bias arrives with a row
  // tile's first beat (rb_q) and stays there until that row tile's last beat moves its sums into
  // the drain buffer: the next row tile's first beat issues at the earliest in that same cycle
  // (its issue needs stage 1 to advance), so rb_q is never overwritten too early. With MulPipe
  // the next first beat may issue while the last beat moves from stage 1 to stage 2, so the bias
  // moves on with the first beat (s1 -> s2) into rb2_q, which the capture reads (rb_cap).
  // ---------------------------------------------------------------------------------------
  logic [Rows*AccW-1:0] rb_q;  // row bias of the row tile being accumulated
  wire rb_take = issue && first_beat;
  always_ff @(posedge clk_i) begin
    if (rb_take) rb_q <= a_bias_i;
  end
  logic [Rows*AccW-1:0] rb_cap;  // row bias of the row tile in the accumulate stage
  if (MulPipe == 1) begin : g_rb2
    logic [Rows*AccW-1:0] rb2_q;
    always_ff @(posedge clk_i) begin
      if (s1_valid_q && s1_adv && s1_clr_q) rb2_q <= rb_q;
    end
    assign rb_cap = rb2_q;
  end else begin : g_rb1
    assign rb_cap = rb_q;
  end

  // ---------------------------------------------------------------------------------------
  // B buffer (one write port during the load, Lanes read ports shared by all rows).
  // ---------------------------------------------------------------------------------------
  logic [BRowW-1:0] bbuf_q [BBanks*KBlocksMax];
  always_ff @(posedge clk_i) begin
    if (b_hs) bbuf_q[b_wa] <= b_data_i;
  end

  logic [Lanes*BRowW-1:0] bsel;  // lane l's B block at [l*BRowW +: BRowW]
  for (genvar l = 0; l < Lanes; l++) begin : g_bread
    assign bsel[l*BRowW +: BRowW] = bbuf_q[s1_blk_q[l*BaW +: BaW]];
  end

  // ---------------------------------------------------------------------------------------
  // Stage 1 and the PE array.
  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;
    end else if (!s1_valid_q || s1_adv) begin
      s1_valid_q <= issue;
    end
  end
  always_ff @(posedge clk_i) begin
    if (issue) begin
      s1_val_q <= a_val_i;
      s1_idx_q <= a_idx_i;
      s1_lvld_q <= lvld;
      s1_blk_q <= lblk;
      s1_clr_q <= first_beat;
      s1_last_q <= tile_end;
      s1_rtile_q <= r_q;
    end
  end

  logic [Rows*Cols*AccW-1:0] acc_d_all;
  for (genvar c = 0; c < Cols; c++) begin : g_col
    logic [Lanes*M*DataW-1:0] colblk;
    for (genvar l = 0; l < Lanes; l++) begin : g_lane
      for (genvar i = 0; i < M; i++) begin : g_elem
        assign colblk[(l*M + i)*DataW +: DataW] = bsel[l*BRowW + (i*Cols + c)*DataW +: DataW];
      end
    end
    for (genvar r = 0; r < Rows; r++) begin : g_row
      /* verilator lint_off PINCONNECTEMPTY */
      tasd_pe #(.Lanes(Lanes), .M(M), .DataW(DataW), .AccW(AccW), .MulPipe(MulPipe)) u_pe (
        .clk_i     (clk_i),
        .rst_ni    (rst_ni),
        .adv_i     (s1_adv),
        .in_valid_i(s1_valid_q),
        .clr_i     (s1_valid_q && s1_clr_q),
        .lane_vld_i(s1_lvld_q),
        .a_val_i   (s1_val_q[r*Lanes*DataW +: Lanes*DataW]),
        .a_idx_i   (s1_idx_q[r*Lanes*IdxW +: Lanes*IdxW]),
        .b_blk_i   (colblk),
        .acc_d_o   (acc_d_all[(r*Cols + c)*AccW +: AccW]),
        .acc_o     ()  // the drain takes acc_d_o; the register is internal state
      );
      /* verilator lint_on PINCONNECTEMPTY */
    end
  end

  // The accumulate stage's control: stage 1 itself, or stage 2 (MulPipe), which mirrors the
  // PEs' pipeline registers (they advance with s1_adv, as stage 2 here).
  if (MulPipe == 1) begin : g_s2
    logic        s2_valid_q, s2_clr_q, s2_last_q;
    logic [15:0] s2_rtile_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        s2_valid_q <= 1'b0;
      end else if (s1_adv) begin
        s2_valid_q <= s1_valid_q;
      end
    end
    always_ff @(posedge clk_i) begin
      if (s1_adv && s1_valid_q) begin
        s2_clr_q <= s1_clr_q;
        s2_last_q <= s1_last_q;
        s2_rtile_q <= s1_rtile_q;
      end
    end
    assign ac_valid = s2_valid_q;
    assign ac_clr = s2_clr_q;
    assign ac_last = s2_last_q;
    assign ac_rtile = s2_rtile_q;
    // Stage 2 moves on unless its beat is a last beat the drain cannot take; stage 1 moves
    // whenever stage 2 does (stage 2 empty: ac_adv = 1).
    assign ac_adv = !(s2_valid_q && s2_last_q && !drain_free);
    assign s1_adv = ac_adv;
  end else begin : g_s1
    assign ac_valid = s1_valid_q;
    assign ac_clr = s1_clr_q;
    assign ac_last = s1_last_q;
    assign ac_rtile = s1_rtile_q;
    assign ac_adv = !(s1_last_q && !drain_free);
    assign s1_adv = ac_adv;
  end

  // Beats accumulated since the row tile's first beat (independent psum check). A capture whose
  // count is not the row tile's beat total is a partial sum written back: it compares the count
  // before this beat with tot_m1_q (total - 1; a register with BBanks = 2, so no adder comes
  // before the compare).
  logic [BW-1:0] acc_beats_q;
  wire  [BW-1:0] acc_beats_now = ac_clr ? BW'(1) : acc_beats_q + 1'b1;
  wire           psum_wb = capture && (ac_clr ? tot_m1_q != '0 : acc_beats_q != tot_m1_q);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      acc_beats_q <= '0;
    end else if (acc_en) begin
      acc_beats_q <= acc_beats_now;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Drain buffer: Rows rows, shifted out one per cycle into post-processing + TASD units.
  // ---------------------------------------------------------------------------------------
  logic [Rows*Cols*AccW-1:0] dbuf_q;
  logic [Rows*AccW-1:0]      dbias_q;   // row biases of the rows in dbuf_q, head row first
  logic [$clog2(Rows+1)-1:0] dcnt_q;
  logic [RowW-1:0]           drow_q;    // row index of the head row inside the job
  logic                      djl_q;     // the drained row tile is the job's last
  wire                       drain_vld = (dcnt_q != '0);
  logic                      sb_full, u_in_ready, sk_ready;

  // The head row leaves whenever the register slice has room: sk_ready is a flop, so the drain
  // (and through drain_free the PE stage) never waits on the TASD units combinationally.
  assign drain_acc = drain_vld && sk_ready;
  assign drain_free = (dcnt_q == '0) || ((32'(dcnt_q) == 32'd1) && drain_acc);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      dcnt_q <= '0;
      drow_q <= '0;
      djl_q <= 1'b0;
    end else if (capture) begin
      dcnt_q <= ($clog2(Rows+1))'(Rows);
      drow_q <= RowW'(32'(ac_rtile) * 32'(Rows));
      djl_q <= (ac_rtile == rtiles_q - 16'd1);
    end else if (drain_acc) begin
      dcnt_q <= dcnt_q - 1'b1;
      drow_q <= drow_q + 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    if (capture) begin
      dbuf_q <= acc_d_all;
      dbias_q <= rb_cap;
    end else if (drain_acc) begin
      dbuf_q <= dbuf_q >> (Cols*AccW);
      dbias_q <= dbias_q >> AccW;
    end
  end

  // The head row's bias per column, registered whenever the head changes: hb = col_bias[c] +
  // row bias of the new head (wraps at AccW bits), hr = hb + the rounding term of the shift
  // (AccW+1 bits; tasd_post's bias_rnd_i). The new head is the next row tile's row 0 when the
  // drain holds at most one row (only a capture can bring a head then), else row 1 of the drain
  // buffer, so the operand select depends on registers only; capture || drain_acc loads.
  logic [Cols*AccW-1:0]     hb_q;
  logic [Cols*(AccW+1)-1:0] hr_q;
  logic [AccW-1:0]          nrb;    // row bias of the next head row
  if (Rows > 1) begin : g_nrb
    assign nrb = (32'(dcnt_q) <= 32'd1) ? rb_cap[AccW-1:0] : dbias_q[AccW +: AccW];
  end else begin : g_nrb1
    assign nrb = rb_cap[AccW-1:0];
  end
  for (genvar c = 0; c < Cols; c++) begin : g_hbias
    wire [AccW-1:0] hb_d = col_bias_q[c*AccW +: AccW] + nrb;   // wraps modulo 2^AccW
    always_ff @(posedge clk_i) begin
      if (capture || drain_acc) begin
        hb_q[c*AccW +: AccW] <= hb_d;
        hr_q[c*(AccW+1) +: AccW+1] <= {1'b0, hb_d} + rnd_q;
      end
    end
  end

  // The head row: x = acc + hb, then ReLU and requantization of x (tasd_post).
  wire [Cols*AccW-1:0] drow_acc = dbuf_q[Cols*AccW-1:0];
  logic [Cols*AccW-1:0] drow_x;   // biased sums of the head row (to the output via the sideband FIFO)
  logic [Cols*QW-1:0]  drow_q8;
  for (genvar c = 0; c < Cols; c++) begin : g_post
    tasd_post #(.AccW(AccW)) u_post (
      .acc_i     (drow_acc[c*AccW +: AccW]),
      .bias_i    (hb_q[c*AccW +: AccW]),
      .bias_rnd_i(hr_q[c*(AccW+1) +: AccW+1]),
      .relu_i    (relu_q),
      .shift_i   (shift_q),
      .sum_o     (drow_x[c*AccW +: AccW]),
      .q_o       (drow_q8[c*QW +: QW])
    );
  end

  // Register slice between the drain and the TASD units (2 rows, registered ready, full rate):
  // the whole drained row travels through it (biased sums, int8 values, row index, last), so
  // the units and the sideband FIFO take it together from the slice's output register.
  logic           sk_valid;
  logic [SbW-1:0] sk_data;
  wire            u_take = sk_valid && !sb_full;  // offered to the units (and the FIFO)
  tasd_skid_buf #(.Width(SbW)) u_skid (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (drain_vld),
    .in_ready_o (sk_ready),
    .in_data_i  ({drow_x, drow_q8, drow_q, djl_q && (32'(dcnt_q) == 32'd1)}),
    .out_valid_o(sk_valid),
    .out_ready_i(u_in_ready && !sb_full),
    .out_data_o (sk_data)
  );
  wire [Cols*QW-1:0] sk_q8 = sk_data[RowW + 1 +: Cols*QW];
  wire               u_hs = u_take && u_in_ready;  // a row enters the units and the FIFO

  // TASD units: one per M-column block, all fed and drained in lockstep. DrainSeq = 1 builds
  // the paper's sequential unit (max(1, sum N) cycles per block), so the drain stalls. Lean
  // units (MaxSlots = M/2) without a check of their own (CfgCheck = 0: u_out_cfg above checked
  // out_n_q for all of them, so their err_o is constant 0 and left open). The sideband FIFO
  // below already keeps every row the units took, in order, so the units do not hold the block
  // a second time (HoldBlock = 0): each packs its block of the FIFO's head row (out_q_o) after
  // its output register, which holds only the N fields and member masks.
  logic [NBlk-1:0] u_in_rdy, u_out_vld;
  /* verilator lint_off PINCONNECTEMPTY */
  for (genvar u = 0; u < NBlk; u++) begin : g_unit
    if (DrainSeq == 0) begin : g_par
      tasd_unit_par #(.M(M), .DataW(QW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                      .MaxSlots(OutSlots), .CfgCheck(0), .HoldBlock(0)) u_tasd (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .cfg_n_i       (out_n_q),
        .err_o         (),
        .in_valid_i    (u_take),
        .in_ready_o    (u_in_rdy[u]),
        .in_data_i     (sk_q8[u*M*QW +: M*QW]),
        .out_valid_o   (u_out_vld[u]),
        .out_ready_i   (out_ready_i),
        .out_blk_i     (out_q_o[u*M*QW +: M*QW]),
        .out_val_o     (out_tval_o[u*MaxTerms*M*QW +: MaxTerms*M*QW]),
        .out_idx_o     (out_tidx_o[u*MaxTerms*M*IdxW +: MaxTerms*M*IdxW]),
        .out_slot_vld_o(out_tvld_o[u*MaxTerms*M +: MaxTerms*M]),
        .out_mask_o    (out_tmask_o[u*MaxTerms*M +: MaxTerms*M])
      );
    end else begin : g_seq
      tasd_unit_seq #(.M(M), .DataW(QW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                      .MaxSlots(OutSlots), .CfgCheck(0), .HoldBlock(0)) u_tasd (
        .clk_i         (clk_i),
        .rst_ni        (rst_ni),
        .cfg_n_i       (out_n_q),
        .err_o         (),
        .in_valid_i    (u_take),
        .in_ready_o    (u_in_rdy[u]),
        .in_data_i     (sk_q8[u*M*QW +: M*QW]),
        .out_valid_o   (u_out_vld[u]),
        .out_ready_i   (out_ready_i),
        .out_blk_i     (out_q_o[u*M*QW +: M*QW]),
        .out_val_o     (out_tval_o[u*MaxTerms*M*QW +: MaxTerms*M*QW]),
        .out_idx_o     (out_tidx_o[u*MaxTerms*M*IdxW +: MaxTerms*M*IdxW]),
        .out_slot_vld_o(out_tvld_o[u*MaxTerms*M +: MaxTerms*M]),
        .out_mask_o    (out_tmask_o[u*MaxTerms*M +: MaxTerms*M])
      );
    end
  end
  /* verilator lint_on PINCONNECTEMPTY */
  // The units see identical handshakes and identical timing, so their ready/valid agree.
  assign u_in_ready = &u_in_rdy;
  assign out_valid_o = &u_out_vld;

  // Sideband FIFO: biased sums, int8 values, row index and last flag travel beside the units.
  logic [SbW-1:0]  sb_q [SbD];
  logic [SbAW-1:0] sb_wp_q, sb_rp_q;
  logic [SbAW:0]   sb_cnt_q;
  assign sb_full = (32'(sb_cnt_q) == 32'(SbD));
  assign out_hs = out_valid_o && out_ready_i;
  wire [SbW-1:0] sb_head = sb_q[sb_rp_q];
  assign sb_last_head = sb_head[0];

  always_ff @(posedge clk_i) begin
    if (u_hs) sb_q[sb_wp_q] <= sk_data;
  end
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sb_wp_q <= '0;
      sb_rp_q <= '0;
      sb_cnt_q <= '0;
    end else begin
      if (u_hs) sb_wp_q <= (32'(sb_wp_q) == 32'(SbD - 1)) ? '0 : sb_wp_q + 1'b1;
      if (out_hs) sb_rp_q <= (32'(sb_rp_q) == 32'(SbD - 1)) ? '0 : sb_rp_q + 1'b1;
      sb_cnt_q <= sb_cnt_q + (SbAW+1)'(u_hs) - (SbAW+1)'(out_hs);
    end
  end

  assign out_acc_o = sb_head[SbW-1 -: Cols*AccW];
  assign out_q_o = sb_head[RowW + 1 +: Cols*QW];
  assign out_row_o = 32'(sb_head[1 +: RowW]);
  assign out_last_o = sb_head[0];

  // ---------------------------------------------------------------------------------------
  // Performance counters.
  // ---------------------------------------------------------------------------------------
  // The counters belong to the job on the compute side, or to the loading job when it was
  // started while the compute side was idle (ld_own_q; always so with BBanks = 1): a legal start
  // then clears them, as before. A job started while another one computes (BBanks = 2) counts
  // its cycles in ld_cyc1 and takes over the counters when it moves to the compute side (cycles
  // from its start, its one B fill, everything else from 0); until then they show the previous
  // job's values, which are therefore still readable in its done_o cycle.
  // Every counter is a tasd_perf_cnt: the plain load/add counter's values, with a carry path
  // that does not grow with the width (a 32- or 48-bit ripple was the tile's worst path).
  localparam int MacIncW = 3 + $clog2(Rows * Cols + 1);  // bits of lcnt x Rows x Cols
  wire pc_clear = start_ok && (st_q == StIdle);
  wire pc_take = xfer && !ld_own_q;
  wire pc_load = pc_clear || pc_take;
  logic [31:0] ld_cyc1;  // cycles since the loading job's start, its start cycle included (BBanks = 2)
  if (BBanks > 1) begin : g_ldcyc
    tasd_perf_cnt #(.Width(32), .IncW(1)) u_ld_cyc (
      .clk_i, .rst_ni, .load_i(start_ok), .load_val_i(32'd1), .inc_i(ld_q != LdIdle),
      .cnt_o(ld_cyc1));
  end else begin : g_ldcyc1
    assign ld_cyc1 = '0;  // never used: every job owns the counters from its start
  end
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_cycles (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(pc_take ? ld_cyc1 : 32'd0),
    .inc_i(st_q != StIdle || (ld_own_q && ld_q != LdIdle)), .cnt_o(perf_cycles_o));
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_busy (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(32'd0), .inc_i(issue), .cnt_o(perf_busy_o));
  tasd_perf_cnt #(.Width(48), .IncW(MacIncW)) u_pc_macs (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(48'd0),
    .inc_i(issue ? MacIncW'(32'(lcnt) * (Rows * Cols)) : MacIncW'(0)), .cnt_o(perf_eff_macs_o));
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_stall (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(32'd0), .inc_i(st_q == StComp && !issue),
    .cnt_o(perf_stall_o));
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_bfill (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(pc_take ? 32'd1 : 32'd0),
    .inc_i(ld_last && ld_own_q), .cnt_o(perf_b_fills_o));
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_psum (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(32'd0),
    .inc_i(psum_wb), .cnt_o(perf_psum_wb_o));
  // The drain holds a row it cannot hand on for a reason inside the tile (the register slice
  // full: units or sideband FIFO behind it not ready) while the consumer is ready; consumer
  // stalls count apart.
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_dstall (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(32'd0),
    .inc_i(drain_vld && !drain_acc && out_ready_i), .cnt_o(perf_drain_stall_o));
  tasd_perf_cnt #(.Width(32), .IncW(1)) u_pc_ostall (
    .clk_i, .rst_ni, .load_i(pc_load), .load_val_i(32'd0),
    .inc_i(out_valid_o && !out_ready_i), .cnt_o(perf_out_stall_o));


`ifdef TASD_ASSERT
  // Structural promises the counters and the lockstep drain rely on (Verilator --assert).
  a_units_lockstep: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (u_in_rdy == '0 || u_in_rdy == '1) && (u_out_vld == '0 || u_out_vld == '1));
  a_sideband_sync: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_o |-> sb_cnt_q != '0);
  a_sideband_room: assert property (@(posedge clk_i) disable iff (!rst_ni)
    32'(sb_cnt_q) <= 32'(SbD));
  // The FIFO holds exactly the rows inside the units (the same handshakes), and SbD is one more
  // than the units can hold, so it is never full and the !sb_full guards never act (the toggle
  // coverage exclusion of sb_full, docs/verification.md "Coverage").
  a_sideband_never_full: assert property (@(posedge clk_i) disable iff (!rst_ni) !sb_full);
  a_out_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_acc_o) && $stable(out_q_o) &&
    $stable(out_row_o));
  // The environment keeps the AXI4-Stream rule on the inputs: a beat's payload (the row bias
  // included) does not change while it waits for ready.
  a_in_a_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    a_valid_i && !a_ready_o |=> !a_valid_i || ($stable(a_val_i) && $stable(a_idx_i) && $stable(a_bias_i)));
  a_in_start_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    start_i && !start_ready_o |=> start_i && $stable(cfg_a_n_i) && $stable(cfg_kblocks_i) &&
    $stable(cfg_rtiles_i) && $stable(cfg_relu_i) && $stable(cfg_shift_i) && $stable(cfg_out_n_i) &&
    $stable(cfg_bias_i));
  // A job moves to the compute side only with its B complete, and only one job loads at a time.
  a_xfer_loaded: assert property (@(posedge clk_i) disable iff (!rst_ni)
    xfer |-> st_q == StIdle && (ld_q == LdFull || (ld_q == LdLoad && ld_last)));
  a_no_b_unless_loading: assert property (@(posedge clk_i) disable iff (!rst_ni)
    b_ready_o |-> ld_q == LdLoad && bcnt_q < f_kblocks_q);
  a_in_b_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    b_valid_i && !b_ready_o |=> !b_valid_i || $stable(b_data_i));
  // A row tile's bias is taken only when the previous row tile's bias has left rb_q or leaves
  // it in the same cycle: at its capture, or with MulPipe when its first beat moves to stage 2
  // (into rb2_q, which in turn is loaded only when the row tile before has been captured).
  logic rb_pend_q, rb2_pend_q;  // rb_q / rb2_q hold a bias not yet consumed
  wire  rb_move = s1_valid_q && s1_adv && s1_clr_q;  // a first beat leaves stage 1
  wire  rb_used = (MulPipe == 1) ? rb_move : capture;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rb_pend_q <= 1'b0;
      rb2_pend_q <= 1'b0;
    end else begin
      rb_pend_q <= rb_take || (rb_pend_q && !rb_used);
      rb2_pend_q <= (MulPipe == 1) && (rb_move || (rb2_pend_q && !capture));
    end
  end
  a_row_bias_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rb_take |-> !rb_pend_q || rb_used);
  a_row_bias2_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
    MulPipe == 1 && rb_move |-> !rb2_pend_q || capture);
  // The registered head bias is the head row's: column bias + its row bias (+ rounding term).
  logic hb_ok;
  always_comb begin
    hb_ok = 1'b1;
    for (int c = 0; c < Cols; c++) begin
      if (hb_q[c*AccW +: AccW] != col_bias_q[c*AccW +: AccW] + dbias_q[AccW-1:0] ||
          hr_q[c*(AccW+1) +: AccW+1] != {1'b0, hb_q[c*AccW +: AccW]} + rnd_q) hb_ok = 1'b0;
    end
  end
  a_head_bias: assert property (@(posedge clk_i) disable iff (!rst_ni) drain_vld |-> hb_ok);
  a_no_psum_wb: assert property (@(posedge clk_i) disable iff (!rst_ni)
    capture |-> acc_beats_now == tot_m1_q + 1'b1);
  a_capture_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
    capture |-> dcnt_q == '0 || (32'(dcnt_q) == 32'd1 && drain_acc));
`endif

  assign busy_o = (st_q != StIdle) || (ld_q != LdIdle);
  assign done_o = done_q;
  assign err_o = err_q;

endmodule

`default_nettype wire
