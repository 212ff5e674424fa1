/* SPDX-License-Identifier: Apache-2.0 */
/* TTC tile cycle model: predicts the RTL's cycle and performance counters from shapes and series. */
#include <string.h>

#include "internal.h"

/* Timeline of one job (docs/tile.md, "Cycle model"); cycle 0 is the start cycle:
 *   cycles 1..kblocks         B load, one beat per cycle
 *   cycle  kblocks+1          first A beat issues; a row tile issues B = beats_per_rtile beats
 *   Y_0 = kblocks + B + 1     the last beat of row tile 0 adds in and moves into the drain buffer
 *   Y_r = Y_{r-1} + max(B, rows)  the drain buffer empties one row per cycle, so a row tile's
 *                             last beat waits in the PE stage until the previous one has drained
 *   last output = Y_{R-1} + rows + pipe_stages  (rows drain, then the TASD units' latency)
 * A row tile's first beat issues in the cycle the previous row tile's last beat moves out, so
 * every cycle the last beat waits is a stall cycle for the next row tile. */
tasd_status tasd_tile_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c,
                             tasd_tile_perf *out) {
  if (!p || !c || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  memset(out, 0, sizeof(*out));
  const uint64_t rt = c->rtiles, rows = p->rows, lanes = p->lanes;
  uint64_t beats = 0, vlanes = 0;
  for (uint32_t t = 0; t < p->max_terms; t++) {
    uint32_t n = c->a_n[t];
    if (n == 0) continue;
    beats += tasd_tile_term_beats(p, n, c->kblocks);
    vlanes += (uint64_t)c->kblocks * n; /* every slot of every block rides one valid lane */
  }
  const uint64_t period = beats > rows ? beats : rows;
  out->bload = c->kblocks;
  out->beats_per_rtile = beats;
  out->busy = rt * beats;
  out->stall = rt >= 2 ? (rt - 2) * (period - beats) : 0;
  out->valid_lanes = rt * vlanes;
  out->eff_macs = out->valid_lanes * rows * p->cols;
  out->lane_slots = out->busy * lanes;
  out->b_fills = 1;
  out->psum_wb = 0;
  out->drain_stall = 0;
  out->cycles = (uint64_t)c->kblocks + beats + 1 + (rt - 1) * period + rows + p->pipe_stages;
  return TASD_OK;
}

tasd_status tasd_tile_gemm_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c,
                                  size_t m_rows, size_t n_cols, size_t k,
                                  tasd_tile_gemm_perf *out, tasd_tile_perf *job) {
  if (!p || !c || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_params_check(p);
  if (st != TASD_OK) return st;
  if (m_rows == 0 || n_cols == 0 || k == 0) return TASD_ERR_SHAPE;
  const uint64_t kblocks = (k + p->m - 1) / p->m;
  const uint64_t rtiles = (m_rows + p->rows - 1) / p->rows;
  if (kblocks > p->kblocks_max || rtiles > 65535u) return TASD_ERR_SHAPE;
  tasd_tile_cfg jc = *c;
  jc.kblocks = (uint32_t)kblocks;
  jc.rtiles = (uint32_t)rtiles;
  tasd_tile_perf jp;
  st = tasd_tile_cycles(p, &jc, &jp);
  if (st != TASD_OK) return st;
  memset(out, 0, sizeof(*out));
  const uint64_t jobs = (n_cols + p->cols - 1) / p->cols;
  out->jobs = jobs;
  out->rtiles_per_job = rtiles;
  out->kblocks = kblocks;
  out->cycles = jobs * (jp.cycles + 1);
  out->busy = jobs * jp.busy;
  out->stall = jobs * jp.stall;
  out->eff_macs = jobs * jp.eff_macs;
  out->valid_lanes = jobs * jp.valid_lanes;
  out->lane_slots = jobs * jp.lane_slots;
  out->b_fills = jobs * jp.b_fills;
  out->psum_wb = jobs * jp.psum_wb;
  out->drain_stall = jobs * jp.drain_stall;
  out->macs_dense = (uint64_t)m_rows * n_cols * k;
  if (job) *job = jp;
  return TASD_OK;
}
