/* SPDX-License-Identifier: Apache-2.0 */
/* tasd: command-line front end of libtasd (decompose, verify, stats, gemm, targets, demo, sweep). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *help_main =
    "usage: tasd <command> [options] [args]\n"
    "\n"
    "TASD (Tensor Approximation via Structured Decomposition) reference model.\n"
    "A series such as 4:8+1:8 writes a tensor as terms A_0 + A_1 + ..., each N:M structured\n"
    "sparse along the last dimension.\n"
    "\n"
    "commands:\n"
    "  decompose --series S IN.npy -o DIR   write each term (dense + compressed) and the residual\n"
    "  verify --series S IN.npy DIR         check a decompose output against the input\n"
    "  stats --series S IN.npy [--b B.npy]  dropped non-zeros/magnitude, MACs, GEMM error\n"
    "  gemm --series S A.npy B.npy -o C.npy C = sum_t A_t x B\n"
    "  targets [NAME]                       hardware targets and the series they run\n"
    "  demo                                 the paper's 2x8 example and a random GEMM check\n"
    "  sweep [-o DIR]                       the paper's synthetic study (section 3.2), CSVs\n"
    "  random --shape DxD.. -o OUT.npy      a random test tensor (dtype, density, seed)\n"
    "  info FILE.npy...                     dtype, shape, non-zeros, range of .npy files\n"
    "  select --target T --act|--weights|--network F.npy...  TASDER config selection\n"
    "\n"
    "Run 'tasd <command> --help' for a command's options.\n"
    "Exit status: 0 success, 1 data error (file, dtype, shape, check), 2 usage error.\n";

/* Extra words for a library error: names the dtype when the operation refuses it. */
static const char *dtype_hint(tasd_status st, const tasd_tensor *a) {
  static char buf[128];
  if (st == TASD_ERR_SHAPE && a->ndim == TASD_MAX_DIMS)
    return " (rank 8: the compressed form adds a dimension, so decomposition takes rank 1..7)";
  if (st != TASD_ERR_DTYPE) return "";
  snprintf(buf, sizeof buf, " (input is %s; decomposition takes int8, int16 or float32)",
           tasd_dtype_name(a->dtype));
  return buf;
}

/* ------------------------------------------------------------------------------------------ */
/* decompose                                                                                  */
/* ------------------------------------------------------------------------------------------ */
static const char *help_decompose =
    "usage: tasd decompose --series S IN.npy -o DIR\n"
    "\n"
    "Decomposes IN.npy (int8, int16 or float32; rank 1..7; blocks along the last dimension)\n"
    "with series S and writes into DIR (created when missing):\n"
    "  term<t>_dense.npy    term t's dense view (input's shape and dtype)\n"
    "  term<t>_values.npy   compressed values, shape [..leading.., nblocks, N_t], input dtype\n"
    "  term<t>_indices.npy  int16, same shape: each slot's index inside its M_t block\n"
    "  residual.npy         input minus the sum of all terms\n"
    "options:\n"
    "  -s, --series S   series, e.g. 4:8+1:8, 2:4+2:8, dense\n"
    "  -o, --out DIR    output directory\n"
    "  -q, --quiet      no summary on stdout\n";

