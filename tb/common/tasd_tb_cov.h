// SPDX-License-Identifier: Apache-2.0
// Coverage output of the Verilated harnesses: writes a context's counters to $TASD_COVFILE (a no-op unless built with --coverage-*).
//
// `make coverage` (tb/cov.mk) builds the harnesses with --coverage-line --coverage-toggle, which
// makes Verilator's makefile compile everything with VM_COVERAGE=1, and runs each test with
// TASD_COVFILE=<a file of its own>.dat. Each harness keeps one TasdTbCov per VerilatedContext:
//   cycle(ctx, in_reset)  once per cycle, before the clock edge, with that cycle's reset. At the
//                         first cycle with reset released it writes the counts so far to
//                         <file>.reset: tb/common/cov_summary.py takes them off the toggle counts,
//                         so registers settling from their random initial values (--x-initial
//                         unique, +verilator+rand+reset+2) to their reset values do not count as
//                         toggles. (Zeroing the counters instead would also drop Verilator 5.006's
//                         line counts of always_comb blocks, which it takes only at time 0.)
//   write(ctx)            after the model's final() and before the model is destroyed (the
//                         counters live in the model): writes <file>.
// <file> is $TASD_COVFILE for the process's first TasdTbCov; a later one (a unit bench run or the
// unit's traced re-run of a failure makes several contexts) uses <stem>.<n><ext> beside it, so no
// context overwrites another. Without TASD_COVFILE a coverage build writes coverage.dat next to
// its binary (under build/). A failing tile or PE run (it ends through exit() or before the
// model's end) writes no <file>; make coverage fails on that test anyway.
#ifndef TASD_TB_COV_H
#define TASD_TB_COV_H

#include "verilated.h"

#if VM_COVERAGE
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "verilated_cov.h"
#endif

class TasdTbCov {
 public:
  TasdTbCov() : index_(++count()) {}

  void cycle(VerilatedContext *ctx, bool in_reset) {
    if (started_ || in_reset) return;
    started_ = true;
#if VM_COVERAGE
    const std::string p = path() + ".reset";
    ctx->coveragep()->write(p.c_str());
#else
    (void)ctx;
#endif
  }

  void write(VerilatedContext *ctx) {
#if VM_COVERAGE
    // Verilator stops the run with a fatal error when the file cannot be written.
    const std::string p = path();
    ctx->coveragep()->write(p.c_str());
    std::fprintf(stderr, "coverage: %s\n", p.c_str());
#else
    (void)ctx;
    (void)index_;
#endif
  }

 private:
  static int &count() {
    static int n = 0;
    return n;
  }
#if VM_COVERAGE
  std::string path() const {
    std::string p;
    const char *env = std::getenv("TASD_COVFILE");
    if (env && *env) {
      p = env;
    } else {
      char exe[4096];
      const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
      std::string dir = ".";
      if (n > 0) {
        exe[n] = '\0';
        const std::string e(exe);
        dir = e.substr(0, e.rfind('/'));
      }
      p = dir + "/coverage.dat";
    }
    if (index_ > 1) {
      const std::string::size_type slash = p.rfind('/');
      const std::string::size_type dot = p.rfind('.');
      const std::string tag = "." + std::to_string(index_);
      if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) p.insert(dot, tag);
      else p += tag;
    }
    return p;
  }
#endif
  int index_;
  bool started_ = false;
};

#endif  // TASD_TB_COV_H
