/* SPDX-License-Identifier: Apache-2.0 */
/* TASDER config selection: layer statistics, TASD-A pick, TASD-W layer-wise greedy and       */
/* network-wise search, and the default quality proxy.                                        */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------------------------------ */
/* Measured statistics                                                                         */
/* ------------------------------------------------------------------------------------------ */
static tasd_status check_tensor(const tasd_tensor *t, size_t *numel) {
  if (!t || !t->data) return TASD_ERR_NULL;
  if (tasd_dtype_size(t->dtype) == 0 || t->dtype == TASD_UINT8) return TASD_ERR_DTYPE;
  if (t->ndim < 1 || t->ndim > TASD_MAX_DIMS) return TASD_ERR_SHAPE;
  size_t n = tasd_tensor_numel(t);
  if (n == 0) return TASD_ERR_SHAPE;
  tasd_status st = tasd__check_finite(t);
  if (st != TASD_OK) return st;
  *numel = n;
  return TASD_OK;
}

tasd_status tasd_tasder_sparsity(const tasd_tensor *t, double *sparsity) {
  if (!sparsity) return TASD_ERR_NULL;
  size_t n = 0;
  tasd_status st = check_tensor(t, &n);
  if (st != TASD_OK) return st;
  size_t zeros = 0;
  for (size_t i = 0; i < n; i++) zeros += !tasd__is_nonzero(t->dtype, t->data, i);
  *sparsity = (double)zeros / (double)n;
  return TASD_OK;
}

static int cmp_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}

tasd_status tasd_tasder_pseudo_density(const tasd_tensor *t, double share, double *pd) {
  if (!pd) return TASD_ERR_NULL;
  if (!(share > 0.0 && share <= 1.0)) return TASD_ERR_RANGE;
  size_t n = 0;
  tasd_status st = check_tensor(t, &n);
  if (st != TASD_OK) return st;
  if (share == 1.0) { /* exact: every non-zero is needed (no rounding can stop early) */
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++) nnz += tasd__is_nonzero(t->dtype, t->data, i);
    *pd = (double)nnz / (double)n;
    return TASD_OK;
  }
  int ok = 1;
  size_t bytes = tasd__mul_size(n, sizeof(double), &ok);
  double *mag = ok ? (double *)malloc(bytes) : NULL;
  if (!mag) return TASD_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) mag[i] = tasd__mag_double(t->dtype, t->data, i);
  qsort(mag, n, sizeof *mag, cmp_desc);
  double total = 0.0;
  for (size_t i = 0; i < n; i++) total += mag[i];
  size_t need = 0;
  if (total > 0.0) {
    double goal = share * total, cum = 0.0;
    while (need < n && cum < goal) cum += mag[need++];
  }
  free(mag);
  *pd = (double)need / (double)n;
  return TASD_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* TASD-A pick                                                                                 */
/* ------------------------------------------------------------------------------------------ */
static void dense_series(tasd_series *s) {
  memset(s, 0, sizeof *s);
  s->nterms = 1;
  s->term[0].n = 1;
  s->term[0].m = 1;
}

/* All series of the target (allocated; *count may be 0 with *out NULL). */
static tasd_status target_list(const tasd_target *t, tasd_series **out, size_t *count) {
  *out = NULL;
  *count = 0;
  size_t c = 0;
  tasd_status st = tasd_target_series(t, NULL, 0, &c);
  if (st != TASD_OK && st != TASD_ERR_BUFFER) return st;
  if (c == 0) return TASD_OK;
  tasd_series *all = (tasd_series *)calloc(c, sizeof *all);
  if (!all) return TASD_ERR_NOMEM;
  st = tasd_target_series(t, all, c, &c);
  if (st != TASD_OK) {
    free(all);
    return st;
  }
  *out = all;
  *count = c;
  return TASD_OK;
}

