// SPDX-License-Identifier: Apache-2.0
// Verilator co-simulation of one TASD unit configuration against the C oracle (tasd_block_decompose_i32).
//
// Built once per configuration of rtl/configs.tsv (flow sim) by tb/unit.mk; every parameter
// arrives as a -D macro (TASD_P_*) and as a Verilator -G override from the same resolved row, so
// the harness and the RTL always agree. MaxSlots = M is the general unit; a lean unit (MaxSlots < M)
// refuses every series with an N_t > MaxSlots (err_o, nothing accepted), which the oracle
// (tasd_unit_decompose with the same parameters) mirrors with TASD_ERR_UNSUPPORTED.
//
// Plusargs:
//   +seed=S            random seed (default 1); every run prints it and its replay command
//   +blocks=N          blocks to send in the random phase (default 20000)
//   +trace             dump an FST of the whole run to <dir of Vdut>/<cfg>_seed<S>_rr<R>[_<mode>].fst
//                      (R = the +verilator+rand+reset mode or "d" for the default; <mode> names a
//                      self-test), so runs of one config differing only in R never share a file
//   +bench             measure cycles/block and simulation speed instead (see tb/unit.mk)
//   +selftest          corrupt the expected beat of block #100 (and of every later block, so a
//                      reset cannot hide it): the run MUST fail with "MISMATCH" (tb/lists/unit.tsv)
//   +sva_selftest=valid|data  break the source's AXI4-Stream rule once, at the first stalled offer
//                      after block #100: drop in_valid_i (valid) or change in_data_i (data); the
//                      SVA a_in_valid_held / a_in_data_stable MUST fire and fail the run
//   +verilator+rand+reset+R  Verilator's initial-value mode (0 zeros, 1 ones, 2 random)
//   +max_slots=S       the MaxSlots the test list expects: exit 2 unless the model was built with
//                      it (so a lean row cannot pass on a general build)
//   +funcov=PATH       write the functional coverage bins (tb/common/tasd_tb_funcov.h) to PATH; without
//                      it, to $TASD_FUNCOV_DIR/<cfg>_seed<S>_rr<R>.tsv when that is set
// Output: a summary line, then (passing, non-self-test runs only) "METRIC <name> <n>" lines that
// scripts/runtests.py sums over a test run: blocks_accepted, blocks_compared (delivered beats, each
// compared with the C model), blocks_abandoned (accepted, then dropped by a mid-stream reset).
//
// What one run does:
//   1. reset, then random phases: each phase picks an input-valid and output-ready duty cycle
//      (from none to heavy stalls); blocks come from several distributions; the series changes
//      at random cycles, sometimes to an illegal one for a few cycles (the driver keeps its
//      block offered, as AXI4-Stream requires, and must see it refused); synchronous resets
//      arrive at random cycles mid-stream.
//   2. a full-rate phase per series that measures cycles per block between input handshakes
//      (parallel: exactly 1; sequential: exactly max(1, sum N)) - a functional no-bubble check.
//   3. drain: every expected beat must come out, nothing more.
// Series rule (docs/tasd_unit.md): cfg_n_i is configuration, not payload; a block is computed
// with the series on cfg_n_i in its handshake cycle. The driver changes cfg_n_i freely, also
// while a block is offered and not yet taken (counted as "series changes under a waiting
// offer"), and the scoreboard always uses the handshake-cycle series.
// Reset coverage: a run of >= 1000 blocks must see a reset abandon at least one block in flight;
// if the random resets have not done so by half the run, one is forced while blocks are inside.
// Scoreboard: at each input handshake the C model's result for that block and series is
// queued with a sequence number; every output beat is compared field by field, bit for bit,
// with the queue head; a beat with an empty queue, a missing beat at the end, a drop of
// out_valid while stalled or a change of a stalled beat fails the run. err_o is compared with
// the C legality verdict every cycle, and an input handshake while the series is illegal fails.
// Reset: in_ready_o must be low in every reset cycle (the driver sometimes keeps offering then);
// a reset cycle abandons everything in flight, so the driver drops its offered block
// and the scoreboard clears its queue (documented rule: no beat survives a reset); the cycle
// after reset must show no output beat.
// On the first failure the run stops, prints the details and the replay command, and (unless
// it was already tracing) re-runs the same seed with an FST trace of the failing run.
// Coverage builds (make coverage, tb/cov.mk) write their counters to $TASD_COVFILE (tb/common/tasd_tb_cov.h).
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vdut.h"
#include "verilated.h"
#include "verilated_fst_c.h"

extern "C" {
#include "tasd.h"
#include "../common/tasd_tb_rng.h"
}
#include "../common/tasd_tb_cov.h"  // C++ (a class): outside the extern "C" block
#include "../common/tasd_tb_funcov.h"

// The configuration (rtl/configs.tsv, resolved by scripts/configs.py): tb/unit.mk passes every
// parameter of the row as -DTASD_P_<Param>, the row's name as TASD_CFG_NAME and TASD_CFG_SEQ
// (1 for tasd_unit_seq).
#if !defined(TASD_P_M) || !defined(TASD_P_DataW) || !defined(TASD_P_MaxTerms) || \
    !defined(TASD_P_PipeStages) || !defined(TASD_P_MaxSlots) || !defined(TASD_CFG_SEQ) || \
    !defined(TASD_CFG_NAME)
#error "TASD_P_M/DataW/MaxTerms/PipeStages/MaxSlots, TASD_CFG_SEQ, TASD_CFG_NAME come from tb/unit.mk"
#endif

static constexpr int kM = TASD_P_M;
static constexpr int kW = TASD_P_DataW;
static constexpr int kT = TASD_P_MaxTerms;
static constexpr int kP = TASD_P_PipeStages;
static constexpr bool kSeq = TASD_CFG_SEQ != 0;
static constexpr int kS = TASD_P_MaxSlots;
static constexpr int kIdxW = kM == 4 ? 2 : kM == 8 ? 3 : 4;
static constexpr int kNW = kIdxW + 1;
#define TASD_TB_STR2(x) #x
#define TASD_TB_STR(x) TASD_TB_STR2(x)
static const char *const kName = TASD_TB_STR(TASD_CFG_NAME);

