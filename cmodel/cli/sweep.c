/* SPDX-License-Identifier: Apache-2.0 */
/* tasd sweep: the paper's synthetic study (section 3.2, Figures 5 and 6) on the C model. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *help_sweep =
    "usage: tasd sweep [-o DIR] [--seed N] [--trials N] [--gemm-trials N]\n"
    "\n"
    "Reproduces the synthetic study of the TASD paper (section 3.2) with float32 tensors:\n"
    " fig5: 128x128 matrices, densities 0.10..0.75 (step 0.05), values normal(0, 1/3) or\n"
    "       uniform [0, 1), series 2:4, 2:4+2:8, 2:4+2:8+2:16: % of non-zeros dropped, % of\n"
    "       magnitude dropped and the MSE of A - A*, averaged over --trials matrices.\n"
    " fig6: 256x256 A (uniform [0, 1), 20% and 80% unstructured sparsity) times dense B:\n"
    "       one-term N:4 (N=0..4) and N:8 (N=0..8); ||(A - A*) B||_F / ||A B||_F against the\n"
    "       approximated sparsity 1 - N/M, averaged over --gemm-trials pairs.\n"
    "Writes DIR/fig5.csv, DIR/fig6.csv, gnuplot data DIR/fig5.dat, DIR/fig6.dat and the\n"
    "takeaway checks DIR/takeaways.txt (also printed). Plot with: make sweep.\n"
    "options:\n"
    "  -o, --out DIR       output directory (default build/sweep)\n"
    "  --seed N            PRNG seed (default 1)\n"
    "  --trials N          matrices per fig5 point (default 16)\n"
    "  --gemm-trials N     A/B pairs per fig6 point (default 4)\n";

#define F5_ND 14
#define F5_NS 3
#define F6_NC 14 /* 5 configs N:4 + 9 configs N:8 */

static const char *f5_series[F5_NS] = {"2:4", "2:4+2:8", "2:4+2:8+2:16"};
static const char *dist_name[2] = {"normal", "uniform"};

static uint64_t parse_u64(const char *opt, const char *v, uint64_t lo, uint64_t hi) {
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (errno || *end || end == v || v[0] == '-' || x < lo || x > hi)
    cli_fail(CLI_EUSAGE, "sweep", "option '%s' needs an integer in %llu..%llu, got '%s'", opt,
             (unsigned long long)lo, (unsigned long long)hi, v);
  return x;
}

/* Fills a float32 tensor with exactly nnz non-zeros at random positions. dist 0: normal with  */
/* sd 1/3, 1: uniform in [0, 1) as k * 2^-24 (k 24-bit, so exact in float32 and never 1). An   */
/* exact 0 is redrawn in both, so the tensor has exactly nnz non-zeros.                        */
static void fill(cli_rng *r, tasd_tensor *t, size_t nnz, int dist, size_t *perm) {
  size_t n = tasd_tensor_numel(t);
  float *v = t->data;
  memset(v, 0, n * sizeof *v);
  for (size_t i = 0; i < n; i++) perm[i] = i;
  for (size_t i = 0; i < nnz; i++) {
    size_t j = i + (size_t)cli_rng_below(r, n - i);
    size_t tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
    float x;
    do {
      x = dist == 0 ? (float)(cli_rng_normal(r) / 3.0)
                    : (float)(cli_rng_next(r) >> 40) * 0x1.0p-24f;
    } while (x == 0.0f);
    v[perm[i]] = x;
  }
}

