/* SPDX-License-Identifier: Apache-2.0 */
/* The bit-exact arithmetic shared with the RTL: magnitude, product, accumulation, ReLU,       */
/* requantization, and the magnitude keys used for ranking. Nothing else defines these.        */
#include <math.h>
#include <string.h>

#include "internal.h"

/* uint32 -> int32 two's complement without implementation-defined conversions. */
static int32_t wrap32(uint32_t u) {
  if (u <= (uint32_t)INT32_MAX) return (int32_t)u;
  return (int32_t)(u - 0x80000000u) - INT32_MAX - 1;
}

uint32_t tasd_mag_i32(int32_t x) {
  /* |INT32_MIN| = 2^31 fits in uint32. */
  return x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
}

int32_t tasd_acc_add(int32_t acc, int32_t x) { return wrap32((uint32_t)acc + (uint32_t)x); }

int32_t tasd_mul_i32(int32_t a, int32_t b) {
  /* Full-width product (fits int64), then the low 32 bits. */
  int64_t p = (int64_t)a * (int64_t)b;
  return wrap32((uint32_t)((uint64_t)p & 0xFFFFFFFFu));
}

/* floor(v / 2^s) for s in 0..62 without relying on signed right shifts. */
static int64_t asr64(int64_t v, uint32_t s) {
  if (v >= 0) return v >> s;
  return -(int64_t)((uint64_t)(-(v + 1)) >> s) - 1;
}

int8_t tasd_requant_i8(int32_t acc, uint32_t shift) {
  if (shift > 31) shift = 31;
  int64_t v = acc;
  if (shift > 0) v += (int64_t)1 << (shift - 1);
  v = asr64(v, shift);
  if (v > 127) v = 127;
  if (v < -128) v = -128;
  return (int8_t)v;
}

int32_t tasd_relu_i32(int32_t x) { return x < 0 ? 0 : x; }

int32_t tasd_post_apply(const tasd_post_cfg *p, int32_t acc) {
  if (!p) return acc;
  int32_t v = p->relu ? tasd_relu_i32(acc) : acc;
  if (p->requant) v = tasd_requant_i8(v, p->shift);
  return v;
}

uint32_t tasd__mag_key_f32(float x) {
  float a = fabsf(x);
  uint32_t u;
  memcpy(&u, &a, sizeof u);
  return u; /* +0.0 (also from -0.0) -> 0; monotonic in |x| for finite x */
}

tasd_status tasd__mag_keys(tasd_dtype dt, const void *src, size_t n, uint32_t *keys) {
  size_t i;
  switch (dt) {
  case TASD_INT8: {
    const int8_t *p = (const int8_t *)src;
    for (i = 0; i < n; i++) keys[i] = tasd_mag_i32(p[i]);
    return TASD_OK;
  }
  case TASD_INT16: {
    const int16_t *p = (const int16_t *)src;
    for (i = 0; i < n; i++) keys[i] = tasd_mag_i32(p[i]);
    return TASD_OK;
  }
  case TASD_INT32: {
    const int32_t *p = (const int32_t *)src;
    for (i = 0; i < n; i++) keys[i] = tasd_mag_i32(p[i]);
    return TASD_OK;
  }
  case TASD_FLOAT32: {
    const float *p = (const float *)src;
    for (i = 0; i < n; i++) {
      if (!isfinite(p[i])) return TASD_ERR_NAN;
      keys[i] = tasd__mag_key_f32(p[i]);
    }
    return TASD_OK;
  }
  case TASD_UINT8: break; /* raw bytes: no magnitude order in the model */
  }
  return TASD_ERR_DTYPE;
}

double tasd__elem_double(tasd_dtype dt, const void *src, size_t i) {
  switch (dt) {
  case TASD_INT8: return ((const int8_t *)src)[i];
  case TASD_INT16: return ((const int16_t *)src)[i];
  case TASD_INT32: return ((const int32_t *)src)[i];
  case TASD_FLOAT32: return ((const float *)src)[i];
  case TASD_UINT8: return ((const uint8_t *)src)[i];
  }
  return 0.0;
}

double tasd__mag_double(tasd_dtype dt, const void *src, size_t i) {
  return fabs(tasd__elem_double(dt, src, i));
}

int tasd__is_nonzero(tasd_dtype dt, const void *src, size_t i) {
  return tasd__elem_double(dt, src, i) != 0.0;
}

int32_t tasd__elem_i32(tasd_dtype dt, const void *src, size_t i) {
  switch (dt) {
  case TASD_INT8: return ((const int8_t *)src)[i];
  case TASD_INT16: return ((const int16_t *)src)[i];
  case TASD_INT32: return ((const int32_t *)src)[i];
  case TASD_UINT8: return ((const uint8_t *)src)[i];
  case TASD_FLOAT32: break;
  }
  return 0;
}
