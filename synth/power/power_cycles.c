/* SPDX-License-Identifier: Apache-2.0 */
/* Tile cycles of GEMM layers for the energy table (C cycle model, tasd_tile_gemm_cycles), parallel and sequential drain. */
/*
 * Usage:
 *   power_cycles series TARGET      the target's series (tasd_target_series), one per line
 *   power_cycles gemm [KBM]         reads lines "label rows cols k a_series out_series" from stdin
 *                                   (series like 4:8+1:8, '-' = none for the output), writes CSV:
 *                                   label,rows,cols,k,a_series,out_series,cycles_par,cycles_seq,
 *                                   macs_dense,eff_macs,jobs
 *   The tile is the C model's default (8x16, M=8, 4 lanes, 2 terms, KBlocksMax 512, PipeStages 1,
 *   2 B banks); cycles_seq is the same tile with DrainSeq=1. Rows beyond 65535 row tiles per job
 *   run as further jobs of the same shape (as cmodel/nn/src/cycles.c).
 * Exit 0 ok, 2 bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasd.h"

static int parse_series(const char *s, uint16_t *n, uint32_t m) {
  memset(n, 0, sizeof(uint16_t) * TASD_MAX_TERMS);
  if (!strcmp(s, "-")) return 0;
  unsigned t = 0;
  while (*s) {
    unsigned a, b;
    int used = 0;
    if (t >= TASD_MAX_TERMS || sscanf(s, "%u:%u%n", &a, &b, &used) != 2 || b != m) return -1;
    n[t++] = (uint16_t)a;
    s += used;
    if (*s == '+') s++;
    else if (*s) return -1;
  }
  return 0;
}

static int gemm(const tasd_tile_params *p, tasd_tile_cfg *c, unsigned long long rows,
                unsigned long long cols, unsigned long long k, tasd_tile_gemm_perf *sum) {
  const unsigned long long max_rows = (unsigned long long)p->rows * 65535ull;
  memset(sum, 0, sizeof *sum);
  while (rows > 0) {
    const unsigned long long r = rows < max_rows ? rows : max_rows;
    tasd_tile_gemm_perf g;
    tasd_status st = tasd_tile_gemm_cycles(p, c, (size_t)r, (size_t)cols, (size_t)k, &g, NULL);
    if (st != TASD_OK) {
      fprintf(stderr, "power_cycles: cycle model refused %llux%llux%llu: %s\n", r, cols, k,
              tasd_strerror(st));
      return -1;
    }
    sum->cycles += g.cycles;
    sum->eff_macs += g.eff_macs;
    sum->macs_dense += g.macs_dense;
    sum->jobs += g.jobs;
    rows -= r;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "series")) {
    const tasd_target *t;
    if (tasd_target_find(argv[2], &t) != TASD_OK) {
      fprintf(stderr, "power_cycles: unknown target %s\n", argv[2]);
      return 2;
    }
    tasd_series buf[64];
    size_t n = 0;
    if (tasd_target_series(t, buf, 64, &n) != TASD_OK) return 2;
    for (size_t i = 0; i < n; i++) {
      for (uint32_t j = 0; j < buf[i].nterms; j++)
        printf("%s%u:%u", j ? "+" : "", buf[i].term[j].n, buf[i].term[j].m);
      printf("\n");
    }
    return 0;
  }
  if (argc < 2 || strcmp(argv[1], "gemm")) {
    fprintf(stderr, "usage: power_cycles series TARGET | power_cycles gemm [KBM] < layers\n");
    return 2;
  }
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  if (argc >= 3) p.kblocks_max = (uint32_t)strtoul(argv[2], NULL, 10);
  if (getenv("TASD_B_BANKS")) p.b_banks = (uint32_t)strtoul(getenv("TASD_B_BANKS"), NULL, 10);
  printf("label,rows,cols,k,a_series,out_series,cycles_par,cycles_seq,macs_dense,eff_macs,jobs\n");
  char line[1024];
  int ln = 0;
  while (fgets(line, sizeof line, stdin)) {
    ln++;
    char label[256], as[64], os[64];
    unsigned long long rows, cols, k;
    if (line[0] == '#' || line[0] == '\n') continue;
    if (sscanf(line, "%255s %llu %llu %llu %63s %63s", label, &rows, &cols, &k, as, os) != 6) {
      fprintf(stderr, "power_cycles: line %d: want label rows cols k a_series out_series\n", ln);
      return 2;
    }
    tasd_tile_cfg c;
    memset(&c, 0, sizeof c);
    c.kblocks = 1;
    c.rtiles = 1;
    c.relu = 1;
    c.shift = 8;
    if (parse_series(as, c.a_n, p.m) || parse_series(os, c.out_n, p.m)) {
      fprintf(stderr, "power_cycles: line %d: bad series\n", ln);
      return 2;
    }
    tasd_tile_gemm_perf gp, gs;
    tasd_tile_params ps = p;
    ps.drain_seq = 1;
    if (gemm(&p, &c, rows, cols, k, &gp) || gemm(&ps, &c, rows, cols, k, &gs)) return 2;
    printf("%s,%llu,%llu,%llu,%s,%s,%llu,%llu,%llu,%llu,%llu\n", label, rows, cols, k, as, os,
           (unsigned long long)gp.cycles, (unsigned long long)gs.cycles,
           (unsigned long long)gp.macs_dense, (unsigned long long)gp.eff_macs,
           (unsigned long long)gp.jobs);
  }
  return 0;
}
