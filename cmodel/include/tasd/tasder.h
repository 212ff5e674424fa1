/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: TASDER: picking series for weights and activations; part of tasd.h. */
#ifndef TASD_TASDER_H
#define TASD_TASDER_H

#include <stddef.h>
#include <stdint.h>
#include "target.h"
#include "stats.h"
#include "tile.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* TASDER config selection (cmodel/src/tasder.c; docs/cmodel.md "Config selection (TASDER)").  */
/* ------------------------------------------------------------------------------------------ */
/* Tolerance of the activation pick's comparison (absorbs rounding of sparsity + alpha). */
#define TASD_TASDER_EPS 1e-9

/* Fraction of elements equal to zero (-0.0f counts as zero). int8/int16/int32/float32.        */
/* TASD_ERR_SHAPE for an empty tensor, TASD_ERR_NAN for NaN/Inf, TASD_ERR_DTYPE for uint8     */
/* (raw bytes: convert to a signed dtype first) and unknown dtypes.                            */
tasd_status tasd_tasder_sparsity(const tasd_tensor *t, double *sparsity);
/* Pseudo-density: the smallest fraction j/numel such that the j largest magnitudes sum to at  */
/* least share * (sum of all magnitudes), sums in double in descending magnitude order.        */
/* share in (0, 1] (else TASD_ERR_RANGE); share == 1 gives exactly the density nnz/numel; an   */
/* all-zero tensor gives 0. Errors as tasd_tasder_sparsity, TASD_ERR_NOMEM.                   */
tasd_status tasd_tasder_pseudo_density(const tasd_tensor *t, double share, double *pd);

/* TASD-A pick (paper's Listing 1). Candidates: every series of tasd_target_series(t). A      */
/* series qualifies when 1 - tasd_series_density(s) <= sparsity + alpha + TASD_TASDER_EPS      */
/* ("at most", not Listing 1's strict "<": a layer at exactly 75 % sparsity picks 2:8). The    */
/* pick is the qualifying series with the largest approximated sparsity; equal ones: the      */
/* first in tasd_target_series order (= tasd_target_pattern's choice). No series qualifies:   */
/* "dense" (1:1) and *fallback = 1 (fallback may be NULL). sparsity in [0, 1], alpha in       */
/* [-1, 1], both finite (else TASD_ERR_RANGE). For GELU/Swish layers pass 1 - pseudo-density.  */
tasd_status tasd_tasder_pick_act(const tasd_target *t, double sparsity, double alpha,
                                 tasd_series *out, int *fallback);

/* One layer of a TASD-W search: its weights (decomposed along the last dimension; int8,      */
/* int16 or float32) and an optional activation sample B ([k, ncols], W's dtype, W then 2-D).  */
typedef struct {
  const char *name;      /* label for reports, may be NULL */
  const tasd_tensor *w;  /* weights, required */
  const tasd_tensor *b;  /* activation sample or NULL; its columns scale the layer's MACs */
} tasd_tasder_layer;

/* Caller-supplied quality of an assignment (assign[i] = series of layer i; "dense" (1:1) =    */
/* layer unchanged). Larger is better. A non-OK status aborts the search and is returned.     */
typedef tasd_status (*tasd_tasder_quality_fn)(void *ctx, const tasd_tasder_layer *layers,
                                              size_t nlayers, const tasd_series *assign,
                                              double *quality);

/* A layer's chosen series and its numbers (tasd_stats of that series; dense: nothing dropped). */
typedef struct {
  tasd_series series;
  double pct_nnz_dropped, pct_mag_dropped;
  uint64_t macs_dense, macs_tasd; /* rows * k * ncols and the series' MACs (ncols 1 without B) */
} tasd_tasder_choice;

typedef struct {
  double quality_orig;   /* quality of the all-dense assignment (must be > 0) */
  double quality;        /* quality of the returned assignment, >= threshold * quality_orig */
  uint64_t macs_dense, macs_tasd; /* summed over layers */
  double mac_reduction;  /* 1 - macs_tasd / macs_dense (0 when macs_dense is 0) */
  size_t pairs;          /* layer-wise: (layer, series) pairs that skip MACs; network-wise: */
                         /* series that skip MACs in total */
  size_t evaluations;    /* quality calls, the all-dense one included */
  size_t applied;        /* pairs kept (layer-wise) / 1 or 0 (network-wise) */
} tasd_tasder_summary;

/* TASD-W layer-wise greedy. Pairs (layer i, series s of tasd_target_series(t)) whose MACs are */
/* below the layer's dense MACs are sorted by pct_nnz_dropped ascending, then MAC reduction    */
/* descending, then layer index, then target order. Starting from all-dense, each pair more    */
/* aggressive than the layer's current series (fewer MACs) is tried: kept when quality >=      */
/* threshold * quality_orig, else undone and the search stops (the paper: "until the model     */
/* quality is < 99 %"). choice[0..n-1] and *sum are written only on success.                   */
/* Errors: TASD_ERR_NULL; TASD_ERR_RANGE (n == 0, threshold not in [0, 1], quality_orig <= 0); */
/* TASD_ERR_NAN (non-finite quality or NaN in a tensor); TASD_ERR_SHAPE / TASD_ERR_DTYPE (B    */
/* does not fit W); TASD_ERR_DTYPE (int32 W); the callback's own status; TASD_ERR_NOMEM.       */
tasd_status tasd_tasder_layerwise(const tasd_target *t, const tasd_tasder_layer *layers, size_t n,
                                  tasd_tasder_quality_fn quality, void *ctx, double threshold,
                                  tasd_tasder_choice *choice, tasd_tasder_summary *sum);
/* TASD-W network-wise: every series of tasd_target_series(t) that skips MACs, given to all   */
/* layers; the pick has the fewest total MACs among those with quality >= threshold *          */
/* quality_orig (ties: higher quality, then target order); none: all layers dense. Same errors. */
tasd_status tasd_tasder_networkwise(const tasd_target *t, const tasd_tasder_layer *layers,
                                    size_t n, tasd_tasder_quality_fn quality, void *ctx,
                                    double threshold, tasd_tasder_choice *choice,
                                    tasd_tasder_summary *sum);

/* Default quality proxy: the mean over layers of 1 - rel_error (tasd_stats with the layer's  */
/* B) or, without B, of the kept magnitude share mag_kept / mag_total (1 for all-zero W);      */
/* dense layers count 1, so quality_orig is 1. ctx: NULL, or a zeroed tasd_tasder_cache that   */
/* memoizes per-(layer, series) values (use one cache per layer list; free it afterwards).    */
typedef struct {
  size_t count, cap;
  void *entries;
} tasd_tasder_cache;
tasd_status tasd_tasder_quality_default(void *ctx, const tasd_tasder_layer *layers, size_t n,
                                        const tasd_series *assign, double *quality);
void tasd_tasder_cache_free(tasd_tasder_cache *c); /* NULL-safe, idempotent */

#ifdef __cplusplus
}
#endif
#endif /* TASD_TASDER_H */
