/* SPDX-License-Identifier: Apache-2.0 */
/* IDX reader tests: the real Fashion-MNIST files (gz and plain), every dtype, every refusal. */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[512];

/* ---- file helpers ---------------------------------------------------------------------- */
static int write_plain(const char *path, const uint8_t *b, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fwrite(b, 1, n, f) == n;
  return (fclose(f) == 0) && ok;
}

static int write_gz(const char *path, const uint8_t *b, size_t n) {
  gzFile g = gzopen(path, "wb9");
  if (!g) return 0;
  int ok = n == 0 || gzwrite(g, b, (unsigned)n) == (int)n;
  return gzclose(g) == Z_OK && ok;
}

/* Whole file into a malloc'd buffer (NULL on error). */
static uint8_t *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16;
  uint8_t *b = malloc(cap);
  *n = 0;
  for (;;) {
    if (*n == cap) b = realloc(b, cap *= 2);
    size_t got = fread(b + *n, 1, cap - *n, f);
    *n += got;
    if (got == 0) break;
  }
  fclose(f);
  return b;
}

/* The gzip image of b (through a scratch file, so it is exactly what gzwrite produces). */
static uint8_t *gz_image(const uint8_t *b, size_t n, size_t *zn) {
  char path[600];
  snprintf(path, sizeof path, "%s/scratch.gz", tmpdir);
  if (!write_gz(path, b, n)) return NULL;
  uint8_t *z = read_all(path, zn);
  remove(path);
  return z;
}

/* Decompresses src (gz) into dst through zlib; returns 1 on success. */
static int gunzip_to(const char *src, const char *dst) {
  gzFile g = gzopen(src, "rb");
  FILE *f = fopen(dst, "wb");
  int ok = g != NULL && f != NULL;
  static uint8_t buf[1 << 16];
  int r;
  while (ok && (r = gzread(g, buf, sizeof buf)) > 0) ok = fwrite(buf, 1, (size_t)r, f) == (size_t)r;
  if (g && gzclose(g) != Z_OK) ok = 0;
  if (f && fclose(f) != 0) ok = 0;
  return ok;
}

/* An IDX image: 0, 0, code, rank, dims (big-endian), then dlen data bytes. */
static uint8_t *mk_idx(uint8_t code, uint32_t rank, const uint32_t *dims, uint32_t ndims_given,
                       const uint8_t *data, size_t dlen, size_t *n) {
  *n = 4 + 4 * (size_t)ndims_given + dlen;
  uint8_t *b = malloc(*n + 1);
  b[0] = 0;
  b[1] = 0;
  b[2] = code;
  b[3] = (uint8_t)rank;
  for (uint32_t d = 0; d < ndims_given; d++) {
    b[4 + 4 * d] = (uint8_t)(dims[d] >> 24);
    b[5 + 4 * d] = (uint8_t)(dims[d] >> 16);
    b[6 + 4 * d] = (uint8_t)(dims[d] >> 8);
    b[7 + 4 * d] = (uint8_t)dims[d];
  }
  if (dlen) memcpy(b + 4 + 4 * ndims_given, data, dlen);
  return b;
}

/* Loads path expecting want; checks the message names the file and holds needle, and that *out */
/* is untouched on failure.                                                                     */
static void expect_fail(const char *path, tasd_status want, const char *needle, const char *what) {
  tasd_tensor t, pattern;
  memset(&t, 0x5a, sizeof t);
  memset(&pattern, 0x5a, sizeof pattern);
  char err[512];
  tasd_status st = tasd_idx_load(path, &t, err, sizeof err);
  CHECK_MSG(st == want, "%s: status %d (%s), want %d; message: %s", what, st, tasd_strerror(st),
            want, err);
  CHECK_MSG(strstr(err, path) != NULL, "%s: message lacks the path: %s", what, err);
  CHECK_MSG(strstr(err, needle) != NULL, "%s: message '%s' lacks '%s'", what, err, needle);
  if (st == TASD_OK) tasd_tensor_free(&t);
  else CHECK_MSG(!memcmp(&t, &pattern, sizeof t), "%s: *out written on failure", what);
}

