/* SPDX-License-Identifier: Apache-2.0 */
/* libtasdnn private helpers shared between the units of cmodel/nn/src and its tests (not installed). */
#ifndef TASD_NN_INTERNAL_H
#define TASD_NN_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "tasd_nn.h"

/* "fmt..." into errbuf (NULL or errlen 0: nothing). Always NUL-terminated. */
void tasd_nn__errf(char *errbuf, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, returning st, so a failing path reads `return tasd_nn__fail(errbuf, errlen, st, ...)`. */
tasd_status tasd_nn__fail(char *errbuf, size_t errlen, tasd_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "file:line: " then the message (va_list form, for the parsers' own wrappers); returns st. */
tasd_status tasd_nn__vfail_at(char *errbuf, size_t errlen, tasd_status st, const char *file,
                              uint32_t line, const char *fmt, va_list ap);

/* Reads a whole regular file (at most max bytes) into a NUL-terminated malloc'd buffer.    */
/* TASD_ERR_IO (cannot open / read / too large, errbuf names the path), TASD_ERR_NOMEM.      */
tasd_status tasd_nn__read_text(const char *path, size_t max, char **out, size_t *len, char *errbuf,
                               size_t errlen);

/* Elements of one image at the input of layer i (i == nlayers: the logits), i.e. the output */
/* of layer i-1 (c * h * w).                                                                  */
size_t tasd_nn__act_size(const tasd_nn_model *m, uint32_t i);

/* Gradient of the mean softmax cross-entropy over n images with respect to every weight and */
/* bias (no weight decay). x: [n][in_c*in_h*in_w] float inputs (already scaled), y: [n]      */
/* labels < classes. gw[i] / gb[i]: caller arrays of tasd_nn_layer_weights / out_c floats    */
/* for fc/conv layers (ignored for maxpool), overwritten. *loss gets the mean loss. This is  */
/* the same forward/backward code tasd_nn_train runs; the gradient-check test calls it.     */
tasd_status tasd_nn__loss_grad(const tasd_nn_model *m, const float *x, const uint8_t *y, uint32_t n,
                               double *loss, float *const *gw, float *const *gb);

/* ---- PRNG (train.c): xoshiro256** seeded through splitmix64 ----------------------------- */
typedef struct {
  uint64_t s[4];
} tasd_nn__rng;
void tasd_nn__rng_seed(tasd_nn__rng *r, uint64_t seed, uint64_t stream);
uint64_t tasd_nn__rng_next(tasd_nn__rng *r);
/* Uniform in [0, n) for 0 < n <= 2^32 (multiply-high; bias below 2^-32 * n, documented). */
uint32_t tasd_nn__rng_below(tasd_nn__rng *r, uint64_t n);
/* Standard normal (Box-Muller on two 53-bit uniforms, the cosine branch only). */
double tasd_nn__rng_normal(tasd_nn__rng *r);

#endif /* TASD_NN_INTERNAL_H */
