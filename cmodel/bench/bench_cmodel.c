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
 * int8 kernel: tasd_gemm_i8 and tasd_gemm_i8_bt (raw buffers, C preallocated) against the
 * naive reference kernel below (the integer loop tasd_gemm_dense had before gemm_i8.c: B
 * widened to int32, tasd_mul_i32 + tasd_acc_add per MAC), measured in the same run, on
 * 256x512x256 and the network-like 200x512x784 and 512x784x200 (m x k x n); the ratio is
 * naive median time / kernel median time (the rows are checked equal first).
 * Each point is run until at least 0.5 s has passed (at least 5 runs); the reported time is
 * the median run, with the min-max spread in percent.
 */
#include "cli.h"
#include "internal.h" /* tasd__gemm_isa_name: which kernel ran */

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

/* Raw int8 GEMM C [m][n] = A [m][k] x B [k][n] (bt: B^T [n][k]). */
typedef struct {
  size_t m, n, k;
  const int8_t *a, *b, *bt;
  int32_t *c;
} raw_job;

/* The naive reference kernel: tasd_gemm_dense's integer loop before gemm_i8.c. */
static tasd_status run_naive_i8(void *p) {
  raw_job *j = p;
  size_t nb = j->k * j->n;
  int32_t *bw = (int32_t *)malloc((nb ? nb : 1) * sizeof *bw);
  if (!bw) return TASD_ERR_NOMEM;
  for (size_t i = 0; i < nb; i++) bw[i] = j->b[i];
  memset(j->c, 0, j->m * j->n * sizeof *j->c);
  for (size_t i = 0; i < j->m; i++)
    for (size_t p = 0; p < j->k; p++) {
      int32_t av = j->a[i * j->k + p];
      int32_t *crow = j->c + i * j->n;
      const int32_t *brow = bw + p * j->n;
      for (size_t x = 0; x < j->n; x++) crow[x] = tasd_acc_add(crow[x], tasd_mul_i32(av, brow[x]));
    }
  free(bw);
  return TASD_OK;
}
static tasd_status run_gemm_i8(void *p) {
  raw_job *j = p;
  return tasd_gemm_i8(j->m, j->n, j->k, j->a, j->k, j->b, j->n, j->c, j->n, 0);
}
static tasd_status run_gemm_i8_bt(void *p) {
  raw_job *j = p;
  return tasd_gemm_i8_bt(j->m, j->n, j->k, j->a, j->k, j->bt, j->k, j->c, j->n, 0);
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
      case TASD_UINT8: ((uint8_t *)t->data)[i] = (uint8_t)(v + 127); break; /* not benchmarked */
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
  printf("\nint8 GEMM kernel (%s) vs. the naive reference kernel, same run\n",
         tasd__gemm_isa_name(TASD__ISA_BEST));
  printf("%-10s %-8s %-10s %-14s %5s %11s %7s %14s %14s\n", "kind", "dtype", "series",
         "m x k x n", "runs", "median_ms", "spread%", "denseGMAC/s", "speedup");
  const size_t kshape[3][3] = {{256, 512, 256}, {200, 512, 784}, {512, 784, 200}}; /* m, k, n */
  for (int si = 0; si < 3; si++) {
    size_t km = kshape[si][0], kk2 = kshape[si][1], kn = kshape[si][2];
    if (quick) {
      km /= 4;
      kn /= 4;
    }
    size_t sa2[2] = {km, kk2}, sb2[2] = {kk2, kn}, st2[2] = {kn, kk2}, sc2[2] = {km, kn};
    tasd_tensor a, b, bt, c, cref;
    cli_check("bench", tasd_tensor_alloc(&a, TASD_INT8, 2, sa2), "alloc");
    cli_check("bench", tasd_tensor_alloc(&b, TASD_INT8, 2, sb2), "alloc");
    cli_check("bench", tasd_tensor_alloc(&bt, TASD_INT8, 2, st2), "alloc");
    cli_check("bench", tasd_tensor_alloc(&c, TASD_INT32, 2, sc2), "alloc");
    cli_check("bench", tasd_tensor_alloc(&cref, TASD_INT32, 2, sc2), "alloc");
    fill(&r, &a, 1.0);
    fill(&r, &b, 1.0);
    for (size_t p = 0; p < kk2; p++)
      for (size_t x = 0; x < kn; x++)
        ((int8_t *)bt.data)[x * kk2 + p] = ((const int8_t *)b.data)[p * kn + x];
    raw_job rj = {km, kn, kk2, a.data, b.data, bt.data, cref.data};
    cli_check("bench", run_naive_i8(&rj), "naive reference");
    rj.c = c.data;
    const char *kser[3] = {"naive-ref", "gemm_i8", "gemm_i8_bt"};
    work_fn kfn[3] = {run_naive_i8, run_gemm_i8, run_gemm_i8_bt};
    double naive_med = 0.0, macs = (double)km * (double)kk2 * (double)kn;
    for (int ki = 0; ki < 3; ki++) {
      if (ki > 0) {
        cli_check("bench", kfn[ki](&rj), kser[ki]);
        if (memcmp(c.data, cref.data, km * kn * sizeof(int32_t)) != 0)
          cli_fail(CLI_EDATA, "bench", "%s differs from the naive reference", kser[ki]);
      }
      timing t = measure(kfn[ki], &rj);
      if (ki == 0) naive_med = t.med;
      printf("%-10s %-8s %-10s %zux%zux%-6zu %5d %11.3f %7.1f %14.3f %13.1fx\n", "gemm", "int8",
             kser[ki], km, kk2, kn, t.runs, t.med * 1e3, t.spread, macs / t.med / 1e9,
             naive_med / t.med);
      if (f)
        fprintf(f, "gemm,int8,%s,%zux%zux%zu,%d,%.6e,%.1f,,%.6e,%.6e\n", kser[ki], km, kk2, kn,
                t.runs, t.med, t.spread, macs / t.med, macs / t.med);
    }
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&bt);
    tasd_tensor_free(&c);
    tasd_tensor_free(&cref);
  }
  if (f) {
    if (fclose(f) != 0) cli_fail(CLI_EDATA, "bench", "write error on '%s'", csv);
    printf("\nwrote %s\n", csv);
  }
  return 0;
}
