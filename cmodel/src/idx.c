/* SPDX-License-Identifier: Apache-2.0 */
/* IDX reader (MNIST / Fashion-MNIST format), plain or gzip-compressed, through zlib. */
/*
 * Layout: bytes 0..1 zero, byte 2 the type code, byte 3 the rank, then rank big-endian uint32
 * dimensions, then the data, big-endian, C order, and nothing after it.
 * Type codes: 0x08 -> TASD_UINT8, 0x09 -> TASD_INT8, 0x0B -> TASD_INT16, 0x0C -> TASD_INT32,
 * 0x0D -> TASD_FLOAT32; 0x0E (float64) is a valid IDX type the tensor API cannot hold
 * (TASD_ERR_DTYPE); any other code is TASD_ERR_FORMAT.
 * The file is read through gzread, which inflates gzip files and passes other files through
 * unchanged, so "x.gz" and its uncompressed copy load identically. A gzip stream that is
 * damaged (bad deflate data, CRC/length mismatch) or ends early is TASD_ERR_FORMAT. As with
 * gzip -d, concatenated gzip members are one stream and non-gzip bytes after the last member
 * are ignored by zlib (the "trailing bytes" check applies to the decompressed IDX content).
 * The data buffer grows with the bytes actually read (never beyond what the header promises),
 * so a short file that claims a huge shape fails as truncated without a huge allocation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"

/* Largest single gzread request (gzread takes an unsigned count and returns an int). */
#define IDX_READ_CHUNK ((size_t)1 << 30)
/* First data allocation; doubled (capped at the header's byte count) as data arrives. */
#define IDX_FIRST_ALLOC ((size_t)1 << 20)

typedef enum { RD_OK, RD_EOF, RD_ERR } idx_rd;

/* The status and message for a failed or short gzread. zlib reads ahead, so a damaged stream */
/* may show up while the header is read; the message names zlib's reason, not the position.   */
static tasd_status idx_gz_fail(gzFile gz, const char *path, int saved_errno, const char *what,
                               char *errbuf, size_t errlen) {
  int zerr = Z_OK;
  const char *zmsg = gzerror(gz, &zerr);
  /* zlib prefixes its message with the stream's name ("<fd:3>: "); keep only the reason. */
  const char *colon = zmsg ? strstr(zmsg, ": ") : NULL;
  if (colon) zmsg = colon + 2;
  switch (zerr) {
  case Z_ERRNO:
    tasd__errf(errbuf, errlen, path, "read error in the %s: %s", what, strerror(saved_errno));
    return TASD_ERR_IO;
  case Z_MEM_ERROR:
    tasd__errf(errbuf, errlen, path, "out of memory inflating the gzip stream");
    return TASD_ERR_NOMEM;
  case Z_BUF_ERROR: /* zlib: input ended in the middle of a gzip stream */
    tasd__errf(errbuf, errlen, path, "corrupt gzip stream: it ends early (truncated .gz file)");
    return TASD_ERR_FORMAT;
  default: /* Z_DATA_ERROR (bad deflate data, CRC or length check), Z_STREAM_ERROR */
    tasd__errf(errbuf, errlen, path, "corrupt gzip stream: %s",
               zmsg && zmsg[0] ? zmsg : "inflate failed");
    return TASD_ERR_FORMAT;
  }
}

/* Reads up to n bytes into buf; *got = bytes read. RD_EOF: the stream ended cleanly first      */
/* (possibly with *got < n); RD_ERR: gzread failed or the gzip stream ended early.              */
static idx_rd idx_read(gzFile gz, uint8_t *buf, size_t n, size_t *got, int *saved_errno) {
  *got = 0;
  while (*got < n) {
    size_t want = n - *got;
    if (want > IDX_READ_CHUNK) want = IDX_READ_CHUNK;
    errno = 0;
    int r = gzread(gz, buf + *got, (unsigned)want);
    if (r < 0) {
      *saved_errno = errno;
      return RD_ERR;
    }
    *got += (size_t)r;
    if ((size_t)r < want) {
      int zerr = Z_OK;
      (void)gzerror(gz, &zerr);
      if (zerr != Z_OK) {
        *saved_errno = errno;
        return RD_ERR;
      }
      return RD_EOF;
    }
  }
  return RD_OK;
}

