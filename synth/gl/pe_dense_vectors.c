/* SPDX-License-Identifier: Apache-2.0 */
/* Random stimulus and C-model expectations for tasd_pe_dense (RTL and mapped netlist), one beat per line. */
/* usage: pe_dense_vectors LANES BEATS SEED > file                                                      */
/* Line: rst in_valid clr lane_vld a_0..a_{L-1} b_0..b_{L-1} acc_expected (hex; a/b as 8-bit codes)     */
/* acc_expected is the accumulator after the clock edge; the oracle is tasd_pe_dot_i32 with the valid   */
/* lanes as the slots and their b values as the B block (a dense PE is an N:M PE with b supplied).      */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "tasd.h"

static uint64_t rng_state;
static uint32_t rnd(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 33);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s LANES BEATS SEED\n", argv[0]);
    return 2;
  }
  int lanes = atoi(argv[1]), beats = atoi(argv[2]);
  rng_state = strtoull(argv[3], NULL, 10) * 2654435761ull + 1;
  if (lanes < 1 || lanes > 8 || beats < 1) {
    fprintf(stderr, "pe_dense_vectors: LANES must be 1..8 and BEATS >= 1\n");
    return 2;
  }
  int32_t acc = 0;
  for (int k = 0; k < beats; k++) {
    int rst = k < 2 || rnd() % 97 == 0;
    int in_valid = rnd() % 8 != 0;
    int clr = rnd() % 16 == 0;
    uint32_t lv = rnd() & ((1u << lanes) - 1u);
    int32_t a[8], b[8], vals[8], bblk[8];
    uint8_t idx[8];
    uint32_t n = 0;
    for (int l = 0; l < lanes; l++) {
      /* Extremes often: -128 and 127 exercise the sign handling. */
      uint32_t r = rnd();
      a[l] = (r % 5 == 0) ? -128 : (int32_t)(int8_t)(r >> 8);
      r = rnd();
      b[l] = (r % 5 == 0) ? -128 : (r % 7 == 0) ? 127 : (int32_t)(int8_t)(r >> 8);
      if (lv >> l & 1u) {
        vals[n] = a[l];
        bblk[n] = b[l];
        idx[n] = (uint8_t)n;
        n++;
      }
    }
    if (rst) {
      acc = 0;
    } else if (in_valid) {
      int32_t out;
      tasd_status st = tasd_pe_dot_i32(vals, idx, n, bblk, n ? n : 1, clr ? 0 : acc, &out);
      if (st != TASD_OK) {
        fprintf(stderr, "pe_dense_vectors: tasd_pe_dot_i32: %s\n", tasd_strerror(st));
        return 1;
      }
      acc = out;
    } else if (clr) {
      acc = 0;
    }
    printf("%x %x %x %x", rst, in_valid, clr, lv);
    for (int l = 0; l < lanes; l++) printf(" %02x", (unsigned)(uint8_t)a[l]);
    for (int l = 0; l < lanes; l++) printf(" %02x", (unsigned)(uint8_t)b[l]);
    printf(" %08x\n", (uint32_t)acc);
  }
  return 0;
}
