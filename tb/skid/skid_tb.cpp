// SPDX-License-Identifier: Apache-2.0
// Verilator test of tasd_skid_buf against a reference queue: random stalls on both sides, registered ready, no bubble.
//
// Built once per payload width by tb/skid.mk (-GWidth=W and -DSKID_W=W, -DSKID_NAME=name).
// Plusargs:
//   +seed=S       random seed (default 1); every run prints it and the replay command
//   +beats=N      beats to deliver in the random phases (default 20000)
//   +selftest     corrupt the expected payload of beat #500 (and every later one): the run MUST
//                 fail with "MISMATCH" (tb/lists/skid.tsv), which shows the comparison is live
//   +trace        write an FST of the run next to the binary (<name>_seed<S>.fst)
// Exit status: 0 pass, 1 a check failed (the line starting "FAIL" says which), 2 bad usage.
//
// Model: the slice is a queue of at most 2 beats. Each cycle the harness drives the source
// (valid held with stable data until accepted, AXI4-Stream) and the sink (ready) from the
// phase's stall profile, then checks, before the clock edge:
//   - registered outputs: in_ready_o, out_valid_o and out_data_o do not move when in_valid_i,
//     in_data_i and out_ready_i are changed and the model is re-evaluated (no combinational
//     path through the slice; in particular in_ready_o does not depend on out_ready_i);
//   - in_ready_o == (queue holds < 2 beats) and out_valid_o == (queue not empty): the slice takes
//     a beat whenever it has room and presents one whenever it holds one (no bubble);
//   - out_data_o == the queue head whenever out_valid_o (so a stalled beat is also stable).
// At the edge the handshakes update the queue; a reset cycle empties it (a beat offered during
// reset is dropped by the documented rule). Profiles per phase: source valid and sink ready duty
// cycles from 0.05 to 1, bursts (long runs of stall / go), and alternating ready. A final
// full-rate phase (valid and ready always high, after a reset) must move one beat per cycle:
// N beats in exactly N + 1 cycles from the first offer (latency 1). A run of >= 2000 beats fails
// unless the skid register was used (2 beats held) at least 100 times, in_ready_o was seen low,
// and a reset hit a non-empty slice (coverage, so a passing run has exercised the skid).
// Coverage builds (make coverage, tb/cov.mk) write their counters to $TASD_COVFILE (tb/common/tasd_tb_cov.h).
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vskid.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#include "../common/tasd_tb_cov.h"
#include "../common/tasd_tb_rng.h"

#ifndef SKID_W
#error "SKID_W and SKID_NAME must be defined by tb/skid.mk"
#endif
static constexpr int kW = SKID_W;
static constexpr int kWords = (kW + 31) / 32;
#define SKID_STR2(x) #x
#define SKID_STR(x) SKID_STR2(x)
static const char *const kName = SKID_STR(SKID_NAME);

using Payload = std::vector<uint32_t>;  // kWords little-endian words, unused top bits 0

// ---- Port access for every Verilator port type (CData .. QData, VlWide). ----
template <typename T>
static void put_port(T &port, const Payload &p) {
  uint64_t v = p[0];
  if (kWords > 1) v |= static_cast<uint64_t>(p[1]) << 32;
  port = static_cast<T>(v);
}
template <std::size_t N>
static void put_port(VlWide<N> &port, const Payload &p) {
  for (std::size_t i = 0; i < N; i++) port[i] = i < p.size() ? p[i] : 0;
}
template <typename T>
static Payload get_port(const T &port) {
  Payload p(kWords, 0);
  const uint64_t v = static_cast<uint64_t>(port);
  p[0] = static_cast<uint32_t>(v);
  if (kWords > 1) p[1] = static_cast<uint32_t>(v >> 32);
  return p;
}
template <std::size_t N>
static Payload get_port(const VlWide<N> &port) {
  Payload p(kWords, 0);
  for (int i = 0; i < kWords; i++) p[i] = port[i];
  return p;
}