// ---------------------------------------------------------------------------------------------
// Bit access on Verilator ports of any width (scalar C types or VlWide).
// ---------------------------------------------------------------------------------------------
template <typename T>
static void put_bits(T &port, int lo, int w, uint64_t v) {
  const uint64_t m = (w >= 64) ? ~0ull : ((1ull << w) - 1);
  uint64_t p = static_cast<uint64_t>(port);
  p = (p & ~(m << lo)) | ((v & m) << lo);
  port = static_cast<T>(p);
}
template <std::size_t N>
static void put_bits(VlWide<N> &port, int lo, int w, uint64_t v) {
  for (int b = 0; b < w; b++) {
    const int bit = lo + b;
    const uint32_t mb = 1u << (bit % 32);
    if ((v >> b) & 1u) port[bit / 32] |= mb;
    else port[bit / 32] &= ~mb;
  }
}
template <typename T>
static uint64_t get_bits(const T &port, int lo, int w) {
  const uint64_t m = (w >= 64) ? ~0ull : ((1ull << w) - 1);
  return (static_cast<uint64_t>(port) >> lo) & m;
}
template <std::size_t N>
static uint64_t get_bits(const VlWide<N> &port, int lo, int w) {
  uint64_t v = 0;
  for (int b = 0; b < w; b++) {
    const int bit = lo + b;
    v |= static_cast<uint64_t>((port[bit / 32] >> (bit % 32)) & 1u) << b;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Deterministic random numbers: Rng from tb/common/tasd_tb_rng.h (splitmix64), seeded by +seed.
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// One block, one series, and the expected output beat.
// ---------------------------------------------------------------------------------------------
struct Block {
  int32_t x[kM];
};
struct Series {
  uint16_t n[kT];
};
struct Beat {
  uint32_t val[kT][kM];  // DataW-bit raw values
  uint32_t idx[kT][kM];
  uint8_t vld[kT][kM];
  uint8_t mask[kT][kM];
};
struct Expect {
  uint64_t seq;
  uint64_t cycle_in;
  Block blk;
  Series ser;
  Beat beat;
};

static const int32_t kMin = -(1 << (kW - 1));
static const int32_t kMax = (1 << (kW - 1)) - 1;
static const uint32_t kValMask = (kW >= 32) ? 0xFFFFFFFFu : ((1u << kW) - 1);

static std::string series_text(const Series &s) {
  std::string out;
  for (int t = 0; t < kT; t++) {
    if (t) out += "+";
    out += std::to_string(s.n[t]) + ":" + std::to_string(kM);
  }
  return out;
}
static std::string block_text(const Block &b) {
  std::string out = "[";
  for (int i = 0; i < kM; i++) {
    if (i) out += ",";
    out += std::to_string(b.x[i]);
  }
  return out + "]";
}

static std::string beat_text(const Beat &b) {
  std::string out;
  char buf[64];
  for (int t = 0; t < kT; t++) {
    out += "term" + std::to_string(t) + " slots";
    for (int k = 0; k < kM; k++) {
      if (!b.vld[t][k] && !b.val[t][k] && !b.idx[t][k]) continue;
      std::snprintf(buf, sizeof buf, " %d:%s0x%x@%u", k, b.vld[t][k] ? "" : "(inv)", b.val[t][k], b.idx[t][k]);
      out += buf;
    }
    out += " mask ";
    for (int i = 0; i < kM; i++) out += b.mask[t][i] ? '1' : '0';
    out += "; ";
  }
  return out;
}

// The C oracle: this unit instance (tasd_unit_decompose: the series check with MaxSlots, then
// tasd_block_decompose_i32). Returns false (and leaves *e untouched) when the unit refuses the
// series: not N:M at all (TASD_ERR_ILLEGAL_SERIES) or an N_t > MaxSlots (TASD_ERR_UNSUPPORTED).
static bool oracle(const Block &b, const Series &s, Beat *e) {
  static tasd_block_result r;
  static const tasd_unit_params up = {kM, kW, kT, kP, kS};
  const tasd_status st = tasd_unit_decompose(&up, b.x, s.n, &r);
  if (st == TASD_ERR_ILLEGAL_SERIES || st == TASD_ERR_UNSUPPORTED) return false;
  if (st != TASD_OK) {
    std::fprintf(stderr, "FATAL: oracle returned %d (%s) for series %s\n", static_cast<int>(st),
                 tasd_strerror(st), series_text(s).c_str());
    std::exit(2);
  }
  if (!e) return true;
  for (int t = 0; t < kT; t++) {
    for (int k = 0; k < kM; k++) {
      e->val[t][k] = static_cast<uint32_t>(r.val[t][k]) & kValMask;
      e->idx[t][k] = r.idx[t][k];
      e->vld[t][k] = r.slot_vld[t][k];
      e->mask[t][k] = r.mask[t][k];
    }
  }
  return true;
}
static bool series_legal(const Series &s) {
  Block zero{};
  return oracle(zero, s, nullptr);
}

// ---------------------------------------------------------------------------------------------
// Stimulus.
// ---------------------------------------------------------------------------------------------
static int32_t clamp_w(int64_t v) { return static_cast<int32_t>(v < kMin ? kMin : v > kMax ? kMax : v); }

static Block random_block(Rng &rng) {
  Block b{};
  const uint32_t kind = rng.below(100);
  if (kind < 30) {  // uniform over the full range
    for (int i = 0; i < kM; i++) b.x[i] = rng.range(kMin, kMax);
  } else if (kind < 48) {  // mostly zeros (ReLU-like, sparse)
    for (int i = 0; i < kM; i++) b.x[i] = rng.chance(0.75) ? 0 : rng.range(kMin, kMax);
  } else if (kind < 66) {  // many equal magnitudes (ties decided by index); sometimes only one
    int32_t mags[3] = {rng.range(0, kMax), rng.range(0, 3), rng.range(0, kMax)};
    const uint32_t nmag = rng.chance(0.2) ? 1 : 3;
    for (int i = 0; i < kM; i++) {
      const int32_t m = mags[rng.below(nmag)];
      b.x[i] = rng.chance(0.5) ? -m : m;
    }
  } else if (kind < 80) {  // extremes: -2^(W-1), 2^(W-1)-1, -(2^(W-1)-1), 0, +-1
    const int32_t pool[6] = {kMin, kMax, -kMax, 0, 1, -1};
    for (int i = 0; i < kM; i++) b.x[i] = pool[rng.below(6)];
  } else if (kind < 85) {  // all zero
  } else if (kind < 95) {  // small values (ReLU output scale), non-negative or not
    const bool relu = rng.chance(0.5);
    for (int i = 0; i < kM; i++) b.x[i] = clamp_w(relu ? rng.range(0, 5) : rng.range(-4, 4));
  } else {  // a single non-zero or a single extreme among equals
    const int32_t base = rng.range(-2, 2);
    for (int i = 0; i < kM; i++) b.x[i] = base;
    b.x[rng.below(kM)] = rng.chance(0.5) ? kMin : rng.range(kMin, kMax);
  }
  return b;
}

// Every series of every libtasd target this unit can carry (target block size M, at most
// MaxTerms terms, every N_t <= MaxSlots), as the unit's N vector (unused terms 0), with the bin
// name "series/<target>/<series>" it is counted under.
struct TargetSeries {
  Series ser;
  std::string bin;
};
static const std::vector<TargetSeries> &target_series() {
  static std::vector<TargetSeries> list;
  static bool made = false;
  if (made) return list;
  made = true;
  for (size_t i = 0; i < tasd_target_count(); i++) {
    const tasd_target *tg = tasd_target_get(i);
    if (!tg || tg->m != kM) continue;
    tasd_series buf[256];
    size_t n = 0;
    if (tasd_target_series(tg, buf, 256, &n) != TASD_OK) continue;
    for (size_t j = 0; j < n; j++) {
      if (buf[j].nterms > static_cast<uint32_t>(kT)) continue;
      TargetSeries ts{};
      bool fits = true;
      std::string text;
      for (uint32_t t = 0; t < buf[j].nterms; t++) {
        ts.ser.n[t] = buf[j].term[t].n;
        fits = fits && buf[j].term[t].n <= kS;
        text += (t ? "+" : "") + std::to_string(buf[j].term[t].n) + ":" + std::to_string(kM);
      }
      if (!fits) continue;
      ts.bin = std::string("series/") + tg->name + "/" + text;
      list.push_back(ts);
    }
  }
  return list;
}

static Series random_legal_series(Rng &rng) {
  Series s{};
  const uint32_t kind = rng.below(100);
  const auto &targets = target_series();
  if (!targets.empty() && rng.chance(0.2)) return targets[rng.below(static_cast<uint32_t>(targets.size()))].ser;
  if (kind < 40) {  // random composition with sum <= M
    int left = kM;
    for (int t = 0; t < kT; t++) {
      s.n[t] = static_cast<uint16_t>(rng.range(0, left));
      left -= s.n[t];
    }
  } else if (kind < 55) {  // sum == M exactly (lossless: dense)
    int left = kM;
    for (int t = 0; t < kT - 1; t++) {
      s.n[t] = static_cast<uint16_t>(rng.range(0, left));
      left -= s.n[t];
    }
    s.n[kT - 1] = static_cast<uint16_t>(left);
  } else if (kind < 65) {  // all terms empty
  } else if (kind < 80) {  // hardware-native style: powers of two, e.g. 4:8+1:8, 2:4+1:4
    int left = kM;
    for (int t = 0; t < kT; t++) {
      int n = 1 << rng.below(kIdxW + 1);
      if (n > left) n = 0;
      s.n[t] = static_cast<uint16_t>(n);
      left -= n;
    }
  } else if (kind < 90) {  // one term holding an odd count (3:8 as one term), others 0
    s.n[rng.below(kT)] = static_cast<uint16_t>(rng.range(1, kM));
  } else {  // one full term (M:M) somewhere
    s.n[rng.below(kT)] = static_cast<uint16_t>(kM);
  }
  // A lean unit carries at most MaxSlots elements per term: cap (the sum only shrinks).
  for (int t = 0; t < kT; t++)
    if (s.n[t] > kS) s.n[t] = static_cast<uint16_t>(kS);
  return s;
}

static Series random_illegal_series(Rng &rng) {
  const int nmax = (1 << kNW) - 1;
  for (;;) {
    Series s{};
    if (kS < kM && rng.chance(0.4)) {  // lean unit: a legal N:M series with one N_t > MaxSlots
      s.n[rng.below(kT)] = static_cast<uint16_t>(rng.range(kS + 1, kM));
    } else if (rng.chance(0.5)) {  // one N_t > M
      for (int t = 0; t < kT; t++) s.n[t] = static_cast<uint16_t>(rng.range(0, kM / 2));
      s.n[rng.below(kT)] = static_cast<uint16_t>(rng.range(kM + 1, nmax));
    } else if (kT > 1) {  // every N_t <= M but the sum is too large (needs two terms)
      for (int t = 0; t < kT; t++) s.n[t] = static_cast<uint16_t>(rng.range(0, kM));
      const int a = static_cast<int>(rng.below(kT));
      const int b = (a + 1 + static_cast<int>(rng.below(kT - 1))) % kT;
      s.n[a] = static_cast<uint16_t>(rng.range(1, kM));
      s.n[b] = static_cast<uint16_t>(rng.range(kM - s.n[a] + 1, kM));
    }
    if (!series_legal(s)) return s;
  }
}

// ---------------------------------------------------------------------------------------------
// The simulation.
// ---------------------------------------------------------------------------------------------
struct Options {
  uint64_t seed = 1;
  uint64_t blocks = 20000;
  bool trace = false;
  bool bench = false;
  bool selftest = false;
  int sva_selftest = 0;  // 0 off, 1 drop in_valid_i, 2 change in_data_i while stalled
  int rand_reset = -1;
  std::string funcov;  // +funcov=PATH: write the functional coverage bins there
  std::string argv0;
  std::vector<std::string> vargs;  // +verilator+ arguments, passed through
};

struct Result {
  bool ok = true;
  uint64_t fail_cycle = 0;
  uint64_t cycles = 0;
  uint64_t blocks_in = 0;
  uint64_t blocks_out = 0;
  uint64_t resets = 0;
  uint64_t refused_cycles = 0;  // cycles with a block offered under an illegal series
  uint64_t compared = 0;        // output-beat comparisons made (valid cycles, stalls included)
  uint64_t abandoned = 0;       // accepted blocks dropped by a reset before delivery
  uint64_t abandon_resets = 0;  // reset cycles that found blocks in flight
  uint64_t forced_resets = 0;   // resets forced for the coverage rule above
  uint64_t cfg_changes_waiting = 0;  // cycles where cfg_n_i changed under a waiting offer
  uint64_t corrupted = 0;       // +selftest: expected beats corrupted
  bool sva_broken = false;      // +sva_selftest: the rule was broken once
  std::string msg;
};

class Sim {
 public:
  Sim(const Options &o, bool trace, const std::string &fst) : opt_(o), rng_(o.seed) {
    ctx_ = std::make_unique<VerilatedContext>();
    std::vector<const char *> av;
    av.push_back(o.argv0.c_str());
    for (const auto &a : o.vargs) av.push_back(a.c_str());
    ctx_->commandArgs(static_cast<int>(av.size()), av.data());
    if (ctx_->randSeed() == 0) ctx_->randSeed(static_cast<int>(o.seed % 2000000000u) + 1);
    ctx_->fatalOnError(false);
    if (trace) ctx_->traceEverOn(true);
    dut_ = std::make_unique<Vdut>(ctx_.get(), "dut");
    if (trace) {
      fst_ = std::make_unique<VerilatedFstC>();
      dut_->trace(fst_.get(), 99);
      fst_->open(fst.c_str());
    }
    dut_->clk_i = 0;
    dut_->rst_ni = 0;
    dut_->in_valid_i = 0;
    dut_->out_ready_i = 0;
    dut_->cfg_n_i = 0;
    dut_->in_data_i = {};
    dut_->out_blk_i = {};
    dut_->eval();
    funcov_declare();
  }
  ~Sim() {
    if (fst_) fst_->close();
    dut_->final();
    cov_.write(ctx_.get());
  }

  Result run_random();
  Result run_bench(const Series &s, uint64_t blocks, double *cpb, double *blocks_per_s);
  // Full-rate measurement phase inside a random run: returns measured cycles per block.
  bool measure(const Series &s, uint64_t nblocks, double *cpb);
  void drain(uint64_t max_cycles);
  void reset_states();

  Result res_;

 private:
  // One clock cycle with the given inputs; checks everything observable in it.
  void cycle(bool rst, bool in_valid, const Block &blk, const Series &ser, bool out_ready);
  void fail(const char *fmt, ...);
  void drive_block(const Block &b);
  void drive_held();
  void drive_series(const Series &s);
  Beat read_beat();
  bool compare(const Expect &e, const Beat &got);

  const Options &opt_;
  Rng rng_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vdut> dut_;
  std::unique_ptr<VerilatedFstC> fst_;
  TasdTbCov cov_;  // coverage builds (tb/common/tasd_tb_cov.h)
  TasdFunCov fc_;  // functional coverage bins (tb/common/tasd_tb_funcov.h)
  void funcov_declare();
  void funcov_cycle(bool rst, bool in_valid, bool in_hs, const Block &blk, const Series &ser,
                    bool out_valid, bool out_ready);
  uint64_t out_stall_run_ = 0;
  bool prev_in_hs_ = false;
  uint64_t time_ = 0;
  uint64_t seq_in_ = 0, seq_out_ = 0, flushed_ = 0;
  std::deque<Expect> q_;
  bool prev_stalled_ = false;
  Beat prev_beat_{};
  bool prev_rst_ = true;
  Series legal_cache_ser_{};
  bool legal_cache_ok_ = false;
  bool legal_cache_valid_ = false;
  uint64_t last_in_hs_cycle_ = 0;
  uint64_t first_in_hs_cycle_ = 0;
  uint64_t in_hs_count_ = 0;  // handshakes since the last measure() start
  uint64_t want_latency_ = 0;  // non-zero: required input-to-output latency (full-rate phases)
  bool prev_wait_ = false;     // last cycle: a block offered under a legal series, not taken
  Series prev_ser_{};

 public:
  uint64_t last_latency_ = 0;  // latency of the last beat compared
  bool write_funcov(const std::string &path) const { return fc_.write(path, kName); }
};

void Sim::fail(const char *fmt, ...) {
  if (!res_.ok) return;
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  res_.ok = false;
  res_.fail_cycle = res_.cycles;
  res_.msg = buf;
}

void Sim::drive_block(const Block &b) {
  for (int i = 0; i < kM; i++) put_bits(dut_->in_data_i, i * kW, kW, static_cast<uint32_t>(b.x[i]));
}
// The caller's copy of the blocks (HoldBlock = 0 units pack it after their output register):
// the oldest accepted block not yet delivered, which is the block of the beat on out_*. A
// HoldBlock = 1 unit ignores the port.
void Sim::drive_held() {
  const Block none{};
  const Block &b = q_.empty() ? none : q_.front().blk;
  for (int i = 0; i < kM; i++) put_bits(dut_->out_blk_i, i * kW, kW, static_cast<uint32_t>(b.x[i]));
}
void Sim::drive_series(const Series &s) {
  for (int t = 0; t < kT; t++) put_bits(dut_->cfg_n_i, t * kNW, kNW, s.n[t]);
}
Beat Sim::read_beat() {
  Beat b{};
  for (int t = 0; t < kT; t++) {
    for (int k = 0; k < kM; k++) {
      const int s = t * kM + k;
      b.val[t][k] = static_cast<uint32_t>(get_bits(dut_->out_val_o, s * kW, kW));
      b.idx[t][k] = static_cast<uint32_t>(get_bits(dut_->out_idx_o, s * kIdxW, kIdxW));
      b.vld[t][k] = static_cast<uint8_t>(get_bits(dut_->out_slot_vld_o, s, 1));
      b.mask[t][k] = static_cast<uint8_t>(get_bits(dut_->out_mask_o, s, 1));
    }
  }
  return b;
}

bool Sim::compare(const Expect &e, const Beat &got) {
  res_.compared++;
  for (int t = 0; t < kT; t++) {
    for (int k = 0; k < kM; k++) {
      const char *field = nullptr;
      uint32_t want = 0, have = 0;
      if (got.val[t][k] != e.beat.val[t][k]) {
        field = "out_val_o"; want = e.beat.val[t][k]; have = got.val[t][k];
      } else if (got.idx[t][k] != e.beat.idx[t][k]) {
        field = "out_idx_o"; want = e.beat.idx[t][k]; have = got.idx[t][k];
      } else if (got.vld[t][k] != e.beat.vld[t][k]) {
        field = "out_slot_vld_o"; want = e.beat.vld[t][k]; have = got.vld[t][k];
      } else if (got.mask[t][k] != e.beat.mask[t][k]) {
        field = "out_mask_o (element)"; want = e.beat.mask[t][k]; have = got.mask[t][k];
      }
      if (field) {
        std::printf("expected beat: %s\ngot beat:      %s\n", beat_text(e.beat).c_str(), beat_text(got).c_str());
        fail("MISMATCH block #%" PRIu64 " (accepted at cycle %" PRIu64 "): %s term %d slot/element %d: "
             "expected 0x%x got 0x%x; block %s series %s",
             e.seq, e.cycle_in, field, t, k, want, have, block_text(e.blk).c_str(),
             series_text(e.ser).c_str());
        return false;
      }
    }
  }
  return true;
}

void Sim::cycle(bool rst, bool in_valid, const Block &blk, const Series &ser, bool out_ready) {
  cov_.cycle(ctx_.get(), rst);
  // Inputs settle while the clock is low.
  dut_->clk_i = 0;
  dut_->rst_ni = rst ? 0 : 1;
  dut_->in_valid_i = in_valid ? 1 : 0;
  dut_->out_ready_i = out_ready ? 1 : 0;
  drive_block(blk);
  drive_held();
  drive_series(ser);
  dut_->eval();
  if (fst_) fst_->dump(time_);
  time_ += 5;

  // err_o against the C legality verdict (combinational, checked every cycle, also in reset).
  if (!legal_cache_valid_ || std::memcmp(&legal_cache_ser_, &ser, sizeof ser) != 0) {
    legal_cache_ser_ = ser;
    legal_cache_ok_ = series_legal(ser);
    legal_cache_valid_ = true;
  }
  const bool err = dut_->err_o != 0;
  if (err != !legal_cache_ok_) {
    fail("err_o=%d but the C model says series %s is %s", err, series_text(ser).c_str(),
         legal_cache_ok_ ? "legal" : "illegal");
  }
  if (err && dut_->in_ready_o) fail("in_ready_o high while err_o is high (series %s)", series_text(ser).c_str());

  const bool out_valid = dut_->out_valid_o != 0;
  const Beat got = out_valid ? read_beat() : Beat{};

  if (!rst) {
    if (prev_rst_ && out_valid) fail("output beat valid in the first cycle after reset");
    if (prev_stalled_) {
      if (!out_valid) fail("out_valid_o dropped while the beat was stalled (AXI4-Stream rule)");
      else if (std::memcmp(&got, &prev_beat_, sizeof got) != 0)
        fail("output beat changed while stalled (out_valid_o && !out_ready_i)");
    }
    if (out_valid) {
      if (q_.empty()) {
        fail("output beat #%" PRIu64 " with nothing expected (spurious or duplicated beat)", seq_out_);
      } else {
        compare(q_.front(), got);
        // Full-rate phases (sink always ready): every beat must come out exactly at the
        // documented latency after its input handshake.
        const uint64_t lat = res_.cycles - q_.front().cycle_in;
        if (want_latency_ && lat != want_latency_)
          fail("block #%" PRIu64 " came out %" PRIu64 " cycles after its handshake, documented latency is %" PRIu64,
               q_.front().seq, lat, want_latency_);
        last_latency_ = lat;
      }
    }
    const bool in_hs = in_valid && dut_->in_ready_o;
    funcov_cycle(false, in_valid, in_hs, blk, ser, out_valid, out_ready);
    if (in_valid && !legal_cache_ok_) res_.refused_cycles++;
    if (prev_wait_ && in_valid && std::memcmp(&prev_ser_, &ser, sizeof ser) != 0) res_.cfg_changes_waiting++;
    prev_wait_ = in_valid && !in_hs && legal_cache_ok_;
    prev_ser_ = ser;
    if (in_hs) {
      Expect e{};
      e.seq = seq_in_++;
      e.cycle_in = res_.cycles;
      e.blk = blk;
      e.ser = ser;
      if (!oracle(blk, ser, &e.beat)) {
        fail("block accepted while series %s is illegal", series_text(ser).c_str());
      }
      if (opt_.selftest && e.seq >= 100) {
        if (res_.corrupted++ == 0)
          std::printf("selftest: corrupting the expected beat of block #%" PRIu64 " (and later ones)\n", e.seq);
        e.beat.vld[0][0] ^= 1u;
      }
      q_.push_back(e);
      res_.blocks_in++;
      if (in_hs_count_ == 0) first_in_hs_cycle_ = res_.cycles;
      last_in_hs_cycle_ = res_.cycles;
      in_hs_count_++;
    }
    if (out_valid && out_ready && !q_.empty()) {
      q_.pop_front();
      seq_out_++;
      res_.blocks_out++;
    }
    prev_stalled_ = out_valid && !out_ready;
    prev_beat_ = got;
  } else {
    if (dut_->in_ready_o) fail("in_ready_o high during reset");
    funcov_cycle(true, in_valid, false, blk, ser, out_valid, out_ready);
    // Reset abandons everything in flight (documented rule).
    if (!q_.empty()) res_.abandon_resets++;
    flushed_ += q_.size();
    res_.abandoned = flushed_;
    q_.clear();
    prev_wait_ = false;
    prev_stalled_ = false;
    res_.resets++;
  }
  prev_rst_ = rst;

  dut_->clk_i = 1;
  dut_->eval();
  if (fst_) fst_->dump(time_);
  time_ += 5;
  res_.cycles++;
  if (ctx_->gotError() || ctx_->gotFinish()) fail("simulation raised an assertion error (see log above)");
}

// ---------------------------------------------------------------------------------------------
// Functional coverage (docs/verification.md, "Functional coverage"): the bins this unit's runs
// must reach, counted every cycle from what the harness drives and sees.
// ---------------------------------------------------------------------------------------------
void Sim::funcov_declare() {
  for (const auto &ts : target_series()) fc_.declare(ts.bin);
  for (int t = 0; t < kT; t++)
    for (int n = 0; n <= kS; n++) fc_.declare("n_term" + std::to_string(t) + "/" + std::to_string(n));
  fc_.declare("illegal/n_gt_m");
  if (kT > 1) fc_.declare("illegal/sum_gt_m");
  if (kS < kM) fc_.declare("illegal/n_gt_maxslots");
  for (const char *b : {"block/all_zero", "block/tie", "block/min_value", "block/max_value", "block/all_equal_nonzero"})
    fc_.declare(b);
  for (const char *b : {"stall/in_wait", "stall/out_stall", "stall/both", "stall/out_stall_run8", "flow/back_to_back"})
    fc_.declare(b);
  for (const char *b : {"reset/idle", "reset/beat_valid", "reset/beat_stalled", "reset/offer_pending"})
    fc_.declare(b);
  // A block can be inside with no beat valid only where it takes more than one stage to the
  // output register (the sequential extractor, or the parallel unit's mid register).
  if (kSeq || kP == 2) fc_.declare("reset/block_inside_no_beat");
}

void Sim::funcov_cycle(bool rst, bool in_valid, bool in_hs, const Block &blk, const Series &ser,
                       bool out_valid, bool out_ready) {
  if (rst) {
    if (!prev_rst_) {  // the first reset cycle: the state the reset found
      if (q_.empty()) fc_.hit("reset/idle");
      if (out_valid) fc_.hit("reset/beat_valid");
      if (prev_stalled_) fc_.hit("reset/beat_stalled");
      if (!q_.empty() && !out_valid) fc_.hit("reset/block_inside_no_beat");
    }
    if (in_valid) fc_.hit("reset/offer_pending");
    out_stall_run_ = 0;
    prev_in_hs_ = false;
    return;
  }
  if (in_valid && !legal_cache_ok_) {
    bool n_gt_m = false, n_gt_s = false;
    uint32_t sum = 0;
    for (int t = 0; t < kT; t++) {
      n_gt_m = n_gt_m || ser.n[t] > kM;
      n_gt_s = n_gt_s || ser.n[t] > kS;
      sum += ser.n[t];
    }
    fc_.hit(n_gt_m ? "illegal/n_gt_m" : sum > static_cast<uint32_t>(kM) ? "illegal/sum_gt_m"
                   : n_gt_s ? "illegal/n_gt_maxslots" : "illegal/other");
  }
  const bool in_wait = in_valid && !in_hs && legal_cache_ok_;
  const bool out_stall = out_valid && !out_ready;
  if (in_wait) fc_.hit("stall/in_wait");
  if (out_stall) fc_.hit("stall/out_stall");
  if (in_wait && out_stall) fc_.hit("stall/both");
  out_stall_run_ = out_stall ? out_stall_run_ + 1 : 0;
  if (out_stall_run_ == 8) fc_.hit("stall/out_stall_run8");
  if (in_hs && prev_in_hs_) fc_.hit("flow/back_to_back");
  prev_in_hs_ = in_hs;
  if (!in_hs) return;
  for (const auto &ts : target_series())
    if (std::memcmp(&ts.ser, &ser, sizeof ser) == 0) fc_.hit(ts.bin);
  for (int t = 0; t < kT; t++) fc_.hit("n_term" + std::to_string(t) + "/" + std::to_string(ser.n[t]));
  bool zero = true, has_min = false, has_max = false, tie = false, equal = true;
  for (int i = 0; i < kM; i++) {
    zero = zero && blk.x[i] == 0;
    has_min = has_min || blk.x[i] == kMin;
    has_max = has_max || blk.x[i] == kMax;
    equal = equal && (blk.x[i] == blk.x[0] || blk.x[i] == -blk.x[0]);
    for (int j = 0; j < i; j++) tie = tie || (blk.x[i] != 0 && (blk.x[i] == blk.x[j] || blk.x[i] == -blk.x[j]));
  }
  if (zero) fc_.hit("block/all_zero");
  if (tie) fc_.hit("block/tie");
  if (has_min) fc_.hit("block/min_value");
  if (has_max) fc_.hit("block/max_value");
  if (equal && !zero) fc_.hit("block/all_equal_nonzero");
}

Result Sim::run_random() {
  Block blk{};
  Series ser = random_legal_series(rng_);
  bool offering = false;
  // Reset for a few cycles first.
  for (int i = 0; i < 3; i++) cycle(true, false, blk, ser, false);

  struct Duty {
    double valid, ready;
  };
  static const Duty duties[] = {{1.0, 1.0}, {1.0, 1.0}, {0.5, 1.0}, {1.0, 0.5}, {0.3, 0.3},
                                {0.9, 0.9}, {1.0, 0.1}, {0.1, 1.0}, {0.7, 0.4}};
  const int nduty = static_cast<int>(sizeof duties / sizeof duties[0]);
  uint64_t phase_left = 0;
  Duty duty = duties[0];
  uint64_t ser_hold = rng_.range(1, 40);
  int rst_left = 0;
  const double p_reset = 1.0 / 4000.0;
  const uint64_t max_cycles = opt_.blocks * (kSeq ? 2 * kM + 8 : 16) + 10000;

  while (res_.blocks_in < opt_.blocks && res_.ok && res_.cycles < max_cycles) {
    if (phase_left == 0) {
      duty = duties[rng_.below(nduty)];
      phase_left = rng_.range(50, 3000);
    }
    phase_left--;
    // Series changes at random cycles; an illegal one lasts only a few cycles.
    if (--ser_hold == 0) {
      if (rng_.chance(0.15)) {
        ser = random_illegal_series(rng_);
        ser_hold = rng_.range(1, 6);
      } else {
        ser = random_legal_series(rng_);
        ser_hold = rng_.range(1, 60);
      }
    }
    // Mid-stream reset; forced once at half the run if no reset has hit a block in flight yet.
    if (rst_left == 0 && rng_.chance(p_reset)) rst_left = rng_.range(1, 3);
    if (rst_left == 0 && opt_.blocks >= 1000 && flushed_ == 0 && !q_.empty() && res_.blocks_in >= opt_.blocks / 2) {
      rst_left = 1;
      res_.forced_resets++;
    }
    if (rst_left > 0) {
      rst_left--;
      // The unit must refuse a block offered during reset; the driver then drops it.
      cycle(true, offering && rng_.chance(0.5), blk, ser, rng_.chance(0.5));
      offering = false;
      continue;
    }
    if (!offering && rng_.chance(duty.valid)) {
      blk = random_block(rng_);
      offering = true;
    }
    const bool ready = rng_.chance(duty.ready);
    const uint64_t n_before = res_.blocks_in;
    if (opt_.sva_selftest && !res_.sva_broken && prev_wait_ && offering && res_.blocks_in >= 100 &&
        series_legal(ser)) {
      // Break the source's rule once, on purpose: the SVA must report it (the run then fails).
      res_.sva_broken = true;
      if (opt_.sva_selftest == 1) {
        std::printf("sva_selftest: dropping in_valid_i at cycle %" PRIu64 " while the offered block waits\n", res_.cycles);
        cycle(false, false, blk, ser, ready);
        offering = false;
        continue;
      }
      std::printf("sva_selftest: changing in_data_i at cycle %" PRIu64 " while the offered block waits\n", res_.cycles);
      blk.x[0] ^= 1;
    }
    cycle(false, offering, blk, ser, ready);
    if (res_.blocks_in != n_before) offering = false;
  }
  if (res_.ok && res_.blocks_in < opt_.blocks)
    fail("only %" PRIu64 " of %" PRIu64 " blocks accepted in %" PRIu64 " cycles (deadlock?)",
         res_.blocks_in, opt_.blocks, res_.cycles);
  // Finish the offered block (AXI: valid must not be withdrawn), with a legal series.
  ser = random_legal_series(rng_);
  for (uint64_t i = 0; offering && res_.ok && i < 200; i++) {
    const uint64_t n_before = res_.blocks_in;
    cycle(false, true, blk, ser, true);
    if (res_.blocks_in != n_before) offering = false;
  }
  drain(64 + 4 * kM);
  reset_states();

  // Full-rate phases: cycles per block for a few series.
  if (res_.ok) {
    Series probes[4];
    int np = 0;
    probes[np++] = Series{};  // all terms empty: 1 cycle per block even for the sequential unit
    Series full{};  // as many elements as the unit can take: M, or MaxSlots per term
    int left = kM;
    for (int t = kT - 1; t >= 0; t--) {
      full.n[t] = static_cast<uint16_t>(left < kS ? left : kS);
      left -= full.n[t];
    }
    probes[np++] = full;
    probes[np++] = random_legal_series(rng_);
    probes[np++] = random_legal_series(rng_);
    for (int i = 0; i < np && res_.ok; i++) {
      double cpb = 0;
      if (!measure(probes[i], 64, &cpb)) break;
      uint32_t sum = 0;
      for (int t = 0; t < kT; t++) sum += probes[i].n[t];
      const double want = kSeq ? (sum ? sum : 1) : 1;
      std::printf("full-rate %-14s cycles/block %.3f (expected %.0f), latency %" PRIu64 " cycles\n",
                  series_text(probes[i]).c_str(), cpb, want, last_latency_);
      if (cpb != want)
        fail("full-rate series %s: %.3f cycles/block, expected %.0f (bubble in the pipeline?)",
             series_text(probes[i]).c_str(), cpb, want);
    }
  }
  drain(64 + 4 * kM);
  return res_;
}

// Directed resets, one in each pipeline state the random resets may miss: the unit idle; a
// block inside with no beat valid yet (the sequential extractor, or PipeStages = 2's mid
// register); a beat valid and stalled; each with a block offered during the reset. Every cycle
// goes through cycle(), so the scoreboard and the reset rules check them as usual.
void Sim::reset_states() {
  if (!res_.ok) return;
  Series s{};  // two elements or more in the first term, so the sequential unit extracts > 1 cycle
  s.n[0] = static_cast<uint16_t>(kS < 2 ? kS : 2);
  if (kT > 1 && kS < 2) s.n[1] = 1;
  const Block b = random_block(rng_);
  // idle (drained), with a block offered during the reset
  drain(64 + 4 * kM);
  cycle(true, true, b, s, true);
  // a block inside, no beat yet: take one block, reset in the next cycle
  if (kSeq || kP == 2) {
    drain(64 + 4 * kM);
    for (int i = 0; i < 8 && res_.ok && q_.empty(); i++) cycle(false, true, b, s, false);
    if (res_.ok && dut_->out_valid_o) fail("reset_states: beat valid one cycle after the handshake");
    cycle(true, false, b, s, false);
  }
  // a beat valid and stalled (sink not ready), then reset
  drain(64 + 4 * kM);
  for (int i = 0; i < 4 * kM + 8 && res_.ok && !dut_->out_valid_o; i++) cycle(false, q_.empty(), b, s, false);
  cycle(false, false, b, s, false);  // stalled for a cycle
  cycle(true, true, b, s, false);
  for (int i = 0; i < 2; i++) cycle(false, false, b, s, true);
  drain(64 + 4 * kM);
}

bool Sim::measure(const Series &s, uint64_t nblocks, double *cpb) {
  // Documented latency: parallel PipeStages; sequential max(1, sum N) + PipeStages.
  uint32_t sum = 0;
  for (int t = 0; t < kT; t++) sum += s.n[t];
  want_latency_ = static_cast<uint64_t>(kP) + (kSeq ? (sum ? sum : 1) : 0);
  drain(64 + 4 * kM);  // start empty so no earlier (stalled) beat is measured
  in_hs_count_ = 0;
  uint64_t guard = 0;
  while (in_hs_count_ < nblocks && res_.ok && guard++ < nblocks * (kM + 4) + 100) {
    const Block b = random_block(rng_);
    const uint64_t n_before = res_.blocks_in;
    // Keep offering this block until taken, with the sink always ready.
    do {
      cycle(false, true, b, s, true);
    } while (res_.ok && res_.blocks_in == n_before && guard++ < nblocks * (kM + 4) + 100);
  }
  drain(64 + 4 * kM);
  want_latency_ = 0;
  if (!res_.ok) return false;
  if (in_hs_count_ < nblocks) {
    fail("full-rate phase for series %s stalled", series_text(s).c_str());
    return false;
  }
  *cpb = static_cast<double>(last_in_hs_cycle_ - first_in_hs_cycle_) / static_cast<double>(nblocks - 1);
  return true;
}

void Sim::drain(uint64_t max_cycles) {
  Block zero{};
  Series s{};
  for (uint64_t i = 0; i < max_cycles && res_.ok; i++) cycle(false, false, zero, s, true);
  if (res_.ok && !q_.empty())
    fail("%zu expected beat(s) never came out (first: block #%" PRIu64 ")", q_.size(), q_.front().seq);
  if (res_.ok && seq_in_ != seq_out_ + flushed_)
    fail("%" PRIu64 " blocks accepted, %" PRIu64 " delivered, %" PRIu64 " flushed by reset: counts disagree",
         seq_in_, seq_out_, flushed_);
}

Result Sim::run_bench(const Series &s, uint64_t blocks, double *cpb, double *blocks_per_s) {
  Block blk{};
  for (int i = 0; i < 3; i++) cycle(true, false, blk, s, false);
  const auto t0 = std::chrono::steady_clock::now();
  measure(s, blocks, cpb);
  drain(64 + 4 * kM);
  const auto t1 = std::chrono::steady_clock::now();
  const double sec = std::chrono::duration<double>(t1 - t0).count();
  *blocks_per_s = sec > 0 ? static_cast<double>(blocks) / sec : 0;
  return res_;
}

// ---------------------------------------------------------------------------------------------
static bool plusarg_u64(const char *arg, const char *name, uint64_t *out) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0) return false;
  char *end = nullptr;
  const unsigned long long v = std::strtoull(arg + n, &end, 10);
  if (!end || *end || end == arg + n) {
    std::fprintf(stderr, "bad value in '%s'\n", arg);
    std::exit(2);
  }
  *out = v;
  return true;
}

