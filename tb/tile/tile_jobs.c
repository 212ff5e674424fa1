/* SPDX-License-Identifier: Apache-2.0 */
/* Tile job files (.npz): read/validate jobs.npz, write jobs.npz and result.npz (docs/tile.md "Job files"). */
#include "tile_jobs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_LEN 48

static void msg(char *e, size_t n, const char *fmt, ...) {
  if (!e || n == 0) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e, n, fmt, ap);
  va_end(ap);
}

static void shape_str(char *s, size_t n, uint32_t ndim, const size_t *shape) {
  size_t at = 0;
  at += (size_t)snprintf(s + at, n - at, "[");
  for (uint32_t d = 0; d < ndim && at < n; d++)
    at += (size_t)snprintf(s + at, n - at, "%s%zu", d ? ", " : "", shape[d]);
  if (at < n) snprintf(s + at, n - at, "]");
}

/* The array called name with dtype dt and the given shape, or an error naming it. */
static tasd_status get_arr(const tasd_npz *z, const char *path, const char *name, tasd_dtype dt,
                           uint32_t ndim, const size_t *shape, const tasd_tensor **out, char *e,
                           size_t n) {
  const tasd_tensor *t = tasd_npz_find(z, name);
  if (!t) {
    msg(e, n, "%s: missing array '%s'", path, name);
    return TASD_ERR_FORMAT;
  }
  if (t->dtype != dt) {
    msg(e, n, "%s: array '%s' is %s, want %s", path, name, tasd_dtype_name(t->dtype),
        tasd_dtype_name(dt));
    return TASD_ERR_DTYPE;
  }
  int same = t->ndim == ndim;
  for (uint32_t d = 0; same && d < ndim; d++) same = t->shape[d] == shape[d];
  if (!same) {
    char got[96], want[96];
    shape_str(got, sizeof got, t->ndim, t->shape);
    shape_str(want, sizeof want, ndim, shape);
    msg(e, n, "%s: array '%s' has shape %s, want %s", path, name, got, want);
    return TASD_ERR_SHAPE;
  }
  *out = t;
  return TASD_OK;
}

static uint32_t bits_for(uint32_t maxv) { /* bits to hold 0..maxv */
  uint32_t w = 0;
  while (w < 32 && (maxv >> w) != 0) w++;
  return w;
}

void tile_jobs_free(tile_jobfile *jf) {
  if (!jf) return;
  for (uint32_t j = 0; jf->jobs && j < jf->njobs; j++) {
    tile_job *jb = &jf->jobs[j];
    free(jb->b);
    free(jb->col_bias);
    free(jb->row_bias);
    tasd_tile_a_free(&jb->a);
  }
  free(jf->jobs);
  memset(jf, 0, sizeof(*jf));
}

static const char *const kParamNames[8] = {"rows", "cols", "m", "lanes", "max_terms",
                                           "kblocks_max", "pipe_stages", "drain_seq"};

static void params_vec(const tasd_tile_params *p, uint32_t v[8]) {
  v[0] = p->rows;
  v[1] = p->cols;
  v[2] = p->m;
  v[3] = p->lanes;
  v[4] = p->max_terms;
  v[5] = p->kblocks_max;
  v[6] = p->pipe_stages;
  v[7] = p->drain_seq;
}

