// SPDX-License-Identifier: Apache-2.0
// Verilator co-simulation of the TTC tile (rtl/tasd_ttc_tile.sv) against the C model (tasd_tile_*).
//
// Built once per parameter set by tb/tile.mk; parameters arrive as -D macros (P_*) and as
// Verilator -G overrides, so harness and RTL agree.
//
// Usage: Vtile <mode> [+seed=S] [+gemms=N] [+trace] [+noretrace] [+tol=PCT] [+verilator+rand+reset+2 ...]
//   rand     random GEMMs (shapes, series incl. zero/reordered terms, output series, ReLU/shift,
//            random column/row biases incl. extremes that wrap, extreme values, random B/A
//            stalls and output backpressure, garbage on invalid lanes, on the row bias of every
//            beat but a row tile's first and on cfg_bias_i after start) plus illegal
//            configurations; every output beat compared bit for bit. +rtiles=R: a GEMM has up
//            to R row tiles (default 3); with R >= 4 the run fails unless some job had >= 4
//            (the row-tile counters' upper bits, docs/verification.md "Coverage")
//   bench    default-tile bench: K=256 GEMMs for every series, then the paper's layer shapes
//            (cycle model for the full layer, RTL co-simulation of a slice); writes CSV rows
//            to stdout prefixed "CSV," (tb/tile.mk collects them into build/bench/tile.csv)
//   main     the main job's built-in workload: one GEMM per series (64 row tiles, K=256), one-screen
//            summary with ideal 8/sumN and deviation; fails when a series' cycles differ from
//            the cycle model or its speedup is more than +tol=PCT (10) percent off the ideal
//   params   prints the build's parameters as R,C,M,L,T,KBM,PS,SEQ (the job-file order) and exits
//   jobs     +in=JOBS.npz +out=RESULT.npz [+stall=PCT]: runs the jobs of a job file (written by a
//            network driver or tb/tile/tile_jobgen; format in docs/tile.md "Job files") through
//            the RTL, each compared with tasd_tile_run / tasd_tile_cycles, one line per job,
//            then writes RESULT.npz (the RTL's outputs and counters). +stall=PCT: B/A valid and
//            output ready each low PCT% of the cycles (default 0: cycles must equal the model).
//            Exit 0 all passed, 1 a mismatch, 2 bad job file (names the array) or params not
//            this build's, 3 an illegal cfg (the RTL raised err_o and refused it, as it must)
// +vec=PREFIX writes per-cycle input/output vectors for the Icarus cross-check (ivcheck.sh).
// Every run prints its seed and replay command. On a failure the run stops; in rand mode it
// re-runs itself with +trace (unless +noretrace), writing an FST next to the binary; bench and
// main (long runs) only print the command that would trace.
// Coverage builds (make coverage, tb/cov.mk) write their counters to $TASD_COVFILE (tb/common/tasd_tb_cov.h).
#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>
#include <unistd.h>

#include "Vtile.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#include "tasd.h"
#include "../common/tasd_tb_cov.h"
#include "../common/tasd_tb_funcov.h"
#include "../common/tasd_tb_rng.h"
#include "tile_jobs.h"

#ifndef P_ROWS
#error "build with -DP_ROWS=.. -DP_COLS=.. -DP_M=.. -DP_L=.. -DP_T=.. -DP_KBM=.. -DP_PS=.. [-DP_SEQ=1]"
#endif
#ifndef P_SEQ
#define P_SEQ 0  // drain TASD units: 0 parallel, 1 sequential (RTL DrainSeq)
#endif
#ifndef TASD_P_BBanks
#define TASD_P_BBanks 2  // B buffer banks (RTL BBanks): 2 = the next job's B loads during compute
#endif
#ifndef TASD_P_MulPipe
#define TASD_P_MulPipe 0  // RTL MulPipe: 1 = the PEs' pipeline register (one more PE stage)
#endif

static const int kIdxW = (P_M == 4) ? 2 : (P_M == 8) ? 3 : 4;
static const int kNB = P_COLS / P_M;
static const int kKbW = [] { int w = 0; while ((1 << w) < P_KBM + 1) w++; return w; }();  // cfg_kblocks_i

// ---------------------------------------------------------------------------------------------
// Small utilities: bit access on Verilator ports of any width (Rng: tb/common/tasd_tb_rng.h).
// ---------------------------------------------------------------------------------------------

template <typename T>
static void setb(T &port, int pos, int w, uint32_t v) {
  for (int i = 0; i < w; i++) {
    int b = pos + i;
    uint32_t bit = (v >> i) & 1u;
    if constexpr (std::is_integral<T>::value) {
      if (bit) port = (T)(port | ((T)1 << b));
      else port = (T)(port & ~((T)1 << b));
    } else {
      if (bit) port[b / 32] |= (1u << (b % 32));
      else port[b / 32] &= ~(1u << (b % 32));
    }
  }
}
template <typename T>
static uint32_t getb(const T &port, int pos, int w) {
  uint32_t v = 0;
  for (int i = 0; i < w; i++) {
    int b = pos + i;
    uint32_t bit;
    if constexpr (std::is_integral<T>::value) bit = (uint32_t)((port >> b) & 1u);
    else bit = (port[b / 32] >> (b % 32)) & 1u;
    v |= bit << i;
  }
  return v;
}

static std::string g_replay;
// Functional coverage of the rand mode (docs/verification.md, "Functional coverage"): bins
// declared by fc_declare, written to +funcov=PATH or $TASD_FUNCOV_DIR at the end of a run.
static TasdFunCov g_fc;
static std::string g_funcov;
#define TASD_TB_STR2(x) #x
#define TASD_TB_STR(x) TASD_TB_STR2(x)
#ifdef TASD_CFG_NAME
static const char *const kCfgName = TASD_TB_STR(TASD_CFG_NAME);  // the rtl/configs.tsv row
#else
static const char *const kCfgName = "tile";
#endif
static bool g_trace = false;
static bool g_retrace = false;  // re-run with +trace on a failure (rand mode only: it is short)
static char **g_argv;
static double g_tol = 10.0;     // main: allowed |speedup / ideal - 1| in percent (+tol=PCT)

// jobs mode: a failure ends the job, not the run (the tile is reset and the next job runs).
struct JobFail {
  std::string msg;
};
static bool g_throw = false;

static void fail_exit(const char *fmt, ...) {
  va_list ap;
  if (g_throw) {
    char buf[1024];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    throw JobFail{buf};
  }
  va_start(ap, fmt);
  fprintf(stdout, "FAIL: ");
  vfprintf(stdout, fmt, ap);
  fprintf(stdout, "\n");
  va_end(ap);
  fprintf(stdout, "replay: %s\n", g_replay.c_str());
  fflush(stdout);
  if (!g_trace && !g_retrace) {
    fprintf(stdout, "trace: %s +trace (writes an FST next to the binary)\n", g_replay.c_str());
    fflush(stdout);
  }
  if (!g_trace && g_retrace) {
    // Re-run the same seed with an FST trace of the failing run.
    std::vector<char *> args;
    for (char **a = g_argv; *a; a++) args.push_back(*a);
    static char tr[] = "+trace";
    args.push_back(tr);
    args.push_back(nullptr);
    fprintf(stdout, "re-running with +trace to write an FST\n");
    fflush(stdout);
    execv(g_argv[0], args.data());
  }
  exit(1);
}

// ---------------------------------------------------------------------------------------------
// Cycle vectors for the Icarus cross-check (+vec=PREFIX): PREFIX.in holds every cycle's inputs,
// PREFIX.out what Verilator's model showed in that cycle before the clock edge. The Icarus
// testbench (tb/tile/tile_iv_tb.sv) replays .in and writes the same .out format; the two .out
// files must be identical (tb/tile/ivcheck.sh).
// ---------------------------------------------------------------------------------------------
static FILE *g_vin = nullptr, *g_vout = nullptr;
template <typename T>
static void hexw(FILE *f, const T &port, int width) {
  const int nd = (width + 3) / 4;
  for (int d = nd - 1; d >= 0; d--) {
    int w = std::min(4, width - d * 4);
    fprintf(f, "%x", getb(port, d * 4, w));
  }
  fputc(' ', f);
}
static void vec_cycle(Vtile *top) {
  const int nw = kIdxW + 1, kbw = [] { int w = 0; while ((1 << w) < P_KBM + 1) w++; return w; }();
  FILE *f = g_vin;
  fprintf(f, "%x %x ", top->rst_ni, top->start_i);
  hexw(f, top->cfg_a_n_i, P_T * nw);
  hexw(f, top->cfg_kblocks_i, kbw);
  hexw(f, top->cfg_rtiles_i, 16);
  fprintf(f, "%x ", top->cfg_relu_i);
  hexw(f, top->cfg_shift_i, 5);
  hexw(f, top->cfg_out_n_i, P_T * nw);
  hexw(f, top->cfg_bias_i, P_COLS * 32);
  fprintf(f, "%x ", top->b_valid_i);
  hexw(f, top->b_data_i, P_M * P_COLS * 8);
  fprintf(f, "%x ", top->a_valid_i);
  hexw(f, top->a_val_i, P_ROWS * P_L * 8);
  hexw(f, top->a_idx_i, P_ROWS * P_L * kIdxW);
  hexw(f, top->a_bias_i, P_ROWS * 32);
  fprintf(f, "%x\n", top->out_ready_i);
  f = g_vout;
  fprintf(f, "%x %x %x %x %x %x %x ", top->b_ready_o, top->a_ready_o, top->out_valid_o, top->busy_o,
          top->err_o, top->done_o, top->start_ready_o);
  hexw(f, top->perf_cycles_o, 32);
  hexw(f, top->perf_busy_o, 32);
  hexw(f, top->perf_stall_o, 32);
  hexw(f, top->perf_eff_macs_o, 48);
  hexw(f, top->perf_b_fills_o, 32);
  hexw(f, top->perf_psum_wb_o, 32);
  hexw(f, top->perf_drain_stall_o, 32);
  hexw(f, top->perf_out_stall_o, 32);
  if (top->out_valid_o) {
    hexw(f, top->out_acc_o, P_COLS * 32);
    hexw(f, top->out_q_o, P_COLS * 8);
    hexw(f, top->out_tval_o, kNB * P_T * P_M * 8);
    hexw(f, top->out_tidx_o, kNB * P_T * P_M * kIdxW);
    hexw(f, top->out_tvld_o, kNB * P_T * P_M);
    hexw(f, top->out_tmask_o, kNB * P_T * P_M);
    hexw(f, top->out_row_o, 32);
    fprintf(f, "%x\n", top->out_last_o);
  } else {
    fprintf(f, "-\n");
  }
}

// ---------------------------------------------------------------------------------------------
// Simulator wrapper.
// ---------------------------------------------------------------------------------------------
struct Sim {
  VerilatedContext ctx;
  Vtile *top;
  VerilatedFstC *tfp = nullptr;
  TasdTbCov cov;  // coverage builds (tb/common/tasd_tb_cov.h)
  uint64_t t = 0;
  Sim(const char *fst, int argc, char **argv) {
    ctx.commandArgs(argc, argv);  // +verilator+rand+reset+2 etc.
    top = new Vtile(&ctx);
    if (fst) {
      ctx.traceEverOn(true);
      tfp = new VerilatedFstC;
      top->trace(tfp, 99);
      tfp->open(fst);
    }
    top->clk_i = 0;
    top->rst_ni = 0;
    top->start_i = 0;
    top->b_valid_i = 0;
    top->a_valid_i = 0;
    top->out_ready_i = 0;
    top->eval();
    for (int i = 0; i < 3; i++) tick();
    top->rst_ni = 1;
    top->eval();
  }
  ~Sim() {
    if (tfp) {
      tfp->close();
      delete tfp;
    }
    top->final();
    cov.write(&ctx);
    delete top;
  }
  void tick() {
    cov.cycle(&ctx, !top->rst_ni);
    top->eval();
    if (g_vin) vec_cycle(top);
    top->clk_i = 1;
    top->eval();
    if (tfp) tfp->dump(t);
    t++;
    top->clk_i = 0;
    top->eval();
    if (tfp) tfp->dump(t);
    t++;
  }
};

