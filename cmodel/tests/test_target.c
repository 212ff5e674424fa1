/* SPDX-License-Identifier: Apache-2.0 */
/* Hardware targets: lookup, support check, series enumeration order, the paper's Table 2. */
#include <string.h>

#include "testutil.h"

static void fmt(const tasd_series *s, char *buf, size_t len) {
  if (tasd_series_format(s, buf, len) != TASD_OK) snprintf(buf, len, "<bad>");
}

static void expect_pattern(const tasd_target *t, uint32_t n, const char *want) {
  tasd_series s;
  char buf[64];
  tasd_status st = tasd_target_pattern(t, n, &s);
  if (!want) {
    CHECK_MSG(st == TASD_ERR_UNSUPPORTED, "%s %u:%u should be unsupported (got %s)", t->name, n,
              t->m, tasd_strerror(st));
    return;
  }
  CHECK_MSG(st == TASD_OK, "%s %u:%u: %s", t->name, n, t->m, tasd_strerror(st));
  if (st != TASD_OK) return;
  fmt(&s, buf, sizeof buf);
  CHECK_MSG(strcmp(buf, want) == 0, "%s %u:%u -> %s, want %s", t->name, n, t->m, buf, want);
  CHECK_OK(tasd_target_supports(t, &s));
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  CHECK(tasd_target_count() >= 3);
  CHECK(tasd_target_get(tasd_target_count()) == NULL);
  CHECK(tasd_target_get((size_t)-1) == NULL);
  for (size_t i = 0; i < tasd_target_count(); i++) {
    const tasd_target *t = tasd_target_get(i), *f = NULL;
    CHECK(t && t->name && t->desc && t->m >= 1 && t->n_native >= 1 && t->n_native <= 8);
    CHECK_OK(tasd_target_find(t->name, &f));
    CHECK(f == t);
    for (uint32_t j = 1; j < t->n_native; j++) CHECK(t->native_n[j] > t->native_n[j - 1]);
  }
  const tasd_target *veg, *stc, *veg3, *f;
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8", &veg));
  CHECK_OK(tasd_target_find("ttc-stc-m4", &stc)); /* case-insensitive */
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8-3T", &veg3));
  CHECK_ST(tasd_target_find("TTC-VEGETA", &f), TASD_ERR_NOT_FOUND);
  CHECK_ST(tasd_target_find("TTC-VEGETA-M8X", &f), TASD_ERR_NOT_FOUND);
  CHECK_ST(tasd_target_find("", &f), TASD_ERR_NOT_FOUND);
  CHECK_ST(tasd_target_find(NULL, &f), TASD_ERR_NULL);
  CHECK_ST(tasd_target_find("TTC-STC-M4", NULL), TASD_ERR_NULL);
  CHECK_EQ(veg->m, 8);
  CHECK_EQ(veg->max_terms, 2);
  CHECK_EQ(stc->m, 4);
  CHECK_EQ(stc->max_terms, 1);
  CHECK_EQ(veg3->max_terms, 3);

  /* The paper's Table 2 for TTC-VEGETA (M=8, at most two terms). */
  expect_pattern(veg, 0, NULL);
  expect_pattern(veg, 1, "1:8");
  expect_pattern(veg, 2, "2:8");
  expect_pattern(veg, 3, "2:8+1:8");
  expect_pattern(veg, 4, "4:8");
  expect_pattern(veg, 5, "4:8+1:8");
  expect_pattern(veg, 6, "4:8+2:8");
  expect_pattern(veg, 7, NULL);
  expect_pattern(veg, 8, "4:8+4:8");
  expect_pattern(veg, 9, NULL);
  /* Three terms make 7:8 possible. */
  expect_pattern(veg3, 7, "4:8+2:8+1:8");
  expect_pattern(veg3, 8, "4:8+4:8");
  expect_pattern(veg3, 6, "4:8+2:8");
  expect_pattern(stc, 2, "2:4");
  expect_pattern(stc, 1, NULL);
  expect_pattern(stc, 4, NULL);

  /* Full enumeration order for VEGETA-M8. */
  {
    const char *want[] = {"1:8",     "2:8",     "1:8+1:8", "2:8+1:8", "4:8",
                          "2:8+2:8", "4:8+1:8", "4:8+2:8", "4:8+4:8"};
    tasd_series all[32];
    size_t count = 0;
    CHECK_OK(tasd_target_series(veg, all, 32, &count));
    CHECK_EQ(count, 9);
    for (size_t i = 0; i < count && i < 9; i++) {
      char buf[64];
      fmt(&all[i], buf, sizeof buf);
      CHECK_MSG(strcmp(buf, want[i]) == 0, "entry %zu: %s want %s", i, buf, want[i]);
    }
    /* Short buffers: count still reported, and the prefix is the start of the full order. */
    tasd_series few[4];
    count = 0;
    CHECK_ST(tasd_target_series(veg, few, 4, &count), TASD_ERR_BUFFER);
    CHECK_EQ(count, 9);
    for (size_t i = 0; i < 4; i++) {
      char buf[64];
      fmt(&few[i], buf, sizeof buf);
      CHECK_MSG(strcmp(buf, want[i]) == 0, "prefix %zu: %s want %s", i, buf, want[i]);
    }
    count = 0;
    CHECK_ST(tasd_target_series(veg, NULL, 0, &count), TASD_ERR_BUFFER);
    CHECK_EQ(count, 9);
    CHECK_ST(tasd_target_series(veg, NULL, 3, &count), TASD_ERR_NULL);
    CHECK_ST(tasd_target_series(NULL, all, 3, &count), TASD_ERR_NULL);
    CHECK_ST(tasd_target_series(veg, all, 3, NULL), TASD_ERR_NULL);
  }
  /* 3-term target: 3 singles + 6 pairs + 7 legal triples. */
  {
    tasd_series all[64];
    size_t count = 0;
    CHECK_OK(tasd_target_series(veg3, all, 64, &count));
    CHECK_EQ(count, 16);
    for (size_t i = 0; i < count; i++) {
      CHECK_OK(tasd_target_supports(veg3, &all[i]));
      uint32_t tot = 0;
      for (uint32_t t = 0; t < all[i].nterms; t++) {
        tot += all[i].term[t].n;
        if (t) CHECK(all[i].term[t].n <= all[i].term[t - 1].n);
      }
      CHECK(tot <= 8);
    }
    CHECK_OK(tasd_target_series(stc, all, 64, &count));
    CHECK_EQ(count, 1);
  }
  /* Support check codes. */
  {
    tasd_series s;
    CHECK_OK(tasd_series_parse("4:8+2:8", &s));
    CHECK_OK(tasd_target_supports(veg, &s));
    CHECK_ST(tasd_target_supports(stc, &s), TASD_ERR_UNSUPPORTED);
    CHECK_OK(tasd_series_parse("3:8", &s));
    CHECK_ST(tasd_target_supports(veg, &s), TASD_ERR_UNSUPPORTED); /* 3 not native */
    CHECK_OK(tasd_series_parse("4:8+2:8+1:8", &s));
    CHECK_ST(tasd_target_supports(veg, &s), TASD_ERR_UNSUPPORTED); /* too many terms */
    CHECK_OK(tasd_target_supports(veg3, &s));
    CHECK_OK(tasd_series_parse("2:4+2:8", &s));
    CHECK_ST(tasd_target_supports(veg, &s), TASD_ERR_UNSUPPORTED); /* wrong M */
    CHECK_OK(tasd_series_parse("2:4", &s));
    CHECK_OK(tasd_target_supports(stc, &s));
    CHECK_OK(tasd_series_parse("dense", &s));
    CHECK_ST(tasd_target_supports(stc, &s), TASD_ERR_UNSUPPORTED);
    CHECK_OK(tasd_series_parse("0:8+1:8", &s));
    CHECK_ST(tasd_target_supports(veg, &s), TASD_ERR_UNSUPPORTED); /* empty term not native */
    s.nterms = 2;
    s.term[0].n = 4;
    s.term[0].m = 8;
    s.term[1].n = 8;
    s.term[1].m = 8;
    CHECK_ST(tasd_target_supports(veg, &s), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_target_supports(NULL, &s), TASD_ERR_NULL);
    CHECK_ST(tasd_target_supports(veg, NULL), TASD_ERR_NULL);
    CHECK_ST(tasd_target_pattern(NULL, 3, &s), TASD_ERR_NULL);
    CHECK_ST(tasd_target_pattern(veg, 3, NULL), TASD_ERR_NULL);
  }
  return tu_finish();
}
