/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the bit-exact arithmetic (arith.c) and tasd_strerror. */
#include <string.h>

#include "testutil.h"

/* Independent reference of round-half-up requantization using plain division on int64. */
static int ref_requant(int32_t acc, uint32_t s) {
  if (s > 31) s = 31;
  int64_t v = (int64_t)acc;
  int64_t q;
  if (s == 0) {
    q = v;
  } else {
    int64_t d = (int64_t)1 << s;
    int64_t num = v + d / 2;
    q = num / d;
    if ((num % d) != 0 && num < 0) q -= 1; /* floor */
  }
  return q > 127 ? 127 : q < -128 ? -128 : (int)q;
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);

  /* Magnitude: one more bit than the operand. */
  CHECK_EQ(tasd_mag_i32(-128), 128);
  CHECK_EQ(tasd_mag_i32(127), 127);
  CHECK_EQ(tasd_mag_i32(0), 0);
  CHECK_EQ(tasd_mag_i32(-32768), 32768);
  CHECK_EQ(tasd_mag_i32(INT32_MIN), 2147483648u);
  CHECK_EQ(tasd_mag_i32(-1), 1);

  /* Accumulation wraps modulo 2^32. */
  CHECK_EQ(tasd_acc_add(INT32_MAX, 1), INT32_MIN);
  CHECK_EQ(tasd_acc_add(INT32_MIN, -1), INT32_MAX);
  CHECK_EQ(tasd_acc_add(-5, 3), -2);
  CHECK_EQ(tasd_mul_i32(-128, -128), 16384);
  CHECK_EQ(tasd_mul_i32(-32768, -32768), 1073741824);
  CHECK_EQ(tasd_mul_i32(65536, 65536), 0);
  CHECK_EQ(tasd_mul_i32(INT32_MIN, -1), INT32_MIN);
  CHECK_EQ(tasd_mul_i32(46341, 46341), (int32_t)(46341LL * 46341LL - 4294967296LL));

  /* Requantization: round half up, saturation, shift clamp. */
  CHECK_EQ(tasd_requant_i8(5, 1), 3);   /* 2.5 -> 3 */
  CHECK_EQ(tasd_requant_i8(-5, 1), -2); /* -2.5 -> -2 */
  CHECK_EQ(tasd_requant_i8(-6, 2), -1); /* -1.5 -> -1 */
  CHECK_EQ(tasd_requant_i8(-7, 2), -2); /* -1.75 -> -2 */
  CHECK_EQ(tasd_requant_i8(100, 0), 100);
  CHECK_EQ(tasd_requant_i8(128, 0), 127);
  CHECK_EQ(tasd_requant_i8(-129, 0), -128);
  CHECK_EQ(tasd_requant_i8(INT32_MAX, 1), 127);
  CHECK_EQ(tasd_requant_i8(INT32_MIN, 31), -1);
  CHECK_EQ(tasd_requant_i8(INT32_MAX, 31), 1);
  CHECK_EQ(tasd_requant_i8(INT32_MAX, 32), tasd_requant_i8(INT32_MAX, 31));
  CHECK_EQ(tasd_requant_i8(-1073741824, 40), tasd_requant_i8(-1073741824, 31));
  CHECK_EQ(tasd_requant_i8(INT32_MIN, 0), -128);
  CHECK_EQ(tasd_requant_i8(-256, 1), -128);
  CHECK_EQ(tasd_requant_i8(-258, 1), -128);
  CHECK_EQ(tasd_requant_i8(255, 1), 127); /* 127.5 -> 128 -> sat 127 */
  CHECK_EQ(tasd_requant_i8(253, 1), 127);
  CHECK_EQ(tasd_requant_i8(251, 1), 126);

  for (int i = 0; i < 200000; i++) {
    int32_t acc = (i & 1) ? tu_range(-70000, 70000) : tu_range(INT32_MIN, INT32_MAX);
    uint32_t s = tu_below(40);
    int got = tasd_requant_i8(acc, s), want = ref_requant(acc, s);
    CHECK_MSG(got == want, "requant(%d, %u) = %d, want %d", acc, s, got, want);
    int32_t a = tu_range(INT32_MIN, INT32_MAX), b = tu_range(INT32_MIN, INT32_MAX);
    int32_t p = tasd_mul_i32(a, b);
    CHECK_MSG((uint32_t)p == (uint32_t)((uint64_t)(int64_t)a * (uint64_t)(int64_t)b),
              "mul(%d,%d)", a, b);
    CHECK_MSG((uint32_t)tasd_acc_add(a, b) == (uint32_t)a + (uint32_t)b, "add(%d,%d)", a, b);
    if (tu_failed()) break;
  }

  /* ReLU and post-processing order: ReLU first, then requantization. */
  CHECK_EQ(tasd_relu_i32(-1), 0);
  CHECK_EQ(tasd_relu_i32(INT32_MIN), 0);
  CHECK_EQ(tasd_relu_i32(7), 7);
  tasd_post_cfg pc = {1, 1, 2};
  CHECK_EQ(tasd_post_apply(&pc, -1000), 0);
  CHECK_EQ(tasd_post_apply(&pc, 1000), 127);
  CHECK_EQ(tasd_post_apply(&pc, 10), 3); /* 2.5 -> 3 */
  pc.relu = 0;
  CHECK_EQ(tasd_post_apply(&pc, -10), -2);
  CHECK_EQ(tasd_post_apply(&pc, -1000), -128);
  pc.requant = 0;
  CHECK_EQ(tasd_post_apply(&pc, -1000), -1000);
  pc.relu = 1;
  CHECK_EQ(tasd_post_apply(&pc, -1000), 0);
  CHECK_EQ(tasd_post_apply(&pc, 123456), 123456);
  CHECK_EQ(tasd_post_apply(NULL, -7), -7);

  /* Every status code has its own non-empty message. */
  const tasd_status all[] = {TASD_OK,        TASD_ERR_NULL,   TASD_ERR_SYNTAX,
                             TASD_ERR_ILLEGAL_SERIES, TASD_ERR_SHAPE, TASD_ERR_DTYPE,
                             TASD_ERR_NOMEM, TASD_ERR_IO,     TASD_ERR_FORMAT,
                             TASD_ERR_RANGE, TASD_ERR_NAN,    TASD_ERR_UNSUPPORTED,
                             TASD_ERR_BUFFER, TASD_ERR_NOT_FOUND};
  size_t na = sizeof all / sizeof all[0];
  for (size_t i = 0; i < na; i++) {
    const char *m = tasd_strerror(all[i]);
    CHECK(m != NULL && m[0] != '\0');
    for (size_t j = 0; j < i; j++) CHECK(strcmp(m, tasd_strerror(all[j])) != 0);
  }
  CHECK(tasd_strerror((tasd_status)12345) != NULL);
  CHECK(strstr(tasd_strerror((tasd_status)-99), "unknown") != NULL);
  return tu_finish();
}