static tasd_tile_params tile_params() {
  tasd_tile_params p;
  p.rows = P_ROWS;
  p.cols = P_COLS;
  p.m = P_M;
  p.lanes = P_L;
  p.max_terms = P_T;
  p.kblocks_max = P_KBM;
  p.pipe_stages = P_PS;
  p.drain_seq = P_SEQ;
  p.b_banks = TASD_P_BBanks;
  p.mul_pipe = TASD_P_MulPipe;
  return p;
}

static void drive_cfg(Sim &s, const tasd_tile_cfg &c, uint32_t raw_kblocks, uint32_t raw_rtiles) {
  const int nw = kIdxW + 1;
  s.top->cfg_a_n_i = 0;
  s.top->cfg_out_n_i = 0;
  for (int t = 0; t < P_T; t++) {
    setb(s.top->cfg_a_n_i, t * nw, nw, c.a_n[t]);
    setb(s.top->cfg_out_n_i, t * nw, nw, c.out_n[t]);
  }
  s.top->cfg_kblocks_i = raw_kblocks;
  s.top->cfg_rtiles_i = raw_rtiles;
  s.top->cfg_relu_i = c.relu;
  s.top->cfg_shift_i = c.shift;
  for (int col = 0; col < P_COLS; col++)
    setb(s.top->cfg_bias_i, col * 32, 32, c.col_bias ? (uint32_t)c.col_bias[col] : 0u);
}

// Random 32-bit words on a port (garbage the tile must ignore).
template <typename T>
static void garbage(T &port, int width, Rng &rng) {
  for (int w = 0; w < width; w += 32) setb(port, w, std::min(32, width - w), (uint32_t)rng.next());
}

// ---------------------------------------------------------------------------------------------
// A sequence of jobs run back to back (docs/tile.md "Back-to-back jobs"). Entry i's start_i is
// raised in the cycle after entry i-1's start handshake (after a random gap when the run
// stalls) and held, with its cfg_*, until start_ready_o; cfg_* carry garbage while start_i is
// low. The B, A and output streams run on their own across the jobs: B beats of job n are
// offered (valid may be high before the job has started: the tile must not take them early),
// A beats likewise, and every output beat is compared with the expected job's tasd_tile_run
// row. The row bias (a_bias_i) is driven with each row tile's first beat, garbage on every
// other beat and while a_valid_i is low; like the rest of the A payload it is held while a
// beat waits for a_ready_o (SVA a_in_a_held). Illegal entries (cfg refused by the C model)
// must raise err_o and take nothing; err_o must then stay up until the next legal start. At
// each done_o the job's counters are read and checked; without stalls every job's start and
// done cycle and counters equal tasd_tile_seq_cycles exactly. got (may be null): receives the
// RTL's output beats (tasd_tile_out layout, arrays allocated by the caller).
// reset_at > 0: a reset hits the tile in that cycle of the sequence (jobs in flight are
// dropped; the tile must come back idle and empty) and run_jobs returns early: the entries
// with status 0 are still to run.
// ---------------------------------------------------------------------------------------------
struct Stalls {
  double pb = 1.0, pa = 1.0, po = 1.0, ps = 1.0;  // probabilities of valid / ready / start per cycle
  bool any() const { return pb < 1.0 || pa < 1.0 || po < 1.0 || ps < 1.0; }
};
struct JobSpec {
  tasd_tile_cfg c{};
  bool legal = true;              // false: an illegal cfg that the tile must refuse
  const tasd_tile_a *a = nullptr;
  const int8_t *b = nullptr;
  const tasd_tile_out *exp = nullptr;
  tasd_tile_out *got = nullptr;
  std::string tag;
};
struct JobRes {
  uint64_t cycles_tb = 0, cycles = 0, busy = 0, stall = 0, macs = 0, bfills = 0, psum = 0,
           dstall = 0, ostall = 0, ostall_tb = 0,
           releases = 0;  // cycles out_ready_i is high right after a consumer stall
  uint64_t start = 0, done = 0;   // cycles of the start handshake and of done_o (from the first start)
  int status = 0;                 // 0 not run (or dropped by a reset), 1 passed, 2 failed, 3 refused
  tasd_tile_perf model{};         // tasd_tile_seq_cycles' prediction in this sequence
  tasd_tile_perf alone{};         // tasd_tile_cycles (the job alone)
};
struct SeqRes {
  uint64_t cycles = 0, model_cycles = 0;  // first start to the last done_o: measured, model
  bool reset = false;                     // stopped by reset_at
};
static size_t g_fail_entry = 0;  // the entry a failure is about (jobs mode marks it failed)

static void check_done(Sim &s, const JobSpec &js, JobRes &res, const Stalls &st, const char *tag);

