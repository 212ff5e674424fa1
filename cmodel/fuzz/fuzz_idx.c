/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: tasd_idx_load on arbitrary bytes (plain or gzip); accepted data must match the input. */
/* The input goes into one file per process, rewritten in place for every input: on Linux an    */
/* in-memory file (memfd_create, which the library opens as /proc/self/fd/N), elsewhere          */
/* $TASD_FUZZ_WORK/fuzz_idx.idx (fuzz_work.h). (Creating, truncating and removing a file on disk */
/* for every input took about half of the run time.) The library still opens, reads and closes a */
/* path.                                                                                        */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* memfd_create */
#endif
#include "tasd.h"
#include "fuzz_work.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_idx: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int in_fd = -1;     /* the input file, open for writing */
static char in_path[4096]; /* its name, as the library opens it */

static void remove_work_file(void) { remove(in_path); }

static void open_input_file(void) {
#ifdef __linux__
  in_fd = memfd_create("fuzz_idx", 0);
  if (in_fd >= 0) {
    FUZZ_REQUIRE(snprintf(in_path, sizeof in_path, "/proc/self/fd/%d", in_fd) < (int)sizeof in_path);
    int probe = open(in_path, O_RDONLY); /* /proc mounted? */
    if (probe >= 0) {
      close(probe);
      return;
    }
    close(in_fd);
  }
#endif
  fuzz_work_path("idx.idx", in_path, sizeof in_path);
  in_fd = open(in_path, O_RDWR | O_CREAT, 0600);
  FUZZ_REQUIRE(in_fd >= 0);
  atexit(remove_work_file);
}

/* Makes the input file hold exactly data (gz: gzip-compressed at level 1): written from offset 0, */
/* then cut to the written length (cheaper than emptying the file first).                          */
static void write_file(const uint8_t *data, size_t size, int gz) {
  FUZZ_REQUIRE(lseek(in_fd, 0, SEEK_SET) == 0);
  if (gz) {
    int fd = dup(in_fd); /* gzclose closes it; the offset is shared */
    FUZZ_REQUIRE(fd >= 0);
    gzFile g = gzdopen(fd, "wb1");
    FUZZ_REQUIRE(g != NULL);
    FUZZ_REQUIRE(size == 0 || gzwrite(g, data, (unsigned)size) == (int)size);
    FUZZ_REQUIRE(gzclose(g) == Z_OK);
  } else {
    for (size_t done = 0; done < size;) {
      ssize_t w = write(in_fd, data + done, size - done);
      FUZZ_REQUIRE(w > 0);
      done += (size_t)w;
    }
  }
  off_t end = lseek(in_fd, 0, SEEK_CUR);
  FUZZ_REQUIRE(end >= 0 && ftruncate(in_fd, end) == 0);
  FUZZ_REQUIRE(gz || (size_t)end == size);
}

/* Loads path; on success checks that the tensor is the input's IDX content (plain bytes). */
static tasd_status load_check(const char *path, const uint8_t *plain, size_t plain_len,
                              int plain_known) {
  tasd_tensor t;
  char err[256];
  memset(err, 'x', sizeof err);
  tasd_status st = tasd_idx_load(path, &t, err, sizeof err);
  FUZZ_REQUIRE(memchr(err, '\0', sizeof err) != NULL);
  if (st != TASD_OK) {
    /* every refusal names the file and says something; no I/O error on a readable file */
    size_t pl = strlen(path);
    FUZZ_REQUIRE(strncmp(err, path, pl) == 0 && strlen(err) > pl + 2);
    FUZZ_REQUIRE(st == TASD_ERR_FORMAT || st == TASD_ERR_DTYPE || st == TASD_ERR_NOMEM);
    return st;
  }
  FUZZ_REQUIRE(t.ndim >= 1 && t.ndim <= TASD_MAX_DIMS && t.data != NULL);
  size_t numel = tasd_tensor_numel(&t), isz = tasd_dtype_size(t.dtype);
  FUZZ_REQUIRE(isz != 0);
  if (plain_known) {
    /* header: 0, 0, type code, rank, big-endian dims; then the data, big-endian */
    size_t hdr = 4 + 4 * (size_t)t.ndim;
    FUZZ_REQUIRE(plain_len == hdr + numel * isz);
    FUZZ_REQUIRE(plain[0] == 0 && plain[1] == 0 && plain[3] == t.ndim);
    for (uint32_t d = 0; d < t.ndim; d++) {
      const uint8_t *q = plain + 4 + 4 * d;
      size_t dim = ((size_t)q[0] << 24) | ((size_t)q[1] << 16) | ((size_t)q[2] << 8) | q[3];
      FUZZ_REQUIRE(dim == t.shape[d]);
    }
    const uint8_t *v = (const uint8_t *)t.data;
    for (size_t i = 0; i < numel; i++) {
      uint32_t u = 0;
      for (size_t b = 0; b < isz; b++) u = (u << 8) | plain[hdr + i * isz + b];
      uint32_t h = 0;
      if (isz == 1) h = v[i];
      else if (isz == 2) {
        uint16_t x;
        memcpy(&x, v + 2 * i, 2);
        h = x;
      } else
        memcpy(&h, v + 4 * i, 4);
      FUZZ_REQUIRE(u == h);
    }
  }
  tasd_tensor_free(&t);
  return TASD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (in_fd < 0) open_input_file();
  const char *path = in_path;
  /* the bytes as they are (zlib inflates them when they start like a gzip stream) */
  int is_gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  write_file(data, size, 0);
  tasd_status plain_st = load_check(path, data, size, !is_gz);
  /* the same bytes gzip-compressed must give the same verdict and, on success, the same data */
  if (!is_gz) {
    write_file(data, size, 1);
    tasd_status gz_st = load_check(path, data, size, 1);
    FUZZ_REQUIRE(gz_st == plain_st);
  }
  return 0;
}
