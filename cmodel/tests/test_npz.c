/* SPDX-License-Identifier: Apache-2.0 */
/* .npz tests: save/load round trip for every dtype, member bytes == .npy, refusals, interop. */
/*
 * usage: test_npz WORKDIR            unit tests; every file goes under WORKDIR (in build/)
 *        test_npz --interop DIR      numpy interop step (run by cmodel/tests/npz_numpy.sh): loads
 *                                    DIR/np_*.npz written by numpy, compares each array with the
 *                                    np.save reference DIR/ref_NN.npy, writes DIR/c_out.npz
 */
#include "testutil.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <dirent.h>

static char tmpdir[512];

/* ---- helpers ----------------------------------------------------------------------------- */
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

static int write_plain(const char *path, const void *b, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fwrite(b, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

typedef struct {
  const char *name;
  const void *data;
  size_t len;
  int deflate;
} member;

/* A zip written with libzip directly (to craft archives tasd_npz_save would never write). */
static int make_zip(const char *path, const member *m, size_t n) {
  int ze = 0;
  remove(path);
  zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
  if (!za) return 0;
  for (size_t i = 0; i < n; i++) {
    zip_int64_t idx;
    if (m[i].name[strlen(m[i].name) - 1] == '/') {
      idx = zip_dir_add(za, m[i].name, 0);
    } else {
      zip_source_t *s = zip_source_buffer(za, m[i].data, m[i].len, 0);
      idx = s ? zip_file_add(za, m[i].name, s, 0) : -1;
      if (idx < 0 && s) zip_source_free(s);
      if (idx >= 0) zip_set_file_compression(za, (zip_uint64_t)idx, m[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (idx < 0) {
      zip_discard(za);
      return 0;
    }
  }
  return zip_close(za) == 0;
}

/* Member `name` of the zip at path, or NULL. */
static uint8_t *zip_member(const char *path, const char *name, size_t *len, int *method) {
  int ze = 0;
  zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
  if (!za) return NULL;
  zip_stat_t sb;
  uint8_t *b = NULL;
  if (zip_stat(za, name, 0, &sb) == 0) {
    zip_file_t *zf = zip_fopen(za, name, 0);
    b = malloc(sb.size + 1);
    if (zf && zip_fread(zf, b, sb.size) == (zip_int64_t)sb.size) {
      *len = sb.size;
      *method = sb.comp_method;
    } else {
      free(b);
      b = NULL;
    }
    if (zf) zip_fclose(zf);
  }
  zip_discard(za);
  return b;
}

static size_t isz(tasd_dtype dt) { return tasd_dtype_size(dt); }

static void fill(tasd_tensor *t) {
  size_t n = tasd_tensor_numel(t) * isz(t->dtype);
  uint8_t *b = t->data;
  for (size_t i = 0; i < n; i++) b[i] = (uint8_t)tu_rand();
}

static int same_tensor(const tasd_tensor *a, const tasd_tensor *b) {
  if (a->dtype != b->dtype || a->ndim != b->ndim) return 0;
  for (uint32_t d = 0; d < a->ndim; d++)
    if (a->shape[d] != b->shape[d]) return 0;
  size_t n = tasd_tensor_numel(a) * isz(a->dtype);
  return n == 0 || !memcmp(a->data, b->data, n);
}

/* Names in dir other than ".", ".." and keep (NULL-terminated); returns the count. */
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
      printf("stray entry in %s: %s\n", dir, e->d_name);
      n++;
    }
  }
  closedir(d);
  return n;
}

/* Loads path expecting want; message names path and holds needle; *out is left zeroed. */
static void expect_load_fail(const char *path, tasd_status want, const char *needle, const char *what) {
  tasd_npz z;
  memset(&z, 0x5a, sizeof z);
  char err[768];
  tasd_status st = tasd_npz_load(path, &z, err, sizeof err);
  CHECK_MSG(st == want, "%s: status %d (%s), want %d; message: %s", what, st, tasd_strerror(st), want, err);
  CHECK_MSG(strstr(err, path) != NULL, "%s: message lacks the path: %s", what, err);
  CHECK_MSG(strstr(err, needle) != NULL, "%s: message '%s' lacks '%s'", what, err, needle);
  if (st != TASD_OK) CHECK_MSG(z.count == 0 && z.names == NULL && z.arrays == NULL, "%s: *out not empty", what);
  tasd_npz_free(&z);
}

/* ---- round trip ---------------------------------------------------------------------------- */
static void test_roundtrip(void) {
  const tasd_dtype dts[5] = {TASD_INT8, TASD_UINT8, TASD_INT16, TASD_INT32, TASD_FLOAT32};
  enum { N = 5 * TASD_MAX_DIMS + 1 };
  tasd_tensor arr[N];
  char namebuf[N][32];
  const char *names[N];
  size_t n = 0;
  for (int di = 0; di < 5; di++) {
    for (uint32_t rank = 1; rank <= TASD_MAX_DIMS; rank++) {
      size_t shp[TASD_MAX_DIMS];
      for (uint32_t d = 0; d < rank; d++) shp[d] = rank <= 2 ? 1 + tu_below(30) : 1 + tu_below(3);
      CHECK_OK(tasd_tensor_alloc(&arr[n], dts[di], rank, shp));
      fill(&arr[n]);
      snprintf(namebuf[n], sizeof namebuf[n], "layer%d.%s_r%u", di, tasd_dtype_name(dts[di]), rank);
      names[n] = namebuf[n];
      n++;
    }
  }
  /* an empty array and a key with a '/' (numpy allows both) */
  size_t eshp[2] = {0, 3};
  CHECK_OK(tasd_tensor_alloc(&arr[n], TASD_FLOAT32, 2, eshp));
  snprintf(namebuf[n], sizeof namebuf[n], "dir/empty");
  names[n] = namebuf[n];
  n++;

  char path[700], path2[700], err[768];
  snprintf(path, sizeof path, "%s/rt.npz", tmpdir);
  snprintf(path2, sizeof path2, "%s/rt2.npz", tmpdir);
  CHECK_MSG(tasd_npz_save(path, names, arr, n, err, sizeof err) == TASD_OK, "save: %s", err);
  tasd_npz z;
  tasd_status st = tasd_npz_load(path, &z, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "load: %s", err);
  if (st == TASD_OK) {
    CHECK_EQ(z.count, n);
    for (size_t i = 0; i < n && i < z.count; i++) {
      CHECK_MSG(!strcmp(z.names[i], names[i]), "name %zu: %s vs %s", i, z.names[i], names[i]);
      CHECK_MSG(same_tensor(&z.arrays[i], &arr[i]), "array %s differs", names[i]);
      CHECK(tasd_npz_find(&z, names[i]) == &z.arrays[i]);
    }
    CHECK(tasd_npz_find(&z, "nope") == NULL);
    CHECK(tasd_npz_find(&z, "layer0.int8_r1.npy") == NULL); /* names have no suffix */
    CHECK(tasd_npz_find(NULL, "x") == NULL && tasd_npz_find(&z, NULL) == NULL);
    tasd_npz_free(&z);
    CHECK(z.count == 0 && z.names == NULL && z.arrays == NULL);
    tasd_npz_free(&z); /* idempotent */
    tasd_npz_free(NULL);
  }
  /* every member is deflated and byte-identical to what tasd_npy_save writes */
  char npy[700];
  snprintf(npy, sizeof npy, "%s/member.npy", tmpdir);
  for (size_t i = 0; i < n; i++) {
    char mname[64];
    snprintf(mname, sizeof mname, "%s.npy", names[i]);
    size_t ml = 0, fl = 0;
    int method = -1;
    uint8_t *m = zip_member(path, mname, &ml, &method);
    CHECK_MSG(m != NULL, "member %s missing", mname);
    CHECK_OK(tasd_npy_save(npy, &arr[i], err, sizeof err));
    uint8_t *f = read_all(npy, &fl);
    CHECK_MSG(m && f && ml == fl && !memcmp(m, f, fl), "member %s differs from tasd_npy_save's file", mname);
    CHECK_MSG(method == ZIP_CM_DEFLATE, "member %s: compression method %d", mname, method);
    free(m);
    free(f);
  }
  remove(npy);
  /* deterministic: the same input gives the same bytes */
  CHECK_OK(tasd_npz_save(path2, names, arr, n, err, sizeof err));
  size_t l1 = 0, l2 = 0;
  uint8_t *b1 = read_all(path, &l1), *b2 = read_all(path2, &l2);
  CHECK_MSG(b1 && b2 && l1 == l2 && !memcmp(b1, b2, l1), "two saves of the same arrays differ");
  free(b1);
  free(b2);
  /* replacing an existing archive keeps its permission bits and leaves no temporary */
  CHECK(chmod(path, 0640) == 0);
  CHECK_OK(tasd_npz_save(path, names, arr, 2, err, sizeof err));
  struct stat sb;
  CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640);
  CHECK_OK(tasd_npz_load(path, &z, err, sizeof err));
  CHECK(z.count == 2 && same_tensor(&z.arrays[1], &arr[1]));
  tasd_npz_free(&z);
  const char *keep[] = {"rt.npz", "rt2.npz", NULL};
  CHECK(stray_entries(tmpdir, keep) == 0);
  remove(path);
  remove(path2);

  /* no arrays: numpy's empty archive (22 bytes), loads with count 0 */
  CHECK_OK(tasd_npz_save(path, NULL, NULL, 0, err, sizeof err));
  CHECK(stat(path, &sb) == 0 && sb.st_size == 22);
  memset(&z, 0x5a, sizeof z);
  CHECK_OK(tasd_npz_load(path, &z, err, sizeof err));
  CHECK(z.count == 0 && tasd_npz_find(&z, "a") == NULL);
  tasd_npz_free(&z);
  remove(path);
  for (size_t i = 0; i < n; i++) tasd_tensor_free(&arr[i]);
}

/* ---- refusals on load ----------------------------------------------------------------------- */
static void test_load_refusals(void) {
  char path[700], err[768];
  int16_t v[6] = {1, -2, 3, -4, 5, -32768};
  tasd_tensor t = {TASD_INT16, 2, {2, 3}, v};
  char npyp[700];
  snprintf(npyp, sizeof npyp, "%s/good.npy", tmpdir);
  CHECK_OK(tasd_npy_save(npyp, &t, err, sizeof err));
  size_t gl = 0;
  uint8_t *good = read_all(npyp, &gl);
  CHECK(good && gl == 128 + 12);

  /* files that are not zips */
  snprintf(path, sizeof path, "%s/does_not_exist.npz", tmpdir);
  expect_load_fail(path, TASD_ERR_IO, "cannot open: No such file or directory", "missing");
  expect_load_fail(tmpdir, TASD_ERR_IO, "read error", "a directory");
  snprintf(path, sizeof path, "%s/empty.npz", tmpdir);
  CHECK(write_plain(path, "", 0));
  expect_load_fail(path, TASD_ERR_FORMAT, "not a zip archive (empty file)", "empty file");
  CHECK(write_plain(path, "hello, this is not a zip archive at all\n", 40));
  expect_load_fail(path, TASD_ERR_FORMAT, "not a zip archive", "text file");
  expect_load_fail(npyp, TASD_ERR_FORMAT, "not a zip archive", ".npy file");

  /* a good archive, then damaged copies of it */
  member gm[2] = {{"a.npy", good, gl, 1}, {"b.npy", good, gl, 0}};
  snprintf(path, sizeof path, "%s/good.npz", tmpdir);
  CHECK(make_zip(path, gm, 2));
  tasd_npz z;
  CHECK_OK(tasd_npz_load(path, &z, err, sizeof err));
  CHECK(z.count == 2 && !strcmp(z.names[0], "a") && !strcmp(z.names[1], "b") &&
        same_tensor(&z.arrays[0], &t) && same_tensor(&z.arrays[1], &t));
  tasd_npz_free(&z);
  size_t zl = 0;
  uint8_t *zb = read_all(path, &zl);
  char bad[700];
  snprintf(bad, sizeof bad, "%s/damaged.npz", tmpdir);
  /* cut in half: the end of central directory record is gone */
  CHECK(write_plain(bad, zb, zl / 2));
  expect_load_fail(bad, TASD_ERR_FORMAT, "not a zip archive", "cut archive");
  /* stored member "b.npy": its data is the .npy verbatim; change one data byte -> CRC error */
  uint8_t *w = malloc(zl);
  memcpy(w, zb, zl);
  size_t at = 0;
  for (size_t i = 0; i + 6 <= zl; i++)
    if (!memcmp(w + i, "\x93NUMPY", 6)) at = i; /* the last one: b.npy (a.npy is deflated) */
  CHECK(at > 0);
  w[at + 128] ^= 0x01;
  CHECK(write_plain(bad, w, zl));
  expect_load_fail(bad, TASD_ERR_FORMAT, "(member b.npy): corrupt member data: CRC error", "flipped stored byte");
  /* deflated member "a.npy": garble its compressed data */
  memcpy(w, zb, zl);
  size_t a_data = 30 + 5; /* local header + name "a.npy" (libzip writes no extra field here) */
  CHECK(w[0] == 'P' && w[1] == 'K' && w[26] == 5 && w[27] == 0);
  a_data += (size_t)w[28] | ((size_t)w[29] << 8);
  for (size_t i = 0; i < 8; i++) w[a_data + i] = 0xff;
  CHECK(write_plain(bad, w, zl));
  expect_load_fail(bad, TASD_ERR_FORMAT, "(member a.npy): corrupt member data", "garbled deflate data");
  /* central directory and local header disagree (name changed in the local header only) */
  memcpy(w, zb, zl);
  w[30] = 'x';
  CHECK(write_plain(bad, w, zl));
  expect_load_fail(bad, TASD_ERR_FORMAT, "", "inconsistent local header");
  /* duplicate names: "b.npy" renamed to "a.npy" in both headers */
  memcpy(w, zb, zl);
  size_t renamed = 0;
  for (size_t i = 0; i + 5 <= zl; i++)
    if (!memcmp(w + i, "b.npy", 5)) {
      w[i] = 'a';
      renamed++;
    }
  CHECK(renamed == 2);
  CHECK(write_plain(bad, w, zl));
  expect_load_fail(bad, TASD_ERR_FORMAT, "duplicate member", "duplicate names");
  free(w);
  free(zb);

  /* member names */
  const struct {
    const char *name;
    const char *needle;
  } names[] = {
      {"readme.txt", "member 'readme.txt' is not named <name>.npy"},
      {".npy", "member '.npy' is not named <name>.npy"},
      {"x.NPY", "member 'x.NPY' is not named"},
      {"x.npy.gz", "member 'x.npy.gz' is not named"},
      {"sub/.npy", "member 'sub/.npy' is not named"},
      {"sub/", "member 'sub/' is not named"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    member m[2] = {{"ok.npy", good, gl, 1}, {names[i].name, good, gl, 1}};
    CHECK_MSG(make_zip(bad, m, 2), "make_zip %s", names[i].name);
    expect_load_fail(bad, TASD_ERR_FORMAT, names[i].needle, names[i].name);
  }

  /* members the .npy rules refuse: the .npy status, the member named in the message */
  static const char f8_hdr[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  static const char r0_hdr[] = "{'descr': '<i2', 'fortran_order': False, 'shape': (), }";
  uint8_t f8[10 + sizeof f8_hdr - 1 + 16], r0[10 + sizeof r0_hdr - 1 + 2];
  memcpy(f8, "\x93NUMPY\x01\x00", 8);
  f8[8] = (uint8_t)(sizeof f8_hdr - 1);
  f8[9] = 0;
  memcpy(f8 + 10, f8_hdr, sizeof f8_hdr - 1);
  memset(f8 + 10 + sizeof f8_hdr - 1, 0, 16);
  memcpy(r0, "\x93NUMPY\x01\x00", 8);
  r0[8] = (uint8_t)(sizeof r0_hdr - 1);
  r0[9] = 0;
  memcpy(r0 + 10, r0_hdr, sizeof r0_hdr - 1);
  memset(r0 + 10 + sizeof r0_hdr - 1, 0, 2);
  uint8_t *goodx = calloc(gl + 1, 1);
  memcpy(goodx, good, gl);
  const struct {
    const char *what;
    const void *data;
    size_t len;
    tasd_status want;
    const char *needle;
  } members[] = {
      {"garbage", "not a numpy file", 16, TASD_ERR_FORMAT, "(member w.npy): bad magic"},
      {"truncated", good, gl - 1, TASD_ERR_FORMAT, "(member w.npy): data too short"},
      {"too long", goodx, gl + 1, TASD_ERR_FORMAT, "(member w.npy): data too long"},
      {"float64", f8, sizeof f8, TASD_ERR_DTYPE, "(member w.npy): unsupported dtype '<f8'"},
      {"rank 0", r0, sizeof r0, TASD_ERR_SHAPE, "(member w.npy): rank 0"},
      {"empty member", "", 0, TASD_ERR_FORMAT, "(member w.npy): bad magic"},
  };
  for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
    for (int deflate = 0; deflate < 2; deflate++) {
      member m[2] = {{"ok.npy", good, gl, 1}, {"w.npy", members[i].data, members[i].len, deflate}};
      CHECK_MSG(make_zip(bad, m, 2), "make_zip %s", members[i].what);
      expect_load_fail(bad, members[i].want, members[i].needle, members[i].what);
    }
  }

  /* an encrypted member (when this libzip can write one) */
  if (zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1)) {
    int ze = 0;
    remove(bad);
    zip_t *za = zip_open(bad, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    zip_source_t *s = za ? zip_source_buffer(za, good, gl, 0) : NULL;
    zip_int64_t idx = s ? zip_file_add(za, "e.npy", s, 0) : -1;
    int ok = idx >= 0 && zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_TRAD_PKWARE, "pw") == 0 &&
             zip_close(za) == 0;
    if (ok) expect_load_fail(bad, TASD_ERR_FORMAT, "(member e.npy): cannot open the member", "encrypted");
    else printf("test_npz: could not write an encrypted member; case skipped\n");
  } else {
    printf("test_npz: libzip cannot write PKWARE encryption; encrypted-member case skipped\n");
  }
  remove(bad);
  free(goodx);

  /* arguments */
  CHECK_ST(tasd_npz_load(NULL, &z, err, sizeof err), TASD_ERR_NULL);
  CHECK(strstr(err, "NULL argument") != NULL);
  CHECK_ST(tasd_npz_load(path, NULL, err, sizeof err), TASD_ERR_NULL);
  CHECK_OK(tasd_npz_load(path, &z, NULL, 0));
  tasd_npz_free(&z);
  char tiny[6];
  memset(tiny, 'Q', sizeof tiny);
  CHECK_ST(tasd_npz_load(npyp, &z, tiny, sizeof tiny), TASD_ERR_FORMAT);
  CHECK(tiny[5] == '\0');
  remove(path);
  remove(npyp);
  free(good);
}

/* ---- refusals on save ------------------------------------------------------------------------ */
static void test_save_refusals(void) {
  char dir[700], path[800], err[768];
  snprintf(dir, sizeof dir, "%s/savefail", tmpdir);
  CHECK(mkdir(dir, 0777) == 0);
  snprintf(path, sizeof path, "%s/old.npz", dir);
  static int16_t big[4096];
  for (int i = 0; i < 4096; i++) big[i] = (int16_t)(i * 7919);
  int16_t v[4] = {1, 2, 3, 4};
  tasd_tensor a[2] = {{TASD_INT16, 1, {4}, v}, {TASD_INT16, 1, {4096}, big}};
  const char *nm[2] = {"x", "y"};
  CHECK_OK(tasd_npz_save(path, nm, a, 1, err, sizeof err));
  size_t l0 = 0;
  uint8_t *before = read_all(path, &l0);
  const char *keep[] = {"old.npz", NULL};

  const char *dup[2] = {"x", "x"}, *empty[2] = {"x", ""}, *slash[2] = {"x", "d/"}, *nul[2] = {"x", NULL};
  CHECK_ST(tasd_npz_save(path, dup, a, 2, err, sizeof err), TASD_ERR_RANGE);
  CHECK(strstr(err, path) && strstr(err, "duplicate array name 'x'"));
  CHECK_ST(tasd_npz_save(path, empty, a, 2, err, sizeof err), TASD_ERR_RANGE);
  CHECK(strstr(err, "empty name"));
  CHECK_ST(tasd_npz_save(path, slash, a, 2, err, sizeof err), TASD_ERR_RANGE);
  CHECK_ST(tasd_npz_save(path, nul, a, 2, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_npz_save(NULL, nm, a, 1, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_npz_save(path, NULL, a, 1, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_npz_save(path, nm, NULL, 1, err, sizeof err), TASD_ERR_NULL);
  tasd_tensor b[2] = {a[0], a[1]};
  b[1].dtype = (tasd_dtype)9;
  CHECK_ST(tasd_npz_save(path, nm, b, 2, err, sizeof err), TASD_ERR_DTYPE);
  CHECK_MSG(strstr(err, "(array y)") && strstr(err, "unknown dtype"), "%s", err);
  b[1] = a[1];
  b[1].ndim = 0;
  CHECK_ST(tasd_npz_save(path, nm, b, 2, err, sizeof err), TASD_ERR_SHAPE);
  b[1] = a[1];
  b[1].data = NULL;
  CHECK_ST(tasd_npz_save(path, nm, b, 2, err, sizeof err), TASD_ERR_NULL);
  char mpath[800];
  snprintf(mpath, sizeof mpath, "%s/missing/x.npz", dir);
  CHECK_ST(tasd_npz_save(mpath, nm, a, 2, err, sizeof err), TASD_ERR_IO);
  CHECK(strstr(err, mpath) && strstr(err, "cannot create"));

  /* a write error (file size limit) leaves the old archive and no temporary */
  struct rlimit old_lim, lim;
  CHECK(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
  void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
  lim = old_lim;
  lim.rlim_cur = (rlim_t)l0 + 16; /* the two-array archive is several KiB */
  if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
    tasd_status st = tasd_npz_save(path, nm, a, 2, err, sizeof err);
    CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    CHECK_MSG(st == TASD_ERR_IO && strstr(err, "write error") && strstr(err, path), "%d %s", st, err);
  } else {
    printf("test_npz: setrlimit(RLIMIT_FSIZE) refused; size-limit case skipped\n");
  }
  signal(SIGXFSZ, old_sig);
  size_t l1 = 0;
  uint8_t *after = read_all(path, &l1);
  CHECK_MSG(before && after && l0 == l1 && !memcmp(before, after, l0), "old archive changed by failed saves");
  CHECK(stray_entries(dir, keep) == 0);
  tasd_npz z;
  CHECK_OK(tasd_npz_load(path, &z, err, sizeof err));
  CHECK(z.count == 1 && !strcmp(z.names[0], "x"));
  tasd_npz_free(&z);
  free(before);
  free(after);
  remove(path);
  rmdir(dir);
}

/* ---- numpy interop step ----------------------------------------------------------------------- */
/* DIR/names.txt: one "NN name" line per array; DIR/ref_NN.npy: np.save of it; DIR/np_*.npz.    */
static int interop(const char *dir) {
  char path[1200], err[768], line[512];
  snprintf(path, sizeof path, "%s/names.txt", dir);
  FILE *f = fopen(path, "r");
  if (!f) {
    printf("FAIL: cannot open %s\n", path);
    return 1;
  }
  char *names[64];
  tasd_tensor refs[64];
  size_t n = 0;
  while (n < 64 && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    unsigned idx;
    int off = 0;
    if (sscanf(line, "%u %n", &idx, &off) != 1 || idx != n) continue;
    names[n] = strdup(line + off);
    snprintf(path, sizeof path, "%s/ref_%02u.npy", dir, idx);
    CHECK_MSG(tasd_npy_load(path, &refs[n], err, sizeof err) == TASD_OK, "%s", err);
    n++;
  }
  fclose(f);
  CHECK(n >= 5);
  const char *archives[] = {"np_savez", "np_savez_compressed"};
  for (int a = 0; a < 2; a++) {
    snprintf(path, sizeof path, "%s/%s.npz", dir, archives[a]);
    tasd_npz z;
    tasd_status st = tasd_npz_load(path, &z, err, sizeof err);
    CHECK_MSG(st == TASD_OK, "load %s: %s", path, err);
    if (st != TASD_OK) continue;
    CHECK_MSG(z.count == n, "%s: %zu arrays, want %zu", path, z.count, n);
    for (size_t i = 0; i < n && i < z.count; i++) {
      CHECK_MSG(!strcmp(z.names[i], names[i]), "%s: name %zu is '%s', want '%s'", path, i, z.names[i], names[i]);
      const tasd_tensor *t = tasd_npz_find(&z, names[i]);
      CHECK_MSG(t && same_tensor(t, &refs[i]), "%s: array '%s' differs from np.save's", path, names[i]);
    }
    printf("ok   %s: %zu arrays equal numpy's\n", path, z.count);
    tasd_npz_free(&z);
  }
  /* numpy archives with members we refuse */
  const struct {
    const char *file;
    tasd_status want;
    const char *needle;
  } refused[] = {
      {"np_f8.npz", TASD_ERR_DTYPE, "(member d.npy): unsupported dtype '<f8'"},
      {"np_scalar.npz", TASD_ERR_SHAPE, "(member s.npy): rank 0"},
      {"np_fortran.npz", TASD_ERR_FORMAT, "(member f.npy): fortran_order True"},
      {"np_object.npz", TASD_ERR_DTYPE, "(member o.npy): unsupported dtype '|O'"},
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, refused[i].file);
    expect_load_fail(path, refused[i].want, refused[i].needle, refused[i].file);
  }
  /* the reverse: what numpy must read back */
  snprintf(path, sizeof path, "%s/c_out.npz", dir);
  CHECK_MSG(tasd_npz_save(path, (const char *const *)names, refs, n, err, sizeof err) == TASD_OK, "%s", err);
  for (size_t i = 0; i < n; i++) {
    free(names[i]);
    tasd_tensor_free(&refs[i]);
  }
  return tu_finish();
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  if (argc == 3 && !strcmp(argv[1], "--interop")) return interop(argv[2]);
  if (argc != 2 || argv[1][0] == '\0' || strlen(argv[1]) > 300 || strchr(argv[1], '\'')) {
    fprintf(stderr, "usage: test_npz WORKDIR | test_npz --interop DIR\n");
    return 2;
  }
  char cmd[800];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[1]);
  if (system(cmd) != 0) return 1;
  snprintf(tmpdir, sizeof tmpdir, "%s/test_npz_XXXXXX", argv[1]);
  if (mkdtemp(tmpdir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_roundtrip();
  test_load_refusals();
  test_save_refusals();
  if (!tu_failed()) {
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "test_npz: could not clean %s\n", tmpdir);
  }
  return tu_finish();
}