static int idx_dtype(uint8_t code, tasd_dtype *dt) {
  switch (code) {
  case 0x08: *dt = TASD_UINT8; return 1;
  case 0x09: *dt = TASD_INT8; return 1;
  case 0x0B: *dt = TASD_INT16; return 1;
  case 0x0C: *dt = TASD_INT32; return 1;
  case 0x0D: *dt = TASD_FLOAT32; return 1;
  default: return 0;
  }
}

/* Big-endian elements to host order, in place. */
static void idx_to_host(void *data, size_t numel, size_t isz) {
  uint8_t *p = (uint8_t *)data;
  if (isz == 2) {
    for (size_t i = 0; i < numel; i++) {
      uint16_t u = (uint16_t)(((uint16_t)p[2 * i] << 8) | p[2 * i + 1]);
      memcpy(p + 2 * i, &u, 2);
    }
  } else if (isz == 4) {
    for (size_t i = 0; i < numel; i++) {
      uint32_t u = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
                   ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
      memcpy(p + 4 * i, &u, 4);
    }
  }
}

/* Everything after gzdopen; the caller closes gz. On success *t owns the data. */
static tasd_status idx_read_all(gzFile gz, const char *path, tasd_tensor *t, char *errbuf,
                                size_t errlen) {
  int se = 0;
  size_t got = 0;
  uint8_t head[4 + 4 * TASD_MAX_DIMS];
  idx_rd rd = idx_read(gz, head, 4, &got, &se);
  if (rd == RD_ERR) return idx_gz_fail(gz, path, se, "header", errbuf, errlen);
  if (got < 4) {
    tasd__errf(errbuf, errlen, path, "truncated header: %zu of the 4 magic bytes", got);
    return TASD_ERR_FORMAT;
  }
  if (head[0] != 0 || head[1] != 0) {
    tasd__errf(errbuf, errlen, path,
               "bad magic 0x%02x%02x%02x%02x: not an IDX file (must start with two zero bytes)",
               head[0], head[1], head[2], head[3]);
    return TASD_ERR_FORMAT;
  }
  tasd_dtype dt;
  if (head[2] == 0x0E) {
    tasd__errf(errbuf, errlen, path, "unsupported IDX type 0x0e (float64); supported: 0x08 "
               "uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32");
    return TASD_ERR_DTYPE;
  }
  if (!idx_dtype(head[2], &dt)) {
    tasd__errf(errbuf, errlen, path, "unknown IDX type code 0x%02x (known: 0x08, 0x09, 0x0b, "
               "0x0c, 0x0d, 0x0e)", head[2]);
    return TASD_ERR_FORMAT;
  }
  uint32_t ndim = head[3];
  if (ndim == 0 || ndim > TASD_MAX_DIMS) {
    tasd__errf(errbuf, errlen, path, "rank %u unsupported (need 1..%d dimensions)",
               (unsigned)ndim, TASD_MAX_DIMS);
    return TASD_ERR_FORMAT;
  }
  rd = idx_read(gz, head + 4, 4 * (size_t)ndim, &got, &se);
  if (rd == RD_ERR) return idx_gz_fail(gz, path, se, "header", errbuf, errlen);
  if (got < 4 * (size_t)ndim) {
    tasd__errf(errbuf, errlen, path, "truncated header: rank %u needs %u dimension bytes, "
               "file has %zu", (unsigned)ndim, 4 * (unsigned)ndim, got);
    return TASD_ERR_FORMAT;
  }
  size_t shape[TASD_MAX_DIMS] = {0};
  size_t numel = 1;
  int ok = 1;
  for (uint32_t d = 0; d < ndim; d++) {
    const uint8_t *q = head + 4 + 4 * d;
    shape[d] = ((size_t)q[0] << 24) | ((size_t)q[1] << 16) | ((size_t)q[2] << 8) | (size_t)q[3];
    numel = tasd__mul_size(numel, shape[d], &ok);
  }
  const size_t isz = tasd_dtype_size(dt);
  size_t nbytes = tasd__mul_size(numel, isz, &ok);
  if (!ok) {
    tasd__errf(errbuf, errlen, path, "shape overflow: the element or byte count does not fit "
               "in size_t");
    return TASD_ERR_NOMEM;
  }

  /* Data: the buffer grows with what arrives, up to exactly nbytes. */
  size_t cap = nbytes < IDX_FIRST_ALLOC ? nbytes : IDX_FIRST_ALLOC;
  uint8_t *data = (uint8_t *)malloc(cap ? cap : 1);
  if (data == NULL) {
    tasd__errf(errbuf, errlen, path, "out of memory for %zu bytes", cap);
    return TASD_ERR_NOMEM;
  }
  size_t have = 0;
  for (;;) {
    rd = idx_read(gz, data + have, cap - have, &got, &se);
    have += got;
    if (rd == RD_ERR) {
      free(data);
      return idx_gz_fail(gz, path, se, "data", errbuf, errlen);
    }
    if (rd == RD_EOF) break;
    if (have == nbytes) break;
    size_t ncap = cap > nbytes / 2 ? nbytes : cap * 2;
    uint8_t *nd = (uint8_t *)realloc(data, ncap);
    if (nd == NULL) {
      free(data);
      tasd__errf(errbuf, errlen, path, "out of memory for %zu bytes", ncap);
      return TASD_ERR_NOMEM;
    }
    data = nd;
    cap = ncap;
  }
  if (have < nbytes) {
    free(data);
    tasd__errf(errbuf, errlen, path, "truncated data: shape needs %zu bytes, file has %zu",
               nbytes, have);
    return TASD_ERR_FORMAT;
  }
  /* Nothing may follow the data. This read also makes zlib check the gzip trailer (CRC). */
  uint8_t extra[256];
  size_t nextra = 0, more = 0;
  do {
    rd = idx_read(gz, extra, sizeof extra, &more, &se);
    nextra += more;
  } while (rd == RD_OK);
  if (rd == RD_ERR) {
    free(data);
    return idx_gz_fail(gz, path, se, "bytes after the data", errbuf, errlen);
  }
  if (nextra > 0) {
    free(data);
    tasd__errf(errbuf, errlen, path, "%zu trailing byte(s) after the %zu data bytes the shape "
               "needs", nextra, nbytes);
    return TASD_ERR_FORMAT;
  }
  idx_to_host(data, numel, isz);
  memset(t, 0, sizeof *t);
  t->dtype = dt;
  t->ndim = ndim;
  for (uint32_t d = 0; d < ndim; d++) t->shape[d] = shape[d];
  t->data = data;
  return TASD_OK;
}

