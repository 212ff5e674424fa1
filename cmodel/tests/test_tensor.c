/* SPDX-License-Identifier: Apache-2.0 */
/* Tensor helpers: dtype info, allocation limits and errors, free. */
#include <string.h>

#include "testutil.h"

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  CHECK_EQ(tasd_dtype_size(TASD_INT8), 1);
  CHECK_EQ(tasd_dtype_size(TASD_INT16), 2);
  CHECK_EQ(tasd_dtype_size(TASD_INT32), 4);
  CHECK_EQ(tasd_dtype_size(TASD_FLOAT32), 4);
  CHECK_EQ(tasd_dtype_size((tasd_dtype)9), 0);
  CHECK(strcmp(tasd_dtype_name(TASD_INT8), "int8") == 0);
  CHECK(strcmp(tasd_dtype_name(TASD_INT16), "int16") == 0);
  CHECK(strcmp(tasd_dtype_name(TASD_INT32), "int32") == 0);
  CHECK(strcmp(tasd_dtype_name(TASD_FLOAT32), "float32") == 0);
  CHECK(strcmp(tasd_dtype_name((tasd_dtype)-3), "?") == 0);

  tasd_tensor t;
  size_t shp[TASD_MAX_DIMS + 1] = {2, 3, 4, 1, 1, 1, 1, 2, 2};
  CHECK_OK(tasd_tensor_alloc(&t, TASD_INT16, 3, shp));
  CHECK_EQ(tasd_tensor_numel(&t), 24);
  CHECK_EQ(t.ndim, 3);
  CHECK(t.data != NULL);
  for (size_t i = 0; i < 24; i++) CHECK_EQ(((int16_t *)t.data)[i], 0);
  tasd_tensor_free(&t);
  CHECK(t.data == NULL);
  tasd_tensor_free(&t); /* idempotent */
  tasd_tensor_free(NULL);
  CHECK_EQ(tasd_tensor_numel(NULL), 0);
  CHECK_EQ(tasd_tensor_numel(&t), 0);

  CHECK_OK(tasd_tensor_alloc(&t, TASD_FLOAT32, TASD_MAX_DIMS, shp));
  CHECK_EQ(tasd_tensor_numel(&t), 48); /* 2*3*4*1*1*1*1*2 */
  tasd_tensor_free(&t);
  size_t zero[2] = {5, 0};
  CHECK_OK(tasd_tensor_alloc(&t, TASD_INT8, 2, zero));
  CHECK_EQ(tasd_tensor_numel(&t), 0);
  CHECK(t.data != NULL);
  tasd_tensor_free(&t);

  CHECK_ST(tasd_tensor_alloc(NULL, TASD_INT8, 1, shp), TASD_ERR_NULL);
  CHECK_ST(tasd_tensor_alloc(&t, TASD_INT8, 1, NULL), TASD_ERR_NULL);
  CHECK(t.data == NULL);
  CHECK_ST(tasd_tensor_alloc(&t, (tasd_dtype)42, 1, shp), TASD_ERR_DTYPE);
  CHECK_ST(tasd_tensor_alloc(&t, TASD_INT8, 0, shp), TASD_ERR_SHAPE);
  CHECK_ST(tasd_tensor_alloc(&t, TASD_INT8, TASD_MAX_DIMS + 1, shp), TASD_ERR_SHAPE);
  size_t huge[2] = {(size_t)-1 / 2, 3};
  CHECK_ST(tasd_tensor_alloc(&t, TASD_INT8, 2, huge), TASD_ERR_NOMEM);
  size_t huge2[1] = {(size_t)-1 / 2};
  CHECK_ST(tasd_tensor_alloc(&t, TASD_FLOAT32, 1, huge2), TASD_ERR_NOMEM); /* bytes overflow */
  CHECK(t.data == NULL);
  tasd_tensor_free(&t);
  return tu_finish();
}
