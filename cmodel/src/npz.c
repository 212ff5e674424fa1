/* SPDX-License-Identifier: Apache-2.0 */
/* .npz archives (numpy savez / savez_compressed) through libzip; members parsed as .npy. */
/*
 * Loading reads the whole file, opens it as an in-memory zip (ZIP_CHECKCONS: the central
 * directory must agree with the local headers) and parses every member with tasd_npy_parse.
 * Members must be called "<name>.npy" with a non-empty name (numpy's keys; "a/b.npy" is the
 * key "a/b"), may be stored or deflated (whatever the installed libzip decodes), and their
 * CRC is checked. Refused: an empty or non-zip file, an inconsistent archive, a member that is
 * a directory or not "*.npy", an encrypted member, a member whose data is corrupt or shorter
 * than its header says, duplicate names, and members the .npy rules refuse.
 * Saving serializes each array with tasd__npy_serialize (the one .npy writer), builds the
 * archive in memory (deflated members, fixed 1980-01-01 timestamps so equal input gives equal
 * bytes) and writes it with tasd__file_write (temporary file + rename). An empty list writes
 * the 22-byte empty archive numpy's savez() writes. The caller's buffers are never handed to
 * libzip for freeing, so every allocation made here is also freed here.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "internal.h"

#define NPZ_SUFFIX ".npy"
#define NPZ_SUFFIX_LEN 4
/* First member-buffer allocation; doubled (capped at the member's stated size) as data comes. */
#define NPZ_FIRST_ALLOC ((size_t)1 << 20)

/* Message prefix for a member: "<path> (member <m>)". */
static void npz_member_name(char *buf, size_t len, const char *path, const char *member) {
  snprintf(buf, len, "%s (member %s)", path, member);
}

/* Status for a libzip error code. */
static tasd_status npz_status(int ze) {
  return ze == ZIP_ER_MEMORY ? TASD_ERR_NOMEM : TASD_ERR_FORMAT;
}

/* Reads member i (stated size `size`) into a malloc'd buffer of exactly the bytes it holds.   */
static tasd_status npz_read_member(zip_t *za, zip_uint64_t i, zip_uint64_t size, const char *who,
                                   uint8_t **out, size_t *out_len, char *errbuf, size_t errlen) {
  if (size > (zip_uint64_t)SIZE_MAX - 1) {
    tasd__errf(errbuf, errlen, who, "member size %llu does not fit in memory",
               (unsigned long long)size);
    return TASD_ERR_NOMEM;
  }
  zip_file_t *zf = zip_fopen_index(za, i, 0);
  if (zf == NULL) {
    zip_error_t *e = zip_get_error(za);
    int code = zip_error_code_zip(e);
    tasd__errf(errbuf, errlen, who, "cannot open the member: %s", zip_error_strerror(e));
    return npz_status(code);
  }
  size_t want = (size_t)size;
  size_t cap = want < NPZ_FIRST_ALLOC ? want : NPZ_FIRST_ALLOC;
  uint8_t *buf = malloc(cap + 1); /* +1: room to notice data beyond the stated size */
  if (buf == NULL) {
    zip_fclose(zf);
    tasd__errf(errbuf, errlen, who, "out of memory for %zu bytes", cap + 1);
    return TASD_ERR_NOMEM;
  }
  size_t have = 0;
  for (;;) {
    /* Grow once the buffer is full and the member may hold more (never beyond want + 1). */
    if (have >= cap && cap < want) {
      size_t ncap = cap > want / 2 ? want : cap * 2;
      uint8_t *nb = realloc(buf, ncap + 1);
      if (nb == NULL) {
        free(buf);
        zip_fclose(zf);
        tasd__errf(errbuf, errlen, who, "out of memory for %zu bytes", ncap + 1);
        return TASD_ERR_NOMEM;
      }
      buf = nb;
      cap = ncap;
    }
    zip_int64_t r = zip_fread(zf, buf + have, (zip_uint64_t)(cap + 1 - have));
    if (r < 0) {
      zip_error_t *e = zip_file_get_error(zf);
      int code = zip_error_code_zip(e);
      tasd__errf(errbuf, errlen, who, "corrupt member data: %s", zip_error_strerror(e));
      free(buf);
      zip_fclose(zf);
      return npz_status(code);
    }
    if (r == 0) break;
    have += (size_t)r;
    if (have > want) break; /* more than stated: refused below */
  }
  int cr = zip_fclose(zf);
  if (have != want) {
    free(buf);
    tasd__errf(errbuf, errlen, who, "member holds %s bytes than its stated size %zu",
               have < want ? "fewer" : "more", want);
    return TASD_ERR_FORMAT;
  }
  if (cr != 0) {
    free(buf);
    zip_error_t e;
    zip_error_init_with_code(&e, cr);
    tasd__errf(errbuf, errlen, who, "corrupt member data: %s", zip_error_strerror(&e));
    zip_error_fini(&e);
    return npz_status(cr);
  }
  *out = buf;
  *out_len = have;
  return TASD_OK;
}

