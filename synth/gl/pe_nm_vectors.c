/* SPDX-License-Identifier: Apache-2.0 */
/* Random stimulus and C-model expectations for the N:M PE tasd_pe (RTL and mapped netlist), one beat per line. */
/* usage: pe_nm_vectors LANES M BEATS SEED > file                                                            */
/* Line (hex): rst in_valid clr lane_vld, a_0..a_{L-1} (8-bit codes), idx_0..idx_{L-1},                      */
/*             then lane 0's B block (M 8-bit codes), lane 1's, ..., then acc_expected.                        */
/* acc_expected is the accumulator after the clock edge. The oracle is tasd_pe_dot_i32, called once per valid */
/* lane with that lane's (value, index) slot and its own B block (the sum wraps modulo 2^32 either way).      */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "tasd.h"

enum { MAX_LANES = 4, MAX_M = 16 };

static uint64_t rng_state;
static uint32_t rnd(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 33);
}

/* Extremes often: -128 and 127 exercise the sign handling and the accumulator wrap. */
static int32_t operand(void) {
  uint32_t r = rnd();
  if (r % 5 == 0) return -128;
  if (r % 7 == 0) return 127;
  return (int32_t)(int8_t)(r >> 8);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s LANES M BEATS SEED\n", argv[0]);
    return 2;
  }
  int lanes = atoi(argv[1]), m = atoi(argv[2]), beats = atoi(argv[3]);
  rng_state = strtoull(argv[4], NULL, 10) * 2654435761ull + 1;
  if (lanes < 1 || lanes > MAX_LANES || m < 2 || m > MAX_M || (m & (m - 1)) != 0 || beats < 1) {
    fprintf(stderr, "pe_nm_vectors: LANES must be 1..%d, M a power of two in 2..%d, BEATS >= 1\n",
            MAX_LANES, MAX_M);
    return 2;
  }
  int32_t acc = 0;
  for (int k = 0; k < beats; k++) {
    int rst = k < 2 || rnd() % 97 == 0;
    int in_valid = rnd() % 8 != 0;
    int clr = rnd() % 16 == 0;
    uint32_t lv = rnd() & ((1u << lanes) - 1u);
    int32_t a[MAX_LANES], b[MAX_LANES][MAX_M];
    uint8_t idx[MAX_LANES];
    for (int l = 0; l < lanes; l++) {
      a[l] = operand();
      idx[l] = (uint8_t)(rnd() % (uint32_t)m);
      for (int i = 0; i < m; i++) b[l][i] = operand();
    }
    if (rst) {
      acc = 0;
    } else if (in_valid) {
      int32_t sum = clr ? 0 : acc;
      for (int l = 0; l < lanes; l++) {
        if (!(lv >> l & 1u)) continue;
        tasd_status st = tasd_pe_dot_i32(&a[l], &idx[l], 1, b[l], (uint32_t)m, sum, &sum);
        if (st != TASD_OK) {
          fprintf(stderr, "pe_nm_vectors: tasd_pe_dot_i32: %s\n", tasd_strerror(st));
          return 1;
        }
      }
      acc = sum;
    } else if (clr) {
      acc = 0;
    }
    printf("%x %x %x %x", rst, in_valid, clr, lv);
    for (int l = 0; l < lanes; l++) printf(" %02x", (unsigned)(uint8_t)a[l]);
    for (int l = 0; l < lanes; l++) printf(" %x", (unsigned)idx[l]);
    for (int l = 0; l < lanes; l++)
      for (int i = 0; i < m; i++) printf(" %02x", (unsigned)(uint8_t)b[l][i]);
    printf(" %08x\n", (uint32_t)acc);
  }
  return 0;
}
