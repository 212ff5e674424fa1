/* SPDX-License-Identifier: Apache-2.0 */
/* C model benchmark: single-core decomposition throughput and GEMM MAC rate, table + CSV. */
/*
 * usage: bench_cmodel [OUT.csv] [--quick]
 * Decomposition: a 256 x 4096 tensor (~50% non-zeros) for int8, int16 and float32 with the
 * series 4:8+1:8, 2:4 and 2:8+2:16 (mixed block sizes); elements/s = numel / time of one
 * tasd_decompose (allocation of the outputs included).
 * GEMM: int8 and float32 A [256 x 512] x B [512 x 256]: dense (tasd_gemm_dense), and
 * tasd_gemm with 4:8+1:8 and 2:4 (decomposition included). MAC/s counts dense-equivalent MACs
 * (m*k*n) and, for the decomposed runs, the MACs actually issued (macs_tasd).
 * Each point is run until at least 0.5 s has passed (at least 5 runs); the reported time is
 * the median run, with the min-max spread in percent.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct {
  double med, spread;
  int runs;
} timing;

static double min_time = 0.5;

typedef tasd_status (*work_fn)(void *ctx);

static timing measure(work_fn fn, void *ctx) {
  double t[256];
  int n = 0;
  double start = now();
  if (fn(ctx) != TASD_OK) cli_fail(CLI_EDATA, "bench", "warm-up run failed");
  while (n < 256 && (n < 5 || now() - start < min_time)) {
    double t0 = now();
    if (fn(ctx) != TASD_OK) cli_fail(CLI_EDATA, "bench", "run failed");
    t[n++] = now() - t0;
  }
  qsort(t, (size_t)n, sizeof t[0], cmp_d);
  timing r = {t[n / 2], t[n / 2] > 0 ? 100.0 * (t[n - 1] - t[0]) / t[n / 2] : 0.0, n};
  return r;
}

typedef struct {
  const tasd_tensor *a, *b;
  tasd_series s;
} job;

static tasd_status run_decompose(void *p) {
  job *j = p;
  tasd_decomp d;
  tasd_status st = tasd_decompose(j->a, &j->s, &d);
  tasd_decomp_free(&d);
  return st;
}
static tasd_status run_gemm(void *p) {
  job *j = p;
  tasd_tensor c;
  tasd_status st = tasd_gemm(j->a, &j->s, j->b, &c);
  tasd_tensor_free(&c);
  return st;
}
static tasd_status run_gemm_dense(void *p) {
  job *j = p;
  tasd_tensor c;
  tasd_status st = tasd_gemm_dense(j->a, j->b, &c);
  tasd_tensor_free(&c);
  return st;
}

static void fill(cli_rng *r, tasd_tensor *t, double density) {
  size_t n = tasd_tensor_numel(t);
  for (size_t i = 0; i < n; i++) {
    int nz = cli_rng_unit(r) < density;
    int32_t v = (int32_t)cli_rng_below(r, 255) - 127;
    if (nz && v == 0) v = 1;
    if (!nz) v = 0;
    switch (t->dtype) {
      case TASD_INT8: ((int8_t *)t->data)[i] = (int8_t)v; break;
      case TASD_INT16: ((int16_t *)t->data)[i] = (int16_t)(v * 200); break;
      case TASD_INT32: ((int32_t *)t->data)[i] = v; break;
      case TASD_FLOAT32: ((float *)t->data)[i] = nz ? (float)(cli_rng_normal(r) + 1e-3) : 0.0f; break;
    }
  }
}

int main(int argc, char **argv) {
  const char *csv = NULL;
  int quick = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (argv[i][0] == '-') cli_fail(CLI_EUSAGE, "bench", "unknown option '%s'", argv[i]);
    else csv = argv[i];
  }
  if (quick) min_time = 0.02;
  FILE *f = NULL;
  if (csv) {
    f = fopen(csv, "w");
    if (!f) cli_fail(CLI_EDATA, "bench", "cannot create '%s'", csv);
    fprintf(f, "kind,dtype,series,shape,runs,median_s,spread_pct,elems_per_s,dense_macs_per_s,"
               "issued_macs_per_s\n");
  }
  cli_rng r;
  cli_rng_seed(&r, 7);
  const tasd_dtype dts[3] = {TASD_INT8, TASD_INT16, TASD_FLOAT32};
  const char *sers[3] = {"4:8+1:8", "2:4", "2:8+2:16"};
  size_t dshape[2] = {quick ? 64 : 256, 4096};
  double load = -1.0;
  FILE *la = fopen("/proc/loadavg", "r");
  if (la) {
    if (fscanf(la, "%lf", &load) != 1) load = -1.0;
    fclose(la);
  }
  printf("C model benchmark (single core; median of >= 5 runs over >= %.2f s per point; "
         "1-min load average at start %.2f; spread = (max - min) / median)\n\n", min_time, load);
  printf("%-10s %-8s %-10s %-14s %5s %11s %7s %14s\n", "kind", "dtype", "series", "shape", "runs",
         "median_ms", "spread%", "Melem/s");
  for (int di = 0; di < 3; di++) {
    tasd_tensor a;
    cli_check("bench", tasd_tensor_alloc(&a, dts[di], 2, dshape), "alloc");
    fill(&r, &a, 0.5);
    for (int si = 0; si < 3; si++) {
      job j = {&a, NULL, {0, {{0, 0}}}};
      cli_series("bench", sers[si], &j.s);
      timing t = measure(run_decompose, &j);
      double eps = (double)tasd_tensor_numel(&a) / t.med;
      printf("%-10s %-8s %-10s %zux%-9zu %5d %11.3f %7.1f %14.2f\n", "decompose",
             tasd_dtype_name(dts[di]), sers[si], dshape[0], dshape[1], t.runs, t.med * 1e3,
             t.spread, eps / 1e6);
      if (f)
        fprintf(f, "decompose,%s,%s,%zux%zu,%d,%.6e,%.1f,%.6e,,\n", tasd_dtype_name(dts[di]),
                sers[si], dshape[0], dshape[1], t.runs, t.med, t.spread, eps);
    }
    tasd_tensor_free(&a);
  }
  printf("\n%-10s %-8s %-10s %-14s %5s %11s %7s %14s %14s\n", "kind", "dtype", "series",
         "m x k x n", "runs", "median_ms", "spread%", "denseGMAC/s", "issuedGMAC/s");
  size_t mm = quick ? 64 : 256, kk = 512, nn = quick ? 64 : 256;
  size_t sa[2] = {mm, kk}, sb[2] = {kk, nn};
  const tasd_dtype gdts[2] = {TASD_INT8, TASD_FLOAT32};
  const char *gser[3] = {"dense-ref", "4:8+1:8", "2:4"};
  for (int di = 0; di < 2; di++) {
    tasd_tensor a, b;
    cli_check("bench", tasd_tensor_alloc(&a, gdts[di], 2, sa), "alloc");
    cli_check("bench", tasd_tensor_alloc(&b, gdts[di], 2, sb), "alloc");
    fill(&r, &a, 0.5);
    fill(&r, &b, 1.0);
    for (int si = 0; si < 3; si++) {
      job j = {&a, &b, {0, {{0, 0}}}};
      timing t;
      double dense_macs = (double)mm * (double)kk * (double)nn, issued = dense_macs;
      if (si == 0) {
        t = measure(run_gemm_dense, &j);
      } else {
        cli_series("bench", gser[si], &j.s);
        t = measure(run_gemm, &j);
        tasd_stats st;
        cli_check("bench", tasd_stats_compute(&a, &j.s, &b, &st), "stats");
        issued = (double)st.macs_tasd;
      }
      printf("%-10s %-8s %-10s %zux%zux%-6zu %5d %11.3f %7.1f %14.3f %14.3f\n", "gemm",
             tasd_dtype_name(gdts[di]), gser[si], mm, kk, nn, t.runs, t.med * 1e3, t.spread,
             dense_macs / t.med / 1e9, issued / t.med / 1e9);
      if (f)
        fprintf(f, "gemm,%s,%s,%zux%zux%zu,%d,%.6e,%.1f,,%.6e,%.6e\n", tasd_dtype_name(gdts[di]),
                gser[si], mm, kk, nn, t.runs, t.med, t.spread, dense_macs / t.med, issued / t.med);
    }
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
  }
  if (f) {
    if (fclose(f) != 0) cli_fail(CLI_EDATA, "bench", "write error on '%s'", csv);
    printf("\nwrote %s\n", csv);
  }
  return 0;
}
