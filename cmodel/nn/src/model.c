/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture files, float model arrays (alloc / copy / free / hash) and their .npz state_dicts. */
/*
 * Architecture text (see tasd_nn.h): one layer per line, '#' to the end of the line is a
 * comment, fields separated by blanks (spaces / tabs), CR before LF ignored. Numbers are plain
 * decimal (no sign), at most TASD_NN_MAX_DIM. Shapes follow PyTorch: conv output
 * floor((H + 2 PAD - K) / STRIDE) + 1, maxpool output floor(H / K) (ceil_mode off).
 * Everything is parsed into a local model and copied out only on success.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nn_internal.h"

/* Largest arch file read (a real one is a few hundred bytes). */
#define ARCH_MAX_BYTES (1u << 20)
/* Fields kept per line (conv has 7; more are counted, not kept). */
#define ARCH_MAX_TOK 8

void tasd_nn__errf(char *errbuf, size_t errlen, const char *fmt, ...) {
  if (errbuf == NULL || errlen == 0) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(errbuf, errlen, fmt, ap);
  va_end(ap);
  if (n < 0) errbuf[0] = '\0';
}

tasd_status tasd_nn__fail(char *errbuf, size_t errlen, tasd_status st, const char *fmt, ...) {
  if (errbuf == NULL || errlen == 0) return st;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(errbuf, errlen, fmt, ap);
  va_end(ap);
  if (n < 0) errbuf[0] = '\0';
  return st;
}

tasd_status tasd_nn__vfail_at(char *errbuf, size_t errlen, tasd_status st, const char *file,
                              uint32_t line, const char *fmt, va_list ap) {
  if (errbuf == NULL || errlen == 0) return st;
  int n = snprintf(errbuf, errlen, "%s:%" PRIu32 ": ", file, line);
  if (n < 0)
    errbuf[0] = '\0';
  else if ((size_t)n < errlen)
    vsnprintf(errbuf + n, errlen - (size_t)n, fmt, ap);
  return st;
}

tasd_status tasd_nn__read_text(const char *path, size_t max, char **out, size_t *len, char *errbuf,
                               size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    tasd_nn__errf(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
    return TASD_ERR_IO;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    tasd_nn__errf(errbuf, errlen, "%s: not a regular file", path);
    return TASD_ERR_IO;
  }
  if ((uint64_t)st.st_size > (uint64_t)max) {
    fclose(f);
    tasd_nn__errf(errbuf, errlen, "%s: file too large (%lld bytes, at most %zu)", path,
                  (long long)st.st_size, max);
    return TASD_ERR_IO;
  }
  size_t cap = (size_t)st.st_size;
  char *buf = malloc(cap + 1);
  if (buf == NULL) {
    fclose(f);
    tasd_nn__errf(errbuf, errlen, "%s: out of memory", path);
    return TASD_ERR_NOMEM;
  }
  size_t got = fread(buf, 1, cap, f);
  int bad = ferror(f) || got != cap;
  fclose(f);
  if (bad) {
    free(buf);
    tasd_nn__errf(errbuf, errlen, "%s: read error", path);
    return TASD_ERR_IO;
  }
  buf[got] = '\0';
  *out = buf;
  *len = got;
  return TASD_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Architecture parser                                                                      */
/* ---------------------------------------------------------------------------------------- */
typedef struct {
  const char *name; /* file name for messages */
  uint32_t line;
  char *errbuf;
  size_t errlen;
} arch_ctx;

static tasd_status arch_fail(const arch_ctx *c, tasd_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static tasd_status arch_fail(const arch_ctx *c, tasd_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  st = tasd_nn__vfail_at(c->errbuf, c->errlen, st, c->name, c->line, fmt, ap);
  va_end(ap);
  return st;
}

/* Decimal 0..TASD_NN_MAX_DIM, digits only. */
static int parse_num(const char *tok, uint32_t *out) {
  if (*tok == '\0') return 0;
  uint32_t v = 0;
  for (const char *p = tok; *p; p++) {
    if (*p < '0' || *p > '9') return 0;
    v = v * 10u + (uint32_t)(*p - '0');
    if (v > TASD_NN_MAX_DIM) return 0;
  }
  *out = v;
  return 1;
}

/* 1..TASD_NN_NAME_LEN-1 characters of [A-Za-z0-9_.], not starting or ending with '.'. */
static int valid_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n >= TASD_NN_NAME_LEN || s[0] == '.' || s[n - 1] == '.') return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '_' || ch == '.'))
      return 0;
  }
  return 1;
}

