/* SPDX-License-Identifier: Apache-2.0 */
/* Series text parsing, legality, formatting and density. */
#include <string.h>

#include "testutil.h"

static void parse_ok(const char *text, uint32_t nt, const uint16_t *nm) {
  tasd_series s;
  memset(&s, 0, sizeof s);
  tasd_status st = tasd_series_parse(text, &s);
  CHECK_MSG(st == TASD_OK, "parse(\"%s\") = %s", text, tasd_strerror(st));
  if (st != TASD_OK) return;
  CHECK_EQ(s.nterms, nt);
  for (uint32_t t = 0; t < nt; t++) {
    CHECK_MSG(s.term[t].n == nm[2 * t] && s.term[t].m == nm[2 * t + 1],
              "parse(\"%s\") term %u = %u:%u", text, t, s.term[t].n, s.term[t].m);
  }
  CHECK_OK(tasd_series_check(&s));
}

static void parse_bad(const char *text, tasd_status want) {
  tasd_series s;
  memset(&s, 0x5A, sizeof s);
  char msg[256] = "";
  tasd_status st = tasd_series_parse_msg(text, &s, msg, sizeof msg);
  CHECK_MSG(st == want, "parse(\"%s\") = %d (%s), want %d; msg: %s", text, (int)st,
            tasd_strerror(st), (int)want, msg);
  CHECK_MSG(msg[0] != '\0', "parse(\"%s\"): no message", text);
  uint8_t pat[sizeof s];
  memset(pat, 0x5A, sizeof pat);
  CHECK_MSG(memcmp(&s, pat, sizeof s) == 0, "parse(\"%s\") wrote *out on failure", text);
  CHECK_ST(tasd_series_parse(text, &s), want);
}

