/* SPDX-License-Identifier: Apache-2.0 */
/* Test harness implementation. */
#include "testutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *g_prog = "?";
static uint64_t g_seed = 1;
static int g_seeded = 0;
static int g_fail = 0;
static uint64_t g_state[4];

static uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void replay(FILE *f) {
  if (g_seeded)
    fprintf(f, "replay: %s %llu\n", g_prog, (unsigned long long)g_seed);
  else
    fprintf(f, "replay: %s\n", g_prog);
}

void tu_init(int argc, char **argv, int seeded) {
  g_prog = argc > 0 ? argv[0] : "?";
  g_seeded = seeded;
  if (seeded && argc > 1) {
    char *end;
    g_seed = strtoull(argv[1], &end, 10);
    if (*end != '\0') {
      fprintf(stderr, "%s: seed must be a decimal number, got '%s'\n", g_prog, argv[1]);
      exit(2);
    }
  }
  uint64_t x = g_seed;
  for (int i = 0; i < 4; i++) g_state[i] = splitmix(&x);
  if (seeded) printf("seed=%llu\n", (unsigned long long)g_seed);
  replay(stdout);
  fflush(stdout);
}

uint64_t tu_seed(void) { return g_seed; }
int tu_failed(void) { return g_fail; }

void tu_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stdout, "FAIL %s:%d: ", file, line);
  va_start(ap, fmt);
  vfprintf(stdout, fmt, ap);
  va_end(ap);
  fprintf(stdout, "\n");
  g_fail++;
  if (g_fail >= 25) {
    fprintf(stdout, "too many failures, stopping\n");
    replay(stdout);
    exit(1);
  }
}

int tu_finish(void) {
  if (g_fail) {
    printf("%d check(s) FAILED (seed=%llu)\n", g_fail, (unsigned long long)g_seed);
    replay(stdout);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t tu_rand(void) {
  uint64_t *s = g_state;
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

uint32_t tu_below(uint32_t n) { return (uint32_t)(((tu_rand() >> 32) * (uint64_t)n) >> 32); }

int32_t tu_range(int32_t lo, int32_t hi) {
  if (lo == INT32_MIN && hi == INT32_MAX) return (int32_t)(uint32_t)(tu_rand() >> 32);
  return (int32_t)((int64_t)lo + (int64_t)tu_below((uint32_t)((int64_t)hi - lo + 1)));
}