static int parse_act(const char *tok, tasd_nn_act *out) {
  if (strcmp(tok, "relu") == 0) *out = TASD_NN_ACT_RELU;
  else if (strcmp(tok, "gelu") == 0) *out = TASD_NN_ACT_GELU;
  else if (strcmp(tok, "none") == 0) *out = TASD_NN_ACT_NONE;
  else return 0;
  return 1;
}

/* A number field: SYNTAX unless decimal within [lo, TASD_NN_MAX_DIM]. */
static tasd_status num_field(const arch_ctx *c, const char *what, const char *tok, uint32_t lo,
                             uint32_t *out) {
  if (!parse_num(tok, out) || *out < lo)
    return arch_fail(c, TASD_ERR_SYNTAX, "bad number '%s' for %s (expected %" PRIu32 "..%u)", tok,
                     what, lo, (unsigned)TASD_NN_MAX_DIM);
  return TASD_OK;
}

static const char *op_word(tasd_nn_op op) {
  return op == TASD_NN_FC ? "fc" : op == TASD_NN_CONV ? "conv" : "maxpool";
}

/* Checks a derived per-image size (activations) or per-layer size (weights). */
static tasd_status size_ok(const arch_ctx *c, const char *what, uint64_t v) {
  if (v > TASD_NN_MAX_ELEMS)
    return arch_fail(c, TASD_ERR_RANGE, "%s has %" PRIu64 " elements (at most %" PRIu64 ")", what,
                     v, (uint64_t)TASD_NN_MAX_ELEMS);
  return TASD_OK;
}

