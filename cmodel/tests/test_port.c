/* SPDX-License-Identifier: Apache-2.0 */
/* tasd_unit_cfg_word / tasd_unit_n_width: known words, every refusal class, no write on error. */
#include "testutil.h"

static uint32_t word_of(const char *text, uint32_t m, uint32_t t, tasd_status want) {
  tasd_series s;
  uint32_t w = 0xdeadu;
  CHECK(tasd_series_parse(text, &s) == TASD_OK);
  tasd_status st = tasd_unit_cfg_word(&s, m, t, &w);
  CHECK_MSG(st == want, "%s on M=%u T=%u: status %d, want %d", text, m, t, (int)st, (int)want);
  if (st != TASD_OK) CHECK_MSG(w == 0xdeadu, "%s: word written on error", text);
  return w;
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  CHECK(tasd_unit_n_width(4) == 3 && tasd_unit_n_width(8) == 4 && tasd_unit_n_width(16) == 5);
  CHECK(tasd_unit_n_width(2) == 0 && tasd_unit_n_width(32) == 0 && tasd_unit_n_width(0) == 0);
  /* N_0 in the low field: 4:8+1:8 on M=8 is 0x14 (docs/tasd_unit.md's example). */
  CHECK(word_of("4:8+1:8", 8, 2, TASD_OK) == 0x14u);
  CHECK(word_of("4:8", 8, 2, TASD_OK) == 0x04u);        /* missing term = 0 */
  CHECK(word_of("2:4+1:4+1:4", 4, 3, TASD_OK) == ((1u << 6) | (1u << 3) | 2u));
  CHECK(word_of("8:16+4:16+4:16", 16, 3, TASD_OK) == ((4u << 10) | (4u << 5) | 8u));
  CHECK(word_of("16:16", 16, 1, TASD_OK) == 16u);       /* N = M needs the top bit of NW */
  CHECK(word_of("0:8+3:8", 8, 2, TASD_OK) == 0x30u);    /* an empty first term */
  /* Refusals */
  word_of("4:8+1:8", 8, 1, TASD_ERR_UNSUPPORTED);       /* more terms than the unit has */
  word_of("2:4+1:8", 8, 2, TASD_ERR_UNSUPPORTED);       /* mixed block sizes */
  word_of("2:4", 8, 2, TASD_ERR_UNSUPPORTED);           /* another block size */
  word_of("4:8", 32, 2, TASD_ERR_RANGE);                /* not a unit M */
  word_of("4:8", 8, 0, TASD_ERR_RANGE);
  word_of("4:8", 8, 4, TASD_ERR_RANGE);
  tasd_series bad = {.nterms = 2, .term = {{5, 8}, {4, 8}}}; /* sum 9 > 8 */
  uint32_t w = 7;
  CHECK(tasd_unit_cfg_word(&bad, 8, 2, &w) == TASD_ERR_ILLEGAL_SERIES && w == 7);
  CHECK(tasd_unit_cfg_word(NULL, 8, 2, &w) == TASD_ERR_NULL);
  tasd_series ok;
  CHECK(tasd_series_parse("1:8", &ok) == TASD_OK);
  CHECK(tasd_unit_cfg_word(&ok, 8, 2, NULL) == TASD_ERR_NULL);
  return tu_finish();
}
