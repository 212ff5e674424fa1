// SPDX-License-Identifier: Apache-2.0
// SystemC testbench: a Verilator --sc model of tasd_unit_par between a random source and a scoreboard using libtasd.
//
// Configuration (compile time, from tb/formal.mk): M=8, DataW=8, MaxTerms=2, PipeStages=1.
// Usage: Vtasd_sc [+seed=N] [+blocks=N]
// The source offers random blocks (uniform / mostly zero / ties / extremes) under random legal
// series, with random idle cycles, and now and then an illegal series, held for a few cycles,
// for which err_o must be 1 and in_ready_o 0. Each accepted block is decomposed by the C model
// (tasd_block_decompose_i32) and queued; the sink drops out_ready_i at random and compares every
// beat in order, and checks a stalled beat does not change. Exit 0 on a clean run, 1 otherwise.
#include <systemc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>

#include "Vtasd_unit_par.h"
#include "tasd.h"
#include "../common/tasd_tb_rng.h"

namespace {

// The configuration (unit_par of rtl/configs.tsv) arrives as -DTASD_P_<Param> from tb/formal.mk.
#if !defined(TASD_P_M) || !defined(TASD_P_DataW) || !defined(TASD_P_MaxTerms)
#error "TASD_P_M, TASD_P_DataW, TASD_P_MaxTerms come from tb/formal.mk (rtl/configs.tsv)"
#endif
constexpr unsigned kM = TASD_P_M, kW = TASD_P_DataW, kT = TASD_P_MaxTerms;
constexpr unsigned kIW = kM == 4 ? 2 : kM == 8 ? 3 : 4, kNW = kIW + 1;
static_assert(kT == 2, "the SystemC stimulus drives two terms (n[0], n[1])");


struct Expect {
  unsigned number;
  tasd_block_result r;
};

struct Board {  // shared between source and sink
  std::deque<Expect> q;
  unsigned accepted = 0, checked = 0, errors = 0, illegal_checked = 0;
  bool selftest = false;
  void fail(const char *what, unsigned n) {
    if (errors < 8) std::printf("SC ERROR block %u at %s: %s\n", n, sc_time_stamp().to_string().c_str(), what);
    errors++;
  }
};

SC_MODULE(Source) {
  sc_in<bool> clk;
  sc_out<bool> rst_n, in_valid;
  sc_out<uint32_t> cfg_n;
  sc_out<uint64_t> in_data;
  sc_in<bool> in_ready, err;
  Board *board = nullptr;
  Rng rng{1, 1};
  unsigned blocks = 0;
  bool done = false;

  void run() {
    rst_n.write(false);
    in_valid.write(false);
    cfg_n.write(0);
    in_data.write(0);
    for (int i = 0; i < 3; i++) wait();
    rst_n.write(true);
    unsigned sent = 0;
    while (sent < blocks) {
      while (rng.below(100) < 20) { in_valid.write(false); wait(); }
      uint16_t n[kT] = {0, 0};
      int32_t x[kM];
      bool illegal = rng.below(100) < 4;
      if (illegal) {
        n[0] = static_cast<uint16_t>(rng.below(kM + 1));
        n[1] = static_cast<uint16_t>(kM + 1 - n[0] + rng.below(n[0]));  // sum > M
        if (rng.next() & 1u) n[rng.below(kT)] = static_cast<uint16_t>(kM + 1 + rng.below(kM - 1));
      } else {
        n[0] = static_cast<uint16_t>(rng.below(kM + 1));
        n[1] = static_cast<uint16_t>(rng.below(kM - n[0] + 1));
      }
      unsigned dist = rng.below(4);
      uint64_t packed = 0;
      for (unsigned i = 0; i < kM; i++) {
        int32_t e;
        if (dist == 0) e = static_cast<int32_t>(rng.below(256)) - 128;
        else if (dist == 1) e = rng.below(4) ? 0 : static_cast<int32_t>(rng.below(256)) - 128;
        else if (dist == 2) e = static_cast<int32_t>(rng.below(5)) - 2;
        else { const int32_t ext[4] = {-128, 127, 0, -1}; e = ext[rng.below(4)]; }
        x[i] = e;
        packed |= static_cast<uint64_t>(static_cast<uint8_t>(e)) << (i * kW);
      }
      cfg_n.write(n[0] | (static_cast<uint32_t>(n[1]) << kNW));
      in_data.write(packed);
      in_valid.write(true);
      if (illegal) {
        for (int c = 0; c < 3; c++) {
          wait();
          if (!err.read()) board->fail("illegal series but err_o low", sent);
          if (in_ready.read()) board->fail("illegal series but in_ready_o high", sent);
        }
        board->illegal_checked++;
        in_valid.write(false);
        continue;
      }
      do {
        wait();
        if (err.read()) board->fail("legal series but err_o high", sent);
      } while (!in_ready.read());
      Expect e;
      e.number = sent;
      if (tasd_block_decompose_i32(x, kM, n, kT, &e.r) != TASD_OK) board->fail("C model refused a legal series", sent);
      if (board->selftest && sent == 10) e.r.mask[0][0] ^= 1u;  // deliberately wrong expectation
      board->q.push_back(e);
      board->accepted++;
      sent++;
    }
    in_valid.write(false);
    done = true;
    for (;;) wait();
  }

  SC_CTOR(Source) { SC_CTHREAD(run, clk.pos()); }
};

SC_MODULE(Sink) {
  sc_in<bool> clk, rst_n;
  sc_out<bool> out_ready;
  sc_in<bool> out_valid;
  sc_in<sc_bv<kT * kM * kW>> out_val;
  sc_in<uint64_t> out_idx;
  sc_in<uint32_t> out_slot_vld, out_mask;
  Board *board = nullptr;
  Rng rng{2, 1};

  void check(const Expect &e) {
    sc_bv<kT * kM * kW> val = out_val.read();
    uint64_t idx = out_idx.read();
    uint32_t svld = out_slot_vld.read(), mask = out_mask.read();
    bool ok = true;
    for (unsigned t = 0; t < kT; t++) {
      for (unsigned k = 0; k < kM; k++) {
        unsigned s = t * kM + k;
        int32_t v = static_cast<int8_t>(val.range(s * kW + kW - 1, s * kW).to_uint());
        unsigned ix = static_cast<unsigned>((idx >> (s * kIW)) & 7u);
        if (v != e.r.val[t][k] || ix != e.r.idx[t][k] || ((svld >> s) & 1u) != e.r.slot_vld[t][k] ||
            ((mask >> s) & 1u) != e.r.mask[t][k])
          ok = false;
      }
    }
    if (!ok) board->fail("beat differs from the C model", e.number);
  }

  void run() {
    out_ready.write(false);
    bool stalled = false;
    std::string held;
    for (;;) {
      wait();
      if (!rst_n.read()) continue;
      std::string now = out_val.read().to_string() + "/" + std::to_string(out_idx.read()) + "/" +
                        std::to_string(out_slot_vld.read()) + "/" + std::to_string(out_mask.read());
      if (stalled && (!out_valid.read() || now != held)) board->fail("stalled beat changed", board->checked);
      if (out_valid.read() && out_ready.read()) {
        if (board->q.empty()) {
          board->fail("beat without an accepted block", board->checked);
        } else {
          check(board->q.front());
          board->q.pop_front();
          board->checked++;
        }
      }
      stalled = out_valid.read() && !out_ready.read();
      held = now;
      out_ready.write(rng.below(100) >= 30);
    }
  }

  SC_CTOR(Sink) { SC_CTHREAD(run, clk.pos()); }
};

}  // namespace