/* One non-blank line, already split into tokens. */
static tasd_status arch_line(const arch_ctx *c, char **tok, int nt, tasd_nn_model *m, int *have_input) {
  tasd_status st;
  if (strcmp(tok[0], "input") == 0) {
    if (*have_input) return arch_fail(c, TASD_ERR_SYNTAX, "second 'input' line");
    if (nt != 4) return arch_fail(c, TASD_ERR_SYNTAX, "'input' takes 3 fields (C H W), got %d", nt - 1);
    if ((st = num_field(c, "C", tok[1], 1, &m->in_c)) != TASD_OK) return st;
    if ((st = num_field(c, "H", tok[2], 1, &m->in_h)) != TASD_OK) return st;
    if ((st = num_field(c, "W", tok[3], 1, &m->in_w)) != TASD_OK) return st;
    if ((st = size_ok(c, "the input", (uint64_t)m->in_c * m->in_h * m->in_w)) != TASD_OK) return st;
    *have_input = 1;
    return TASD_OK;
  }
  tasd_nn_layer L;
  memset(&L, 0, sizeof L);
  if (strcmp(tok[0], "fc") == 0) {
    L.op = TASD_NN_FC;
    if (nt != 4) return arch_fail(c, TASD_ERR_SYNTAX, "'fc' takes 3 fields (NAME OUT ACT), got %d", nt - 1);
  } else if (strcmp(tok[0], "conv") == 0) {
    L.op = TASD_NN_CONV;
    if (nt != 7)
      return arch_fail(c, TASD_ERR_SYNTAX,
                       "'conv' takes 6 fields (NAME OUT K STRIDE PAD ACT), got %d", nt - 1);
  } else if (strcmp(tok[0], "maxpool") == 0) {
    L.op = TASD_NN_MAXPOOL;
    if (nt != 2) return arch_fail(c, TASD_ERR_SYNTAX, "'maxpool' takes 1 field (K), got %d", nt - 1);
  } else {
    return arch_fail(c, TASD_ERR_SYNTAX, "unknown op '%s' (expected input, fc, conv or maxpool)", tok[0]);
  }
  if (!*have_input) return arch_fail(c, TASD_ERR_SYNTAX, "the first line must be 'input C H W'");
  if (m->nlayers >= TASD_NN_MAX_LAYERS)
    return arch_fail(c, TASD_ERR_RANGE, "more than %d layers", TASD_NN_MAX_LAYERS);
  const tasd_nn_layer *prev = m->nlayers ? &m->layer[m->nlayers - 1] : NULL;
  L.in_c = prev ? prev->out_c : m->in_c;
  L.in_h = prev ? prev->out_h : m->in_h;
  L.in_w = prev ? prev->out_w : m->in_w;

  if (L.op != TASD_NN_MAXPOOL) {
    if (!valid_name(tok[1]))
      return arch_fail(c, TASD_ERR_SYNTAX,
                       "bad layer name '%s' (1..%d characters of A-Z a-z 0-9 _ ., not starting or "
                       "ending with '.')",
                       tok[1], TASD_NN_NAME_LEN - 1);
    for (uint32_t i = 0; i < m->nlayers; i++)
      if (strcmp(m->layer[i].name, tok[1]) == 0)
        return arch_fail(c, TASD_ERR_SYNTAX, "duplicate layer name '%s'", tok[1]);
    memcpy(L.name, tok[1], strlen(tok[1]) + 1);
    if ((st = num_field(c, "OUT", tok[2], 1, &L.out_c)) != TASD_OK) return st;
    if (!parse_act(tok[nt - 1], &L.act))
      return arch_fail(c, TASD_ERR_SYNTAX, "unknown activation '%s' (expected relu, gelu or none)",
                       tok[nt - 1]);
  }
  if (L.op == TASD_NN_FC) {
    /* flatten (c, h, w) in PyTorch order: the layout the arrays already have */
    L.in_c = L.in_c * L.in_h * L.in_w;
    L.in_h = L.in_w = 1;
    L.out_h = L.out_w = 1;
  } else if (L.op == TASD_NN_CONV) {
    if ((st = num_field(c, "K", tok[3], 1, &L.k)) != TASD_OK) return st;
    if ((st = num_field(c, "STRIDE", tok[4], 1, &L.stride)) != TASD_OK) return st;
    if ((st = num_field(c, "PAD", tok[5], 0, &L.pad)) != TASD_OK) return st;
    uint64_t ph = (uint64_t)L.in_h + 2u * L.pad, pw = (uint64_t)L.in_w + 2u * L.pad;
    if (L.k > ph || L.k > pw)
      return arch_fail(c, TASD_ERR_SHAPE,
                       "conv %s: kernel %" PRIu32 " larger than the padded input %" PRIu64 "x%" PRIu64,
                       L.name, L.k, ph, pw);
    L.out_h = (uint32_t)((ph - L.k) / L.stride + 1u);
    L.out_w = (uint32_t)((pw - L.k) / L.stride + 1u);
  } else {
    if ((st = num_field(c, "K", tok[1], 1, &L.k)) != TASD_OK) return st;
    if (L.k > L.in_h || L.k > L.in_w)
      return arch_fail(c, TASD_ERR_SHAPE,
                       "maxpool %" PRIu32 " larger than its %" PRIu32 "x%" PRIu32 " input map", L.k,
                       L.in_h, L.in_w);
    L.stride = L.k;
    L.out_c = L.in_c;
    L.out_h = L.in_h / L.k;
    L.out_w = L.in_w / L.k;
  }
  char what[TASD_NN_NAME_LEN + 48];
  snprintf(what, sizeof what, "%s%s%s: the output map", op_word(L.op), L.name[0] ? " " : "", L.name);
  if ((st = size_ok(c, what, (uint64_t)L.out_c * L.out_h * L.out_w)) != TASD_OK) return st;
  snprintf(what, sizeof what, "%s %s: the im2col row", op_word(L.op), L.name);
  if (L.op == TASD_NN_CONV && (st = size_ok(c, what, (uint64_t)L.in_c * L.k * L.k)) != TASD_OK) return st;
  snprintf(what, sizeof what, "%s %s: the weight array", op_word(L.op), L.name);
  if ((st = size_ok(c, what, (uint64_t)tasd_nn_layer_weights(&L))) != TASD_OK) return st;
  m->layer[m->nlayers++] = L;
  return TASD_OK;
}