static void run_jobs(Sim &s, const tasd_tile_params &p, const std::vector<JobSpec> &js,
                     std::vector<JobRes> &res, const Stalls &st, Rng &rng, SeqRes &sr,
                     uint64_t reset_at = 0) {
  auto *top = s.top;
  const size_t nj = js.size();
  res.assign(nj, JobRes{});
  sr = SeqRes{};
  if (top->busy_o) fail_exit("%s: tile busy before the first start", nj ? js[0].tag.c_str() : "?");
  {  // The model of this sequence (illegal entries included: they take a start cycle).
    std::vector<tasd_tile_cfg> cs(nj);
    std::vector<tasd_tile_perf> mp(nj);
    for (size_t i = 0; i < nj; i++) cs[i] = js[i].c;
    if (tasd_tile_seq_cycles(&p, cs.data(), nj, mp.data(), &sr.model_cycles) != TASD_OK)
      fail_exit("tasd_tile_seq_cycles refused the sequence");
    for (size_t i = 0; i < nj; i++) {
      res[i].model = mp[i];
      if (js[i].legal && tasd_tile_cycles(&p, &js[i].c, &res[i].alone) != TASD_OK)
        fail_exit("%s: cycle model refused", js[i].tag.c_str());
      if (js[i].legal != (tasd_tile_cfg_check(&p, &js[i].c) == TASD_OK))
        fail_exit("%s: legality differs from the C check", js[i].tag.c_str());
    }
  }
  // The A beat sequence of each job: row tile, term (enabled, in order), beat.
  struct Beat { uint32_t rt, t, j; bool first; };  // first: the row tile's first beat
  std::vector<std::vector<Beat>> beats(nj);
  for (size_t i = 0; i < nj; i++) {
    if (!js[i].legal) continue;
    const tasd_tile_cfg &c = js[i].c;
    for (uint32_t rt = 0; rt < c.rtiles; rt++) {
      const size_t b0 = beats[i].size();
      for (uint32_t t = 0; t < (uint32_t)P_T; t++)
        for (uint32_t j = 0; j < tasd_tile_term_beats(&p, c.a_n[t], c.kblocks); j++)
          beats[i].push_back({rt, t, j, beats[i].size() == b0});
    }
  }
  // Next legal entry at or after i (nj if none).
  auto next_legal = [&](size_t i) { while (i < nj && !js[i].legal) i++; return i; };
  size_t si = 0;                       // next entry to start
  size_t bj = next_legal(0), aj = bj, oj = bj, dj = bj;  // B, A, output, done: job index
  uint32_t bi = 0, ai = 0, orow = 0;   // beat / row inside that job
  size_t nstarted = 0;                 // entries started (legal or refused)
  std::vector<bool> bdone(nj, false);  // all B beats of the job taken
  bool bv = false, av = false, sv = false, out_stalled = false, err_exp = top->err_o;
  bool refused_last = false;           // the last start handshake was a refused entry
  int8_t val[P_ROWS * P_L];
  uint8_t idx[P_ROWS * P_L], lv[P_L];
  const uint64_t limit = 1000 + 50 * (sr.model_cycles + 10);
  uint64_t cyc = 0, t0 = 0;  // t0: the first start handshake (cycle 0 of the sequence)
  bool first_hs = false;
  size_t ndone = 0, nlegal = 0;
  for (size_t i = 0; i < nj; i++) nlegal += js[i].legal;
  while (ndone < nlegal || si < nj) {
    // Start: raise start_i for entry si (after a random gap when stalled), hold it with cfg_*.
    if (!sv && si < nj && (nstarted == 0 || rng.chance(st.ps))) {
      sv = true;
      drive_cfg(s, js[si].c, js[si].c.kblocks, js[si].c.rtiles);
    }
    if (!sv) {  // garbage on the configuration while start_i is low
      garbage(top->cfg_a_n_i, P_T * (kIdxW + 1), rng);
      garbage(top->cfg_kblocks_i, kKbW, rng);
      garbage(top->cfg_rtiles_i, 16, rng);
      top->cfg_relu_i = rng.below(2);
      top->cfg_shift_i = rng.below(32);
      garbage(top->cfg_out_n_i, P_T * (kIdxW + 1), rng);
      garbage(top->cfg_bias_i, P_COLS * 32, rng);
    }
    top->start_i = sv;
    // Drive B (random garbage on the bus while b_valid_i is low).
    if (!bv) garbage(top->b_data_i, P_M * P_COLS * 8, rng);
    if (!bv && bj < nj && rng.chance(st.pb)) {
      bv = true;
      const int8_t *bjob = js[bj].b;
      for (int i = 0; i < P_M; i++)
        for (int col = 0; col < P_COLS; col++)
          setb(top->b_data_i, (i * P_COLS + col) * 8, 8,
               (uint8_t)bjob[((size_t)bi * P_M + i) * P_COLS + col]);
    }
    top->b_valid_i = bv;
    // Drive A (garbage while a_valid_i is low and on invalid lanes: the tile must ignore them).
    if (!av) {
      garbage(top->a_val_i, P_ROWS * P_L * 8, rng);
      garbage(top->a_idx_i, P_ROWS * P_L * kIdxW, rng);
      garbage(top->a_bias_i, P_ROWS * 32, rng);
    }
    if (!av && aj < nj && rng.chance(st.pa)) {
      av = true;
      const Beat &b = beats[aj][ai];
      const JobSpec &J = js[aj];
      if (tasd_tile_a_beat(&p, &J.c, J.a, b.rt, b.t, b.j, val, idx, lv) != TASD_OK)
        fail_exit("%s: tasd_tile_a_beat refused", J.tag.c_str());
      for (int r = 0; r < P_ROWS; r++)
        for (int l = 0; l < P_L; l++) {
          uint32_t v = (uint8_t)val[r * P_L + l], x = idx[r * P_L + l];
          if (!lv[l]) {
            v = rng.below(256);
            x = rng.below(P_M);
          }
          setb(top->a_val_i, (r * P_L + l) * 8, 8, v);
          setb(top->a_idx_i, (r * P_L + l) * kIdxW, kIdxW, x);
        }
      // The row bias only on a row tile's first beat; the garbage drawn above stays otherwise.
      if (b.first)
        for (int r = 0; r < P_ROWS; r++)
          setb(top->a_bias_i, r * 32, 32,
               J.a->row_bias ? (uint32_t)J.a->row_bias[(size_t)b.rt * P_ROWS + r] : 0u);
    }
    top->a_valid_i = av;
    top->out_ready_i = rng.chance(st.po);
    top->eval();

    g_fail_entry = oj < nj ? oj : (si < nj ? si : 0);
    const char *otag = oj < nj ? js[oj].tag.c_str() : (si < nj ? js[si].tag.c_str() : "sequence");
    if (top->err_o != err_exp)
      fail_exit("%s: err_o %u, want %u (cycle %" PRIu64 ")", otag, top->err_o, err_exp, cyc - t0);
    if (refused_last && (!top->start_ready_o || top->b_ready_o))
      fail_exit("%s: the tile took the refused job (start_ready_o %u, b_ready_o %u)",
                js[si - 1].tag.c_str(), top->start_ready_o, top->b_ready_o);
    refused_last = false;
    bool start_hs = top->start_i && top->start_ready_o;
    bool refused_now = false;
    if (start_hs) {
      if (!first_hs) {
        first_hs = true;
        t0 = cyc;
      }
      res[si].start = cyc - t0;
      if (!js[si].legal) {
        refused_now = true;
        res[si].status = 3;
      }
      err_exp = !js[si].legal;
      nstarted++;
      si++;
      sv = false;
    }
    if (top->b_valid_i && top->b_ready_o) {
      if (bj >= nj) fail_exit("%s: extra B beat taken", otag);
      if (bj >= si || (bj + 1 == si && start_hs))
        fail_exit("%s: B taken before its start", js[bj].tag.c_str());
      bv = false;
      if (++bi == js[bj].c.kblocks) {
        bdone[bj] = true;
        bj = next_legal(bj + 1);
        bi = 0;
      }
    }
    if (top->a_valid_i && top->a_ready_o) {
      if (aj >= nj) fail_exit("%s: extra A beat taken", otag);
      if (!bdone[aj] || (bj == aj)) fail_exit("%s: A accepted before B was loaded", js[aj].tag.c_str());
      if (aj != dj) fail_exit("%s: A accepted before the previous job was done", js[aj].tag.c_str());
      av = false;
      if (++ai == beats[aj].size()) {
        aj = next_legal(aj + 1);
        ai = 0;
      }
    }
    // Consumer backpressure, counted from the ports (compared with perf_out_stall_o).
    if (oj < nj) {
      if (top->out_valid_o && !top->out_ready_i) res[oj].ostall_tb++;
      if (top->out_ready_i && out_stalled) res[oj].releases++;
    }
    out_stalled = top->out_valid_o && !top->out_ready_i;
    // No sum may leave the array before its row tile's last beat: checked every cycle, so a
    // partial-sum write-back is reported by its counter before any output beat differs.
    if (top->perf_psum_wb_o != 0)
      fail_exit("%s: psum_wb %u after cycle %" PRIu64 ": sums left before all terms were added",
                otag, top->perf_psum_wb_o, cyc - t0);
    bool last_out = false;
    if (top->out_valid_o && top->out_ready_i) {
      if (oj >= nj) fail_exit("extra output beat after the last job");
      const JobSpec &J = js[oj];
      const tasd_tile_out &exp = *J.exp;
      const char *tag = J.tag.c_str();
      const uint32_t nrows = J.c.rtiles * P_ROWS;
      const uint32_t r = orow;
      if (J.got) {  // the RTL's beat, recorded before it is compared
        tasd_tile_out *got = J.got;
        for (int col = 0; col < P_COLS; col++) {
          got->acc[(size_t)r * P_COLS + col] = (int32_t)getb(top->out_acc_o, col * 32, 32);
          got->q[(size_t)r * P_COLS + col] = (int8_t)getb(top->out_q_o, col * 8, 8);
        }
        for (int f = 0; f < kNB * P_T * P_M; f++) {
          const size_t o = (size_t)r * kNB * P_T * P_M + f;  // same order as the port fields
          got->tval[o] = (int8_t)getb(top->out_tval_o, f * 8, 8);
          got->tidx[o] = (uint8_t)getb(top->out_tidx_o, f * kIdxW, kIdxW);
          got->tvld[o] = (uint8_t)getb(top->out_tvld_o, f, 1);
          got->tmask[o] = (uint8_t)getb(top->out_tmask_o, f, 1);
        }
      }
      if (top->out_row_o != r) fail_exit("%s: out_row %u, want %u", tag, top->out_row_o, r);
      if (top->out_last_o != (r == nrows - 1))
        fail_exit("%s: row %u out_last %u", tag, r, top->out_last_o);
      for (int col = 0; col < P_COLS; col++) {
        int32_t acc = (int32_t)getb(top->out_acc_o, col * 32, 32);
        int32_t want = exp.acc[(size_t)r * P_COLS + col];
        if (acc != want) fail_exit("%s: row %u col %d acc %d, want %d", tag, r, col, acc, want);
        int8_t q = (int8_t)getb(top->out_q_o, col * 8, 8);
        if (q != exp.q[(size_t)r * P_COLS + col])
          fail_exit("%s: row %u col %d q %d, want %d", tag, r, col, q,
                    exp.q[(size_t)r * P_COLS + col]);
      }
      for (int u = 0; u < kNB; u++)
        for (int t = 0; t < P_T; t++)
          for (int k = 0; k < P_M; k++) {
            const int f = (u * P_T + t) * P_M + k;
            const size_t o = ((size_t)r * kNB + u) * P_T * P_M + t * P_M + k;
            int8_t tv = (int8_t)getb(top->out_tval_o, f * 8, 8);
            uint32_t ti = getb(top->out_tidx_o, f * kIdxW, kIdxW);
            uint32_t vl = getb(top->out_tvld_o, f, 1), mk = getb(top->out_tmask_o, f, 1);
            if (tv != exp.tval[o] || ti != exp.tidx[o] || vl != exp.tvld[o] || mk != exp.tmask[o])
              fail_exit("%s: row %u block %d term %d slot %d: val/idx/vld/mask %d/%u/%u/%u, "
                        "want %d/%u/%u/%u", tag, r, u, t, k, tv, ti, vl, mk, exp.tval[o],
                        exp.tidx[o], exp.tvld[o], exp.tmask[o]);
          }
      if (++orow == nrows) {
        last_out = true;
        oj = next_legal(oj + 1);
        orow = 0;
      }
    }
    if (reset_at && first_hs && cyc - t0 + 1 >= reset_at) {
      // A reset in the middle of the sequence: everything in flight is dropped.
      top->b_valid_i = 0;
      top->a_valid_i = 0;
      top->start_i = 0;
      top->rst_ni = 0;
      s.tick();
      top->rst_ni = 1;
      top->out_ready_i = 1;
      for (int i = 0; i < 4; i++) {
        top->eval();
        if (top->busy_o || top->out_valid_o || top->err_o || top->b_ready_o || top->a_ready_o ||
            !top->start_ready_o || top->perf_cycles_o != 0 || top->done_o)
          fail_exit("reset in cycle %" PRIu64 " of a job sequence: tile not idle and empty (busy %u "
                    "out_valid %u err %u b_ready %u a_ready %u start_ready %u perf_cycles %u done %u)",
                    cyc - t0, top->busy_o, top->out_valid_o, top->err_o, top->b_ready_o,
                    top->a_ready_o, top->start_ready_o, top->perf_cycles_o, top->done_o);
        s.tick();
      }
      top->out_ready_i = 0;
      top->eval();
      sr.reset = true;  // the entries with status 0 were dropped or not started
      return;
    }
    s.tick();
    cyc++;
    refused_last = refused_now;
    if (top->done_o) {
      g_fail_entry = dj;
      if (dj >= nj || !last_out)
        fail_exit("%s: done_o without a job's last output beat in the cycle before",
                  dj < nj ? js[dj].tag.c_str() : "sequence");
      res[dj].done = cyc - t0;
      res[dj].cycles_tb = res[dj].done - res[dj].start - 1;
      check_done(s, js[dj], res[dj], st, js[dj].tag.c_str());
      res[dj].status = 1;
      ndone++;
      dj = next_legal(dj + 1);
    } else if (last_out) {
      fail_exit("%s: no done_o after the job's last output beat", js[dj].tag.c_str());
    }
    if (cyc - t0 > limit)
      fail_exit("%s: timeout after %" PRIu64 " cycles (started %zu/%zu, B job %zu beat %u, A job %zu "
                "beat %u, out job %zu row %u)", otag, cyc - t0, nstarted, nj, bj, bi, aj, ai, oj, orow);
  }
  top->b_valid_i = 0;
  top->a_valid_i = 0;
  top->out_ready_i = 0;
  top->start_i = 0;
  top->eval();
  // The refused entry at the very end: its err_o is checked in the cycle after its start.
  if (refused_last && (!top->err_o || !top->start_ready_o || top->b_ready_o))
    fail_exit("%s: refused start: err_o %u start_ready_o %u b_ready_o %u", js[nj - 1].tag.c_str(),
              top->err_o, top->start_ready_o, top->b_ready_o);
  uint64_t end = 0;
  for (size_t i = 0; i < nj; i++) end = std::max(end, js[i].legal ? res[i].done : res[i].start + 1);
  sr.cycles = end;
  if (!st.any()) {  // no stalls: the sequence model is exact, start and done of every job
    for (size_t i = 0; i < nj; i++)
      if (res[i].start != res[i].model.start || (js[i].legal && res[i].done != res[i].model.done))
        fail_exit("%s: start/done cycles %" PRIu64 "/%" PRIu64 ", sequence model %" PRIu64 "/%" PRIu64,
                  js[i].tag.c_str(), res[i].start, res[i].done, res[i].model.start, res[i].model.done);
    if (sr.cycles != sr.model_cycles)
      fail_exit("%s: sequence took %" PRIu64 " cycles, model %" PRIu64, nj ? js[0].tag.c_str() : "?",
                sr.cycles, sr.model_cycles);
  } else if (sr.cycles < sr.model_cycles) {
    fail_exit("%s: stalled sequence took %" PRIu64 " cycles < model %" PRIu64,
              nj ? js[0].tag.c_str() : "?", sr.cycles, sr.model_cycles);
  }
}

// The counters of a finished job (read in its done_o cycle).
static void check_done(Sim &s, const JobSpec &js, JobRes &res, const Stalls &st, const char *tag) {
  auto *top = s.top;
  const tasd_tile_cfg &c = js.c;
  res.cycles = top->perf_cycles_o;
  res.busy = top->perf_busy_o;
  res.stall = top->perf_stall_o;
  res.macs = top->perf_eff_macs_o;
  res.bfills = top->perf_b_fills_o;
  res.psum = top->perf_psum_wb_o;
  res.dstall = top->perf_drain_stall_o;
  res.ostall = top->perf_out_stall_o;
  // Counter checks (exact whatever the stalls).
  if (res.cycles != res.cycles_tb)
    fail_exit("%s: perf_cycles %" PRIu64 " but the job took %" PRIu64, tag, res.cycles, res.cycles_tb);
  if (res.busy != res.alone.busy) fail_exit("%s: busy %" PRIu64 " want %" PRIu64, tag, res.busy, res.alone.busy);
  if (res.macs != res.alone.eff_macs)
    fail_exit("%s: eff_macs %" PRIu64 " want %" PRIu64, tag, res.macs, res.alone.eff_macs);
  if (res.bfills != 1) fail_exit("%s: b_fills %" PRIu64 " want 1", tag, res.bfills);
  if (res.psum != 0) fail_exit("%s: psum_wb %" PRIu64 " want 0", tag, res.psum);
  if (res.ostall != res.ostall_tb)
    fail_exit("%s: out_stall %" PRIu64 " but the harness counted %" PRIu64
              " cycles of out_valid_o && !out_ready_i", tag, res.ostall, res.ostall_tb);
  // Drain stalls: the parallel units take a row every cycle the consumer is ready, so the
  // counter is 0 without consumer stalls; after a stall the register slice in front of the
  // units may still be full for one cycle (its ready is a flop), so at most one count per end
  // of a consumer stall. The sequential unit holds a row max(1, sum N) cycles; the
  // register slice in front of the units holds 2 rows, so with the consumer always ready the
  // drain buffer waits at least S-1 cycles for each row of a row tile after its first three,
  // and the cycle model predicts the count exactly when nothing stalls.
  uint64_t osum = 0;
  for (int t = 0; t < P_T; t++) osum += c.out_n[t];
  const uint64_t srow = osum > 1 ? osum : 1;
  if (!P_SEQ && res.dstall > res.releases)
    fail_exit("%s: drain_stall %" PRIu64 " > %" PRIu64 " ends of consumer stalls (parallel units)", tag,
              res.dstall, res.releases);
  const int held_rows = P_ROWS > 3 ? P_ROWS - 3 : 0;
  if (P_SEQ && st.po >= 1.0 && res.dstall < (uint64_t)c.rtiles * held_rows * (srow - 1))
    fail_exit("%s: drain_stall %" PRIu64 " < %u row tiles x %d rows x %" PRIu64
              " cycles the sequential units hold a row", tag, res.dstall, c.rtiles, held_rows, srow - 1);
  if (res.dstall > res.cycles) fail_exit("%s: drain_stall %" PRIu64 " > cycles", tag, res.dstall);
  if (P_SEQ && P_ROWS > 3 && osum > 1 && !st.any() && res.dstall == 0)
    fail_exit("%s: sequential drain with sum N %" PRIu64 " > 1 but drain_stall 0", tag, osum);
  if (!st.any()) {  // no stalls: the cycle model is exact
    if (res.cycles != res.model.cycles || res.stall != res.model.stall ||
        res.dstall != res.model.drain_stall || res.ostall != 0)
      fail_exit("%s: cycles/stall/drain_stall %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", cycle model %"
                PRIu64 "/%" PRIu64 "/%" PRIu64, tag, res.cycles, res.stall, res.dstall,
                res.model.cycles, res.model.stall, res.model.drain_stall);
  } else if (res.cycles < res.alone.cycles) {
    fail_exit("%s: %" PRIu64 " cycles with stalls < model %" PRIu64, tag, res.cycles, res.alone.cycles);
  }
}

