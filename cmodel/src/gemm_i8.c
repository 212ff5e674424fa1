/* SPDX-License-Identifier: Apache-2.0 */
/* Fast bit-exact integer GEMM: int8/int16 operands, int32 wrapping sums, packed + blocked. */
/*
 * Why reordering is exact. The reference (the old tasd_gemm_dense loop) forms every product
 * with tasd_mul_i32 and adds it with tasd_acc_add, i.e. in the integers modulo 2^32. For int8
 * (and int16) operands the full product fits int32 (|a*b| <= 2^14, resp. 2^30), so the plain
 * product equals tasd_mul_i32's; and tasd_acc_add is uint32 addition read back as two's
 * complement. Addition modulo 2^32 is associative and commutative (even though the
 * intermediate sums of the reference wrap), so every summation order, blocking and pairing
 * gives the same 32 bits. The kernel therefore sums in uint32 (defined wrap in C, no signed
 * overflow), in any order, and adds the block sums into C the same way.
 *
 * Layout. A is packed to int16 rows [mp][kp] and B to int16 *columns* [np][kp] (so both
 * operands of a dot product are contiguous in k), zero-padded to MR rows, NR columns and a
 * multiple of KPAD along k; zeros add nothing. The tile kernel computes MR x NR dot products
 * over one k block; the compiler turns its k loop into pmaddwd (16-bit pair products summed
 * in 32 bits: exact for int8, and for int16 the one overflowing pair -32768*-32768*2 = 2^31
 * wraps to -2^31, the same value modulo 2^32) plus 32-bit adds. Blocking: KC elements of k
 * per pass (a tile's operands, (MR + NR) * KC * 2 bytes, stay in L1) and MC rows of A per
 * pass (an MC x KC block of A, 32 KiB, is reused from L1/L2 against every column group).
 *
 * ISA. The kernel body is compiled twice: portable (baseline x86-64 = SSE2 here, or any
 * other target) and, on x86 with GCC/clang, for AVX2, picked at run time from the CPU's
 * features (__builtin_cpu_supports), so the library runs on every x86-64. The file needs the
 * -O3 vectorizer (cmodel/cmodel.mk); at -O2 the same code is correct, only slower.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MR 2     /* rows of A per tile */
#define NR 4     /* columns of B per tile */
#define KPAD 16  /* k is padded to a multiple of this (one AVX2 vector of int16) */
#define KC 512   /* k elements per pass (multiple of KPAD) */
#define MC 32    /* rows of A per pass (multiple of MR) */

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define GEMM_HAVE_AVX2 1
#define GEMM_INLINE static inline __attribute__((always_inline))
#else
#define GEMM_HAVE_AVX2 0
#define GEMM_INLINE static inline
#endif

typedef void (*tile_fn)(size_t kc, const int16_t *a, size_t sa, const int16_t *b, size_t sb,
                        uint32_t out[MR][NR]);

/* out[x][y] = sum_{p < kc} a[x * sa + p] * b[y * sb + p], modulo 2^32. */
GEMM_INLINE void tile_body(size_t kc, const int16_t *a, size_t sa, const int16_t *b, size_t sb,
                           uint32_t out[MR][NR]) {
  uint32_t acc[MR][NR] = {{0}};
  for (size_t p = 0; p < kc; p++)
    for (int x = 0; x < MR; x++)
      for (int y = 0; y < NR; y++)
        acc[x][y] += (uint32_t)((int32_t)a[(size_t)x * sa + p] * (int32_t)b[(size_t)y * sb + p]);
  memcpy(out, acc, sizeof acc);
}

static void tile_portable(size_t kc, const int16_t *a, size_t sa, const int16_t *b, size_t sb,
                          uint32_t out[MR][NR]) {
  tile_body(kc, a, sa, b, sb, out);
}

#if GEMM_HAVE_AVX2
__attribute__((target("avx2"))) static void tile_avx2(size_t kc, const int16_t *a, size_t sa,
                                                      const int16_t *b, size_t sb,
                                                      uint32_t out[MR][NR]) {
  tile_body(kc, a, sa, b, sb, out);
}
#endif

static tile_fn pick_tile(tasd__gemm_isa isa) {
#if GEMM_HAVE_AVX2
  if (isa == TASD__ISA_BEST) {
    __builtin_cpu_init(); /* idempotent; needed when called before constructors have run */
    if (__builtin_cpu_supports("avx2")) return tile_avx2;
  }
#else
  (void)isa;
#endif
  return tile_portable;
}

const char *tasd__gemm_isa_name(tasd__gemm_isa isa) {
#if GEMM_HAVE_AVX2
  if (pick_tile(isa) == tile_avx2) return "avx2";
#endif
  return "portable";
}

/* uint32 -> int32 two's complement without implementation-defined conversions (as arith.c). */
static inline int32_t as_i32(uint32_t u) {
  if (u <= (uint32_t)INT32_MAX) return (int32_t)u;
  return (int32_t)(u - 0x80000000u) - INT32_MAX - 1;
}

static inline int16_t elem16(tasd_dtype dt, const void *src, size_t i) {
  return dt == TASD_INT8 ? (int16_t)((const int8_t *)src)[i] : ((const int16_t *)src)[i];
}

