/* SPDX-License-Identifier: Apache-2.0 */
/* TTC tile cycle model: predicts the RTL's cycle and performance counters from shapes and series. */
#include <string.h>

#include "internal.h"

/* Timeline of one job (docs/tile.md, "Cycle model"); cycle 0 is the start cycle:
 *   cycles 1..kblocks         B load, one beat per cycle
 *   cycle  kblocks+1          first A beat issues; a row tile issues B = beats_per_rtile beats
 *   Y_0 = kblocks + B + 1     the last beat of row tile 0 adds in and moves into the drain buffer
 *   the drain hands one row to the TASD units every S cycles (S = 1 for the parallel units,
 *   max(1, sum out_n) for the sequential ones); row 0 of tile r goes at
 *   D_r = max(Y_r + 1, D_{r-1} + rows*S), its last row at D_r + (rows-1)*S
 *   Y_r = max(Y_{r-1} + B, D_{r-1} + (rows-1)*S)  a row tile's last beat waits in the PE stage
 *                             until the drain buffer hands on the previous tile's last row
 *   last output = D_{R-1} + (rows-1)*S + L  (L = unit latency: pipe_stages, + S if sequential)
 * A row tile's first beat issues in the cycle the previous row tile's last beat moves out, so
 * every cycle the last beat waits is a stall cycle for the next row tile. The drain stalls in
 * the cycles of [Y_r + 1, D_r + (rows-1)*S] in which it hands no row on. With S = 1 this gives
 * the closed form cycles = kblocks + B + 1 + (R-1)*max(B, rows) + rows + pipe_stages. */
tasd_status tasd_tile_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c,
                             tasd_tile_perf *out) {
  if (!p || !c || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  memset(out, 0, sizeof(*out));
  const uint64_t rt = c->rtiles, rows = p->rows, lanes = p->lanes, kb = c->kblocks;
  uint64_t beats = 0, vlanes = 0, osum = 0;
  for (uint32_t t = 0; t < p->max_terms; t++) {
    osum += c->out_n[t];
    uint32_t n = c->a_n[t];
    if (n == 0) continue;
    beats += tasd_tile_term_beats(p, n, c->kblocks);
    vlanes += (uint64_t)c->kblocks * n; /* every slot of every block rides one valid lane */
  }
  const uint64_t s_row = p->drain_seq ? (osum > 1 ? osum : 1) : 1;
  const uint64_t lat = p->pipe_stages + (p->drain_seq ? s_row : 0);
  uint64_t y = kb + beats + 1, d = y + 1, last_issue = kb + beats;
  uint64_t dstall = d + (rows - 1) * s_row - y - rows;
  for (uint64_t r = 1; r < rt; r++) {
    last_issue = y + beats - 1;
    const uint64_t y2 = (y + beats > d + (rows - 1) * s_row) ? y + beats : d + (rows - 1) * s_row;
    const uint64_t d2 = (y2 + 1 > d + rows * s_row) ? y2 + 1 : d + rows * s_row;
    y = y2;
    d = d2;
    dstall += d + (rows - 1) * s_row - y - rows;
  }
  out->bload = c->kblocks;
  out->beats_per_rtile = beats;
  out->busy = rt * beats;
  out->stall = last_issue - kb - rt * beats;
  out->valid_lanes = rt * vlanes;
  out->eff_macs = out->valid_lanes * rows * p->cols;
  out->lane_slots = out->busy * lanes;
  out->b_fills = 1;
  out->psum_wb = 0;
  out->drain_stall = dstall;
  out->cycles = d + (rows - 1) * s_row + lat;
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
