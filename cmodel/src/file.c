/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-file read and atomic whole-file write, shared by the .npy and .npz code. */
/*
 * tasd__file_write is the one place that decides how libtasd replaces a file: a regular file
 * or a new path is written to "<path>.tmp<pid>.<n>" (O_EXCL, mode 0666 & ~umask, or the old
 * file's permission bits) in the same directory and rename()d onto path, so a failed save
 * leaves the old file (or nothing) and never removes anything but its own temporary. Any other
 * existing path (a device such as /dev/full, a FIFO, a symlink) is written in place and never
 * removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "internal.h"

tasd_status tasd__file_read(const char *path, uint8_t **buf_out, size_t *len_out, char *errbuf,
                            size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    tasd__errf(errbuf, errlen, path, "cannot open: %s", strerror(errno));
    return TASD_ERR_IO;
  }
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  if (buf == NULL) {
    fclose(f);
    tasd__errf(errbuf, errlen, path, "out of memory");
    return TASD_ERR_NOMEM;
  }
  for (;;) {
    if (len == cap) {
      if (cap > SIZE_MAX / 2) {
        free(buf);
        fclose(f);
        tasd__errf(errbuf, errlen, path, "file too large");
        return TASD_ERR_NOMEM;
      }
      uint8_t *nb = realloc(buf, cap * 2);
      if (nb == NULL) {
        free(buf);
        fclose(f);
        tasd__errf(errbuf, errlen, path, "out of memory reading the file");
        return TASD_ERR_NOMEM;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  int rd_err = ferror(f);
  int e = errno;
  fclose(f);
  if (rd_err) {
    free(buf);
    tasd__errf(errbuf, errlen, path, "read error: %s", strerror(e));
    return TASD_ERR_IO;
  }
  *buf_out = buf;
  *len_out = len;
  return TASD_OK;
}

tasd_status tasd__file_write(const char *path, const uint8_t *buf, size_t len, char *errbuf,
                             size_t errlen) {
  struct stat sb;
  int in_place = 0;
  if (lstat(path, &sb) == 0) {
    in_place = !S_ISREG(sb.st_mode);
  } else if (errno != ENOENT) {
    tasd__errf(errbuf, errlen, path, "cannot create: %s", strerror(errno));
    return TASD_ERR_IO;
  }
  char *tmp = NULL;
  FILE *f = NULL;
  if (in_place) {
    f = fopen(path, "wb");
    if (f == NULL) {
      tasd__errf(errbuf, errlen, path, "cannot create: %s", strerror(errno));
      return TASD_ERR_IO;
    }
  } else {
    size_t plen = strlen(path);
    size_t tcap = plen + 40;
    tmp = malloc(tcap);
    if (tmp == NULL) {
      tasd__errf(errbuf, errlen, path, "out of memory");
      return TASD_ERR_NOMEM;
    }
    /* O_EXCL with a fresh name; mode 0666 filtered by the umask, as fopen would create it. */
    static _Atomic unsigned long counter = 0;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
      snprintf(tmp, tcap, "%s.tmp%ld.%lu", path, (long)getpid(), counter++);
      fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
      if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
      int e = errno;
      free(tmp);
      tasd__errf(errbuf, errlen, path, "cannot create: %s", strerror(e));
      return TASD_ERR_IO;
    }
    /* Replacing an existing file keeps its permission bits. */
    if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode)) (void)fchmod(fd, sb.st_mode & 07777);
    f = fdopen(fd, "wb");
    if (f == NULL) {
      int e = errno;
      close(fd);
      remove(tmp);
      free(tmp);
      tasd__errf(errbuf, errlen, path, "cannot create: %s", strerror(e));
      return e == ENOMEM ? TASD_ERR_NOMEM : TASD_ERR_IO;
    }
  }
  int werr = 0, ok = 1;
  /* Chunks of 4 KiB, so a full device reports the error before fclose's final flush too. */
  for (size_t off = 0; ok && off < len;) {
    size_t cnt = len - off < 4096 ? len - off : 4096;
    ok = fwrite(buf + off, 1, cnt, f) == cnt;
    if (!ok) werr = errno;
    off += cnt;
  }
  if (fclose(f) != 0 && ok) {
    ok = 0;
    werr = errno;
  }
  if (ok && tmp != NULL && rename(tmp, path) != 0) {
    ok = 0;
    werr = errno;
  }
  if (!ok) {
    tasd__errf(errbuf, errlen, path, "write error: %s", werr ? strerror(werr) : "short write");
    if (tmp != NULL) remove(tmp); /* only our temporary; path itself is never removed */
    free(tmp);
    return TASD_ERR_IO;
  }
  free(tmp);
  return TASD_OK;
}
