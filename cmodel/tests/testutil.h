/* SPDX-License-Identifier: Apache-2.0 */
/* Tiny test harness for the libtasd tests: checks, seeded RNG, replay command on failure. */
#ifndef TASD_TESTUTIL_H
#define TASD_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>

#include "tasd.h"

/* Parses argv[1] as the seed when seeded (default 1), prints the seed and replay command. */
void tu_init(int argc, char **argv, int seeded);
/* Prints a summary; returns the process exit code (0 pass, 1 fail). */
int tu_finish(void);
void tu_fail(const char *file, int line, const char *fmt, ...);
int tu_failed(void);
uint64_t tu_seed(void);

/* xoshiro-style 64-bit generator (splitmix64 seeded). */
uint64_t tu_rand(void);
uint32_t tu_below(uint32_t n); /* uniform in [0, n), n > 0 */
int32_t tu_range(int32_t lo, int32_t hi); /* inclusive */

#define CHECK(cond)                                                                              \
  do {                                                                                           \
    if (!(cond)) tu_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                \
  } while (0)
#define CHECK_MSG(cond, ...)                                                                     \
  do {                                                                                           \
    if (!(cond)) tu_fail(__FILE__, __LINE__, __VA_ARGS__);                                       \
  } while (0)
#define CHECK_EQ(a, b)                                                                           \
  do {                                                                                           \
    long long va_ = (long long)(a), vb_ = (long long)(b);                                        \
    if (va_ != vb_) tu_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, va_, vb_);     \
  } while (0)
#define CHECK_ST(expr, want)                                                                     \
  do {                                                                                           \
    tasd_status got_ = (expr);                                                                   \
    if (got_ != (want))                                                                          \
      tu_fail(__FILE__, __LINE__, "%s: got %d (%s), want %d (%s)", #expr, (int)got_,             \
              tasd_strerror(got_), (int)(want), tasd_strerror(want));                            \
  } while (0)
#define CHECK_OK(expr) CHECK_ST(expr, TASD_OK)

#endif
