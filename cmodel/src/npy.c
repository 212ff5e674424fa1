/* SPDX-License-Identifier: Apache-2.0 */
/* .npy reader/writer: format 1.0/2.0/3.0, little-endian int8/uint8/int16/int32/float32, C order. */
/*
 * Reading accepts exactly what numpy writes for the five supported dtypes:
 *   magic "\x93NUMPY", major 1 (2-byte header length) or 2/3 (4-byte), minor 0,
 *   a Python dict literal with the keys 'descr', 'fortran_order' and 'shape' (each once,
 *   any order, optional trailing comma), padded with spaces and ending with whitespace.
 * descr: '|i1' (also '<i1'), '|u1' (also '<u1'), '<i2', '<i4', '<f4'. Big-endian, other types, structured dtypes
 * and fortran_order True are refused with a message naming the problem.
 * Shapes: rank 1..TASD_MAX_DIMS. Rank 0 (a numpy scalar) is refused (decision: the tensor API
 * has no rank-0 form; reshape to (1,) first). Data must be exactly numel*itemsize bytes.
 * Writing produces format 1.0 with the header padded so the data starts at a multiple of 64.
 * Saving replaces a regular file atomically (temporary file + rename); see tasd__file_write.
 * tasd__npy_serialize is the only .npy writer (tasd_npy_save and the .npz members use it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NPY_MAGIC_LEN 6
#define NPY_ALIGN 64
/* numpy refuses headers above this size unless told otherwise; we use the same bound. */
#define NPY_MAX_HEADER 10000u

static const uint8_t npy_magic[NPY_MAGIC_LEN] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

static size_t npy_itemsize(tasd_dtype dt) {
  switch (dt) {
    case TASD_INT8: return 1;
    case TASD_INT16: return 2;
    case TASD_INT32: return 4;
    case TASD_FLOAT32: return 4;
    case TASD_UINT8: return 1;
  }
  return 0;
}

static const char *npy_descr(tasd_dtype dt) {
  switch (dt) {
    case TASD_INT8: return "|i1";
    case TASD_INT16: return "<i2";
    case TASD_INT32: return "<i4";
    case TASD_FLOAT32: return "<f4";
    case TASD_UINT8: return "|u1";
  }
  return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* A tiny parser for the header's Python dict literal.                                      */
/* ---------------------------------------------------------------------------------------- */
typedef struct {
  const char *p;
  const char *end;
} npy_cursor;

static void skip_ws(npy_cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static int eat(npy_cursor *c, char ch) {
  skip_ws(c);
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return 1;
  }
  return 0;
}

/* Quoted string ('...' or "..."), no escapes (numpy's descr strings never need them). */
static int parse_str(npy_cursor *c, char *out, size_t outlen) {
  skip_ws(c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return 0;
  char q = *c->p++;
  size_t n = 0;
  while (c->p < c->end && *c->p != q) {
    if (*c->p == '\\' || *c->p == '\n') return 0;
    if (n + 1 >= outlen) return 0;
    out[n++] = *c->p++;
  }
  if (c->p >= c->end) return 0;
  c->p++;
  out[n] = '\0';
  return 1;
}

static int parse_word(npy_cursor *c, const char *w) {
  skip_ws(c);
  size_t n = strlen(w);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
  /* the word must end here */
  if ((size_t)(c->end - c->p) > n) {
    char nx = c->p[n];
    if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9') ||
        nx == '_')
      return 0;
  }
  c->p += n;
  return 1;
}

typedef enum { SHAPE_OK, SHAPE_SYNTAX, SHAPE_RANK, SHAPE_OVERFLOW } shape_result;

/* "(d0, d1, ...)" with Python's tuple rules: "()" and "(n,)" ; decimal non-negative ints. */
static shape_result parse_shape(npy_cursor *c, size_t *shape, uint32_t *ndim) {
  uint32_t nd = 0;
  int overflow = 0;
  if (!eat(c, '(')) return SHAPE_SYNTAX;
  if (eat(c, ')')) {
    *ndim = 0;
    return SHAPE_OK;
  }
  for (;;) {
    skip_ws(c);
    if (c->p >= c->end || *c->p < '0' || *c->p > '9') return SHAPE_SYNTAX;
    size_t v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
      unsigned d = (unsigned)(*c->p - '0');
      if (v > (SIZE_MAX - d) / 10) overflow = 1;
      else v = v * 10 + d;
      c->p++;
    }
    /* Python 2 style long suffix that old numpy wrote */
    if (c->p < c->end && *c->p == 'L') c->p++;
    if (nd < TASD_MAX_DIMS) shape[nd] = v;
    nd++;
    if (nd > 64) return SHAPE_RANK; /* keep the scan bounded */
    if (eat(c, ')')) {
      if (nd == 1) return SHAPE_SYNTAX; /* "(3)" is an int, not a tuple */
      break;
    }
    if (!eat(c, ',')) return SHAPE_SYNTAX;
    if (eat(c, ')')) break;
  }
  *ndim = nd;
  if (nd > TASD_MAX_DIMS) return SHAPE_RANK;
  if (overflow) return SHAPE_OVERFLOW;
  return SHAPE_OK;
}

