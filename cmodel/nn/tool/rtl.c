/* SPDX-License-Identifier: Apache-2.0 */
/* tasdnet RTL runner: every GEMM layer of an int8 network as tile jobs (.npz job files) on the Verilator tile, drain TASD terms fed to the next layer. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tasdnet.h"

/* Growing list of named arrays for one job file. */
typedef struct {
  size_t n, cap;
  char **names;
  tasd_tensor *arr;
} npz_list;

static void npz_list_free(npz_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->names[i]);
    tasd_tensor_free(&l->arr[i]);
  }
  free(l->names);
  free(l->arr);
  memset(l, 0, sizeof *l);
}

/* Adds an array of dtype dt and shape (ndim dims); returns its data or NULL (out of memory). */
static void *npz_add(npz_list *l, const char *name, tasd_dtype dt, uint32_t ndim,
                     const size_t *shape) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 32;
    char **nn = realloc(l->names, cap * sizeof *nn);
    if (!nn) return NULL;
    l->names = nn;
    tasd_tensor *na = realloc(l->arr, cap * sizeof *na);
    if (!na) return NULL;
    l->arr = na;
    l->cap = cap;
  }
  l->names[l->n] = strdup(name);
  if (!l->names[l->n]) return NULL;
  if (tasd_tensor_alloc(&l->arr[l->n], dt, ndim, shape) != TASD_OK) {
    free(l->names[l->n]);
    return NULL;
  }
  return l->arr[l->n++].data;
}

static const tasd_tensor *need(const tasd_npz *z, const char *path, const char *name,
                               tasd_dtype dt, size_t numel) {
  const tasd_tensor *t = tasd_npz_find(z, name);
  if (!t) {
    tn_err("%s: array '%s' missing", path, name);
    return NULL;
  }
  if (t->dtype != dt || tasd_tensor_numel(t) != numel) {
    tn_err("%s: array '%s' is %s with %zu elements, expected %s with %zu", path, name,
           tasd_dtype_name(t->dtype), tasd_tensor_numel(t), tasd_dtype_name(dt), numel);
    return NULL;
  }
  return t;
}

/* One GEMM layer on the tile: A [arows][kdim] (dense int8, decomposed with s unless slots are */
/* given), B [kdim][bcols], biases; the drain decomposes its output with out_n.                */
typedef struct {
  const tasd_tile_params *p;
  size_t arows, bcols, kdim;
  const int8_t *a;            /* dense A, or NULL when a_slots is given */
  const tasd_tile_a *a_slots; /* A in compressed form for all arows rows (drain-fed) */
  const tasd_series *s;
  const int8_t *b;            /* [kdim][bcols] */
  const int32_t *row_bias;    /* [arows] or NULL */
  const int32_t *col_bias;    /* [bcols] or NULL */
  uint32_t relu, shift;
  uint16_t out_n[TASD_MAX_TERMS];
} tn_gemm;