tasd_status tasd_nn_arch_parse(const char *text, const char *name, tasd_nn_model *m, char *errbuf,
                               size_t errlen) {
  if (name == NULL) name = "<arch>";
  if (text == NULL || m == NULL) {
    tasd_nn__errf(errbuf, errlen, "%s: NULL argument", name);
    return TASD_ERR_NULL;
  }
  tasd_nn_model loc;
  memset(&loc, 0, sizeof loc);
  arch_ctx c = {name, 0, errbuf, errlen};
  size_t tlen = strlen(text);
  char *buf = malloc(tlen + 1); /* tokenized in place */
  if (buf == NULL) {
    tasd_nn__errf(errbuf, errlen, "%s: out of memory", name);
    return TASD_ERR_NOMEM;
  }
  memcpy(buf, text, tlen + 1);
  int have_input = 0;
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
    /* fields: all are counted, the first ARCH_MAX_TOK kept (ops check the count first) */
    char *tok[ARCH_MAX_TOK];
    int nt = 0;
    for (char *q = line; *q;) {
      while (*q == ' ' || *q == '\t' || *q == '\r') *q++ = '\0';
      if (*q == '\0') break;
      if (nt < ARCH_MAX_TOK) tok[nt] = q;
      nt++;
      while (*q && *q != ' ' && *q != '\t' && *q != '\r') q++;
    }
    if (nt > 0) st = arch_line(&c, tok, nt, &loc, &have_input);
  }
  free(buf);
  if (st != TASD_OK) return st;
  c.line++; /* messages about the whole file point one past the last line */
  if (!have_input) return arch_fail(&c, TASD_ERR_SYNTAX, "no 'input C H W' line");
  if (loc.nlayers == 0) return arch_fail(&c, TASD_ERR_SHAPE, "no layers after 'input'");
  const tasd_nn_layer *last = &loc.layer[loc.nlayers - 1];
  if (last->op == TASD_NN_MAXPOOL)
    return arch_fail(&c, TASD_ERR_SHAPE, "the net must end in fc or conv, not maxpool");
  if (last->out_h != 1 || last->out_w != 1)
    return arch_fail(&c, TASD_ERR_SHAPE,
                     "the last layer (%s %s) must give a 1x1 map of class scores, not %" PRIu32 "x%" PRIu32,
                     op_word(last->op), last->name, last->out_h, last->out_w);
  if (last->out_c > 256)
    return arch_fail(&c, TASD_ERR_RANGE, "%" PRIu32 " classes (labels are bytes: at most 256)", last->out_c);
  loc.classes = last->out_c;
  *m = loc;
  return TASD_OK;
}

tasd_status tasd_nn_arch_load(const char *path, tasd_nn_model *m, char *errbuf, size_t errlen) {
  if (path == NULL || m == NULL) {
    tasd_nn__errf(errbuf, errlen, "tasd_nn_arch_load: NULL argument");
    return TASD_ERR_NULL;
  }
  char *text = NULL;
  size_t len = 0;
  tasd_status st = tasd_nn__read_text(path, ARCH_MAX_BYTES, &text, &len, errbuf, errlen);
  if (st != TASD_OK) return st;
  if (strlen(text) != len) {
    free(text);
    tasd_nn__errf(errbuf, errlen, "%s: NUL byte in the file (not a text file)", path);
    return TASD_ERR_SYNTAX;
  }
  st = tasd_nn_arch_parse(text, path, m, errbuf, errlen);
  free(text);
  return st;
}

/* ---------------------------------------------------------------------------------------- */
/* Arrays                                                                                   */
/* ---------------------------------------------------------------------------------------- */
size_t tasd_nn_layer_weights(const tasd_nn_layer *l) {
  if (l == NULL) return 0;
  switch (l->op) {
  case TASD_NN_FC: return (size_t)l->out_c * l->in_c * l->in_h * l->in_w;
  case TASD_NN_CONV: return (size_t)l->out_c * l->in_c * l->k * l->k;
  case TASD_NN_MAXPOOL: return 0;
  }
  return 0;
}

