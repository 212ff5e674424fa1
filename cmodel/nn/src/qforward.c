/* SPDX-License-Identifier: Apache-2.0 */
/* The int8 forward pass the tile executes, with a per-layer TASD assignment, accuracy, MACs and activation statistics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qnet.h"

/* Images per chunk: bounds the im2col buffers (a conv layer's X has rows_per_img rows each). */
#define QF_CHUNK 256u
/* Pseudo-density share used for the activation statistics (the paper: 99 % of the magnitude). */
#define QF_PD_SHARE 0.99

void tasd_nn_assign_dense(const tasd_nn_qmodel *q, tasd_nn_assign *a) {
  memset(a, 0, sizeof *a);
  a->n = tasd_nn_qmodel_gemm_count(q);
}

static uint64_t series_macs(const tasd_series *s, uint64_t rows, uint64_t cols, uint64_t kdim) {
  uint64_t slots = 0;
  for (uint32_t t = 0; t < s->nterms; t++)
    slots += (kdim + s->term[t].m - 1) / s->term[t].m * s->term[t].n;
  return rows * cols * slots;
}

/* Pseudo-density from a histogram of int8 magnitudes (exact: the j largest magnitudes are the */
/* histogram walked from 128 down).                                                            */
static double pdensity(const uint64_t *hist, uint64_t numel, double share) {
  double total = 0;
  for (int v = 1; v <= 128; v++) total += (double)v * (double)hist[v];
  if (total == 0 || numel == 0) return 0;
  const double goal = share * total;
  double cum = 0;
  uint64_t j = 0;
  for (int v = 128; v >= 1; v--) {
    if (cum + (double)v * (double)hist[v] >= goal) {
      j += (uint64_t)ceil((goal - cum) / v);
      return (double)j / (double)numel;
    }
    cum += (double)v * (double)hist[v];
    j += hist[v];
  }
  return (double)j / (double)numel;
}