/* Writes the jobs of g (one per column tile) to path. */
static int write_jobs(const tn_gemm *g, const char *path, uint32_t *njobs_out) {
  const tasd_tile_params *p = g->p;
  const uint32_t kblocks = (uint32_t)((g->kdim + p->m - 1) / p->m);
  const uint32_t rtiles = (uint32_t)((g->arows + p->rows - 1) / p->rows);
  const uint32_t nrows = rtiles * p->rows;
  const uint32_t njobs = (uint32_t)((g->bcols + p->cols - 1) / p->cols);
  npz_list l;
  memset(&l, 0, sizeof l);
  int rc = TN_EXIT_FAIL;
  char name[64];
  size_t sh[4];
  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  for (uint32_t t = 0; t < g->s->nterms; t++) c.a_n[t] = g->s->term[t].n;
  memcpy(c.out_n, g->out_n, sizeof c.out_n);
  c.kblocks = kblocks, c.rtiles = rtiles, c.relu = g->relu, c.shift = g->shift;
  tasd_tile_a ta;
  memset(&ta, 0, sizeof ta);
  const tasd_tile_a *slots = g->a_slots;
  if (!slots) {
    tasd_status st = tasd_tile_a_from_dense(p, &c, g->a, g->arows, g->kdim, 0, &ta);
    if (st != TASD_OK) {
      tn_err("decomposing A for the tile: %s", tasd_strerror(st));
      return TN_EXIT_FAIL;
    }
    slots = &ta;
  }
  sh[0] = 8;
  int32_t *par = npz_add(&l, "params", TASD_INT32, 1, sh);
  sh[0] = 1;
  int32_t *nj = npz_add(&l, "njobs", TASD_INT32, 1, sh);
  if (!par || !nj) goto oom;
  const uint32_t pv[8] = {p->rows, p->cols, p->m, p->lanes, p->max_terms, p->kblocks_max,
                          p->pipe_stages, p->drain_seq};
  for (int i = 0; i < 8; i++) par[i] = (int32_t)pv[i];
  nj[0] = (int32_t)njobs;
  for (uint32_t j = 0; j < njobs; j++) {
    const size_t c0 = (size_t)j * p->cols;
    snprintf(name, sizeof name, "j%u.cfg", j);
    sh[0] = 4 + 2 * TASD_MAX_TERMS;
    int32_t *cfg = npz_add(&l, name, TASD_INT32, 1, sh);
    if (!cfg) goto oom;
    cfg[0] = (int32_t)kblocks, cfg[1] = (int32_t)rtiles, cfg[2] = (int32_t)g->relu;
    cfg[3] = (int32_t)g->shift;
    for (int t = 0; t < TASD_MAX_TERMS; t++) cfg[4 + t] = c.a_n[t], cfg[12 + t] = c.out_n[t];
    snprintf(name, sizeof name, "j%u.b", j);
    sh[0] = (size_t)kblocks * p->m, sh[1] = p->cols;
    int8_t *b = npz_add(&l, name, TASD_INT8, 2, sh);
    if (!b) goto oom;
    for (size_t k = 0; k < g->kdim; k++)
      for (size_t cc = 0; cc < p->cols && c0 + cc < g->bcols; cc++)
        b[k * p->cols + cc] = g->b[k * g->bcols + c0 + cc];
    snprintf(name, sizeof name, "j%u.col_bias", j);
    sh[0] = p->cols;
    int32_t *cb = npz_add(&l, name, TASD_INT32, 1, sh);
    if (!cb) goto oom;
    for (size_t cc = 0; cc < p->cols && g->col_bias && c0 + cc < g->bcols; cc++)
      cb[cc] = g->col_bias[c0 + cc];
    snprintf(name, sizeof name, "j%u.row_bias", j);
    sh[0] = nrows;
    int32_t *rb = npz_add(&l, name, TASD_INT32, 1, sh);
    if (!rb) goto oom;
    for (size_t r = 0; r < g->arows && g->row_bias; r++) rb[r] = g->row_bias[r];
    for (uint32_t t = 0; t < TASD_MAX_TERMS; t++) {
      if (!c.a_n[t]) continue;
      sh[0] = nrows, sh[1] = kblocks, sh[2] = c.a_n[t];
      const size_t ns = (size_t)nrows * kblocks * c.a_n[t];
      snprintf(name, sizeof name, "j%u.a%u.val", j, t);
      int8_t *v = npz_add(&l, name, TASD_INT8, 3, sh);
      if (!v) goto oom;
      memcpy(v, slots->val[t], ns);
      snprintf(name, sizeof name, "j%u.a%u.idx", j, t);
      int16_t *ix = npz_add(&l, name, TASD_INT16, 3, sh);
      if (!ix) goto oom;
      for (size_t i = 0; i < ns; i++) ix[i] = slots->idx[t][i];
    }
  }
  {
    char err[512];
    tasd_status st =
        tasd_npz_save(path, (const char *const *)l.names, l.arr, l.n, err, sizeof err);
    if (st != TASD_OK) {
      tn_err("%s", err);
      goto out;
    }
  }
  *njobs_out = njobs;
  rc = 0;
  goto out;
oom:
  tn_err("out of memory writing %s", path);
out:
  tasd_tile_a_free(&ta);
  npz_list_free(&l);
  return rc;
}

