/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the TASD unit's configuration port word (cfg_n_i) from a series; part of tasd.h. */
#ifndef TASD_PORT_H
#define TASD_PORT_H

#include <stddef.h>
#include <stdint.h>
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* cfg_n_i of tasd_unit_par / tasd_unit_seq (rtl/tasd_pkg.sv has the same helpers in SV):      */
/* max_terms fields of tasd_unit_n_width(m) = log2(m) + 1 bits, term t's N in field t (bits     */
/* [t*NW, t*NW + NW)), 0 for a term the series does not have. The widest word is 15 bits.      */
#define TASD_UNIT_CFG_MAX_BITS 15u

/* Bits of one N field for a unit of block size m (4, 8, 16 -> 3, 4, 5); 0 for another m. */
uint32_t tasd_unit_n_width(uint32_t m);

/* The word to drive on cfg_n_i of a unit with block size m (4, 8 or 16) and max_terms (1..3)  */
/* terms for series s. TASD_ERR_NULL (s or word NULL), TASD_ERR_RANGE (m or max_terms not a    */
/* legal unit parameter), TASD_ERR_ILLEGAL_SERIES (s breaks a rule of tasd_series_check),      */
/* TASD_ERR_UNSUPPORTED (more terms than max_terms, or a term whose block size is not m: the    */
/* unit decomposes one block size). *word is written only on success.                          */
tasd_status tasd_unit_cfg_word(const tasd_series *s, uint32_t m, uint32_t max_terms, uint32_t *word);

#ifdef __cplusplus
}
#endif
#endif /* TASD_PORT_H */