size_t tasd_nn__act_size(const tasd_nn_model *m, uint32_t i) {
  if (i == 0) return (size_t)m->in_c * m->in_h * m->in_w;
  const tasd_nn_layer *l = &m->layer[i - 1];
  return (size_t)l->out_c * l->out_h * l->out_w;
}

static int has_params(const tasd_nn_layer *l) { return l->op == TASD_NN_FC || l->op == TASD_NN_CONV; }

static tasd_status model_check(const tasd_nn_model *m) {
  if (m->nlayers == 0 || m->nlayers > TASD_NN_MAX_LAYERS) return TASD_ERR_RANGE;
  return TASD_OK;
}

tasd_status tasd_nn_model_alloc(tasd_nn_model *m) {
  if (m == NULL) return TASD_ERR_NULL;
  if (model_check(m) != TASD_OK) return TASD_ERR_RANGE;
  float *nw[TASD_NN_MAX_LAYERS] = {0}, *nb[TASD_NN_MAX_LAYERS] = {0};
  for (uint32_t i = 0; i < m->nlayers; i++) {
    tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    if (l->w == NULL) nw[i] = calloc(tasd_nn_layer_weights(l) ? tasd_nn_layer_weights(l) : 1, sizeof(float));
    if (l->b == NULL) nb[i] = calloc(l->out_c ? l->out_c : 1, sizeof(float));
    if ((l->w == NULL && nw[i] == NULL) || (l->b == NULL && nb[i] == NULL)) {
      for (uint32_t j = 0; j <= i; j++) {
        free(nw[j]);
        free(nb[j]);
      }
      return TASD_ERR_NOMEM;
    }
  }
  for (uint32_t i = 0; i < m->nlayers; i++) {
    tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    if (nw[i]) l->w = nw[i];
    else memset(l->w, 0, tasd_nn_layer_weights(l) * sizeof(float));
    if (nb[i]) l->b = nb[i];
    else memset(l->b, 0, (size_t)l->out_c * sizeof(float));
  }
  return TASD_OK;
}

tasd_status tasd_nn_model_copy(tasd_nn_model *dst, const tasd_nn_model *src) {
  if (dst == NULL || src == NULL) return TASD_ERR_NULL;
  if (model_check(src) != TASD_OK) return TASD_ERR_RANGE;
  tasd_nn_model loc = *src;
  for (uint32_t i = 0; i < loc.nlayers; i++) loc.layer[i].w = loc.layer[i].b = NULL;
  for (uint32_t i = 0; i < loc.nlayers; i++) {
    const tasd_nn_layer *s = &src->layer[i];
    tasd_nn_layer *d = &loc.layer[i];
    if (!has_params(s)) continue;
    size_t nw = tasd_nn_layer_weights(s);
    if (s->w) {
      d->w = malloc((nw ? nw : 1) * sizeof(float));
      if (d->w == NULL) goto nomem;
      memcpy(d->w, s->w, nw * sizeof(float));
    }
    if (s->b) {
      d->b = malloc((s->out_c ? s->out_c : 1) * sizeof(float));
      if (d->b == NULL) goto nomem;
      memcpy(d->b, s->b, (size_t)s->out_c * sizeof(float));
    }
  }
  *dst = loc;
  return TASD_OK;
nomem:
  tasd_nn_model_free(&loc);
  return TASD_ERR_NOMEM;
}

void tasd_nn_model_free(tasd_nn_model *m) {
  if (m == NULL) return;
  uint32_t n = m->nlayers <= TASD_NN_MAX_LAYERS ? m->nlayers : TASD_NN_MAX_LAYERS;
  for (uint32_t i = 0; i < n; i++) {
    free(m->layer[i].w);
    free(m->layer[i].b);
    m->layer[i].w = m->layer[i].b = NULL;
  }
}

/* FNV-1a 64 over each float's bit pattern as 4 little-endian bytes (host-independent). */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x00000100000001b3ull
static uint64_t fnv_floats(uint64_t h, const float *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &v[i], sizeof u);
    for (int k = 0; k < 4; k++) {
      h ^= (uint64_t)((u >> (8 * k)) & 0xffu);
      h *= FNV_PRIME;
    }
  }
  return h;
}

