// SPDX-License-Identifier: Apache-2.0
// Verilator test of rtl/tasd_integ_example.sv (ReLU producer -> config register -> tasd_unit_par) against libtasd.
//
// Configuration: M=8, DataW=8, MaxTerms=2, PipeStages=1 (built by tb/formal.mk).
// Built with --assert -DTASD_ASSERT (the unit's SVA run inside) and --trace-fst.
// Usage: Vinteg [+seed=N] [+blocks=N] [+selftest] [+trace]
//   +trace writes <dir of Vinteg>/integ_seed<N>[_selftest].fst
// Random int8 activation blocks enter with random gaps; the sink stalls at random; the series
// register is rewritten at random times, sometimes with an illegal series that is left in
// place for a while. Checks:
//   - every output beat, in order, equals tasd_block_decompose_i32(ReLU(block), N) where N is the
//     series the beat carries (N_t = popcount of its slot-valid bits), and that series is the
//     register's value at some point no earlier than the previous beat's series (a write takes
//     effect for later blocks only, never retroactively, never an illegal one);
//   - no block is lost or duplicated (beats == blocks sent at the end);
//   - while the register is illegal: cfg_err_o = 1, and after a block waits, cfg_err_seen_o = 1;
//     a legal register gives cfg_err_o = 0;
//   - while a beat is stalled it does not change;
//   - mid-stream resets (1-3 cycles, at random, also with blocks inside): everything in flight
//     (ReLU register, unit) is dropped, the register returns to ResetCfg, no beat appears in the
//     cycle after reset, and the stream goes on; accepted = delivered + abandoned at the end, and
//     a run of >= 1000 blocks must have abandoned at least one block (one reset is forced at
//     half the run while blocks are in flight if the random ones have not hit any);
//   - the unit's SVA (a failing assertion fails the run).
// A passing run (not +selftest) prints METRIC blocks_compared / blocks_abandoned lines.
// +selftest corrupts one expected beat and the run must then fail (the test list checks both).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vinteg.h"
#include "tasd.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "../common/tasd_tb_rng.h"

namespace {
constexpr unsigned kM = 8, kW = 8, kT = 2, kNW = 4, kIW = 3;


bool legal(uint32_t cfg) {
  unsigned n0 = cfg & 15u, n1 = (cfg >> kNW) & 15u;
  return n0 <= kM && n1 <= kM && n0 + n1 <= kM;
}
}  // namespace