/* ---- the real data --------------------------------------------------------------------- */
typedef struct {
  const char *file;
  uint32_t ndim;
  size_t shape[3];
  uint64_t sum;      /* sum of all bytes (Python gzip + numpy) */
  uint64_t wsum;     /* sum of (i + 1) * byte[i] modulo 2^64 */
  uint64_t per_class; /* labels: count of each of 0..9 (0 for images) */
  uint8_t first[8];  /* first 8 values */
} fm_ref;

static const fm_ref fm[] = {
    {"train-images-idx3-ubyte", 3, {60000, 28, 28}, 3431114169u, 0x11f09e4c2fc0428ull, 0, {0}},
    {"train-labels-idx1-ubyte", 1, {60000}, 270000u, 0x1e20d3fdbull, 6000, {9, 0, 0, 3, 0, 2, 7, 2}},
    {"t10k-images-idx3-ubyte", 3, {10000, 28, 28}, 573469082u, 0x7fc5fa5587c61ull, 0, {0}},
    {"t10k-labels-idx1-ubyte", 1, {10000}, 45000u, 0xd7516bdull, 1000, {9, 2, 1, 1, 6, 1, 4, 6}},
};

static void check_fm(const fm_ref *r, const tasd_tensor *t, const char *path) {
  CHECK_MSG(t->dtype == TASD_UINT8 && t->ndim == r->ndim, "%s: dtype %s rank %u", path,
            tasd_dtype_name(t->dtype), (unsigned)t->ndim);
  for (uint32_t d = 0; d < r->ndim && d < t->ndim; d++)
    CHECK_MSG(t->shape[d] == r->shape[d], "%s: shape[%u] = %zu, want %zu", path, d, t->shape[d],
              r->shape[d]);
  size_t n = tasd_tensor_numel(t);
  const uint8_t *v = t->data;
  uint64_t sum = 0, wsum = 0, hist[256] = {0};
  for (size_t i = 0; i < n; i++) {
    sum += v[i];
    wsum += (uint64_t)(i + 1) * v[i];
    hist[v[i]]++;
  }
  CHECK_MSG(sum == r->sum && wsum == r->wsum, "%s: checksums %llu/%llx, want %llu/%llx", path,
            (unsigned long long)sum, (unsigned long long)wsum, (unsigned long long)r->sum,
            (unsigned long long)r->wsum);
  if (r->per_class) {
    for (int c = 0; c < 10; c++)
      CHECK_MSG(hist[c] == r->per_class, "%s: label %d occurs %llu times, want %llu", path, c,
                (unsigned long long)hist[c], (unsigned long long)r->per_class);
    for (int c = 10; c < 256; c++) CHECK_MSG(hist[c] == 0, "%s: label %d out of 0..9", path, c);
    CHECK_MSG(n >= 8 && !memcmp(v, r->first, 8), "%s: first labels differ", path);
  } else {
    CHECK_MSG(hist[0] > 0 && hist[255] > 0, "%s: images should span 0..255", path);
  }
}

/* Returns 0 when the dataset directory is missing (the caller then skips). */
static int test_fashion_mnist(const char *dsdir) {
  char gz[1024], plain[1024], err[512];
  snprintf(gz, sizeof gz, "%s/%s.gz", dsdir, fm[0].file);
  if (access(gz, R_OK) != 0) {
    printf("test_idx: %s not readable (%s); install dataset-fashion-mnist (make deps)\n", gz,
           strerror(errno));
    return 0;
  }
  for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++) {
    snprintf(gz, sizeof gz, "%s/%s.gz", dsdir, fm[i].file);
    tasd_tensor t;
    tasd_status st = tasd_idx_load(gz, &t, err, sizeof err);
    CHECK_MSG(st == TASD_OK, "load %s: %s", gz, err);
    if (st != TASD_OK) continue;
    check_fm(&fm[i], &t, gz);
    /* The uncompressed copy (all but the 47 MB training images) loads to the same tensor. */
    if (i != 0) {
      snprintf(plain, sizeof plain, "%s/%s", tmpdir, fm[i].file);
      CHECK_MSG(gunzip_to(gz, plain), "gunzip %s", gz);
      tasd_tensor u;
      st = tasd_idx_load(plain, &u, err, sizeof err);
      CHECK_MSG(st == TASD_OK, "load %s: %s", plain, err);
      if (st == TASD_OK) {
        CHECK_MSG(u.dtype == t.dtype && u.ndim == t.ndim && !memcmp(u.shape, t.shape, sizeof u.shape) &&
                      !memcmp(u.data, t.data, tasd_tensor_numel(&t)),
                  "%s differs from %s", plain, gz);
        check_fm(&fm[i], &u, plain);
        tasd_tensor_free(&u);
      }
      remove(plain);
    }
    tasd_tensor_free(&t);
  }
  return 1;
}