static Payload random_payload(Rng &rng) {
  Payload p(kWords, 0);
  for (int i = 0; i < kWords; i++) p[i] = static_cast<uint32_t>(rng.next());
  if (kW % 32) p[kWords - 1] &= (1u << (kW % 32)) - 1;
  return p;
}
static std::string hex(const Payload &p) {
  std::string s = "0x";
  char b[16];
  for (int i = kWords - 1; i >= 0; i--) {
    std::snprintf(b, sizeof b, "%08x", p[i]);
    s += b;
  }
  return s;
}

struct Options {
  uint64_t seed = 1;
  uint64_t beats = 20000;
  bool selftest = false;
  bool trace = false;
  std::string argv0;
};

class Sim {
 public:
  explicit Sim(const Options &o) : opt_(o), rng_(o.seed, 0x5c1d0ull) {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->randReset(2);
    ctx_->randSeed(static_cast<int>(o.seed & 0x7fffffff));
    top_ = std::make_unique<Vskid>(ctx_.get());
    if (o.trace) {
      ctx_->traceEverOn(true);
      tfp_ = std::make_unique<VerilatedFstC>();
      top_->trace(tfp_.get(), 99);
      const std::string dir = o.argv0.substr(0, o.argv0.find_last_of('/') + 1);
      fst_ = dir + kName + std::string("_seed") + std::to_string(o.seed) + ".fst";
      tfp_->open(fst_.c_str());
    }
  }
  ~Sim() {
    if (tfp_) tfp_->close();
    top_->final();
    cov_.write(ctx_.get());
  }

  int run();

