/* SPDX-License-Identifier: Apache-2.0 */
/* Switching activity of every traced signal bit of an FST (Verilator --trace-fst): toggles per clock cycle and duty. */
/*
 * Usage: fst_activity TRACE.fst OUT.tsv [--scope PREFIX] [--clock NAME]
 *   Reads the trace with GTKWave's fstapi (shipped with Verilator), counts for every bit of every
 *   variable the 0<->1 transitions and the time it spends at 1, and writes one line per bit:
 *     name<TAB>toggles<TAB>duty
 *   name is the hierarchical name below PREFIX (default: the first scope holding CLOCK, i.e. the
 *   design's top module), dots between scopes, a vector bit as name[i] with the declared index,
 *   a 1-bit signal without index. The first lines are comments: '# cycles N' (rising edges of
 *   CLOCK, default clk_i, in the top scope), '# end_time T'. X/Z count as 0.
 * Exit 0 ok, 2 bad use or unreadable trace.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstapi.h"

typedef struct {
  uint32_t width;
  int32_t lsb;         /* declared index of bit 0 (LSB) */
  int32_t step;        /* +1 for [msb:lsb] with msb >= lsb, -1 otherwise */
  char *last;          /* last value, MSB first, '0'/'1' */
  uint64_t last_t;
  uint32_t *tog;       /* per bit, LSB = 0 */
  uint64_t *high;
  char **names;
  uint32_t nnames;
  int used;
} sig_t;

static sig_t *g_sig;
static fstHandle g_max;

static void cb(void *user, uint64_t t, fstHandle h, const unsigned char *val) {
  (void)user;
  if (h == 0 || h > g_max) return;
  sig_t *s = &g_sig[h];
  if (!s->used) return;
  const uint32_t w = s->width;
  for (uint32_t k = 0; k < w; k++) {  /* k: string position, MSB first */
    const char nv = val[k] == '1' ? '1' : '0';
    const char ov = s->last[k];
    const uint32_t bit = w - 1 - k;
    if (ov == '1') s->high[bit] += t - s->last_t;
    if (nv != ov) {
      s->tog[bit]++;
      s->last[k] = nv;
    }
  }
  s->last_t = t;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: fst_activity TRACE.fst OUT.tsv [--scope PREFIX] [--clock NAME]\n");
    return 2;
  }
  const char *prefix = NULL, *clock = "clk_i";
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--scope")) prefix = argv[i + 1];
    else if (!strcmp(argv[i], "--clock")) clock = argv[i + 1];
    else {
      fprintf(stderr, "fst_activity: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  void *ctx = fstReaderOpen(argv[1]);
  if (!ctx) {
    fprintf(stderr, "fst_activity: cannot read %s\n", argv[1]);
    return 2;
  }
  g_max = fstReaderGetMaxHandle(ctx);
  g_sig = calloc((size_t)g_max + 1, sizeof *g_sig);
  char scope[4096] = "";
  size_t depth_len[256];
  int depth = 0;
  char clock_scope[4096] = "";
  fstHandle clock_h = 0;
  struct fstHier *hier;
  while ((hier = fstReaderIterateHier(ctx))) {
    if (hier->htyp == FST_HT_SCOPE) {
      if (depth < 256) depth_len[depth] = strlen(scope);
      depth++;
      size_t l = strlen(scope);
      snprintf(scope + l, sizeof scope - l, "%s%s", l ? "." : "", hier->u.scope.name);
    } else if (hier->htyp == FST_HT_UPSCOPE) {
      if (depth > 0) {
        depth--;
        if (depth < 256) scope[depth_len[depth]] = 0;
      }
    } else if (hier->htyp == FST_HT_VAR) {
      const fstHandle h = hier->u.var.handle;
      if (h == 0 || h > g_max) continue;
      sig_t *s = &g_sig[h];
      char base[4096];
      snprintf(base, sizeof base, "%s", hier->u.var.name);
      int msb = (int)hier->u.var.length - 1, lsb = 0;
      char *sp = strchr(base, ' ');
      if (sp) {
        int a, b;
        if (sscanf(sp, " [%d:%d]", &a, &b) == 2) { msb = a; lsb = b; }
        else if (sscanf(sp, " [%d]", &a) == 1) { msb = lsb = a; }
        *sp = 0;
      }
      if (!s->used) {
        s->used = 1;
        s->width = hier->u.var.length;
        s->lsb = lsb;
        s->step = msb >= lsb ? 1 : -1;
        s->last = malloc(s->width + 1);
        memset(s->last, '0', s->width);
        s->last[s->width] = 0;
        s->tog = calloc(s->width, sizeof *s->tog);
        s->high = calloc(s->width, sizeof *s->high);
      }
      char full[8192];
      snprintf(full, sizeof full, "%s%s%s", scope, scope[0] ? "." : "", base);
      s->names = realloc(s->names, (s->nnames + 1) * sizeof *s->names);
      s->names[s->nnames++] = strdup(full);
      if (!clock_h && !strcmp(base, clock) && s->width == 1) {
        clock_h = h;
        snprintf(clock_scope, sizeof clock_scope, "%s", scope);
      }
    }
  }
  if (!clock_h) {
    fprintf(stderr, "fst_activity: no 1-bit variable '%s' in %s\n", clock, argv[1]);
    return 2;
  }
  if (!prefix) prefix = clock_scope;
  fstReaderSetFacProcessMaskAll(ctx);
  if (!fstReaderIterBlocks(ctx, cb, NULL, NULL)) {
    fprintf(stderr, "fst_activity: cannot read the value changes of %s\n", argv[1]);
    return 2;
  }
  const uint64_t end = fstReaderGetEndTime(ctx);
  const uint64_t cycles = g_sig[clock_h].tog[0] / 2;
  if (cycles == 0 || end == 0) {
    fprintf(stderr, "fst_activity: %s has no clock cycles\n", argv[1]);
    return 2;
  }
  FILE *f = fopen(argv[2], "w");
  if (!f) {
    fprintf(stderr, "fst_activity: cannot write %s\n", argv[2]);
    return 2;
  }
  fprintf(f, "# trace %s\n# scope %s\n# cycles %llu\n# end_time %llu\n", argv[1], prefix,
          (unsigned long long)cycles, (unsigned long long)end);
  const size_t pl = strlen(prefix);
  uint64_t nbits = 0;
  for (fstHandle h = 1; h <= g_max; h++) {
    sig_t *s = &g_sig[h];
    if (!s->used) continue;
    for (uint32_t b = 0; b < s->width; b++)
      if (s->last[s->width - 1 - b] == '1') s->high[b] += end - s->last_t;
    for (uint32_t n = 0; n < s->nnames; n++) {
      const char *nm = s->names[n];
      if (strncmp(nm, prefix, pl) || (nm[pl] != '.' && nm[pl] != 0)) continue;
      nm += pl + (nm[pl] == '.');
      if (!*nm) continue;
      for (uint32_t b = 0; b < s->width; b++) {
        const double duty = (double)s->high[b] / (double)end;
        if (s->width == 1)
          fprintf(f, "%s\t%u\t%.6f\n", nm, s->tog[b], duty);
        else
          fprintf(f, "%s[%d]\t%u\t%.6f\n", nm, s->lsb + s->step * (int)b, s->tog[b], duty);
        nbits++;
      }
    }
  }
  fclose(f);
  fstReaderClose(ctx);
  fprintf(stderr, "fst_activity: %llu bits, %llu cycles -> %s\n", (unsigned long long)nbits,
          (unsigned long long)cycles, argv[2]);
  return 0;
}
