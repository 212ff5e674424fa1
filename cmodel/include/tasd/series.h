/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: series (sums of N:M terms): parse, check, format; part of tasd.h. */
#ifndef TASD_SERIES_H
#define TASD_SERIES_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Series: A ~= A_0 + A_1 + ... ; term t keeps N_t elements of every M_t-element block.        */
/* Text form: "4:8+1:8", "2:4+2:8" (mixed block sizes), "dense" (== one term 1:1).             */
/* Legality (tasd_series_check): 1 <= nterms <= TASD_MAX_TERMS; every M_t a power of two in    */
/* [1, TASD_MAX_M]; 0 <= N_t <= M_t; and for every term t, N_t plus the most positions earlier */
/* terms can hold inside one M_t block is <= M_t (for equal M: sum of N <= M). Earlier term s  */
/* holds at most N_s * M_t / M_s positions of an M_t block when M_s <= M_t, else min(N_s,M_t). */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint16_t n; /* elements kept per block (0 = empty term) */
  uint16_t m; /* block size */
} tasd_term_cfg;

typedef struct {
  uint32_t nterms;
  tasd_term_cfg term[TASD_MAX_TERMS];
} tasd_series;

/* Grammar: term ('+' term)*, term = N ':' M (decimal) or "dense"; blanks allowed at both ends  */
/* and around '+', nowhere else. TASD_ERR_SYNTAX: empty text/term, trailing '+', non-digits.    */
/* TASD_ERR_ILLEGAL_SERIES: parses but breaks a rule (incl. > TASD_MAX_TERMS terms and numbers  */
/* too large to hold, which never overflow). *out is written only on success.                   */
tasd_status tasd_series_parse(const char *text, tasd_series *out); /* parse + check */
tasd_status tasd_series_check(const tasd_series *s);
/* Same as tasd_series_parse / tasd_series_check; on failure errbuf (if not NULL) receives a    */
/* message naming the problem (e.g. "series \"9:8\": term 1 (9:8): N=9 exceeds M=8").          */
tasd_status tasd_series_parse_msg(const char *text, tasd_series *out, char *errbuf, size_t errlen);
tasd_status tasd_series_check_msg(const tasd_series *s, char *errbuf, size_t errlen);
/* Canonical text ("dense" for exactly one 1:1 term). TASD_ERR_BUFFER when len is too small. */
tasd_status tasd_series_format(const tasd_series *s, char *buf, size_t len);
/* Fraction of elements the series keeps at most: sum of N_t / M_t. */
double tasd_series_density(const tasd_series *s);

#ifdef __cplusplus
}
#endif
#endif /* TASD_SERIES_H */
