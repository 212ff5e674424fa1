/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the TTC tile: functional model and cycle model (mirrors rtl/tasd_ttc_tile.sv); part of tasd.h. */
#ifndef TASD_TILE_H
#define TASD_TILE_H

#include <stddef.h>
#include <stdint.h>
#include "arith.h"
#include "unit.h"
#include "pe.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* TTC tile (mirrors rtl/tasd_ttc_tile.sv; docs/tile.md). A Rows x Cols array of N:M PEs with  */
/* Lanes multipliers each computes C = sum_t A_t x B for a job: rtiles row tiles of Rows rows  */
/* against one B of kblocks*m rows and Cols columns (int8 operands, int32 wrapping sums). The  */
/* drain adds the biases, x = acc + col_bias[c] + row_bias[r] (tasd_acc_add, wrapping), applies */
/* ReLU (optional) and requantization to int8 (tasd_post_apply, requant on) to x and decomposes */
/* each row's int8 values into the next layer's terms (tasd_block_decompose_i32).              */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint32_t rows;        /* PE rows = output rows per row tile, >= 1 */
  uint32_t cols;        /* PE columns, a multiple of m */
  uint32_t m;           /* block size: 4, 8 or 16 (the RTL's TASD unit range) */
  uint32_t lanes;       /* multiply lanes per PE: 1, 2 or 4 */
  uint32_t max_terms;   /* A terms and output terms the tile holds, 1..3 */
  uint32_t kblocks_max; /* B buffer entries (one per K block), 1..65535 */
  uint32_t pipe_stages; /* latency of the drain's TASD units in cycles, 1 or 2 (+1: register slice) */
  uint32_t drain_seq;   /* 0: parallel TASD units on the drain; 1: sequential (RTL DrainSeq) */
  uint32_t b_banks;     /* B buffer banks (RTL BBanks): 1 = a job starts only while the tile is */
                        /* idle; 2 = the next job is started and its B loaded while a job computes */
  uint32_t mul_pipe;    /* RTL MulPipe: 1 = a pipeline register between the PEs' multipliers and */
                        /* accumulators (every job 1 cycle longer, results unchanged); 0 or 1    */
} tasd_tile_params;

/* The default tile: 8 x 16, m 8, 4 lanes, 2 terms, 512 B entries, 1 stage, parallel units, */
/* 2 B banks, no multiplier pipeline register. */
void tasd_tile_params_default(tasd_tile_params *p);
/* TASD_ERR_NULL / TASD_ERR_RANGE for an illegal parameter set (the RTL fails elaboration). */
tasd_status tasd_tile_params_check(const tasd_tile_params *p);

/* One job's configuration (the RTL samples it in the cycle start_i && start_ready_o). */
typedef struct {
  uint16_t a_n[TASD_MAX_TERMS];   /* N of A term t, 0 = unused; native: a power of two <= m/2 */
  uint32_t kblocks;               /* K blocks (ceil(K / m)), 1..kblocks_max */
  uint32_t rtiles;                /* row tiles of rows rows in the job, 1..65535 */
  uint32_t relu;                  /* 0/1: ReLU before requantization */
  uint32_t shift;                 /* requantization shift, 0..31 */
  uint16_t out_n[TASD_MAX_TERMS]; /* N of output term t (0 = unused); each <= m/2, sum <= m */
  const int32_t *col_bias;        /* [cols] per-column bias (RTL cfg_bias_i), NULL = zeros; */
                                  /* borrowed: the caller owns it and keeps it alive while used */
} tasd_tile_cfg;

/* Legality: every a_n[t] is 0 or a power of two <= m/2 (else TASD_ERR_UNSUPPORTED), at least   */
/* one is non-zero and their sum is <= m (else TASD_ERR_ILLEGAL_SERIES), out_n[t] <= m with sum */
/* <= m (TASD_ERR_ILLEGAL_SERIES) and out_n[t] <= m/2 (the drain's lean units, MaxSlots = m/2: */
/* else TASD_ERR_UNSUPPORTED), entries at t >= max_terms are 0 (TASD_ERR_ILLEGAL_SERIES),     */
/* kblocks, rtiles, relu and shift in range (TASD_ERR_RANGE). The RTL raises err_o for the same */
/* cases.                                                                                       */
tasd_status tasd_tile_cfg_check(const tasd_tile_params *p, const tasd_tile_cfg *c);

