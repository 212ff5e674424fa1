/* SPDX-License-Identifier: Apache-2.0 */
/* TASDER on measured accuracy: network-wise and layer-wise TASD-W, layer-wise TASD-A with an alpha sweep, and the per-layer mix. */
#include <stdlib.h>
#include <string.h>

#include "qnet.h"

const char *tasd_nn_method_name(tasd_nn_method m) {
  switch (m) {
    case TASD_NN_NETWORK_W: return "network-W";
    case TASD_NN_LAYER_W: return "layer-W";
    case TASD_NN_LAYER_A: return "layer-A";
    case TASD_NN_MIXED: return "mixed";
  }
  return "?";
}

tasd_status tasd_nn_lchoice_format(const tasd_nn_lchoice *c, char *buf, size_t len) {
  if (!c || !buf) return TASD_ERR_NULL;
  if (c->opnd == TASD_NN_DENSE) {
    if (len < 6) return TASD_ERR_BUFFER;
    memcpy(buf, "dense", 6);
    return TASD_OK;
  }
  if (len < 3) return TASD_ERR_BUFFER;
  buf[0] = c->opnd == TASD_NN_W ? 'W' : 'A';
  buf[1] = ':';
  return tasd_series_format(&c->series, buf + 2, len - 2);
}

tasd_status tasd_nn_lchoice_parse(const char *text, tasd_nn_lchoice *c) {
  if (!text || !c) return TASD_ERR_NULL;
  tasd_nn_lchoice r;
  memset(&r, 0, sizeof r);
  if (!strcmp(text, "dense")) {
    *c = r;
    return TASD_OK;
  }
  if ((text[0] != 'W' && text[0] != 'A') || text[1] != ':') return TASD_ERR_SYNTAX;
  r.opnd = text[0] == 'W' ? TASD_NN_W : TASD_NN_A;
  tasd_status st = tasd_series_parse(text + 2, &r.series);
  if (st != TASD_OK) return st;
  *c = r;
  return TASD_OK;
}

tasd_status tasd_nn_assign_parse(const tasd_nn_qmodel *q, const char *text, tasd_nn_assign *a) {
  if (!q || !text || !a) return TASD_ERR_NULL;
  tasd_nn_assign r;
  tasd_nn_assign_dense(q, &r);
  uint32_t g = 0;
  const char *p = text;
  for (;;) {
    const char *bar = strchr(p, '|');
    const size_t len = bar ? (size_t)(bar - p) : strlen(p);
    char one[128];
    if (len == 0 || len >= sizeof one) return TASD_ERR_SYNTAX;
    if (g == r.n) return TASD_ERR_SHAPE;
    memcpy(one, p, len);
    one[len] = '\0';
    tasd_status st = tasd_nn_lchoice_parse(one, &r.layer[g++]);
    if (st != TASD_OK) return st;
    if (!bar) break;
    p = bar + 1;
  }
  if (g != r.n) return TASD_ERR_SHAPE;
  *a = r;
  return TASD_OK;
}

typedef struct {
  const tasd_nn_qmodel *q;
  const tasd_nn_data *cal;
  FILE *log;
  size_t evals;
  const char *tag;
} qctx;

static void log_assign(qctx *c, const tasd_nn_assign *a, const tasd_nn_eval *ev) {
  if (!c->log) return;
  fprintf(c->log, "tasder %s eval %zu: top1 %.4f macs %.4f |", c->tag, c->evals, ev->top1,
          ev->macs_dense ? (double)ev->macs_tasd / (double)ev->macs_dense : 0.0);
  for (uint32_t g = 0; g < a->n; g++) {
    char buf[96];
    if (tasd_nn_lchoice_format(&a->layer[g], buf, sizeof buf) != TASD_OK) strcpy(buf, "?");
    fprintf(c->log, " %s", buf);
  }
  fputc('\n', c->log);
}

static tasd_status eval(qctx *c, const tasd_nn_assign *a, tasd_nn_eval *ev) {
  tasd_status st = tasd_nn_qforward(c->q, a, c->cal, ev, NULL, NULL);
  if (st != TASD_OK) return st;
  c->evals++;
  log_assign(c, a, ev);
  return TASD_OK;
}

