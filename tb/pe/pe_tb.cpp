// SPDX-License-Identifier: Apache-2.0
// Verilator harness of the N:M PE alone (rtl/tasd_pe.sv) against the C model's PE (tasd_pe_dot_i32).
//
// Built once per line of rtl/configs.tsv (tb/tile.mk); Lanes, M, DataW and AccW arrive as -G
// overrides for the RTL and as -D macros (Q_L, Q_M, Q_DW, Q_AW) for the harness, MulPipe as
// TASD_P_MulPipe (configs.py's -DTASD_P_<Param>).
//
// Usage: Vpe [+seed=S] [+cycles=N] [+corrupt=K]
//   Every cycle drives random operands: in_valid_i and clr_i independently (so clr_i also comes
//   without in_valid_i), any lane-valid pattern (not only prefixes), values and B elements with
//   the extremes of DataW (-2^(DataW-1), 2^(DataW-1)-1) often, random indices, and now and then
//   a synchronous reset; adv_i is low one cycle in five (nothing may change then). With
//   MulPipe = 1 the model holds each beat one advance in its own pipeline register before it
//   adds. Before each clock edge acc_d_o is compared with the model's next value;
//   after it acc_o with the model's accumulator (AccW bits, two's complement). A second phase
//   accumulates the largest products without clearing until the accumulator wraps past
//   2^(AccW-1) (the run fails if it never wraps). The model: each valid lane is one
//   tasd_pe_dot_i32 call with n = 1 on that lane's B block, chained through the accumulator; a
//   32-bit wrap taken modulo 2^AccW is the AccW-bit wrap.
//   +corrupt=K flips one bit of the K-th expected value: the run must then fail (the selftest in
//   tb/lists/tile.tsv, run through tb/tile/expect_fail.sh).
// Coverage builds (make coverage, tb/cov.mk) write their counters to $TASD_COVFILE (tb/common/tasd_tb_cov.h).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "Vpe.h"
#include "verilated.h"

#include "tasd.h"
#include "../common/tasd_tb_cov.h"
#include "../common/tasd_tb_rng.h"

#ifndef Q_L
#error "build with -DQ_L=.. -DQ_M=.. -DQ_DW=.. -DQ_AW=.."
#endif
#ifndef TASD_P_MulPipe
#define TASD_P_MulPipe 0  // RTL default: no register between the multipliers and the accumulator
#endif

static const int kIdxW = (Q_M == 2) ? 1 : (Q_M == 4) ? 2 : (Q_M == 8) ? 3 : (Q_M == 16) ? 4 : 5;
static const uint32_t kAccMask = (Q_AW >= 32) ? 0xFFFFFFFFu : ((1u << Q_AW) - 1u);


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

static std::string g_replay;
static uint64_t g_checks = 0, g_corrupt = 0;

[[noreturn]] static void fail(const char *what, uint64_t cyc, uint32_t got, uint32_t want) {
  printf("FAIL: cycle %" PRIu64 " %s mismatch: rtl 0x%08x, C model 0x%08x (AccW %d bits)\n", cyc,
         what, got, want, Q_AW);
  printf("replay: %s\n", g_replay.c_str());
  exit(1);
}

// Compares one value (AccW bits); the corrupt-th comparison uses a flipped expected bit.
static void check(const char *what, uint64_t cyc, uint32_t got, int32_t want) {
  uint32_t w = (uint32_t)want & kAccMask;
  g_checks++;
  if (g_checks == g_corrupt) w ^= 1u;
  if ((got & kAccMask) != w) fail(what, cyc, got & kAccMask, w);
}

static int32_t rand_operand(Rng &r) {
  const int32_t lo = -(1 << (Q_DW - 1)), hi = (1 << (Q_DW - 1)) - 1;
  switch (r.below(8)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return 0;
    default: return lo + (int32_t)r.below((uint32_t)(hi - lo + 1));
  }
}