int sc_main(int argc, char **argv) {
  unsigned seed = 1, blocks = 20000;
  bool selftest = false;  // +selftest: corrupt one expected beat; the run must then fail
  for (int i = 1; i < argc; i++) {
    if (!std::strncmp(argv[i], "+seed=", 6)) seed = static_cast<unsigned>(std::strtoul(argv[i] + 6, nullptr, 10));
    else if (!std::strncmp(argv[i], "+blocks=", 8)) blocks = static_cast<unsigned>(std::strtoul(argv[i] + 8, nullptr, 10));
    else if (!std::strcmp(argv[i], "+selftest")) selftest = true;
    else {
      std::fprintf(stderr, "Vtasd_sc: unknown argument '%s' (use +seed=N +blocks=N +selftest)\n", argv[i]);
      return 2;
    }
  }
  std::printf("SC seed %u, %u blocks, tasd_unit_par M=%u DataW=%u MaxTerms=%u PipeStages=1\n", seed, blocks, kM, kW, kT);
  std::printf("replay: %s +seed=%u +blocks=%u\n", argv[0], seed, blocks);

  sc_clock clk("clk", 10, SC_NS);
  sc_signal<bool> rst_n, in_valid, in_ready, err, out_valid, out_ready;
  sc_signal<uint32_t> cfg_n, out_slot_vld, out_mask;
  sc_signal<uint64_t> in_data, out_idx;
  sc_signal<uint64_t> out_blk;  // HoldBlock = 1 (unit_par): the unit holds its beat, the port is unused
  sc_signal<sc_bv<kT * kM * kW>> out_val;

  Board board;
  board.selftest = selftest;
  Vtasd_unit_par dut("dut");
  dut.clk_i(clk); dut.rst_ni(rst_n); dut.cfg_n_i(cfg_n); dut.err_o(err);
  dut.in_valid_i(in_valid); dut.in_ready_o(in_ready); dut.in_data_i(in_data);
  dut.out_valid_o(out_valid); dut.out_ready_i(out_ready); dut.out_blk_i(out_blk); dut.out_val_o(out_val);
  dut.out_idx_o(out_idx); dut.out_slot_vld_o(out_slot_vld); dut.out_mask_o(out_mask);

  Source src("src");
  src.clk(clk); src.rst_n(rst_n); src.in_valid(in_valid); src.cfg_n(cfg_n); src.in_data(in_data);
  src.in_ready(in_ready); src.err(err);
  src.board = &board; src.rng = Rng(seed); src.blocks = blocks;
  Sink snk("snk");
  snk.clk(clk); snk.rst_n(rst_n); snk.out_ready(out_ready); snk.out_valid(out_valid);
  snk.out_val(out_val); snk.out_idx(out_idx); snk.out_slot_vld(out_slot_vld); snk.out_mask(out_mask);
  snk.board = &board; snk.rng = Rng(seed ^ 0x5a5a5a5aU);

  const sc_time step(10, SC_NS);
  uint64_t guard = 0;
  while (!(src.done && board.q.empty()) && guard < 100ULL * blocks + 1000) {
    sc_start(100 * step);
    guard += 100;
  }
  sc_start(20 * step);
  if (!board.q.empty()) board.fail("blocks accepted but never output", board.checked);
  std::printf("SC %s: %u blocks accepted, %u beats checked, %u illegal series refused, %u errors\n",
              board.errors ? "FAIL" : "PASS", board.accepted, board.checked, board.illegal_checked, board.errors);
  if (board.errors) std::printf("replay: %s +seed=%u +blocks=%u\n", argv[0], seed, blocks);
  // Summed by scripts/runtests.py (only for a passing, non-self-test run).
  if (!board.errors && !selftest) std::printf("METRIC blocks_compared %u\n", board.checked);
  return board.errors ? 1 : 0;
}