static int is_dense_series(const tasd_series *s) {
  return s->nterms == 1 && s->term[0].n == s->term[0].m;
}

/* TASD-W callback for tasd_tasder_layerwise / networkwise: "dense" (1:1) = layer unchanged. */
static tasd_status quality_w(void *ctx, const tasd_tasder_layer *layers, size_t n,
                             const tasd_series *assign, double *quality) {
  (void)layers;
  qctx *c = ctx;
  tasd_nn_assign a;
  tasd_nn_assign_dense(c->q, &a);
  if (n != a.n) return TASD_ERR_SHAPE;
  for (size_t g = 0; g < n; g++) {
    if (is_dense_series(&assign[g])) continue;
    a.layer[g].opnd = TASD_NN_W;
    a.layer[g].series = assign[g];
  }
  tasd_nn_eval ev;
  tasd_status st = eval(c, &a, &ev);
  if (st == TASD_OK) *quality = ev.top1;
  return st;
}

static tasd_status search_w(qctx *c, const tasd_nn_tasder_cfg *cfg, int layerwise,
                            tasd_nn_tasder_result *r) {
  const uint32_t ng = tasd_nn_qmodel_gemm_count(c->q);
  tasd_tasder_layer layers[TASD_NN_MAX_LAYERS];
  tasd_tensor w[TASD_NN_MAX_LAYERS];
  tasd_tasder_choice choice[TASD_NN_MAX_LAYERS];
  for (uint32_t g = 0; g < ng; g++) {
    const tasd_nn_qlayer *l = &c->q->layer[tasd_nn_qmodel_gemm_layer(c->q, g)];
    w[g] = (tasd_tensor){TASD_INT8, 2, {l->out_c, l->kdim}, l->w};
    layers[g] = (tasd_tasder_layer){l->name, &w[g], NULL};
  }
  tasd_tasder_summary sum;
  tasd_status st = layerwise ? tasd_tasder_layerwise(cfg->target, layers, ng, quality_w, c,
                                                     cfg->threshold, choice, &sum)
                             : tasd_tasder_networkwise(cfg->target, layers, ng, quality_w, c,
                                                       cfg->threshold, choice, &sum);
  if (st != TASD_OK) return st;
  tasd_nn_assign_dense(c->q, &r->assign);
  for (uint32_t g = 0; g < ng; g++) {
    if (is_dense_series(&choice[g].series)) continue;
    r->assign.layer[g].opnd = TASD_NN_W;
    r->assign.layer[g].series = choice[g].series;
  }
  return TASD_OK;
}

/* Per GEMM layer: the sparsity TASD-A works from (1 - pseudo-density after a GELU). */
static void act_sparsity(const tasd_nn_qmodel *q, const tasd_nn_eval *dense, double *sp) {
  const uint32_t ng = tasd_nn_qmodel_gemm_count(q);
  tasd_nn_act prev = TASD_NN_ACT_NONE; /* the image input */
  for (uint32_t g = 0; g < ng; g++) {
    sp[g] = prev == TASD_NN_ACT_GELU ? 1.0 - dense->layer[g].act_pdensity
                                     : dense->layer[g].act_sparsity;
    prev = q->layer[tasd_nn_qmodel_gemm_layer(q, g)].act;
  }
}

static tasd_status assign_a(const tasd_nn_qmodel *q, const tasd_target *t, const double *sp,
                            double alpha, tasd_nn_assign *a) {
  tasd_nn_assign_dense(q, a);
  for (uint32_t g = 0; g < a->n; g++) {
    tasd_series s;
    int fallback = 0;
    tasd_status st = tasd_tasder_pick_act(t, sp[g], alpha, &s, &fallback);
    if (st != TASD_OK) return st;
    if (fallback || is_dense_series(&s) || tasd_series_density(&s) >= 1.0) continue;
    a->layer[g].opnd = TASD_NN_A;
    a->layer[g].series = s;
  }
  return TASD_OK;
}

static int better(const tasd_nn_eval *ev, const tasd_nn_eval *best, int have_best) {
  if (!have_best) return 1;
  if (ev->macs_tasd != best->macs_tasd) return ev->macs_tasd < best->macs_tasd;
  return ev->top1 > best->top1;
}