// ---------------------------------------------------------------------------------------------
// A GEMM mapped onto the tile: one job per column tile, all row tiles per job, run back to back.
// ---------------------------------------------------------------------------------------------
struct Gemm {
  size_t m, n, k;
  std::vector<int8_t> a, b;  // [m][k], [k][n]
  // Biases (empty = none): colb [ceil(n/Cols)*Cols] per column of C, rowb [ceil(m/Rows)*Rows]
  // per row (the zero rows past m included).
  std::vector<int32_t> colb, rowb;
};
struct GemmRes {
  uint64_t cycles = 0, model_cycles = 0, busy = 0, valid_lanes = 0, lane_slots = 0, bfills = 0,
           psum = 0, dstall = 0, ostall = 0, jobs = 0, max_dev_stalled = 0;
};
// The jobs of one GEMM, ready to run (owns the A operand, the B slices and the expected outputs).
struct GemmJobs {
  tasd_tile_cfg c{};
  tasd_tile_a ta{};
  std::vector<int32_t> rowb;
  std::vector<std::vector<int8_t>> bjob;
  std::vector<tasd_tile_out> exp;
  std::vector<JobSpec> specs;
  GemmJobs() = default;
  GemmJobs(const GemmJobs &) = delete;
  GemmJobs &operator=(const GemmJobs &) = delete;
  ~GemmJobs() {
    for (auto &e : exp) tasd_tile_out_free(&e);
    tasd_tile_a_free(&ta);
  }
};

static void prep_gemm(const tasd_tile_params &p, tasd_tile_cfg c, const Gemm &g, GemmJobs &gj,
                      const char *tag) {
  c.kblocks = (uint32_t)((g.k + P_M - 1) / P_M);
  c.rtiles = (uint32_t)((g.m + P_ROWS - 1) / P_ROWS);
  tasd_status rc = tasd_tile_a_from_dense(&p, &c, g.a.data(), g.m, g.k, 0, &gj.ta);
  if (rc != TASD_OK) fail_exit("%s: tasd_tile_a_from_dense: %s", tag, tasd_strerror(rc));
  gj.rowb = g.rowb;  // borrowed by ta (tasd_tile_a_free leaves it alone)
  if (!gj.rowb.empty()) {
    if (gj.rowb.size() != (size_t)c.rtiles * P_ROWS) fail_exit("%s: row bias size", tag);
    gj.ta.row_bias = gj.rowb.data();
  }
  if (!g.colb.empty() && g.colb.size() != (g.n + P_COLS - 1) / P_COLS * P_COLS)
    fail_exit("%s: column bias size", tag);
  const size_t kp = (size_t)c.kblocks * P_M, njobs = (g.n + P_COLS - 1) / P_COLS;
  gj.c = c;
  gj.bjob.assign(njobs, std::vector<int8_t>(kp * P_COLS, 0));
  gj.exp.resize(njobs);
  for (auto &e : gj.exp) memset(&e, 0, sizeof e);
  gj.specs.resize(njobs);
  for (size_t jn = 0; jn < njobs; jn++) {
    const size_t j0 = jn * P_COLS;
    for (size_t kk = 0; kk < g.k; kk++)
      for (size_t col = 0; col < P_COLS && j0 + col < g.n; col++)
        gj.bjob[jn][kk * P_COLS + col] = g.b[kk * g.n + j0 + col];
    JobSpec &s = gj.specs[jn];
    s.c = c;
    s.c.col_bias = g.colb.empty() ? nullptr : g.colb.data() + j0;
    rc = tasd_tile_run(&p, &s.c, &gj.ta, gj.bjob[jn].data(), &gj.exp[jn]);
    if (rc != TASD_OK) fail_exit("%s: tasd_tile_run: %s", tag, tasd_strerror(rc));
    s.a = &gj.ta;
    s.b = gj.bjob[jn].data();
    s.exp = &gj.exp[jn];
    char jt[200];
    snprintf(jt, sizeof jt, "%s job %zu", tag, jn);
    s.tag = jt;
  }
}

// The assembled C equals libtasd's decomposed GEMM plus the biases (an independent path
// through the model: tasd_gemm, then x = C + col_bias + row_bias with tasd_acc_add); the
// counters of the GEMM's jobs are summed into gr.
static void finish_gemm(const GemmJobs &gj, const Gemm &g, const std::vector<JobRes> &res,
                        size_t first, GemmRes &gr, const char *tag) {
  std::vector<int32_t> cfull(g.m * g.n);
  for (size_t jn = 0; jn < gj.specs.size(); jn++) {
    const size_t j0 = jn * P_COLS;
    for (size_t r = 0; r < g.m; r++)
      for (size_t col = 0; col < P_COLS && j0 + col < g.n; col++)
        cfull[r * g.n + j0 + col] = gj.exp[jn].acc[r * P_COLS + col];
    const JobRes &jr = res[first + jn];
    gr.busy += jr.busy;
    gr.valid_lanes += jr.macs / ((uint64_t)P_ROWS * P_COLS);
    gr.lane_slots += jr.busy * P_L;
    gr.bfills += jr.bfills;
    gr.psum += jr.psum;
    gr.dstall += jr.dstall;
    gr.ostall += jr.ostall;
    gr.jobs++;
    gr.max_dev_stalled = std::max<uint64_t>(gr.max_dev_stalled, jr.cycles - jr.alone.cycles);
  }
  const tasd_tile_cfg &c = gj.c;
  tasd_series ser{};
  for (int t = 0; t < P_T; t++)
    if (c.a_n[t]) ser.term[ser.nterms++] = tasd_term_cfg{c.a_n[t], (uint16_t)P_M};
  tasd_tensor A, B, C;
  size_t sa[2] = {g.m, g.k}, sb[2] = {g.k, g.n};
  if (tasd_tensor_alloc(&A, TASD_INT8, 2, sa) != TASD_OK || tasd_tensor_alloc(&B, TASD_INT8, 2, sb) != TASD_OK)
    fail_exit("%s: alloc", tag);
  memcpy(A.data, g.a.data(), g.a.size());
  memcpy(B.data, g.b.data(), g.b.size());
  if (tasd_gemm(&A, &ser, &B, &C) != TASD_OK) fail_exit("%s: tasd_gemm refused", tag);
  int32_t *cd = (int32_t *)C.data;
  for (size_t r = 0; r < g.m; r++)
    for (size_t col = 0; col < g.n; col++) {
      int32_t x = tasd_acc_add(cd[r * g.n + col], g.colb.empty() ? 0 : g.colb[col]);
      cd[r * g.n + col] = tasd_acc_add(x, g.rowb.empty() ? 0 : g.rowb[r]);
    }
  if (memcmp(C.data, cfull.data(), cfull.size() * 4) != 0)
    fail_exit("%s: C differs from tasd_gemm + biases", tag);
  tasd_tensor_free(&A);
  tasd_tensor_free(&B);
  tasd_tensor_free(&C);
}

// One GEMM alone: its jobs back to back, measured from the first start to the last done_o.
static void run_gemm(Sim &s, const tasd_tile_params &p, tasd_tile_cfg c, const Gemm &g,
                     const Stalls &st, Rng &rng, GemmRes &gr, const char *tag) {
  GemmJobs gj;
  prep_gemm(p, c, g, gj, tag);
  std::vector<JobRes> res;
  SeqRes sr;
  run_jobs(s, p, gj.specs, res, st, rng, sr);
  finish_gemm(gj, g, res, 0, gr, tag);
  gr.cycles += sr.cycles;
  gr.model_cycles += sr.model_cycles;
}

// ---------------------------------------------------------------------------------------------
// Series the tile runs: non-increasing multisets of native N (powers of two <= M/2), 1..P_T terms,
// sum <= M; ordered by total N, then fewer terms (the target's list for TTC-VEGETA with P_T = 2).
// ---------------------------------------------------------------------------------------------
struct Series { uint16_t n[TASD_MAX_TERMS]; int nt; int sum; std::string name; };
static std::string g_target = "(own enumeration)";
static std::vector<Series> tile_series() {
  // Prefer the C model's target list (tasd_target_series) for a target matching this tile.
  for (size_t ti = 0; ti < tasd_target_count(); ti++) {
    const tasd_target *tg = tasd_target_get(ti);
    if (!tg || tg->m != P_M || tg->max_terms != (uint32_t)P_T) continue;
    bool same = true;  // native N must be exactly the powers of two <= M/2
    uint32_t cnt = 0;
    for (int n = 1; n <= P_M / 2; n *= 2, cnt++)
      if (cnt >= tg->n_native || tg->native_n[cnt] != n) same = false;
    if (!same || cnt != tg->n_native) continue;
    tasd_series buf[64];
    size_t count = 0;
    if (tasd_target_series(tg, buf, 64, &count) != TASD_OK) continue;
    std::vector<Series> out;
    for (size_t i = 0; i < count; i++) {
      Series s{};
      s.nt = (int)buf[i].nterms;
      for (int t = 0; t < s.nt; t++) {
        s.n[t] = buf[i].term[t].n;
        s.sum += s.n[t];
        s.name += (t ? "+" : "") + std::to_string(s.n[t]) + ":" + std::to_string(P_M);
      }
      out.push_back(s);
    }
    g_target = tg->name;
    return out;
  }
  std::vector<uint16_t> nat;
  for (int n = 1; n <= P_M / 2; n *= 2) nat.push_back((uint16_t)n);
  std::vector<Series> out;
  std::vector<uint16_t> cur;
  std::function<void(int)> rec = [&](int maxn) {
    if (!cur.empty()) {
      Series s{};
      s.nt = (int)cur.size();
      for (int i = 0; i < s.nt; i++) {
        s.n[i] = cur[i];
        s.sum += cur[i];
        s.name += (i ? "+" : "") + std::to_string(cur[i]) + ":" + std::to_string(P_M);
      }
      if (s.sum <= P_M) out.push_back(s);
    }
    if ((int)cur.size() == P_T) return;
    for (int i = (int)nat.size() - 1; i >= 0; i--)
      if (nat[i] <= maxn) {
        cur.push_back(nat[i]);
        rec(nat[i]);
        cur.pop_back();
      }
  };
  rec(P_M);
  std::stable_sort(out.begin(), out.end(), [](const Series &x, const Series &y) {
    return x.sum != y.sum ? x.sum < y.sum : x.nt < y.nt;
  });
  return out;
}

static int8_t rand_val(Rng &r, uint32_t zero_pct) {
  uint32_t x = r.below(100);
  if (x < zero_pct) return 0;
  x = r.below(20);
  if (x == 0) return -128;
  if (x == 1) return 127;
  if (x == 2) return -127;
  return (int8_t)(r.below(256) - 128);
}