uint64_t tasd_nn_model_hash(const tasd_nn_model *m) {
  uint64_t h = FNV_OFFSET;
  if (m == NULL) return h;
  uint32_t n = m->nlayers <= TASD_NN_MAX_LAYERS ? m->nlayers : TASD_NN_MAX_LAYERS;
  for (uint32_t i = 0; i < n; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    if (l->w) h = fnv_floats(h, l->w, tasd_nn_layer_weights(l));
    if (l->b) h = fnv_floats(h, l->b, l->out_c);
  }
  return h;
}

/* ---------------------------------------------------------------------------------------- */
/* state_dict .npz files                                                                    */
/* ---------------------------------------------------------------------------------------- */
/* Expected shape of NAME.weight (which = 0) or NAME.bias (which = 1). */
static uint32_t param_shape(const tasd_nn_layer *l, int which, size_t *shape) {
  if (which == 1) {
    shape[0] = l->out_c;
    return 1;
  }
  shape[0] = l->out_c;
  if (l->op == TASD_NN_FC) {
    shape[1] = (size_t)l->in_c * l->in_h * l->in_w;
    return 2;
  }
  shape[1] = l->in_c;
  shape[2] = shape[3] = l->k;
  return 4;
}

static void shape_str(char *buf, size_t len, const size_t *shape, uint32_t nd) {
  size_t n = 0;
  buf[0] = '\0';
  for (uint32_t i = 0; i < nd && n + 1 < len; i++) {
    int k = snprintf(buf + n, len - n, "%s%zu", i ? ", " : "[", shape[i]);
    if (k < 0) return;
    n += (size_t)k;
  }
  if (n + 1 < len) snprintf(buf + n, len - n, "%s", nd ? "]" : "[]");
}

static const char *const param_suffix[2] = {".weight", ".bias"};