tasd_status tasd_tasder_pick_act(const tasd_target *t, double sparsity, double alpha,
                                 tasd_series *out, int *fallback) {
  if (!t || !out) return TASD_ERR_NULL;
  if (!(sparsity >= 0.0 && sparsity <= 1.0) || !(alpha >= -1.0 && alpha <= 1.0))
    return TASD_ERR_RANGE;
  tasd_series *all;
  size_t count;
  tasd_status st = target_list(t, &all, &count);
  if (st != TASD_OK) return st;
  double limit = sparsity + alpha + TASD_TASDER_EPS;
  size_t best = count;
  double best_sp = 0.0;
  for (size_t i = 0; i < count; i++) {
    double sp = 1.0 - tasd_series_density(&all[i]);
    if (sp <= limit && (best == count || sp > best_sp)) {
      best = i;
      best_sp = sp;
    }
  }
  if (best < count) *out = all[best];
  else dense_series(out);
  if (fallback) *fallback = best == count;
  free(all);
  return TASD_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* TASD-W                                                                                      */
/* ------------------------------------------------------------------------------------------ */
static int is_dense(const tasd_series *s) {
  return s->nterms == 1 && s->term[0].n == 1 && s->term[0].m == 1;
}

static int same_series(const tasd_series *a, const tasd_series *b) {
  if (a->nterms != b->nterms) return 0;
  for (uint32_t i = 0; i < a->nterms; i++)
    if (a->term[i].n != b->term[i].n || a->term[i].m != b->term[i].m) return 0;
  return 1;
}

static tasd_status check_layers(const tasd_tasder_layer *layers, size_t n) {
  if (n == 0) return TASD_ERR_RANGE;
  if (!layers) return TASD_ERR_NULL;
  for (size_t i = 0; i < n; i++) {
    const tasd_tensor *w = layers[i].w, *b = layers[i].b;
    if (!w || !w->data) return TASD_ERR_NULL;
    if (w->dtype != TASD_INT8 && w->dtype != TASD_INT16 && w->dtype != TASD_FLOAT32)
      return TASD_ERR_DTYPE;
    if (w->ndim < 1 || w->ndim >= TASD_MAX_DIMS) return TASD_ERR_SHAPE;
    if (b) {
      if (!b->data) return TASD_ERR_NULL;
      if (b->dtype != w->dtype) return TASD_ERR_DTYPE;
      if (w->ndim != 2 || b->ndim != 2 || b->shape[0] != w->shape[1]) return TASD_ERR_SHAPE;
    }
  }
  return TASD_OK;
}

/* Numbers of one (layer, series) pair; dense is exact without decomposing. */
static tasd_status layer_choice(const tasd_tasder_layer *l, const tasd_series *s,
                                tasd_tasder_choice *c) {
  memset(c, 0, sizeof *c);
  c->series = *s;
  uint64_t ncols = l->b ? (uint64_t)l->b->shape[1] : 1u;
  size_t rows, k;
  tasd_status st = tasd__rows_k(l->w, &rows, &k);
  if (st != TASD_OK) return st;
  c->macs_dense = (uint64_t)rows * (uint64_t)k * ncols;
  if (is_dense(s)) {
    st = tasd__check_finite(l->w);
    c->macs_tasd = c->macs_dense;
    return st;
  }
  tasd_stats stats;
  st = tasd_stats_compute(l->w, s, NULL, &stats);
  if (st != TASD_OK) return st;
  c->pct_nnz_dropped = stats.pct_nnz_dropped;
  c->pct_mag_dropped = stats.pct_mag_dropped;
  c->macs_tasd = stats.macs_tasd * ncols;
  return TASD_OK;
}

typedef struct {
  size_t layer, order; /* order: index in the target's list */
  tasd_tasder_choice c;
} pair_t;

static int pair_cmp(const void *pa, const void *pb) {
  const pair_t *a = (const pair_t *)pa, *b = (const pair_t *)pb;
  if (a->c.pct_nnz_dropped != b->c.pct_nnz_dropped)
    return a->c.pct_nnz_dropped < b->c.pct_nnz_dropped ? -1 : 1;
  /* larger reduction first: compare saved fractions exactly via cross products */
  long double ra = (long double)(a->c.macs_dense - a->c.macs_tasd) * (long double)b->c.macs_dense;
  long double rb = (long double)(b->c.macs_dense - b->c.macs_tasd) * (long double)a->c.macs_dense;
  if (ra != rb) return ra > rb ? -1 : 1;
  if (a->layer != b->layer) return a->layer < b->layer ? -1 : 1;
  return (a->order > b->order) - (a->order < b->order);
}

/* Shared set-up: checks, the target's series, the all-dense choices and quality_orig. */
typedef struct {
  tasd_series *all;
  size_t count;
  tasd_series *assign;
  tasd_tasder_choice *cur;
  double q0;
  size_t evals;
} search_t;

static void search_free(search_t *s) {
  free(s->all);
  free(s->assign);
  free(s->cur);
}

static tasd_status eval(search_t *s, const tasd_tasder_layer *layers, size_t n,
                        tasd_tasder_quality_fn quality, void *ctx, double *q) {
  double v = 0.0;
  tasd_status st = quality(ctx, layers, n, s->assign, &v);
  s->evals++;
  if (st != TASD_OK) return st;
  if (!isfinite(v)) return TASD_ERR_NAN;
  *q = v;
  return TASD_OK;
}

static tasd_status search_init(search_t *s, const tasd_target *t, const tasd_tasder_layer *layers,
                               size_t n, tasd_tasder_quality_fn quality, void *ctx,
                               double threshold, const tasd_tasder_choice *choice,
                               const tasd_tasder_summary *sum) {
  memset(s, 0, sizeof *s);
  if (!t || !quality || !choice || !sum) return TASD_ERR_NULL;
  tasd_status st = check_layers(layers, n);
  if (st != TASD_OK) return st;
  if (!(threshold >= 0.0 && threshold <= 1.0)) return TASD_ERR_RANGE;
  st = target_list(t, &s->all, &s->count);
  if (st != TASD_OK) return st;
  s->assign = (tasd_series *)calloc(n, sizeof *s->assign);
  s->cur = (tasd_tasder_choice *)calloc(n, sizeof *s->cur);
  if (!s->assign || !s->cur) return TASD_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    dense_series(&s->assign[i]);
    st = layer_choice(&layers[i], &s->assign[i], &s->cur[i]);
    if (st != TASD_OK) return st;
  }
  st = eval(s, layers, n, quality, ctx, &s->q0);
  if (st != TASD_OK) return st;
  if (!(s->q0 > 0.0)) return TASD_ERR_RANGE;
  return TASD_OK;
}

