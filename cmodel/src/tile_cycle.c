/* SPDX-License-Identifier: Apache-2.0 */
/* TTC tile cycle model: predicts the RTL's cycle and performance counters from shapes and series. */
#include <string.h>

#include "internal.h"

/* Timeline of one job (docs/tile.md, "Cycle model"); cycle 0 is the start cycle:
 *   cycles 1..kblocks         B load, one beat per cycle
 *   cycle  kblocks+1          first A beat issues; a row tile issues B = beats_per_rtile beats
 *   Y_0 = kblocks + B + 1 + P the last beat of row tile 0 adds in and moves into the drain buffer
 *                             (P = mul_pipe: the PEs' pipeline register is one more stage)
 *   Y_r = max(Y_{r-1} + B, e of tile r-1's last row)   a row tile's last beat waits in the PE
 *                             accumulate stage until the drain buffer hands on the previous
 *                             tile's last row. Tile r's last beat issues in Y_{r-1} + B - 1
 *                             (P = 0) or Y_{r-1} + B - 2 (P = 1: the next tile's first beat
 *                             enters stage 1 while the last beat waits in stage 2); with P = 1
 *                             and B = 1 that one beat issues when tile r-1's beat moves to
 *                             stage 2: cycle kblocks + 2 (r = 1) or Y_{r-2}
 * Rows j of the job in order (row k of tile r): the drain hands row j to the register slice in
 * cycle e_j and the slice hands it to the TASD units in cycle u_j, where
 *   a_j = Y_r + 1 (k = 0) or e_{j-1} + 1   the row is the drain buffer's head
 *   e_j = max(a_j, u_{j-2} + 1)            the slice holds at most 2 rows; its ready is a flop
 *   u_j = max(e_j + 1, u_{j-1} + S)        1 cycle in the slice; the units take a row every S
 *                                          cycles (S = 1 parallel, max(1, sum out_n) sequential)
 *   last output = u_last + L              L = unit latency: pipe_stages, + S if sequential
 * A row tile's first beat issues in the cycle the previous row tile's last beat moves out, so
 * every cycle the last beat waits is a stall cycle for the next row tile. The drain stalls in
 * the cycles a_j..e_j-1 (it holds row j but the slice is full). With S = 1 the slice never
 * fills (e_j = a_j, u_j = e_j + 1), which gives the closed form
 * cycles = kblocks + B + 1 + P + (R-1)*max(B, rows) + rows + 1 + pipe_stages. */
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
  /* e = e_{j-1}; u1 = u_{j-1} and u2 = u_{j-2}, used once row j has such predecessors. */
  const uint64_t mp = p->mul_pipe;
  uint64_t y = kb + beats + 1 + mp, last_issue = kb + beats, e = 0, u1 = 0, u2 = 0, dstall = 0, j = 0;
  uint64_t y_prev = 0; /* Y_{r-2} */
  for (uint64_t r = 0; r < rt; r++) {
    if (r > 0) {
      if (mp && beats == 1)
        last_issue = (r == 1) ? kb + 2 : y_prev;
      else
        last_issue = y + beats - 1 - mp;
      y_prev = y;
      y = (y + beats > e) ? y + beats : e;
    }
    uint64_t a = y + 1;
    for (uint64_t k = 0; k < rows; k++, j++) {
      e = a;
      if (j >= 2 && u2 + 1 > e) e = u2 + 1;
      uint64_t u = e + 1;
      if (j >= 1 && u1 + s_row > u) u = u1 + s_row;
      dstall += e - a;
      u2 = u1;
      u1 = u;
      a = e + 1;
    }
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
  out->cycles = u1 + lat;
  out->start = 0;
  out->done = out->cycles + 1;
  return TASD_OK;
}

/* Back-to-back jobs (docs/tile.md "Back-to-back jobs"). The tile has a loader (start, config,
 * B load) and a compute side. For job n started in cycle S_n (start handshake):
 *   L_n   = S_n + kblocks_n                 its last B beat (B always valid)
 *   X_n   = max(L_n, D_{n-1})               it moves to the compute side at the end of cycle X_n:
 *                                           the compute side is idle from the previous job's
 *                                           done_o cycle D_{n-1} on
 *   D_n   = X_n + (cycles_n - kblocks_n) + 1  its done_o cycle (cycles_n: tasd_tile_cycles; the
 *                                           compute side runs exactly as in a job alone)
 * start_ready_o rises again (the loader is empty) in cycle X_n + 1 with two banks, in D_n (the
 * whole tile idle) with one. Entry i's start_i is high from cycle S_{i-1} + 1, so
 *   S_i = max(S_{i-1} + 1, ready), S_0 = 0
 * and a refused entry (illegal cfg) only takes its start cycle. With one bank this is the old
 * job-after-job timing, D_n = S_n + cycles_n + 1 and S_{n+1} = D_n. */
tasd_status tasd_tile_seq_cycles(const tasd_tile_params *p, const tasd_tile_cfg *cfgs, size_t njobs,
                                 tasd_tile_perf *jobs, uint64_t *total) {
  if (!p || (!cfgs && njobs)) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_params_check(p);
  if (st != TASD_OK) return st;
  uint64_t prev_s = 0, ready = 0, prev_d = 0, end = 0;
  int have = 0; /* a legal job ran before */
  for (size_t i = 0; i < njobs; i++) {
    uint64_t s = i ? prev_s + 1 : 0;
    if (s < ready) s = ready;
    prev_s = s;
    tasd_tile_perf jp;
    if (tasd_tile_cycles(p, &cfgs[i], &jp) != TASD_OK) { /* refused: err_o, nothing taken */
      if (jobs) {
        memset(&jobs[i], 0, sizeof(jobs[i]));
        jobs[i].start = s;
      }
      if (s + 1 > end) end = s + 1;
      continue;
    }
    const uint64_t kb = cfgs[i].kblocks;
    uint64_t x = s + kb;
    if (have && prev_d > x) x = prev_d;
    const uint64_t d = x + (jp.cycles - kb) + 1;
    ready = p->b_banks > 1 ? x + 1 : d;
    prev_d = d;
    have = 1;
    if (d > end) end = d;
    jp.start = s;
    jp.done = d;
    jp.cycles = d - s - 1;
    if (jobs) jobs[i] = jp;
  }
  if (total) *total = end;
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
  /* Identical jobs back to back (tasd_tile_seq_cycles in closed form): with one bank each job
   * takes cycles + 1 (the next start is the done_o cycle); with two, job n moves to the compute
   * side in cycle X_n = kblocks + n * (1 + max(kblocks, W)) (its B loaded during job n-1's W
   * compute cycles, or W waits for it) and the last done_o is X_last + W + 1. */
  const uint64_t w = jp.cycles - kblocks; /* compute side: first issue - 1 .. last output beat */
  if (p->b_banks > 1)
    out->cycles = kblocks + (jobs - 1) * (1 + (kblocks > w ? kblocks : w)) + w + 1;
  else
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
