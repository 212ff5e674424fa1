/* SPDX-License-Identifier: Apache-2.0 */
/* Tile job files for tests: writes random legal jobs (or a deliberately bad file), and checks a result.npz against the C model. */
/*
 * Usage:
 *   tile_jobgen gen OUT.npz R,C,M,L,T,KBM,PS,SEQ SEED [NJOBS] [BAD]
 *       random legal jobs for a tile with those parameters (docs/tile.md "Job files"): series
 *       of native N at random term positions (job 0 uses every term), output series, ReLU,
 *       shift, column and row biases (extremes that wrap included), rtiles up to 3 (job 0: >= 2),
 *       A decomposed from random dense rows (tasd_tile_a_from_dense), K with a tail.
 *       BAD makes the file wrong in one way (the harness must refuse it):
 *         missing  drops the last job's first A index array
 *         params   rows in params one more than the tile's
 *         cfg      job 1 (or 0) gets a_n = 3 (not native; the RTL must raise err_o)
 *         port     job 0's shift is 40 (does not fit cfg_shift_i)
 *         dtype    j0.b stored as int16
 *         shape    j0.col_bias one entry short
 *         index    j0's first A index is m (outside the block)
 *   tile_jobgen check JOBS.npz RESULT.npz [BB,MP]
 *       recomputes every legal job with tasd_tile_run / tasd_tile_cycles and compares every
 *       array of RESULT.npz (dtype, shape, values; perf: b_fills 1, psum_wb 0, harness cycles =
 *       perf_cycles >= model); illegal jobs must have no arrays. BB,MP: the build's BBanks and
 *       MulPipe (`Vtile timing`; not in job files, they change timing only; default: the C
 *       model's defaults). Exit 0 equal, 1 not, 2 bad use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tile_jobs.h"

static uint64_t g_rng;
static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (g_rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static uint32_t below(uint32_t n) { return n ? (uint32_t)(rnd() % n) : 0; }

static int8_t rand_i8(uint32_t zero_pct) {
  if (below(100) < zero_pct) return 0;
  switch (below(16)) {
  case 0: return -128;
  case 1: return 127;
  default: return (int8_t)((int)below(256) - 128);
  }
}

static int32_t rand_bias(uint32_t shift) {
  switch (below(10)) {
  case 0: return 0;
  case 1: return INT32_MAX - (int32_t)below(1u << 16);
  case 2: return INT32_MIN + (int32_t)below(1u << 16);
  default: {
    const uint32_t sh = shift + 8 > 30 ? 30 : shift + 8;
    const uint32_t span = 1u << sh;
    return (int32_t)below(2 * span) - (int32_t)span;
  }
  }
}

static int parse_params(const char *s, tasd_tile_params *p) {
  unsigned v[8];
  if (sscanf(s, "%u,%u,%u,%u,%u,%u,%u,%u", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
    return 0;
  tasd_tile_params_default(p); /* b_banks: not in the job file (it changes timing only) */
  p->rows = v[0];
  p->cols = v[1];
  p->m = v[2];
  p->lanes = v[3];
  p->max_terms = v[4];
  p->kblocks_max = v[5];
  p->pipe_stages = v[6];
  p->drain_seq = v[7];
  return tasd_tile_params_check(p) == TASD_OK;
}