int main(int argc, char **argv) {
  uint64_t seed = 1, ncycles = 20000;
  for (int i = 1; i < argc; i++) {
    if (!strncmp(argv[i], "+seed=", 6)) seed = strtoull(argv[i] + 6, nullptr, 10);
    else if (!strncmp(argv[i], "+cycles=", 8)) ncycles = strtoull(argv[i] + 8, nullptr, 10);
    else if (!strncmp(argv[i], "+corrupt=", 9)) g_corrupt = strtoull(argv[i] + 9, nullptr, 10);
    else if (!strncmp(argv[i], "+verilator+", 11)) continue;
    else {
      fprintf(stderr, "unknown argument '%s' (+seed=S +cycles=N +corrupt=K)\n", argv[i]);
      return 2;
    }
  }
  for (int i = 0; i < argc; i++) g_replay += (i ? " " : "") + std::string(argv[i]);
  printf("tasd_pe Lanes=%d M=%d DataW=%d AccW=%d MulPipe=%d seed=%" PRIu64 " cycles=%" PRIu64 "\n",
         Q_L, Q_M, Q_DW, Q_AW, TASD_P_MulPipe, seed, ncycles);
  printf("replay: %s\n", g_replay.c_str());

  Rng rng(seed, 0x7654321ull);
  VerilatedContext ctx;
  ctx.commandArgs(argc, argv);
  Vpe *top = new Vpe(&ctx);
  int32_t acc = 0;  // the model's accumulator (32-bit wrap; compared modulo 2^AccW)
  uint64_t cyc = 0, clr_only = 0, valid_beats = 0, resets = 0, partial = 0;
  // One beat's operands; with MulPipe the model's pipeline register holds one.
  struct Beat {
    bool valid = false, clr = false;
    uint32_t lv = 0;
    int32_t vals[Q_L] = {}, idx[Q_L] = {};
    int32_t blk[Q_L][Q_M] = {};
  };
  Beat in, pipe;
  int32_t (&vals)[Q_L] = in.vals;
  int32_t (&idx)[Q_L] = in.idx;
  int32_t (&blk)[Q_L][Q_M] = in.blk;
  uint64_t stalls = 0;

  // One cycle: drive, compare acc_d_o with the model's next value, clock, compare acc_o.
  TasdTbCov cov;  // coverage builds (tb/common/tasd_tb_cov.h)
  auto step = [&](bool rst, bool valid, bool clr, uint32_t lv, bool adv) {
    cov.cycle(&ctx, rst);
    in.valid = valid;
    in.clr = clr;
    in.lv = lv;
    top->rst_ni = !rst;
    top->adv_i = adv;
    top->in_valid_i = valid;
    top->clr_i = clr;
    top->lane_vld_i = lv;
    for (int l = 0; l < Q_L; l++) {
      setb(top->a_val_i, l * Q_DW, Q_DW, (uint32_t)vals[l]);
      setb(top->a_idx_i, l * kIdxW, kIdxW, (uint32_t)idx[l]);
      for (int i = 0; i < Q_M; i++) setb(top->b_blk_i, (l * Q_M + i) * Q_DW, Q_DW, (uint32_t)blk[l][i]);
    }
    top->eval();
    const Beat &b = TASD_P_MulPipe ? pipe : in;  // the beat that adds in this cycle
    int32_t next = acc;
    if (adv && b.valid) {
      next = b.clr ? 0 : acc;
      for (int l = 0; l < Q_L; l++) {
        if (!((b.lv >> l) & 1u)) continue;
        uint8_t ix = (uint8_t)b.idx[l];
        int32_t out;
        if (tasd_pe_dot_i32(&b.vals[l], &ix, 1, b.blk[l], Q_M, next, &out) != TASD_OK) {
          printf("FAIL: tasd_pe_dot_i32 refused a legal lane\n");
          exit(1);
        }
        next = out;
      }
    } else if (adv && b.clr) {
      next = 0;
    }
    check("acc_d_o", cyc, (uint32_t)top->acc_d_o, next);
    top->clk_i = 1;
    top->eval();
    top->clk_i = 0;
    top->eval();
    acc = rst ? 0 : next;
    if (rst) pipe = Beat();
    else if (adv) pipe = in;
    if (!adv) stalls++;
    check("acc_o", cyc, (uint32_t)top->acc_o, acc);
    cyc++;
  };

  // Reset.
  top->clk_i = 0;
  for (int l = 0; l < Q_L; l++) {
    vals[l] = 0;
    idx[l] = 0;
    for (int i = 0; i < Q_M; i++) blk[l][i] = 0;
  }
  for (int i = 0; i < 2; i++) step(true, false, false, 0, true);

  // Phase 1: random beats.
  for (uint64_t n = 0; n < ncycles; n++) {
    for (int l = 0; l < Q_L; l++) {
      vals[l] = rand_operand(rng);
      idx[l] = (int32_t)rng.below(Q_M);
      for (int i = 0; i < Q_M; i++) blk[l][i] = rand_operand(rng);
    }
    const bool rst = rng.below(500) == 0;
    const bool valid = rng.below(4) != 0;
    const bool clr = rng.below(10) == 0;
    const uint32_t lv = (uint32_t)rng.below(1u << Q_L);  // any pattern, not only prefixes
    if (!rst && clr && !valid) clr_only++;
    if (!rst && valid) valid_beats++;
    if (!rst && valid && lv != 0 && (lv & (lv + 1)) != 0) partial++;  // not of the form 0..01..1
    if (rst) resets++;
    step(rst, valid, clr, lv, rng.below(5) != 0);
  }

  // Phase 2: the largest product (lo * lo) on every lane, no clear, until the accumulator's
  // AccW-bit value wraps from positive to negative.
  const int32_t lo = -(1 << (Q_DW - 1));
  for (int l = 0; l < Q_L; l++) {
    vals[l] = lo;
    idx[l] = (int32_t)rng.below(Q_M);
    for (int i = 0; i < Q_M; i++) blk[l][i] = lo;
  }
  // All lanes when their sum stays below 2^(AccW-1) per beat (so the sign bit is seen to flip),
  // else lane 0 alone.
  const uint64_t per_lane = (uint64_t)1 << (2 * (Q_DW - 1));
  const bool all = (uint64_t)Q_L * per_lane < ((uint64_t)1 << (Q_AW - 1));
  const uint32_t lv2 = all ? (1u << Q_L) - 1 : 1u;
  const uint64_t per_beat = all ? (uint64_t)Q_L * per_lane : per_lane;
  step(false, true, true, lv2, true);
  const uint64_t need = (((uint64_t)1 << (Q_AW - 1)) + per_beat - 1) / per_beat + 2;
  bool wrapped = false;
  const uint32_t sign = 1u << (Q_AW - 1);
  for (uint64_t n = 0; n < need && !wrapped; n++) {
    const bool was_pos = ((uint32_t)acc & kAccMask & sign) == 0;
    step(false, true, false, lv2, true);
    if (was_pos && ((uint32_t)acc & kAccMask & sign) != 0) wrapped = true;
  }
  if (!wrapped) {
    printf("FAIL: the accumulator never wrapped in %" PRIu64 " beats of the largest product\n", need);
    printf("replay: %s\n", g_replay.c_str());
    return 1;
  }
  top->final();
  cov.write(&ctx);
  delete top;
  printf("pe: %" PRIu64 " cycles, %" PRIu64 " checks: %" PRIu64 " valid beats (%" PRIu64
         " with non-prefix lane patterns), %" PRIu64 " clr without valid, %" PRIu64
         " resets, %" PRIu64 " stalled cycles, accumulator wrap at 2^%d seen\n",
         cyc, g_checks, valid_beats, partial, clr_only, resets, stalls, Q_AW - 1);
  if (clr_only == 0 || (Q_L > 1 && partial == 0) || stalls == 0) {
    printf("FAIL: coverage: clr without valid %" PRIu64 ", non-prefix lane patterns %" PRIu64
           ", stalled cycles %" PRIu64 "\n", clr_only, partial, stalls);
    return 1;
  }
  printf("PASS seed=%" PRIu64 "\n", seed);
  return 0;
}
