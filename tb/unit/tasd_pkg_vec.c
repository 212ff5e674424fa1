// SPDX-License-Identifier: Apache-2.0
// Prints tasd_unit_cfg_word() for every series a unit can run (M 4/8/16, MaxTerms 1..3), one per line.
//
// Line: M MaxTerms N0 N1 N2 word(hex); N of an absent term is 0. tb/unit/tasd_pkg_tb.sv compares
// each word with rtl/tasd_pkg.sv's cfg_word (tb/unit/pkg_check.sh runs both).
#include <stdio.h>

#include "tasd.h"

int main(void) {
  static const uint32_t ms[] = {4, 8, 16};
  unsigned lines = 0;
  for (unsigned mi = 0; mi < 3; mi++) {
    uint32_t m = ms[mi];
    for (uint32_t t = 1; t <= 3; t++) {
      for (uint32_t n0 = 0; n0 <= m; n0++)
        for (uint32_t n1 = 0; n1 <= (t > 1 ? m - n0 : 0); n1++)
          for (uint32_t n2 = 0; n2 <= (t > 2 ? m - n0 - n1 : 0); n2++) {
            tasd_series s = {.nterms = t};
            uint32_t n[3] = {n0, n1, n2};
            for (uint32_t k = 0; k < t; k++) s.term[k] = (tasd_term_cfg){(uint16_t)n[k], (uint16_t)m};
            uint32_t w;
            tasd_status st = tasd_unit_cfg_word(&s, m, t, &w);
            if (st != TASD_OK) {
              fprintf(stderr, "tasd_pkg_vec: M=%u %u:%u:%u refused: %s\n", m, n0, n1, n2, tasd_strerror(st));
              return 1;
            }
            printf("%u %u %u %u %u %x\n", m, t, n0, n1, n2, w);
            lines++;
          }
    }
  }
  fprintf(stderr, "tasd_pkg_vec: %u words\n", lines);
  return 0;
}
