/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: tasd_series_parse on arbitrary text; format(parse(x)) parses back to the same. */
#include "tasd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_series: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 512) return 0;
  char text[513];
  memcpy(text, data, size);
  text[size] = '\0'; /* an embedded NUL just ends the text early */
  tasd_series s;
  char err[160];
  tasd_status st = tasd_series_parse_msg(text, &s, err, sizeof err);
  tasd_series s2;
  FUZZ_REQUIRE(tasd_series_parse(text, &s2) == st); /* both entry points agree */
  if (st != TASD_OK) {
    FUZZ_REQUIRE(st == TASD_ERR_SYNTAX || st == TASD_ERR_ILLEGAL_SERIES);
    FUZZ_REQUIRE(memchr(err, '\0', sizeof err) != NULL && err[0] != '\0');
    return 0;
  }
  FUZZ_REQUIRE(tasd_series_check(&s) == TASD_OK);
  FUZZ_REQUIRE(s.nterms >= 1 && s.nterms <= TASD_MAX_TERMS);
  double dens = tasd_series_density(&s);
  FUZZ_REQUIRE(dens >= 0.0 && dens <= (double)s.nterms);
  char buf[256];
  FUZZ_REQUIRE(tasd_series_format(&s, buf, sizeof buf) == TASD_OK);
  size_t len = strlen(buf);
  /* too-small buffers are refused without overflowing (and stay terminated) */
  for (size_t n = 0; n <= len; n++) {
    char small[256];
    memset(small, 'Z', sizeof small);
    tasd_status fs = tasd_series_format(&s, small, n);
    FUZZ_REQUIRE(fs == TASD_ERR_BUFFER);
    FUZZ_REQUIRE(small[n] == 'Z');
  }
  tasd_series back;
  FUZZ_REQUIRE(tasd_series_parse(buf, &back) == TASD_OK);
  FUZZ_REQUIRE(back.nterms == s.nterms);
  for (uint32_t t = 0; t < s.nterms; t++)
    FUZZ_REQUIRE(back.term[t].n == s.term[t].n && back.term[t].m == s.term[t].m);
  char buf2[256];
  FUZZ_REQUIRE(tasd_series_format(&back, buf2, sizeof buf2) == TASD_OK && !strcmp(buf, buf2));
  return 0;
}
