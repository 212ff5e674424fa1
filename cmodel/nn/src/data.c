/* SPDX-License-Identifier: Apache-2.0 */
/* Labelled datasets: an IDX image file and an IDX label file (tasd_idx_load), checked and paired. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "nn_internal.h"

static void shape_text(const tasd_tensor *t, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (uint32_t d = 0; d < t->ndim && n + 1 < len; d++) {
    int k = snprintf(buf + n, len - n, "%s%zu", d ? ", " : "", t->shape[d]);
    if (k < 0) break;
    n += (size_t)k;
  }
}

tasd_status tasd_nn_data_load(const char *images, const char *labels, uint32_t classes,
                              tasd_nn_data *out, char *errbuf, size_t errlen) {
  if (images == NULL || labels == NULL || out == NULL) {
    tasd_nn__errf(errbuf, errlen, "tasd_nn_data_load: NULL argument");
    return TASD_ERR_NULL;
  }
  if (classes < 1 || classes > 256) {
    tasd_nn__errf(errbuf, errlen, "%s: classes must be 1..256, got %" PRIu32, labels, classes);
    return TASD_ERR_RANGE;
  }
  tasd_tensor xi, yi;
  memset(&xi, 0, sizeof xi);
  memset(&yi, 0, sizeof yi);
  char shp[128];
  tasd_status st = tasd_idx_load(images, &xi, errbuf, errlen);
  if (st != TASD_OK) return st;
  st = tasd_idx_load(labels, &yi, errbuf, errlen);
  if (st != TASD_OK) {
    tasd_tensor_free(&xi);
    return st;
  }
  if (xi.dtype != TASD_UINT8 || (xi.ndim != 3 && xi.ndim != 4)) {
    shape_text(&xi, shp, sizeof shp);
    tasd_nn__errf(errbuf, errlen,
                  "%s: images must be unsigned bytes of rank 3 [n, h, w] or 4 [n, c, h, w], got %s [%s]",
                  images, tasd_dtype_name(xi.dtype), shp);
    st = TASD_ERR_SHAPE;
    goto fail;
  }
  if (yi.dtype != TASD_UINT8 || yi.ndim != 1) {
    shape_text(&yi, shp, sizeof shp);
    tasd_nn__errf(errbuf, errlen, "%s: labels must be unsigned bytes of rank 1 [n], got %s [%s]",
                  labels, tasd_dtype_name(yi.dtype), shp);
    st = TASD_ERR_SHAPE;
    goto fail;
  }
  size_t n = xi.shape[0];
  size_t c = xi.ndim == 4 ? xi.shape[1] : 1;
  size_t h = xi.shape[xi.ndim - 2], w = xi.shape[xi.ndim - 1];
  if (yi.shape[0] != n) {
    tasd_nn__errf(errbuf, errlen, "%s has %zu images but %s has %zu labels", images, n, labels,
                  yi.shape[0]);
    st = TASD_ERR_SHAPE;
    goto fail;
  }
  if (n > UINT32_MAX || c > TASD_NN_MAX_DIM || h > TASD_NN_MAX_DIM || w > TASD_NN_MAX_DIM) {
    shape_text(&xi, shp, sizeof shp);
    tasd_nn__errf(errbuf, errlen, "%s: shape [%s] too large (dimensions at most %u, n < 2^32)",
                  images, shp, (unsigned)TASD_NN_MAX_DIM);
    st = TASD_ERR_SHAPE;
    goto fail;
  }
  const uint8_t *y = yi.data;
  for (size_t i = 0; i < n; i++) {
    if (y[i] >= classes) {
      tasd_nn__errf(errbuf, errlen, "%s: label %zu is %u, expected 0..%" PRIu32, labels, i,
                    (unsigned)y[i], classes - 1);
      st = TASD_ERR_RANGE;
      goto fail;
    }
  }
  out->n = (uint32_t)n;
  out->c = (uint32_t)c;
  out->h = (uint32_t)h;
  out->w = (uint32_t)w;
  out->classes = classes;
  out->x = xi.data;
  out->y = yi.data;
  return TASD_OK;
fail:
  tasd_tensor_free(&xi);
  tasd_tensor_free(&yi);
  return st;
}

tasd_status tasd_nn_data_slice(const tasd_nn_data *d, uint32_t first, uint32_t n, tasd_nn_data *view) {
  if (d == NULL || view == NULL) return TASD_ERR_NULL;
  if (first > d->n || n > d->n - first) return TASD_ERR_RANGE;
  size_t img = (size_t)d->c * d->h * d->w;
  tasd_nn_data v = *d;
  v.n = n;
  v.x = d->x ? d->x + (size_t)first * img : NULL;
  v.y = d->y ? d->y + first : NULL;
  *view = v;
  return TASD_OK;
}

void tasd_nn_data_free(tasd_nn_data *d) {
  if (d == NULL) return;
  free(d->x);
  free(d->y);
  memset(d, 0, sizeof *d);
}