void tasd_npz_free(tasd_npz *z) {
  if (z == NULL) return;
  for (size_t i = 0; i < z->count; i++) {
    if (z->names) free(z->names[i]);
    if (z->arrays) tasd_tensor_free(&z->arrays[i]);
  }
  free(z->names);
  free(z->arrays);
  memset(z, 0, sizeof *z);
}

tasd_status tasd__npz_parse(const uint8_t *buf, size_t len, const char *name, tasd_npz *out,
                            char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (name == NULL) name = "<buffer>";
  if (out == NULL || (buf == NULL && len != 0)) {
    tasd__errf(errbuf, errlen, name, "NULL argument");
    return TASD_ERR_NULL;
  }
  memset(out, 0, sizeof *out);
  /* libzip opens an empty file as an empty archive; numpy (and we) call it not a zip. */
  if (len == 0) {
    tasd__errf(errbuf, errlen, name, "not a zip archive (empty file)");
    return TASD_ERR_FORMAT;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
  if (src == NULL) {
    zip_error_fini(&ze);
    tasd__errf(errbuf, errlen, name, "out of memory opening the archive");
    return TASD_ERR_NOMEM;
  }
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (za == NULL) {
    int code = zip_error_code_zip(&ze);
    if (code == ZIP_ER_NOZIP)
      tasd__errf(errbuf, errlen, name, "not a zip archive (no end of central directory record)");
    else if (code == ZIP_ER_EXISTS) /* libzip refuses two entries with one name */
      tasd__errf(errbuf, errlen, name, "duplicate member names in the archive");
    else
      tasd__errf(errbuf, errlen, name, "bad zip archive: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    zip_source_free(src);
    return npz_status(code);
  }
  zip_error_fini(&ze);

  tasd_npz z;
  memset(&z, 0, sizeof z);
  tasd_status st = TASD_OK;
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0) n = 0;
  size_t count = (size_t)n;
  if (count > 0) {
    z.names = calloc(count, sizeof *z.names);
    z.arrays = calloc(count, sizeof *z.arrays);
    if (z.names == NULL || z.arrays == NULL) {
      tasd__errf(errbuf, errlen, name, "out of memory for %zu members", count);
      st = TASD_ERR_NOMEM;
    }
  }
  char who[1024];
  for (size_t i = 0; st == TASD_OK && i < count; i++) {
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_NAME) ||
        !(sb.valid & ZIP_STAT_SIZE)) {
      tasd__errf(errbuf, errlen, name, "member %zu: cannot read its directory entry: %s", i,
                 zip_strerror(za));
      st = TASD_ERR_FORMAT;
      break;
    }
    const char *mname = sb.name;
    size_t ml = strlen(mname);
    npz_member_name(who, sizeof who, name, mname);
    if (ml <= NPZ_SUFFIX_LEN || strcmp(mname + ml - NPZ_SUFFIX_LEN, NPZ_SUFFIX) != 0 ||
        mname[ml - NPZ_SUFFIX_LEN - 1] == '/') {
      tasd__errf(errbuf, errlen, name, "member '%s' is not named <name>.npy", mname);
      st = TASD_ERR_FORMAT;
      break;
    }
    size_t stem = ml - NPZ_SUFFIX_LEN;
    for (size_t j = 0; j < i; j++) {
      if (strlen(z.names[j]) == stem && memcmp(z.names[j], mname, stem) == 0) {
        tasd__errf(errbuf, errlen, name, "duplicate member '%s' (array '%.*s' appears twice)",
                   mname, (int)stem, mname);
        st = TASD_ERR_FORMAT;
        break;
      }
    }
    if (st != TASD_OK) break;
    uint8_t *mb = NULL;
    size_t mlen = 0;
    st = npz_read_member(za, (zip_uint64_t)i, sb.size, who, &mb, &mlen, errbuf, errlen);
    if (st != TASD_OK) break;
    st = tasd_npy_parse(mb, mlen, who, &z.arrays[i], errbuf, errlen);
    free(mb);
    if (st != TASD_OK) break;
    z.names[i] = malloc(stem + 1);
    if (z.names[i] == NULL) {
      tasd_tensor_free(&z.arrays[i]);
      tasd__errf(errbuf, errlen, name, "out of memory");
      st = TASD_ERR_NOMEM;
      break;
    }
    memcpy(z.names[i], mname, stem);
    z.names[i][stem] = '\0';
    z.count = i + 1;
  }
  zip_discard(za); /* frees src too; buf stays the caller's */
  if (st != TASD_OK) {
    tasd_npz_free(&z); /* members 0..count-1; a failed member's array is never kept */
    return st;
  }
  *out = z;
  return TASD_OK;
}