tasd_status tasd_nn_qforward(const tasd_nn_qmodel *q, const tasd_nn_assign *a,
                             const tasd_nn_data *d, tasd_nn_eval *ev, uint8_t *pred,
                             int32_t *logits) {
  if (!q || !d || !ev) return TASD_ERR_NULL;
  const uint32_t ng = tasd_nn_qmodel_gemm_count(q);
  if (q->nlayers == 0 || ng == 0 || (a && a->n != ng)) return TASD_ERR_SHAPE;
  if (d->c != q->in_c || d->h != q->in_h || d->w != q->in_w) return TASD_ERR_SHAPE;
  tasd_nn_assign dense;
  if (!a) {
    tasd_nn_assign_dense(q, &dense);
    a = &dense;
  }
  for (uint32_t g = 0; g < ng; g++) {
    if (a->layer[g].opnd == TASD_NN_DENSE) continue;
    if (a->layer[g].opnd != TASD_NN_W && a->layer[g].opnd != TASD_NN_A) return TASD_ERR_RANGE;
    tasd_status st = tasd_series_check(&a->layer[g].series);
    if (st != TASD_OK) return st;
  }
  memset(ev, 0, sizeof *ev);

  tasd_status st = TASD_OK;
  int8_t *wt[TASD_NN_MAX_LAYERS] = {0};
  uint64_t(*hist)[129] = calloc(ng, sizeof *hist);
  uint64_t *xnumel = calloc(ng, sizeof *xnumel);
  size_t max_act = tasd_nn_qlayer_in_elems(&q->layer[0]), max_x = 0, max_acc = 0;
  for (uint32_t i = 0; i < q->nlayers; i++) {
    const tasd_nn_qlayer *l = &q->layer[i];
    if (tasd_nn_qlayer_out_elems(l) > max_act) max_act = tasd_nn_qlayer_out_elems(l);
    if (l->op == TASD_NN_MAXPOOL) continue;
    if ((size_t)l->rows_per_img * l->kdim > max_x) max_x = (size_t)l->rows_per_img * l->kdim;
    if ((size_t)l->rows_per_img * l->out_c > max_acc) max_acc = (size_t)l->rows_per_img * l->out_c;
  }
  int8_t *act = malloc(QF_CHUNK * max_act), *nxt = malloc(QF_CHUNK * max_act);
  int8_t *x = malloc(QF_CHUNK * max_x);
  int32_t *acc = malloc(QF_CHUNK * max_acc * sizeof *acc);
  if (!hist || !xnumel || !act || !nxt || !x || !acc) st = TASD_ERR_NOMEM;

  /* Weights per GEMM layer; TASD-W layers approximated by their series first. */
  for (uint32_t g = 0; g < ng && st == TASD_OK; g++) {
    const tasd_nn_qlayer *l = &q->layer[tasd_nn_qmodel_gemm_layer(q, g)];
    const size_t nw = (size_t)l->out_c * l->kdim;
    wt[g] = malloc(nw ? nw : 1);
    if (!wt[g]) {
      st = TASD_ERR_NOMEM;
      break;
    }
    memcpy(wt[g], l->w, nw);
    if (a->layer[g].opnd == TASD_NN_W)
      st = tasd__nn_approx_rows(wt[g], l->out_c, l->kdim, &a->layer[g].series);
  }

  for (uint32_t first = 0; first < d->n && st == TASD_OK; first += QF_CHUNK) {
    const uint32_t n = d->n - first < QF_CHUNK ? d->n - first : QF_CHUNK;
    tasd_nn_input_i8(d, first, n, act);
    uint32_t g = 0;
    for (uint32_t i = 0; i < q->nlayers && st == TASD_OK; i++) {
      const tasd_nn_qlayer *l = &q->layer[i];
      if (l->op == TASD_NN_MAXPOOL) {
        tasd_nn_maxpool_i8(l, act, n, nxt);
      } else {
        const size_t rows = (size_t)n * l->rows_per_img, nx = rows * l->kdim;
        tasd_nn_operand_x(l, act, n, x);
        for (size_t j = 0; j < nx; j++) {
          int v = x[j];
          hist[g][v < 0 ? -v : v]++;
        }
        xnumel[g] += nx;
        if (a->layer[g].opnd == TASD_NN_A)
          st = tasd__nn_approx_rows(x, rows, l->kdim, &a->layer[g].series);
        if (st == TASD_OK) st = tasd__nn_gemm_bias(x, wt[g], l->bias, rows, l->kdim, l->out_c, acc);
        if (st != TASD_OK) break;
        tasd_nn_lstats *ls = &ev->layer[g];
        const uint64_t dense_macs = (uint64_t)rows * l->out_c * l->kdim;
        ls->macs_dense += dense_macs;
        ls->macs_tasd += a->layer[g].opnd == TASD_NN_DENSE
                             ? dense_macs
                             : series_macs(&a->layer[g].series, rows, l->out_c, l->kdim);
        if (g + 1 == ng) {
          /* class decision on the biased int32 sums */
          for (uint32_t im = 0; im < n; im++) {
            const int32_t *lg = acc + (size_t)im * l->out_c;
            uint32_t best = 0;
            for (uint32_t c = 1; c < l->out_c; c++)
              if (lg[c] > lg[best]) best = c;
            if (pred) pred[first + im] = (uint8_t)best;
            if (logits) memcpy(logits + (size_t)(first + im) * l->out_c, lg, l->out_c * sizeof *lg);
            ev->correct += best == d->y[first + im];
          }
        } else {
          for (size_t j = 0; j < rows * l->out_c; j++) nxt[j] = tasd_nn_qlayer_post(l, acc[j]);
        }
        g++;
      }
      int8_t *t = act;
      act = nxt;
      nxt = t;
    }
  }
  if (st == TASD_OK) {
    ev->images = d->n;
    ev->top1 = d->n ? (double)ev->correct / d->n : 0;
    for (uint32_t g = 0; g < ng; g++) {
      const tasd_nn_qlayer *l = &q->layer[tasd_nn_qmodel_gemm_layer(q, g)];
      tasd_nn_lstats *ls = &ev->layer[g];
      ls->act_sparsity = xnumel[g] ? (double)hist[g][0] / (double)xnumel[g] : 0;
      ls->act_pdensity = pdensity(hist[g], xnumel[g], QF_PD_SHARE);
      size_t zw = 0, nw = (size_t)l->out_c * l->kdim;
      for (size_t j = 0; j < nw; j++) zw += l->w[j] == 0;
      ls->w_sparsity = nw ? (double)zw / (double)nw : 0;
      ev->macs_dense += ls->macs_dense;
      ev->macs_tasd += ls->macs_tasd;
    }
  }
  for (uint32_t g = 0; g < ng; g++) free(wt[g]);
  free(hist), free(xnumel), free(act), free(nxt), free(x), free(acc);
  return st;
}