/* cfg array -> tasd_tile_cfg, refusing values the tile's ports cannot carry. */
static tasd_status read_cfg(const tasd_tile_params *p, const char *path, const char *name,
                            const int32_t *v, tasd_tile_cfg *c, char *e, size_t n) {
  memset(c, 0, sizeof(*c));
  const uint32_t kbw = bits_for(p->kblocks_max), nw = bits_for(p->m);
  const uint32_t kb_port = (uint32_t)((1ull << kbw) - 1), n_port = (1u << nw) - 1;
  if (v[0] < 0 || (uint32_t)v[0] > kb_port) {
    msg(e, n, "%s: %s: kblocks %d does not fit cfg_kblocks_i (%u bits: 0..%u)", path, name, v[0],
        kbw, kb_port);
    return TASD_ERR_RANGE;
  }
  if (v[1] < 0 || v[1] > 65535) {
    msg(e, n, "%s: %s: rtiles %d does not fit cfg_rtiles_i (16 bits: 0..65535)", path, name, v[1]);
    return TASD_ERR_RANGE;
  }
  if (v[2] < 0 || v[2] > 1) {
    msg(e, n, "%s: %s: relu %d is not 0 or 1", path, name, v[2]);
    return TASD_ERR_RANGE;
  }
  if (v[3] < 0 || v[3] > 31) {
    msg(e, n, "%s: %s: shift %d does not fit cfg_shift_i (5 bits: 0..31)", path, name, v[3]);
    return TASD_ERR_RANGE;
  }
  for (uint32_t t = 0; t < TILE_JOBS_TERMS; t++) {
    const int32_t an = v[4 + t], on = v[4 + TILE_JOBS_TERMS + t];
    const char *what[2] = {"a_n", "out_n"};
    const int32_t val[2] = {an, on};
    for (int k = 0; k < 2; k++) {
      if (val[k] == 0) continue;
      if (t >= p->max_terms) {
        msg(e, n, "%s: %s: %s[%u] = %d but the tile holds %u terms", path, name, what[k], t,
            val[k], p->max_terms);
        return TASD_ERR_RANGE;
      }
      if (val[k] < 0 || (uint32_t)val[k] > n_port) {
        msg(e, n, "%s: %s: %s[%u] = %d does not fit its %u-bit field (0..%u)", path, name,
            what[k], t, val[k], nw, n_port);
        return TASD_ERR_RANGE;
      }
    }
    if (t < TASD_MAX_TERMS) {
      c->a_n[t] = (uint16_t)an;
      c->out_n[t] = (uint16_t)on;
    }
  }
  c->kblocks = (uint32_t)v[0];
  c->rtiles = (uint32_t)v[1];
  c->relu = (uint32_t)v[2];
  c->shift = (uint32_t)v[3];
  return TASD_OK;
}

/* The data arrays of a legal job. */
static tasd_status read_job_data(const tasd_npz *z, const tasd_tile_params *p, const char *path,
                                 uint32_t j, tile_job *jb, char *e, size_t n) {
  const tasd_tile_cfg *c = &jb->cfg;
  const size_t nrows = (size_t)c->rtiles * p->rows, kb = c->kblocks;
  char name[NAME_LEN];
  const tasd_tensor *t;
  tasd_status st;

  snprintf(name, sizeof name, "j%u.b", j);
  size_t sb[2] = {kb * p->m, p->cols};
  if ((st = get_arr(z, path, name, TASD_INT8, 2, sb, &t, e, n)) != TASD_OK) return st;
  jb->b = (int8_t *)malloc(sb[0] * sb[1]);
  if (!jb->b) return TASD_ERR_NOMEM;
  memcpy(jb->b, t->data, sb[0] * sb[1]);

  snprintf(name, sizeof name, "j%u.col_bias", j);
  size_t sc[1] = {p->cols};
  if ((st = get_arr(z, path, name, TASD_INT32, 1, sc, &t, e, n)) != TASD_OK) return st;
  jb->col_bias = (int32_t *)malloc(p->cols * sizeof(int32_t));
  if (!jb->col_bias) return TASD_ERR_NOMEM;
  memcpy(jb->col_bias, t->data, p->cols * sizeof(int32_t));

  snprintf(name, sizeof name, "j%u.row_bias", j);
  size_t sr[1] = {nrows};
  if ((st = get_arr(z, path, name, TASD_INT32, 1, sr, &t, e, n)) != TASD_OK) return st;
  jb->row_bias = (int32_t *)malloc(nrows * sizeof(int32_t));
  if (!jb->row_bias) return TASD_ERR_NOMEM;
  memcpy(jb->row_bias, t->data, nrows * sizeof(int32_t));

  jb->a.nrows = (uint32_t)nrows;
  jb->a.kblocks = c->kblocks;
  for (uint32_t tt = 0; tt < p->max_terms; tt++) {
    const size_t nt = c->a_n[tt];
    if (nt == 0) continue;
    size_t sa[3] = {nrows, kb, nt};
    const size_t ns = nrows * kb * nt;
    const tasd_tensor *tv, *ti;
    snprintf(name, sizeof name, "j%u.a%u.val", j, tt);
    if ((st = get_arr(z, path, name, TASD_INT8, 3, sa, &tv, e, n)) != TASD_OK) return st;
    snprintf(name, sizeof name, "j%u.a%u.idx", j, tt);
    if ((st = get_arr(z, path, name, TASD_INT16, 3, sa, &ti, e, n)) != TASD_OK) return st;
    jb->a.val[tt] = (int8_t *)malloc(ns ? ns : 1);
    jb->a.idx[tt] = (uint8_t *)malloc(ns ? ns : 1);
    if (!jb->a.val[tt] || !jb->a.idx[tt]) return TASD_ERR_NOMEM;
    memcpy(jb->a.val[tt], tv->data, ns);
    const int16_t *ix = (const int16_t *)ti->data;
    for (size_t i = 0; i < ns; i++) {
      const size_t r = i / (kb * nt), blk = (i / nt) % kb, s = i % nt;
      if (ix[i] < 0 || (uint32_t)ix[i] >= p->m) {
        msg(e, n, "%s: array '%s': index %d at [%zu, %zu, %zu] is outside 0..%u", path, name,
            ix[i], r, blk, s, p->m - 1);
        return TASD_ERR_RANGE;
      }
      if (s > 0 && ix[i] <= ix[i - 1]) {
        msg(e, n, "%s: array '%s': indices at [%zu, %zu, %zu..%zu] are %d, %d: slots must be in "
            "ascending index order inside a block", path, name, r, blk, s - 1, s, ix[i - 1], ix[i]);
        return TASD_ERR_RANGE;
      }
      jb->a.idx[tt][i] = (uint8_t)ix[i];
    }
  }
  jb->a.row_bias = jb->row_bias;
  jb->cfg.col_bias = jb->col_bias;
  return TASD_OK;
}

