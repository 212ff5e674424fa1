/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: status codes, their messages and the library limits; part of tasd.h. */
#ifndef TASD_STATUS_H
#define TASD_STATUS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Status codes. Every fallible function returns one; nothing in the library aborts or exits. */
/* ------------------------------------------------------------------------------------------ */
typedef enum {
  TASD_OK = 0,
  TASD_ERR_NULL = -1,          /* a required pointer argument is NULL */
  TASD_ERR_SYNTAX = -2,        /* series text does not parse */
  TASD_ERR_ILLEGAL_SERIES = -3,/* series parses but breaks a legality rule */
  TASD_ERR_SHAPE = -4,         /* tensor shapes do not fit together / unsupported rank */
  TASD_ERR_DTYPE = -5,         /* dtype unsupported by this operation, or operands differ */
  TASD_ERR_NOMEM = -6,         /* allocation failed or size overflows */
  TASD_ERR_IO = -7,            /* file cannot be opened, read or written */
  TASD_ERR_FORMAT = -8,        /* file content malformed (e.g. bad .npy header) */
  TASD_ERR_RANGE = -9,         /* scalar argument out of its documented range */
  TASD_ERR_NAN = -10,          /* float input holds NaN or Inf: no magnitude order exists */
  TASD_ERR_UNSUPPORTED = -11,  /* hardware target cannot run this series */
  TASD_ERR_BUFFER = -12,       /* caller's output buffer too small */
  TASD_ERR_NOT_FOUND = -13     /* named object (e.g. target) does not exist */
} tasd_status;

/* Human-readable, static string for a status code (never NULL). */
const char *tasd_strerror(tasd_status st);

/* ------------------------------------------------------------------------------------------ */
/* Limits                                                                                      */
/* ------------------------------------------------------------------------------------------ */
#define TASD_MAX_TERMS 8   /* most terms in one series */
#define TASD_MAX_M 256     /* largest block size; block sizes are powers of two in [1, 256] */
#define TASD_MAX_DIMS 8    /* highest tensor rank */
#define TASD_DROPPED 0xFFu /* term_of[] value for an element that no term keeps */

#ifdef __cplusplus
}
#endif
#endif /* TASD_STATUS_H */