static Gemm make_gemm(Rng &r, size_t m, size_t n, size_t k, uint32_t zpa, uint32_t zpb) {
  Gemm g{m, n, k, {}, {}};
  g.a.resize(m * k);
  g.b.resize(k * n);
  for (auto &v : g.a) v = rand_val(r, zpa);
  for (auto &v : g.b) v = rand_val(r, zpb);
  return g;
}

// A random bias: zero, the scale of the requantized range (so it moves q and the ReLU), large,
// or within a few steps of INT32_MIN / INT32_MAX so that x wraps.
static int32_t rand_bias(Rng &r, uint32_t shift) {
  const uint32_t x = r.below(10);
  if (x == 0) return 0;
  if (x == 1) return INT32_MAX - (int32_t)r.below(1u << 16);
  if (x == 2) return INT32_MIN + (int32_t)r.below(1u << 16);
  if (x == 3) return (int32_t)(uint32_t)r.next();
  const uint32_t span = 1u << std::min<uint32_t>(shift + 8, 30);
  return (int32_t)r.below(2 * span) - (int32_t)span;
}

static tasd_tile_cfg cfg_from(const Series &s) {
  tasd_tile_cfg c{};
  for (int t = 0; t < s.nt; t++) c.a_n[t] = s.n[t];
  return c;
}

// ---------------------------------------------------------------------------------------------
// Illegal configuration: err_o, nothing accepted, nothing computed; a legal start clears it.
// ---------------------------------------------------------------------------------------------
static void illegal_start(Sim &s, const tasd_tile_cfg &c, const char *what);
// An illegal configuration of kind `which` (nine kinds); what: its description.
static tasd_tile_cfg make_illegal(const tasd_tile_params &p, Rng &rng, int which, const char *&what) {
  tasd_tile_cfg c{};
  c.a_n[0] = 1;
  c.kblocks = 1;
  c.rtiles = 1;
  uint32_t kb = 1, rt = 1;
  what = "";
  g_fc.hit("illegal/case" + std::to_string(which % 9));
  switch (which % 9) {
    case 0: c.a_n[0] = 3; what = "non-native N=3"; break;
    case 1: c.a_n[0] = (uint16_t)(P_M / 2 + 1 + rng.below(P_M / 2)); what = "N > M/2"; break;
    case 2: c.a_n[0] = 0; what = "no A term"; break;
    case 3: kb = 0; what = "kblocks 0"; break;
    case 4: kb = P_KBM + 1; what = "kblocks > KBlocksMax"; break;
    case 5: rt = 0; what = "rtiles 0"; break;
    case 6:
      if (rng.chance(0.5)) {  // a legal N:M term the drain's lean units (M/2 slots) cannot carry
        c.out_n[0] = (uint16_t)(P_M / 2 + 1 + rng.below(P_M / 2));
        what = "output N > M/2 (lean drain units)";
      } else {
        c.out_n[0] = (uint16_t)(P_M + 1);
        what = "output N > M";
      }
      break;
    case 8:  // needs 3 terms: native N each, but the sum exceeds M (e.g. 4:8+4:8+1:8)
      if (P_T >= 3) {
        c.a_n[0] = P_M / 2;
        c.a_n[1] = P_M / 2;
        c.a_n[2] = 1;
        what = "A sum > M (M/2+M/2+1)";
        break;
      }
      c.out_n[0] = (uint16_t)(P_M + 1);
      what = "output N > M";
      break;
    default:
      c.out_n[0] = P_M;
      if (P_T > 1) { c.out_n[1] = 1; what = "output sum > M"; }
      else { c.out_n[0] = (uint16_t)(P_M + 2); what = "output N > M"; }
      break;
  }
  // kblocks > KBlocksMax only exists when the port is wide enough to say it.
  if (which % 9 == 4 && kb >= (1u << kKbW)) { kb = 0; what = "kblocks 0"; }
  c.kblocks = kb;
  c.rtiles = rt;
  if (tasd_tile_cfg_check(&p, &c) == TASD_OK) fail_exit("illegal case '%s' passes the C check", what);
  return c;
}
static void illegal_case(Sim &s, const tasd_tile_params &p, Rng &rng, int which) {
  const char *what = "";
  const tasd_tile_cfg c = make_illegal(p, rng, which, what);
  illegal_start(s, c, what);
  printf("  illegal config rejected: %s\n", what);
}

// Starts a job with the illegal c (kblocks/rtiles as given, they may be 0): err_o must rise and
// stay up while B and A are offered, and nothing may be taken or come out.
static void illegal_start(Sim &s, const tasd_tile_cfg &c, const char *what) {
  drive_cfg(s, c, c.kblocks, c.rtiles);
  s.top->start_i = 1;
  s.top->eval();
  if (!s.top->start_ready_o) fail_exit("illegal config '%s': start_ready_o low on an idle tile", what);
  s.tick();
  s.top->start_i = 0;
  if (!s.top->err_o) fail_exit("illegal config '%s': err_o low", what);
  // Offer B and A for a while: nothing may be taken, nothing may come out.
  s.top->b_valid_i = 1;
  s.top->a_valid_i = 1;
  s.top->out_ready_i = 1;
  for (int i = 0; i < 20; i++) {
    s.top->eval();
    if (s.top->b_ready_o || s.top->a_ready_o || s.top->out_valid_o || s.top->busy_o ||
        !s.top->start_ready_o)
      fail_exit("illegal config '%s': tile accepted or produced data", what);
    if (!s.top->err_o) fail_exit("illegal config '%s': err_o dropped", what);
    s.tick();
  }
  // Withdraw the offers for one cycle (a new beat may then come with new data).
  s.top->b_valid_i = 0;
  s.top->a_valid_i = 0;
  s.top->out_ready_i = 0;
  s.top->eval();
  s.tick();
}

// ---------------------------------------------------------------------------------------------
// Modes.
// ---------------------------------------------------------------------------------------------
// A reset hits running jobs: a job is started, with two banks a second one as soon as the tile
// takes it (its B loads while the first computes), everything valid/ready (data: whatever is on
// the bus) for a random number of cycles, then reset. The tile must come back idle and empty.
static void reset_case(Sim &s, const tasd_tile_params &p, Rng &rng) {
  g_fc.hit("reset/mid_job");
  tasd_tile_cfg c{};
  c.a_n[0] = 1;
  c.kblocks = 1 + rng.below(std::min(P_KBM, 4));
  c.rtiles = 2;
  drive_cfg(s, c, c.kblocks, c.rtiles);
  s.top->start_i = 1;
  s.top->eval();
  s.tick();
  // Run a random number of cycles with everything valid/ready; start_i stays up (a second job).
  s.top->b_valid_i = 1;
  s.top->a_valid_i = 1;
  s.top->out_ready_i = rng.below(2);
  const uint32_t n = rng.below(c.kblocks + 30);
  uint32_t starts = 1;
  for (uint32_t i = 0; i < n; i++) {
    s.top->eval();
    if (s.top->start_i && s.top->start_ready_o && ++starts == 2) {
      s.tick();
      s.top->start_i = 0;
      continue;
    }
    s.tick();
  }
  s.top->start_i = 0;
  s.top->rst_ni = 0;
  s.tick();
  s.top->rst_ni = 1;
  s.top->eval();
  s.top->b_valid_i = 0;
  s.top->a_valid_i = 0;
  s.top->out_ready_i = 1;
  for (int i = 0; i < 4; i++) {
    s.top->eval();
    if (s.top->busy_o || s.top->out_valid_o || s.top->err_o || s.top->b_ready_o || s.top->a_ready_o ||
        s.top->perf_cycles_o != 0 || !s.top->start_ready_o)
      fail_exit("reset after %u cycles of a job: tile not idle and empty (busy %u out_valid %u err %u "
                "b_ready %u a_ready %u start_ready %u perf_cycles %u)", n, s.top->busy_o,
                s.top->out_valid_o, s.top->err_o, s.top->b_ready_o, s.top->a_ready_o,
                s.top->start_ready_o, s.top->perf_cycles_o);
    s.tick();
  }
  s.top->out_ready_i = 0;
  s.top->eval();
  (void)p;
  printf("  reset after %u cycles of %u running job(s): tile idle and empty\n", n, starts);
}

// Runs the entries of js back to back; with reset_at a reset hits the sequence in that cycle
// and the entries it dropped (or had not started) run again in a second sequence. res is
// indexed like js; sr is the first sequence's.
static void run_seq(Sim &s, const tasd_tile_params &p, const std::vector<JobSpec> &js,
                    std::vector<JobRes> &res, const Stalls &st, Rng &rng, SeqRes &sr,
                    uint64_t reset_at) {
  run_jobs(s, p, js, res, st, rng, sr, reset_at);
  if (!sr.reset) return;
  std::vector<JobSpec> rest;
  std::vector<size_t> at;
  for (size_t i = 0; i < js.size(); i++)
    if (res[i].status == 0) {
      rest.push_back(js[i]);
      at.push_back(i);
    }
  std::vector<JobRes> r2;
  SeqRes s2;
  run_jobs(s, p, rest, r2, st, rng, s2);
  for (size_t i = 0; i < rest.size(); i++) res[at[i]] = r2[i];
  printf("  reset in cycle %" PRIu64 " of the sequence: %zu of %zu entries ran again\n", reset_at,
         rest.size(), js.size());
}

static tasd_tile_cfg rand_cfg(Rng &rng, const std::vector<Series> &sl) {
  const Series &ser = sl[rng.below((uint32_t)sl.size())];
  tasd_tile_cfg c{};
  // Place the terms at random positions (unused terms in between) and in random order.
  std::vector<uint16_t> ns(ser.n, ser.n + ser.nt);
  if (rng.chance(0.3)) std::reverse(ns.begin(), ns.end());
  int slot = 0;
  for (size_t i = 0; i < ns.size(); i++) {
    int room = P_T - slot - (int)(ns.size() - i);
    if (room > 0 && rng.chance(0.3)) slot++;
    c.a_n[slot++] = ns[i];
  }
  c.relu = rng.below(2);
  c.shift = rng.chance(0.2) ? rng.below(32) : 4 + rng.below(10);
  uint32_t left = P_M;  // output series: each N <= M/2 (the drain's lean units), sum <= M
  for (int t = 0; t < P_T; t++) {
    c.out_n[t] = (uint16_t)rng.below(std::min<uint32_t>(left, P_M / 2) + 1);
    left -= c.out_n[t];
  }
  return c;
}

// The bins of one rand run: target series on A and every output N per term; job shapes (one
// K block, a K tail, one row tile, several, a row tail, a column tail, several column tiles, and
// the full B buffer where a run can reach it: KBlocksMax <= 32); biases and ReLU; stalls on each
// input and on the output; two GEMMs back to back; illegal starts (every class of make_illegal,
// alone and between jobs); resets in a sequence and in a job.
static void fc_declare(const std::vector<Series> &sl, uint32_t max_rtiles) {
  for (const Series &s : sl) g_fc.declare("a_series/" + s.name);
  for (int t = 0; t < P_T; t++)
    for (int n = 0; n <= P_M / 2; n++) g_fc.declare("out_n_term" + std::to_string(t) + "/" + std::to_string(n));
  for (const char *b : {"shape/kblocks_1", "shape/k_tail", "shape/k_whole_blocks", "shape/rows_one_tile",
                        "shape/rows_multi_tile", "shape/rows_tail", "shape/cols_tail", "shape/cols_multi_tile"})
    g_fc.declare(b);
  if (P_KBM <= 32) g_fc.declare("shape/kblocks_max");
  if (max_rtiles >= 4) g_fc.declare("shape/rows_4plus_tiles");
  for (const char *b : {"bias/none", "bias/col", "bias/row", "bias/col+row", "relu/off", "relu/on",
                        "stall/none", "stall/b_valid", "stall/a_valid", "stall/out_ready", "stall/start",
                        "flow/two_gemms", "flow/illegal_between_jobs", "reset/mid_sequence", "reset/mid_job"})
    g_fc.declare(b);
  for (int w = 0; w < (P_T >= 3 ? 9 : 8); w++) g_fc.declare("illegal/case" + std::to_string(w));
}