tasd_status tile_jobs_load(const char *path, const tasd_tile_params *p, tile_jobfile *out,
                           char *errbuf, size_t errlen) {
  if (!path || !p || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_params_check(p);
  if (st != TASD_OK) {
    msg(errbuf, errlen, "tile_jobs_load: the build's parameters are illegal");
    return st;
  }
  tasd_npz z;
  st = tasd_npz_load(path, &z, errbuf, errlen);
  if (st != TASD_OK) return st;
  tile_jobfile jf;
  memset(&jf, 0, sizeof jf);
  const tasd_tensor *t;
  char *e = errbuf;
  const size_t n = errlen;

  const size_t s8[1] = {8}, s1[1] = {1}, scfg[1] = {TILE_JOBS_CFG_LEN};
  if ((st = get_arr(&z, path, "params", TASD_INT32, 1, s8, &t, e, n)) != TASD_OK) goto done;
  {
    const int32_t *pv = (const int32_t *)t->data;
    uint32_t want[8];
    params_vec(p, want);
    int bad = -1;
    for (int i = 0; i < 8 && bad < 0; i++)
      if (pv[i] < 0 || (uint32_t)pv[i] != want[i]) bad = i;
    if (bad >= 0) {
      msg(e, n, "%s: params mismatch: %s = %d in the file, %u in this build (file [%d %d %d %d %d "
          "%d %d %d], build [%u %u %u %u %u %u %u %u] = rows cols m lanes max_terms kblocks_max "
          "pipe_stages drain_seq)", path, kParamNames[bad], pv[bad], want[bad], pv[0], pv[1],
          pv[2], pv[3], pv[4], pv[5], pv[6], pv[7], want[0], want[1], want[2], want[3], want[4],
          want[5], want[6], want[7]);
      st = TASD_ERR_RANGE;
      goto done;
    }
    jf.params = *p;
  }
  if ((st = get_arr(&z, path, "njobs", TASD_INT32, 1, s1, &t, e, n)) != TASD_OK) goto done;
  {
    const int32_t nj = ((const int32_t *)t->data)[0];
    if (nj < 1 || nj > 1000000) {
      msg(e, n, "%s: njobs = %d, want 1..1000000", path, nj);
      st = TASD_ERR_RANGE;
      goto done;
    }
    jf.jobs = (tile_job *)calloc((size_t)nj, sizeof(tile_job));
    if (!jf.jobs) {
      st = TASD_ERR_NOMEM;
      goto done;
    }
    jf.njobs = (uint32_t)nj;
  }
  for (uint32_t j = 0; j < jf.njobs; j++) {
    tile_job *jb = &jf.jobs[j];
    char name[NAME_LEN];
    snprintf(name, sizeof name, "j%u.cfg", j);
    if ((st = get_arr(&z, path, name, TASD_INT32, 1, scfg, &t, e, n)) != TASD_OK) goto done;
    if ((st = read_cfg(p, path, name, (const int32_t *)t->data, &jb->cfg, e, n)) != TASD_OK)
      goto done;
    jb->cfg_status = tasd_tile_cfg_check(p, &jb->cfg);
    if (jb->cfg_status != TASD_OK) continue; /* the RTL must refuse it: no data needed */
    if ((st = read_job_data(&z, p, path, j, jb, e, n)) != TASD_OK) goto done;
  }
  st = TASD_OK;
done:
  if (st == TASD_ERR_NOMEM) msg(e, n, "%s: out of memory", path);
  tasd_npz_free(&z);
  if (st != TASD_OK) {
    tile_jobs_free(&jf);
    return st;
  }
  *out = jf;
  return TASD_OK;
}

/* ---- writing ---- */

typedef struct {
  size_t n, cap;
  char **names;
  tasd_tensor *arrays;
} arr_list;

static void list_free(arr_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->names[i]);
    tasd_tensor_free(&l->arrays[i]);
  }
  free(l->names);
  free(l->arrays);
  memset(l, 0, sizeof(*l));
}