int main(int argc, char **argv) {
  unsigned seed = 1, blocks = 20000;
  bool selftest = false, trace = false;
  for (int i = 1; i < argc; i++) {
    if (!std::strncmp(argv[i], "+seed=", 6)) seed = static_cast<unsigned>(std::strtoul(argv[i] + 6, nullptr, 10));
    else if (!std::strncmp(argv[i], "+blocks=", 8)) blocks = static_cast<unsigned>(std::strtoul(argv[i] + 8, nullptr, 10));
    else if (!std::strcmp(argv[i], "+selftest")) selftest = true;
    else if (!std::strcmp(argv[i], "+trace")) trace = true;
    else if (argv[i][0] == '+') continue;  // Verilator's own plusargs
    else { std::fprintf(stderr, "Vinteg: unknown argument '%s'\n", argv[i]); return 2; }
  }
  std::printf("INTEG seed %u, %u blocks; replay: %s +seed=%u +blocks=%u%s\n", seed, blocks, argv[0], seed,
              blocks, selftest ? " +selftest" : "");
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  ctx->fatalOnError(false);  // an SVA failure is counted as an error and reported below
  if (trace) ctx->traceEverOn(true);
  auto dut = std::make_unique<Vinteg>(ctx.get());
  std::string fst_path = argv[0];
  fst_path = (fst_path.rfind('/') == std::string::npos ? std::string(".") : fst_path.substr(0, fst_path.rfind('/'))) +
             "/integ_seed" + std::to_string(seed) + (selftest ? "_selftest" : "") + ".fst";
  std::unique_ptr<VerilatedFstC> fst;
  if (trace) {
    fst = std::make_unique<VerilatedFstC>();
    dut->trace(fst.get(), 99);
    fst->open(fst_path.c_str());
  }
  auto dump = [&]() { if (fst) fst->dump(ctx->time()); };
  Rng rng(seed, 7);

  std::deque<std::vector<int32_t>> sent;  // activation blocks not yet seen at the output
  std::vector<uint32_t> history;          // register values, in write order
  size_t hist_pos = 0;                    // series of the previous beat (index into history)
  unsigned errors = 0, beats = 0, nsent = 0, illegal_cycles = 0, cfg_writes = 0;
  unsigned abandoned = 0, resets = 0, forced_resets = 0, rst_left = 0;
  bool prev_rst = false;
  auto fail = [&](const char *what) {
    if (errors < 8) std::printf("INTEG ERROR cycle %llu beat %u: %s\n", (unsigned long long)ctx->time(), beats, what);
    errors++;
  };

  auto tick = [&]() {
    dut->clk_i = 0; dut->eval(); dump(); ctx->timeInc(1);
    dut->clk_i = 1; dut->eval(); dump(); ctx->timeInc(1);
  };

  dut->rst_ni = 0; dut->cfg_we_i = 0; dut->act_valid_i = 0; dut->out_ready_i = 0;
  tick(); tick();
  dut->rst_ni = 1;
  dut->eval();
  history.push_back(dut->cfg_o);  // ResetCfg
  if (dut->cfg_o != 2u) fail("config register does not reset to ResetCfg = 2");

  std::vector<int32_t> cur(kM);
  bool have_cur = false, stalled = false;
  uint64_t held[6] = {0};
  unsigned illegal_left = 0, seen_countdown = 0;
  bool block_in_illegal = false;
  uint64_t cycle = 0, limit = 200ULL * blocks + 10000;
  while ((nsent < blocks || !sent.empty()) && cycle < limit) {
    cycle++;
    // ---- drive inputs for this cycle (before the rising edge) ----
    dut->cfg_we_i = 0;
    // Mid-stream reset (1-3 cycles); forced once at half the run if none has hit a block yet.
    if (rst_left == 0 && rng.below(5000) == 0) rst_left = 1 + rng.below(3);
    if (rst_left == 0 && blocks >= 1000 && abandoned == 0 && !sent.empty() && nsent >= blocks / 2) {
      rst_left = 1;
      forced_resets++;
    }
    const bool rst = rst_left > 0;
    if (rst) rst_left--;
    dut->rst_ni = rst ? 0 : 1;
    if (rst) {
      // no register write in a reset cycle (reset wins anyway)
    } else if (illegal_left > 0) {
      if (--illegal_left == 0) {  // restore a legal series
        uint32_t n0 = rng.below(kM + 1), n1 = rng.below(kM - n0 + 1);
        dut->cfg_we_i = 1; dut->cfg_wdata_i = n0 | (n1 << kNW);
      }
    } else if (rng.below(1000) < 8) {
      uint32_t v;
      if (rng.below(4) == 0) {  // illegal: held for a while
        v = rng.below(2) ? (kM + 1 + rng.below(kM - 1)) : (5u | (5u << kNW));
        illegal_left = 20 + rng.below(40);
      } else {
        uint32_t n0 = rng.below(kM + 1), n1 = rng.below(kM - n0 + 1);
        v = n0 | (n1 << kNW);
      }
      dut->cfg_we_i = 1; dut->cfg_wdata_i = v;
    }
    if (!have_cur && nsent < blocks && rng.below(100) < 80) {
      for (unsigned i = 0; i < kM; i++) {
        unsigned d = rng.below(3);
        cur[i] = d == 0 ? 0 : static_cast<int32_t>(rng.below(256)) - 128;
      }
      have_cur = true;
    }
    uint64_t packed = 0;
    for (unsigned i = 0; i < kM; i++) packed |= static_cast<uint64_t>(static_cast<uint8_t>(cur[i])) << (i * kW);
    dut->act_valid_i = have_cur;
    dut->act_data_i = packed;
    dut->out_ready_i = rng.below(100) >= 25;
    dut->clk_i = 0;
    dut->eval();
    dump();
    if (rst) {
      // Reset cycle: everything in flight (and a block offered now) is abandoned; the
      // register returns to ResetCfg at this edge, so that is the series from here on.
      abandoned += static_cast<unsigned>(sent.size());
      sent.clear();
      if (!prev_rst) resets++;
      prev_rst = true;
      have_cur = false;
      stalled = false;
      illegal_left = 0;
      seen_countdown = 0;
      block_in_illegal = false;
      dut->clk_i = 1;
      dut->eval();
      dump();
      ctx->timeInc(1);
      history.push_back(dut->cfg_o);
      hist_pos = history.size() - 1;
      if (dut->cfg_o != 2u) fail("config register does not reset to ResetCfg = 2");
      if (ctx->gotError()) { fail("an SVA assertion failed (see above)"); break; }
      ctx->timeInc(1);
      continue;
    }
    if (prev_rst && dut->out_valid_o) fail("output beat valid in the cycle after reset");
    prev_rst = false;

    // ---- sample what happens at this edge ----
    bool reg_legal = legal(dut->cfg_o);
    if (dut->cfg_err_o != !reg_legal) fail("cfg_err_o does not match the register's legality");
    if (!reg_legal) illegal_cycles++;
    uint64_t now[6] = {dut->out_val_o[0] | (static_cast<uint64_t>(dut->out_val_o[1]) << 32),
                       dut->out_val_o[2] | (static_cast<uint64_t>(dut->out_val_o[3]) << 32),
                       dut->out_idx_o, dut->out_slot_vld_o, dut->out_mask_o, 0};
    if (stalled && (!dut->out_valid_o || std::memcmp(now, held, sizeof now) != 0)) fail("stalled beat changed");
    stalled = dut->out_valid_o && !dut->out_ready_i;
    std::memcpy(held, now, sizeof now);
    block_in_illegal = dut->act_valid_i && dut->act_ready_o && !reg_legal && !dut->cfg_we_i;
    if (dut->act_valid_i && dut->act_ready_o) {
      sent.push_back(cur);
      nsent++;
      have_cur = false;
    }
    if (dut->out_valid_o && dut->out_ready_i) {
      if (sent.empty()) {
        fail("beat without a block");
      } else {
        // series carried by the beat
        uint16_t n[kT];
        for (unsigned t = 0; t < kT; t++) n[t] = static_cast<uint16_t>(__builtin_popcount((dut->out_slot_vld_o >> (t * kM)) & 0xffu));
        uint32_t beat_cfg = n[0] | (static_cast<uint32_t>(n[1]) << kNW);
        size_t p = hist_pos;
        while (p < history.size() && history[p] != beat_cfg) p++;
        if (p == history.size()) fail("beat carries a series the register did not hold since the previous beat");
        else hist_pos = p;
        std::vector<int32_t> x = sent.front();
        sent.pop_front();
        for (auto &e : x) e = e < 0 ? 0 : e;  // ReLU
        tasd_block_result r;
        if (tasd_block_decompose_i32(x.data(), kM, n, kT, &r) != TASD_OK) fail("C model refused the beat's series");
        if (selftest && beats == 50) r.val[0][0] ^= 1;  // deliberately wrong expectation
        bool ok = true;
        for (unsigned t = 0; t < kT; t++) {
          for (unsigned k = 0; k < kM; k++) {
            unsigned s = t * kM + k;
            uint64_t word = now[s / 8];
            int32_t v = static_cast<int8_t>((word >> ((s % 8) * 8)) & 0xffu);
            unsigned ix = static_cast<unsigned>((now[2] >> (s * kIW)) & 7u);
            if (v != r.val[t][k] || ix != r.idx[t][k] || ((now[3] >> s) & 1u) != r.slot_vld[t][k] ||
                ((now[4] >> s) & 1u) != r.mask[t][k])
              ok = false;
          }
        }
        if (!ok) fail("beat differs from the C model of ReLU + TASD");
        beats++;
      }
    }
    dut->clk_i = 1;
    dut->eval();
    ctx->timeInc(1);
    if (dut->cfg_we_i) { history.push_back(dut->cfg_o); cfg_writes++; }
    // sticky error: a block that entered the ReLU register under an illegal series waits there,
    // so two edges later cfg_err_seen_o must be set (unless the register was rewritten).
    if (dut->cfg_we_i) seen_countdown = 0;
    else if (seen_countdown > 0 && --seen_countdown == 0 && !dut->cfg_err_seen_o)
      fail("cfg_err_seen_o low although a block waited under an illegal series");
    if (block_in_illegal && seen_countdown == 0 && !dut->cfg_we_i) seen_countdown = 1;
    dump();
    if (ctx->gotError()) { fail("an SVA assertion failed (see above)"); break; }
    ctx->timeInc(1);
  }
  if (!sent.empty() || nsent != blocks) fail("stream did not drain (lost blocks or a hang)");
  if (beats + abandoned != nsent) fail("blocks accepted != beats delivered + blocks abandoned by reset");
  if (blocks >= 1000 && abandoned == 0) fail("coverage: no reset hit a block in flight");
  std::printf("INTEG %s: %u blocks accepted, %u beats compared, %u abandoned by %u resets (%u forced), %u config writes, "
              "%u cycles with an illegal series, %u errors\n",
              errors ? "FAIL" : "PASS", nsent, beats, abandoned, resets, forced_resets, cfg_writes, illegal_cycles, errors);
  if (!errors && !selftest) {
    std::printf("METRIC blocks_compared %u\n", beats);
    std::printf("METRIC blocks_abandoned %u\n", abandoned);
  }
  if (errors) {
    std::printf("replay: %s +seed=%u +blocks=%u%s\n", argv[0], seed, blocks, selftest ? " +selftest" : "");
    if (fst) std::printf("trace: %s\n", fst_path.c_str());
    else std::printf("replay with trace (writes %s): %s +seed=%u +blocks=%u%s +trace\n", fst_path.c_str(), argv[0], seed,
                     blocks, selftest ? " +selftest" : "");
  }
  if (fst) fst->close();
  dut->final();
  return errors ? 1 : 0;
}