static int mode_rand(Sim &s, uint64_t seed, int ngemms, uint32_t max_rtiles) {
  Rng rng(seed);
  const tasd_tile_params p = tile_params();
  const std::vector<Series> sl = tile_series();
  fc_declare(sl, max_rtiles);
  uint64_t exact_jobs = 0, stalled_jobs = 0, max_extra = 0, refused_between = 0, resets_seq = 0;
  uint32_t most_rtiles = 0;  // the largest row-tile count of a GEMM run
  for (int gi = 0; gi < ngemms; gi++) {
    // Illegal configuration first, every other GEMM: the following legal job must clear err_o.
    if (gi % 2 == 0) illegal_case(s, p, rng, (int)rng.below(P_T >= 3 ? 9 : 8));
    if (gi == 1 && P_T >= 3) illegal_case(s, p, rng, 8);  // A sum > M: every 3-term run
    // One or two GEMMs (each its own configuration and shape) run as one back-to-back sequence,
    // so jobs of different kblocks, rtiles and series overlap; now and then an illegal start
    // between two of the jobs.
    const int ng = rng.chance(0.5) ? 2 : 1;
    std::vector<Gemm> gs;
    std::vector<std::unique_ptr<GemmJobs>> gjs;
    std::vector<std::string> tags;
    std::vector<JobSpec> js;
    std::vector<size_t> first;
    Stalls st;
    if (rng.chance(0.6)) {
      st.pb = 0.3 + 0.7 * rng.below(100) / 100.0;
      st.pa = 0.3 + 0.7 * rng.below(100) / 100.0;
      st.po = rng.chance(0.3) ? 1.0 : 0.3 + 0.7 * rng.below(100) / 100.0;
      st.ps = rng.chance(0.3) ? 1.0 : 0.2 + 0.8 * rng.below(100) / 100.0;
      if (!st.any()) st.pa = 0.5;
    }
    for (int h = 0; h < ng; h++) {
      tasd_tile_cfg c = rand_cfg(rng, sl);
      const uint32_t kbmax = rng.chance(0.1) ? P_KBM : std::min<uint32_t>(P_KBM, 12);
      uint32_t kb = 1 + rng.below(kbmax);
      // Every eighth GEMM fills the B buffer where that stays short (KBlocksMax <= 32); this
      // draws nothing from rng, so runs of up to 7 GEMMs are as before.
      if (P_KBM <= 32 && gi % 8 == 7 && h == 0) kb = P_KBM;
      const size_t k = (size_t)(kb - 1) * P_M + 1 + rng.below(P_M);
      const size_t m = 1 + rng.below(P_ROWS * max_rtiles);
      most_rtiles = std::max(most_rtiles, (uint32_t)((m + P_ROWS - 1) / P_ROWS));
      const size_t n = 1 + rng.below(P_COLS * 3);
      gs.push_back(make_gemm(rng, m, n, k, rng.below(80), rng.below(30)));
      Gemm &g = gs.back();
      // Biases in three of four GEMMs (else none: the tile exactly as without them); now and
      // then only one of the two.
      const uint32_t bmode = rng.below(8);
      if (bmode >= 2) {
        if (bmode != 2) g.colb.resize((n + P_COLS - 1) / P_COLS * P_COLS);
        if (bmode != 3) g.rowb.resize((m + P_ROWS - 1) / P_ROWS * P_ROWS);
        for (auto &v : g.colb) v = rand_bias(rng, c.shift);
        for (auto &v : g.rowb) v = rand_bias(rng, c.shift);
      }
      char tag[240];
      char sname[64] = "", oname[64] = "";
      for (int t = 0; t < P_T; t++) {
        snprintf(sname + strlen(sname), sizeof sname - strlen(sname), "%s%u", t ? "," : "", c.a_n[t]);
        snprintf(oname + strlen(oname), sizeof oname - strlen(oname), "%s%u", t ? "," : "", c.out_n[t]);
      }
      snprintf(tag, sizeof tag, "gemm %d%s (M%zu N%zu K%zu, A N=[%s], out N=[%s], relu %u shift %u, "
               "bias %s%s)", gi, ng > 1 ? (h ? "b" : "a") : "", m, n, k, sname, oname, c.relu, c.shift,
               g.colb.empty() ? (g.rowb.empty() ? "none" : "row") : (g.rowb.empty() ? "col" : "col+row"),
               st.any() ? ", stalls" : "");
      tags.push_back(tag);
      for (const Series &sr : sl) {
        bool same = true;  // the A series as given (terms placed and ordered at random): compare N multisets
        std::vector<uint16_t> a, b(sr.n, sr.n + sr.nt);
        for (int t = 0; t < P_T; t++)
          if (c.a_n[t]) a.push_back(c.a_n[t]);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        same = a == b;
        if (same) g_fc.hit("a_series/" + sr.name);
      }
      for (int t = 0; t < P_T; t++) g_fc.hit("out_n_term" + std::to_string(t) + "/" + std::to_string(c.out_n[t]));
      if (kb == 1) g_fc.hit("shape/kblocks_1");
      if (kb == P_KBM) g_fc.hit("shape/kblocks_max");
      g_fc.hit(k % P_M ? "shape/k_tail" : "shape/k_whole_blocks");
      g_fc.hit(m <= (size_t)P_ROWS ? "shape/rows_one_tile" : "shape/rows_multi_tile");
      if (m > (size_t)P_ROWS * 3) g_fc.hit("shape/rows_4plus_tiles");
      if (m % P_ROWS) g_fc.hit("shape/rows_tail");
      if (n % P_COLS) g_fc.hit("shape/cols_tail");
      if (n > (size_t)P_COLS) g_fc.hit("shape/cols_multi_tile");
      g_fc.hit(g.colb.empty() ? (g.rowb.empty() ? "bias/none" : "bias/row") : (g.rowb.empty() ? "bias/col" : "bias/col+row"));
      g_fc.hit(c.relu ? "relu/on" : "relu/off");
      gjs.emplace_back(new GemmJobs);
      prep_gemm(p, c, g, *gjs.back(), tag);
    }
    for (int h = 0; h < ng; h++) {
      for (size_t i = 0; i < gjs[h]->specs.size(); i++) {
        if (!js.empty() && rng.chance(0.3)) {  // an illegal start between two jobs
          JobSpec bad;
          const char *what = "";
          bad.c = make_illegal(p, rng, (int)rng.below(P_T >= 3 ? 9 : 8), what);
          bad.legal = false;
          bad.tag = std::string("illegal between jobs (") + what + ")";
          g_fc.hit("flow/illegal_between_jobs");
          js.push_back(bad);
          refused_between++;
        }
        if (i == 0) first.push_back(js.size());
        js.push_back(gjs[h]->specs[i]);
      }
    }
    // Now and then a reset in the middle of the sequence (the dropped jobs run again after it).
    uint64_t reset_at = 0;
    if (rng.chance(0.15)) {
      std::vector<tasd_tile_cfg> cs;
      for (auto &j : js) cs.push_back(j.c);
      uint64_t tot = 0;
      if (tasd_tile_seq_cycles(&p, cs.data(), cs.size(), nullptr, &tot) == TASD_OK && tot > 2)
        reset_at = 1 + rng.below((uint32_t)std::min<uint64_t>(tot, 1u << 30));
    }
    std::vector<JobRes> res;
    SeqRes sr;
    run_seq(s, p, js, res, st, rng, sr, reset_at);
    resets_seq += sr.reset;
    if (sr.reset) g_fc.hit("reset/mid_sequence");
    if (ng == 2) g_fc.hit("flow/two_gemms");
    if (!st.any()) g_fc.hit("stall/none");
    if (st.pb < 1.0) g_fc.hit("stall/b_valid");
    if (st.pa < 1.0) g_fc.hit("stall/a_valid");
    if (st.po < 1.0) g_fc.hit("stall/out_ready");
    if (st.ps < 1.0) g_fc.hit("stall/start");
    for (int h = 0; h < ng; h++) {
      GemmRes gr;
      finish_gemm(*gjs[h], gs[h], res, first[h], gr, tags[h].c_str());
      if (st.any() || sr.reset) {
        stalled_jobs += gr.jobs;
        max_extra = std::max(max_extra, gr.max_dev_stalled);
      } else {
        exact_jobs += gr.jobs;
      }
      printf("  ok %s: %" PRIu64 " job(s), drain_stall %" PRIu64 ", out_stall %" PRIu64 "\n",
             tags[h].c_str(), gr.jobs, gr.dstall, gr.ostall);
    }
    printf("  sequence of %zu entries: %" PRIu64 " cycles (model %" PRIu64 ", %s)\n", js.size(),
           sr.cycles, sr.model_cycles, sr.reset ? "reset, re-run" : st.any() ? "stalled run" : "exact");
    // Now and then a reset in the middle of a job: everything in flight is dropped, the tile
    // comes back idle with nothing to output, and the next GEMM must run normally.
    if (rng.chance(0.25)) reset_case(s, p, rng);
  }
  printf("cycle model: %" PRIu64 " unstalled jobs with 0 cycles deviation; %" PRIu64
         " stalled (or reset) jobs took up to %" PRIu64 " extra cycles (>= model, as required); "
         "%" PRIu64 " illegal starts between jobs refused; %" PRIu64 " sequences reset mid-run\n",
         exact_jobs, stalled_jobs, max_extra, refused_between, resets_seq);
  printf("row tiles: up to %u per GEMM (+rtiles=%u)\n", most_rtiles, max_rtiles);
  // (the pid in the name: rows of one configuration and seed differ in +rtiles)
  const std::string fc_path = TasdFunCov::output_path(
      g_funcov, std::string(kCfgName) + "_seed" + std::to_string(seed) + "_" + std::to_string(getpid()));
  if (!fc_path.empty() && !g_fc.write(fc_path, kCfgName)) return 2;
  if (max_rtiles >= 4 && most_rtiles < 4) {
    printf("FAIL: +rtiles=%u but no GEMM had 4 or more row tiles (run more +gemms)\nreplay: %s\n",
           max_rtiles, g_replay.c_str());
    return 1;
  }
  return 0;
}

static double util_of(const GemmRes &g) {
  return g.lane_slots ? (double)g.valid_lanes / (double)g.lane_slots : 0.0;
}