tasd_status tasd_idx_load(const char *path, tasd_tensor *out, char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (path == NULL || out == NULL) {
    tasd__errf(errbuf, errlen, path ? path : "<null>", "NULL argument");
    return TASD_ERR_NULL;
  }
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    tasd__errf(errbuf, errlen, path, "cannot open: %s", strerror(errno));
    return TASD_ERR_IO;
  }
  gzFile gz = gzdopen(fd, "rb");
  if (gz == NULL) { /* only on allocation failure (the mode is valid) */
    close(fd);
    tasd__errf(errbuf, errlen, path, "out of memory opening the file");
    return TASD_ERR_NOMEM;
  }
  (void)gzbuffer(gz, 1u << 17);
  tasd_tensor t;
  tasd_status st = idx_read_all(gz, path, &t, errbuf, errlen);
  int zc = gzclose(gz); /* closes fd too */
  if (st == TASD_OK && zc != Z_OK) {
    tasd_tensor_free(&t);
    if (zc == Z_ERRNO) {
      tasd__errf(errbuf, errlen, path, "error closing the file: %s", strerror(errno));
      return TASD_ERR_IO;
    }
    tasd__errf(errbuf, errlen, path, "corrupt gzip stream (zlib status %d at close)", zc);
    return zc == Z_MEM_ERROR ? TASD_ERR_NOMEM : TASD_ERR_FORMAT;
  }
  if (st == TASD_OK) *out = t;
  return st;
}