static int cmd_decompose(int argc, char **argv) {
  const char *series = NULL, *out = NULL, *quiet = NULL, *pos[1];
  cli_opt opts[] = {{"series", 's', 1, &series}, {"out", 'o', 1, &out}, {"quiet", 'q', 0, &quiet},
                    {NULL, 0, 0, NULL}};
  int np = cli_parse("decompose", help_decompose, argc, argv, opts, pos, 1);
  if (!series) cli_fail(CLI_EUSAGE, "decompose", "missing --series");
  if (!out) cli_fail(CLI_EUSAGE, "decompose", "missing -o DIR");
  if (np != 1) cli_fail(CLI_EUSAGE, "decompose", "missing input file IN.npy");
  tasd_series s;
  cli_series("decompose", series, &s);
  tasd_tensor a;
  cli_load("decompose", pos[0], &a);
  tasd_decomp d;
  tasd_status st = tasd_decompose(&a, &s, &d);
  if (st != TASD_OK)
    cli_fail(CLI_EDATA, "decompose", "%s: cannot decompose with '%s': %s%s", pos[0], series,
             tasd_strerror(st), dtype_hint(st, &a));
  cli_mkdirs("decompose", out);
  char path[4200];
  for (uint32_t t = 0; t < d.series.nterms; t++) {
    snprintf(path, sizeof path, "%s/term%u_dense.npy", out, (unsigned)t);
    cli_save("decompose", path, &d.term[t].dense);
    snprintf(path, sizeof path, "%s/term%u_values.npy", out, (unsigned)t);
    cli_save("decompose", path, &d.term[t].values);
    snprintf(path, sizeof path, "%s/term%u_indices.npy", out, (unsigned)t);
    cli_save("decompose", path, &d.term[t].indices);
  }
  snprintf(path, sizeof path, "%s/residual.npy", out);
  cli_save("decompose", path, &d.residual);
  if (!quiet) {
    char sh[128], txt[128];
    tasd_series_format(&d.series, txt, sizeof txt);
    cli_shape_str(&a, sh, sizeof sh);
    printf("input: %s %s\nseries: %s\n", pos[0], sh, txt);
    size_t n = tasd_tensor_numel(&a), nnz = 0, res = 0;
    for (size_t i = 0; i < n; i++) {
      nnz += cli_get(&a, i) != 0.0;
      res += cli_get(&d.residual, i) != 0.0;
    }
    for (uint32_t t = 0; t < d.series.nterms; t++) {
      size_t kept = 0;
      for (size_t i = 0; i < n; i++) kept += cli_get(&d.term[t].dense, i) != 0.0;
      cli_shape_str(&d.term[t].values, sh, sizeof sh);
      printf("term%u %u:%u: %zu non-zeros kept, compressed %s\n", (unsigned)t,
             (unsigned)d.term[t].cfg.n, (unsigned)d.term[t].cfg.m, kept, sh);
    }
    printf("residual: %zu of %zu non-zeros dropped\nwrote %u terms + residual to %s\n", res, nnz,
           (unsigned)d.series.nterms, out);
  }
  tasd_decomp_free(&d);
  tasd_tensor_free(&a);
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* verify: an independent check of a decompose output (does not call tasd_decompose).        */
/* ------------------------------------------------------------------------------------------ */
static const char *help_verify =
    "usage: tasd verify --series S IN.npy DIR\n"
    "\n"
    "Checks the files 'tasd decompose' wrote to DIR against IN.npy without re-running the\n"
    "decomposition: every element is non-zero in at most one of the term dense views and the\n"
    "residual, and that one equals the input (so sum of terms + residual == input exactly);\n"
    "compressed slots are ascending, inside the block, and scatter to the dense view; each M_t\n"
    "block keeps at most N_t non-zeros; for equal block sizes every dropped element is no\n"
    "larger in magnitude than every kept element of its block (the greedy rule).\n"
    "options:\n"
    "  -s, --series S   the series given to decompose\n";

static void vfail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void vfail(const char *fmt, ...) {
  fflush(stdout);
  fprintf(stderr, "tasd verify: FAILED: ");
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(CLI_EDATA);
}

static void same_shape(const tasd_tensor *x, const tasd_tensor *ref, tasd_dtype dt, const char *name) {
  if (x->dtype != dt) vfail("%s has dtype %s, expected %s", name, tasd_dtype_name(x->dtype), tasd_dtype_name(dt));
  if (x->ndim != ref->ndim) vfail("%s has rank %u, expected %u", name, (unsigned)x->ndim, (unsigned)ref->ndim);
  for (uint32_t d = 0; d < ref->ndim; d++)
    if (x->shape[d] != ref->shape[d]) vfail("%s: dimension %u is %zu, expected %zu", name, (unsigned)d, x->shape[d], ref->shape[d]);
}

static int cmd_verify(int argc, char **argv) {
  const char *series = NULL, *pos[2];
  cli_opt opts[] = {{"series", 's', 1, &series}, {NULL, 0, 0, NULL}};
  int np = cli_parse("verify", help_verify, argc, argv, opts, pos, 2);
  if (!series) cli_fail(CLI_EUSAGE, "verify", "missing --series");
  if (np != 2) cli_fail(CLI_EUSAGE, "verify", "need IN.npy and DIR");
  tasd_series s;
  cli_series("verify", series, &s);
  tasd_tensor a, res, dense[TASD_MAX_TERMS], val[TASD_MAX_TERMS], idx[TASD_MAX_TERMS];
  cli_load("verify", pos[0], &a);
  char path[4200];
  snprintf(path, sizeof path, "%s/residual.npy", pos[1]);
  cli_load("verify", path, &res);
  same_shape(&res, &a, a.dtype, "residual.npy");
  size_t k = a.shape[a.ndim - 1];
  size_t numel = tasd_tensor_numel(&a);
  size_t rows = k ? numel / k : 0;
  int equal_m = 1;
  for (uint32_t t = 0; t < s.nterms; t++) {
    if (s.term[t].m != s.term[0].m) equal_m = 0;
    char nm[64];
    snprintf(path, sizeof path, "%s/term%u_dense.npy", pos[1], (unsigned)t);
    cli_load("verify", path, &dense[t]);
    snprintf(nm, sizeof nm, "term%u_dense.npy", (unsigned)t);
    same_shape(&dense[t], &a, a.dtype, nm);
    snprintf(path, sizeof path, "%s/term%u_values.npy", pos[1], (unsigned)t);
    cli_load("verify", path, &val[t]);
    snprintf(path, sizeof path, "%s/term%u_indices.npy", pos[1], (unsigned)t);
    cli_load("verify", path, &idx[t]);
    size_t m = s.term[t].m, n = s.term[t].n, nb = (k + m - 1) / m;
    tasd_tensor ref = a;
    ref.ndim = a.ndim + 1;
    ref.shape[a.ndim - 1] = nb;
    ref.shape[a.ndim] = n;
    if (ref.ndim > TASD_MAX_DIMS) vfail("input rank %u leaves no room for the compressed form", (unsigned)a.ndim);
    snprintf(nm, sizeof nm, "term%u_values.npy", (unsigned)t);
    same_shape(&val[t], &ref, a.dtype, nm);
    snprintf(nm, sizeof nm, "term%u_indices.npy", (unsigned)t);
    same_shape(&idx[t], &ref, TASD_INT16, nm);
    /* slots: ascending indices inside the block, scatter onto the dense view */
    const int16_t *ix = idx[t].data;
    for (size_t r = 0; r < rows; r++)
      for (size_t b = 0; b < nb; b++) {
        size_t nz_dense = 0, nz_slots = 0;
        for (size_t e = b * m; e < b * m + m && e < k; e++) nz_dense += cli_get(&dense[t], r * k + e) != 0.0;
        if (nz_dense > n) vfail("term %u, row %zu, block %zu keeps %zu non-zeros > N=%zu", (unsigned)t, r, b, nz_dense, n);
        for (size_t q = 0; q < n; q++) {
          size_t o = (r * nb + b) * n + q;
          int i = ix[o];
          double v = cli_get(&val[t], o);
          if (i < 0 || (size_t)i >= m) vfail("term %u, row %zu, block %zu, slot %zu: index %d outside 0..%zu", (unsigned)t, r, b, q, i, m - 1);
          if (q > 0 && ix[o - 1] >= i) vfail("term %u, row %zu, block %zu: slot indices not ascending", (unsigned)t, r, b);
          size_t e = b * m + (size_t)i;
          if (e >= k) {
            if (v != 0.0) vfail("term %u, row %zu: slot points at padding but holds %g", (unsigned)t, r, v);
            continue;
          }
          if (v != cli_get(&dense[t], r * k + e)) vfail("term %u, row %zu, element %zu: slot value %g but dense view %g", (unsigned)t, r, e, v, cli_get(&dense[t], r * k + e));
          nz_slots += v != 0.0;
        }
        if (nz_slots != nz_dense) vfail("term %u, row %zu, block %zu: %zu non-zeros in the dense view, %zu in the slots", (unsigned)t, r, b, nz_dense, nz_slots);
      }
  }
  /* partition: each element non-zero in at most one part, equal to the input */
  for (size_t i = 0; i < numel; i++) {
    double x = cli_get(&a, i), got = 0.0;
    int owners = 0;
    for (uint32_t t = 0; t <= s.nterms; t++) {
      double v = t < s.nterms ? cli_get(&dense[t], i) : cli_get(&res, i);
      if (v != 0.0) {
        owners++;
        got = v;
      }
    }
    if (owners > 1) vfail("element %zu is non-zero in %d parts", i, owners);
    if (got != x) vfail("element %zu: terms + residual = %g, input = %g", i, got, x);
  }
  /* greedy rule (equal block sizes): dropped magnitude <= kept magnitude inside a block */
  if (equal_m) {
    size_t m = s.term[0].m;
    for (size_t r = 0; r < rows; r++)
      for (size_t b = 0; b * m < k; b++) {
        double min_kept = INFINITY, max_drop = 0.0;
        for (size_t e = b * m; e < b * m + m && e < k; e++) {
          size_t i = r * k + e;
          double kept = 0.0;
          for (uint32_t t = 0; t < s.nterms; t++) kept += fabs(cli_get(&dense[t], i));
          if (kept != 0.0 && kept < min_kept) min_kept = kept;
          double dr = fabs(cli_get(&res, i));
          if (dr > max_drop) max_drop = dr;
        }
        if (max_drop > min_kept) vfail("row %zu, block %zu: dropped |%g| > kept |%g|", r, b, max_drop, min_kept);
      }
  }
  printf("verify: OK: %u terms + residual reproduce %s (%zu elements)\n", (unsigned)s.nterms, pos[0], numel);
  for (uint32_t t = 0; t < s.nterms; t++) {
    tasd_tensor_free(&dense[t]);
    tasd_tensor_free(&val[t]);
    tasd_tensor_free(&idx[t]);
  }
  tasd_tensor_free(&res);
  tasd_tensor_free(&a);
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* stats                                                                                       */
/* ------------------------------------------------------------------------------------------ */
static const char *help_stats =
    "usage: tasd stats --series S IN.npy [--b B.npy]\n"
    "\n"
    "Prints one 'name: value' per line: numel, nnz, nnz_kept, pct_nnz_dropped, mag_total,\n"
    "mag_kept, pct_mag_dropped, macs_dense, macs_tasd, mac_reduction (fraction of the dense\n"
    "MACs skipped) and, with --b, rel_error = ||(A - A*) B||_F / ||A B||_F.\n"
    "options:\n"
    "  -s, --series S   series\n"
    "  -b, --b B.npy    right-hand operand (2-D [k, ncols], A's dtype; A must be 2-D)\n";

static void print_stats(const tasd_series *s, const tasd_stats *st) {
  char txt[128];
  tasd_series_format(s, txt, sizeof txt);
  printf("series: %s\n", txt);
  printf("density: %.6f\n", tasd_series_density(s));
  printf("numel: %zu\n", st->numel);
  printf("nnz: %zu\n", st->nnz);
  printf("nnz_kept: %zu\n", st->nnz_kept);
  printf("pct_nnz_dropped: %.4f\n", st->pct_nnz_dropped);
  printf("mag_total: %.6g\n", st->mag_total);
  printf("mag_kept: %.6g\n", st->mag_kept);
  printf("pct_mag_dropped: %.4f\n", st->pct_mag_dropped);
  printf("macs_dense: %llu\n", (unsigned long long)st->macs_dense);
  printf("macs_tasd: %llu\n", (unsigned long long)st->macs_tasd);
  printf("mac_reduction: %.6f\n",
         st->macs_dense ? 1.0 - (double)st->macs_tasd / (double)st->macs_dense : 0.0);
  if (st->has_b) printf("rel_error: %.6e\n", st->rel_error);
}

static int cmd_stats(int argc, char **argv) {
  const char *series = NULL, *bpath = NULL, *pos[1];
  cli_opt opts[] = {{"series", 's', 1, &series}, {"b", 'b', 1, &bpath}, {NULL, 0, 0, NULL}};
  int np = cli_parse("stats", help_stats, argc, argv, opts, pos, 1);
  if (!series) cli_fail(CLI_EUSAGE, "stats", "missing --series");
  if (np != 1) cli_fail(CLI_EUSAGE, "stats", "missing input file IN.npy");
  tasd_series s;
  cli_series("stats", series, &s);
  tasd_tensor a, b;
  cli_load("stats", pos[0], &a);
  if (bpath) {
    cli_load("stats", bpath, &b);
    if (a.ndim != 2 || b.ndim != 2 || b.shape[0] != a.shape[1])
      cli_fail(CLI_EDATA, "stats", "shape mismatch: A %s is not 2-D [m, k] or B %s is not [k, n]",
               pos[0], bpath);
    if (a.dtype != b.dtype)
      cli_fail(CLI_EDATA, "stats", "dtype mismatch: A %s is %s, B %s is %s", pos[0],
               tasd_dtype_name(a.dtype), bpath, tasd_dtype_name(b.dtype));
  }
  /* NaN/Inf: name the file that holds it (A and B are checked separately). */
  cli_check_finite("stats", pos[0], &a);
  if (bpath) cli_check_finite("stats", bpath, &b);
  tasd_stats st;
  tasd_status rc = tasd_stats_compute(&a, &s, bpath ? &b : NULL, &st);
  if (rc != TASD_OK)
    cli_fail(CLI_EDATA, "stats", "%s: %s%s", pos[0], tasd_strerror(rc), dtype_hint(rc, &a));
  print_stats(&s, &st);
  tasd_tensor_free(&a);
  if (bpath) tasd_tensor_free(&b);
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* gemm                                                                                        */
/* ------------------------------------------------------------------------------------------ */
static const char *help_gemm =
    "usage: tasd gemm --series S A.npy B.npy -o C.npy\n"
    "\n"
    "C = sum_t A_t x B with A [m, k] decomposed by S along k and B [k, n] of A's dtype.\n"
    "int8/int16 inputs give int32 C (wrapping), float32 gives float32.\n"
    "options:\n"
    "  -s, --series S   series ('dense' for the exact product)\n"
    "  -o, --out C.npy  output file\n"
    "  -q, --quiet      no summary on stdout\n";

static int cmd_gemm(int argc, char **argv) {
  const char *series = NULL, *out = NULL, *quiet = NULL, *pos[2];
  cli_opt opts[] = {{"series", 's', 1, &series}, {"out", 'o', 1, &out}, {"quiet", 'q', 0, &quiet},
                    {NULL, 0, 0, NULL}};
  int np = cli_parse("gemm", help_gemm, argc, argv, opts, pos, 2);
  if (!series) cli_fail(CLI_EUSAGE, "gemm", "missing --series");
  if (!out) cli_fail(CLI_EUSAGE, "gemm", "missing -o C.npy");
  if (np != 2) cli_fail(CLI_EUSAGE, "gemm", "need A.npy and B.npy");
  tasd_series s;
  cli_series("gemm", series, &s);
  tasd_tensor a, b, c;
  cli_load("gemm", pos[0], &a);
  cli_load("gemm", pos[1], &b);
  if (a.ndim != 2) cli_fail(CLI_EDATA, "gemm", "shape mismatch: A %s must be 2-D, has rank %u", pos[0], (unsigned)a.ndim);
  if (b.ndim != 2) cli_fail(CLI_EDATA, "gemm", "shape mismatch: B %s must be 2-D, has rank %u", pos[1], (unsigned)b.ndim);
  if (a.shape[1] != b.shape[0])
    cli_fail(CLI_EDATA, "gemm", "shape mismatch: A is [%zu, %zu] but B has %zu rows", a.shape[0],
             a.shape[1], b.shape[0]);
  if (a.dtype != b.dtype)
    cli_fail(CLI_EDATA, "gemm", "dtype mismatch: A %s is %s, B %s is %s", pos[0],
             tasd_dtype_name(a.dtype), pos[1], tasd_dtype_name(b.dtype));
  cli_check_finite("gemm", pos[0], &a);
  cli_check_finite("gemm", pos[1], &b);
  tasd_status rc = tasd_gemm(&a, &s, &b, &c);
  if (rc == TASD_ERR_DTYPE) /* operands share a dtype here, so it is A's (and B's) dtype */
    cli_fail(CLI_EDATA, "gemm", "A %s, B %s: %s%s", pos[0], pos[1], tasd_strerror(rc),
             dtype_hint(rc, &a));
  if (rc != TASD_OK)
    cli_fail(CLI_EDATA, "gemm", "%s x %s: %s%s", pos[0], pos[1], tasd_strerror(rc),
             dtype_hint(rc, &a));
  cli_save("gemm", out, &c);
  if (!quiet) {
    char sh[128];
    cli_shape_str(&c, sh, sizeof sh);
    printf("wrote %s: %s\n", out, sh);
  }
  tasd_tensor_free(&a);
  tasd_tensor_free(&b);
  tasd_tensor_free(&c);
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* targets                                                                                     */
/* ------------------------------------------------------------------------------------------ */
static const char *help_targets =
    "usage: tasd targets [NAME]\n"
    "\n"
    "Lists the hardware targets (structured-sparse engines), their native N:M patterns, every\n"
    "series each runs, and a Table-2 view: for each effective pattern n:M, the series used.\n";

static void show_target(const tasd_target *t, int full) {
  printf("%s: %s\n", t->name, t->desc);
  printf("  block size M=%u, native N:", (unsigned)t->m);
  for (uint32_t i = 0; i < t->n_native; i++) printf(" %u:%u", (unsigned)t->native_n[i], (unsigned)t->m);
  printf(", at most %u term%s\n", (unsigned)t->max_terms, t->max_terms == 1 ? "" : "s");
  if (!full) return;
  size_t count = 0;
  tasd_target_series(t, NULL, 0, &count);
  tasd_series *all = count ? calloc(count, sizeof *all) : NULL;
  if (count && !all) cli_fail(CLI_EDATA, "targets", "out of memory");
  if (count) cli_check("targets", tasd_target_series(t, all, count, &count), "tasd_target_series");
  printf("  series (%zu):", count);
  for (size_t i = 0; i < count; i++) {
    char txt[128];
    tasd_series_format(&all[i], txt, sizeof txt);
    printf("%s%s", i ? ", " : " ", txt);
  }
  printf("\n  pattern view (effective n:%u -> series):\n", (unsigned)t->m);
  for (uint32_t n = 0; n <= t->m; n++) {
    tasd_series s;
    tasd_status st = tasd_target_pattern(t, n, &s);
    char txt[128];
    if (st == TASD_OK) tasd_series_format(&s, txt, sizeof txt);
    /* n == M keeps every element: the paper's Table 2 calls it "dense". */
    if (st == TASD_OK && n == t->m)
      printf("    %2u:%-3u dense (%s)\n", (unsigned)n, (unsigned)t->m, txt);
    else
      printf("    %2u:%-3u %s\n", (unsigned)n, (unsigned)t->m,
             st == TASD_OK ? txt : "- (not reachable)");
  }
  free(all);
}

static int cmd_targets(int argc, char **argv) {
  const char *pos[1];
  int np = cli_parse("targets", help_targets, argc, argv, NULL, pos, 1);
  if (np == 1) {
    const tasd_target *t;
    if (tasd_target_find(pos[0], &t) != TASD_OK) {
      fprintf(stderr, "tasd targets: unknown target '%s'; known:", pos[0]);
      for (size_t i = 0; i < tasd_target_count(); i++) fprintf(stderr, " %s", tasd_target_get(i)->name);
      fputc('\n', stderr);
      return CLI_EUSAGE;
    }
    show_target(t, 1);
    return CLI_OK;
  }
  for (size_t i = 0; i < tasd_target_count(); i++) {
    if (i) putchar('\n');
    show_target(tasd_target_get(i), 1);
  }
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* demo                                                                                        */
/* ------------------------------------------------------------------------------------------ */
static const char *help_demo =
    "usage: tasd demo [--seed N]\n"
    "\n"
    "Runs the model on built-in data: a 2x8 matrix with 10 non-zeros (sum 25) shaped like the\n"
    "paper's Figure 4 example (2:4 keeps 70%% of the non-zeros and 84%% of the magnitude, 3:4\n"
    "90%%/96%%, 2:4+2:8 is lossless), then a random int8 GEMM checked bit for bit against the\n"
    "dense product of the reconstructed operand. Exits 1 if any check fails.\n"
    "options:\n"
    "  --seed N   seed of the random GEMM operands (default 2024); the run prints it\n";

static int demo_fail = 0;
static void demo_check(int ok, const char *what) {
  printf("  check: %-58s %s\n", what, ok ? "ok" : "FAILED");
  if (!ok) demo_fail = 1;
}

static void print_mat(const char *label, const tasd_tensor *t) {
  size_t k = t->shape[t->ndim - 1], rows = tasd_tensor_numel(t) / (k ? k : 1);
  for (size_t r = 0; r < rows; r++) {
    printf("  %-10s [", r == 0 ? label : "");
    for (size_t e = 0; e < k; e++) printf("%s%3g", e ? " " : "", cli_get(t, r * k + e));
    printf(" ]\n");
  }
}

static int cmd_demo(int argc, char **argv) {
  const char *seed_s = NULL;
  cli_opt opts[] = {{"seed", 0, 1, &seed_s}, {NULL, 0, 0, NULL}};
  cli_parse("demo", help_demo, argc, argv, opts, NULL, 0);
  unsigned long long seed = 2024;
  if (seed_s) {
    char *end;
    errno = 0;
    seed = strtoull(seed_s, &end, 10);
    if (*end || end == seed_s || seed_s[0] == '-' || errno == ERANGE)
      cli_fail(CLI_EUSAGE, "demo", "bad --seed '%s' (need an integer >= 0)", seed_s);
  }
  static int8_t ex[16] = {3, 1, 5, 2, 0, 0, 4, 0, 2, 0, 1, 3, 0, 3, 0, 1};
  tasd_tensor a = {TASD_INT8, 2, {2, 8}, ex};
  printf("== The worked example: a 2x8 int8 matrix, 10 non-zeros, sum 25 ==\n");
  print_mat("A", &a);
  const char *ser[] = {"2:4", "3:4", "2:4+2:8", "4:8+1:8"};
  const double want_nnz[] = {70, 90, 100, -1}, want_mag[] = {84, 96, 100, -1};
  for (int i = 0; i < 4; i++) {
    tasd_series s;
    cli_series("demo", ser[i], &s);
    tasd_decomp d;
    cli_check("demo", tasd_decompose(&a, &s, &d), "tasd_decompose");
    tasd_stats st;
    cli_check("demo", tasd_stats_compute(&a, &s, NULL, &st), "tasd_stats_compute");
    printf("\n-- series %s --\n", ser[i]);
    for (uint32_t t = 0; t < d.series.nterms; t++) {
      char lbl[32];
      snprintf(lbl, sizeof lbl, "A%u %u:%u", (unsigned)t + 1, (unsigned)d.term[t].cfg.n, (unsigned)d.term[t].cfg.m);
      print_mat(lbl, &d.term[t].dense);
      printf("  %-10s", "slots");
      const int16_t *ix = d.term[t].indices.data;
      size_t ns = tasd_tensor_numel(&d.term[t].values);
      for (size_t q = 0; q < ns; q++) {
        if (q && d.term[t].cfg.n && q % d.term[t].cfg.n == 0) printf(" |");
        printf(" %g@%d", cli_get(&d.term[t].values, q), ix[q]);
      }
      printf("\n");
    }
    print_mat("residual", &d.residual);
    double kn = 100.0 - st.pct_nnz_dropped, km = 100.0 - st.pct_mag_dropped;
    printf("  kept %zu/%zu non-zeros (%.0f%%), magnitude %.0f/%.0f (%.0f%%); MACs %llu of %llu\n",
           st.nnz_kept, st.nnz, kn, st.mag_kept, st.mag_total, km,
           (unsigned long long)st.macs_tasd, (unsigned long long)st.macs_dense);
    if (want_nnz[i] >= 0) {
      char what[96];
      snprintf(what, sizeof what, "paper: %s keeps %.0f%% of non-zeros, %.0f%% of magnitude", ser[i], want_nnz[i], want_mag[i]);
      demo_check(fabs(kn - want_nnz[i]) < 1e-9 && fabs(km - want_mag[i]) < 1e-9, what);
    }
    tasd_tensor rec;
    cli_check("demo", tasd_reconstruct(&d, &rec), "tasd_reconstruct");
    int ok = 1;
    for (size_t e = 0; e < 16; e++)
      ok &= cli_get(&rec, e) + cli_get(&d.residual, e) == cli_get(&a, e);
    demo_check(ok, "sum of terms + residual == A");
    tasd_tensor_free(&rec);
    tasd_decomp_free(&d);
  }

  printf("\n== Random int8 GEMM: A [32x64] ~50%% dense, B [64x16] ==\n");
  printf("seed=%llu replay: tasd demo --seed %llu\n", seed, seed);
  cli_rng r;
  cli_rng_seed(&r, (uint64_t)seed);
  size_t sa[2] = {32, 64}, sb[2] = {64, 16};
  tasd_tensor ra, rb, c, cref, rec;
  cli_check("demo", tasd_tensor_alloc(&ra, TASD_INT8, 2, sa), "tasd_tensor_alloc");
  cli_check("demo", tasd_tensor_alloc(&rb, TASD_INT8, 2, sb), "tasd_tensor_alloc");
  for (size_t i = 0; i < 32 * 64; i++)
    if (cli_rng_unit(&r) < 0.5) ((int8_t *)ra.data)[i] = (int8_t)((int)cli_rng_below(&r, 255) - 127);
  for (size_t i = 0; i < 64 * 16; i++) ((int8_t *)rb.data)[i] = (int8_t)((int)cli_rng_below(&r, 256) - 128);
  const char *gser[] = {"4:8+1:8", "2:4", "2:8+2:16", "4:8+4:8"};
  for (int i = 0; i < 4; i++) {
    tasd_series s;
    cli_series("demo", gser[i], &s);
    tasd_decomp d;
    cli_check("demo", tasd_decompose(&ra, &s, &d), "tasd_decompose");
    cli_check("demo", tasd_reconstruct(&d, &rec), "tasd_reconstruct");
    cli_check("demo", tasd_gemm(&ra, &s, &rb, &c), "tasd_gemm");
    cli_check("demo", tasd_gemm_dense(&rec, &rb, &cref), "tasd_gemm_dense");
    tasd_stats st;
    cli_check("demo", tasd_stats_compute(&ra, &s, &rb, &st), "tasd_stats_compute");
    int same = !memcmp(c.data, cref.data, 32 * 16 * sizeof(int32_t));
    printf("-- %s: dropped %.2f%% of non-zeros, %.2f%% of magnitude; MACs %llu of %llu (-%.1f%%); "
           "rel. error %.4f\n",
           gser[i], st.pct_nnz_dropped, st.pct_mag_dropped, (unsigned long long)st.macs_tasd,
           (unsigned long long)st.macs_dense,
           100.0 * (1.0 - (double)st.macs_tasd / (double)st.macs_dense), st.rel_error);
    demo_check(same, "sum_t A_t x B == (sum_t A_t) x B, bit for bit");
    if (s.nterms == 2 && s.term[0].n + s.term[1].n == 8 && s.term[0].m == 8 && s.term[1].m == 8) {
      tasd_tensor cd;
      cli_check("demo", tasd_gemm_dense(&ra, &rb, &cd), "tasd_gemm_dense");
      demo_check(!memcmp(c.data, cd.data, 32 * 16 * sizeof(int32_t)) && st.rel_error == 0.0,
                 "a series covering every element is exact (== A x B)");
      tasd_tensor_free(&cd);
    }
    tasd_tensor_free(&c);
    tasd_tensor_free(&cref);
    tasd_tensor_free(&rec);
    tasd_decomp_free(&d);
  }
  printf("\n== Targets ==\n");
  for (size_t i = 0; i < tasd_target_count(); i++) show_target(tasd_target_get(i), 0);
  tasd_tensor_free(&ra);
  tasd_tensor_free(&rb);
  printf("\ndemo: %s\n", demo_fail ? "SOME CHECKS FAILED" : "all checks passed");
  return demo_fail ? CLI_EDATA : CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* info                                                                                        */
/* ------------------------------------------------------------------------------------------ */
static const char *help_info =
    "usage: tasd info FILE.npy...\n"
    "\n"
    "Prints, per file, 'name: value' lines: file, dtype, shape, numel, nnz, density, min, max.\n";

static int cmd_info(int argc, char **argv) {
  const char *pos[64];
  int np = cli_parse("info", help_info, argc, argv, NULL, pos, 64);
  if (np == 0) cli_fail(CLI_EUSAGE, "info", "missing FILE.npy");
  for (int f = 0; f < np; f++) {
    tasd_tensor t;
    cli_load("info", pos[f], &t);
    size_t n = tasd_tensor_numel(&t), nnz = 0;
    double lo = n ? cli_get(&t, 0) : 0.0, hi = lo;
    for (size_t i = 0; i < n; i++) {
      double v = cli_get(&t, i);
      nnz += v != 0.0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    char sh[160];
    size_t k = (size_t)snprintf(sh, sizeof sh, "(");
    for (uint32_t d = 0; d < t.ndim && k < sizeof sh; d++)
      k += (size_t)snprintf(sh + k, sizeof sh - k, d ? ", %zu" : "%zu", t.shape[d]);
    if (k < sizeof sh) snprintf(sh + k, sizeof sh - k, "%s)", t.ndim == 1 ? "," : "");
    if (f) putchar('\n');
    printf("file: %s\ndtype: %s\nshape: %s\nnumel: %zu\nnnz: %zu\ndensity: %.6f\nmin: %.10g\n"
           "max: %.10g\n", pos[f], tasd_dtype_name(t.dtype), sh, n, nnz,
           n ? (double)nnz / (double)n : 0.0, lo, hi);
    tasd_tensor_free(&t);
  }
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* random                                                                                      */
/* ------------------------------------------------------------------------------------------ */
static const char *help_random =
    "usage: tasd random --shape D0xD1x.. -o OUT.npy [--dtype T] [--density P] [--seed N]\n"
    "\n"
    "Writes a random tensor: each element is non-zero with probability P; non-zeros are\n"
    "uniform over the dtype's range (int8, int16, int32; a drawn 0 becomes the most negative\n"
    "value, so -128 is twice as likely) or normal(0, 1) (float32).\n"
    "The same seed gives the same file.\n"
    "options:\n"
    "  --shape S        e.g. 16x64 or 2x3x40 (rank 1..8)\n"
    "  -o, --out FILE   output .npy\n"
    "  --dtype T        int8 (default), int16, int32, float32\n"
    "  --density P      0..1 (default 0.5)\n"
    "  --seed N         default 1\n";

static int cmd_random(int argc, char **argv) {
  const char *shape_s = NULL, *out = NULL, *dtype_s = "int8", *dens_s = "0.5", *seed_s = "1";
  cli_opt opts[] = {{"shape", 0, 1, &shape_s}, {"out", 'o', 1, &out}, {"dtype", 0, 1, &dtype_s},
                    {"density", 0, 1, &dens_s},  {"seed", 0, 1, &seed_s}, {NULL, 0, 0, NULL}};
  cli_parse("random", help_random, argc, argv, opts, NULL, 0);
  if (!shape_s) cli_fail(CLI_EUSAGE, "random", "missing --shape");
  if (!out) cli_fail(CLI_EUSAGE, "random", "missing -o OUT.npy");
  size_t shape[TASD_MAX_DIMS];
  uint32_t nd = 0;
  const char *p = shape_s;
  for (;;) {
    char *end;
    if (*p < '0' || *p > '9') cli_fail(CLI_EUSAGE, "random", "bad --shape '%s' (want e.g. 16x64)", shape_s);
    unsigned long long v = strtoull(p, &end, 10);
    if (nd == TASD_MAX_DIMS) cli_fail(CLI_EUSAGE, "random", "--shape '%s': rank above %d", shape_s, TASD_MAX_DIMS);
    if (v > (1ull << 32)) cli_fail(CLI_EUSAGE, "random", "--shape '%s': dimension too large", shape_s);
    shape[nd++] = (size_t)v;
    if (*end == '\0') break;
    if (*end != 'x' && *end != ',') cli_fail(CLI_EUSAGE, "random", "bad --shape '%s' (want e.g. 16x64)", shape_s);
    p = end + 1;
  }
  tasd_dtype dt;
  if (!strcmp(dtype_s, "int8")) dt = TASD_INT8;
  else if (!strcmp(dtype_s, "int16")) dt = TASD_INT16;
  else if (!strcmp(dtype_s, "int32")) dt = TASD_INT32;
  else if (!strcmp(dtype_s, "float32")) dt = TASD_FLOAT32;
  else cli_fail(CLI_EUSAGE, "random", "unknown --dtype '%s' (int8, int16, int32, float32)", dtype_s);
  char *end;
  double dens = strtod(dens_s, &end);
  if (*end || end == dens_s || !(dens >= 0.0 && dens <= 1.0))
    cli_fail(CLI_EUSAGE, "random", "--density must be a number in 0..1, got '%s'", dens_s);
  unsigned long long seed = strtoull(seed_s, &end, 10);
  if (*end || end == seed_s || seed_s[0] == '-') cli_fail(CLI_EUSAGE, "random", "bad --seed '%s'", seed_s);
  tasd_tensor t;
  tasd_status st = tasd_tensor_alloc(&t, dt, nd, shape);
  if (st != TASD_OK) cli_fail(CLI_EDATA, "random", "cannot allocate shape '%s': %s", shape_s, tasd_strerror(st));
  cli_rng r;
  cli_rng_seed(&r, seed);
  size_t n = tasd_tensor_numel(&t);
  for (size_t i = 0; i < n; i++) {
    if (!(cli_rng_unit(&r) < dens)) continue;
    switch (dt) {
      case TASD_INT8: ((int8_t *)t.data)[i] = (int8_t)((int)cli_rng_below(&r, 255) - 127); break;
      case TASD_INT16: ((int16_t *)t.data)[i] = (int16_t)((int32_t)cli_rng_below(&r, 65535) - 32767); break;
      case TASD_INT32: ((int32_t *)t.data)[i] = (int32_t)(uint32_t)(cli_rng_next(&r) | 1u); break;
      case TASD_FLOAT32: {
        float x;
        do x = (float)cli_rng_normal(&r); while (x == 0.0f);
        ((float *)t.data)[i] = x;
        break;
      }
      case TASD_UINT8: break; /* not offered by --dtype */
    }
    if (dt == TASD_INT8 && ((int8_t *)t.data)[i] == 0) ((int8_t *)t.data)[i] = -128;
    if (dt == TASD_INT16 && ((int16_t *)t.data)[i] == 0) ((int16_t *)t.data)[i] = -32768;
  }
  cli_save("random", out, &t);
  tasd_tensor_free(&t);
  return CLI_OK;
}

/* ------------------------------------------------------------------------------------------ */
int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(help_main, stderr);
    return CLI_EUSAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    if (!strcmp(cmd, "help") && argc > 2) {
      char *h[] = {(char *)"--help"};
      argv[1] = argv[2];
      argv[2] = h[0];
      argc = 3;
      cmd = argv[1];
    } else {
      fputs(help_main, stdout);
      return CLI_OK;
    }
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"decompose", cmd_decompose}, {"verify", cmd_verify}, {"stats", cmd_stats},
              {"gemm", cmd_gemm},           {"targets", cmd_targets}, {"demo", cmd_demo},
              {"sweep", cmd_sweep},         {"random", cmd_random}, {"info", cmd_info},
              {"select", cmd_select}};
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(cmd, cmds[i].name)) return cmds[i].fn(argc - 2, argv + 2);
  cli_fail(CLI_EUSAGE, NULL, "unknown command '%s' (commands: decompose, verify, stats, gemm, "
           "targets, demo, sweep, random, info, select)", cmd);
}
