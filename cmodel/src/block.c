/* SPDX-License-Identifier: Apache-2.0 */
/* Ranking inside a block, per-row term selection, and the block-level TASD unit              */
/* (mirrors rtl/tasd_unit_*.sv).                                                               */
#include <string.h>

#include "internal.h"

/* Stable LSD radix sort of positions by inverted key (so larger magnitude first); the input  */
/* is in index order and every pass is stable, so ties stay lowest index first. Byte passes  */
/* whose digit is the same for all elements are skipped (int8/int16 keys need one or two).    */
static void radix_rank(const uint32_t *key, const uint16_t *pos, uint32_t cnt, uint16_t *rank) {
  uint32_t inv[TASD_MAX_M];
  uint16_t buf_a[TASD_MAX_M], buf_b[TASD_MAX_M];
  uint16_t *cur = buf_a, *nxt = buf_b;
  uint32_t and_all = UINT32_MAX, or_all = 0;
  for (uint32_t i = 0; i < cnt; i++) {
    inv[i] = ~key[pos[i]];
    and_all &= inv[i];
    or_all |= inv[i];
    cur[i] = (uint16_t)i;
  }
  uint32_t differ = and_all ^ or_all;
  for (uint32_t shift = 0; shift < 32; shift += 8) {
    if (((differ >> shift) & 0xFFu) == 0) continue;
    uint32_t count[257] = {0};
    for (uint32_t i = 0; i < cnt; i++) count[((inv[cur[i]] >> shift) & 0xFFu) + 1]++;
    for (uint32_t d = 0; d < 256; d++) count[d + 1] += count[d];
    for (uint32_t i = 0; i < cnt; i++) nxt[count[(inv[cur[i]] >> shift) & 0xFFu]++] = cur[i];
    uint16_t *t = cur;
    cur = nxt;
    nxt = t;
  }
  for (uint32_t r = 0; r < cnt; r++) rank[pos[cur[r]]] = (uint16_t)r;
}

void tasd__rank(const uint32_t *key, const uint8_t *avail, uint32_t m, uint16_t *rank) {
  /* Compact the available positions. */
  uint16_t pos[TASD_MAX_M];
  uint32_t cnt = 0;
  for (uint32_t i = 0; i < m; i++) {
    if (avail && !avail[i]) {
      rank[i] = TASD__NO_RANK;
      continue;
    }
    pos[cnt++] = (uint16_t)i;
  }
  if (cnt <= 32) {
    /* Pairwise count: for a < b (so pos[a] < pos[b]) the later one loses ties. */
    uint16_t r[32] = {0};
    for (uint32_t a = 0; a < cnt; a++) {
      uint32_t ka = key[pos[a]];
      for (uint32_t b = a + 1; b < cnt; b++) {
        uint32_t gt = key[pos[b]] > ka;
        r[a] = (uint16_t)(r[a] + gt);
        r[b] = (uint16_t)(r[b] + (gt ^ 1u));
      }
    }
    for (uint32_t a = 0; a < cnt; a++) rank[pos[a]] = r[a];
    return;
  }
  radix_rank(key, pos, cnt, rank);
}

tasd_status tasd__plan_init(const tasd_series *s, size_t k, tasd__plan *p) {
  if (!s || !p) return TASD_ERR_NULL;
  tasd_status st = tasd_series_check(s);
  if (st != TASD_OK) return st;
  memset(p, 0, sizeof *p);
  p->s = *s;
  p->k = k;
  p->equal_m = 1;
  for (uint32_t t = 0; t < s->nterms; t++) {
    size_t m = s->term[t].m;
    size_t nb = k / m + (k % m != 0);
    if (nb > ((size_t)-1) / m) return TASD_ERR_NOMEM;
    p->nblocks[t] = nb;
    if (nb * m > p->plen) p->plen = nb * m;
    if (s->term[t].m != s->term[0].m) p->equal_m = 0;
  }
  memset(p->rank_term, TASD_DROPPED, sizeof p->rank_term);
  if (p->equal_m) {
    uint32_t r = 0;
    for (uint32_t t = 0; t < s->nterms; t++)
      for (uint32_t j = 0; j < s->term[t].n; j++) p->rank_term[r++] = (uint8_t)t;
  }
  return TASD_OK;
}

void tasd__row_select(const tasd__plan *p, const uint32_t *keys, uint8_t *owner) {
  uint16_t rank[TASD_MAX_M];
  uint8_t avail[TASD_MAX_M];
  memset(owner, TASD_DROPPED, p->plen);
  if (p->equal_m) {
    uint32_t m = p->s.term[0].m;
    for (size_t b = 0; b < p->nblocks[0]; b++) {
      const uint32_t *kb = keys + b * m;
      uint8_t *ob = owner + b * m;
      tasd__rank(kb, NULL, m, rank);
      for (uint32_t i = 0; i < m; i++) ob[i] = p->rank_term[rank[i]];
    }
    return;
  }
  /* Mixed block sizes: term t ranks, per M_t block, the positions no earlier term took. */
  for (uint32_t t = 0; t < p->s.nterms; t++) {
    uint32_t m = p->s.term[t].m, n = p->s.term[t].n;
    if (n == 0) continue;
    for (size_t b = 0; b < p->nblocks[t]; b++) {
      const uint32_t *kb = keys + b * m;
      uint8_t *ob = owner + b * m;
      for (uint32_t i = 0; i < m; i++) avail[i] = ob[i] == TASD_DROPPED;
      tasd__rank(kb, avail, m, rank);
      for (uint32_t i = 0; i < m; i++)
        if (rank[i] < n) ob[i] = (uint8_t)t;
    }
  }
}

