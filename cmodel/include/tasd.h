/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: bit-exact reference model of the TASD IP (Tensor Approximation via Structured Decomposition). */
#ifndef TASD_H
#define TASD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Status codes. Every fallible function returns one; nothing in the library aborts or exits. */
/* ------------------------------------------------------------------------------------------ */
typedef enum {
  TASD_OK = 0,
  TASD_ERR_NULL = -1,          /* a required pointer argument is NULL */
  TASD_ERR_SYNTAX = -2,        /* series text does not parse */
  TASD_ERR_ILLEGAL_SERIES = -3,/* series parses but breaks a legality rule */
  TASD_ERR_SHAPE = -4,         /* tensor shapes do not fit together / unsupported rank */
  TASD_ERR_DTYPE = -5,         /* dtype unsupported by this operation, or operands differ */
  TASD_ERR_NOMEM = -6,         /* allocation failed or size overflows */
  TASD_ERR_IO = -7,            /* file cannot be opened, read or written */
  TASD_ERR_FORMAT = -8,        /* file content malformed (e.g. bad .npy header) */
  TASD_ERR_RANGE = -9,         /* scalar argument out of its documented range */
  TASD_ERR_NAN = -10,          /* float input holds NaN or Inf: no magnitude order exists */
  TASD_ERR_UNSUPPORTED = -11,  /* hardware target cannot run this series */
  TASD_ERR_BUFFER = -12,       /* caller's output buffer too small */
  TASD_ERR_NOT_FOUND = -13     /* named object (e.g. target) does not exist */
} tasd_status;

/* Human-readable, static string for a status code (never NULL). */
const char *tasd_strerror(tasd_status st);

/* ------------------------------------------------------------------------------------------ */
/* Limits                                                                                      */
/* ------------------------------------------------------------------------------------------ */
#define TASD_MAX_TERMS 8   /* most terms in one series */
#define TASD_MAX_M 256     /* largest block size; block sizes are powers of two in [1, 256] */
#define TASD_MAX_DIMS 8    /* highest tensor rank */
#define TASD_DROPPED 0xFFu /* term_of[] value for an element that no term keeps */

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

/* ------------------------------------------------------------------------------------------ */
/* Tensors: dense, C order. Decomposition works along the last dimension.                      */
/* ------------------------------------------------------------------------------------------ */
/* TASD_UINT8 holds raw bytes (IDX images/labels, .npy '|u1'); decomposition and GEMM refuse it. */
typedef enum { TASD_INT8 = 0, TASD_INT16 = 1, TASD_INT32 = 2, TASD_FLOAT32 = 3, TASD_UINT8 = 4 } tasd_dtype;

typedef struct {
  tasd_dtype dtype;
  uint32_t ndim;                /* 1..TASD_MAX_DIMS */
  size_t shape[TASD_MAX_DIMS];
  void *data;                   /* owned by whoever allocated it */
} tasd_tensor;

size_t tasd_dtype_size(tasd_dtype dt);          /* 0 for an unknown dtype */
const char *tasd_dtype_name(tasd_dtype dt);     /* "int8", ...; "?" when unknown */
size_t tasd_tensor_numel(const tasd_tensor *t); /* 0 on NULL */
/* Allocates zeroed data (calloc). ndim 1..TASD_MAX_DIMS; any shape entry may be 0 (data is   */
/* still non-NULL). On failure *t is emptied (data NULL), so tasd_tensor_free stays safe.     */
tasd_status tasd_tensor_alloc(tasd_tensor *t, tasd_dtype dt, uint32_t ndim, const size_t *shape);
void tasd_tensor_free(tasd_tensor *t);          /* frees data, NULL-safe, idempotent */

/* ------------------------------------------------------------------------------------------ */
/* Bit-exact arithmetic shared with the RTL (written once, in arith.c).                        */
/* ------------------------------------------------------------------------------------------ */
/* |x| as unsigned: |-128| = 128 (RTL: DataW+1 bits). */
uint32_t tasd_mag_i32(int32_t x);
/* Accumulator add: two's complement, wraps modulo 2^32 like the RTL's 32-bit adder. */
int32_t tasd_acc_add(int32_t acc, int32_t x);
/* Product of two operands, wrapped to 32 bits. */
int32_t tasd_mul_i32(int32_t a, int32_t b);
/* Requantize: round half up (add 2^(shift-1), then arithmetic shift right by shift; shift 0   */
/* means no rounding), then saturate to [-128, 127]. shift must be 0..31 (larger: clamped 31). */
int8_t tasd_requant_i8(int32_t acc, uint32_t shift);
int32_t tasd_relu_i32(int32_t x);

