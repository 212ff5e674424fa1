/* SPDX-License-Identifier: Apache-2.0 */
/* Tile job files (.npz): read/validate jobs.npz, write jobs.npz and result.npz (docs/tile.md "Job files"). */
#ifndef TILE_JOBS_H
#define TILE_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "tasd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Terms a job file describes per job (cfg a_n[0..7], out_n[0..7]). */
#define TILE_JOBS_TERMS 8
/* Entries of a job's cfg array: kblocks, rtiles, relu, shift, a_n[8], out_n[8]. */
#define TILE_JOBS_CFG_LEN (4 + 2 * TILE_JOBS_TERMS)
/* Entries of a result's perf array (tile_job_result.perf): 7 counters, model cycles, harness
 * cycles, start and done cycle in the sequence (docs/tile.md "Job files"). */
#define TILE_JOBS_PERF_LEN 11

/* One job. cfg.col_bias points at col_bias and a.row_bias at row_bias when the job is legal. */
typedef struct {
  tasd_tile_cfg cfg;      /* the values the harness drives on the cfg_* ports */
  tasd_status cfg_status; /* tasd_tile_cfg_check: TASD_OK = legal; else the RTL must refuse it */
  int8_t *b;              /* [kblocks*m][cols] (legal jobs only) */
  int32_t *col_bias;      /* [cols] */
  int32_t *row_bias;      /* [rtiles*rows] */
  tasd_tile_a a;          /* val/idx owned by the job; row_bias borrowed from row_bias above */
} tile_job;

typedef struct {
  tasd_tile_params params; /* the file's params (equal to the build's after a successful load) */
  uint32_t njobs;
  tile_job *jobs;
} tile_jobfile;

/* Reads path and checks it completely against the build's parameters p before anything runs:  */
/* params equal to p (TASD_ERR_RANGE, the message lists both), njobs, every job's cfg (values   */
/* that cannot be put on the tile's ports, e.g. a term beyond max_terms or shift > 31:          */
/* TASD_ERR_RANGE), and for legal jobs every array: present (TASD_ERR_FORMAT), dtype            */
/* (TASD_ERR_DTYPE), shape (TASD_ERR_SHAPE), slot indices < m and ascending inside each block   */
/* (TASD_ERR_RANGE). A job whose cfg fits the ports but is illegal (cfg_status != TASD_OK) needs */
/* no data arrays: the RTL must refuse it. errbuf names the file, the array and the problem.     */
/* *out is written only on success; free it with tile_jobs_free.                                */
tasd_status tile_jobs_load(const char *path, const tasd_tile_params *p, tile_jobfile *out,
                           char *errbuf, size_t errlen);
/* Writes jf as a job file (atomically, through tasd_npz_save). Jobs whose cfg_status is not   */
/* TASD_OK get only their cfg array (plus whatever b/col_bias/row_bias/a they hold).            */
tasd_status tile_jobs_save(const char *path, const tile_jobfile *jf, char *errbuf, size_t errlen);
void tile_jobs_free(tile_jobfile *jf); /* NULL-safe, idempotent */

/* One job's result: the tile's outputs (the RTL's beats, in tasd_tile_out layout) and perf =  */
/* RTL perf_cycles, perf_busy, perf_stall, perf_b_fills, perf_psum_wb, perf_drain_stall,      */
/* perf_out_stall, model cycles (tasd_tile_cycles), RTL cycles start->done (harness).          */
typedef struct {
  int ran;                 /* 0: nothing written for this job (illegal cfg, refused) */
  tasd_tile_out out;
  int32_t perf[TILE_JOBS_PERF_LEN];
} tile_job_result;

/* Writes result.npz: for each job j with ran set, j<j>.acc int32 [nrows, cols], j<j>.q int8,  */
/* j<j>.tval int8 [nrows, cols/m, max_terms, m], j<j>.tidx int16, j<j>.tvld int8, j<j>.tmask   */
/* int8 (same shape), j<j>.perf int32 [9]. Atomic (tasd_npz_save).                              */
tasd_status tile_results_save(const char *path, const tile_job_result *r, uint32_t n,
                              char *errbuf, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* TILE_JOBS_H */
