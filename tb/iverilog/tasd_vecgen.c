/* SPDX-License-Identifier: Apache-2.0 */
/* Vector generator for the TASD unit's Icarus and integration testbenches: blocks, series and the */
/* C model's expected beat (tasd_block_decompose_i32), one vector per line in hex.                */
/*
 * Usage: tasd_vecgen M DataW MaxTerms COUNT SEED [ILLEGAL_PCT] > file
 *
 * Output: a header line "M DataW MaxTerms COUNT", then COUNT lines
 *   kind cfg data val idx svld mask
 * all hexadecimal, packed exactly like the unit's ports (element i of data at bits
 * [i*DataW +: DataW], term t slot k of val at [(t*M+k)*DataW +: DataW], and so on).
 * kind 0: a legal series; the other fields hold the expected beat.
 * kind 1: an illegal series (some N_t > M or sum N_t > M); the beat fields are 0 and the unit
 *         must raise err_o and refuse the block.
 * Blocks come from several distributions: uniform, mostly zeros, few distinct magnitudes
 * (many ties, both signs) and extremes (-2^(DataW-1), 2^(DataW-1)-1, 0, +-1).
 * Exit 0 on success, 2 with a message on bad arguments or a model error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasd.h"

#define MAX_BITS 1024 /* widest packed field: 3 terms x 16 slots x 16 bits = 768 */

static uint64_t rng_state;
static uint32_t rnd(void) { /* xorshift64*, deterministic for a seed */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}
static uint32_t rnd_below(uint32_t n) { return n ? rnd() % n : 0; }

typedef struct {
  uint8_t bit[MAX_BITS];
  unsigned width;
} field;

static void field_init(field *f, unsigned width) {
  memset(f->bit, 0, sizeof f->bit);
  f->width = width;
}
/* put the low w bits of v at bit position pos */
static void field_put(field *f, unsigned pos, unsigned w, uint32_t v) {
  for (unsigned b = 0; b < w; b++) f->bit[pos + b] = (uint8_t)((v >> b) & 1u);
}
static void field_print(const field *f) {
  unsigned digits = (f->width + 3) / 4;
  if (digits == 0) digits = 1;
  for (int d = (int)digits - 1; d >= 0; d--) {
    unsigned v = 0;
    for (unsigned b = 0; b < 4; b++) {
      unsigned pos = (unsigned)d * 4 + b;
      if (pos < f->width && f->bit[pos]) v |= 1u << b;
    }
    putchar("0123456789abcdef"[v]);
  }
}

static int parse_u(const char *s, unsigned lo, unsigned hi, const char *what, unsigned *out) {
  char *end = NULL;
  unsigned long v = strtoul(s, &end, 10);
  if (!s[0] || *end || v < lo || v > hi) {
    fprintf(stderr, "tasd_vecgen: %s must be an integer in [%u, %u], got '%s'\n", what, lo, hi, s);
    return 0;
  }
  *out = (unsigned)v;
  return 1;
}