/* A job's A operand in compressed form: per term t, val[t]/idx[t] hold [nrows][kblocks][a_n[t]] */
/* slots (ascending index order inside each block); nrows = rtiles * rows. row_bias: [nrows]    */
/* per-row bias (RTL a_bias_i, carried by each row tile's first A beat), NULL = zeros.          */
/* Ownership: val/idx belong to the struct (malloc'd; tasd_tile_a_free frees them). row_bias is */
/* borrowed: the caller sets it, owns the array and keeps it alive while the struct is used;    */
/* tasd_tile_a_from_dense leaves it NULL and tasd_tile_a_free only resets it to NULL.           */
typedef struct {
  uint32_t nrows, kblocks;
  int8_t *val[TASD_MAX_TERMS];
  uint8_t *idx[TASD_MAX_TERMS];
  int32_t *row_bias;
} tasd_tile_a;

/* Decomposes rows [row0, row0 + rtiles*rows) of the dense int8 matrix a [a_rows][k] with the  */
/* series c->a_n (tasd_decompose). Rows >= a_rows are zero rows; columns >= k are zero padding */
/* (k <= kblocks*m). Allocates *out; free with tasd_tile_a_free.                              */
tasd_status tasd_tile_a_from_dense(const tasd_tile_params *p, const tasd_tile_cfg *c,
                                   const int8_t *a, size_t a_rows, size_t k, size_t row0,
                                   tasd_tile_a *out);
void tasd_tile_a_free(tasd_tile_a *a); /* NULL-safe, idempotent */

/* Beats of one term per row tile: ceil(kblocks * n / lanes) (0 for n == 0). */
uint32_t tasd_tile_term_beats(const tasd_tile_params *p, uint32_t n, uint32_t kblocks);
/* Content of A beat `beat` of term `term` in row tile `rtile`: lane l of row r carries slot   */
/* s = beat*lanes + l of the term's slot stream (block s / N, slot s % N): val/idx at          */
/* [r*lanes + l]; lane_vld[l] = 1 when block s / N < kblocks (invalid lanes get val 0, idx 0). */
tasd_status tasd_tile_a_beat(const tasd_tile_params *p, const tasd_tile_cfg *c,
                             const tasd_tile_a *a, uint32_t rtile, uint32_t term, uint32_t beat,
                             int8_t *val, uint8_t *idx, uint8_t *lane_vld);

/* The tile's output, one entry per job row (nrows = rtiles * rows), in the RTL's beat layout.  */
typedef struct {
  uint32_t nrows, cols, m, max_terms;
  int32_t *acc;   /* [nrows][cols] x = sum + col_bias[c] + row_bias[r] (int32, wrapping) */
  int8_t *q;      /* [nrows][cols] x after ReLU (if on), requantized to int8 */
  int8_t *tval;   /* [nrows][cols/m][max_terms][m] next-layer term slots (value) */
  uint8_t *tidx;  /* same layout: slot index inside the block */
  uint8_t *tvld;  /* same layout: slot valid (k < out_n[t]) */
  uint8_t *tmask; /* [nrows][cols/m][max_terms][m]: element i of the block belongs to term t */
} tasd_tile_out;

/* Functional model of one job. b: [kblocks*m][cols] int8, row-major; biases from c->col_bias and */
/* a->row_bias (NULL = zeros). Allocates *out (free with tasd_tile_out_free). Errors: as        */
/* tasd_tile_cfg_check, TASD_ERR_SHAPE when a does not match. The biases do not change the     */
/* cycle model.                                                                                 */
tasd_status tasd_tile_run(const tasd_tile_params *p, const tasd_tile_cfg *c, const tasd_tile_a *a,
                          const int8_t *b, tasd_tile_out *out);
