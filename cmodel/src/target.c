/* SPDX-License-Identifier: Apache-2.0 */
/* Hardware targets (structured-sparse engines) and the TASD series they run. */
#include <string.h>

#include "internal.h"

static const tasd_target g_targets[] = {
    {"TTC-VEGETA-M8", "VEGETA-style tile, M=8, native 1:8 2:8 4:8, up to 2 TASD terms", 8, 3,
     {1, 2, 4}, 2},
    {"TTC-STC-M4", "Sparse-Tensor-Core-style tile, M=4, native 2:4, 1 TASD term", 4, 1, {2}, 1},
    {"TTC-VEGETA-M8-3T", "VEGETA-style tile, M=8, native 1:8 2:8 4:8, up to 3 TASD terms", 8, 3,
     {1, 2, 4}, 3},
};
#define NTARGETS (sizeof g_targets / sizeof g_targets[0])

size_t tasd_target_count(void) { return NTARGETS; }

const tasd_target *tasd_target_get(size_t i) { return i < NTARGETS ? &g_targets[i] : NULL; }

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

tasd_status tasd_target_find(const char *name, const tasd_target **out) {
  if (!name || !out) return TASD_ERR_NULL;
  for (size_t i = 0; i < NTARGETS; i++) {
    const char *a = g_targets[i].name, *b = name;
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) a++, b++;
    if (*a == '\0' && *b == '\0') {
      *out = &g_targets[i];
      return TASD_OK;
    }
  }
  return TASD_ERR_NOT_FOUND;
}

static int is_native(const tasd_target *t, uint32_t n) {
  for (uint32_t i = 0; i < t->n_native && i < 8; i++)
    if (t->native_n[i] == n) return 1;
  return 0;
}

tasd_status tasd_target_supports(const tasd_target *t, const tasd_series *s) {
  if (!t || !s) return TASD_ERR_NULL;
  tasd_status st = tasd_series_check(s);
  if (st != TASD_OK) return st;
  if (s->nterms > t->max_terms) return TASD_ERR_UNSUPPORTED;
  for (uint32_t i = 0; i < s->nterms; i++)
    if (s->term[i].m != t->m || !is_native(t, s->term[i].n)) return TASD_ERR_UNSUPPORTED;
  return TASD_OK;
}

/* Enumeration state: multisets of native N in non-increasing order. */
typedef struct {
  const tasd_target *t;
  tasd_series *out;
  size_t cap, count;
} enum_ctx;

static uint32_t total_n(const tasd_series *s) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->nterms; i++) n += s->term[i].n;
  return n;
}

/* Order: total N asc, then fewer terms, then lexicographically larger N sequence first. */
static int series_before(const tasd_series *a, const tasd_series *b) {
  uint32_t na = total_n(a), nb = total_n(b);
  if (na != nb) return na < nb;
  if (a->nterms != b->nterms) return a->nterms < b->nterms;
  for (uint32_t i = 0; i < a->nterms; i++)
    if (a->term[i].n != b->term[i].n) return a->term[i].n > b->term[i].n;
  return 0;
}

/* Keeps out[0..min(count,cap)) as the first entries of the full order (insertion, evicting */
/* the last entry when the buffer is full). */
static void emit(enum_ctx *c, const tasd_series *s) {
  if (tasd_series_check(s) != TASD_OK) return;
  size_t used = c->count < c->cap ? c->count : c->cap;
  c->count++;
  if (c->cap == 0) return;
  if (used == c->cap) {
    if (!series_before(s, &c->out[used - 1])) return;
    used--; /* drop the last one */
  }
  size_t pos = used;
  while (pos > 0 && series_before(s, &c->out[pos - 1])) {
    c->out[pos] = c->out[pos - 1];
    pos--;
  }
  c->out[pos] = *s;
}

static void rec(enum_ctx *c, tasd_series *cur, uint32_t max_idx, uint32_t depth) {
  for (uint32_t i = 0; i <= max_idx; i++) {
    /* native_n is ascending; walking indices down keeps terms in non-increasing N. */
    uint32_t idx = max_idx - i;
    cur->term[depth].n = c->t->native_n[idx];
    cur->term[depth].m = c->t->m;
    cur->nterms = depth + 1;
    emit(c, cur);
    if (depth + 1 < c->t->max_terms && depth + 1 < TASD_MAX_TERMS) rec(c, cur, idx, depth + 1);
  }
}

tasd_status tasd_target_series(const tasd_target *t, tasd_series *out, size_t cap, size_t *count) {
  if (!t || !count || (!out && cap > 0)) return TASD_ERR_NULL;
  *count = 0;
  if (t->n_native == 0 || t->n_native > 8 || t->max_terms == 0) return TASD_OK;
  enum_ctx c = {t, out, cap, 0};
  tasd_series cur;
  memset(&cur, 0, sizeof cur);
  rec(&c, &cur, t->n_native - 1, 0);
  *count = c.count;
  return c.count > cap ? TASD_ERR_BUFFER : TASD_OK;
}

tasd_status tasd_target_pattern(const tasd_target *t, uint32_t n_eff, tasd_series *out) {
  if (!t || !out) return TASD_ERR_NULL;
  tasd_series all[512];
  size_t count = 0;
  tasd_status st = tasd_target_series(t, all, sizeof all / sizeof all[0], &count);
  if (st != TASD_OK) return st;
  for (size_t i = 0; i < count; i++) {
    if (total_n(&all[i]) == n_eff) {
      *out = all[i];
      return TASD_OK;
    }
  }
  return TASD_ERR_UNSUPPORTED;
}