typedef struct {
  int relu;        /* 1: max(x, 0) before requantization */
  int requant;     /* 1: requantize to int8 with tasd_requant_i8; 0: raw int32 passes */
  uint32_t shift;  /* 0..31 */
} tasd_post_cfg;
/* ReLU (if enabled) then requantization (if enabled). Output fits int8 when requant is on. */
int32_t tasd_post_apply(const tasd_post_cfg *p, int32_t acc);

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

/* ------------------------------------------------------------------------------------------ */
/* Tensor decomposition (int8, int16, float32).                                                */
/* rows = product of all but the last dimension, k = last dimension. Term t works on blocks of */
/* M_t along k; a tail shorter than M_t is padded with zeros at indices >= its length, which   */
/* rank like any zero (so real zeros, lower index, fill slots first). Padding never appears in */
/* dense views; compressed slots may point at it (value 0).                                    */
/* With mixed block sizes term t ranks the positions of each M_t block that no earlier term    */
/* took (for equal M this is exactly the block-rank rule above).                               */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  tasd_term_cfg cfg;
  size_t nblocks;    /* blocks per row: ceil(k / M_t) */
  tasd_tensor values;  /* dtype of input, shape [..leading dims.., nblocks, N_t], slot order */
  tasd_tensor indices; /* TASD_INT16, same shape: index of each slot inside its block */
  tasd_tensor dense;   /* same dtype and shape as the input: the term's dense view */
} tasd_term;

typedef struct {
  tasd_series series;
  size_t rows, k;
  tasd_term term[TASD_MAX_TERMS];
  tasd_tensor residual; /* input minus the sum of all terms (same dtype and shape) */
} tasd_decomp;

/* *out is zeroed first (free a previous result before reuse), so tasd_decomp_free is always   */
/* safe afterwards. Errors: TASD_ERR_DTYPE for int32, uint8 (and unknown) inputs;             */
/* TASD_ERR_SHAPE when ndim is 0 or TASD_MAX_DIMS (values/indices need one more dimension);    */
/* TASD_ERR_NAN; TASD_ERR_ILLEGAL_SERIES; TASD_ERR_NOMEM on allocation failure or overflow.    */
tasd_status tasd_decompose(const tasd_tensor *a, const tasd_series *s, tasd_decomp *out);
void tasd_decomp_free(tasd_decomp *d); /* NULL-safe, idempotent after a successful or failed call */
/* Sum of the dense views of all terms into out (allocated here, same dtype/shape as input).  */
/* TASD_ERR_DTYPE for a uint8 (or unknown) residual, which tasd_decompose never produces.     */
tasd_status tasd_reconstruct(const tasd_decomp *d, tasd_tensor *out);

/* ------------------------------------------------------------------------------------------ */
/* N:M PE and GEMM with a decomposed operand.                                                  */
/* ------------------------------------------------------------------------------------------ */
/* acc + sum_k vals[k] * b_block[idx[k]] with 32-bit wrap (mirrors rtl/tasd_pe.sv).            */
/* TASD_ERR_RANGE when an idx >= m, m is not in 1..TASD_MAX_M, or n > m.                        */
tasd_status tasd_pe_dot_i32(const int32_t *vals, const uint8_t *idx, uint32_t n,
                            const int32_t *b_block, uint32_t m, int32_t acc_in, int32_t *acc_out);

/* C = sum_t A_t x B. A: 2-D [M, K] int8/int16/float32 decomposed with s; B: 2-D [K, N] of the */
/* same dtype. C is allocated here: int32 (wrapping) for integer inputs, float32 for float.    */
/* Float accumulates per output in term order, block order, slot order, in float.             */
tasd_status tasd_gemm(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                      tasd_tensor *c);
/* Float B with NaN/Inf: TASD_ERR_NAN. Slots pointing at tail padding are skipped (no B row). */
/* Dense reference C = A x B with the same output dtype rules. Both refuse int32 and uint8      */
/* operands, or operands of different dtypes, with TASD_ERR_DTYPE.                              */
tasd_status tasd_gemm_dense(const tasd_tensor *a, const tasd_tensor *b, tasd_tensor *c);
/* Integer tasd_gemm / tasd_gemm_dense run on the fast kernel below (tasd_gemm on the kept     */
/* dense A = sum_t A_t); the wrapping sums make every order give the same bits.                */