static tasd_status dtype_from_descr(const char *d, tasd_dtype *dt) {
  if (!strcmp(d, "|i1") || !strcmp(d, "<i1")) *dt = TASD_INT8;
  else if (!strcmp(d, "|u1") || !strcmp(d, "<u1")) *dt = TASD_UINT8;
  else if (!strcmp(d, "<i2")) *dt = TASD_INT16;
  else if (!strcmp(d, "<i4")) *dt = TASD_INT32;
  else if (!strcmp(d, "<f4")) *dt = TASD_FLOAT32;
  else return TASD_ERR_DTYPE;
  return TASD_OK;
}

tasd_status tasd_npy_parse(const uint8_t *buf, size_t len, const char *name, tasd_tensor *out,
                           char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (name == NULL) name = "<buffer>";
  if (out == NULL || (buf == NULL && len != 0)) {
    tasd__errf(errbuf, errlen, name, "NULL argument");
    return TASD_ERR_NULL;
  }
  if (len < NPY_MAGIC_LEN + 2 || memcmp(buf, npy_magic, NPY_MAGIC_LEN) != 0) {
    tasd__errf(errbuf, errlen, name, "bad magic: not a .npy file (expected \\x93NUMPY)");
    return TASD_ERR_FORMAT;
  }
  uint8_t major = buf[6], minor = buf[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    tasd__errf(errbuf, errlen, name, "unsupported .npy format version %u.%u (need 1.0, 2.0 or 3.0)",
            (unsigned)major, (unsigned)minor);
    return TASD_ERR_FORMAT;
  }
  size_t lenbytes = major == 1 ? 2 : 4;
  size_t pre = 8 + lenbytes;
  if (len < pre) {
    tasd__errf(errbuf, errlen, name, "truncated header: file ends inside the header length field");
    return TASD_ERR_FORMAT;
  }
  uint32_t hlen = (uint32_t)buf[8] | ((uint32_t)buf[9] << 8);
  if (lenbytes == 4) hlen |= ((uint32_t)buf[10] << 16) | ((uint32_t)buf[11] << 24);
  if (hlen > NPY_MAX_HEADER) {
    tasd__errf(errbuf, errlen, name, "header length %u exceeds the %u-byte limit", (unsigned)hlen,
            NPY_MAX_HEADER);
    return TASD_ERR_FORMAT;
  }
  if (len - pre < hlen) {
    tasd__errf(errbuf, errlen, name, "truncated header: header says %u bytes, file has %zu",
            (unsigned)hlen, len - pre);
    return TASD_ERR_FORMAT;
  }
  const char *h = (const char *)buf + pre;
  for (uint32_t i = 0; i < hlen; i++) {
    if (h[i] == '\0' || (uint8_t)h[i] >= 0x80) {
      tasd__errf(errbuf, errlen, name, "header holds a non-ASCII or NUL byte at offset %zu",
              pre + i);
      return TASD_ERR_FORMAT;
    }
  }
  npy_cursor c = {h, h + hlen};
  if (!eat(&c, '{')) {
    tasd__errf(errbuf, errlen, name, "header is not a dict (must start with '{')");
    return TASD_ERR_FORMAT;
  }
  int have_descr = 0, have_fo = 0, have_shape = 0, fortran = 0;
  char descr[32] = {0};
  size_t shape[TASD_MAX_DIMS] = {0};
  uint32_t ndim = 0;
  for (;;) {
    if (eat(&c, '}')) break;
    char key[32];
    if (!parse_str(&c, key, sizeof key)) {
      tasd__errf(errbuf, errlen, name, "header is not a dict of the form {'key': value, ...}");
      return TASD_ERR_FORMAT;
    }
    if (!eat(&c, ':')) {
      tasd__errf(errbuf, errlen, name, "header dict: missing ':' after key '%s'", key);
      return TASD_ERR_FORMAT;
    }
    if (!strcmp(key, "descr")) {
      if (have_descr) {
        tasd__errf(errbuf, errlen, name, "header dict: duplicate key 'descr'");
        return TASD_ERR_FORMAT;
      }
      skip_ws(&c);
      if (c.p < c.end && *c.p == '[') {
        tasd__errf(errbuf, errlen, name, "unsupported dtype: structured (record) arrays");
        return TASD_ERR_DTYPE;
      }
      if (!parse_str(&c, descr, sizeof descr)) {
        tasd__errf(errbuf, errlen, name, "header dict: 'descr' is not a dtype string");
        return TASD_ERR_FORMAT;
      }
      have_descr = 1;
    } else if (!strcmp(key, "fortran_order")) {
      if (have_fo) {
        tasd__errf(errbuf, errlen, name, "header dict: duplicate key 'fortran_order'");
        return TASD_ERR_FORMAT;
      }
      if (parse_word(&c, "True")) fortran = 1;
      else if (parse_word(&c, "False")) fortran = 0;
      else {
        tasd__errf(errbuf, errlen, name, "header dict: 'fortran_order' is not True or False");
        return TASD_ERR_FORMAT;
      }
      have_fo = 1;
    } else if (!strcmp(key, "shape")) {
      if (have_shape) {
        tasd__errf(errbuf, errlen, name, "header dict: duplicate key 'shape'");
        return TASD_ERR_FORMAT;
      }
      shape_result r = parse_shape(&c, shape, &ndim);
      if (r == SHAPE_SYNTAX) {
        tasd__errf(errbuf, errlen, name, "header dict: 'shape' is not a tuple of non-negative ints");
        return TASD_ERR_FORMAT;
      }
      if (r == SHAPE_RANK) {
        tasd__errf(errbuf, errlen, name, "rank %u too high (at most %d dimensions)", (unsigned)ndim,
                TASD_MAX_DIMS);
        return TASD_ERR_SHAPE;
      }
      if (r == SHAPE_OVERFLOW) {
        tasd__errf(errbuf, errlen, name, "shape overflow: a dimension does not fit in size_t");
        return TASD_ERR_SHAPE;
      }
      have_shape = 1;
    } else {
      tasd__errf(errbuf, errlen, name, "header dict: unexpected key '%s'", key);
      return TASD_ERR_FORMAT;
    }
    if (eat(&c, '}')) break;
    if (!eat(&c, ',')) {
      tasd__errf(errbuf, errlen, name, "header dict: expected ',' or '}'");
      return TASD_ERR_FORMAT;
    }
  }
  skip_ws(&c);
  if (c.p != c.end) {
    tasd__errf(errbuf, errlen, name, "header: unexpected text after the dict");
    return TASD_ERR_FORMAT;
  }
  if (!have_descr || !have_fo || !have_shape) {
    tasd__errf(errbuf, errlen, name, "header dict: missing key '%s'",
            !have_descr ? "descr" : !have_fo ? "fortran_order" : "shape");
    return TASD_ERR_FORMAT;
  }
  tasd_dtype dt;
  if (dtype_from_descr(descr, &dt) != TASD_OK) {
    if (descr[0] == '>')
      tasd__errf(errbuf, errlen, name,
              "unsupported dtype '%s': big-endian (need little-endian |i1, |u1, <i2, <i4 or <f4)",
              descr);
    else
      tasd__errf(errbuf, errlen, name, "unsupported dtype '%s' (need |i1, |u1, <i2, <i4 or <f4)",
              descr);
    return TASD_ERR_DTYPE;
  }
  if (fortran) {
    tasd__errf(errbuf, errlen, name, "fortran_order True is not supported (save in C order)");
    return TASD_ERR_FORMAT;
  }
  if (ndim == 0) {
    tasd__errf(errbuf, errlen, name, "rank 0 (scalar) arrays are not supported; reshape to (1,)");
    return TASD_ERR_SHAPE;
  }
  size_t isz = npy_itemsize(dt);
  size_t numel = 1;
  for (uint32_t d = 0; d < ndim; d++) {
    if (shape[d] != 0 && numel > SIZE_MAX / shape[d]) {
      tasd__errf(errbuf, errlen, name, "shape overflow: element count does not fit in size_t");
      return TASD_ERR_SHAPE;
    }
    numel *= shape[d];
  }
  if (numel > SIZE_MAX / isz) {
    tasd__errf(errbuf, errlen, name, "shape overflow: byte count does not fit in size_t");
    return TASD_ERR_SHAPE;
  }
  size_t nbytes = numel * isz;
  size_t have = len - pre - hlen;
  if (have < nbytes) {
    tasd__errf(errbuf, errlen, name, "data too short: shape needs %zu bytes, file has %zu", nbytes,
            have);
    return TASD_ERR_FORMAT;
  }
  if (have > nbytes) {
    tasd__errf(errbuf, errlen, name, "data too long: shape needs %zu bytes, file has %zu", nbytes,
            have);
    return TASD_ERR_FORMAT;
  }
  void *data = calloc(nbytes ? nbytes : 1, 1);
  if (data == NULL) {
    tasd__errf(errbuf, errlen, name, "out of memory for %zu bytes", nbytes);
    return TASD_ERR_NOMEM;
  }
  /* Convert from little-endian bytes explicitly so a big-endian host would also work. */
  const uint8_t *src = buf + pre + hlen;
  switch (dt) {
    case TASD_INT8:
    case TASD_UINT8: memcpy(data, src, nbytes); break;
    case TASD_INT16:
      for (size_t i = 0; i < numel; i++)
        ((int16_t *)data)[i] = (int16_t)(uint16_t)(src[2 * i] | (src[2 * i + 1] << 8));
      break;
    case TASD_INT32:
    case TASD_FLOAT32:
      for (size_t i = 0; i < numel; i++) {
        uint32_t u = (uint32_t)src[4 * i] | ((uint32_t)src[4 * i + 1] << 8) |
                     ((uint32_t)src[4 * i + 2] << 16) | ((uint32_t)src[4 * i + 3] << 24);
        memcpy((uint8_t *)data + 4 * i, &u, 4);
      }
      break;
  }
  memset(out, 0, sizeof *out);
  out->dtype = dt;
  out->ndim = ndim;
  for (uint32_t d = 0; d < ndim; d++) out->shape[d] = shape[d];
  out->data = data;
  return TASD_OK;
}

