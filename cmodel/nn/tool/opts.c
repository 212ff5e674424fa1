/* SPDX-License-Identifier: Apache-2.0 */
/* tasdnet option parsing (--key value) and messages. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tasdnet.h"

void tn_err(const char *fmt, ...) {
  fflush(stdout);
  fputs("tasdnet: ", stderr);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static int is_flag(const char *k, const char *const *flags) {
  for (; flags && *flags; flags++)
    if (!strcmp(*flags, k)) return 1;
  return 0;
}

int tn_opts_parse(tn_opts *o, int argc, char **argv, int first, const char *const *flags) {
  memset(o, 0, sizeof *o);
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
      tn_err("unexpected argument '%s' (options are --key value)", a);
      return TN_EXIT_USAGE;
    }
    if (o->n == 64) {
      tn_err("too many options");
      return TN_EXIT_USAGE;
    }
    for (int j = 0; j < o->n; j++)
      if (!strcmp(o->key[j], a + 2)) {
        tn_err("option '%s' given twice", a);
        return TN_EXIT_USAGE;
      }
    o->key[o->n] = a + 2;
    if (is_flag(a + 2, flags)) {
      o->val[o->n++] = "1";
      continue;
    }
    if (i + 1 >= argc) {
      tn_err("option '%s' needs a value", a);
      return TN_EXIT_USAGE;
    }
    o->val[o->n++] = argv[++i];
  }
  return 0;
}

const char *tn_opt(tn_opts *o, const char *key, const char *def) {
  for (int i = 0; i < o->n; i++)
    if (!strcmp(o->key[i], key)) {
      o->used[i] = 1;
      return o->val[i];
    }
  return def;
}

int tn_opt_flag(tn_opts *o, const char *key) { return tn_opt(o, key, NULL) != NULL; }

int tn_opt_u32(tn_opts *o, const char *key, uint32_t def, uint32_t *out) {
  const char *v = tn_opt(o, key, NULL);
  if (!v) {
    *out = def;
    return 0;
  }
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (errno || end == v || *end || v[0] == '-' || x > UINT32_MAX) {
    tn_err("--%s: '%s' is not a number in 0..%u", key, v, UINT32_MAX);
    return TN_EXIT_USAGE;
  }
  *out = (uint32_t)x;
  return 0;
}

int tn_opt_f64(tn_opts *o, const char *key, double def, double *out) {
  const char *v = tn_opt(o, key, NULL);
  if (!v) {
    *out = def;
    return 0;
  }
  char *end;
  errno = 0;
  double x = strtod(v, &end);
  if (errno || end == v || *end || !isfinite(x)) {
    tn_err("--%s: '%s' is not a finite number", key, v);
    return TN_EXIT_USAGE;
  }
  *out = x;
  return 0;
}

int tn_opts_unused(const tn_opts *o) {
  for (int i = 0; i < o->n; i++)
    if (!o->used[i]) {
      tn_err("unknown option '--%s'", o->key[i]);
      return TN_EXIT_USAGE;
    }
  return 0;
}
