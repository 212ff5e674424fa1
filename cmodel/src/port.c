// SPDX-License-Identifier: Apache-2.0
// The TASD unit's cfg_n_i port word from a series (mirrors rtl/tasd_pkg.sv's cfg_word).
#include "tasd.h"

uint32_t tasd_unit_n_width(uint32_t m) {
  switch (m) {
    case 4: return 3;
    case 8: return 4;
    case 16: return 5;
    default: return 0;
  }
}

tasd_status tasd_unit_cfg_word(const tasd_series *s, uint32_t m, uint32_t max_terms, uint32_t *word) {
  if (s == NULL || word == NULL) return TASD_ERR_NULL;
  uint32_t nw = tasd_unit_n_width(m);
  if (nw == 0 || max_terms < 1 || max_terms > 3) return TASD_ERR_RANGE;
  tasd_status st = tasd_series_check(s);
  if (st != TASD_OK) return st;
  if (s->nterms > max_terms) return TASD_ERR_UNSUPPORTED;
  uint32_t w = 0;
  for (uint32_t t = 0; t < s->nterms; t++) {
    if (s->term[t].m != m) return TASD_ERR_UNSUPPORTED;
    w |= (uint32_t)s->term[t].n << (t * nw);
  }
  *word = w;
  return TASD_OK;
}