tasd_status tasd_npz_load(const char *path, tasd_npz *out, char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (out != NULL) memset(out, 0, sizeof *out);
  if (path == NULL || out == NULL) {
    tasd__errf(errbuf, errlen, path ? path : "<null>", "NULL argument");
    return TASD_ERR_NULL;
  }
  uint8_t *buf = NULL;
  size_t len = 0;
  tasd_status st = tasd__file_read(path, &buf, &len, errbuf, errlen);
  if (st != TASD_OK) return st;
  st = tasd__npz_parse(buf, len, path, out, errbuf, errlen);
  free(buf);
  return st;
}

const tasd_tensor *tasd_npz_find(const tasd_npz *z, const char *name) {
  if (z == NULL || name == NULL || z->names == NULL || z->arrays == NULL) return NULL;
  for (size_t i = 0; i < z->count; i++)
    if (z->names[i] != NULL && strcmp(z->names[i], name) == 0) return &z->arrays[i];
  return NULL;
}

/* The archive's bytes from an in-memory zip source after zip_close wrote into it. */
static tasd_status npz_source_bytes(zip_source_t *src, const char *path, uint8_t **out,
                                    size_t *out_len, char *errbuf, size_t errlen) {
  zip_stat_t sb;
  zip_stat_init(&sb);
  if (zip_source_stat(src, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE) ||
      sb.size > (zip_uint64_t)SIZE_MAX - 1) {
    tasd__errf(errbuf, errlen, path, "cannot size the archive built in memory: %s",
               zip_error_strerror(zip_source_error(src)));
    return npz_status(zip_error_code_zip(zip_source_error(src)));
  }
  size_t len = (size_t)sb.size;
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) {
    tasd__errf(errbuf, errlen, path, "out of memory for %zu bytes", len);
    return TASD_ERR_NOMEM;
  }
  if (zip_source_open(src) != 0) {
    free(buf);
    tasd__errf(errbuf, errlen, path, "cannot read the archive built in memory: %s",
               zip_error_strerror(zip_source_error(src)));
    return npz_status(zip_error_code_zip(zip_source_error(src)));
  }
  zip_int64_t got = zip_source_read(src, buf, (zip_uint64_t)len);
  zip_source_close(src);
  if (got < 0 || (size_t)got != len) {
    free(buf);
    tasd__errf(errbuf, errlen, path, "cannot read the archive built in memory");
    return TASD_ERR_FORMAT;
  }
  *out = buf;
  *out_len = len;
  return TASD_OK;
}

/* 1980-01-01 00:00:00 local time: the earliest DOS timestamp, so output bytes never vary. */
static time_t npz_fixed_mtime(void) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = 80;
  tm.tm_mon = 0;
  tm.tm_mday = 1;
  tm.tm_hour = 12; /* noon: stays on 1980-01-01 whatever the DST rules */
  tm.tm_isdst = -1;
  return mktime(&tm);
}

