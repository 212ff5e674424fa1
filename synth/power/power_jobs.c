/* SPDX-License-Identifier: Apache-2.0 */
/* Workload job files for the energy flow (synth/power): representative tile jobs of one TASD series. */
/*
 * Usage:
 *   power_jobs OUT.npz R,C,M,L,T,KBM,PS,SEQ SERIES [options]
 *     SERIES   e.g. 4:8+4:8 (dense on TTC-VEGETA-M8), 2:8, 4:8+1:8 (the A operand's series; the
 *              drain's output series is the same, as in a network-wise TASD-A run)
 *     --kblocks N   K blocks per job (default 32: K = 256, enough for every series to be
 *                   compute-bound: ceil(kblocks*N/L) >= Rows beats per row tile)
 *     --rtiles N    row tiles per job (default 16)
 *     --jobs N      jobs (column tiles) in the file (default 2: the second job's B loads while
 *                   the first computes, as in a layer)
 *     --zero-pct P  share of A elements that are zero before decomposition (default 50: ReLU
 *                   activations); B (weights) is dense
 *     --zero        every A, B and bias value 0 (the lower bound of the data activity)
 *     --seed S
 *   Data: A = ReLU-like activations (|x| of a discrete Gaussian, sigma 24, clipped to 127, with
 *   P% zeros), decomposed with the series (tasd_tile_a_from_dense); B = signed weights (sigma 20,
 *   clipped to -128..127); column and row biases small (|b| < 2^10), ReLU on, shift 8.
 * Exit 0 written, 2 bad use.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasd.h"
#include "tile_jobs.h"

static uint64_t g_rng = 1;
static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (g_rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static double gauss(void) {
  double u = unif(), v = unif();
  if (u < 1e-300) u = 1e-300;
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}
static int8_t clip8(double x) {
  long v = lround(x);
  if (v > 127) v = 127;
  if (v < -128) v = -128;
  return (int8_t)v;
}

static int usage(const char *msg) {
  fprintf(stderr, "power_jobs: %s\nusage: power_jobs OUT.npz R,C,M,L,T,KBM,PS,SEQ SERIES "
                  "[--kblocks N] [--rtiles N] [--jobs N] [--zero-pct P] [--zero] [--seed S]\n", msg);
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 4) return usage("missing arguments");
  const char *out = argv[1];
  tasd_tile_params p;
  memset(&p, 0, sizeof p);
  unsigned v[8];
  if (sscanf(argv[2], "%u,%u,%u,%u,%u,%u,%u,%u", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
             &v[7]) != 8)
    return usage("bad tile parameters (want R,C,M,L,T,KBM,PS,SEQ)");
  tasd_tile_params_default(&p); /* b_banks and any later field: the defaults of the C model */
  p.rows = v[0]; p.cols = v[1]; p.m = v[2]; p.lanes = v[3]; p.max_terms = v[4];
  p.kblocks_max = v[5]; p.pipe_stages = v[6]; p.drain_seq = v[7];
  if (tasd_tile_params_check(&p) != TASD_OK) return usage("illegal tile parameters");
  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  {
    const char *s = argv[3];
    unsigned t = 0;
    while (*s) {
      unsigned n, m;
      int used = 0;
      if (sscanf(s, "%u:%u%n", &n, &m, &used) != 2 || m != p.m || t >= p.max_terms)
        return usage("bad series (want N:M+N:M with the tile's M and at most max_terms terms)");
      c.a_n[t] = (uint16_t)n;
      c.out_n[t] = (uint16_t)n;
      t++;
      s += used;
      if (*s == '+') s++;
      else if (*s) return usage("bad series");
    }
  }
  uint32_t kblocks = 32, rtiles = 16, njobs = 2, zero_pct = 50, zero = 0;
  for (int i = 4; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--zero")) { zero = 1; continue; }
    if (!val) return usage("option without a value");
    if (!strcmp(a, "--kblocks")) kblocks = (uint32_t)strtoul(val, NULL, 10);
    else if (!strcmp(a, "--rtiles")) rtiles = (uint32_t)strtoul(val, NULL, 10);
    else if (!strcmp(a, "--jobs")) njobs = (uint32_t)strtoul(val, NULL, 10);
    else if (!strcmp(a, "--zero-pct")) zero_pct = (uint32_t)strtoul(val, NULL, 10);
    else if (!strcmp(a, "--seed")) g_rng = strtoull(val, NULL, 10);
    else return usage("unknown option");
    i++;
  }
  if (kblocks < 1 || kblocks > p.kblocks_max) return usage("--kblocks out of range for the tile");
  if (rtiles < 1 || njobs < 1 || zero_pct > 100) return usage("bad --rtiles/--jobs/--zero-pct");
  c.kblocks = kblocks;
  c.rtiles = rtiles;
  c.relu = 1;
  c.shift = 8;
  if (tasd_tile_cfg_check(&p, &c) != TASD_OK) return usage("the series is not legal on this tile");

  tile_jobfile jf;
  memset(&jf, 0, sizeof jf);
  jf.params = p;
  jf.njobs = njobs;
  jf.jobs = calloc(njobs, sizeof *jf.jobs);
  const size_t k = (size_t)kblocks * p.m, nrows = (size_t)rtiles * p.rows;
  int8_t *adense = malloc(nrows * k);
  if (!jf.jobs || !adense) return 2;
  for (uint32_t j = 0; j < njobs; j++) {
    tile_job *jb = &jf.jobs[j];
    jb->cfg = c;
    jb->cfg_status = TASD_OK;
    jb->b = malloc(k * p.cols);
    jb->col_bias = malloc(p.cols * sizeof(int32_t));
    jb->row_bias = malloc(nrows * sizeof(int32_t));
    if (!jb->b || !jb->col_bias || !jb->row_bias) return 2;
    for (size_t i = 0; i < k * p.cols; i++) jb->b[i] = zero ? 0 : clip8(20.0 * gauss());
    for (uint32_t i = 0; i < p.cols; i++) jb->col_bias[i] = zero ? 0 : (int32_t)(rnd() % 2048) - 1024;
    for (size_t i = 0; i < nrows; i++) jb->row_bias[i] = zero ? 0 : (int32_t)(rnd() % 2048) - 1024;
    for (size_t i = 0; i < nrows * k; i++) {
      if (zero || rnd() % 100 < zero_pct) adense[i] = 0;
      else {
        double x = fabs(24.0 * gauss());
        adense[i] = x < 1.0 ? 1 : clip8(x);
      }
    }
    jb->cfg.col_bias = jb->col_bias;
    tasd_status st = tasd_tile_a_from_dense(&p, &jb->cfg, adense, nrows, k, 0, &jb->a);
    if (st != TASD_OK) {
      fprintf(stderr, "power_jobs: decomposition failed: %s\n", tasd_strerror(st));
      return 2;
    }
    jb->a.row_bias = jb->row_bias;
  }
  char err[512] = "";
  tasd_status st = tile_jobs_save(out, &jf, err, sizeof err);
  if (st != TASD_OK) {
    fprintf(stderr, "power_jobs: %s: %s\n", out, err[0] ? err : tasd_strerror(st));
    return 2;
  }
  free(adense);
  tile_jobs_free(&jf);
  return 0;
}