/* For one alpha: the picks of tasd_tasder_pick_act, then, while quality is below the threshold, */
/* the TASD-A layer whose return to dense recovers the most quality goes back to dense (ties:  */
/* the one that costs fewer MACs). Ends with a passing assignment (at worst all dense).        */
static tasd_status alpha_config(qctx *c, const tasd_nn_tasder_cfg *cfg, const double *sp,
                                double alpha, double goal, tasd_nn_assign *out,
                                tasd_nn_eval *out_ev) {
  tasd_nn_assign a;
  tasd_status st = assign_a(c->q, cfg->target, sp, alpha, &a);
  if (st != TASD_OK) return st;
  tasd_nn_eval ev;
  st = eval(c, &a, &ev);
  while (st == TASD_OK && ev.top1 < goal) {
    int best = -1;
    tasd_nn_eval best_ev;
    for (uint32_t g = 0; g < a.n; g++) {
      if (a.layer[g].opnd != TASD_NN_A) continue;
      tasd_nn_assign t = a;
      t.layer[g].opnd = TASD_NN_DENSE;
      tasd_nn_eval e2;
      st = eval(c, &t, &e2);
      if (st != TASD_OK) return st;
      if (best < 0 || e2.top1 > best_ev.top1 ||
          (e2.top1 == best_ev.top1 && e2.macs_tasd < best_ev.macs_tasd))
        best = (int)g, best_ev = e2;
    }
    if (best < 0) break; /* nothing left to take back: all dense */
    a.layer[best].opnd = TASD_NN_DENSE;
    ev = best_ev;
  }
  if (st != TASD_OK) return st;
  *out = a;
  *out_ev = ev;
  return TASD_OK;
}

static tasd_status search_a(qctx *c, const tasd_nn_tasder_cfg *cfg, const tasd_nn_eval *dense,
                            tasd_nn_tasder_result *r) {
  double sp[TASD_NN_MAX_LAYERS];
  act_sparsity(c->q, dense, sp);
  const double goal = cfg->threshold * dense->top1;
  tasd_nn_eval best;
  int have = 0;
  tasd_nn_assign_dense(c->q, &r->assign);
  r->alpha = 0;
  for (size_t i = 0; i < cfg->nalphas; i++) {
    tasd_nn_assign a;
    tasd_nn_eval ev;
    tasd_status st = alpha_config(c, cfg, sp, cfg->alphas[i], goal, &a, &ev);
    if (st != TASD_OK) return st;
    if (ev.top1 >= goal && better(&ev, &best, have)) {
      best = ev;
      have = 1;
      r->assign = a;
      r->alpha = cfg->alphas[i];
    }
  }
  return TASD_OK;
}

/* Per-layer cost of an assignment: tile cycles for cfg->cycle_images images, else MACs. */
static tasd_status layer_costs(qctx *c, const tasd_nn_tasder_cfg *cfg, const tasd_nn_assign *a,
                               const tasd_nn_eval *ev, uint64_t *cost, uint64_t *total) {
  *total = 0;
  if (cfg->cycle_images) {
    tasd_nn_cycles cy;
    tasd_status st = tasd_nn_cycles_of(c->q, a, cfg->target, cfg->cycle_images, &cy);
    if (st != TASD_OK) return st;
    for (uint32_t g = 0; g < a->n; g++) cost[g] = cy.cycles[g];
    *total = cy.total;
    return TASD_OK;
  }
  for (uint32_t g = 0; g < a->n; g++) cost[g] = ev->layer[g].macs_tasd;
  *total = ev->macs_tasd;
  return TASD_OK;
}

