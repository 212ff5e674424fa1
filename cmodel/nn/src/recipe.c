/* SPDX-License-Identifier: Apache-2.0 */
/* Training-recipe table (cmodel/nn/models/recipes.tsv): parser and lookup. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_internal.h"

#define RECIPE_FIELDS 11
#define RECIPE_MAX_BYTES (1u << 20)
/* Sanity bounds of a recipe (far above anything useful). */
#define RECIPE_MAX_EPOCHS 10000u
#define RECIPE_MAX_BATCH 65536u

typedef struct {
  const char *name;
  uint32_t line;
  char *errbuf;
  size_t errlen;
} rctx;

static tasd_status rfail(const rctx *c, tasd_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static tasd_status rfail(const rctx *c, tasd_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  st = tasd_nn__vfail_at(c->errbuf, c->errlen, st, c->name, c->line, fmt, ap);
  va_end(ap);
  return st;
}

/* Decimal unsigned integer, digits only, no overflow. */
static int parse_u64(const char *s, uint64_t *out) {
  if (*s == '\0') return 0;
  uint64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    unsigned d = (unsigned)(*s - '0');
    if (v > (UINT64_MAX - d) / 10u) return 0;
    v = v * 10u + d;
  }
  *out = v;
  return 1;
}

/* A finite decimal real (strtod syntax without hex, inf or nan), whole field. */
static int parse_real(const char *s, double *out) {
  for (const char *p = s; *p; p++)
    if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+'))
      return 0;
  if (*s == '\0') return 0;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (*end != '\0' || errno == ERANGE || !isfinite(v)) return 0;
  *out = v;
  return 1;
}

static int valid_recipe_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n >= TASD_NN_NAME_LEN) return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '_' || ch == '.' || ch == '-'))
      return 0;
  }
  return 1;
}

static tasd_status u32_field(const rctx *c, const char *what, const char *tok, uint64_t lo, uint64_t hi,
                             uint32_t *out) {
  uint64_t v;
  if (!parse_u64(tok, &v)) return rfail(c, TASD_ERR_SYNTAX, "bad number '%s' for %s", tok, what);
  if (v < lo || v > hi)
    return rfail(c, TASD_ERR_RANGE, "%s %" PRIu64 " out of range %" PRIu64 "..%" PRIu64, what, v, lo, hi);
  *out = (uint32_t)v;
  return TASD_OK;
}

/* Real in [lo, hi] (lo_open / hi_open: bound excluded). */
static tasd_status real_field(const rctx *c, const char *what, const char *tok, double lo, int lo_open,
                              double hi, int hi_open, double *out) {
  double v;
  if (!parse_real(tok, &v)) return rfail(c, TASD_ERR_SYNTAX, "bad number '%s' for %s", tok, what);
  if ((lo_open ? v <= lo : v < lo) || (hi_open ? v >= hi : v > hi))
    return rfail(c, TASD_ERR_RANGE, "%s %s out of range %c%g, %g%c", what, tok, lo_open ? '(' : '[', lo, hi,
                 hi_open ? ')' : ']');
  *out = v;
  return TASD_OK;
}

static tasd_status recipe_row(const rctx *c, char **f, const char *dir, tasd_nn_recipes *t) {
  tasd_nn_recipe r;
  memset(&r, 0, sizeof r);
  tasd_status st;
  double v;
  if (!valid_recipe_name(f[0]))
    return rfail(c, TASD_ERR_SYNTAX, "bad recipe name '%s' (1..%d characters of A-Z a-z 0-9 _ . -)", f[0],
                 TASD_NN_NAME_LEN - 1);
  for (uint32_t i = 0; i < t->count; i++)
    if (strcmp(t->r[i].name, f[0]) == 0) return rfail(c, TASD_ERR_SYNTAX, "duplicate recipe name '%s'", f[0]);
  memcpy(r.name, f[0], strlen(f[0]) + 1);
  int n;
  if (dir != NULL && dir[0] != '\0' && f[1][0] != '/')
    n = snprintf(r.arch, sizeof r.arch, "%s/%s", dir, f[1]);
  else
    n = snprintf(r.arch, sizeof r.arch, "%s", f[1]);
  if (n < 0 || (size_t)n >= sizeof r.arch)
    return rfail(c, TASD_ERR_RANGE, "arch path '%s' longer than %d characters", f[1], TASD_NN_PATH_LEN - 1);
  if ((st = u32_field(c, "epochs", f[2], 1, RECIPE_MAX_EPOCHS, &r.train.epochs)) != TASD_OK) return st;
  if ((st = u32_field(c, "batch", f[3], 1, RECIPE_MAX_BATCH, &r.train.batch)) != TASD_OK) return st;
  if ((st = real_field(c, "lr", f[4], 0.0, 1, 100.0, 0, &v)) != TASD_OK) return st;
  r.train.lr = (float)v;
  if ((st = real_field(c, "momentum", f[5], 0.0, 0, 1.0, 1, &v)) != TASD_OK) return st;
  r.train.momentum = (float)v;
  if ((st = real_field(c, "weight_decay", f[6], 0.0, 0, 1.0, 0, &v)) != TASD_OK) return st;
  r.train.weight_decay = (float)v;
  if (!parse_u64(f[7], &r.train.seed)) return rfail(c, TASD_ERR_SYNTAX, "bad number '%s' for seed", f[7]);
  if (strcmp(f[8], "-") != 0) {
    char *p = f[8];
    for (;;) {
      char *comma = strchr(p, ',');
      if (comma) *comma = '\0';
      if (r.nprune == TASD_NN_MAX_PRUNE)
        return rfail(c, TASD_ERR_RANGE, "more than %d prune levels", TASD_NN_MAX_PRUNE);
      if ((st = real_field(c, "prune level", p, 0.0, 1, 1.0, 1, &v)) != TASD_OK) return st;
      if (r.nprune > 0 && v <= r.prune[r.nprune - 1])
        return rfail(c, TASD_ERR_RANGE, "prune level %s not above the previous one (%g)", p,
                     r.prune[r.nprune - 1]);
      r.prune[r.nprune++] = v;
      if (!comma) break;
      p = comma + 1;
    }
  }
  if ((st = u32_field(c, "retrain_epochs", f[9], r.nprune ? 1 : 0, RECIPE_MAX_EPOCHS, &r.retrain_epochs)) !=
      TASD_OK)
    return st;
  if ((st = real_field(c, "retrain_lr", f[10], 0.0, 1, 100.0, 0, &v)) != TASD_OK) return st;
  r.retrain_lr = (float)v;
  if (t->count == TASD_NN_MAX_RECIPES)
    return rfail(c, TASD_ERR_RANGE, "more than %d recipes", TASD_NN_MAX_RECIPES);
  t->r[t->count++] = r;
  return TASD_OK;
}

