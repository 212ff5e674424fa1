/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers of the tasd command-line tool (not part of libtasd's API). */
#ifndef TASD_CLI_H
#define TASD_CLI_H

#include "tasd.h"

#include <stdint.h>
#include <stdio.h>

/* Exit codes. */
#define CLI_OK 0
#define CLI_EDATA 1  /* data problem: file unreadable, wrong dtype or shape, check failed */
#define CLI_EUSAGE 2 /* usage problem: unknown subcommand/option, missing argument, bad series */

/* Print "tasd <sub>: <msg>" (+ a pointer to --help for usage errors) and exit with code. */
void cli_fail(int code, const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* Options of one subcommand. has_arg 0: flag (value set to "1"). */
typedef struct {
  const char *name; /* long name without "--" */
  char short_name;  /* 0 when none */
  int has_arg;
  const char **value; /* receives the argument (or "1"); NULL when absent */
} cli_opt;

/* Parses argv[0..argc-1] (after the subcommand); positionals go to pos[] (at most maxpos, more */
/* is a usage error). Returns the number of positionals; exits 2 on a usage error, 0 after      */
/* printing help when -h/--help is given.                                                       */
int cli_parse(const char *sub, const char *help, int argc, char **argv, cli_opt *opts,
              const char **pos, int maxpos);

/* Series text -> series; exits 2 with the problem named. */
void cli_series(const char *sub, const char *text, tasd_series *s);
/* Loads an .npy file; exits 1 with the loader's message. */
void cli_load(const char *sub, const char *path, tasd_tensor *t);
/* Saves an .npy file; exits 1 with the writer's message. */
void cli_save(const char *sub, const char *path, const tasd_tensor *t);
/* Exit 1 naming the call and the status when st != TASD_OK. */
void cli_check(const char *sub, tasd_status st, const char *what);
/* Exits 1 naming path when a float32 tensor holds NaN or Inf (no-op for integer dtypes). */
void cli_check_finite(const char *sub, const char *path, const tasd_tensor *t);
/* mkdir -p; exits 1 on failure. */
void cli_mkdirs(const char *sub, const char *dir);

/* Element access (exact for every dtype). */
double cli_get(const tasd_tensor *t, size_t i);
void cli_shape_str(const tasd_tensor *t, char *buf, size_t len);

/* Deterministic PRNG (splitmix64 seeding xoshiro256**). */
typedef struct {
  uint64_t s[4];
} cli_rng;
void cli_rng_seed(cli_rng *r, uint64_t seed);
uint64_t cli_rng_next(cli_rng *r);
double cli_rng_unit(cli_rng *r);   /* uniform [0, 1) with 53 bits */
double cli_rng_normal(cli_rng *r); /* standard normal (Box-Muller) */
uint64_t cli_rng_below(cli_rng *r, uint64_t n); /* uniform in [0, n) (n > 0), unbiased */

/* Subcommands implemented outside tasd.c. */
int cmd_sweep(int argc, char **argv);
int cmd_select(int argc, char **argv);

#endif /* TASD_CLI_H */
