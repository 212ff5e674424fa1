/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the N:M PE and GEMM with a decomposed operand (mirrors rtl/tasd_pe.sv); part of tasd.h. */
#ifndef TASD_PE_H
#define TASD_PE_H

#include <stddef.h>
#include <stdint.h>
#include "decompose.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif /* TASD_PE_H */