tasd_status tasd_npz_save(const char *path, const char *const *names, const tasd_tensor *arrays,
                          size_t n, char *errbuf, size_t errlen) {
  if (errbuf && errlen) errbuf[0] = '\0';
  if (path == NULL || (n > 0 && (names == NULL || arrays == NULL))) {
    tasd__errf(errbuf, errlen, path ? path : "<null>", "NULL argument");
    return TASD_ERR_NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (names[i] == NULL) {
      tasd__errf(errbuf, errlen, path, "array %zu has a NULL name", i);
      return TASD_ERR_NULL;
    }
    if (names[i][0] == '\0') {
      tasd__errf(errbuf, errlen, path, "array %zu has an empty name", i);
      return TASD_ERR_RANGE;
    }
    if (names[i][strlen(names[i]) - 1] == '/') {
      tasd__errf(errbuf, errlen, path, "array name '%s' ends with '/'", names[i]);
      return TASD_ERR_RANGE;
    }
    for (size_t j = 0; j < i; j++)
      if (strcmp(names[i], names[j]) == 0) {
        tasd__errf(errbuf, errlen, path, "duplicate array name '%s' (arrays %zu and %zu)",
                   names[i], j, i);
        return TASD_ERR_RANGE;
      }
  }
  if (n == 0) { /* end of central directory record only: what numpy's savez() writes */
    static const uint8_t empty_zip[22] = {'P', 'K', 5, 6};
    return tasd__file_write(path, empty_zip, sizeof empty_zip, errbuf, errlen);
  }

  /* Every member's .npy image first (they must outlive zip_close, which reads them). */
  uint8_t **img = calloc(n, sizeof *img);
  size_t *img_len = calloc(n, sizeof *img_len);
  char *fname = NULL;
  tasd_status st = TASD_OK;
  if (img == NULL || img_len == NULL) {
    tasd__errf(errbuf, errlen, path, "out of memory");
    st = TASD_ERR_NOMEM;
  }
  char who[1024];
  for (size_t i = 0; st == TASD_OK && i < n; i++) {
    snprintf(who, sizeof who, "%s (array %s)", path, names[i]);
    st = tasd__npy_serialize(&arrays[i], who, &img[i], &img_len[i], errbuf, errlen);
  }

  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *mem = NULL;
  zip_t *za = NULL;
  if (st == TASD_OK) {
    mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (mem != NULL) za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
    if (za == NULL) {
      tasd__errf(errbuf, errlen, path, "cannot start the archive: %s", zip_error_strerror(&ze));
      st = npz_status(zip_error_code_zip(&ze));
      if (mem) zip_source_free(mem);
      mem = NULL;
    } else {
      zip_source_keep(mem); /* survive zip_close, which writes the archive into it */
    }
  }
  const time_t mtime = npz_fixed_mtime();
  for (size_t i = 0; st == TASD_OK && i < n; i++) {
    size_t nl = strlen(names[i]);
    free(fname);
    fname = malloc(nl + NPZ_SUFFIX_LEN + 1);
    if (fname == NULL) {
      tasd__errf(errbuf, errlen, path, "out of memory");
      st = TASD_ERR_NOMEM;
      break;
    }
    memcpy(fname, names[i], nl);
    memcpy(fname + nl, NPZ_SUFFIX, NPZ_SUFFIX_LEN + 1);
    zip_source_t *s = zip_source_buffer(za, img[i], img_len[i], 0);
    zip_int64_t idx = s ? zip_file_add(za, fname, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      tasd__errf(errbuf, errlen, path, "cannot add member %s: %s", fname, zip_strerror(za));
      st = npz_status(zip_error_code_zip(zip_get_error(za)));
      break;
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) != 0) {
      tasd__errf(errbuf, errlen, path, "cannot set up member %s: %s", fname, zip_strerror(za));
      st = npz_status(zip_error_code_zip(zip_get_error(za)));
      break;
    }
  }
  free(fname);
  if (za != NULL) {
    if (st == TASD_OK) {
      if (zip_close(za) != 0) {
        tasd__errf(errbuf, errlen, path, "cannot build the archive: %s", zip_strerror(za));
        st = npz_status(zip_error_code_zip(zip_get_error(za)));
        zip_discard(za);
      }
    } else {
      zip_discard(za);
    }
  }
  uint8_t *zbuf = NULL;
  size_t zlen = 0;
  if (st == TASD_OK) st = npz_source_bytes(mem, path, &zbuf, &zlen, errbuf, errlen);
  if (mem) zip_source_free(mem);
  zip_error_fini(&ze);
  for (size_t i = 0; img != NULL && i < n; i++) free(img[i]);
  free(img);
  free(img_len);
  if (st == TASD_OK) st = tasd__file_write(path, zbuf, zlen, errbuf, errlen);
  free(zbuf);
  return st;
}