int cmd_sweep(int argc, char **argv) {
  const char *out = "build/sweep", *seed_s = NULL, *trials_s = NULL, *gtrials_s = NULL;
  cli_opt opts[] = {{"out", 'o', 1, &out},
                    {"seed", 0, 1, &seed_s},
                    {"trials", 0, 1, &trials_s},
                    {"gemm-trials", 0, 1, &gtrials_s},
                    {NULL, 0, 0, NULL}};
  cli_parse("sweep", help_sweep, argc, argv, opts, NULL, 0);
  uint64_t seed = seed_s ? parse_u64("--seed", seed_s, 0, UINT64_MAX) : 1;
  uint32_t trials = trials_s ? (uint32_t)parse_u64("--trials", trials_s, 1, 1000) : 16;
  uint32_t gtrials = gtrials_s ? (uint32_t)parse_u64("--gemm-trials", gtrials_s, 1, 100) : 4;
  cli_mkdirs("sweep", out);
  printf("sweep: seed %llu, %u trials per fig5 point, %u per fig6 point; replay: tasd sweep -o %s "
         "--seed %llu --trials %u --gemm-trials %u\n",
         (unsigned long long)seed, trials, gtrials, out, (unsigned long long)seed, trials,
         gtrials);
  cli_rng r;
  cli_rng_seed(&r, seed);

  /* ---------------- Figure 5 ---------------- */
  static double nnzd[2][F5_NS][F5_ND], magd[2][F5_NS][F5_ND], mse[2][F5_NS][F5_ND];
  double dens[F5_ND];
  tasd_series ser[F5_NS];
  for (int s = 0; s < F5_NS; s++) cli_series("sweep", f5_series[s], &ser[s]);
  size_t shp[2] = {128, 128};
  tasd_tensor a;
  cli_check("sweep", tasd_tensor_alloc(&a, TASD_FLOAT32, 2, shp), "tasd_tensor_alloc");
  size_t *perm = malloc(256 * 256 * sizeof *perm);
  if (!perm) cli_fail(CLI_EDATA, "sweep", "out of memory");
  for (int di = 0; di < F5_ND; di++) {
    dens[di] = 0.10 + 0.05 * di;
    size_t nnz = (size_t)llround(dens[di] * 128 * 128);
    for (int dist = 0; dist < 2; dist++)
      for (uint32_t tr = 0; tr < trials; tr++) {
        fill(&r, &a, nnz, dist, perm);
        for (int s = 0; s < F5_NS; s++) {
          tasd_stats st;
          cli_check("sweep", tasd_stats_compute(&a, &ser[s], NULL, &st), "tasd_stats_compute");
          tasd_decomp d;
          cli_check("sweep", tasd_decompose(&a, &ser[s], &d), "tasd_decompose");
          double se = 0.0;
          for (size_t i = 0; i < 128 * 128; i++) {
            double e = ((const float *)d.residual.data)[i];
            se += e * e;
          }
          tasd_decomp_free(&d);
          nnzd[dist][s][di] += st.pct_nnz_dropped / trials;
          magd[dist][s][di] += st.pct_mag_dropped / trials;
          mse[dist][s][di] += se / (128.0 * 128.0) / trials;
        }
      }
  }
  tasd_tensor_free(&a);

  /* ---------------- Figure 6 ---------------- */
  static double err[2][F6_NC];
  uint32_t cfg_n[F6_NC], cfg_m[F6_NC];
  for (int i = 0; i < F6_NC; i++) {
    cfg_m[i] = i < 5 ? 4 : 8;
    cfg_n[i] = i < 5 ? (uint32_t)i : (uint32_t)(i - 5);
  }
  const double asp[2] = {0.20, 0.80};
  size_t g[2] = {256, 256};
  tasd_tensor ga, gb;
  cli_check("sweep", tasd_tensor_alloc(&ga, TASD_FLOAT32, 2, g), "tasd_tensor_alloc");
  cli_check("sweep", tasd_tensor_alloc(&gb, TASD_FLOAT32, 2, g), "tasd_tensor_alloc");
  for (int si = 0; si < 2; si++)
    for (uint32_t tr = 0; tr < gtrials; tr++) {
      fill(&r, &ga, (size_t)llround((1.0 - asp[si]) * 256 * 256), 1, perm);
      fill(&r, &gb, 256 * 256, 1, perm);
      for (int c = 0; c < F6_NC; c++) {
        char txt[32];
        snprintf(txt, sizeof txt, "%u:%u", (unsigned)cfg_n[c], (unsigned)cfg_m[c]);
        tasd_series s;
        cli_series("sweep", txt, &s);
        tasd_stats st;
        cli_check("sweep", tasd_stats_compute(&ga, &s, &gb, &st), "tasd_stats_compute");
        err[si][c] += st.rel_error / gtrials;
      }
    }
  tasd_tensor_free(&ga);
  tasd_tensor_free(&gb);
  free(perm);

  /* ---------------- outputs ---------------- */
  char path[4200];
  FILE *f;
#define OPEN(name)                                                                         \
  do {                                                                                     \
    snprintf(path, sizeof path, "%s/%s", out, name);                                       \
    f = fopen(path, "w");                                                                  \
    if (!f) cli_fail(CLI_EDATA, "sweep", "cannot create '%s': %s", path, strerror(errno)); \
  } while (0)
#define CLOSE()                                                                        \
  do {                                                                                 \
    if (fclose(f) != 0) cli_fail(CLI_EDATA, "sweep", "write error on '%s'", path);     \
  } while (0)
  OPEN("fig5.csv");
  fprintf(f, "distribution,series,density,pct_nnz_dropped,pct_mag_dropped,mse\n");
  for (int dist = 0; dist < 2; dist++)
    for (int s = 0; s < F5_NS; s++)
      for (int di = 0; di < F5_ND; di++)
        fprintf(f, "%s,%s,%.2f,%.6f,%.6f,%.6e\n", dist_name[dist], f5_series[s], dens[di],
                nnzd[dist][s][di], magd[dist][s][di], mse[dist][s][di]);
  CLOSE();
  /* gnuplot: index 0 normal, 1 uniform; columns density, then (nnz, mag, mse) per series */
  OPEN("fig5.dat");
  for (int dist = 0; dist < 2; dist++) {
    fprintf(f, "# %s: density nnz(2:4) mag(2:4) mse(2:4) nnz(2:4+2:8) mag mse "
               "nnz(2:4+2:8+2:16) mag mse\n", dist_name[dist]);
    for (int di = 0; di < F5_ND; di++) {
      fprintf(f, "%.2f", dens[di]);
      for (int s = 0; s < F5_NS; s++)
        fprintf(f, " %.6f %.6f %.6e", nnzd[dist][s][di], magd[dist][s][di], mse[dist][s][di]);
      fprintf(f, "\n");
    }
    fprintf(f, "\n\n");
  }
  CLOSE();
  OPEN("fig6.csv");
  fprintf(f, "a_sparsity,pattern,n,m,approx_sparsity,rel_error\n");
  for (int si = 0; si < 2; si++)
    for (int c = 0; c < F6_NC; c++)
      fprintf(f, "%.2f,%u:%u,%u,%u,%.4f,%.6e\n", asp[si], cfg_n[c], cfg_m[c], cfg_n[c], cfg_m[c],
              1.0 - (double)cfg_n[c] / cfg_m[c], err[si][c]);
  CLOSE();
  /* gnuplot: index 0 A20 N:4, 1 A20 N:8, 2 A80 N:4, 3 A80 N:8; columns approx% error */
  OPEN("fig6.dat");
  for (int si = 0; si < 2; si++)
    for (int mm = 0; mm < 2; mm++) {
      fprintf(f, "# A sparsity %.0f%%, N:%d\n", asp[si] * 100, mm ? 8 : 4);
      for (int c = 0; c < F6_NC; c++)
        if ((cfg_m[c] == 8) == (mm == 1))
          fprintf(f, "%.2f %.6e\n", 100.0 * (1.0 - (double)cfg_n[c] / cfg_m[c]), err[si][c]);
      fprintf(f, "\n\n");
    }
  CLOSE();

  /* ---------------- takeaways (section 3.2) ---------------- */
  OPEN("takeaways.txt");
  FILE *outs[2] = {stdout, f};
  for (int o = 0; o < 2; o++) {
    FILE *w = outs[o];
    /* 1: very sparse, two terms -> < 1% dropped */
    int lo = 0; /* density 0.10 */
    double t1 = fmax(nnzd[0][1][lo], nnzd[1][1][lo]);
    double t1b = fmax(nnzd[0][1][2], nnzd[1][1][2]);
    double dmax = 0.0;
    for (int di = 0; di < F5_ND; di++)
      if (fmax(nnzd[0][1][di], nnzd[1][1][di]) < 1.0) dmax = dens[di];
      else break;
    fprintf(w, "T1 very sparse, two terms: 2:4+2:8 drops %.3f%% of non-zeros at density 0.10, "
               "%.3f%% at 0.20; below 1%% up to density %.2f -> %s\n", t1, t1b, dmax,
            t1 < 1.0 ? "holds" : "does not hold");
    /* 2: dropped magnitude % < dropped nnz % */
    int all = 1, cnt = 0;
    double worst = 0.0;
    for (int d = 0; d < 2; d++)
      for (int s = 0; s < F5_NS; s++)
        for (int di = 0; di < F5_ND; di++)
          if (nnzd[d][s][di] > 0.0) {
            cnt++;
            double ratio = magd[d][s][di] / nnzd[d][s][di];
            if (ratio > worst) worst = ratio;
            if (magd[d][s][di] >= nnzd[d][s][di]) all = 0;
          }
    fprintf(w, "T2 dropped magnitude %% < dropped non-zero %%: %s at %d points with drops "
               "(largest ratio mag/nnz %.3f)\n", all ? "holds" : "does not hold", cnt, worst);
    fprintf(w, "   e.g. 2:4 at density 0.50: nnz %.2f%% mag %.2f%% (normal), nnz %.2f%% mag "
               "%.2f%% (uniform)\n", nnzd[0][0][8], magd[0][0][8], nnzd[1][0][8], magd[1][0][8]);
    /* 3: dropped nnz similar across distributions, magnitude differs more */
    double dn = 0.0, dm = 0.0, msr = 0.0;
    for (int s = 0; s < F5_NS; s++)
      for (int di = 0; di < F5_ND; di++) {
        dn = fmax(dn, fabs(nnzd[0][s][di] - nnzd[1][s][di]));
        dm = fmax(dm, fabs(magd[0][s][di] - magd[1][s][di]));
        if (mse[0][s][di] > 0 && mse[1][s][di] > 0) msr = fmax(msr, mse[1][s][di] / mse[0][s][di]);
      }
    fprintf(w, "T3 dropped non-zeros similar across distributions: largest |normal - uniform| gap "
               "%.3f points for nnz, %.3f points for magnitude; MSE uniform/normal up to %.2fx "
               "-> %s\n", dn, dm, msr, dn < 1.0 ? "holds" : "does not hold");
    /* 4: error falls as approximated sparsity falls (monotonic in N for each curve) */
    int mono = 1;
    for (int si = 0; si < 2; si++)
      for (int c = 1; c < F6_NC; c++)
        if (cfg_m[c] == cfg_m[c - 1] && err[si][c] > err[si][c - 1]) mono = 0;
    fprintf(w, "T4 error falls as approximated sparsity falls: %s (A 20%%: 1:4 %.4f, 2:4 %.4f, "
               "3:4 %.4f, 4:4 %.4f)\n", mono ? "holds" : "does not hold", err[0][1], err[0][2],
            err[0][3], err[0][4]);
    /* 5: sparser A -> smaller error, same config (configs that drop something) */
    int sp = 1;
    for (int c = 0; c < F6_NC; c++)
      if (err[0][c] > 0 && err[1][c] >= err[0][c] && cfg_n[c] > 0) sp = 0;
    fprintf(w, "T5 sparser A -> smaller error at the same config: %s (2:8: A 20%% %.4f vs A 80%% "
               "%.4f; 1:4: %.4f vs %.4f)\n", sp ? "holds" : "does not hold", err[0][7], err[1][7],
            err[0][1], err[1][1]);
    /* 6: N:4 worse than N:8 at the same approximated sparsity */
    int n48 = 1;
    for (int si = 0; si < 2; si++)
      for (int n = 1; n <= 3; n++)
        if (!(err[si][n] > err[si][5 + 2 * n])) n48 = 0;
    fprintf(w, "T6 N:4 error > N:8 error at equal approximated sparsity: %s (A 20%%: 1:4 %.4f vs "
               "2:8 %.4f, 2:4 %.4f vs 4:8 %.4f, 3:4 %.4f vs 6:8 %.4f; A 80%%: 1:4 %.4f vs 2:8 "
               "%.4f)\n", n48 ? "holds" : "does not hold", err[0][1], err[0][7], err[0][2],
            err[0][9], err[0][3], err[0][11], err[1][1], err[1][7]);
  }
  CLOSE();
  printf("wrote %s/fig5.csv, fig5.dat, fig6.csv, fig6.dat, takeaways.txt\n", out);
  return CLI_OK;
}