static std::string replay_cmd(const Options &o, bool trace) {
  std::string c = o.argv0 + " +seed=" + std::to_string(o.seed) + " +blocks=" + std::to_string(o.blocks);
  for (const auto &a : o.vargs) c += " " + a;
  if (o.selftest) c += " +selftest";
  if (o.sva_selftest) c += o.sva_selftest == 1 ? " +sva_selftest=valid" : " +sva_selftest=data";
  if (trace) c += " +trace";
  return c;
}

static std::string dir_of(const std::string &p) {
  const size_t s = p.rfind('/');
  return s == std::string::npos ? std::string(".") : p.substr(0, s);
}

int main(int argc, char **argv) {
  Options o;
  o.argv0 = argv[0];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (plusarg_u64(a, "+seed=", &o.seed) || plusarg_u64(a, "+blocks=", &o.blocks)) continue;
    uint64_t want_slots = 0;
    if (plusarg_u64(a, "+max_slots=", &want_slots)) {
      if (want_slots != static_cast<uint64_t>(kS)) {
        std::fprintf(stderr, "config %s was built with MaxSlots=%d, the test expects %" PRIu64
                     " (check rtl/configs.tsv)\n",
                     kName, kS, want_slots);
        return 2;
      }
      continue;
    }
    if (!std::strncmp(a, "+funcov=", 8)) {
      o.funcov = a + 8;
      continue;
    }
    if (!std::strcmp(a, "+trace")) o.trace = true;
    else if (!std::strcmp(a, "+bench")) o.bench = true;
    else if (!std::strcmp(a, "+selftest")) o.selftest = true;
    else if (!std::strcmp(a, "+sva_selftest=valid")) o.sva_selftest = 1;
    else if (!std::strcmp(a, "+sva_selftest=data")) o.sva_selftest = 2;
    else if (!std::strncmp(a, "+verilator+", 11)) {
      o.vargs.push_back(a);
      if (!std::strncmp(a, "+verilator+rand+reset+", 22)) o.rand_reset = std::atoi(a + 22);
    } else {
      std::fprintf(stderr, "unknown argument '%s' (use +seed=S +blocks=N +trace +bench +selftest "
                   "+sva_selftest=valid|data +max_slots=S +funcov=PATH +verilator+...)\n", a);
      return 2;
    }
  }
  std::printf("config %s: %s M=%d DataW=%d MaxTerms=%d PipeStages=%d MaxSlots=%d\n", kName,
              kSeq ? "seq" : "par", kM, kW, kT, kP, kS);

  if (o.bench) {
    // Series from light to full (total N = 0, 1, M/4, M/2, 5M/8, 3M/4, M-1, M), each split the
    // hardware way: power-of-two terms, largest first, the rest in the last term.
    std::vector<Series> list;
    std::vector<int> seen;
    for (int n : {0, 1, kM / 4, kM / 2, kM / 2 + kM / 8, 3 * kM / 4, kM - 1, kM}) {
      bool dup = false;
      for (int x : seen) dup = dup || x == n;
      if (dup) continue;
      seen.push_back(n);
      Series s{};
      int left = n;
      for (int t = 0; t < kT && left > 0; t++) {
        int take = left;
        if (t < kT - 1) {
          take = 1;
          while (take * 2 <= left) take *= 2;
        }
        if (take > kS) take = kS;  // a lean unit: at most MaxSlots per term (the rest is dropped)
        s.n[t] = static_cast<uint16_t>(take);
        left -= take;
      }
      list.push_back(s);
    }
    for (const Series &s : list) {
      Sim sim(o, false, "");
      double cpb = 0, bps = 0;
      Result r = sim.run_bench(s, o.blocks, &cpb, &bps);
      if (!r.ok) {
        std::printf("FAIL bench %s: %s\n", series_text(s).c_str(), r.msg.c_str());
        return 1;
      }
      std::printf("BENCH,%s,%s,%d,%d,%d,%d,%s,%.3f,%" PRIu64 ",%.0f\n", kName, kSeq ? "seq" : "par", kM, kW,
                  kT, kP, series_text(s).c_str(), cpb, sim.last_latency_, bps);
    }
    return 0;
  }

  std::printf("seed %" PRIu64 ", %" PRIu64 " blocks; replay: %s\n", o.seed, o.blocks, replay_cmd(o, false).c_str());
  std::fflush(stdout);
  // One trace file per distinguishable run: config, seed, initial-value mode, self-test mode.
  std::string fst = dir_of(o.argv0) + "/" + kName + "_seed" + std::to_string(o.seed) + "_rr" +
                    (o.rand_reset < 0 ? std::string("d") : std::to_string(o.rand_reset));
  if (o.selftest) fst += "_selftest";
  if (o.sva_selftest) fst += o.sva_selftest == 1 ? "_svavalid" : "_svadata";
  fst += ".fst";
  Result r;
  {
    Sim sim(o, o.trace, fst);
    r = sim.run_random();
    // Functional coverage: +funcov=PATH, or a file of its own under $TASD_FUNCOV_DIR (make coverage).
    const std::string fc_path = TasdFunCov::output_path(
        o.funcov, std::string(kName) + "_seed" + std::to_string(o.seed) + "_rr" +
                      (o.rand_reset < 0 ? std::string("d") : std::to_string(o.rand_reset)));
    if (!fc_path.empty() && !sim.write_funcov(fc_path)) return 2;
  }
  std::printf("cycles %" PRIu64 ", blocks accepted %" PRIu64 ", delivered and compared %" PRIu64
              ", abandoned by reset %" PRIu64 " (reset cycles %" PRIu64 ", %" PRIu64 " of them with blocks in flight, %" PRIu64
              " forced), refused-offer cycles %" PRIu64 ", series changes under a waiting offer %" PRIu64
              ", beat comparisons %" PRIu64 " (stalled cycles included)\n",
              r.cycles, r.blocks_in, r.blocks_out, r.abandoned, r.resets, r.abandon_resets, r.forced_resets,
              r.refused_cycles, r.cfg_changes_waiting, r.compared);
  if (r.ok && r.blocks_in != r.blocks_out + r.abandoned) {
    r.ok = false;
    r.msg = "accepted != delivered + abandoned";
  }
  if (r.ok && o.blocks >= 1000 && r.abandoned == 0) {
    r.ok = false;
    r.msg = "coverage: no reset hit a block in flight (abandoned = 0)";
  }
  if (r.ok && o.selftest && r.corrupted == 0) {
    r.ok = false;
    r.msg = "selftest: no expected beat was corrupted (run too short?)";
  }
  if (r.ok && o.sva_selftest && !r.sva_broken) {
    r.ok = false;
    r.msg = "sva_selftest: no stalled offer found to break the rule on (run too short?)";
  }
  // Guard against a vacuous pass: every delivered beat must have gone through compare().
  if (r.ok && (r.compared < r.blocks_out || r.blocks_out == 0)) {
    r.ok = false;
    r.msg = "only " + std::to_string(r.compared) + " comparisons for " + std::to_string(r.blocks_out) +
            " delivered beats (the scoreboard did not run)";
  }
  if (r.ok) {
    if (!o.selftest && !o.sva_selftest) {
      std::printf("METRIC blocks_accepted %" PRIu64 "\n", r.blocks_in);
      std::printf("METRIC blocks_compared %" PRIu64 "\n", r.blocks_out);
      std::printf("METRIC blocks_abandoned %" PRIu64 "\n", r.abandoned);
    }
    std::printf("PASS %s seed %" PRIu64 ": %" PRIu64 " blocks co-simulated, %" PRIu64 " compared, 0 mismatches\n",
                kName, o.seed, r.blocks_in, r.blocks_out);
    return 0;
  }
  std::printf("FAIL %s seed %" PRIu64 " at cycle %" PRIu64 ": %s\n", kName, o.seed, r.fail_cycle, r.msg.c_str());
  if (!o.trace) {
    Sim sim(o, true, fst);
    (void)sim.run_random();
    std::printf("trace of the failing run (re-run with +trace): %s\n", fst.c_str());
  } else {
    std::printf("trace: %s\n", fst.c_str());
  }
  std::printf("replay: %s\n", replay_cmd(o, false).c_str());
  std::printf("replay with trace: %s\n", replay_cmd(o, true).c_str());
  return 1;
}