tasd_status tasd_block_decompose_i32(const int32_t *x, uint32_t m, const uint16_t *n,
                                     uint32_t nterms, tasd_block_result *out) {
  if (!x || !n || !out) return TASD_ERR_NULL;
  if (m == 0 || m > TASD_MAX_M || (m & (m - 1)) != 0) return TASD_ERR_ILLEGAL_SERIES;
  if (nterms < 1 || nterms > TASD_MAX_TERMS) return TASD_ERR_ILLEGAL_SERIES;
  tasd_series s;
  memset(&s, 0, sizeof s);
  s.nterms = nterms;
  for (uint32_t t = 0; t < nterms; t++) {
    if (n[t] > m) return TASD_ERR_ILLEGAL_SERIES;
    s.term[t].n = n[t];
    s.term[t].m = (uint16_t)m;
  }
  tasd__plan plan;
  tasd_status st = tasd__plan_init(&s, m, &plan);
  if (st != TASD_OK) return st;

  uint32_t keys[TASD_MAX_M];
  uint8_t owner[TASD_MAX_M];
  tasd__mag_keys(TASD_INT32, x, m, keys);
  tasd__row_select(&plan, keys, owner);

  memset(out, 0, sizeof *out);
  out->m = m;
  out->nterms = nterms;
  for (uint32_t t = 0; t < nterms; t++) out->n[t] = n[t];
  uint32_t fill[TASD_MAX_TERMS] = {0};
  for (uint32_t i = 0; i < m; i++) {
    uint8_t t = owner[i];
    out->term_of[i] = t;
    if (t == TASD_DROPPED) continue;
    uint32_t k = fill[t]++;
    out->val[t][k] = x[i];
    out->idx[t][k] = (uint8_t)i;
    out->slot_vld[t][k] = 1;
    out->mask[t][i] = 1;
  }
  return TASD_OK;
}

/* ---- One TASD unit instance: parameters and the series check (rtl/tasd_unit_cfg.sv). ---- */
void tasd_unit_params_default(tasd_unit_params *p) {
  if (!p) return;
  p->m = 8;
  p->data_w = 8;
  p->max_terms = 2;
  p->pipe_stages = 1;
  p->max_slots = 8;
}

tasd_status tasd_unit_params_check(const tasd_unit_params *p) {
  if (!p) return TASD_ERR_NULL;
  /* The ranges the RTL accepts (tasd_unit_par/seq fail elaboration otherwise). */
  if (!(p->m == 4 || p->m == 8 || p->m == 16)) return TASD_ERR_RANGE;
  if (p->data_w < 4 || p->data_w > 16) return TASD_ERR_RANGE;
  if (p->max_terms < 1 || p->max_terms > 3 || p->max_terms > TASD_MAX_TERMS) return TASD_ERR_RANGE;
  if (p->pipe_stages < 1 || p->pipe_stages > 2) return TASD_ERR_RANGE;
  if (p->max_slots < 1 || p->max_slots > p->m) return TASD_ERR_RANGE;
  return TASD_OK;
}

tasd_status tasd_unit_series_check(const tasd_unit_params *p, const uint16_t *n) {
  if (!p || !n) return TASD_ERR_NULL;
  tasd_status st = tasd_unit_params_check(p);
  if (st != TASD_OK) return st;
  uint32_t sum = 0;
  int over_slots = 0;
  for (uint32_t t = 0; t < p->max_terms; t++) {
    if (n[t] > p->m) return TASD_ERR_ILLEGAL_SERIES;
    if (n[t] > p->max_slots) over_slots = 1;
    sum += n[t];
  }
  if (sum > p->m) return TASD_ERR_ILLEGAL_SERIES;
  return over_slots ? TASD_ERR_UNSUPPORTED : TASD_OK;
}

tasd_status tasd_unit_decompose(const tasd_unit_params *p, const int32_t *x, const uint16_t *n,
                                tasd_block_result *out) {
  if (!p || !x || !n || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_unit_series_check(p, n);
  if (st != TASD_OK) return st;
  const int32_t lo = -(1 << (p->data_w - 1)), hi = (1 << (p->data_w - 1)) - 1;
  for (uint32_t i = 0; i < p->m; i++)
    if (x[i] < lo || x[i] > hi) return TASD_ERR_RANGE;
  return tasd_block_decompose_i32(x, p->m, n, p->max_terms, out);
}