/* ---- every dtype, ranks 1..8, plain and gz ------------------------------------------- */
static void test_dtypes(void) {
  const struct {
    uint8_t code;
    tasd_dtype dt;
  } types[] = {{0x08, TASD_UINT8}, {0x09, TASD_INT8}, {0x0B, TASD_INT16}, {0x0C, TASD_INT32},
               {0x0D, TASD_FLOAT32}};
  for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ti++) {
    const size_t isz = tasd_dtype_size(types[ti].dt);
    for (uint32_t rank = 1; rank <= TASD_MAX_DIMS; rank++) {
      uint32_t dims[TASD_MAX_DIMS];
      size_t numel = 1;
      for (uint32_t d = 0; d < rank; d++) {
        dims[d] = rank <= 2 ? 1 + tu_below(40) : 1 + tu_below(3);
        numel *= dims[d];
      }
      uint8_t *be = malloc(numel * isz + 1);
      uint8_t *host = malloc(numel * isz + 1);
      for (size_t i = 0; i < numel; i++) {
        uint32_t u = (uint32_t)tu_rand();
        /* extremes first: the most negative value, then the largest, then -0.0f */
        if (i == 0) u = isz == 1 ? 0x80u : isz == 2 ? 0x8000u : 0x80000000u;
        if (i == 1) u = isz == 1 ? 0x7fu : isz == 2 ? 0x7fffu : 0x7fffffffu;
        if (i == 2) u = isz == 1 ? 0xffu : isz == 2 ? 0xffffu : 0xff7fffffu; /* -FLT_MAX */
        if (types[ti].dt == TASD_FLOAT32 && i > 2) {
          float f = (float)((int32_t)u) / 65536.0f;
          memcpy(&u, &f, 4);
        }
        for (size_t b = 0; b < isz; b++) be[i * isz + b] = (uint8_t)(u >> (8 * (isz - 1 - b)));
        if (isz == 1) host[i] = (uint8_t)u;
        else if (isz == 2) {
          uint16_t h = (uint16_t)u;
          memcpy(host + 2 * i, &h, 2);
        } else
          memcpy(host + 4 * i, &u, 4);
      }
      size_t n;
      uint8_t *img = mk_idx(types[ti].code, rank, dims, rank, be, numel * isz, &n);
      for (int z = 0; z < 2; z++) {
        char path[700], err[512];
        snprintf(path, sizeof path, "%s/t%02x_r%u%s", tmpdir, types[ti].code, rank, z ? ".gz" : "");
        CHECK_MSG(z ? write_gz(path, img, n) : write_plain(path, img, n), "write %s", path);
        tasd_tensor t;
        tasd_status st = tasd_idx_load(path, &t, err, sizeof err);
        CHECK_MSG(st == TASD_OK, "load %s: %s", path, err);
        if (st == TASD_OK) {
          CHECK_MSG(t.dtype == types[ti].dt && t.ndim == rank, "%s: dtype %s rank %u", path,
                    tasd_dtype_name(t.dtype), (unsigned)t.ndim);
          for (uint32_t d = 0; d < rank; d++) CHECK_MSG(t.shape[d] == dims[d], "%s: shape[%u]", path, d);
          CHECK_MSG(!memcmp(t.data, host, numel * isz), "%s: values differ", path);
          tasd_tensor_free(&t);
        }
        remove(path);
      }
      free(img);
      free(be);
      free(host);
    }
  }
  /* A zero-sized dimension: no data bytes, non-NULL data. */
  uint32_t dims[2] = {0, 5};
  size_t n;
  uint8_t *img = mk_idx(0x0B, 2, dims, 2, NULL, 0, &n);
  char path[700], err[512];
  snprintf(path, sizeof path, "%s/empty.idx", tmpdir);
  CHECK(write_plain(path, img, n));
  tasd_tensor t;
  CHECK_OK(tasd_idx_load(path, &t, err, sizeof err));
  CHECK(t.data != NULL && t.ndim == 2 && t.shape[0] == 0 && t.shape[1] == 5 && t.dtype == TASD_INT16);
  tasd_tensor_free(&t);
  free(img);
  remove(path);

  /* gzip -d semantics: a file made of two concatenated gzip members is one stream. */
  uint8_t data[6] = {1, 2, 3, 4, 5, 6};
  dims[0] = 2;
  dims[1] = 3;
  img = mk_idx(0x08, 2, dims, 2, data, 6, &n);
  size_t z1n, z2n;
  uint8_t *z1 = gz_image(img, 7, &z1n), *z2 = gz_image(img + 7, n - 7, &z2n);
  uint8_t *cat = malloc(z1n + z2n);
  memcpy(cat, z1, z1n);
  memcpy(cat + z1n, z2, z2n);
  snprintf(path, sizeof path, "%s/two_members.gz", tmpdir);
  CHECK(write_plain(path, cat, z1n + z2n));
  tasd_status st = tasd_idx_load(path, &t, err, sizeof err);
  CHECK_MSG(st == TASD_OK && t.shape[0] == 2 && !memcmp(t.data, data, 6), "two members: %s", err);
  if (st == TASD_OK) tasd_tensor_free(&t);
  /* ... and non-gzip bytes after the last member are ignored (zlib, like gzip -d). */
  cat = realloc(cat, z1n + z2n + 8);
  memcpy(cat + z1n + z2n, "garbage!", 8);
  CHECK(write_plain(path, cat, z1n + z2n + 8));
  st = tasd_idx_load(path, &t, err, sizeof err);
  CHECK_MSG(st == TASD_OK && t.shape[1] == 3 && !memcmp(t.data, data, 6), "gz + garbage: %s", err);
  if (st == TASD_OK) tasd_tensor_free(&t);
  remove(path);
  free(cat);
  free(z1);
  free(z2);
  free(img);
}