tasd_status tasd_npy_load(const char *path, tasd_tensor *out, char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (path == NULL || out == NULL) {
    tasd__errf(errbuf, errlen, path ? path : "<null>", "NULL argument");
    return TASD_ERR_NULL;
  }
  uint8_t *buf = NULL;
  size_t len = 0;
  tasd_status st = tasd__file_read(path, &buf, &len, errbuf, errlen);
  if (st != TASD_OK) return st;
  st = tasd_npy_parse(buf, len, path, out, errbuf, errlen);
  free(buf);
  return st;
}

/* The one .npy writer: format 1.0, header padded with spaces and '\n' so that the data starts */
/* at a multiple of 64 (what np.save writes), data little-endian.                             */
tasd_status tasd__npy_serialize(const tasd_tensor *t, const char *name, uint8_t **out,
                                size_t *out_len, char *errbuf, size_t errlen) {
  if (name == NULL) name = "<buffer>";
  if (t == NULL || out == NULL || out_len == NULL) {
    tasd__errf(errbuf, errlen, name, "NULL argument");
    return TASD_ERR_NULL;
  }
  const char *descr = npy_descr(t->dtype);
  size_t isz = npy_itemsize(t->dtype);
  if (descr == NULL) {
    tasd__errf(errbuf, errlen, name, "cannot save unknown dtype %d", (int)t->dtype);
    return TASD_ERR_DTYPE;
  }
  if (t->ndim < 1 || t->ndim > TASD_MAX_DIMS) {
    tasd__errf(errbuf, errlen, name, "cannot save rank %u (need 1..%d)", (unsigned)t->ndim,
            TASD_MAX_DIMS);
    return TASD_ERR_SHAPE;
  }
  size_t numel = 1;
  for (uint32_t d = 0; d < t->ndim; d++) {
    if (t->shape[d] != 0 && numel > SIZE_MAX / t->shape[d]) {
      tasd__errf(errbuf, errlen, name, "shape overflow");
      return TASD_ERR_SHAPE;
    }
    numel *= t->shape[d];
  }
  if (numel > SIZE_MAX / isz) {
    tasd__errf(errbuf, errlen, name, "shape overflow");
    return TASD_ERR_SHAPE;
  }
  if (numel > 0 && t->data == NULL) {
    tasd__errf(errbuf, errlen, name, "tensor has no data");
    return TASD_ERR_NULL;
  }
  /* Header: dict text, then spaces, then '\n', so that 10 + hlen is a multiple of 64. */
  char dict[512];
  int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
  for (uint32_t d = 0; d < t->ndim; d++)
    n += snprintf(dict + n, sizeof dict - (size_t)n, d ? ", %zu" : "%zu", t->shape[d]);
  n += snprintf(dict + n, sizeof dict - (size_t)n, "%s), }", t->ndim == 1 ? "," : "");
  size_t total = 10 + (size_t)n + 1;
  total = (total + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
  size_t hlen = total - 10;
  size_t nbytes = numel * isz;
  if (nbytes > SIZE_MAX - total) {
    tasd__errf(errbuf, errlen, name, "shape overflow");
    return TASD_ERR_SHAPE;
  }
  uint8_t *buf = malloc(total + nbytes);
  if (buf == NULL) {
    tasd__errf(errbuf, errlen, name, "out of memory for %zu bytes", total + nbytes);
    return TASD_ERR_NOMEM;
  }
  memcpy(buf, npy_magic, NPY_MAGIC_LEN);
  buf[6] = 1;
  buf[7] = 0;
  buf[8] = (uint8_t)(hlen & 0xff);
  buf[9] = (uint8_t)(hlen >> 8);
  memcpy(buf + 10, dict, (size_t)n);
  memset(buf + 10 + n, ' ', hlen - (size_t)n - 1);
  buf[total - 1] = '\n';
  /* Data to little-endian bytes explicitly, so a big-endian host would also work. */
  const uint8_t *src = (const uint8_t *)t->data;
  uint8_t *dst = buf + total;
  for (size_t i = 0; i < numel; i++) {
    if (isz == 1) {
      dst[i] = src[i];
    } else if (isz == 2) {
      uint16_t u;
      memcpy(&u, src + 2 * i, 2);
      dst[2 * i] = (uint8_t)(u & 0xff);
      dst[2 * i + 1] = (uint8_t)(u >> 8);
    } else {
      uint32_t u;
      memcpy(&u, src + 4 * i, 4);
      dst[4 * i] = (uint8_t)(u & 0xff);
      dst[4 * i + 1] = (uint8_t)((u >> 8) & 0xff);
      dst[4 * i + 2] = (uint8_t)((u >> 16) & 0xff);
      dst[4 * i + 3] = (uint8_t)(u >> 24);
    }
  }
  *out = buf;
  *out_len = total + nbytes;
  return TASD_OK;
}

tasd_status tasd_npy_save(const char *path, const tasd_tensor *t, char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (path == NULL || t == NULL) {
    tasd__errf(errbuf, errlen, path ? path : "<null>", "NULL argument");
    return TASD_ERR_NULL;
  }
  uint8_t *buf = NULL;
  size_t len = 0;
  tasd_status st = tasd__npy_serialize(t, path, &buf, &len, errbuf, errlen);
  if (st != TASD_OK) return st;
  /* Temporary + rename for regular files; see tasd__file_write (file.c). */
  st = tasd__file_write(path, buf, len, errbuf, errlen);
  free(buf);
  return st;
}