tasd_status tasd_nn_model_load_npz(tasd_nn_model *m, const char *path, char *errbuf, size_t errlen) {
  if (m == NULL || path == NULL) {
    tasd_nn__errf(errbuf, errlen, "tasd_nn_model_load_npz: NULL argument");
    return TASD_ERR_NULL;
  }
  if (model_check(m) != TASD_OK) {
    tasd_nn__errf(errbuf, errlen, "%s: the model has no layers (parse an architecture first)", path);
    return TASD_ERR_RANGE;
  }
  tasd_npz z;
  tasd_status st = tasd_npz_load(path, &z, errbuf, errlen);
  if (st != TASD_OK) return st;
  float *nw[TASD_NN_MAX_LAYERS] = {0}, *nb[TASD_NN_MAX_LAYERS] = {0};
  size_t used = 0; /* arrays the architecture names (each name once: the npz refuses duplicates) */
  char key[TASD_NN_NAME_LEN + 8], want_s[96], got_s[96];
  for (uint32_t i = 0; i < m->nlayers && st == TASD_OK; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    for (int which = 0; which < 2 && st == TASD_OK; which++) {
      snprintf(key, sizeof key, "%s%s", l->name, param_suffix[which]);
      const tasd_tensor *t = tasd_npz_find(&z, key);
      size_t shape[4];
      uint32_t nd = param_shape(l, which, shape);
      shape_str(want_s, sizeof want_s, shape, nd);
      if (t == NULL) {
        tasd_nn__errf(errbuf, errlen, "%s: array '%s' missing (the architecture's %s %s needs %s)", path, key,
                      op_word(l->op), l->name, want_s);
        st = TASD_ERR_FORMAT;
        break;
      }
      used++;
      shape_str(got_s, sizeof got_s, t->shape, t->ndim);
      if (t->dtype != TASD_FLOAT32) {
        tasd_nn__errf(errbuf, errlen, "%s: array '%s' is %s %s, expected float32", path, key,
                      tasd_dtype_name(t->dtype), got_s);
        st = TASD_ERR_DTYPE;
        break;
      }
      int same = t->ndim == nd;
      for (uint32_t d = 0; same && d < nd; d++) same = t->shape[d] == shape[d];
      if (!same) {
        tasd_nn__errf(errbuf, errlen, "%s: array '%s' has shape %s, the architecture's %s %s needs %s", path, key,
                      got_s, op_word(l->op), l->name, want_s);
        st = TASD_ERR_SHAPE;
        break;
      }
      size_t n = which ? l->out_c : tasd_nn_layer_weights(l);
      const float *src = t->data;
      for (size_t j = 0; j < n; j++)
        if (!isfinite(src[j])) {
          tasd_nn__errf(errbuf, errlen, "%s: array '%s' element %zu is %s", path, key, j,
                        isnan(src[j]) ? "NaN" : "Inf");
          st = TASD_ERR_NAN;
          break;
        }
      if (st != TASD_OK) break;
      float *dst = malloc((n ? n : 1) * sizeof(float));
      if (dst == NULL) {
        tasd_nn__errf(errbuf, errlen, "%s: out of memory for array '%s'", path, key);
        st = TASD_ERR_NOMEM;
        break;
      }
      memcpy(dst, src, n * sizeof(float));
      if (which) nb[i] = dst;
      else nw[i] = dst;
    }
  }
  if (st == TASD_OK && used != z.count) {
    /* name the first array that no layer asked for */
    for (size_t a = 0; a < z.count; a++) {
      int known = 0;
      for (uint32_t i = 0; i < m->nlayers && !known; i++)
        for (int which = 0; which < 2 && !known; which++) {
          if (!has_params(&m->layer[i])) continue;
          snprintf(key, sizeof key, "%s%s", m->layer[i].name, param_suffix[which]);
          known = strcmp(key, z.names[a]) == 0;
        }
      if (!known) {
        tasd_nn__errf(errbuf, errlen, "%s: unexpected array '%s' (not a weight or bias of the architecture)", path,
                      z.names[a]);
        break;
      }
    }
    st = TASD_ERR_FORMAT;
  }
  tasd_npz_free(&z);
  if (st != TASD_OK) {
    for (uint32_t i = 0; i < TASD_NN_MAX_LAYERS; i++) {
      free(nw[i]);
      free(nb[i]);
    }
    return st;
  }
  for (uint32_t i = 0; i < m->nlayers; i++) {
    if (!has_params(&m->layer[i])) continue;
    free(m->layer[i].w);
    free(m->layer[i].b);
    m->layer[i].w = nw[i];
    m->layer[i].b = nb[i];
  }
  return TASD_OK;
}

tasd_status tasd_nn_model_save_npz(const tasd_nn_model *m, const char *path, char *errbuf, size_t errlen) {
  if (m == NULL || path == NULL) {
    tasd_nn__errf(errbuf, errlen, "tasd_nn_model_save_npz: NULL argument");
    return TASD_ERR_NULL;
  }
  if (model_check(m) != TASD_OK) {
    tasd_nn__errf(errbuf, errlen, "%s: the model has no layers", path);
    return TASD_ERR_RANGE;
  }
  char names[2 * TASD_NN_MAX_LAYERS][TASD_NN_NAME_LEN + 8];
  const char *np[2 * TASD_NN_MAX_LAYERS];
  tasd_tensor arr[2 * TASD_NN_MAX_LAYERS];
  size_t n = 0;
  for (uint32_t i = 0; i < m->nlayers; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    if (l->w == NULL || l->b == NULL) {
      tasd_nn__errf(errbuf, errlen, "%s: layer %s has no weight arrays (allocate or initialize the model first)",
                    path, l->name);
      return TASD_ERR_NULL;
    }
    for (int which = 0; which < 2; which++) {
      snprintf(names[n], sizeof names[n], "%s%s", l->name, param_suffix[which]);
      np[n] = names[n];
      memset(&arr[n], 0, sizeof arr[n]);
      arr[n].dtype = TASD_FLOAT32;
      arr[n].ndim = param_shape(l, which, arr[n].shape);
      /* tasd_npz_save only reads the data; the tensor type has no const-data form */
      arr[n].data = (void *)(uintptr_t)(which ? l->b : l->w);
      n++;
    }
  }
  return tasd_npz_save(path, np, arr, n, errbuf, errlen);
}
