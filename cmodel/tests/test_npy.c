/* SPDX-License-Identifier: Apache-2.0 */
/* .npy reader/writer tests: round trip for every dtype and rank, numpy's exact bytes, refusals. */
#include "tasd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int failures = 0;
#define CHECK(cond, ...)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                   \
      fprintf(stderr, "\n");                                          \
    }                                                                 \
  } while (0)

static char tmpdir[256];

static uint64_t rng_state = 0x1234567u;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static size_t isize(tasd_dtype dt) { return dt == TASD_INT8 || dt == TASD_UINT8 ? 1 : dt == TASD_INT16 ? 2 : 4; }

/* Build an .npy image: magic, version, header length, header text (as given, unpadded), data. */
static uint8_t *mk(unsigned major, unsigned minor, const char *hdr, const void *data, size_t dlen,
                   size_t *len) {
  size_t hl = strlen(hdr);
  size_t lb = major == 1 ? 2 : 4;
  *len = 8 + lb + hl + dlen;
  uint8_t *b = malloc(*len + 1);
  memcpy(b, "\x93NUMPY", 6);
  b[6] = (uint8_t)major;
  b[7] = (uint8_t)minor;
  b[8] = (uint8_t)(hl & 0xff);
  b[9] = (uint8_t)((hl >> 8) & 0xff);
  if (lb == 4) {
    b[10] = (uint8_t)((hl >> 16) & 0xff);
    b[11] = (uint8_t)(hl >> 24);
  }
  memcpy(b + 8 + lb, hdr, hl);
  if (dlen) memcpy(b + 8 + lb + hl, data, dlen);
  return b;
}

static void test_roundtrip(void) {
  const tasd_dtype dts[5] = {TASD_INT8, TASD_INT16, TASD_INT32, TASD_FLOAT32, TASD_UINT8};
  const char *descr[5] = {"|i1", "<i2", "<i4", "<f4", "|u1"};
  for (int di = 0; di < 5; di++) {
    for (uint32_t rank = 1; rank <= TASD_MAX_DIMS; rank++) {
      tasd_tensor t;
      memset(&t, 0, sizeof t);
      t.dtype = dts[di];
      t.ndim = rank;
      size_t numel = 1;
      for (uint32_t d = 0; d < rank; d++) {
        t.shape[d] = rank <= 3 ? 1 + (rnd() % 17) : 1 + (rnd() % 3);
        numel *= t.shape[d];
      }
      t.data = malloc(numel * isize(t.dtype));
      for (size_t i = 0; i < numel; i++) {
        uint64_t r = rnd();
        switch (t.dtype) {
          case TASD_INT8: ((int8_t *)t.data)[i] = (int8_t)(i == 0 ? -128 : (int)(r & 0xff) - 128); break;
          case TASD_INT16: ((int16_t *)t.data)[i] = (int16_t)(i == 0 ? -32768 : (int)(r & 0xffff) - 32768); break;
          case TASD_INT32: ((int32_t *)t.data)[i] = (int32_t)(uint32_t)r; break;
          case TASD_FLOAT32: ((float *)t.data)[i] = (float)((double)(int64_t)(r >> 11) / 1e12) * (i & 1 ? -1.f : 1.f); break;
          case TASD_UINT8: ((uint8_t *)t.data)[i] = (uint8_t)(i == 0 ? 255 : r & 0xff); break;
        }
      }
      char path[512], err[256];
      snprintf(path, sizeof path, "%s/rt_%s_%u.npy", tmpdir, descr[di] + 1, rank);
      tasd_status st = tasd_npy_save(path, &t, err, sizeof err);
      CHECK(st == TASD_OK, "save %s: %s", path, err);
      /* header bytes: what numpy itself writes */
      FILE *f = fopen(path, "rb");
      uint8_t hb[1024];
      size_t got = f ? fread(hb, 1, sizeof hb, f) : 0;
      if (f) fclose(f);
      CHECK(got >= 64 && !memcmp(hb, "\x93NUMPY\x01\x00", 8), "magic/version in %s", path);
      size_t hlen = hb[8] | (hb[9] << 8);
      CHECK((10 + hlen) % 64 == 0, "header not padded to 64: %zu", hlen);
      CHECK(10 + hlen <= got && hb[10 + hlen - 1] == '\n', "header must end with newline");
      char expect[512];
      int n = snprintf(expect, sizeof expect, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr[di]);
      for (uint32_t d = 0; d < rank; d++) n += snprintf(expect + n, sizeof expect - n, d ? ", %zu" : "%zu", t.shape[d]);
      snprintf(expect + n, sizeof expect - n, "%s), }", rank == 1 ? "," : "");
      CHECK(!memcmp(hb + 10, expect, strlen(expect)), "header text differs from numpy's: %.*s", (int)strlen(expect), hb + 10);
      for (size_t i = 10 + strlen(expect); i + 1 < 10 + hlen; i++) CHECK(hb[i] == ' ', "padding byte %zu", i);

      tasd_tensor u;
      st = tasd_npy_load(path, &u, err, sizeof err);
      CHECK(st == TASD_OK, "load %s: %s", path, err);
      if (st == TASD_OK) {
        CHECK(u.dtype == t.dtype && u.ndim == t.ndim, "dtype/rank");
        for (uint32_t d = 0; d < rank; d++) CHECK(u.shape[d] == t.shape[d], "shape[%u]", d);
        CHECK(!memcmp(u.data, t.data, numel * isize(t.dtype)), "data differs (%s rank %u)", descr[di], rank);
        free(u.data);
      }
      free(t.data);
      remove(path);
    }
  }
}

