/* SPDX-License-Identifier: Apache-2.0 */
/* tasd CLI helpers: option parsing, error exits, file I/O wrappers, element access, PRNG. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

void cli_fail(int code, const char *sub, const char *fmt, ...) {
  fflush(stdout);
  fprintf(stderr, "tasd%s%s: ", sub ? " " : "", sub ? sub : "");
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  if (code == CLI_EUSAGE)
    fprintf(stderr, "Run 'tasd%s%s --help' for usage.\n", sub ? " " : "", sub ? sub : "");
  exit(code);
}

static cli_opt *find_long(cli_opt *opts, const char *name, size_t len) {
  for (cli_opt *o = opts; o && o->name; o++)
    if (strlen(o->name) == len && !strncmp(o->name, name, len)) return o;
  return NULL;
}

int cli_parse(const char *sub, const char *help, int argc, char **argv, cli_opt *opts,
              const char **pos, int maxpos) {
  int npos = 0;
  int only_pos = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!only_pos && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
      fputs(help, stdout);
      exit(CLI_OK);
    }
    if (!only_pos && !strcmp(a, "--")) {
      only_pos = 1;
      continue;
    }
    if (!only_pos && a[0] == '-' && a[1] != '\0') {
      cli_opt *o = NULL;
      const char *val = NULL;
      if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        o = find_long(opts, a + 2, len);
        if (!o) cli_fail(CLI_EUSAGE, sub, "unknown option '%.*s'", (int)(len + 2), a);
        if (eq) {
          if (!o->has_arg) cli_fail(CLI_EUSAGE, sub, "option '--%s' takes no value", o->name);
          val = eq + 1;
        }
      } else {
        for (cli_opt *p = opts; p && p->name; p++)
          if (p->short_name && p->short_name == a[1]) o = p;
        if (!o) cli_fail(CLI_EUSAGE, sub, "unknown option '%s'", a);
        if (a[2] != '\0') {
          if (!o->has_arg) cli_fail(CLI_EUSAGE, sub, "unknown option '%s'", a);
          val = a + 2;
        }
      }
      if (o->has_arg && val == NULL) {
        if (i + 1 >= argc) cli_fail(CLI_EUSAGE, sub, "option '%s' needs a value", a);
        val = argv[++i];
      }
      *o->value = o->has_arg ? val : "1";
      continue;
    }
    if (npos >= maxpos)
      cli_fail(CLI_EUSAGE, sub, "unexpected argument '%s'", a);
    pos[npos++] = a;
  }
  return npos;
}

void cli_series(const char *sub, const char *text, tasd_series *s) {
  char msg[256];
  tasd_status st = tasd_series_parse_msg(text, s, msg, sizeof msg);
  if (st != TASD_OK)
    cli_fail(CLI_EUSAGE, sub, "bad series '%s': %s (%s)", text, msg, tasd_strerror(st));
}

void cli_load(const char *sub, const char *path, tasd_tensor *t) {
  char msg[512];
  tasd_status st = tasd_npy_load(path, t, msg, sizeof msg);
  if (st != TASD_OK) cli_fail(CLI_EDATA, sub, "%s", msg);
}

void cli_save(const char *sub, const char *path, const tasd_tensor *t) {
  char msg[512];
  tasd_status st = tasd_npy_save(path, t, msg, sizeof msg);
  if (st != TASD_OK) cli_fail(CLI_EDATA, sub, "%s", msg);
}

void cli_check(const char *sub, tasd_status st, const char *what) {
  if (st != TASD_OK) cli_fail(CLI_EDATA, sub, "%s: %s", what, tasd_strerror(st));
}

void cli_mkdirs(const char *sub, const char *dir) {
  char buf[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof buf) cli_fail(CLI_EUSAGE, sub, "bad output directory '%s'", dir);
  memcpy(buf, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        cli_fail(CLI_EDATA, sub, "cannot create directory '%s': %s", buf, strerror(errno));
      buf[i] = c;
    }
  }
  struct stat sb;
  if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
    cli_fail(CLI_EDATA, sub, "'%s' is not a directory", dir);
}

void cli_check_finite(const char *sub, const char *path, const tasd_tensor *t) {
  if (t->dtype != TASD_FLOAT32) return;
  size_t n = tasd_tensor_numel(t);
  const float *v = (const float *)t->data;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(v[i]))
      cli_fail(CLI_EDATA, sub, "%s: %s (element %zu is %s)", path, tasd_strerror(TASD_ERR_NAN), i,
               isnan(v[i]) ? "NaN" : "Inf");
}

double cli_get(const tasd_tensor *t, size_t i) {
  switch (t->dtype) {
    case TASD_INT8: return ((const int8_t *)t->data)[i];
    case TASD_INT16: return ((const int16_t *)t->data)[i];
    case TASD_INT32: return ((const int32_t *)t->data)[i];
    case TASD_FLOAT32: return ((const float *)t->data)[i];
    case TASD_UINT8: return ((const uint8_t *)t->data)[i];
  }
  return 0.0;
}

void cli_shape_str(const tasd_tensor *t, char *buf, size_t len) {
  size_t n = (size_t)snprintf(buf, len, "[");
  for (uint32_t d = 0; d < t->ndim && n < len; d++)
    n += (size_t)snprintf(buf + n, len - n, d ? ", %zu" : "%zu", t->shape[d]);
  if (n < len) snprintf(buf + n, len - n, "] %s", tasd_dtype_name(t->dtype));
}

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void cli_rng_seed(cli_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cli_rng_next(cli_rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

double cli_rng_unit(cli_rng *r) { return (double)(cli_rng_next(r) >> 11) * 0x1.0p-53; }

double cli_rng_normal(cli_rng *r) {
  double u1 = 1.0 - cli_rng_unit(r); /* (0, 1] so log is finite */
  double u2 = cli_rng_unit(r);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

uint64_t cli_rng_below(cli_rng *r, uint64_t n) {
  uint64_t lim = UINT64_MAX - UINT64_MAX % n;
  for (;;) {
    uint64_t v = cli_rng_next(r);
    if (v < lim) return v % n;
  }
}
