/* SPDX-License-Identifier: Apache-2.0 */
/* Status codes to text, the library version, and the "file: problem" messages of the file readers. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

const char *tasd_strerror(tasd_status st) {
  switch (st) {
  case TASD_OK: return "ok";
  case TASD_ERR_NULL: return "a required pointer argument is NULL";
  case TASD_ERR_SYNTAX: return "series text does not parse (expected e.g. \"4:8+1:8\" or \"dense\")";
  case TASD_ERR_ILLEGAL_SERIES: return "illegal series (N, M or term count breaks a legality rule)";
  case TASD_ERR_SHAPE: return "tensor shapes do not fit together or rank is unsupported";
  case TASD_ERR_DTYPE: return "dtype unsupported by this operation, or operand dtypes differ";
  case TASD_ERR_NOMEM: return "out of memory or size overflow";
  case TASD_ERR_IO: return "file cannot be opened, read or written";
  case TASD_ERR_FORMAT: return "file content is malformed";
  case TASD_ERR_RANGE: return "argument out of its documented range";
  case TASD_ERR_NAN: return "float input holds NaN or Inf";
  case TASD_ERR_UNSUPPORTED: return "hardware target cannot run this series";
  case TASD_ERR_BUFFER: return "output buffer too small";
  case TASD_ERR_NOT_FOUND: return "no such object (e.g. unknown target name)";
  }
  return "unknown status code";
}

void tasd__errf(char *errbuf, size_t errlen, const char *name, const char *fmt, ...) {
  if (errbuf == NULL || errlen == 0) return;
  int n = snprintf(errbuf, errlen, "%s: ", name ? name : "<buffer>");
  if (n < 0) {
    errbuf[0] = '\0';
    return;
  }
  if ((size_t)n >= errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(errbuf + n, errlen - (size_t)n, fmt, ap);
  va_end(ap);
}

const char *tasd_version(void) { return TASD_VERSION_STRING; }