/* Fast dense int8 GEMM on raw row-major buffers (cmodel/src/gemm_i8.c), bit-exact:            */
/* C[i][j] = (accumulate ? C[i][j] : 0) + sum_{p<k} A[i][p] * B[p][j] for i < m, j < n, with   */
/* the int32 wrap of tasd_mul_i32 / tasd_acc_add (modulo 2^32, so any summation order gives    */
/* the same bits). A: m rows of k at stride lda; B: k rows of n at stride ldb; C: m rows of n  */
/* at stride ldc. m, n or k may be 0 (k = 0: C = 0, or unchanged when accumulating). A pointer */
/* may be NULL only when its matrix has no elements. Errors (C untouched): TASD_ERR_NULL;      */
/* TASD_ERR_SHAPE when lda < k, ldb < n or ldc < n; TASD_ERR_NOMEM on allocation failure (it   */
/* packs A and B, (m + n) * k * 2 bytes and a little padding) or when an extent overflows      */
/* size_t. C must not overlap A or B. Single-threaded; AVX2 when the CPU has it.               */
tasd_status tasd_gemm_i8(size_t m, size_t n, size_t k, const int8_t *a, size_t lda,
                         const int8_t *b, size_t ldb, int32_t *c, size_t ldc, int accumulate);
/* Same with B given transposed, bt: n rows of k at stride ldbt >= k (TASD_ERR_SHAPE):         */
/* C[i][j] (+)= sum_p A[i][p] * bt[j][p]. This is the layout of a layer's weights W [out][in]: */
/* Y [batch][out] = X [batch][in] x W^T is tasd_gemm_i8_bt(batch, out, in, X, in, W, in, Y,    */
/* out, 0); an im2col convolution W [out][C*K*K] x patches [C*K*K][H*W] uses tasd_gemm_i8.     */
/* Both run the same kernel; only B's packing differs (a copy here, a transpose for            */
/* tasd_gemm_i8, which makes tasd_gemm_i8 about 10-25 % slower at layer sizes).                */
tasd_status tasd_gemm_i8_bt(size_t m, size_t n, size_t k, const int8_t *a, size_t lda,
                            const int8_t *bt, size_t ldbt, int32_t *c, size_t ldc,
                            int accumulate);

/* ------------------------------------------------------------------------------------------ */
/* Statistics                                                                                  */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  size_t numel;            /* elements of A */
  size_t nnz;              /* non-zeros of A */
  size_t nnz_kept;         /* non-zeros kept by the series */
  double mag_total;        /* sum of |a| */
  double mag_kept;         /* sum of |a| over kept elements */
  double pct_nnz_dropped;  /* 100 * (nnz - nnz_kept) / nnz, 0 when nnz == 0 */
  double pct_mag_dropped;  /* 100 * (mag_total - mag_kept) / mag_total, 0 when total == 0 */
  uint64_t macs_dense;     /* rows * k * ncols (ncols = B's columns, 1 without B) */
  uint64_t macs_tasd;      /* rows * sum_t nblocks_t * N_t * ncols */
  int has_b;               /* rel_error is valid */
  double rel_error;        /* ||(A - A*) B||_F / ||A B||_F (computed in double), 0 if AB == 0 */
} tasd_stats;

/* b may be NULL; otherwise 2-D [k, ncols] of A's dtype, and A must be 2-D. A's dtype as for  */
/* tasd_decompose (int32/uint8: TASD_ERR_DTYPE).                                               */
tasd_status tasd_stats_compute(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                               tasd_stats *out);

/* ------------------------------------------------------------------------------------------ */
/* .npy files (format 1.0/2.0/3.0; little-endian int8, uint8, int16, int32, float32; C order). */
/* ------------------------------------------------------------------------------------------ */
/* On failure, errbuf (if not NULL) receives a message naming the file and the problem. */
tasd_status tasd_npy_load(const char *path, tasd_tensor *out, char *errbuf, size_t errlen);
/* Save: a regular file or new path is written to "<path>.tmp<pid>.<n>" in the same directory
 * and renamed onto path on success; on failure only that temporary is removed (an existing
 * file stays as it was). An existing non-regular path (device, FIFO, symlink) is written in
 * place and never removed. Write errors (e.g. /dev/full) return TASD_ERR_IO. */
tasd_status tasd_npy_save(const char *path, const tasd_tensor *t, char *errbuf, size_t errlen);
/* Same parser over a memory buffer (used by the fuzzer); name is used in messages. */
tasd_status tasd_npy_parse(const uint8_t *buf, size_t len, const char *name, tasd_tensor *out,
                           char *errbuf, size_t errlen);

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

/* IDX and .npz files. */
#include "tasd/io.h"
#include "tasd/port.h"

#ifdef __cplusplus
}
#endif
#endif /* TASD_H */