/* Appends a zeroed array; *data gets its buffer. */
static tasd_status list_add(arr_list *l, const char *name, tasd_dtype dt, uint32_t ndim,
                            const size_t *shape, void **data) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    char **nn = (char **)realloc(l->names, cap * sizeof(char *));
    if (!nn) return TASD_ERR_NOMEM;
    l->names = nn;
    tasd_tensor *na = (tasd_tensor *)realloc(l->arrays, cap * sizeof(tasd_tensor));
    if (!na) return TASD_ERR_NOMEM;
    l->arrays = na;
    l->cap = cap;
  }
  const size_t len = strlen(name) + 1;
  char *s = (char *)malloc(len);
  if (!s) return TASD_ERR_NOMEM;
  memcpy(s, name, len);
  tasd_status st = tasd_tensor_alloc(&l->arrays[l->n], dt, ndim, shape);
  if (st != TASD_OK) {
    free(s);
    return st;
  }
  l->names[l->n] = s;
  *data = l->arrays[l->n].data;
  l->n++;
  return TASD_OK;
}

static tasd_status list_save(const char *path, arr_list *l, char *e, size_t n) {
  tasd_status st = tasd_npz_save(path, (const char *const *)l->names, l->arrays, l->n, e, n);
  list_free(l);
  return st;
}

static tasd_status add_job(arr_list *l, const tasd_tile_params *p, uint32_t j, const tile_job *jb) {
  char name[NAME_LEN];
  void *d;
  tasd_status st;
  const tasd_tile_cfg *c = &jb->cfg;
  snprintf(name, sizeof name, "j%u.cfg", j);
  const size_t scfg[1] = {TILE_JOBS_CFG_LEN};
  if ((st = list_add(l, name, TASD_INT32, 1, scfg, &d)) != TASD_OK) return st;
  int32_t *cv = (int32_t *)d;
  cv[0] = (int32_t)c->kblocks;
  cv[1] = (int32_t)c->rtiles;
  cv[2] = (int32_t)c->relu;
  cv[3] = (int32_t)c->shift;
  for (uint32_t t = 0; t < TILE_JOBS_TERMS && t < TASD_MAX_TERMS; t++) {
    cv[4 + t] = c->a_n[t];
    cv[4 + TILE_JOBS_TERMS + t] = c->out_n[t];
  }
  const size_t nrows = (size_t)c->rtiles * p->rows, kb = c->kblocks;
  if (jb->b) {
    snprintf(name, sizeof name, "j%u.b", j);
    const size_t sb[2] = {kb * p->m, p->cols};
    if ((st = list_add(l, name, TASD_INT8, 2, sb, &d)) != TASD_OK) return st;
    memcpy(d, jb->b, sb[0] * sb[1]);
  }
  if (jb->col_bias) {
    snprintf(name, sizeof name, "j%u.col_bias", j);
    const size_t sc[1] = {p->cols};
    if ((st = list_add(l, name, TASD_INT32, 1, sc, &d)) != TASD_OK) return st;
    memcpy(d, jb->col_bias, p->cols * sizeof(int32_t));
  }
  if (jb->row_bias) {
    snprintf(name, sizeof name, "j%u.row_bias", j);
    const size_t sr[1] = {nrows};
    if ((st = list_add(l, name, TASD_INT32, 1, sr, &d)) != TASD_OK) return st;
    memcpy(d, jb->row_bias, nrows * sizeof(int32_t));
  }
  for (uint32_t t = 0; t < p->max_terms && t < TASD_MAX_TERMS; t++) {
    const size_t nt = c->a_n[t];
    if (nt == 0 || !jb->a.val[t] || !jb->a.idx[t]) continue;
    const size_t sa[3] = {nrows, kb, nt}, ns = nrows * kb * nt;
    snprintf(name, sizeof name, "j%u.a%u.val", j, t);
    if ((st = list_add(l, name, TASD_INT8, 3, sa, &d)) != TASD_OK) return st;
    memcpy(d, jb->a.val[t], ns);
    snprintf(name, sizeof name, "j%u.a%u.idx", j, t);
    if ((st = list_add(l, name, TASD_INT16, 3, sa, &d)) != TASD_OK) return st;
    int16_t *ix = (int16_t *)d;
    for (size_t i = 0; i < ns; i++) ix[i] = jb->a.idx[t][i];
  }
  return TASD_OK;
}

