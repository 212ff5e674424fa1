/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the TASD unit at block level and as a parameterized instance (mirrors rtl/tasd_unit_*.sv); part of tasd.h. */
#ifndef TASD_UNIT_H
#define TASD_UNIT_H

#include <stddef.h>
#include <stdint.h>
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* The TASD unit at block level (mirrors rtl/tasd_unit_*.sv).                                  */
/* Ranking inside a block: larger magnitude first; equal magnitude: lower index first. Term t  */
/* takes ranks [N_0+..+N_{t-1}, N_0+..+N_t). Slots are in ascending index order; slot k of term */
/* t is valid when k < N_t; invalid slots hold value 0 and index 0.                            */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint32_t m;                                 /* block size */
  uint32_t nterms;                            /* terms configured */
  uint16_t n[TASD_MAX_TERMS];                 /* N_t, 0 = disabled term */
  int32_t val[TASD_MAX_TERMS][TASD_MAX_M];    /* slot values, slot k at [t][k] */
  uint8_t idx[TASD_MAX_TERMS][TASD_MAX_M];    /* slot indices inside the block */
  uint8_t slot_vld[TASD_MAX_TERMS][TASD_MAX_M];/* 1 when k < N_t */
  uint8_t mask[TASD_MAX_TERMS][TASD_MAX_M];   /* element i belongs to term t */
  uint8_t term_of[TASD_MAX_M];                /* term holding element i, or TASD_DROPPED */
} tasd_block_result;

/* Decompose one block of m integer elements. m must be a power of two in [1, TASD_MAX_M];    */
/* n[0..nterms-1] must satisfy N_t <= m and sum N_t <= m (else TASD_ERR_ILLEGAL_SERIES and    */
/* *out is left untouched).                                                                    */
tasd_status tasd_block_decompose_i32(const int32_t *x, uint32_t m, const uint16_t *n,
                                     uint32_t nterms, tasd_block_result *out);

/* One TASD unit instance (rtl/tasd_unit_par.sv, tasd_unit_seq.sv parameters; docs/tasd_unit.md). */
/* max_slots bounds the elements one term may take: max_slots = m is the general unit (any     */
/* legal series), max_slots < m a lean unit (e.g. 4 = TTC-VEGETA-M8's largest native N) whose  */
/* packing and output register hold only max_slots slots per term.                             */
typedef struct {
  uint32_t m;           /* block size: 4, 8 or 16 */
  uint32_t data_w;      /* element width, 4..16 (signed two's complement) */
  uint32_t max_terms;   /* terms the unit produces, 1..3 */
  uint32_t pipe_stages; /* 1 or 2 */
  uint32_t max_slots;   /* most elements per term, 1..m */
} tasd_unit_params;

/* The RTL defaults: m 8, data_w 8, max_terms 2, pipe_stages 1, max_slots 8 (general unit). */
void tasd_unit_params_default(tasd_unit_params *p);
/* TASD_ERR_NULL / TASD_ERR_RANGE for a parameter set the RTL refuses at elaboration. */
tasd_status tasd_unit_params_check(const tasd_unit_params *p);
/* The unit's series check (RTL err_o), n[0..max_terms-1]: TASD_ERR_ILLEGAL_SERIES when some  */
/* N_t > m or sum N_t > m (no N:M series; refused by every unit), TASD_ERR_UNSUPPORTED when   */
/* the series is legal but some N_t > max_slots (a lean unit has no slots for it). The RTL     */
/* raises err_o, accepts no block and computes nothing in both cases.                         */
tasd_status tasd_unit_series_check(const tasd_unit_params *p, const uint16_t *n);
/* One block through the unit: tasd_unit_series_check, then tasd_block_decompose_i32 (the     */
/* elements x[0..m-1] must fit data_w bits, else TASD_ERR_RANGE). *out untouched on error.     */
tasd_status tasd_unit_decompose(const tasd_unit_params *p, const int32_t *x, const uint16_t *n,
                                tasd_block_result *out);

#ifdef __cplusplus
}
#endif
#endif /* TASD_UNIT_H */