void tasd_tile_out_free(tasd_tile_out *o); /* NULL-safe, idempotent */

/* Cycle model of one job (cmodel/src/tile_cycle.c), assuming B and A beats always valid and   */
/* the output always ready. Field names follow the RTL's performance counters.               */
typedef struct {
  uint64_t cycles;          /* busy_o cycles: start (excluded) to the last output beat */
  uint64_t bload;           /* cycles loading B (kblocks) */
  uint64_t beats_per_rtile; /* sum over terms of tasd_tile_term_beats */
  uint64_t busy;            /* cycles issuing an A beat (rtiles * beats_per_rtile) */
  uint64_t stall;           /* compute cycles with beats left but none issued (drain waits) */
  uint64_t eff_macs;        /* valid lanes x rows x cols, summed over beats */
  uint64_t lane_slots;      /* busy * lanes: lane utilization = valid lanes / lane_slots */
  uint64_t valid_lanes;     /* valid lanes summed over beats */
  uint64_t b_fills;         /* B buffer loads (1 per job) */
  uint64_t psum_wb;         /* partial sums leaving the array early (0 by construction) */
  uint64_t drain_stall;     /* cycles the drain holds a row the TASD units cannot take yet */
                            /* (0 with parallel units; sequential: ~S-1 per row, S = max(1, sum out_n)) */
  uint64_t start, done;     /* cycle of the start handshake and of done_o, counted from the first */
                            /* start of a job sequence (tasd_tile_seq_cycles); one job: 0, cycles + 1 */
} tasd_tile_perf;
tasd_status tasd_tile_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c,
                             tasd_tile_perf *out);

/* A sequence of jobs run back to back (docs/tile.md "Back-to-back jobs"): entry 0's start_i    */
/* is high in cycle 0, entry i's from the cycle after entry i-1's start handshake, each held     */
/* until start_ready_o; B and A beats always valid, the output always ready. Entries whose cfg   */
/* fails tasd_tile_cfg_check are refused starts (err_o): they take their start cycle and nothing */
/* else; their jobs[i] is zero but for start. jobs[i] (may be NULL) gets each job's counters:    */
/* as tasd_tile_cycles, but cycles = done - start - 1 (with b_banks = 2 a job started early also */
/* counts the cycles it waits for the previous one) and start/done in the sequence's cycles.     */
/* *total (may be NULL) = the last done_o cycle (or last refused start + 1). Errors: NULL,       */
/* tasd_tile_params_check's.                                                                     */
tasd_status tasd_tile_seq_cycles(const tasd_tile_params *p, const tasd_tile_cfg *cfgs, size_t njobs,
                                 tasd_tile_perf *jobs, uint64_t *total);

/* A GEMM C[m_rows x n_cols] = A[m_rows x k] B[k x n_cols] mapped onto the tile: one job per   */
/* column tile of cols columns (ceil(n_cols/cols) jobs), each with ceil(m_rows/rows) row tiles  */
/* and ceil(k/m) K blocks (must be <= kblocks_max, else TASD_ERR_SHAPE), one B fill per job,   */
/* the jobs back to back as in tasd_tile_seq_cycles (b_banks = 2: each job's B loads while the */
/* previous one computes). Totals in *out; *job gets one job's model alone (may be NULL).      */
typedef struct {
  uint64_t jobs, rtiles_per_job, kblocks;
  uint64_t cycles;       /* start of job 0 to the last done_o (b_banks 1: jobs * (job cycles + 1)) */
  uint64_t busy, stall, eff_macs, valid_lanes, lane_slots, b_fills, psum_wb, drain_stall;
  uint64_t macs_dense;   /* m_rows * n_cols * k: the dense GEMM's MACs */
} tasd_tile_gemm_perf;
tasd_status tasd_tile_gemm_cycles(const tasd_tile_params *p, const tasd_tile_cfg *c,
                                  size_t m_rows, size_t n_cols, size_t k,
                                  tasd_tile_gemm_perf *out, tasd_tile_perf *job);

#ifdef __cplusplus
}
#endif
#endif /* TASD_TILE_H */