 private:
  void fail(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
  bool cycle(bool rst, bool offer_new, bool ready);  // one clock cycle; false after a failure
  void phase(uint64_t beats, double p_valid, double p_ready, int kind);

  Options opt_;
  Rng rng_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vskid> top_;
  std::unique_ptr<VerilatedFstC> tfp_;
  TasdTbCov cov_;  // coverage builds (tb/common/tasd_tb_cov.h)
  std::string fst_;
  std::deque<Payload> q_;  // model: beats inside the slice, head first
  bool offered_ = false;   // the source holds a beat not yet accepted
  Payload offer_;
  uint64_t t_ = 0, delivered_ = 0, accepted_ = 0, full_cycles_ = 0, notready_cycles_ = 0;
  uint64_t resets_hit_ = 0, stall_cycles_ = 0, dropped_ = 0;
  bool ok_ = true;
};

void Sim::fail(const char *fmt, ...) {
  if (!ok_) return;
  ok_ = false;
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  std::printf("FAIL %s seed %" PRIu64 " at cycle %" PRIu64 ": %s\n", kName, opt_.seed, t_, buf);
}

// Drive one cycle. offer_new: the source may start a new beat this cycle (ignored while it
// still holds one: valid is never withdrawn and the data never changes before the handshake).
bool Sim::cycle(bool rst, bool offer_new, bool ready) {
  cov_.cycle(ctx_.get(), rst);
  if (!offered_ && offer_new) {
    offered_ = true;
    offer_ = random_payload(rng_);
  }
  top_->clk_i = 0;
  top_->rst_ni = !rst;
  top_->in_valid_i = offered_;
  put_port(top_->in_data_i, offered_ ? offer_ : random_payload(rng_));  // garbage when idle
  top_->out_ready_i = ready;
  top_->eval();
  if (tfp_) tfp_->dump(2 * t_);

  const bool in_ready = top_->in_ready_o, out_valid = top_->out_valid_o;
  const Payload out_data = get_port(top_->out_data_o);
  // Registered outputs: perturb every input but the clock and re-evaluate.
  for (int k = 0; k < 3; k++) {
    top_->rst_ni = rng_.chance(0.5);
    top_->in_valid_i = rng_.chance(0.5);
    put_port(top_->in_data_i, random_payload(rng_));
    top_->out_ready_i = rng_.chance(0.5);
    top_->eval();
    if (top_->in_ready_o != in_ready) fail("in_ready_o changed with the inputs (combinational path into in_ready_o)");
    if (top_->out_valid_o != out_valid || get_port(top_->out_data_o) != out_data)
      fail("out_valid_o/out_data_o changed with the inputs (not registered)");
  }
  top_->rst_ni = !rst;
  top_->in_valid_i = offered_;
  put_port(top_->in_data_i, offered_ ? offer_ : random_payload(rng_));
  top_->out_ready_i = ready;
  top_->eval();

  if (!rst) {
    if (in_ready != (q_.size() < 2))
      fail("in_ready_o=%d while the slice holds %zu beat(s) (want %d)", in_ready, q_.size(), q_.size() < 2);
    if (out_valid != !q_.empty())
      fail("out_valid_o=%d while the slice holds %zu beat(s) (bubble or spurious beat)", out_valid, q_.size());
    if (out_valid && !q_.empty()) {
      Payload want = q_.front();
      if (opt_.selftest && delivered_ >= 500) want[0] ^= 1u;
      if (out_data != want)
        fail("MISMATCH beat #%" PRIu64 ": out_data_o %s, want %s", delivered_, hex(out_data).c_str(),
             hex(want).c_str());
    }
    if (q_.size() == 2) full_cycles_++;
    if (!in_ready) notready_cycles_++;
    if (out_valid && !ready) stall_cycles_++;
  }

  top_->clk_i = 1;
  top_->eval();
  if (tfp_) tfp_->dump(2 * t_ + 1);
  t_++;

  const bool in_hs = offered_ && in_ready, out_hs = out_valid && ready;
  if (rst) {
    if (!q_.empty()) resets_hit_++;
    dropped_ += q_.size();
    q_.clear();
    offered_ = false;  // the source is reset too: its beat is dropped
  } else {
    if (out_hs) {
      q_.pop_front();
      delivered_++;
    }
    if (in_hs) {
      q_.push_back(offer_);
      offered_ = false;
      accepted_++;
    }
  }
  return ok_;
}

// kind 0: independent random valid/ready; 1: bursts of stall/go on the sink; 2: ready toggles.
void Sim::phase(uint64_t beats, double p_valid, double p_ready, int kind) {
  const uint64_t goal = delivered_ + beats, t_end = t_ + 200 * beats + 1000;
  int burst = 0;
  bool burst_ready = true;
  while (ok_ && delivered_ < goal) {
    bool ready;
    if (kind == 1) {
      if (burst-- <= 0) {
        burst = rng_.range(1, 12);
        burst_ready = !burst_ready;
      }
      ready = burst_ready;
    } else if (kind == 2) {
      ready = (t_ & 1) != 0;
    } else {
      ready = rng_.chance(p_ready);
    }
    const bool rst = rng_.below(4000) == 0;
    for (int r = rst ? rng_.range(1, 3) : 1; r > 0 && ok_; r--) cycle(rst, rng_.chance(p_valid), ready);
    if (t_ > t_end) fail("no progress: %" PRIu64 " of %" PRIu64 " beats delivered", delivered_, goal);
  }
}

int Sim::run() {
  // Reset (3 cycles), then random phases.
  for (int i = 0; i < 3; i++) cycle(true, false, true);
  const double duty[] = {0.05, 0.3, 0.5, 0.7, 0.9, 1.0};
  const uint64_t per = opt_.beats / 20 + 1;
  uint64_t n = 0;
  while (ok_ && n < opt_.beats) {
    const int kind = static_cast<int>(rng_.below(4)) % 3;
    const double pv = duty[rng_.below(6)], pr = duty[rng_.below(6)];
    phase(per, pv, pr, kind);
    n += per;
  }
  // Drain.
  for (int i = 0; i < 8 && ok_; i++) cycle(false, false, true);
  if (ok_ && !q_.empty()) fail("%zu beat(s) never delivered", q_.size());
  // Full rate after a reset: N beats in N + 1 cycles from the first offer, one per cycle.
  const uint64_t full = 1000;
  cycle(true, false, true);
  const uint64_t d0 = delivered_, a0 = accepted_, t0 = t_;
  while (ok_ && delivered_ - d0 < full) {
    cycle(false, accepted_ - a0 < full, true);
    if (t_ - t0 > 2 * full) fail("full-rate phase stuck");
  }
  if (ok_ && t_ - t0 != full + 1)
    fail("full rate: %" PRIu64 " beats took %" PRIu64 " cycles (want %" PRIu64 ": 1 per cycle, latency 1)",
         full, t_ - t0, full + 1);
  if (ok_ && accepted_ != delivered_ + dropped_)
    fail("%" PRIu64 " beats accepted, %" PRIu64 " delivered, %" PRIu64 " dropped by reset: counts disagree",
         accepted_, delivered_, dropped_);
  if (ok_ && opt_.beats >= 2000 && !opt_.selftest) {
    if (full_cycles_ < 100) fail("coverage: the skid held a second beat in only %" PRIu64 " cycles", full_cycles_);
    else if (notready_cycles_ == 0) fail("coverage: in_ready_o never low");
    else if (resets_hit_ == 0) fail("coverage: no reset hit a non-empty slice");
  }
  std::printf("%s %s seed %" PRIu64 ": %" PRIu64 " beats accepted, %" PRIu64 " delivered and compared, %" PRIu64
              " dropped by %" PRIu64 " resets on a non-empty slice, %" PRIu64 " cycles, %" PRIu64
              " with 2 beats held, %" PRIu64 " with in_ready_o low, %" PRIu64 " sink stalls\n",
              ok_ ? "PASS" : "FAIL", kName, opt_.seed, accepted_, delivered_, dropped_, resets_hit_, t_,
              full_cycles_, notready_cycles_, stall_cycles_);
  if (tfp_) std::printf("trace: %s\n", fst_.c_str());
  if (ok_ && !opt_.selftest) std::printf("METRIC beats_compared %" PRIu64 "\n", delivered_);
  return ok_ ? 0 : 1;
}

static bool plusarg_u64(const char *arg, const char *name, uint64_t *out) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0) return false;
  char *end = nullptr;
  *out = std::strtoull(arg + n, &end, 10);
  return end && *end == '\0';
}

