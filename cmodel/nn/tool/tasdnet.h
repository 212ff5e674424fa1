/* SPDX-License-Identifier: Apache-2.0 */
/* tasdnet internals shared by its command files (options, messages, the RTL runner). */
#ifndef TASDNET_H
#define TASDNET_H

#include <stdio.h>

#include "tasd_nn.h"

/* Exit codes: 0 success, 1 a check failed (mismatch, accuracy), 2 bad input or usage. */
#define TN_EXIT_FAIL 1
#define TN_EXIT_USAGE 2

/* --key value options after the command word. */
typedef struct {
  int n;
  const char *key[64];
  const char *val[64];
  int used[64];
} tn_opts;

/* Parses argv[first..argc) as --key value pairs (or --flag); returns 0 or prints an error. */
int tn_opts_parse(tn_opts *o, int argc, char **argv, int first, const char *const *flags);
const char *tn_opt(tn_opts *o, const char *key, const char *def);
/* Number options: prints "tasdnet: --key: ..." and returns non-zero on a bad value. */
int tn_opt_u32(tn_opts *o, const char *key, uint32_t def, uint32_t *out);
int tn_opt_f64(tn_opts *o, const char *key, double def, double *out);
int tn_opt_flag(tn_opts *o, const char *key);
/* Non-zero (after a message) when an option was given that no command read. */
int tn_opts_unused(const tn_opts *o);

/* Prints "tasdnet: <msg>" to stderr. */
void tn_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The RTL runner (rtl.c): runs the int8 network q with assignment a on the Verilator tile     */
/* binary vtile for images [0, d->n) of d, job files under dir. Every layer's GEMM on the tile; */
/* TASD-A operands fed by the previous drain's TASD units where the layout allows (reported). */
/* logits [n][classes] and pred [n] receive the RTL's results; cycles the RTL's total per layer */
/* (sum over jobs of start->done + 1).                                                          */
typedef struct {
  uint64_t cycles[TASD_NN_MAX_LAYERS];
  uint64_t total;
  uint32_t jobs;
  uint32_t drain_fed;   /* GEMM layers whose A terms came from the previous drain */
} tn_rtl_stats;
int tn_rtl_run(const char *vtile, const char *dir, const tasd_nn_qmodel *q,
               const tasd_nn_assign *a, const tasd_nn_data *d, int32_t *logits, uint8_t *pred,
               tn_rtl_stats *st, FILE *log);

#endif /* TASDNET_H */