static tasd_status search_mixed(qctx *c, const tasd_nn_tasder_cfg *cfg, const tasd_nn_eval *dense,
                                tasd_nn_tasder_result *r) {
  tasd_nn_tasder_result rw, ra;
  memset(&rw, 0, sizeof rw);
  memset(&ra, 0, sizeof ra);
  tasd_status st = search_w(c, cfg, 1, &rw);
  if (st == TASD_OK) st = search_a(c, cfg, dense, &ra);
  if (st != TASD_OK) return st;
  /* per-layer costs of each choice */
  tasd_nn_eval ew, ea;
  st = eval(c, &rw.assign, &ew);
  if (st == TASD_OK) st = eval(c, &ra.assign, &ea);
  if (st != TASD_OK) return st;
  uint64_t cw[TASD_NN_MAX_LAYERS], ca[TASD_NN_MAX_LAYERS], tw, ta;
  st = layer_costs(c, cfg, &rw.assign, &ew, cw, &tw);
  if (st == TASD_OK) st = layer_costs(c, cfg, &ra.assign, &ea, ca, &ta);
  if (st != TASD_OK) return st;
  const uint32_t ng = rw.assign.n;
  tasd_nn_assign a = rw.assign;
  int use_a[TASD_NN_MAX_LAYERS] = {0}, reverted[TASD_NN_MAX_LAYERS] = {0};
  for (uint32_t g = 0; g < ng; g++) {
    use_a[g] = ca[g] < cw[g];
    if (use_a[g]) a.layer[g] = ra.assign.layer[g];
  }
  r->alpha = ra.alpha;
  for (;;) {
    tasd_nn_eval ev;
    st = eval(c, &a, &ev);
    if (st != TASD_OK) return st;
    if (ev.top1 >= cfg->threshold * dense->top1) {
      r->assign = a;
      return TASD_OK;
    }
    /* revert the layer whose current choice gains the least over its other choice */
    int pick = -1;
    uint64_t gain_min = UINT64_MAX;
    for (uint32_t g = 0; g < ng; g++) {
      const uint64_t cur = use_a[g] ? ca[g] : cw[g], oth = use_a[g] ? cw[g] : ca[g];
      if (reverted[g] || cur >= oth) continue;
      if (oth - cur < gain_min) gain_min = oth - cur, pick = (int)g;
    }
    if (pick < 0) break;
    use_a[pick] = !use_a[pick];
    a.layer[pick] = use_a[pick] ? ra.assign.layer[pick] : rw.assign.layer[pick];
    reverted[pick] = 1; /* never switched again */
  }
  /* fall back to the cheaper single method */
  const int a_better = ta < tw;
  r->assign = a_better ? ra.assign : rw.assign;
  if (!a_better) r->alpha = 0;
  return TASD_OK;
}

tasd_status tasd_nn_tasder(const tasd_nn_qmodel *q, const tasd_nn_data *cal, tasd_nn_method method,
                           const tasd_nn_tasder_cfg *cfg, tasd_nn_tasder_result *out, FILE *log) {
  if (!q || !cal || !cfg || !cfg->target || !out) return TASD_ERR_NULL;
  if (!(cfg->threshold >= 0 && cfg->threshold <= 1)) return TASD_ERR_RANGE;
  if ((method == TASD_NN_LAYER_A || method == TASD_NN_MIXED) && (!cfg->alphas || !cfg->nalphas))
    return TASD_ERR_RANGE;
  qctx c = {q, cal, log, 0, tasd_nn_method_name(method)};
  tasd_nn_eval dense;
  tasd_status st = eval(&c, NULL, &dense);
  if (st != TASD_OK) return st;
  if (dense.top1 <= 0) return TASD_ERR_RANGE;
  tasd_nn_tasder_result r;
  memset(&r, 0, sizeof r);
  switch (method) {
    case TASD_NN_NETWORK_W: st = search_w(&c, cfg, 0, &r); break;
    case TASD_NN_LAYER_W: st = search_w(&c, cfg, 1, &r); break;
    case TASD_NN_LAYER_A: st = search_a(&c, cfg, &dense, &r); break;
    case TASD_NN_MIXED: st = search_mixed(&c, cfg, &dense, &r); break;
    default: st = TASD_ERR_RANGE;
  }
  if (st != TASD_OK) return st;
  tasd_nn_eval ev;
  st = eval(&c, &r.assign, &ev);
  if (st != TASD_OK) return st;
  r.quality_orig = dense.top1;
  r.quality = ev.top1;
  r.macs_dense = ev.macs_dense;
  r.macs_tasd = ev.macs_tasd;
  r.evaluations = c.evals;
  *out = r;
  return TASD_OK;
}
