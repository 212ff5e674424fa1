/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: hardware targets and the series they run natively; part of tasd.h. */
#ifndef TASD_TARGET_H
#define TASD_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Hardware targets (structured-sparse engines) and the series they run natively.             */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  const char *name;       /* e.g. "TTC-VEGETA-M8" */
  const char *desc;       /* one line */
  uint16_t m;             /* the engine's block size */
  uint32_t n_native;      /* entries used in native_n[] */
  uint16_t native_n[8];   /* natively supported N (for N:m), ascending */
  uint32_t max_terms;     /* most TASD terms the engine runs per operand */
} tasd_target;

size_t tasd_target_count(void);
const tasd_target *tasd_target_get(size_t i);        /* NULL when i is out of range */
tasd_status tasd_target_find(const char *name, const tasd_target **out);
/* TASD_OK when every term is N:m with native N, nterms <= max_terms, and the series is legal. */
tasd_status tasd_target_supports(const tasd_target *t, const tasd_series *s);
/* Every series the target can run: multisets of 1..max_terms native patterns, terms ordered by */
/* non-increasing N, legal; sorted by total N, then fewer terms, then lexicographically larger  */
/* first N. *count gets the number found even when cap is too small (then TASD_ERR_BUFFER).     */
tasd_status tasd_target_series(const tasd_target *t, tasd_series *out, size_t cap, size_t *count);
/* The paper's Table 2 view: the preferred series for effective pattern n_eff:m (first entry of */
/* tasd_target_series with that total N). TASD_ERR_UNSUPPORTED when there is none (7:8).       */
tasd_status tasd_target_pattern(const tasd_target *t, uint32_t n_eff, tasd_series *out);

#ifdef __cplusplus
}
#endif
#endif /* TASD_TARGET_H */