/* The drain's results of all jobs of one layer. */
typedef struct {
  size_t nrows, cols_total;   /* nrows = rtiles*rows; cols_total = njobs*cols */
  int32_t *acc;               /* [nrows][cols_total] */
  int8_t *q;                  /* [nrows][cols_total] */
  int8_t *tval;               /* [nrows][cols_total/m][max_terms][m] */
  uint8_t *tidx;
  uint64_t cycles;            /* first start to last done_o of the jobs (they overlap with 2 banks) */
} tn_result;

static void result_free(tn_result *r) {
  free(r->acc), free(r->q), free(r->tval), free(r->tidx);
  memset(r, 0, sizeof *r);
}

static int read_result(const tasd_tile_params *p, const char *path, uint32_t njobs, size_t nrows,
                       tn_result *r) {
  tasd_npz z;
  char err[512], name[64];
  if (tasd_npz_load(path, &z, err, sizeof err) != TASD_OK) {
    tn_err("%s", err);
    return TN_EXIT_FAIL;
  }
  const size_t ct = (size_t)njobs * p->cols, nb = p->cols / p->m;
  const size_t tsz = nb * p->max_terms * p->m;
  memset(r, 0, sizeof *r);
  r->nrows = nrows, r->cols_total = ct;
  r->acc = malloc(nrows * ct * sizeof *r->acc);
  r->q = malloc(nrows * ct);
  r->tval = malloc(nrows * njobs * tsz);
  r->tidx = malloc(nrows * njobs * tsz);
  int rc = TN_EXIT_FAIL;
  if (!r->acc || !r->q || !r->tval || !r->tidx) {
    tn_err("out of memory reading %s", path);
    goto out;
  }
  uint64_t first_start = 0, last_done = 0;
  for (uint32_t j = 0; j < njobs; j++) {
    const tasd_tensor *acc, *q, *tv, *ti, *pf;
    snprintf(name, sizeof name, "j%u.acc", j);
    if (!(acc = need(&z, path, name, TASD_INT32, nrows * p->cols))) goto out;
    snprintf(name, sizeof name, "j%u.q", j);
    if (!(q = need(&z, path, name, TASD_INT8, nrows * p->cols))) goto out;
    snprintf(name, sizeof name, "j%u.tval", j);
    if (!(tv = need(&z, path, name, TASD_INT8, nrows * tsz))) goto out;
    snprintf(name, sizeof name, "j%u.tidx", j);
    if (!(ti = need(&z, path, name, TASD_INT16, nrows * tsz))) goto out;
    snprintf(name, sizeof name, "j%u.perf", j);
    if (!(pf = need(&z, path, name, TASD_INT32, 11))) goto out;
    for (size_t row = 0; row < nrows; row++) {
      memcpy(r->acc + row * ct + (size_t)j * p->cols,
             (const int32_t *)acc->data + row * p->cols, p->cols * sizeof(int32_t));
      memcpy(r->q + row * ct + (size_t)j * p->cols, (const int8_t *)q->data + row * p->cols,
             p->cols);
      /* blocks of job j are blocks [j*nb, (j+1)*nb) of the row */
      int8_t *dv = r->tval + (row * njobs + j) * tsz;
      uint8_t *di = r->tidx + (row * njobs + j) * tsz;
      const int16_t *si = (const int16_t *)ti->data + row * tsz;
      memcpy(dv, (const int8_t *)tv->data + row * tsz, tsz);
      for (size_t i = 0; i < tsz; i++) di[i] = (uint8_t)si[i];
    }
    const int32_t *pv = (const int32_t *)pf->data; /* [9] start, [10] done: sequence cycles */
    if (j == 0 || (uint64_t)pv[9] < first_start) first_start = (uint64_t)pv[9];
    if ((uint64_t)pv[10] > last_done) last_done = (uint64_t)pv[10];
  }
  r->cycles = last_done - first_start;
  rc = 0;
out:
  tasd_npz_free(&z);
  if (rc) result_free(r);
  return rc;
}