tasd_status tile_jobs_save(const char *path, const tile_jobfile *jf, char *errbuf, size_t errlen) {
  if (!path || !jf || (jf->njobs && !jf->jobs)) return TASD_ERR_NULL;
  arr_list l;
  memset(&l, 0, sizeof l);
  void *d;
  tasd_status st;
  const size_t s8[1] = {8}, s1[1] = {1};
  if ((st = list_add(&l, "params", TASD_INT32, 1, s8, &d)) != TASD_OK) goto fail;
  {
    uint32_t v[8];
    params_vec(&jf->params, v);
    for (int i = 0; i < 8; i++) ((int32_t *)d)[i] = (int32_t)v[i];
  }
  if ((st = list_add(&l, "njobs", TASD_INT32, 1, s1, &d)) != TASD_OK) goto fail;
  ((int32_t *)d)[0] = (int32_t)jf->njobs;
  for (uint32_t j = 0; j < jf->njobs; j++)
    if ((st = add_job(&l, &jf->params, j, &jf->jobs[j])) != TASD_OK) goto fail;
  return list_save(path, &l, errbuf, errlen);
fail:
  list_free(&l);
  msg(errbuf, errlen, "%s: %s while building the arrays", path, tasd_strerror(st));
  return st;
}

tasd_status tile_results_save(const char *path, const tile_job_result *r, uint32_t n,
                              char *errbuf, size_t errlen) {
  if (!path || (n && !r)) return TASD_ERR_NULL;
  arr_list l;
  memset(&l, 0, sizeof l);
  tasd_status st = TASD_OK;
  for (uint32_t j = 0; j < n && st == TASD_OK; j++) {
    if (!r[j].ran) continue;
    const tasd_tile_out *o = &r[j].out;
    const size_t nr = o->nrows, nb = o->m ? o->cols / o->m : 0;
    const size_t s2[2] = {nr, o->cols}, s4[4] = {nr, nb, o->max_terms, o->m};
    const size_t nel = nr * o->cols, nsl = nr * nb * o->max_terms * o->m, sp[1] = {TILE_JOBS_PERF_LEN};
    char name[NAME_LEN];
    void *d;
    snprintf(name, sizeof name, "j%u.acc", j);
    if ((st = list_add(&l, name, TASD_INT32, 2, s2, &d)) != TASD_OK) break;
    memcpy(d, o->acc, nel * sizeof(int32_t));
    snprintf(name, sizeof name, "j%u.q", j);
    if ((st = list_add(&l, name, TASD_INT8, 2, s2, &d)) != TASD_OK) break;
    memcpy(d, o->q, nel);
    snprintf(name, sizeof name, "j%u.tval", j);
    if ((st = list_add(&l, name, TASD_INT8, 4, s4, &d)) != TASD_OK) break;
    memcpy(d, o->tval, nsl);
    snprintf(name, sizeof name, "j%u.tidx", j);
    if ((st = list_add(&l, name, TASD_INT16, 4, s4, &d)) != TASD_OK) break;
    for (size_t i = 0; i < nsl; i++) ((int16_t *)d)[i] = o->tidx[i];
    snprintf(name, sizeof name, "j%u.tvld", j);
    if ((st = list_add(&l, name, TASD_INT8, 4, s4, &d)) != TASD_OK) break;
    for (size_t i = 0; i < nsl; i++) ((int8_t *)d)[i] = (int8_t)o->tvld[i];
    snprintf(name, sizeof name, "j%u.tmask", j);
    if ((st = list_add(&l, name, TASD_INT8, 4, s4, &d)) != TASD_OK) break;
    for (size_t i = 0; i < nsl; i++) ((int8_t *)d)[i] = (int8_t)o->tmask[i];
    snprintf(name, sizeof name, "j%u.perf", j);
    if ((st = list_add(&l, name, TASD_INT32, 1, sp, &d)) != TASD_OK) break;
    memcpy(d, r[j].perf, sizeof r[j].perf);
  }
  if (st != TASD_OK) {
    list_free(&l);
    msg(errbuf, errlen, "%s: %s while building the arrays", path, tasd_strerror(st));
    return st;
  }
  return list_save(path, &l, errbuf, errlen);
}