/* One random legal job; all = 1: every term of the tile in use, rtiles >= 2. */
static tasd_status make_job(const tasd_tile_params *p, tile_job *jb, int all) {
  tasd_tile_cfg *c = &jb->cfg;
  memset(jb, 0, sizeof(*jb));
  uint32_t nat[4], nn = 0;
  for (uint32_t n = 1; n <= p->m / 2; n *= 2) nat[nn++] = n;
  do {
    memset(c->a_n, 0, sizeof c->a_n);
    uint32_t sum = 0, any = 0;
    for (uint32_t t = 0; t < p->max_terms; t++) {
      if (!all && below(3) == 0) continue;
      const uint32_t n = nat[below(nn)];
      if (sum + n > p->m) continue;
      c->a_n[t] = (uint16_t)n;
      sum += n;
      any++;
    }
    if (any && (!all || any == p->max_terms)) break;
  } while (1);
  c->kblocks = 1 + below(p->kblocks_max < 6 ? p->kblocks_max : 6);
  c->rtiles = all ? 2 + below(2) : 1 + below(3);
  c->relu = below(2);
  c->shift = below(5) == 0 ? below(32) : 2 + below(10);
  uint32_t left = p->m; /* output series: each N <= m/2 (the drain's lean units), sum <= m */
  for (uint32_t t = 0; t < p->max_terms; t++) {
    const uint32_t cap = left < p->m / 2 ? left : p->m / 2;
    c->out_n[t] = (uint16_t)(all && t == 0 ? 1 + below(cap) : below(cap + 1));
    left -= c->out_n[t];
  }
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  jb->cfg_status = TASD_OK;

  const size_t nrows = (size_t)c->rtiles * p->rows, kp = (size_t)c->kblocks * p->m;
  const size_t a_rows = nrows - below(p->rows); /* zero rows at the end now and then */
  const size_t k = kp - below(p->m);            /* and a K tail */
  int8_t *a = (int8_t *)malloc(a_rows * k + 1);
  jb->b = (int8_t *)calloc(kp * p->cols, 1);
  jb->col_bias = (int32_t *)malloc(p->cols * sizeof(int32_t));
  jb->row_bias = (int32_t *)malloc(nrows * sizeof(int32_t));
  if (!a || !jb->b || !jb->col_bias || !jb->row_bias) {
    free(a);
    return TASD_ERR_NOMEM;
  }
  const uint32_t zp = below(70);
  for (size_t i = 0; i < a_rows * k; i++) a[i] = rand_i8(zp);
  for (size_t i = 0; i < k * p->cols; i++) jb->b[i] = rand_i8(10);
  for (uint32_t i = 0; i < p->cols; i++) jb->col_bias[i] = rand_bias(c->shift);
  for (size_t i = 0; i < nrows; i++) jb->row_bias[i] = rand_bias(c->shift);
  st = tasd_tile_a_from_dense(p, c, a, a_rows, k, 0, &jb->a);
  free(a);
  jb->a.row_bias = jb->row_bias;
  c->col_bias = jb->col_bias;
  return st;
}