static tasd_series mk(uint32_t nt, const uint16_t *nm) {
  tasd_series s;
  memset(&s, 0, sizeof s);
  s.nterms = nt;
  for (uint32_t t = 0; t < nt && t < TASD_MAX_TERMS; t++) {
    s.term[t].n = nm[2 * t];
    s.term[t].m = nm[2 * t + 1];
  }
  return s;
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);

  parse_ok("4:8+1:8", 2, (const uint16_t[]){4, 8, 1, 8});
  parse_ok("2:4+2:8", 2, (const uint16_t[]){2, 4, 2, 8});
  parse_ok("dense", 1, (const uint16_t[]){1, 1});
  parse_ok("  4:8 +\t1:8  ", 2, (const uint16_t[]){4, 8, 1, 8});
  parse_ok("0:8", 1, (const uint16_t[]){0, 8});
  parse_ok("8:8", 1, (const uint16_t[]){8, 8});
  parse_ok("256:256", 1, (const uint16_t[]){256, 256});
  parse_ok("1:1", 1, (const uint16_t[]){1, 1});
  parse_ok("004:008", 1, (const uint16_t[]){4, 8});
  parse_ok("1:8+1:8+1:8+1:8+1:8+1:8+1:8+1:8", 8,
           (const uint16_t[]){1, 8, 1, 8, 1, 8, 1, 8, 1, 8, 1, 8, 1, 8, 1, 8});
  parse_ok("2:4+2:8+2:16", 3, (const uint16_t[]){2, 4, 2, 8, 2, 16});
  parse_ok("4:8+0:8", 2, (const uint16_t[]){4, 8, 0, 8});
  parse_ok("dense+0:4", 2, (const uint16_t[]){1, 1, 0, 4});
  parse_ok("1:16+2:4", 2, (const uint16_t[]){1, 16, 2, 4});

  parse_bad("", TASD_ERR_SYNTAX);
  parse_bad("   ", TASD_ERR_SYNTAX);
  parse_bad("+4:8", TASD_ERR_SYNTAX);
  parse_bad("4:8+", TASD_ERR_SYNTAX);
  parse_bad("4:8 + ", TASD_ERR_SYNTAX);
  parse_bad("4:8++1:8", TASD_ERR_SYNTAX);
  parse_bad("4:", TASD_ERR_SYNTAX);
  parse_bad(":8", TASD_ERR_SYNTAX);
  parse_bad("4", TASD_ERR_SYNTAX);
  parse_bad("4:8:2", TASD_ERR_SYNTAX);
  parse_bad("a:8", TASD_ERR_SYNTAX);
  parse_bad("4:8x", TASD_ERR_SYNTAX);
  parse_bad("-4:8", TASD_ERR_SYNTAX);
  parse_bad("4:-8", TASD_ERR_SYNTAX);
  parse_bad("4 : 8", TASD_ERR_SYNTAX);
  parse_bad("4:8 1:8", TASD_ERR_SYNTAX);
  parse_bad("densely", TASD_ERR_SYNTAX);
  parse_bad("Dense", TASD_ERR_SYNTAX);
  parse_bad("4.0:8", TASD_ERR_SYNTAX);
  parse_bad("4:8,1:8", TASD_ERR_SYNTAX);

  parse_bad("4:0", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("0:0", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("3:6", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("1:512", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("9:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("4:8+4:8+1:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("4:8+5:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("1:8+1:8+1:8+1:8+1:8+1:8+1:8+1:8+0:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("99999999999999999999999:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("1:99999999999999999999999", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("65537:8", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("1:65536", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("1:4294967296", TASD_ERR_ILLEGAL_SERIES);
  parse_bad("dense+1:8", TASD_ERR_ILLEGAL_SERIES);
  /* Mixed M: 2:4 holds up to 4 positions of an 8-block, so 2:4+5:8 is illegal, 2:4+4:8 legal. */
  parse_bad("2:4+5:8", TASD_ERR_ILLEGAL_SERIES);
  parse_ok("2:4+4:8", 2, (const uint16_t[]){2, 4, 4, 8});
  /* Earlier larger block: 4:8 can hold min(4,4) = 4 positions of a 4-block. */
  parse_bad("4:8+1:4", TASD_ERR_ILLEGAL_SERIES);
  parse_ok("3:8+1:4", 2, (const uint16_t[]){3, 8, 1, 4});
  parse_bad("3:8+2:4", TASD_ERR_ILLEGAL_SERIES);

  /* Messages name the problem. */
  {
    char msg[256];
    tasd_series s;
    CHECK_ST(tasd_series_parse_msg("9:8", &s, msg, sizeof msg), TASD_ERR_ILLEGAL_SERIES);
    CHECK_MSG(strstr(msg, "N=9") && strstr(msg, "M=8"), "msg: %s", msg);
    CHECK_ST(tasd_series_parse_msg("4:8+", &s, msg, sizeof msg), TASD_ERR_SYNTAX);
    CHECK_MSG(strstr(msg, "trailing"), "msg: %s", msg);
    CHECK_ST(tasd_series_parse_msg("3:6", &s, msg, sizeof msg), TASD_ERR_ILLEGAL_SERIES);
    CHECK_MSG(strstr(msg, "power of two"), "msg: %s", msg);
    CHECK_ST(tasd_series_parse_msg("4:8+4:8+1:8", &s, msg, sizeof msg), TASD_ERR_ILLEGAL_SERIES);
    CHECK_MSG(strstr(msg, "sum of N"), "msg: %s", msg);
    /* Tiny and NULL error buffers are fine. */
    CHECK_ST(tasd_series_parse_msg("9:8", &s, msg, 1), TASD_ERR_ILLEGAL_SERIES);
    CHECK_EQ(msg[0], '\0');
    CHECK_ST(tasd_series_parse_msg("9:8", &s, NULL, 100), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_series_parse_msg(NULL, &s, msg, sizeof msg), TASD_ERR_NULL);
  }
  CHECK_ST(tasd_series_parse(NULL, NULL), TASD_ERR_NULL);
  {
    tasd_series s;
    CHECK_ST(tasd_series_parse(NULL, &s), TASD_ERR_NULL);
    CHECK_ST(tasd_series_parse("4:8", NULL), TASD_ERR_NULL);
  }

  /* tasd_series_check on structs. */
  CHECK_ST(tasd_series_check(NULL), TASD_ERR_NULL);
  {
    tasd_series s = mk(0, NULL);
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(1, (const uint16_t[]){1, 8});
    s.nterms = TASD_MAX_TERMS + 1;
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(1, (const uint16_t[]){1, 0});
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(1, (const uint16_t[]){0, 0});
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(1, (const uint16_t[]){1, 512});
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(2, (const uint16_t[]){65535, 8, 2, 8}); /* must not wrap */
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(2, (const uint16_t[]){4, 8, 4, 8});
    CHECK_OK(tasd_series_check(&s));
    s = mk(3, (const uint16_t[]){2, 4, 2, 8, 2, 16});
    CHECK_OK(tasd_series_check(&s));
    s = mk(3, (const uint16_t[]){2, 4, 2, 8, 5, 16}); /* 8+4+5 > 16 */
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(3, (const uint16_t[]){2, 4, 2, 8, 4, 16}); /* 8+4+4 = 16 */
    CHECK_OK(tasd_series_check(&s));
    s = mk(2, (const uint16_t[]){1, 256, 1, 1}); /* 1:256 holds min(1,1)=1 of a 1-block */
    CHECK_ST(tasd_series_check(&s), TASD_ERR_ILLEGAL_SERIES);
    s = mk(2, (const uint16_t[]){0, 256, 1, 1});
    CHECK_OK(tasd_series_check(&s));
    char msg[200];
    s = mk(2, (const uint16_t[]){2, 4, 5, 8});
    CHECK_ST(tasd_series_check_msg(&s, msg, sizeof msg), TASD_ERR_ILLEGAL_SERIES);
    CHECK_MSG(strstr(msg, "term 2") != NULL, "msg: %s", msg);
    CHECK_ST(tasd_series_check_msg(NULL, msg, sizeof msg), TASD_ERR_NULL);
  }

  /* Formatting: canonical text, round trip, buffer sizes. */
  {
    const char *canon[] = {"4:8+1:8", "2:4+2:8", "dense", "0:8", "256:256",
                           "1:8+1:8+1:8+1:8+1:8+1:8+1:8+1:8", "4:8+0:8", "2:4+2:8+2:16"};
    for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++) {
      tasd_series s;
      char buf[128];
      CHECK_OK(tasd_series_parse(canon[i], &s));
      CHECK_OK(tasd_series_format(&s, buf, sizeof buf));
      CHECK_MSG(strcmp(buf, canon[i]) == 0, "format: %s != %s", buf, canon[i]);
      size_t need = strlen(canon[i]) + 1;
      CHECK_OK(tasd_series_format(&s, buf, need));
      CHECK_ST(tasd_series_format(&s, buf, need - 1), TASD_ERR_BUFFER);
      CHECK_EQ(buf[0], '\0');
    }
    tasd_series s;
    char buf[64];
    CHECK_OK(tasd_series_parse("  4:8 + 1:8 ", &s));
    CHECK_OK(tasd_series_format(&s, buf, sizeof buf));
    CHECK(strcmp(buf, "4:8+1:8") == 0);
    CHECK_OK(tasd_series_parse("1:1+0:4", &s));
    CHECK_OK(tasd_series_format(&s, buf, sizeof buf));
    CHECK(strcmp(buf, "1:1+0:4") == 0);
    CHECK_ST(tasd_series_format(NULL, buf, sizeof buf), TASD_ERR_NULL);
    CHECK_ST(tasd_series_format(&s, NULL, 10), TASD_ERR_NULL);
    CHECK_ST(tasd_series_format(&s, buf, 0), TASD_ERR_BUFFER);
    s.nterms = 0;
    CHECK_ST(tasd_series_format(&s, buf, sizeof buf), TASD_ERR_ILLEGAL_SERIES);
  }

  /* Density. */
  {
    tasd_series s;
    CHECK_OK(tasd_series_parse("4:8+1:8", &s));
    CHECK(tasd_series_density(&s) == 0.625);
    CHECK_OK(tasd_series_parse("2:4+2:8", &s));
    CHECK(tasd_series_density(&s) == 0.75);
    CHECK_OK(tasd_series_parse("dense", &s));
    CHECK(tasd_series_density(&s) == 1.0);
    CHECK_OK(tasd_series_parse("0:8", &s));
    CHECK(tasd_series_density(&s) == 0.0);
    CHECK(tasd_series_density(NULL) == 0.0);
  }
  return tu_finish();
}