/* dst[r * kp + p] = element (r, p) = src[r * rs + p * ps] for r < nr, p < k; 0 up to rows x kp. */
static void pack(tasd_dtype dt, const void *src, size_t rs, size_t ps, size_t nr, size_t k,
                 size_t rows, size_t kp, int16_t *dst) {
  if (ps == 1) {
    for (size_t r = 0; r < nr; r++)
      for (size_t p = 0; p < k; p++) dst[r * kp + p] = elem16(dt, src, r * rs + p);
  } else {
    /* Transposing: KPAD rows of the source at a time, so reads and writes both stay local. */
    for (size_t p0 = 0; p0 < k; p0 += KPAD) {
      size_t p1 = k - p0 < KPAD ? k : p0 + KPAD;
      for (size_t r = 0; r < nr; r++)
        for (size_t p = p0; p < p1; p++) dst[r * kp + p] = elem16(dt, src, r * rs + p * ps);
    }
  }
  for (size_t r = 0; r < nr; r++)
    for (size_t p = k; p < kp; p++) dst[r * kp + p] = 0;
  if (rows > nr) memset(dst + nr * kp, 0, (rows - nr) * kp * sizeof *dst);
}

/* 1 when rows x ld elements with the last row only cols long fit size_t (or rows == 0). */
static int extent_ok(size_t rows, size_t ld, size_t cols) {
  if (rows == 0) return 1;
  int ok = 1;
  size_t last = tasd__mul_size(rows - 1, ld, &ok);
  return ok && last <= (size_t)-1 - cols;
}

tasd_status tasd__gemm_int(tasd_dtype dt, size_t m, size_t n, size_t k, const void *a,
                           size_t lda, const void *b, size_t ldb, int b_trans, int32_t *c,
                           size_t ldc, int accumulate, tasd__gemm_isa isa) {
  if (dt != TASD_INT8 && dt != TASD_INT16) return TASD_ERR_DTYPE;
  if ((!a && m > 0 && k > 0) || (!b && k > 0 && n > 0) || (!c && m > 0 && n > 0))
    return TASD_ERR_NULL;
  if (lda < k || ldb < (b_trans ? k : n) || ldc < n) return TASD_ERR_SHAPE;
  if (!extent_ok(m, lda, k) || !extent_ok(b_trans ? n : k, ldb, b_trans ? k : n) ||
      !extent_ok(m, ldc, n))
    return TASD_ERR_NOMEM;
  if (m == 0 || n == 0) return TASD_OK;
  if (k == 0) { /* empty sums: C = 0, or unchanged when accumulating */
    if (!accumulate)
      for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof *c);
    return TASD_OK;
  }
  if (k > (size_t)-1 - KPAD) return TASD_ERR_NOMEM;
  size_t kp = (k + KPAD - 1) / KPAD * KPAD;
  size_t mp = m + (MR - m % MR) % MR, np = n + (NR - n % NR) % NR; /* m, n < mp, np: no wrap */
  int ok = mp >= m && np >= n && mp <= (size_t)-1 - np;
  size_t elems = tasd__mul_size(mp + np, kp, &ok);
  tasd__mul_size(elems, sizeof(int16_t), &ok);
  if (!ok) return TASD_ERR_NOMEM;
  int16_t *ap = (int16_t *)malloc(elems * sizeof *ap);
  if (!ap) return TASD_ERR_NOMEM;
  int16_t *bp = ap + mp * kp;
  pack(dt, a, lda, 1, m, k, mp, kp, ap);
  if (b_trans)
    pack(dt, b, ldb, 1, n, k, np, kp, bp); /* bt[j][p]: column j of B is row j */
  else
    pack(dt, b, 1, ldb, n, k, np, kp, bp); /* B[p][j] */
  if (!accumulate)
    for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof *c);

  tile_fn tile = pick_tile(isa);
  for (size_t p0 = 0; p0 < kp; p0 += KC) {
    size_t kc = kp - p0 < KC ? kp - p0 : KC;
    for (size_t i0 = 0; i0 < mp; i0 += MC) {
      size_t i1 = mp - i0 < MC ? mp : i0 + MC;
      for (size_t j = 0; j < np; j += NR) {
        for (size_t i = i0; i < i1; i += MR) {
          uint32_t t[MR][NR];
          tile(kc, ap + i * kp + p0, kp, bp + j * kp + p0, kp, t);
          /* c = tasd_acc_add(c, t), inlined: uint32 addition read back as two's complement. */
          for (size_t x = 0; x < MR && i + x < m; x++) {
            int32_t *crow = c + (i + x) * ldc + j;
            for (size_t y = 0; y < NR && j + y < n; y++)
              crow[y] = as_i32((uint32_t)crow[y] + t[x][y]);
          }
        }
      }
    }
  }
  free(ap);
  return TASD_OK;
}

tasd_status tasd_gemm_i8(size_t m, size_t n, size_t k, const int8_t *a, size_t lda,
                         const int8_t *b, size_t ldb, int32_t *c, size_t ldc, int accumulate) {
  return tasd__gemm_int(TASD_INT8, m, n, k, a, lda, b, ldb, 0, c, ldc, accumulate,
                        TASD__ISA_BEST);
}

tasd_status tasd_gemm_i8_bt(size_t m, size_t n, size_t k, const int8_t *a, size_t lda,
                            const int8_t *bt, size_t ldbt, int32_t *c, size_t ldc,
                            int accumulate) {
  return tasd__gemm_int(TASD_INT8, m, n, k, a, lda, bt, ldbt, 1, c, ldc, accumulate,
                        TASD__ISA_BEST);
}
