/* SPDX-License-Identifier: Apache-2.0 */
/* Tile cycles of a network under a TASD assignment (the tile's cycle model per GEMM layer) and the per-target tile parameters. */
#include <string.h>

#include "qnet.h"

tasd_status tasd_nn_dense_series(const tasd_target *t, tasd_series *out) {
  if (!t || !out) return TASD_ERR_NULL;
  tasd_series s;
  memset(&s, 0, sizeof s);
  uint32_t left = t->m;
  while (left > 0) {
    uint32_t best = 0;
    for (uint32_t i = 0; i < t->n_native && i < 8; i++)
      if (t->native_n[i] <= left && t->native_n[i] > best) best = t->native_n[i];
    if (best == 0 || s.nterms == TASD_MAX_TERMS) return TASD_ERR_UNSUPPORTED;
    s.term[s.nterms].n = (uint16_t)best;
    s.term[s.nterms].m = t->m;
    s.nterms++;
    left -= best;
  }
  *out = s;
  return TASD_OK;
}

tasd_status tasd_nn_tile_params(const tasd_target *t, tasd_tile_params *p) {
  if (!t || !p) return TASD_ERR_NULL;
  tasd_series dense;
  tasd_status st = tasd_nn_dense_series(t, &dense);
  if (st != TASD_OK) return st;
  tasd_tile_params_default(p);
  /* the same B buffer storage in elements: an M=4 tile holds twice the K blocks of an M=8 one */
  p->kblocks_max = p->kblocks_max * p->m / t->m;
  p->m = t->m;
  p->max_terms = t->max_terms > dense.nterms ? t->max_terms : dense.nterms;
  return tasd_tile_params_check(p);
}

/* Cycles of one GEMM mapped onto the tile; rows beyond the tile's 65535 row tiles per job are */
/* run as further jobs of the same shape (the cycle model is per job).                         */
static tasd_status gemm_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c, uint64_t rows,
                               uint64_t cols, uint64_t k, uint64_t *cycles) {
  const uint64_t max_rows = (uint64_t)p->rows * 65535u;
  *cycles = 0;
  while (rows > 0) {
    const uint64_t r = rows < max_rows ? rows : max_rows;
    tasd_tile_gemm_perf g;
    tasd_status st = tasd_tile_gemm_cycles(p, c, (size_t)r, (size_t)cols, (size_t)k, &g, NULL);
    if (st != TASD_OK) return st;
    *cycles += g.cycles;
    rows -= r;
  }
  return TASD_OK;
}

tasd_status tasd_nn_cycles_of(const tasd_nn_qmodel *q, const tasd_nn_assign *a,
                              const tasd_target *t, uint32_t images, tasd_nn_cycles *out) {
  if (!q || !t || !out) return TASD_ERR_NULL;
  const uint32_t ng = tasd_nn_qmodel_gemm_count(q);
  if (ng == 0 || (a && a->n != ng) || images == 0) return TASD_ERR_SHAPE;
  tasd_tile_params p;
  tasd_series dense;
  tasd_status st = tasd_nn_tile_params(t, &p);
  if (st == TASD_OK) st = tasd_nn_dense_series(t, &dense);
  if (st != TASD_OK) return st;
  tasd_nn_cycles r;
  memset(&r, 0, sizeof r);
  for (uint32_t g = 0; g < ng; g++) {
    const tasd_nn_qlayer *l = &q->layer[tasd_nn_qmodel_gemm_layer(q, g)];
    const tasd_nn_operand op = a ? a->layer[g].opnd : TASD_NN_DENSE;
    const tasd_series *s = op == TASD_NN_DENSE ? &dense : &a->layer[g].series;
    if (s->nterms > p.max_terms) return TASD_ERR_UNSUPPORTED;
    tasd_tile_cfg c;
    memset(&c, 0, sizeof c);
    for (uint32_t i = 0; i < s->nterms; i++) {
      if (s->term[i].m != p.m) return TASD_ERR_UNSUPPORTED;
      c.a_n[i] = s->term[i].n;
    }
    c.kblocks = 1;
    c.rtiles = 1;
    c.relu = (uint32_t)l->relu;
    c.shift = l->shift;
    const uint64_t pos = (uint64_t)images * l->rows_per_img;
    const uint64_t rows = op == TASD_NN_W ? l->out_c : pos, cols = op == TASD_NN_W ? pos : l->out_c;
    st = gemm_cycles(&p, &c, rows, cols, l->kdim, &r.cycles[g]);
    if (st != TASD_OK) return st;
    r.total += r.cycles[g];
  }
  *out = r;
  return TASD_OK;
}