/* ---- refusals -------------------------------------------------------------------------- */
typedef struct {
  const char *name;
  uint8_t code, rank;
  uint32_t ndims_given;  /* dimensions actually written */
  uint32_t dims[9];
  size_t dlen;           /* data bytes written (zeros) */
  tasd_status want;
  const char *needle;
} bad_case;

static void test_refusals(void) {
  static const uint8_t zeros[64];
  const uint32_t M = 0xFFFFFFFFu;
  const bad_case cases[] = {
      {"unknown_type_0a", 0x0A, 1, 1, {6}, 6, TASD_ERR_FORMAT, "unknown IDX type code 0x0a"},
      {"unknown_type_00", 0x00, 1, 1, {6}, 6, TASD_ERR_FORMAT, "unknown IDX type code 0x00"},
      {"unknown_type_ff", 0xFF, 1, 1, {6}, 6, TASD_ERR_FORMAT, "unknown IDX type code 0xff"},
      {"float64", 0x0E, 1, 1, {2}, 16, TASD_ERR_DTYPE, "float64"},
      {"rank0", 0x08, 0, 0, {0}, 1, TASD_ERR_FORMAT, "rank 0 unsupported"},
      {"rank9", 0x08, 9, 9, {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, TASD_ERR_FORMAT, "rank 9 unsupported"},
      {"rank255", 0x08, 255, 0, {0}, 0, TASD_ERR_FORMAT, "rank 255 unsupported"},
      {"short_dims", 0x08, 3, 2, {2, 2}, 0, TASD_ERR_FORMAT, "truncated header: rank 3 needs 12 dimension bytes, file has 8"},
      {"short_data_u8", 0x08, 2, 2, {2, 3}, 5, TASD_ERR_FORMAT, "truncated data: shape needs 6 bytes, file has 5"},
      {"short_data_i32", 0x0C, 1, 1, {3}, 11, TASD_ERR_FORMAT, "truncated data: shape needs 12 bytes, file has 11"},
      {"no_data", 0x0D, 1, 1, {3}, 0, TASD_ERR_FORMAT, "truncated data: shape needs 12 bytes, file has 0"},
      {"trailing1", 0x08, 2, 2, {2, 3}, 7, TASD_ERR_FORMAT, "1 trailing byte(s) after the 6 data bytes"},
      {"trailing40", 0x0B, 1, 1, {2}, 44, TASD_ERR_FORMAT, "40 trailing byte(s)"},
      {"trailing_empty", 0x08, 2, 2, {0, 3}, 1, TASD_ERR_FORMAT, "1 trailing byte(s) after the 0 data bytes"},
      /* claims ~2^64 bytes but holds 10: refused as truncated without allocating the claim */
      {"huge_claim", 0x08, 2, 2, {M, M}, 10, TASD_ERR_FORMAT, "truncated data"},
      {"overflow_numel", 0x08, 8, 8, {M, M, M, M, M, M, M, M}, 0, TASD_ERR_NOMEM, "shape overflow"},
      {"overflow_bytes", 0x0C, 2, 2, {M, M}, 0, TASD_ERR_NOMEM, "shape overflow"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const bad_case *c = &cases[i];
    size_t n;
    uint8_t *img = mk_idx(c->code, c->rank, c->dims, c->ndims_given, zeros, c->dlen, &n);
    for (int z = 0; z < 2; z++) {
      char path[700], what[200];
      snprintf(path, sizeof path, "%s/%s%s", tmpdir, c->name, z ? ".gz" : ".idx");
      snprintf(what, sizeof what, "%s%s", c->name, z ? " (gz)" : "");
      CHECK_MSG(z ? write_gz(path, img, n) : write_plain(path, img, n), "write %s", path);
      expect_fail(path, c->want, c->needle, what);
      remove(path);
    }
    free(img);
  }

  /* Header damage, plain and gz. */
  const struct {
    const char *name;
    const uint8_t *b;
    size_t n;
    const char *needle;
  } raw[] = {
      {"empty", (const uint8_t *)"", 0, "truncated header: 0 of the 4 magic bytes"},
      {"three", (const uint8_t *)"\0\0\x08", 3, "truncated header: 3 of the 4 magic bytes"},
      {"magic1", (const uint8_t *)"\x01\0\x08\x01\0\0\0\x01\x07", 9, "bad magic 0x01000801"},
      {"magic2", (const uint8_t *)"\0\x02\x08\x01\0\0\0\x01\x07", 9, "bad magic"},
      {"npy", (const uint8_t *)"\x93NUMPY\x01\0", 8, "not an IDX file"},
      {"zip", (const uint8_t *)"PK\x03\x04 zip", 8, "bad magic"},
  };
  for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
    for (int z = 0; z < 2; z++) {
      char path[700], what[200];
      snprintf(path, sizeof path, "%s/%s%s", tmpdir, raw[i].name, z ? ".gz" : ".idx");
      snprintf(what, sizeof what, "%s%s", raw[i].name, z ? " (gz)" : "");
      CHECK_MSG(z ? write_gz(path, raw[i].b, raw[i].n) : write_plain(path, raw[i].b, raw[i].n), "write %s", path);
      expect_fail(path, TASD_ERR_FORMAT, raw[i].needle, what);
      remove(path);
    }
  }

  /* Corrupt gzip streams around a valid 1000-byte IDX payload. */
  uint8_t data[1000];
  for (int i = 0; i < 1000; i++) data[i] = (uint8_t)tu_rand();
  uint32_t dims[1] = {1000};
  size_t n, zn;
  uint8_t *img = mk_idx(0x08, 1, dims, 1, data, sizeof data, &n);
  uint8_t *z = gz_image(img, n, &zn);
  CHECK(z != NULL && zn > 30 && z[0] == 0x1f && z[1] == 0x8b && z[3] == 0);
  uint8_t *w = malloc(zn);
  char path[700];
  snprintf(path, sizeof path, "%s/corrupt.gz", tmpdir);
  struct {
    const char *what;
    size_t at;      /* byte to change (SIZE_MAX: none) */
    uint8_t val;
    size_t len;     /* bytes of the image kept */
    const char *needle;
  } cz[] = {
      {"bad block type", 10, 0x07, zn, "corrupt gzip stream: invalid block type"},
      {"crc", zn - 8, 0, zn, "corrupt gzip stream: incorrect data check"},
      {"length", zn - 1, 0x5a, zn, "corrupt gzip stream: incorrect length check"},
      {"header flags", 3, 0xE0, zn, "corrupt gzip stream: unknown header flags set"},
      {"cut in the deflate data", SIZE_MAX, 0, zn / 2, "corrupt gzip stream: it ends early"},
      {"cut in the trailer", SIZE_MAX, 0, zn - 4, "corrupt gzip stream: it ends early"},
      {"cut after the header", SIZE_MAX, 0, 10, "corrupt gzip stream: it ends early"},
  };
  for (size_t i = 0; i < sizeof cz / sizeof cz[0]; i++) {
    memcpy(w, z, zn);
    if (cz[i].at != SIZE_MAX) w[cz[i].at] = cz[i].at == zn - 8 ? (uint8_t)~w[zn - 8] : cz[i].val;
    CHECK(write_plain(path, w, cz[i].len));
    expect_fail(path, TASD_ERR_FORMAT, cz[i].needle, cz[i].what);
  }
  remove(path);
  free(w);
  free(z);
  free(img);

  /* I/O errors and arguments. */
  char err[512];
  tasd_tensor t;
  snprintf(path, sizeof path, "%s/does_not_exist.gz", tmpdir);
  expect_fail(path, TASD_ERR_IO, "cannot open: No such file or directory", "missing file");
  snprintf(path, sizeof path, "%s/no/such/dir/x", tmpdir);
  expect_fail(path, TASD_ERR_IO, "cannot open", "missing directory");
  expect_fail(tmpdir, TASD_ERR_IO, "read error in the header", "a directory");
  snprintf(path, sizeof path, "%s/unreadable.idx", tmpdir);
  CHECK(write_plain(path, (const uint8_t *)"\0\0\x08\x01\0\0\0\x01\x07", 9));
  CHECK(chmod(path, 0) == 0);
  if (access(path, R_OK) != 0)
    expect_fail(path, TASD_ERR_IO, "cannot open: Permission denied", "unreadable file");
  else
    printf("test_idx: running as root; unreadable-file case skipped\n");
  remove(path);
  CHECK_ST(tasd_idx_load(NULL, &t, err, sizeof err), TASD_ERR_NULL);
  CHECK(strstr(err, "NULL argument") != NULL);
  CHECK_ST(tasd_idx_load(path, NULL, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_idx_load(path, &t, NULL, 0), TASD_ERR_IO); /* no error buffer: still safe */
  char tiny[6];
  memset(tiny, 'Q', sizeof tiny);
  CHECK_ST(tasd_idx_load(path, &t, tiny, sizeof tiny), TASD_ERR_IO);
  CHECK(tiny[5] == '\0');
}

int main(int argc, char **argv) {
  /* usage: test_idx WORKDIR [DATASET_DIR]; every file goes under WORKDIR (in build/). */
  tu_init(argc, argv, 0);
  if (argc < 2 || argc > 3 || argv[1][0] == '\0' || strlen(argv[1]) > 300 ||
      strchr(argv[1], '\'') != NULL) {
    fprintf(stderr, "usage: test_idx WORKDIR [DATASET_DIR]\n");
    return 2;
  }
  char cmd[800];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[1]);
  if (system(cmd) != 0) {
    fprintf(stderr, "test_idx: cannot create %s\n", argv[1]);
    return 1;
  }
  snprintf(tmpdir, sizeof tmpdir, "%s/test_idx_XXXXXX", argv[1]);
  if (mkdtemp(tmpdir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  const char *dsdir = argc == 3 ? argv[2] : "/usr/share/datasets/fashion-mnist";
  int have_data = test_fashion_mnist(dsdir);
  test_dtypes();
  test_refusals();
  if (!tu_failed()) {
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "test_idx: could not clean %s\n", tmpdir);
  }
  int rc = tu_finish();
  if (rc == 0 && !have_data) {
    printf("SKIP: Fashion-MNIST checks not run (dataset missing)\n");
    return 77;
  }
  return rc;
}