static void finish(search_t *s, size_t n, double q, size_t pairs, size_t applied,
                   tasd_tasder_choice *choice, tasd_tasder_summary *sum) {
  tasd_tasder_summary r;
  memset(&r, 0, sizeof r);
  r.quality_orig = s->q0;
  r.quality = q;
  for (size_t i = 0; i < n; i++) {
    choice[i] = s->cur[i];
    r.macs_dense += s->cur[i].macs_dense;
    r.macs_tasd += s->cur[i].macs_tasd;
  }
  r.mac_reduction = r.macs_dense ? 1.0 - (double)r.macs_tasd / (double)r.macs_dense : 0.0;
  r.pairs = pairs;
  r.evaluations = s->evals;
  r.applied = applied;
  *sum = r;
}

tasd_status tasd_tasder_layerwise(const tasd_target *t, const tasd_tasder_layer *layers, size_t n,
                                  tasd_tasder_quality_fn quality, void *ctx, double threshold,
                                  tasd_tasder_choice *choice, tasd_tasder_summary *sum) {
  search_t s;
  tasd_status st = search_init(&s, t, layers, n, quality, ctx, threshold, choice, sum);
  pair_t *pairs = NULL;
  size_t npairs = 0, applied = 0;
  double q = s.q0, goal = threshold * s.q0;
  if (st != TASD_OK) goto out;
  if (s.count) {
    int ok = 1;
    size_t bytes = tasd__mul_size(tasd__mul_size(n, s.count, &ok), sizeof *pairs, &ok);
    pairs = ok ? (pair_t *)malloc(bytes) : NULL;
    if (!pairs) {
      st = TASD_ERR_NOMEM;
      goto out;
    }
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < s.count; j++) {
      pair_t *p = &pairs[npairs];
      p->layer = i;
      p->order = j;
      st = layer_choice(&layers[i], &s.all[j], &p->c);
      if (st != TASD_OK) goto out;
      if (p->c.macs_tasd < p->c.macs_dense) npairs++;
    }
  if (npairs > 1) qsort(pairs, npairs, sizeof *pairs, pair_cmp);
  for (size_t p = 0; p < npairs; p++) {
    size_t i = pairs[p].layer;
    if (pairs[p].c.macs_tasd >= s.cur[i].macs_tasd) continue; /* not more aggressive */
    tasd_series keep = s.assign[i];
    s.assign[i] = pairs[p].c.series;
    double qn;
    st = eval(&s, layers, n, quality, ctx, &qn);
    if (st != TASD_OK) goto out;
    if (!(qn >= goal)) {
      s.assign[i] = keep;
      break;
    }
    s.cur[i] = pairs[p].c;
    q = qn;
    applied++;
  }
  finish(&s, n, q, npairs, applied, choice, sum);
out:
  free(pairs);
  search_free(&s);
  return st;
}