/* Rewrites path with one array dropped (drop) or replaced (name, *repl). */
static int rewrite(const char *path, const char *drop, const char *name, tasd_tensor *repl) {
  tasd_npz z;
  char err[512];
  if (tasd_npz_load(path, &z, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    return 0;
  }
  const char **names = (const char **)malloc(z.count * sizeof(char *));
  tasd_tensor *arr = (tasd_tensor *)malloc(z.count * sizeof(tasd_tensor));
  size_t n = 0, hit = 0;
  for (size_t i = 0; names && arr && i < z.count; i++) {
    if (drop && !strcmp(z.names[i], drop)) {
      hit++;
      continue;
    }
    names[n] = z.names[i];
    arr[n] = z.arrays[i];
    if (name && !strcmp(z.names[i], name)) {
      arr[n] = *repl;
      hit++;
    }
    n++;
  }
  int ok = names && arr && hit == 1 &&
           tasd_npz_save(path, (const char *const *)names, arr, n, err, sizeof err) == TASD_OK;
  if (!ok) fprintf(stderr, "tile_jobgen: cannot rewrite %s (%s)\n", path, hit == 1 ? err : "no such array");
  free(names);
  free(arr);
  tasd_npz_free(&z);
  return ok;
}

static const tasd_tensor *find(const tasd_npz *z, const char *name) { return tasd_npz_find(z, name); }

static int make_bad(const char *path, const tile_jobfile *jf, const char *bad) {
  const tasd_tile_params *p = &jf->params;
  const tile_job *j0 = &jf->jobs[0];
  uint32_t t0 = 0;
  while (j0->cfg.a_n[t0] == 0) t0++;
  char name[64];
  tasd_npz z;
  char err[512];
  if (tasd_npz_load(path, &z, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    return 0;
  }
  tasd_tensor t;
  memset(&t, 0, sizeof t);
  int ok = 0;
  if (!strcmp(bad, "missing")) {
    const uint32_t jl = jf->njobs - 1;
    uint32_t tl = 0;
    while (jf->jobs[jl].cfg.a_n[tl] == 0) tl++;
    snprintf(name, sizeof name, "j%u.a%u.idx", jl, tl);
    ok = rewrite(path, name, NULL, NULL);
  } else if (!strcmp(bad, "params") || !strcmp(bad, "cfg") || !strcmp(bad, "port")) {
    const uint32_t jc = jf->njobs > 1 ? 1 : 0;
    if (!strcmp(bad, "params")) snprintf(name, sizeof name, "params");
    else snprintf(name, sizeof name, "j%u.cfg", !strcmp(bad, "cfg") ? jc : 0);
    const tasd_tensor *src = find(&z, name);
    if (src && tasd_tensor_alloc(&t, TASD_INT32, 1, src->shape) == TASD_OK) {
      memcpy(t.data, src->data, src->shape[0] * sizeof(int32_t));
      int32_t *v = (int32_t *)t.data;
      if (!strcmp(bad, "params")) {
        v[0] += 1;
      } else if (!strcmp(bad, "port")) {
        v[3] = 40;
      } else {
        uint32_t tc = 0;
        while (jf->jobs[jc].cfg.a_n[tc] == 0) tc++;
        v[4 + tc] = 3;
      }
      ok = rewrite(path, NULL, name, &t);
    }
  } else if (!strcmp(bad, "dtype")) {
    const size_t sb[2] = {(size_t)j0->cfg.kblocks * p->m, p->cols};
    if (tasd_tensor_alloc(&t, TASD_INT16, 2, sb) == TASD_OK) {
      for (size_t i = 0; i < sb[0] * sb[1]; i++) ((int16_t *)t.data)[i] = j0->b[i];
      ok = rewrite(path, NULL, "j0.b", &t);
    }
  } else if (!strcmp(bad, "shape")) {
    const size_t sc[1] = {p->cols - 1};
    if (tasd_tensor_alloc(&t, TASD_INT32, 1, sc) == TASD_OK) {
      memcpy(t.data, j0->col_bias, sc[0] * sizeof(int32_t));
      ok = rewrite(path, NULL, "j0.col_bias", &t);
    }
  } else if (!strcmp(bad, "index")) {
    snprintf(name, sizeof name, "j0.a%u.idx", t0);
    const tasd_tensor *src = find(&z, name);
    if (src && tasd_tensor_alloc(&t, TASD_INT16, src->ndim, src->shape) == TASD_OK) {
      memcpy(t.data, src->data, tasd_tensor_numel(src) * sizeof(int16_t));
      ((int16_t *)t.data)[0] = (int16_t)p->m;
      ok = rewrite(path, NULL, name, &t);
    }
  } else {
    fprintf(stderr, "tile_jobgen: unknown BAD kind '%s'\n", bad);
  }
  tasd_tensor_free(&t);
  tasd_npz_free(&z);
  return ok;
}

static int cmd_gen(int argc, char **argv) {
  if (argc < 5) return 2;
  const char *path = argv[2];
  tasd_tile_params p;
  if (!parse_params(argv[3], &p)) {
    fprintf(stderr, "tile_jobgen: bad parameters '%s' (R,C,M,L,T,KBM,PS,SEQ)\n", argv[3]);
    return 2;
  }
  g_rng = strtoull(argv[4], NULL, 10) * 0x2545F4914F6CDD1Dull + 77;
  const long nj = argc > 5 ? strtol(argv[5], NULL, 10) : 6;
  const char *bad = argc > 6 ? argv[6] : NULL;
  if (nj < 1 || nj > 10000) return 2;
  tile_jobfile jf;
  memset(&jf, 0, sizeof jf);
  jf.params = p;
  jf.njobs = (uint32_t)nj;
  jf.jobs = (tile_job *)calloc((size_t)nj, sizeof(tile_job));
  if (!jf.jobs) return 2;
  for (uint32_t j = 0; j < jf.njobs; j++) {
    tasd_status st = make_job(&p, &jf.jobs[j], j == 0);
    if (st != TASD_OK) {
      fprintf(stderr, "tile_jobgen: job %u: %s\n", j, tasd_strerror(st));
      tile_jobs_free(&jf);
      return 2;
    }
  }
  char err[512];
  tasd_status st = tile_jobs_save(path, &jf, err, sizeof err);
  int rc = 0;
  if (st != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    rc = 2;
  } else if (bad && !make_bad(path, &jf, bad)) {
    rc = 2;
  } else {
    uint32_t rows = 0;
    for (uint32_t j = 0; j < jf.njobs; j++) rows += jf.jobs[j].cfg.rtiles * p.rows;
    printf("tile_jobgen: %s: %u jobs, %u output rows%s%s\n", path, jf.njobs, rows,
           bad ? ", made bad: " : "", bad ? bad : "");
  }
  tile_jobs_free(&jf);
  return rc;
}

static int g_bad;
static void bad_at(const char *fmt, const char *a, size_t i, long got, long want) {
  if (g_bad++ < 10) {
    fprintf(stdout, "check: ");
    fprintf(stdout, fmt, a, i, got, want);
    fputc('\n', stdout);
  }
}

static const tasd_tensor *want_arr(const tasd_npz *z, const char *name, tasd_dtype dt,
                                   uint32_t ndim, const size_t *shape) {
  const tasd_tensor *t = tasd_npz_find(z, name);
  int ok = t && t->dtype == dt && t->ndim == ndim;
  for (uint32_t d = 0; ok && d < ndim; d++) ok = t->shape[d] == shape[d];
  if (!ok) {
    printf("check: result array '%s' %s\n", name, t ? "has the wrong dtype or shape" : "is missing");
    g_bad++;
    return NULL;
  }
  return t;
}

static int cmd_check(int argc, char **argv) {
  if (argc < 4) return 2;
  char err[512];
  tasd_npz zj, zr;
  if (tasd_npz_load(argv[2], &zj, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    return 2;
  }
  const tasd_tensor *pt = tasd_npz_find(&zj, "params");
  tasd_tile_params p;
  memset(&p, 0, sizeof p);
  tasd_tile_params_default(&p); /* b_banks: not in the job file (it changes timing only) */
  if (pt && pt->dtype == TASD_INT32 && pt->ndim == 1 && pt->shape[0] == 8) {
    const int32_t *v = (const int32_t *)pt->data;
    p.rows = (uint32_t)v[0];
    p.cols = (uint32_t)v[1];
    p.m = (uint32_t)v[2];
    p.lanes = (uint32_t)v[3];
    p.max_terms = (uint32_t)v[4];
    p.kblocks_max = (uint32_t)v[5];
    p.pipe_stages = (uint32_t)v[6];
    p.drain_seq = (uint32_t)v[7];
  }
  tasd_npz_free(&zj);
  if (argc > 4) {
    unsigned bb, mp;
    char extra;
    if (sscanf(argv[4], "%u,%u%c", &bb, &mp, &extra) != 2) {
      fprintf(stderr, "tile_jobgen: bad timing parameters '%s' (BBanks,MulPipe)\n", argv[4]);
      return 2;
    }
    p.b_banks = bb;
    p.mul_pipe = mp;
  }
  tile_jobfile jf;
  if (tile_jobs_load(argv[2], &p, &jf, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    return 2;
  }
  if (tasd_npz_load(argv[3], &zr, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "tile_jobgen: %s\n", err);
    tile_jobs_free(&jf);
    return 2;
  }
  size_t used = 0;
  for (uint32_t j = 0; j < jf.njobs; j++) {
    const tile_job *jb = &jf.jobs[j];
    char name[64];
    if (jb->cfg_status != TASD_OK) {
      snprintf(name, sizeof name, "j%u.acc", j);
      if (tasd_npz_find(&zr, name)) {
        printf("check: illegal job %u has results\n", j);
        g_bad++;
      }
      continue;
    }
    tasd_tile_out o;
    tasd_tile_perf pf;
    if (tasd_tile_run(&p, &jb->cfg, &jb->a, jb->b, &o) != TASD_OK ||
        tasd_tile_cycles(&p, &jb->cfg, &pf) != TASD_OK) {
      printf("check: job %u: the C model refuses it\n", j);
      g_bad++;
      continue;
    }
    const size_t nr = o.nrows, nb = p.cols / p.m, ne = nr * p.cols, ns = nr * nb * p.max_terms * p.m;
    const size_t s2[2] = {nr, p.cols}, s4[4] = {nr, nb, p.max_terms, p.m}, sp[1] = {TILE_JOBS_PERF_LEN};
    const tasd_tensor *t;
#define CMP(suffix, dt, nd, shp, cnt, ctype, ref)                                                \
  do {                                                                                           \
    snprintf(name, sizeof name, "j%u." suffix, j);                                               \
    if ((t = want_arr(&zr, name, dt, nd, shp)) != NULL) {                                        \
      used++;                                                                                    \
      for (size_t i = 0; i < (cnt); i++)                                                         \
        if ((long)((const ctype *)t->data)[i] != (long)(ref)[i])                                 \
          bad_at("%s[%zu] = %ld, C model %ld", name, i, (long)((const ctype *)t->data)[i],       \
                 (long)(ref)[i]);                                                                \
    }                                                                                            \
  } while (0)
    CMP("acc", TASD_INT32, 2, s2, ne, int32_t, o.acc);
    CMP("q", TASD_INT8, 2, s2, ne, int8_t, o.q);
    CMP("tval", TASD_INT8, 4, s4, ns, int8_t, o.tval);
    CMP("tidx", TASD_INT16, 4, s4, ns, int16_t, o.tidx);
    CMP("tvld", TASD_INT8, 4, s4, ns, int8_t, o.tvld);
    CMP("tmask", TASD_INT8, 4, s4, ns, int8_t, o.tmask);
#undef CMP
    snprintf(name, sizeof name, "j%u.perf", j);
    if ((t = want_arr(&zr, name, TASD_INT32, 1, sp)) != NULL) {
      used++;
      const int32_t *v = (const int32_t *)t->data;
      if (v[3] != 1 || v[4] != 0 || v[7] != (int32_t)pf.cycles || v[8] != v[0] || v[0] < v[7] ||
          v[1] != (int32_t)pf.busy || v[10] - v[9] - 1 != v[8]) {
        printf("check: %s = [%d %d %d %d %d %d %d %d %d %d %d]: want b_fills 1, psum_wb 0, busy %d, "
               "model %d, harness cycles = perf_cycles >= model = done - start - 1\n", name, v[0],
               v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], (int)pf.busy,
               (int)pf.cycles);
        g_bad++;
      }
    }
    tasd_tile_out_free(&o);
  }
  if (used != zr.count) {
    printf("check: %s holds %zu arrays, %zu expected\n", argv[3], zr.count, used);
    g_bad++;
  }
  printf("check: %s vs the C model over %u jobs: %s\n", argv[3], jf.njobs, g_bad ? "MISMATCH" : "equal");
  tasd_npz_free(&zr);
  tile_jobs_free(&jf);
  return g_bad ? 1 : 0;
}

int main(int argc, char **argv) {
  int rc = 2;
  if (argc >= 2 && !strcmp(argv[1], "gen")) rc = cmd_gen(argc, argv);
  else if (argc >= 2 && !strcmp(argv[1], "check")) rc = cmd_check(argc, argv);
  if (rc == 2 && (argc < 2 || (strcmp(argv[1], "gen") && strcmp(argv[1], "check"))))
    fprintf(stderr, "usage: tile_jobgen gen OUT.npz R,C,M,L,T,KBM,PS,SEQ SEED [NJOBS] [BAD]\n"
                    "       tile_jobgen check JOBS.npz RESULT.npz\n");
  return rc;
}
