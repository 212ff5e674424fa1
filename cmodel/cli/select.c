/* SPDX-License-Identifier: Apache-2.0 */
/* tasd select: TASDER config selection from the command line (TASD-A pick, TASD-W searches). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *help_select =
    "usage: tasd select --target T --act A.npy... [--alpha A] [--pseudo-density P]\n"
    "       tasd select --target T --weights W.npy... [--b B.npy...] [--threshold Q]\n"
    "       tasd select --target T --network W.npy... [--b B.npy...] [--threshold Q]\n"
    "\n"
    "TASDER config selection for a hardware target (see 'tasd targets'). One file per layer.\n"
    "  --act      TASD-A: per activation sample, the most aggressive series of the target\n"
    "             whose sparsity 1 - density is <= measured sparsity + alpha (+1e-9); none:\n"
    "             dense. With --pseudo-density P the measure is 1 - pseudo-density(P).\n"
    "  --weights  TASD-W layer-wise greedy: (layer, series) pairs by %% dropped non-zeros,\n"
    "             applied while quality >= Q x original quality; stops at the first miss.\n"
    "  --network  TASD-W network-wise: the one series for all layers with the fewest MACs\n"
    "             whose quality is >= Q x original.\n"
    "Quality (weights/network): mean over layers of 1 - rel_error (layers with a B) or the\n"
    "kept magnitude share (layers without). Output: one 'name: value' line per item.\n"
    "options:\n"
    "  -t, --target T          hardware target, e.g. TTC-VEGETA-M8\n"
    "  --alpha A               aggressiveness, -1..1 (default 0; --act only)\n"
    "  --pseudo-density P      share of the total magnitude to keep, 0 < P <= 1 (--act only)\n"
    "  --b B.npy...            an activation sample [k, n] per weight layer, in layer order;\n"
    "                          'none' for a layer without one\n"
    "  --threshold Q           0..1 (default 0.99; --weights/--network only)\n";

static double num_arg(const char *name, const char *txt, double lo, double hi, int lo_open) {
  char *end;
  double v = strtod(txt, &end);
  if (end == txt || *end || !isfinite(v) || v > hi || v < lo || (lo_open && v == lo))
    cli_fail(CLI_EUSAGE, "select", "%s must be a number in %s%g, %g], got '%s'", name,
             lo_open ? "(" : "[", lo, hi, txt);
  return v;
}

static void shape_of(const tasd_tensor *t, char *buf, size_t len) {
  size_t n = (size_t)snprintf(buf, len, "[");
  for (uint32_t d = 0; d < t->ndim && n < len; d++)
    n += (size_t)snprintf(buf + n, len - n, d ? ", %zu" : "%zu", t->shape[d]);
  if (n < len) snprintf(buf + n, len - n, "]");
}

static void series_txt(const tasd_series *s, char *buf, size_t len) {
  if (tasd_series_format(s, buf, len) != TASD_OK) snprintf(buf, len, "?");
}

int cmd_select(int argc, char **argv) {
  const char *target = NULL, *alpha_s = NULL, *pd_s = NULL, *thr_s = NULL, *mode = NULL;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  const char **bfiles = calloc((size_t)argc + 1, sizeof *bfiles);
  if (!files || !bfiles) cli_fail(CLI_EDATA, "select", "out of memory");
  int nfiles = 0, nb = 0, has_b = 0;
  const char ***list = NULL; /* list option collecting the following arguments */
  int *list_n = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(help_select, stdout);
      exit(CLI_OK);
    }
    if (a[0] != '-' || a[1] == '\0') {
      if (!list) cli_fail(CLI_EUSAGE, "select", "unexpected argument '%s'", a);
      (*list)[(*list_n)++] = a;
      continue;
    }
    list = NULL;
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a) : strlen(a);
    const char **val = NULL;
    if (len == 2 && !strncmp(a, "-t", 2)) val = &target;
    else if (len == 8 && !strncmp(a, "--target", 8)) val = &target;
    else if (len == 7 && !strncmp(a, "--alpha", 7)) val = &alpha_s;
    else if (len == 16 && !strncmp(a, "--pseudo-density", 16)) val = &pd_s;
    else if (len == 11 && !strncmp(a, "--threshold", 11)) val = &thr_s;
    if (val) {
      if (eq) *val = eq + 1;
      else if (i + 1 < argc) *val = argv[++i];
      else cli_fail(CLI_EUSAGE, "select", "option '%s' needs a value", a);
      continue;
    }
    if (eq) cli_fail(CLI_EUSAGE, "select", "unknown option '%.*s'", (int)len, a);
    if (!strcmp(a, "--act") || !strcmp(a, "--weights") || !strcmp(a, "--network")) {
      if (mode && strcmp(mode, a + 2))
        cli_fail(CLI_EUSAGE, "select", "give one of --act, --weights, --network (got --%s and %s)",
                 mode, a);
      mode = a + 2;
      list = &files;
      list_n = &nfiles;
      continue;
    }
    if (!strcmp(a, "--b")) {
      has_b = 1;
      list = &bfiles;
      list_n = &nb;
      continue;
    }
    cli_fail(CLI_EUSAGE, "select", "unknown option '%s'", a);
  }
  if (!target) cli_fail(CLI_EUSAGE, "select", "missing --target");
  if (!mode) cli_fail(CLI_EUSAGE, "select", "missing mode: give --act, --weights or --network");
  if (nfiles == 0) cli_fail(CLI_EUSAGE, "select", "--%s needs at least one .npy file", mode);
  const tasd_target *t;
  if (tasd_target_find(target, &t) != TASD_OK) {
    char known[256] = "";
    for (size_t i = 0; i < tasd_target_count(); i++) {
      strncat(known, " ", sizeof known - strlen(known) - 1);
      strncat(known, tasd_target_get(i)->name, sizeof known - strlen(known) - 1);
    }
    cli_fail(CLI_EUSAGE, "select", "unknown target '%s'; known:%s", target, known);
  }
  int act = !strcmp(mode, "act");
  if (act && (has_b || thr_s))
    cli_fail(CLI_EUSAGE, "select", "%s applies to --weights/--network, not --act",
             has_b ? "--b" : "--threshold");
  if (!act && (alpha_s || pd_s))
    cli_fail(CLI_EUSAGE, "select", "%s applies to --act, not --%s",
             alpha_s ? "--alpha" : "--pseudo-density", mode);
  if (has_b && nb != nfiles)
    cli_fail(CLI_EUSAGE, "select", "--b gives %d file(s) for %d layer(s) (one per layer, 'none' to skip)",
             nb, nfiles);

  printf("mode: %s\ntarget: %s\nlayers: %d\n", mode, t->name, nfiles);
  if (act) {
    double alpha = alpha_s ? num_arg("--alpha", alpha_s, -1.0, 1.0, 0) : 0.0;
    double share = pd_s ? num_arg("--pseudo-density", pd_s, 0.0, 1.0, 1) : 0.0;
    printf("alpha: %g\n", alpha);
    if (pd_s) printf("measure: 1 - pseudo_density(%g)\n", share);
    else printf("measure: sparsity\n");
    for (int f = 0; f < nfiles; f++) {
      tasd_tensor a;
      cli_load("select", files[f], &a);
      double sp = 0.0, pd = 0.0;
      tasd_status st = tasd_tasder_sparsity(&a, &sp);
      if (st == TASD_OK && pd_s) st = tasd_tasder_pseudo_density(&a, share, &pd);
      if (st == TASD_ERR_SHAPE) cli_fail(CLI_EDATA, "select", "%s: empty tensor (no elements to measure)", files[f]);
      if (st == TASD_ERR_DTYPE) cli_fail(CLI_EDATA, "select", "%s: activations are %s; the measures take int8, int16, int32 or float32", files[f], tasd_dtype_name(a.dtype));
      if (st != TASD_OK) cli_fail(CLI_EDATA, "select", "%s: %s", files[f], tasd_strerror(st));
      double measure = pd_s ? 1.0 - pd : sp;
      tasd_series s;
      int fb = 0;
      cli_check("select", tasd_tasder_pick_act(t, measure, alpha, &s, &fb), "tasd_tasder_pick_act");
      char sh[160], txt[128];
      shape_of(&a, sh, sizeof sh);
      series_txt(&s, txt, sizeof txt);
      printf("layer%d.file: %s\nlayer%d.shape: %s\nlayer%d.sparsity: %.6f\n", f, files[f], f, sh,
             f, sp);
      if (pd_s) printf("layer%d.pseudo_density: %.6f\n", f, pd);
      printf("layer%d.target_sparsity: %.6f\nlayer%d.series: %s\nlayer%d.approx_sparsity: %.6f\n"
             "layer%d.fallback: %d\n", f, measure + alpha, f, txt, f,
             1.0 - tasd_series_density(&s), f, fb);
      tasd_tensor_free(&a);
    }
    free(files);
    free(bfiles);
    return CLI_OK;
  }

  double thr = thr_s ? num_arg("--threshold", thr_s, 0.0, 1.0, 0) : 0.99;
  tasd_tensor *w = calloc((size_t)nfiles, sizeof *w), *b = calloc((size_t)nfiles, sizeof *b);
  tasd_tasder_layer *L = calloc((size_t)nfiles, sizeof *L);
  tasd_tasder_choice *c = calloc((size_t)nfiles, sizeof *c);
  if (!w || !b || !L || !c) cli_fail(CLI_EDATA, "select", "out of memory");
  for (int f = 0; f < nfiles; f++) {
    cli_load("select", files[f], &w[f]);
    if (w[f].dtype == TASD_INT32 || w[f].dtype == TASD_UINT8)
      cli_fail(CLI_EDATA, "select", "%s: weights are %s; decomposition takes int8, int16 or float32", files[f], tasd_dtype_name(w[f].dtype));
    if (w[f].ndim >= TASD_MAX_DIMS)
      cli_fail(CLI_EDATA, "select", "%s: rank %u; decomposition takes rank 1..7", files[f], (unsigned)w[f].ndim);
    L[f].name = files[f];
    L[f].w = &w[f];
    if (has_b && strcmp(bfiles[f], "none")) {
      cli_load("select", bfiles[f], &b[f]);
      if (w[f].ndim != 2)
        cli_fail(CLI_EDATA, "select", "shape mismatch: layer %d: W %s must be 2-D to use a B, has rank %u", f, files[f], (unsigned)w[f].ndim);
      if (b[f].ndim != 2 || b[f].shape[0] != w[f].shape[1])
        cli_fail(CLI_EDATA, "select", "shape mismatch: layer %d: W %s is [%zu, %zu] but B %s is not [%zu, n]", f, files[f], w[f].shape[0], w[f].shape[1], bfiles[f], w[f].shape[1]);
      if (b[f].dtype != w[f].dtype)
        cli_fail(CLI_EDATA, "select", "dtype mismatch: layer %d: W %s is %s, B %s is %s", f, files[f], tasd_dtype_name(w[f].dtype), bfiles[f], tasd_dtype_name(b[f].dtype));
      L[f].b = &b[f];
    }
  }
  tasd_tasder_cache cache;
  memset(&cache, 0, sizeof cache);
  tasd_tasder_summary sm;
  tasd_status st = !strcmp(mode, "weights")
                       ? tasd_tasder_layerwise(t, L, (size_t)nfiles, tasd_tasder_quality_default, &cache, thr, c, &sm)
                       : tasd_tasder_networkwise(t, L, (size_t)nfiles, tasd_tasder_quality_default, &cache, thr, c, &sm);
  if (st == TASD_ERR_NAN) {
    for (int f = 0; f < nfiles; f++) {
      double x;
      if (tasd_tasder_sparsity(&w[f], &x) == TASD_ERR_NAN) cli_fail(CLI_EDATA, "select", "%s: holds NaN or Inf", files[f]);
      if (L[f].b && tasd_tasder_sparsity(&b[f], &x) == TASD_ERR_NAN) cli_fail(CLI_EDATA, "select", "%s: holds NaN or Inf", bfiles[f]);
    }
  }
  if (st != TASD_OK) cli_fail(CLI_EDATA, "select", "search failed: %s", tasd_strerror(st));
  printf("threshold: %g\n", thr);
  for (int f = 0; f < nfiles; f++) {
    char sh[160], txt[128];
    double sp = 0.0;
    tasd_tasder_sparsity(&w[f], &sp);
    shape_of(&w[f], sh, sizeof sh);
    series_txt(&c[f].series, txt, sizeof txt);
    printf("layer%d.file: %s\nlayer%d.b: %s\nlayer%d.shape: %s\nlayer%d.sparsity: %.6f\n"
           "layer%d.series: %s\nlayer%d.pct_nnz_dropped: %.4f\nlayer%d.pct_mag_dropped: %.4f\n"
           "layer%d.macs_dense: %llu\nlayer%d.macs_tasd: %llu\n",
           f, files[f], f, L[f].b ? bfiles[f] : "none", f, sh, f, sp, f, txt, f,
           c[f].pct_nnz_dropped, f, c[f].pct_mag_dropped, f,
           (unsigned long long)c[f].macs_dense, f, (unsigned long long)c[f].macs_tasd);
  }
  printf("quality_orig: %.10g\nquality: %.10g\nmacs_dense: %llu\nmacs_tasd: %llu\n"
         "mac_reduction: %.6f\npairs: %zu\nevaluations: %zu\napplied: %zu\n",
         sm.quality_orig, sm.quality, (unsigned long long)sm.macs_dense,
         (unsigned long long)sm.macs_tasd, sm.mac_reduction, sm.pairs, sm.evaluations, sm.applied);
  tasd_tasder_cache_free(&cache);
  for (int f = 0; f < nfiles; f++) {
    tasd_tensor_free(&w[f]);
    tasd_tensor_free(&b[f]);
  }
  free(w);
  free(b);
  free(L);
  free(c);
  free(files);
  free(bfiles);
  return CLI_OK;
}