tasd_status tasd_tasder_networkwise(const tasd_target *t, const tasd_tasder_layer *layers,
                                    size_t n, tasd_tasder_quality_fn quality, void *ctx,
                                    double threshold, tasd_tasder_choice *choice,
                                    tasd_tasder_summary *sum) {
  search_t s;
  tasd_status st = search_init(&s, t, layers, n, quality, ctx, threshold, choice, sum);
  tasd_tasder_choice *cand = NULL, *best = NULL;
  size_t tried = 0;
  double best_q = s.q0;
  uint64_t best_macs = 0;
  if (st != TASD_OK) goto out;
  cand = (tasd_tasder_choice *)calloc(n, sizeof *cand);
  best = (tasd_tasder_choice *)calloc(n, sizeof *best);
  if (!cand || !best) {
    st = TASD_ERR_NOMEM;
    goto out;
  }
  int found = 0;
  for (size_t j = 0; j < s.count; j++) {
    uint64_t md = 0, mt = 0;
    for (size_t i = 0; i < n; i++) {
      st = layer_choice(&layers[i], &s.all[j], &cand[i]);
      if (st != TASD_OK) goto out;
      md += cand[i].macs_dense;
      mt += cand[i].macs_tasd;
    }
    if (mt >= md) continue; /* skips no MACs */
    tried++;
    for (size_t i = 0; i < n; i++) s.assign[i] = s.all[j];
    double q;
    st = eval(&s, layers, n, quality, ctx, &q);
    if (st != TASD_OK) goto out;
    if (!(q >= threshold * s.q0)) continue;
    if (!found || mt < best_macs || (mt == best_macs && q > best_q)) {
      found = 1;
      best_macs = mt;
      best_q = q;
      memcpy(best, cand, n * sizeof *best);
    }
  }
  if (found) memcpy(s.cur, best, n * sizeof *best);
  finish(&s, n, found ? best_q : s.q0, tried, (size_t)found, choice, sum);
out:
  free(cand);
  free(best);
  search_free(&s);
  return st;
}

/* ------------------------------------------------------------------------------------------ */
/* Default quality proxy                                                                       */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  size_t layer;
  const tasd_tensor *w, *b;
  tasd_series s;
  double q;
} cache_entry;

static tasd_status layer_quality(const tasd_tasder_layer *l, const tasd_series *s, double *q) {
  tasd_stats st;
  tasd_status rc = tasd_stats_compute(l->w, s, l->b, &st);
  if (rc != TASD_OK) return rc;
  if (l->b) *q = 1.0 - st.rel_error;
  else *q = st.mag_total > 0.0 ? st.mag_kept / st.mag_total : 1.0;
  return TASD_OK;
}

tasd_status tasd_tasder_quality_default(void *ctx, const tasd_tasder_layer *layers, size_t n,
                                        const tasd_series *assign, double *quality) {
  if (!quality || !assign) return TASD_ERR_NULL;
  tasd_status st = check_layers(layers, n);
  if (st != TASD_OK) return st;
  tasd_tasder_cache *cache = (tasd_tasder_cache *)ctx;
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (is_dense(&assign[i])) {
      sum += 1.0;
      continue;
    }
    double q = 0.0;
    int hit = 0;
    if (cache) {
      cache_entry *e = (cache_entry *)cache->entries;
      for (size_t j = 0; j < cache->count && !hit; j++)
        if (e[j].layer == i && e[j].w == layers[i].w && e[j].b == layers[i].b &&
            same_series(&e[j].s, &assign[i])) {
          q = e[j].q;
          hit = 1;
        }
    }
    if (!hit) {
      st = layer_quality(&layers[i], &assign[i], &q);
      if (st != TASD_OK) return st;
      if (cache) {
        if (cache->count == cache->cap) {
          size_t cap = cache->cap ? 2 * cache->cap : 64;
          void *p = realloc(cache->entries, cap * sizeof(cache_entry));
          if (!p) return TASD_ERR_NOMEM;
          cache->entries = p;
          cache->cap = cap;
        }
        cache_entry *e = (cache_entry *)cache->entries + cache->count++;
        e->layer = i;
        e->w = layers[i].w;
        e->b = layers[i].b;
        e->s = assign[i];
        e->q = q;
      }
    }
    sum += q;
  }
  *quality = sum / (double)n;
  return TASD_OK;
}

void tasd_tasder_cache_free(tasd_tasder_cache *c) {
  if (!c) return;
  free(c->entries);
  c->entries = NULL;
  c->count = c->cap = 0;
}