static int run_vtile(const char *vtile, const char *in, const char *out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' jobs +in='%s' +out='%s' > '%s.log' 2>&1", vtile, in, out, out);
  int rc = system(cmd);
  if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
    tn_err("RTL tile run failed (exit %d): %s (log: %s.log)", WIFEXITED(rc) ? WEXITSTATUS(rc) : -1,
           cmd, out);
    return TN_EXIT_FAIL;
  }
  return 0;
}

/* Whether GEMM layer gi's A operand X can be gathered from the drain terms of the layer before: */
/* activations as A, previous GEMM layer directly before (no pool), previous in A orientation,   */
/* its channels a multiple of m (blocks never straddle positions).                               */
static int drain_feedable(const tasd_nn_qmodel *q, const tasd_nn_assign *a, uint32_t g,
                          uint32_t m) {
  if (g == 0 || a->layer[g].opnd != TASD_NN_A) return 0;
  int li = tasd_nn_qmodel_gemm_layer(q, g), lp = tasd_nn_qmodel_gemm_layer(q, g - 1);
  if (li != lp + 1 || a->layer[g - 1].opnd == TASD_NN_W) return 0;
  const tasd_nn_qlayer *l = &q->layer[li];
  if (q->layer[lp].act == TASD_NN_ACT_GELU) return 0; /* GELU runs on the host, after the drain */
  if (l->in_c % m) return 0;
  if (a->layer[g].series.nterms > TASD_MAX_TERMS) return 0;
  return 1;
}

/* A slots of layer l gathered from the previous layer's drain terms (positions x channels).     */
static int gather_slots(const tasd_tile_params *p, const tasd_nn_qlayer *l, uint32_t nimg,
                        const tasd_series *s, const tn_result *prev, size_t prev_cols_blocks,
                        tasd_tile_a *out) {
  const uint32_t m = p->m, cb = l->in_c / m;
  const size_t arows = (size_t)nimg * l->rows_per_img;
  const uint32_t rtiles = (uint32_t)((arows + p->rows - 1) / p->rows);
  const uint32_t kblocks = (uint32_t)((l->kdim + m - 1) / m);
  const size_t nrows = (size_t)rtiles * p->rows;
  memset(out, 0, sizeof *out);
  out->nrows = (uint32_t)nrows, out->kblocks = kblocks;
  for (uint32_t t = 0; t < s->nterms; t++) {
    const uint32_t n = s->term[t].n;
    out->val[t] = calloc(nrows * kblocks * n, 1);
    out->idx[t] = calloc(nrows * kblocks * n, 1);
    if (!out->val[t] || !out->idx[t]) {
      tasd_tile_a_free(out);
      tn_err("out of memory gathering drain terms");
      return TN_EXIT_FAIL;
    }
  }
  /* Blocks with no drain data (padding rows and positions) hold what a TASD unit makes of an  */
  /* all-zero block: value 0, indices in ascending order by rank (term t: ranks N0+..+N(t-1)..). */
  static tasd_block_result zr;
  {
    const int32_t zeros[TASD_MAX_M] = {0};
    uint16_t ns[TASD_MAX_TERMS];
    for (uint32_t t = 0; t < s->nterms; t++) ns[t] = s->term[t].n;
    if (tasd_block_decompose_i32(zeros, m, ns, s->nterms, &zr) != TASD_OK) {
      tasd_tile_a_free(out);
      tn_err("series does not fit the tile");
      return TN_EXIT_FAIL;
    }
    for (size_t r = 0; r < nrows; r++)
      for (uint32_t kb = 0; kb < kblocks; kb++)
        for (uint32_t t = 0; t < s->nterms; t++)
          for (uint32_t k = 0; k < s->term[t].n; k++)
            out->idx[t][(r * kblocks + kb) * s->term[t].n + k] = zr.idx[t][k];
  }
  const size_t tsz = (size_t)p->max_terms * m; /* per block in the result layout */
  for (size_t r = 0; r < arows; r++) {
    const size_t img = r / l->rows_per_img, pos = r % l->rows_per_img;
    const uint32_t oy = (uint32_t)(pos / l->out_w), ox = (uint32_t)(pos % l->out_w);
    for (uint32_t kb = 0; kb < kblocks; kb++) {
      /* K block kb = (tap, channel block): tap = kb / cb, channel block u = kb % cb */
      const uint32_t tap = kb / cb, u = kb % cb;
      long iy, ix;
      if (l->op == TASD_NN_CONV) {
        iy = (long)oy * l->stride + tap / l->k - l->pad;
        ix = (long)ox * l->stride + tap % l->k - l->pad;
      } else {
        iy = tap / l->in_w;
        ix = tap % l->in_w;
      }
      if (iy < 0 || ix < 0 || iy >= (long)l->in_h || ix >= (long)l->in_w) continue; /* padding */
      const size_t prow = (img * l->in_h + (size_t)iy) * l->in_w + (size_t)ix;
      const int8_t *bv = prev->tval + (prow * prev_cols_blocks + u) * tsz;
      const uint8_t *bi = prev->tidx + (prow * prev_cols_blocks + u) * tsz;
      for (uint32_t t = 0; t < s->nterms; t++) {
        const uint32_t n = s->term[t].n;
        memcpy(out->val[t] + (r * kblocks + kb) * n, bv + t * m, n);
        memcpy(out->idx[t] + (r * kblocks + kb) * n, bi + t * m, n);
      }
    }
  }
  return 0;
}

