/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the bit-exact arithmetic shared with the RTL (magnitude, wrap, rounding, saturation); part of tasd.h. */
#ifndef TASD_ARITH_H
#define TASD_ARITH_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif /* TASD_ARITH_H */