static int mode_bench(Sim &s, uint64_t seed) {
  Rng rng(seed);
  const tasd_tile_params p = tile_params();
  const std::vector<Series> sl = tile_series();
  int miss = 0;
  // Part 1: K=256 GEMMs on one column tile, M=1024 rows (128 row tiles amortize the B load).
  const size_t M1 = 1024, N1 = P_COLS, K1 = 256;
  Gemm g = make_gemm(rng, M1, N1, K1, 50, 10);
  Stalls none;
  std::vector<GemmRes> res(sl.size());
  uint64_t dense_cycles = 0;
  for (size_t i = 0; i < sl.size(); i++) {
    tasd_tile_cfg c = cfg_from(sl[i]);
    c.relu = 1;
    c.shift = 8;
    c.out_n[0] = (uint16_t)(P_M / 2);
    run_gemm(s, p, c, g, none, rng, res[i], sl[i].name.c_str());
    if (sl[i].sum == P_M) dense_cycles = res[i].cycles;
  }
  printf("TTC tile %dx%d, M=%d, L=%d, %d terms, series of %s: GEMM M%zu-N%zu-K%zu per series\n",
         P_ROWS, P_COLS, P_M, P_L, P_T, g_target.c_str(), M1, N1, K1);
  printf("%-12s %9s %9s %7s %8s %8s %6s %6s %7s %s\n", "series", "cycles", "model", "dev%",
         "speedup", "ideal", "util%", "Bfill", "psumWB", "status");
  for (size_t i = 0; i < sl.size(); i++) {
    const GemmRes &r = res[i];
    double sp = dense_cycles ? (double)dense_cycles / (double)r.cycles : 0.0;
    double ideal = (double)P_M / sl[i].sum;
    double dev = 100.0 * ((double)r.cycles - (double)r.model_cycles) / (double)r.model_cycles;
    double ut = 100.0 * util_of(r);
    bool ok = std::abs(sp / ideal - 1.0) <= 0.10 && ut >= 90.0 && std::abs(dev) <= 2.0 &&
              r.psum == 0 && r.bfills == r.jobs;
    miss += !ok;
    printf("%-12s %9" PRIu64 " %9" PRIu64 " %7.2f %8.2f %8.2f %6.1f %6" PRIu64 " %7" PRIu64 " %s\n",
           sl[i].name.c_str(), r.cycles, r.model_cycles, dev, sp, ideal, ut, r.bfills, r.psum,
           ok ? "ok" : "MISS");
    printf("CSV,gemm,M%zu-N%zu-K%zu,%s,%" PRIu64 ",%" PRIu64 ",%.3f,%.3f,%.1f,%" PRIu64 ",%" PRIu64 ",%s,\n",
           M1, N1, K1, sl[i].name.c_str(), r.cycles, r.model_cycles, sp, ideal, ut, r.bfills, r.psum,
           ok ? "ok" : "MISS");
  }
  // Part 2: the paper's layer shapes: full layer through the cycle model, RTL slice co-simulated.
  struct Layer { const char *name; size_t m, n, k; };
  const Layer layers[] = {{"ResNet50 M784-N128-K1152", 784, 128, 1152},
                          {"ResNet50 M3136-N64-K576", 3136, 64, 576},
                          {"ResNet50 M196-N256-K2304", 196, 256, 2304},
                          {"BERT M768-N128-K768", 768, 128, 768},
                          {"BERT M3072-N128-K768", 3072, 128, 768},
                          {"BERT M768-N128-K3072", 768, 128, 3072}};
  const size_t slice_rows = 4 * P_ROWS;
  printf("\nLayer shapes: full layer via the cycle model (%d B bank%s); RTL slice = %zu rows x %d cols "
         "(2 jobs) x full K\n", TASD_P_BBanks, TASD_P_BBanks > 1 ? "s" : "", slice_rows, 2 * P_COLS);
  printf("%-26s %-10s %12s %8s %7s %6s %6s %9s %9s %s\n", "layer", "series", "model_cycles", "speedup",
         "%ideal", "util%", "Bfill", "slice_rtl", "slice_mdl", "status");
  for (const Layer &L : layers) {
    if ((L.k + P_M - 1) / P_M > (size_t)P_KBM) {
      printf("%-26s MISS: skipped, K exceeds the B buffer (KBlocksMax %d)\n", L.name, P_KBM);
      printf("CSV,layer,%s,-,0,0,0,0,0,0,0,MISS,0\n", L.name);
      miss++;
      continue;
    }
    // Two column tiles: the slice's two jobs run back to back (the second one's B loads while
    // the first computes), as the layer's jobs do.
    Gemm sg = make_gemm(rng, slice_rows, 2 * P_COLS, L.k, 50, 10);
    uint64_t dense_model = 0;
    for (const Series &se : sl) {
      if (se.sum != P_M) continue;
      tasd_tile_cfg c = cfg_from(se);
      tasd_tile_gemm_perf gp;
      if (tasd_tile_gemm_cycles(&p, &c, L.m, L.n, L.k, &gp, nullptr) == TASD_OK) dense_model = gp.cycles;
    }
    for (const Series &se : sl) {
      tasd_tile_cfg c = cfg_from(se);
      c.relu = 1;
      c.shift = 8;
      tasd_tile_gemm_perf gp;
      if (tasd_tile_gemm_cycles(&p, &c, L.m, L.n, L.k, &gp, nullptr) != TASD_OK)
        fail_exit("cycle model refused layer %s", L.name);
      GemmRes sr;
      run_gemm(s, p, c, sg, none, rng, sr, L.name);
      double sp = dense_model ? (double)dense_model / (double)gp.cycles : 0.0;
      const double pct = 100.0 * sp / ((double)P_M / se.sum);
      // A layer misses when the slice differs from the model or the full layer's speedup is
      // below 97% of the ideal M/sum N.
      bool ok = sr.cycles == sr.model_cycles && sr.psum == 0 && sr.bfills == 2 && pct >= 97.0;
      miss += !ok;
      double ut = 100.0 * (double)gp.valid_lanes / (double)gp.lane_slots;
      printf("%-26s %-10s %12" PRIu64 " %8.2f %7.1f %6.1f %6" PRIu64 " %9" PRIu64 " %9" PRIu64 " %s\n",
             L.name, se.name.c_str(), gp.cycles, sp, pct, ut, gp.b_fills, sr.cycles, sr.model_cycles,
             ok ? "ok" : sr.cycles != sr.model_cycles ? "MISMATCH" : "MISS");
      printf("CSV,layer,%s,%s,%" PRIu64 ",%" PRIu64 ",%.3f,%.3f,%.1f,%" PRIu64 ",%" PRIu64 ",%s,%" PRIu64 "\n",
             L.name, se.name.c_str(), sr.cycles, sr.model_cycles, sp, (double)P_M / se.sum, ut,
             gp.b_fills, gp.psum_wb, ok ? "ok" : "MISS", gp.cycles);
    }
  }
  printf("\nbench: all outputs matched the C model; %d target(s) missed (a skipped layer is a miss)\n", miss);
  return miss ? 1 : 0;
}