int tn_rtl_run(const char *vtile, const char *dir, const tasd_nn_qmodel *q,
               const tasd_nn_assign *a, const tasd_nn_data *d, int32_t *logits, uint8_t *pred,
               tn_rtl_stats *stats, FILE *log) {
  tasd_tile_params p;
  const tasd_target *tgt;
  tasd_series dense;
  if (tasd_target_find("TTC-VEGETA-M8", &tgt) != TASD_OK || tasd_nn_tile_params(tgt, &p) != TASD_OK ||
      tasd_nn_dense_series(tgt, &dense) != TASD_OK) {
    tn_err("no tile parameters for TTC-VEGETA-M8");
    return TN_EXIT_FAIL;
  }
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    tn_err("cannot create %s: %s", dir, strerror(errno));
    return TN_EXIT_FAIL;
  }
  memset(stats, 0, sizeof *stats);
  const uint32_t nimg = d->n, ng = tasd_nn_qmodel_gemm_count(q);
  int rc = 0;
  size_t max_act = tasd_nn_qlayer_in_elems(&q->layer[0]);
  for (uint32_t i = 0; i < q->nlayers; i++)
    if (tasd_nn_qlayer_out_elems(&q->layer[i]) > max_act) max_act = tasd_nn_qlayer_out_elems(&q->layer[i]);
  int8_t *act = malloc((size_t)nimg * max_act), *nxt = malloc((size_t)nimg * max_act);
  tn_result prev;
  memset(&prev, 0, sizeof prev);
  size_t prev_blocks = 0;
  if (!act || !nxt) {
    tn_err("out of memory");
    rc = TN_EXIT_FAIL;
    goto out;
  }
  tasd_nn_input_i8(d, 0, nimg, act);
  uint32_t g = 0;
  for (uint32_t li = 0; li < q->nlayers && rc == 0; li++) {
    const tasd_nn_qlayer *l = &q->layer[li];
    if (l->op == TASD_NN_MAXPOOL) {
      tasd_nn_maxpool_i8(l, act, nimg, nxt);
      int8_t *t = act;
      act = nxt, nxt = t;
      continue;
    }
    const tasd_nn_lchoice *ch = &a->layer[g];
    const int w_mode = ch->opnd == TASD_NN_W;
    const size_t pos = (size_t)nimg * l->rows_per_img;
    int8_t *x = malloc(pos * l->kdim), *xt = NULL, *wt = malloc((size_t)l->kdim * l->out_c);
    tasd_tile_a fed;
    memset(&fed, 0, sizeof fed);
    int have_fed = 0;
    if (!x || !wt) {
      free(x), free(wt);
      tn_err("out of memory");
      rc = TN_EXIT_FAIL;
      break;
    }
    tasd_nn_operand_x(l, act, nimg, x);
    tasd_nn_transpose_i8(l->w, l->out_c, l->kdim, wt);
    /* the drain of this layer decomposes for the next layer when that one is drain-fed */
    tn_gemm gm;
    memset(&gm, 0, sizeof gm);
    gm.p = &p;
    gm.kdim = l->kdim;
    gm.relu = (uint32_t)l->relu;
    gm.shift = l->shift;
    if (g + 1 < ng && drain_feedable(q, a, g + 1, p.m) && !w_mode) {
      const tasd_series *ns = &a->layer[g + 1].series;
      for (uint32_t t = 0; t < ns->nterms; t++) gm.out_n[t] = ns->term[t].n;
    }
    if (w_mode) {
      xt = malloc(pos * l->kdim);
      if (!xt) {
        tn_err("out of memory");
        rc = TN_EXIT_FAIL;
      } else {
        for (size_t r = 0; r < pos; r++)
          for (size_t k = 0; k < l->kdim; k++) xt[k * pos + r] = x[r * l->kdim + k];
      }
      gm.arows = l->out_c, gm.bcols = pos, gm.a = l->w, gm.s = &ch->series, gm.b = xt;
      gm.row_bias = l->bias;
    } else {
      gm.arows = pos, gm.bcols = l->out_c, gm.b = wt, gm.col_bias = l->bias;
      gm.s = ch->opnd == TASD_NN_A ? &ch->series : &dense;
      if (drain_feedable(q, a, g, p.m)) {
        rc = gather_slots(&p, l, nimg, gm.s, &prev, prev_blocks, &fed);
        have_fed = rc == 0;
        gm.a_slots = &fed;
        stats->drain_fed++;
      } else {
        gm.a = x;
      }
    }
    char in[1024], outp[1024];
    snprintf(in, sizeof in, "%s/layer%u.jobs.npz", dir, g);
    snprintf(outp, sizeof outp, "%s/layer%u.result.npz", dir, g);
    uint32_t njobs = 0;
    tn_result res;
    memset(&res, 0, sizeof res);
    if (rc == 0) rc = write_jobs(&gm, in, &njobs);
    if (rc == 0) rc = run_vtile(vtile, in, outp);
    const size_t nrows = ((gm.arows + p.rows - 1) / p.rows) * p.rows;
    if (rc == 0) rc = read_result(&p, outp, njobs, nrows, &res);
    if (have_fed) tasd_tile_a_free(&fed);
    free(x), free(xt), free(wt);
    if (rc) break;
    stats->cycles[g] = res.cycles;
    stats->total += res.cycles;
    stats->jobs += njobs;
    if (log) {
      char ch_txt[96];
      if (tasd_nn_lchoice_format(ch, ch_txt, sizeof ch_txt) != TASD_OK) strcpy(ch_txt, "?");
      fprintf(log, "  layer %u %-8s %-12s %3u jobs %9llu cycles%s\n", g, l->name, ch_txt, njobs,
              (unsigned long long)res.cycles,
              drain_feedable(q, a, g, p.m) ? "  A terms from the previous drain" : "");
    }
    /* next activation (NHWC) from the drain's q (or the logits for the last layer) */
    if (g + 1 == ng) {
      for (uint32_t im = 0; im < nimg; im++) {
        int32_t *lg = logits + (size_t)im * l->out_c;
        for (uint32_t c = 0; c < l->out_c; c++)
          lg[c] = w_mode ? res.acc[(size_t)c * res.cols_total + im] : res.acc[(size_t)im * res.cols_total + c];
        uint32_t best = 0;
        for (uint32_t c = 1; c < l->out_c; c++)
          if (lg[c] > lg[best]) best = c;
        pred[im] = (uint8_t)best;
      }
    } else {
      for (size_t r = 0; r < pos; r++)
        for (uint32_t c = 0; c < l->out_c; c++) {
          int8_t v = w_mode ? res.q[(size_t)c * res.cols_total + r] : res.q[r * res.cols_total + c];
          if (l->act == TASD_NN_ACT_GELU) v = l->gelu_lut[v + 128];
          nxt[r * l->out_c + c] = v;
        }
      int8_t *t = act;
      act = nxt, nxt = t;
    }
    result_free(&prev);
    prev = res;
    prev_blocks = res.cols_total / p.m;
    g++;
  }
out:
  result_free(&prev);
  free(act), free(nxt);
  return rc;
}