int main(int argc, char **argv) {
  Options o;
  o.argv0 = argv[0];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (plusarg_u64(a, "+seed=", &o.seed) || plusarg_u64(a, "+beats=", &o.beats)) continue;
    if (!std::strcmp(a, "+selftest")) o.selftest = true;
    else if (!std::strcmp(a, "+trace")) o.trace = true;
    else {
      std::fprintf(stderr, "unknown argument '%s' (use +seed=S +beats=N +selftest +trace)\n", a);
      return 2;
    }
  }
  std::printf("skid %s: tasd_skid_buf Width=%d seed %" PRIu64 " beats %" PRIu64 "%s\n", kName, kW, o.seed,
              o.beats, o.selftest ? " (selftest: must fail)" : "");
  std::printf("replay: %s +seed=%" PRIu64 " +beats=%" PRIu64 "%s\n", o.argv0.c_str(), o.seed, o.beats,
              o.selftest ? " +selftest" : "");
  Sim sim(o);
  const int rc = sim.run();
  if (rc != 0 && !o.trace)
    std::printf("replay with a trace: %s +seed=%" PRIu64 " +beats=%" PRIu64 "%s +trace\n", o.argv0.c_str(), o.seed,
                o.beats, o.selftest ? " +selftest" : "");
  return rc;
}