// The main job: one GEMM per series on one column tile, K=256 and 64 row tiles, so the B load
// (32 cycles) and the last drain are small against the compute and every series' speedup over
// the dense 4:8+4:8 run comes within 10% of the ideal 8/sumN. Every output beat is bit-exact
// (else the job stops at once); a series passes when its cycles equal the cycle model and its
// speedup is within 10% (+tol=PCT) of the ideal; the job fails when any series fails.
static int mode_main(Sim &s, uint64_t seed) {
  Rng rng(seed);
  const tasd_tile_params p = tile_params();
  const std::vector<Series> sl = tile_series();
  const size_t M1 = 64 * P_ROWS, N1 = P_COLS, K1 = std::min<size_t>(256, (size_t)P_KBM * P_M);
  Gemm g = make_gemm(rng, M1, N1, K1, 40, 10);
  printf("TTC tile %dx%d (M=%d, L=%d, %d terms) vs C model: GEMM M%zu-N%zu-K%zu, ReLU, shift 8, "
         "output series 2:%d\n", P_ROWS, P_COLS, P_M, P_L, P_T, M1, N1, K1, P_M);
  std::vector<GemmRes> res(sl.size());
  uint64_t dense = 0;
  for (size_t i = 0; i < sl.size(); i++) {
    tasd_tile_cfg c = cfg_from(sl[i]);
    c.relu = 1;
    c.shift = 8;
    c.out_n[0] = 2;
    Stalls none;
    run_gemm(s, p, c, g, none, rng, res[i], sl[i].name.c_str());
    if (sl[i].sum == P_M) dense = res[i].cycles;
  }
  if (!dense) fail_exit("main: no dense series (sum N = M) in the series list");
  int fails = 0;
  printf("%-12s %8s %8s %8s %8s %7s %7s %6s\n", "series", "cycles", "model", "speedup", "ideal",
         "dev%", "util%", "result");
  for (size_t i = 0; i < sl.size(); i++) {
    const double sp = (double)dense / (double)res[i].cycles, ideal = (double)P_M / sl[i].sum;
    const double dev = 100.0 * (sp / ideal - 1.0);
    const bool ok = res[i].cycles == res[i].model_cycles && std::abs(dev) <= g_tol;
    fails += !ok;
    printf("%-12s %8" PRIu64 " %8" PRIu64 " %8.2f %8.2f %7.2f %7.1f %6s\n", sl[i].name.c_str(),
           res[i].cycles, res[i].model_cycles, sp, ideal, dev, 100.0 * util_of(res[i]),
           ok ? "PASS" : "FAIL");
  }
  printf("result: PASS = cycles equal the cycle model and speedup within %.1f%% of ideal 8/sumN "
         "(the gap is the B load and the last drain)\n", g_tol);
  if (fails) {
    printf("main-tile: FAIL (%d series missed; outputs were bit-exact)\n", fails);
    printf("replay: %s\n", g_replay.c_str());
    return 1;
  }
  printf("main-tile: PASS (every output beat bit-exact, counters and cycle model agree)\n");
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Job files (+in=JOBS.npz +out=RESULT.npz): a network driver's layers through the RTL. Reading,
// checking and writing the .npz files is tb/tile/tile_jobs.c; each job runs through run_job
// (the same driver and checks as the random mode) or, when its cfg is illegal, illegal_start.
// ---------------------------------------------------------------------------------------------
static void reset_tile(Sim &s) {
  s.top->b_valid_i = 0;
  s.top->a_valid_i = 0;
  s.top->out_ready_i = 0;
  s.top->start_i = 0;
  s.top->rst_ni = 0;
  s.tick();
  s.tick();
  s.top->rst_ni = 1;
  s.top->eval();
}

static bool alloc_out(tasd_tile_out &o, uint32_t nrows) {
  memset(&o, 0, sizeof o);
  o.nrows = nrows;
  o.cols = P_COLS;
  o.m = P_M;
  o.max_terms = P_T;
  const size_t ne = (size_t)nrows * P_COLS, ns = (size_t)nrows * kNB * P_T * P_M;
  o.acc = (int32_t *)calloc(ne ? ne : 1, sizeof(int32_t));
  o.q = (int8_t *)calloc(ne ? ne : 1, 1);
  o.tval = (int8_t *)calloc(ns ? ns : 1, 1);
  o.tidx = (uint8_t *)calloc(ns ? ns : 1, 1);
  o.tvld = (uint8_t *)calloc(ns ? ns : 1, 1);
  o.tmask = (uint8_t *)calloc(ns ? ns : 1, 1);
  return o.acc && o.q && o.tval && o.tidx && o.tvld && o.tmask;
}

static int mode_jobs(Sim &s, uint64_t seed, const std::string &in, const std::string &out,
                     int stall_pct, int nresets) {
  if (in.empty() || out.empty()) {
    printf("FAIL: jobs mode needs +in=JOBS.npz and +out=RESULT.npz\n");
    return 2;
  }
  const tasd_tile_params p = tile_params();
  tile_jobfile jf;
  char err[1024] = "";
  tasd_status lst = tile_jobs_load(in.c_str(), &p, &jf, err, sizeof err);
  if (lst != TASD_OK) {
    printf("FAIL: bad job file: %s\n", err[0] ? err : tasd_strerror(lst));
    return 2;
  }
  Stalls st;
  if (stall_pct > 0) st.pb = st.pa = st.po = st.ps = 1.0 - stall_pct / 100.0;
  printf("jobs: %u from %s, back to back (%d B bank%s), %s%s\n", jf.njobs, in.c_str(), TASD_P_BBanks,
         TASD_P_BBanks > 1 ? "s" : "", st.any() ? "random stalls (cycles >= model)" : "no stalls (cycles = model)",
         nresets ? ", resets mid-run (dropped jobs run again)" : "");
  Rng rng(seed, 0x6a6f6273ull);
  std::vector<tile_job_result> res(jf.njobs);
  std::vector<tasd_tile_out> exps(jf.njobs);
  std::vector<JobSpec> specs(jf.njobs);
  std::vector<std::string> tags(jf.njobs), fails(jf.njobs);
  std::vector<int> status(jf.njobs, 0);  // 0 to run, 1 passed, 2 failed, 3 refused
  std::vector<JobRes> jres(jf.njobs);
  for (uint32_t j = 0; j < jf.njobs; j++) {
    tile_job &jb = jf.jobs[j];
    const tasd_tile_cfg &c = jb.cfg;
    tile_job_result &r = res[j];
    memset(&r, 0, sizeof r);
    memset(&exps[j], 0, sizeof exps[j]);
    char tag[200], sname[64] = "", oname[64] = "";
    for (int t = 0; t < P_T; t++) {
      snprintf(sname + strlen(sname), sizeof sname - strlen(sname), "%s%u", t ? "," : "", c.a_n[t]);
      snprintf(oname + strlen(oname), sizeof oname - strlen(oname), "%s%u", t ? "," : "", c.out_n[t]);
    }
    snprintf(tag, sizeof tag, "job %u (kblocks %u, rtiles %u, A N=[%s], out N=[%s], relu %u shift %u)",
             j, c.kblocks, c.rtiles, sname, oname, c.relu, c.shift);
    tags[j] = tag;
    JobSpec &sp = specs[j];
    sp.c = c;
    sp.legal = jb.cfg_status == TASD_OK;
    sp.tag = "job " + std::to_string(j);
    if (!sp.legal) continue;
    tasd_status rs = tasd_tile_run(&p, &c, &jb.a, jb.b, &exps[j]);
    if (rs != TASD_OK) {
      fails[j] = std::string("tasd_tile_run: ") + tasd_strerror(rs);
      status[j] = 2;
      continue;
    }
    if (!alloc_out(r.out, exps[j].nrows)) {
      printf("FAIL: out of memory\n");
      return 2;
    }
    r.ran = 1;
    sp.a = &jb.a;
    sp.b = jb.b;
    sp.exp = &exps[j];
    sp.got = &r.out;
  }
  // All jobs run as one back-to-back sequence (refused entries in between, as in the file). A
  // failure ends the sequence: the failing job is reported, the tile is reset and the jobs not
  // yet finished run again as a new sequence; likewise after each of the +resets=N resets,
  // which hit the sequence at a random cycle.
  int resets_left = nresets;
  for (;;) {
    std::vector<size_t> at;
    std::vector<JobSpec> seq;
    for (uint32_t j = 0; j < jf.njobs; j++)
      if (status[j] == 0) {
        at.push_back(j);
        seq.push_back(specs[j]);
      }
    if (seq.empty()) break;
    uint64_t reset_at = 0;
    if (resets_left > 0) {
      std::vector<tasd_tile_cfg> cs;
      for (auto &j : seq) cs.push_back(j.c);
      uint64_t tot = 0;
      if (tasd_tile_seq_cycles(&p, cs.data(), cs.size(), nullptr, &tot) == TASD_OK && tot > 2) {
        reset_at = 1 + rng.below((uint32_t)std::min<uint64_t>(tot - 1, 1u << 30));
        resets_left--;
      }
    }
    std::vector<JobRes> r;
    SeqRes sr;
    try {
      g_throw = true;
      run_jobs(s, p, seq, r, st, rng, sr, reset_at);
      g_throw = false;
      if (sr.reset) printf("jobs: reset in cycle %" PRIu64 " of the sequence\n", reset_at);
    } catch (const JobFail &f) {
      g_throw = false;
      const size_t bad = at[g_fail_entry < at.size() ? g_fail_entry : 0];
      status[bad] = 2;
      fails[bad] = f.msg;
      if (specs[bad].legal) {  // what the RTL produced until the failure; counters as they stood
        const uint64_t v[TILE_JOBS_PERF_LEN] = {s.top->perf_cycles_o, s.top->perf_busy_o,
                                                s.top->perf_stall_o, s.top->perf_b_fills_o,
                                                s.top->perf_psum_wb_o, s.top->perf_drain_stall_o,
                                                s.top->perf_out_stall_o, 0, 0, 0, 0};
        for (int i = 0; i < TILE_JOBS_PERF_LEN; i++) res[bad].perf[i] = (int32_t)v[i];
      }
      reset_tile(s);
    }
    for (size_t i = 0; i < r.size(); i++) {
      const size_t j = at[i];
      if (status[j] != 0 || r[i].status == 0) continue;
      status[j] = r[i].status;
      jres[j] = r[i];
    }
  }
  uint32_t npass = 0, nfail = 0, nref = 0;
  for (uint32_t j = 0; j < jf.njobs; j++) {
    const JobRes &jr = jres[j];
    if (!specs[j].legal && status[j] == 3) {
      printf("%s: illegal cfg (%s): RTL raised err_o, took nothing: REFUSED\n", tags[j].c_str(),
             tasd_strerror(jf.jobs[j].cfg_status));
      nref++;
    } else if (!specs[j].legal) {
      printf("%s: illegal cfg (%s) but %s: FAIL\n", tags[j].c_str(),
             tasd_strerror(jf.jobs[j].cfg_status), fails[j].c_str());
      nfail++;
    } else if (status[j] == 1) {
      const uint64_t v[TILE_JOBS_PERF_LEN] = {jr.cycles, jr.busy, jr.stall, jr.bfills, jr.psum, jr.dstall,
                                              jr.ostall, jr.alone.cycles, jr.cycles_tb, jr.start, jr.done};
      for (int i = 0; i < TILE_JOBS_PERF_LEN; i++) res[j].perf[i] = (int32_t)v[i];
      printf("%s: %u rows, cycles RTL %" PRIu64 " (start %" PRIu64 " done %" PRIu64 "), model %" PRIu64
             " (alone %" PRIu64 "): PASS\n", tags[j].c_str(), exps[j].nrows, jr.cycles_tb, jr.start,
             jr.done, jr.model.cycles, jr.alone.cycles);
      npass++;
    } else {
      tasd_tile_perf alone{};
      tasd_tile_cycles(&p, &specs[j].c, &alone);
      res[j].perf[7] = (int32_t)alone.cycles;
      printf("%s: %u rows, model %" PRIu64 " cycles: FAIL: %s\n", tags[j].c_str(), exps[j].nrows,
             alone.cycles, fails[j].c_str());
      nfail++;
    }
  }
  tasd_status wst = tile_results_save(out.c_str(), res.data(), jf.njobs, err, sizeof err);
  for (auto &r : res) tasd_tile_out_free(&r.out);
  for (auto &e : exps) tasd_tile_out_free(&e);
  tile_jobs_free(&jf);
  if (wst != TASD_OK) {
    printf("FAIL: cannot write %s (%s): %s\n", out.c_str(), tasd_strerror(wst), err);
    return 2;
  }
  printf("jobs: %u passed, %u failed, %u refused (illegal cfg); results in %s\n", npass, nfail,
         nref, out.c_str());
  if (nfail) {
    printf("FAIL: %u job(s) differ from the C model\nreplay: %s\n", nfail, g_replay.c_str());
    return 1;
  }
  if (nref) {
    printf("FAIL: %u job(s) with an illegal cfg (refused by the RTL, as required)\n", nref);
    return 3;
  }
  printf("PASS: every output row bit-exact, cycles %s the cycle model\n",
         st.any() ? ">=" : "equal to");
  return 0;
}

int main(int argc, char **argv) {
  g_argv = argv;
  std::string mode = argc > 1 ? argv[1] : "rand";
  if (mode == "params") {  // the build's parameters, in job-file order (tb/tile/jobcheck.sh)
    printf("%d,%d,%d,%d,%d,%d,%d,%d\n", P_ROWS, P_COLS, P_M, P_L, P_T, P_KBM, P_PS, P_SEQ);
    return 0;
  }
  if (mode == "timing") {  // the parameters that change timing only (not in job files): BBanks,MulPipe
    printf("%d,%d\n", TASD_P_BBanks, TASD_P_MulPipe);
    return 0;
  }
  uint64_t seed = 1;
  int ngemms = 8, stall_pct = 0, nresets = 0;
  uint32_t max_rtiles = 3;  // rand: row tiles of a GEMM, 1..max_rtiles
  std::string jobs_in, jobs_out;
  for (int i = 2; i < argc; i++) {
    if (!strncmp(argv[i], "+seed=", 6)) seed = strtoull(argv[i] + 6, nullptr, 10);
    else if (!strncmp(argv[i], "+in=", 4)) jobs_in = argv[i] + 4;
    else if (!strncmp(argv[i], "+out=", 5)) jobs_out = argv[i] + 5;
    else if (!strncmp(argv[i], "+stall=", 7)) {
      stall_pct = atoi(argv[i] + 7);
      if (stall_pct < 0 || stall_pct > 90) {
        fprintf(stderr, "+stall=%s: want a percentage 0..90\n", argv[i] + 7);
        return 2;
      }
    }
    else if (!strncmp(argv[i], "+gemms=", 7)) ngemms = atoi(argv[i] + 7);
    else if (!strncmp(argv[i], "+funcov=", 8)) g_funcov = argv[i] + 8;
    else if (!strncmp(argv[i], "+rtiles=", 8)) {
      const long r = atol(argv[i] + 8);
      if (r < 1 || r > 65535) {  // cfg_rtiles_i is 16 bits
        fprintf(stderr, "+rtiles=%s: want 1..65535\n", argv[i] + 8);
        return 2;
      }
      max_rtiles = (uint32_t)r;
    }
    else if (!strncmp(argv[i], "+resets=", 8)) nresets = atoi(argv[i] + 8);
    else if (!strncmp(argv[i], "+tol=", 5)) g_tol = atof(argv[i] + 5);
    else if (!strcmp(argv[i], "+trace")) g_trace = true;
    else if (!strcmp(argv[i], "+noretrace")) continue;  // rand: no FST re-run on a failure
    else if (!strncmp(argv[i], "+verilator+", 11)) continue;  // Verilator's own options
    else if (!strncmp(argv[i], "+vec=", 5)) {
      std::string pre = argv[i] + 5;
      g_vin = fopen((pre + ".in").c_str(), "w");
      g_vout = fopen((pre + ".out").c_str(), "w");
      if (!g_vin || !g_vout) {
        fprintf(stderr, "cannot write %s.in/.out\n", pre.c_str());
        return 2;
      }
    } else {
      fprintf(stderr, "unknown argument '%s' (modes: rand|bench|main|jobs; +seed=S +gemms=N +trace "
              "+rtiles=R +in=JOBS.npz +out=RESULT.npz +stall=PCT)\n", argv[i]);
      return 2;
    }
  }
  if (mode != "rand" && mode != "bench" && mode != "main" && mode != "jobs") {
    fprintf(stderr, "unknown mode '%s' (rand|bench|main|jobs)\n", mode.c_str());
    return 2;
  }
  g_retrace = mode == "rand";
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "+noretrace")) g_retrace = false;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "+trace")) continue;
    g_replay += (i ? " " : "") + std::string(argv[i]);
  }
  printf("tile %dx%d M=%d L=%d T=%d KBlocksMax=%d PipeStages=%d drain=%s BBanks=%d MulPipe=%d mode=%s "
         "seed=%" PRIu64 "\n", P_ROWS, P_COLS, P_M, P_L, P_T, P_KBM, P_PS, P_SEQ ? "seq" : "par",
         TASD_P_BBanks, TASD_P_MulPipe, mode.c_str(), seed);
  printf("replay: %s\n", g_replay.c_str());
  std::string fst;
  if (g_trace) {
    fst = std::string(argv[0]) + "." + mode + ".seed" + std::to_string(seed) + ".fst";
    printf("tracing to %s\n", fst.c_str());
  }
  int rc;
  {
    Sim s(g_trace ? fst.c_str() : nullptr, argc, argv);
    if (mode == "rand") rc = mode_rand(s, seed, ngemms, max_rtiles);
    else if (mode == "bench") rc = mode_bench(s, seed);
    else if (mode == "jobs") rc = mode_jobs(s, seed, jobs_in, jobs_out, stall_pct, nresets);
    else rc = mode_main(s, seed);
  }
  if (g_vin) fclose(g_vin);
  if (g_vout) fclose(g_vout);
  if (mode == "rand" && rc == 0) printf("PASS seed=%" PRIu64 "\n", seed);
  return rc;
}