tasd_status tasd_nn_recipe_parse(const char *text, const char *name, const char *dir, tasd_nn_recipes *out,
                                 char *errbuf, size_t errlen) {
  if (name == NULL) name = "<recipes>";
  if (text == NULL || out == NULL) {
    tasd_nn__errf(errbuf, errlen, "%s: NULL argument", name);
    return TASD_ERR_NULL;
  }
  size_t tlen = strlen(text);
  char *buf = malloc(tlen + 1);
  tasd_nn_recipes *t = malloc(sizeof *t);
  if (buf == NULL || t == NULL) {
    free(buf);
    free(t);
    tasd_nn__errf(errbuf, errlen, "%s: out of memory", name);
    return TASD_ERR_NOMEM;
  }
  memcpy(buf, text, tlen + 1);
  memset(t, 0, sizeof *t);
  rctx c = {name, 0, errbuf, errlen};
  tasd_status st = TASD_OK;
  for (char *p = buf; *p != '\0' && st == TASD_OK;) {
    c.line++;
    char *line = p;
    char *e = strchr(p, '\n');
    if (e) {
      *e = '\0';
      p = e + 1;
    } else {
      p += strlen(p);
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *f[RECIPE_FIELDS];
    int nf = 0;
    for (char *q = line; *q;) {
      while (*q == ' ' || *q == '\t' || *q == '\r') *q++ = '\0';
      if (*q == '\0') break;
      if (nf < RECIPE_FIELDS) f[nf] = q;
      nf++;
      while (*q && *q != ' ' && *q != '\t' && *q != '\r') q++;
    }
    if (nf == 0) continue;
    if (nf != RECIPE_FIELDS) {
      st = rfail(&c, TASD_ERR_SYNTAX,
                 "%d fields, expected %d (name arch epochs batch lr momentum weight_decay seed prune "
                 "retrain_epochs retrain_lr)",
                 nf, RECIPE_FIELDS);
      break;
    }
    st = recipe_row(&c, f, dir, t);
  }
  free(buf);
  if (st == TASD_OK) *out = *t;
  free(t);
  return st;
}

tasd_status tasd_nn_recipe_load(const char *path, tasd_nn_recipes *out, char *errbuf, size_t errlen) {
  if (path == NULL || out == NULL) {
    tasd_nn__errf(errbuf, errlen, "tasd_nn_recipe_load: NULL argument");
    return TASD_ERR_NULL;
  }
  char *text = NULL;
  size_t len = 0;
  tasd_status st = tasd_nn__read_text(path, RECIPE_MAX_BYTES, &text, &len, errbuf, errlen);
  if (st != TASD_OK) return st;
  if (strlen(text) != len) {
    free(text);
    tasd_nn__errf(errbuf, errlen, "%s: NUL byte in the file (not a text file)", path);
    return TASD_ERR_SYNTAX;
  }
  /* directory of path: everything before the last '/' ("" when there is none) */
  char dir[TASD_NN_PATH_LEN];
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) : 0;
  if (slash == path) dl = 1; /* "/recipes.tsv" */
  if (dl >= sizeof dir) {
    free(text);
    tasd_nn__errf(errbuf, errlen, "%s: directory name longer than %d characters", path, TASD_NN_PATH_LEN - 1);
    return TASD_ERR_RANGE;
  }
  memcpy(dir, path, dl);
  dir[dl] = '\0';
  st = tasd_nn_recipe_parse(text, path, dir, out, errbuf, errlen);
  free(text);
  return st;
}

const tasd_nn_recipe *tasd_nn_recipe_find(const tasd_nn_recipes *t, const char *name) {
  if (t == NULL || name == NULL) return NULL;
  for (uint32_t i = 0; i < t->count && i < TASD_NN_MAX_RECIPES; i++)
    if (strcmp(t->r[i].name, name) == 0) return &t->r[i];
  return NULL;
}