int main(int argc, char **argv) {
  unsigned m, w, nt, count, seed, illegal_pct = 5;
  if (argc < 6 || argc > 7) {
    fprintf(stderr, "usage: tasd_vecgen M DataW MaxTerms COUNT SEED [ILLEGAL_PCT]\n");
    return 2;
  }
  if (!parse_u(argv[1], 4, 16, "M", &m) || !parse_u(argv[2], 2, 16, "DataW", &w) ||
      !parse_u(argv[3], 1, 3, "MaxTerms", &nt) || !parse_u(argv[4], 1, 10000000, "COUNT", &count) ||
      !parse_u(argv[5], 0, 0xffffffffu, "SEED", &seed) ||
      (argc == 7 && !parse_u(argv[6], 0, 100, "ILLEGAL_PCT", &illegal_pct)))
    return 2;
  if (m != 4 && m != 8 && m != 16) {
    fprintf(stderr, "tasd_vecgen: M must be 4, 8 or 16, got %u\n", m);
    return 2;
  }
  unsigned nw = 1, iw = 0;
  while ((1u << iw) < m) iw++;
  nw = iw + 1;
  rng_state = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seed << 17) ^ seed;
  if (rng_state == 0) rng_state = 1;

  const int32_t vmin = -(1 << (w - 1)), vmax = (1 << (w - 1)) - 1;
  printf("%u %u %u %u\n", m, w, nt, count);
  for (unsigned v = 0; v < count; v++) {
    int32_t x[TASD_MAX_M];
    uint16_t n[TASD_MAX_TERMS] = {0};
    unsigned dist = rnd_below(4);
    for (unsigned i = 0; i < m; i++) {
      int32_t e = 0;
      switch (dist) {
        case 0: e = vmin + (int32_t)rnd_below((uint32_t)(vmax - vmin + 1)); break;
        case 1: e = rnd_below(4) == 0 ? vmin + (int32_t)rnd_below((uint32_t)(vmax - vmin + 1)) : 0; break;
        case 2: e = (int32_t)rnd_below(3); if (rnd() & 1u) e = -e; break;
        default: {
          const int32_t ext[5] = {vmin, vmax, 0, 1, -1};
          e = ext[rnd_below(5)];
        }
      }
      x[i] = e;
    }
    int illegal = rnd_below(100) < illegal_pct;
    if (illegal) {
      /* one N_t > M, or every N_t <= M with a sum > M (needs at least two terms) */
      for (unsigned t = 0; t < nt; t++) n[t] = (uint16_t)rnd_below(m + 1);
      if (nt == 1 || (rnd() & 1u)) {
        n[rnd_below(nt)] = (uint16_t)(m + 1 + rnd_below(m - 1)); /* m+1 .. 2m-1 fits NW bits */
      } else {
        n[0] = (uint16_t)(m / 2 + 1 + rnd_below(m / 2));
        n[1] = (uint16_t)(m + 1 - n[0] + rnd_below(n[0]));
      }
    } else {
      unsigned left = m;
      for (unsigned t = 0; t < nt; t++) {
        n[t] = (uint16_t)(rnd_below(4) == 0 ? 0 : rnd_below(left + 1));
        left -= n[t];
      }
    }
    field cfg, data, val, idx, svld, mask;
    field_init(&cfg, nt * nw);
    field_init(&data, m * w);
    field_init(&val, nt * m * w);
    field_init(&idx, nt * m * iw);
    field_init(&svld, nt * m);
    field_init(&mask, nt * m);
    for (unsigned t = 0; t < nt; t++) field_put(&cfg, t * nw, nw, n[t]);
    for (unsigned i = 0; i < m; i++) field_put(&data, i * w, w, (uint32_t)x[i]);
    tasd_block_result r;
    tasd_status st = tasd_block_decompose_i32(x, m, n, nt, &r);
    if (illegal) {
      if (st != TASD_ERR_ILLEGAL_SERIES) {
        fprintf(stderr, "tasd_vecgen: model accepted an illegal series (status %d)\n", (int)st);
        return 2;
      }
    } else {
      if (st != TASD_OK) {
        fprintf(stderr, "tasd_vecgen: model refused a legal series: %s\n", tasd_strerror(st));
        return 2;
      }
      for (unsigned t = 0; t < nt; t++) {
        for (unsigned k = 0; k < m; k++) {
          unsigned s = t * m + k;
          field_put(&val, s * w, w, (uint32_t)r.val[t][k]);
          field_put(&idx, s * iw, iw, r.idx[t][k]);
          field_put(&svld, s, 1, r.slot_vld[t][k]);
          field_put(&mask, s, 1, r.mask[t][k]);
        }
      }
    }
    printf("%d ", illegal);
    field_print(&cfg); putchar(' ');
    field_print(&data); putchar(' ');
    field_print(&val); putchar(' ');
    field_print(&idx); putchar(' ');
    field_print(&svld); putchar(' ');
    field_print(&mask); putchar('\n');
  }
  return ferror(stdout) ? 2 : 0;
}