/* Exact bytes numpy 1.x/2.x writes for np.array([[1,-2,3],[-4,5,-32768]], dtype='<i2'). */
static void test_numpy_bytes(void) {
  char hdr[128];
  const char *dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }";
  size_t n = strlen(dict);
  memcpy(hdr, dict, n);
  while ((10 + n + 1) % 64) hdr[n++] = ' ';
  hdr[n++] = '\n';
  hdr[n] = 0;
  const uint8_t data[12] = {1, 0, 0xfe, 0xff, 3, 0, 0xfc, 0xff, 5, 0, 0x00, 0x80};
  size_t len;
  uint8_t *b = mk(1, 0, hdr, data, sizeof data, &len);
  CHECK(len == 128 + 12, "numpy header length");
  tasd_tensor t;
  char err[256];
  tasd_status st = tasd_npy_parse(b, len, "np.npy", &t, err, sizeof err);
  CHECK(st == TASD_OK, "%s", err);
  if (st == TASD_OK) {
    const int16_t *v = t.data;
    CHECK(t.dtype == TASD_INT16 && t.ndim == 2 && t.shape[0] == 2 && t.shape[1] == 3, "shape");
    CHECK(v[0] == 1 && v[1] == -2 && v[2] == 3 && v[3] == -4 && v[4] == 5 && v[5] == -32768, "values");
    /* save writes the very same bytes */
    char path[512];
    snprintf(path, sizeof path, "%s/np.npy", tmpdir);
    CHECK(tasd_npy_save(path, &t, err, sizeof err) == TASD_OK, "%s", err);
    FILE *f = fopen(path, "rb");
    uint8_t rb[256];
    size_t got = f ? fread(rb, 1, sizeof rb, f) : 0;
    if (f) fclose(f);
    CHECK(got == len && !memcmp(rb, b, len), "saved bytes differ from numpy's");
    remove(path);
    free(t.data);
  }
  free(b);

  /* Other spellings numpy accepts/writes: v2.0, v3.0, double quotes, any key order, 'L'. */
  const float fd[2] = {1.5f, -0.0f};
  struct { unsigned major; const char *hdr; tasd_dtype dt; size_t d0; } ok[] = {
      {2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", TASD_FLOAT32, 2},
      {3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", TASD_FLOAT32, 2},
      {1, "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f4\"}", TASD_FLOAT32, 2},
      {1, "{'descr':'<f4','fortran_order':False,'shape':(2L,)}   \n", TASD_FLOAT32, 2},
      {1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }\n", TASD_INT32, 1},
      {1, "{'descr': '<i1', 'fortran_order': False, 'shape': (8,), }\n", TASD_INT8, 8},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    uint8_t *bb = mk(ok[i].major, 0, ok[i].hdr, fd, sizeof fd, &len);
    st = tasd_npy_parse(bb, len, "ok.npy", &t, err, sizeof err);
    CHECK(st == TASD_OK, "variant %zu: %s", i, err);
    if (st == TASD_OK) {
      CHECK(t.dtype == ok[i].dt && t.shape[0] == ok[i].d0, "variant %zu dtype/shape", i);
      if (t.dtype == TASD_FLOAT32) CHECK(((float *)t.data)[0] == 1.5f, "variant %zu value", i);
      free(t.data);
    }
    free(bb);
  }
  /* empty array (0, 3) */
  uint8_t *bb = mk(1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (0, 3), }\n", NULL, 0, &len);
  st = tasd_npy_parse(bb, len, "empty.npy", &t, err, sizeof err);
  CHECK(st == TASD_OK && t.ndim == 2 && t.shape[0] == 0 && t.shape[1] == 3, "empty: %s", err);
  if (st == TASD_OK) {
    char path[512];
    snprintf(path, sizeof path, "%s/empty.npy", tmpdir);
    CHECK(tasd_npy_save(path, &t, err, sizeof err) == TASD_OK, "save empty: %s", err);
    tasd_tensor u;
    CHECK(tasd_npy_load(path, &u, err, sizeof err) == TASD_OK && u.shape[0] == 0, "reload empty: %s", err);
    free(u.data);
    remove(path);
    free(t.data);
  }
  free(bb);
}

struct bad {
  unsigned major, minor;
  const char *hdr;
  size_t dlen;         /* bytes of data after the header */
  tasd_status want;
  const char *needle;  /* must appear in the message */
};

static void test_refusals(void) {
  static const uint8_t zeros[64];
  const struct bad cases[] = {
      {1, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", 4, TASD_ERR_FORMAT, "version 1.1"},
      {4, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", 4, TASD_ERR_FORMAT, "version 4.0"},
      {1, 0, "[1, 2]", 0, TASD_ERR_FORMAT, "not a dict"},
      {1, 0, "", 0, TASD_ERR_FORMAT, "not a dict"},
      {1, 0, "{'descr' '<i2'}", 0, TASD_ERR_FORMAT, "missing ':'"},
      {1, 0, "{descr: '<i2'}", 0, TASD_ERR_FORMAT, "not a dict"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), 'x': 1}", 4, TASD_ERR_FORMAT, "unexpected key 'x'"},
      {1, 0, "{'descr': '<i2', 'descr': '<i2', 'fortran_order': False, 'shape': (2,)}", 4, TASD_ERR_FORMAT, "duplicate key 'descr'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'fortran_order': False, 'shape': (2,)}", 4, TASD_ERR_FORMAT, "duplicate key 'fortran_order'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}", 4, TASD_ERR_FORMAT, "duplicate key 'shape'"},
      {1, 0, "{'descr': '<i2', 'shape': (2,)}", 4, TASD_ERR_FORMAT, "missing key 'fortran_order'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False}", 4, TASD_ERR_FORMAT, "missing key 'shape'"},
      {1, 0, "{'fortran_order': False, 'shape': (2,)}", 4, TASD_ERR_FORMAT, "missing key 'descr'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 2), }", 8, TASD_ERR_FORMAT, "fortran_order True"},
      {1, 0, "{'descr': '<i2', 'fortran_order': 0, 'shape': (2,), }", 4, TASD_ERR_FORMAT, "fortran_order"},
      {1, 0, "{'descr': '<i2', 'fortran_order': Falsey, 'shape': (2,), }", 4, TASD_ERR_FORMAT, "fortran_order"},
      {1, 0, "{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", 4, TASD_ERR_DTYPE, "big-endian"},
      {1, 0, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", 4, TASD_ERR_DTYPE, "'<u2'"},
      {1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16, TASD_ERR_DTYPE, "'<f8'"},
      {1, 0, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 2, TASD_ERR_DTYPE, "'|b1'"},
      {1, 0, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", 8, TASD_ERR_DTYPE, "structured"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (3), }", 6, TASD_ERR_FORMAT, "'shape'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (-1,), }", 0, TASD_ERR_FORMAT, "'shape'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': [2], }", 4, TASD_ERR_FORMAT, "'shape'"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (), }", 2, TASD_ERR_SHAPE, "rank 0"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 2, TASD_ERR_SHAPE, "rank 9 too high"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 0, TASD_ERR_SHAPE, "shape overflow"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }", 0, TASD_ERR_SHAPE, "shape overflow"},
      {1, 0, "{'descr': '<i4', 'fortran_order': False, 'shape': (4611686018427387904,), }", 0, TASD_ERR_SHAPE, "overflow"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (3, 4), }", 23, TASD_ERR_FORMAT, "data too short: shape needs 24 bytes, file has 23"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (3, 4), }", 25, TASD_ERR_FORMAT, "data too long"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), } x", 4, TASD_ERR_FORMAT, "after the dict"},
      {1, 0, "{'descr': '<i2' 'fortran_order': False, 'shape': (2,), }", 4, TASD_ERR_FORMAT, "expected ','"},
      {1, 0, "{'descr': '<i2\x01', 'fortran_order': False, 'shape': (2,)}", 4, TASD_ERR_DTYPE, "unsupported dtype"},
      {1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }\xff", 4, TASD_ERR_FORMAT, "non-ASCII"},
      {1, 0, "{'descr': '<i2", 4, TASD_ERR_FORMAT, "'descr'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len;
    uint8_t *b = mk(cases[i].major, cases[i].minor, cases[i].hdr, zeros, cases[i].dlen, &len);
    tasd_tensor t;
    memset(&t, 0x5a, sizeof t);
    char err[256];
    tasd_status st = tasd_npy_parse(b, len, "bad_case.npy", &t, err, sizeof err);
    CHECK(st == cases[i].want, "case %zu (%s): status %d want %d (%s)", i, cases[i].hdr, st, cases[i].want, err);
    CHECK(strstr(err, "bad_case.npy") != NULL, "case %zu: message lacks file name: %s", i, err);
    CHECK(strstr(err, cases[i].needle) != NULL, "case %zu: message '%s' lacks '%s'", i, err, cases[i].needle);
    if (st == TASD_OK) free(t.data);
    /* every prefix of a refused file is refused as well (no crash, no success) */
    for (size_t cut = 0; cut < len; cut++) {
      tasd_status s2 = tasd_npy_parse(b, cut, "cut.npy", &t, NULL, 0);
      if (s2 == TASD_OK) free(t.data);
      CHECK(s2 != TASD_OK || !strcmp(cases[i].needle, "data too long"), "case %zu cut %zu accepted", i, cut);
    }
    free(b);
  }

  /* byte-level damage */
  char err[256];
  tasd_tensor t;
  const uint8_t notnpy[] = "PK\x03\x04 this is a zip";
  CHECK(tasd_npy_parse(notnpy, sizeof notnpy, "z.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "bad magic"), "%s", err);
  CHECK(tasd_npy_parse(notnpy, 0, "z.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "z.npy: bad magic"), "%s", err);
  const uint8_t v2short[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 10};
  CHECK(tasd_npy_parse(v2short, sizeof v2short, "s.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "truncated header"), "%s", err);
  const uint8_t v1long[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x40, 0, '{'};
  CHECK(tasd_npy_parse(v1long, sizeof v1long, "h.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "truncated header: header says 64 bytes, file has 1"), "%s", err);
  const uint8_t huge[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0xff, '{'};
  CHECK(tasd_npy_parse(huge, sizeof huge, "H.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "header length"), "%s", err);
  const uint8_t nul[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 2, 0, '{', 0};
  CHECK(tasd_npy_parse(nul, sizeof nul, "n.npy", &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "NUL"), "%s", err);
  /* NULL arguments and no error buffer */
  CHECK(tasd_npy_parse(NULL, 10, "x", &t, err, sizeof err) == TASD_ERR_NULL, "NULL buf");
  CHECK(tasd_npy_parse(notnpy, sizeof notnpy, "x", NULL, err, sizeof err) == TASD_ERR_NULL, "NULL out");
  CHECK(tasd_npy_parse(notnpy, sizeof notnpy, NULL, &t, NULL, 0) == TASD_ERR_FORMAT, "NULL name/errbuf");
  char tiny[6];
  memset(tiny, 'Q', sizeof tiny);
  CHECK(tasd_npy_parse(notnpy, sizeof notnpy, "long_name.npy", &t, tiny, sizeof tiny) == TASD_ERR_FORMAT && tiny[5] == '\0', "small errbuf must be terminated");
  CHECK(tasd_npy_load(NULL, &t, err, sizeof err) == TASD_ERR_NULL, "load NULL path");
  CHECK(tasd_npy_save(NULL, &t, err, sizeof err) == TASD_ERR_NULL, "save NULL path");

  /* files */
  char path[512];
  snprintf(path, sizeof path, "%s/does_not_exist.npy", tmpdir);
  CHECK(tasd_npy_load(path, &t, err, sizeof err) == TASD_ERR_IO && strstr(err, path) && strstr(err, "cannot open"), "%s", err);
  CHECK(tasd_npy_load(tmpdir, &t, err, sizeof err) != TASD_OK, "loading a directory must fail");
  int16_t v[4] = {1, 2, 3, 4};
  tasd_tensor s = {TASD_INT16, 1, {4}, v};
  snprintf(path, sizeof path, "%s/no/such/dir/x.npy", tmpdir);
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_IO && strstr(err, path), "%s", err);
  snprintf(path, sizeof path, "%s/x.npy", tmpdir);
  s.ndim = 0;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_SHAPE && strstr(err, "rank 0"), "%s", err);
  s.ndim = 9;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_SHAPE, "%s", err);
  s.ndim = 1;
  s.dtype = (tasd_dtype)7;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_DTYPE, "%s", err);
  s.dtype = TASD_INT16;
  s.data = NULL;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_NULL, "%s", err);
  s.shape[0] = SIZE_MAX / 2 + 1; /* byte count overflows */
  s.data = v;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_SHAPE && strstr(err, "shape overflow"), "%s", err);
  s.ndim = 2; /* element count overflows */
  s.shape[0] = SIZE_MAX / 2;
  s.shape[1] = 4;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_ERR_SHAPE && strstr(err, "shape overflow"), "%s", err);
  s.ndim = 1;
  s.shape[1] = 0;
  /* a truncated file on disk */
  s.shape[0] = 4;
  CHECK(tasd_npy_save(path, &s, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(truncate(path, 128 + 7) == 0, "truncate");
  CHECK(tasd_npy_load(path, &t, err, sizeof err) == TASD_ERR_FORMAT && strstr(err, "data too short") && strstr(err, path), "%s", err);
  remove(path);
}

/* Names in dir that are not "." or ".." and not in keep (NULL-terminated); returns the count. */
static int stray_entries(const char *dir, const char *const *keep) {
  DIR *d = opendir(dir);
  if (d == NULL) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    int kept = 0;
    for (const char *const *k = keep; *k; k++)
      if (!strcmp(e->d_name, *k)) kept = 1;
    if (!kept) {
      fprintf(stderr, "stray entry in %s: %s\n", dir, e->d_name);
      n++;
    }
  }
  closedir(d);
  return n;
}

static long file_bytes(const char *path, uint8_t *buf, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  size_t n = fread(buf, 1, cap, f);
  fclose(f);
  return (long)n;
}

/* Failed saves: never remove what was at the path, never leave the temporary behind. */
static void test_save_failures(void) {
  char dir[1100], path[1200], err[512];
  static int16_t big[2048];
  for (int i = 0; i < 2048; i++) big[i] = (int16_t)(i * 7 - 3000);
  tasd_tensor t = {TASD_INT16, 1, {2048}, big};
  int16_t small[4] = {1, -2, 3, -4};
  tasd_tensor u = {TASD_INT16, 1, {4}, small};
  const char *none[] = {NULL};

  /* missing directory: TASD_ERR_IO, nothing created in the parent */
  snprintf(dir, sizeof dir, "%s/savefail", tmpdir);
  CHECK(mkdir(dir, 0777) == 0, "mkdir %s", dir);
  snprintf(path, sizeof path, "%s/missing/x.npy", dir);
  CHECK(tasd_npy_save(path, &u, err, sizeof err) == TASD_ERR_IO && strstr(err, path) && strstr(err, "cannot create"), "%s", err);
  CHECK(stray_entries(dir, none) == 0, "missing-dir save left files in %s", dir);

  /* an existing regular file that a failing save would replace: old bytes survive */
  snprintf(path, sizeof path, "%s/old.npy", dir);
  CHECK(tasd_npy_save(path, &u, err, sizeof err) == TASD_OK, "%s", err);
  uint8_t before[512], after[512];
  long nb = file_bytes(path, before, sizeof before);
  CHECK(nb == 136, "old file has %ld bytes", nb);
  /* write error via the file size limit (works as root too): EFBIG instead of SIGXFSZ */
  struct stat sb;
  int nonreg_ok = 0; /* a failed write to a non-regular path (symlink) kept the path */
  const int failures_before = failures;
  struct rlimit old_lim, lim;
  CHECK(getrlimit(RLIMIT_FSIZE, &old_lim) == 0, "getrlimit");
  void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
  lim = old_lim;
  lim.rlim_cur = 1000; /* the 2048-element file needs 4224 bytes */
  if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
    tasd_status st = tasd_npy_save(path, &t, err, sizeof err);
    CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0, "restore RLIMIT_FSIZE");
    CHECK(st == TASD_ERR_IO && strstr(err, "write error") && strstr(err, path), "save over size limit: %d %s", st, err);
    long na = file_bytes(path, after, sizeof after);
    CHECK(na == nb && memcmp(before, after, (size_t)nb) == 0, "old file changed by a failed save (%ld bytes)", na);
    const char *keep[] = {"old.npy", NULL};
    CHECK(stray_entries(dir, keep) == 0, "failed save left a temporary in %s", dir);
    /* a symlink is written in place; a failed write must not remove it */
    char lpath[1200];
    snprintf(lpath, sizeof lpath, "%s/link.npy", dir);
    CHECK(symlink("old.npy", lpath) == 0, "symlink");
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit again");
    st = tasd_npy_save(lpath, &t, err, sizeof err);
    CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0, "restore RLIMIT_FSIZE");
    CHECK(st == TASD_ERR_IO && strstr(err, lpath), "save through symlink over size limit: %d %s", st, err);
    CHECK(lstat(lpath, &sb) == 0 && S_ISLNK(sb.st_mode) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode), "failed save removed or replaced the symlink or its target");
    const char *keep2[] = {"old.npy", "link.npy", NULL};
    CHECK(stray_entries(dir, keep2) == 0, "failed in-place save left files in %s", dir);
    remove(lpath);
    nonreg_ok = failures == failures_before;
  } else {
    printf("test_npy: setrlimit(RLIMIT_FSIZE) refused; size-limit write error case skipped\n");
  }
  signal(SIGXFSZ, old_sig);
  /* a successful replace keeps the file's permission bits and leaves no temporary */
  CHECK(chmod(path, 0640) == 0, "chmod");
  CHECK(tasd_npy_save(path, &t, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0640 && sb.st_size == 4224, "replaced file mode %o size %ld", (unsigned)sb.st_mode, (long)sb.st_size);
  {
    const char *keep[] = {"old.npy", NULL};
    CHECK(stray_entries(dir, keep) == 0, "successful save left a temporary in %s", dir);
  }

  /* read-only directory (meaningless as root, who may write anyway) */
  snprintf(dir, sizeof dir, "%s/readonly", tmpdir);
  CHECK(mkdir(dir, 0777) == 0, "mkdir %s", dir);
  snprintf(path, sizeof path, "%s/r.npy", dir);
  CHECK(tasd_npy_save(path, &u, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(chmod(dir, 0555) == 0, "chmod %s", dir);
  if (access(dir, W_OK) != 0) {
    CHECK(tasd_npy_save(path, &t, err, sizeof err) == TASD_ERR_IO && strstr(err, path), "read-only dir: %s", err);
    long na = file_bytes(path, after, sizeof after);
    CHECK(na == nb && memcmp(before, after, (size_t)nb) == 0, "file in read-only dir changed");
    const char *keep[] = {"r.npy", NULL};
    CHECK(stray_entries(dir, keep) == 0, "read-only dir save left a temporary");
  } else {
    printf("test_npy: running as root; read-only directory case skipped\n");
  }
  CHECK(chmod(dir, 0755) == 0, "chmod back %s", dir);

  /* a non-regular path is written in place, never replaced: a FIFO we read back */
  int fifo_ok = 0;
  const int failures_before_fifo = failures;
  snprintf(path, sizeof path, "%s/fifo", tmpdir);
  if (mkfifo(path, 0600) == 0) {
    int rfd = open(path, O_RDONLY | O_NONBLOCK);
    CHECK(rfd >= 0, "open fifo for reading");
    if (rfd >= 0) {
      CHECK(tasd_npy_save(path, &u, err, sizeof err) == TASD_OK, "save into FIFO: %s", err);
      uint8_t got[512];
      ssize_t n = read(rfd, got, sizeof got);
      close(rfd);
      CHECK(n == nb && memcmp(got, before, (size_t)nb) == 0, "FIFO got %ld bytes", (long)n);
      CHECK(lstat(path, &sb) == 0 && S_ISFIFO(sb.st_mode), "FIFO replaced by a save");
      fifo_ok = failures == failures_before_fifo;
    }
    remove(path);
  } else {
    printf("test_npy: mkfifo failed (%s); FIFO case skipped\n", strerror(errno));
  }

  /* /dev/full: an I/O error, and /dev/full is still the character device afterwards. Only
   * attempted when the symlink and FIFO cases showed that non-regular paths are written in
   * place and survive a failed write, so a broken save cannot delete or replace the device. */
  struct stat full0;
  if (stat("/dev/full", &full0) != 0 || !S_ISCHR(full0.st_mode)) {
    printf("test_npy: /dev/full missing or not a character device; case skipped\n");
  } else if (!fifo_ok || !nonreg_ok) {
    CHECK(fifo_ok && nonreg_ok, "not writing /dev/full: the FIFO/symlink case failed, a save might remove or replace the device");
  } else {
    tasd_status st = tasd_npy_save("/dev/full", &u, err, sizeof err);
    CHECK(st == TASD_ERR_IO && strstr(err, "/dev/full") && strstr(err, "write error"), "save to /dev/full: %d %s", st, err);
    struct stat full1;
    CHECK(stat("/dev/full", &full1) == 0 && S_ISCHR(full1.st_mode) && full1.st_rdev == full0.st_rdev, "/dev/full is no longer the character device");
    st = tasd_npy_save("/dev/full", &t, err, sizeof err); /* larger than stdio's buffer */
    CHECK(st == TASD_ERR_IO, "big save to /dev/full: %d %s", st, err);
    CHECK(stat("/dev/full", &full1) == 0 && S_ISCHR(full1.st_mode), "/dev/full is no longer a character device");
  }
}

int main(int argc, char **argv) {
  /* All files go under the work directory given by the test list ({build}/tests/work/...). */
  if (argc != 2 || argv[1][0] == '\0') {
    fprintf(stderr, "usage: test_npy WORKDIR\n");
    return 2;
  }
  char cmd[1200];
  if (strlen(argv[1]) > 200 || strchr(argv[1], '\'') != NULL) {
    fprintf(stderr, "test_npy: unusable WORKDIR '%s'\n", argv[1]);
    return 2;
  }
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[1]);
  if (system(cmd) != 0) {
    fprintf(stderr, "test_npy: cannot create %s\n", argv[1]);
    return 1;
  }
  snprintf(tmpdir, sizeof tmpdir, "%s/test_npy_XXXXXX", argv[1]);
  if (mkdtemp(tmpdir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_roundtrip();
  test_numpy_bytes();
  test_refusals();
  test_save_failures();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (!failures && system(cmd) != 0) fprintf(stderr, "test_npy: could not clean %s\n", tmpdir);
  if (failures) {
    fprintf(stderr, "test_npy: %d check(s) failed\n", failures);
    return 1;
  }
  printf("test_npy: all checks passed\n");
  return 0;
}
