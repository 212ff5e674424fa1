/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation-failure sweep: malloc/calloc/realloc fail on the Nth call, for every N an        */
/* operation reaches; each call must return TASD_ERR_NOMEM and leave nothing allocated.        */
/*
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free (cmodel/cmodel.mk),
 * so every allocation libtasd makes goes through the counters below. For each operation:
 * one unarmed run counts its allocations (it must make at least one and succeed); then for
 * N = 1..count the Nth allocation fails, and the call must return TASD_ERR_NOMEM with the
 * number of live blocks back where it started (the plain build checks this count; the
 * ASan/UBSan build also has LeakSanitizer at exit). usage: allocfail WORKDIR
 */
#include "tasd.h"
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t sz);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t sz);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static int g_armed = 0;    /* count (and maybe fail) allocations */
static long g_fail_at = 0; /* 1-based index of the allocation that fails; 0: none */
static long g_count = 0;   /* allocations attempted while armed */
static long g_live = 0;    /* blocks handed out through the wrappers and not yet freed */

static int fail_now(void) { return g_armed && ++g_count == g_fail_at; }

void *__wrap_malloc(size_t n) {
  if (fail_now()) return NULL;
  void *p = __real_malloc(n);
  if (p) g_live++;
  return p;
}
void *__wrap_calloc(size_t n, size_t sz) {
  if (fail_now()) return NULL;
  void *p = __real_calloc(n, sz);
  if (p) g_live++;
  return p;
}
void *__wrap_realloc(void *p, size_t n) {
  if (fail_now()) return NULL; /* like a real failure: p stays valid */
  void *q = __real_realloc(p, n);
  if (q && !p) g_live++;
  return q;
}
void __wrap_free(void *p) {
  if (p) g_live--;
  __real_free(p);
}

typedef tasd_status (*op_fn)(void *ctx);
static size_t g_ops = 0, g_failures_injected = 0;

/* Runs op unarmed (must succeed and allocate), then once per allocation with it failing. */
static void sweep(const char *name, op_fn op, void *ctx) {
  long live0 = g_live;
  g_fail_at = 0;
  g_count = 0;
  g_armed = 1;
  tasd_status st = op(ctx);
  g_armed = 0;
  long n = g_count;
  CHECK_MSG(st == TASD_OK, "%s: unarmed run returned %d (%s)", name, (int)st, tasd_strerror(st));
  CHECK_MSG(n > 0, "%s: made no allocation, nothing to sweep", name);
  CHECK_MSG(g_live == live0, "%s: unarmed run leaked %ld block(s)", name, g_live - live0);
  for (long k = 1; k <= n; k++) {
    g_fail_at = k;
    g_count = 0;
    g_armed = 1;
    st = op(ctx);
    g_armed = 0;
    CHECK_MSG(st == TASD_ERR_NOMEM, "%s: allocation %ld of %ld failed, call returned %d (%s)",
              name, k, n, (int)st, tasd_strerror(st));
    CHECK_MSG(g_live == live0, "%s: allocation %ld of %ld failed, %ld block(s) leaked", name, k, n,
              g_live - live0);
    CHECK_MSG(g_count >= k, "%s: allocation %ld was never reached on the failing run", name, k);
  }
  g_fail_at = 0;
  g_ops++;
  g_failures_injected += (size_t)n;
  printf("%-28s %5ld allocation(s), each failure -> TASD_ERR_NOMEM, no leak\n", name, n);
}

/* ---- fixtures ------------------------------------------------------------------------------ */
static tasd_tensor mk(tasd_dtype dt, size_t r, size_t c, uint32_t salt) {
  tasd_tensor t;
  size_t shp[2] = {r, c};
  tasd_status st = tasd_tensor_alloc(&t, dt, 2, shp);
  CHECK_OK(st);
  if (st != TASD_OK) return t;
  for (size_t i = 0; i < r * c; i++) {
    int v = (int)((i * 2654435761u + salt) >> 7 & 0xff) - 128;
    if ((i + salt) % 3 == 0) v = 0; /* some zeros */
    switch (dt) {
      case TASD_INT8: ((int8_t *)t.data)[i] = (int8_t)v; break;
      case TASD_INT16: ((int16_t *)t.data)[i] = (int16_t)(v * 100); break;
      case TASD_INT32: ((int32_t *)t.data)[i] = v * 100000; break;
      case TASD_FLOAT32: ((float *)t.data)[i] = (float)v / 16.0f; break;
      case TASD_UINT8: ((uint8_t *)t.data)[i] = (uint8_t)(v + 128); break;
    }
  }
  return t;
}

typedef struct {
  tasd_tensor a8, b8, af, bf, a16, b16, big8;
  tasd_series mixed, s418, s24;
  tasd_decomp d;
  const tasd_target *vegeta;
  tasd_tasder_layer layers[2];
  char save_path[512], big_path[512];
  char idx_path[512], npz_path[512], npz_save_path[512];
  uint8_t *img;
  size_t img_len;
} fixture;

static tasd_status op_alloc(void *c) {
  (void)c;
  size_t shp[3] = {3, 4, 5};
  tasd_tensor t;
  tasd_status st = tasd_tensor_alloc(&t, TASD_INT16, 3, shp);
  if (st == TASD_OK) tasd_tensor_free(&t);
  return st;
}
static tasd_status op_decompose_i8(void *c) {
  fixture *f = c;
  tasd_decomp d;
  tasd_status st = tasd_decompose(&f->a8, &f->mixed, &d);
  if (st == TASD_OK) tasd_decomp_free(&d);
  return st;
}
static tasd_status op_decompose_f32(void *c) {
  fixture *f = c;
  tasd_decomp d;
  tasd_status st = tasd_decompose(&f->af, &f->s418, &d);
  if (st == TASD_OK) tasd_decomp_free(&d);
  return st;
}
static tasd_status op_reconstruct(void *c) {
  fixture *f = c;
  tasd_tensor out;
  tasd_status st = tasd_reconstruct(&f->d, &out);
  if (st == TASD_OK) tasd_tensor_free(&out);
  return st;
}
static tasd_status op_gemm_i8(void *c) {
  fixture *f = c;
  tasd_tensor out;
  tasd_status st = tasd_gemm(&f->a8, &f->mixed, &f->b8, &out);
  if (st == TASD_OK) tasd_tensor_free(&out);
  return st;
}
static tasd_status op_gemm_f32(void *c) {
  fixture *f = c;
  tasd_tensor out;
  tasd_status st = tasd_gemm(&f->af, &f->s418, &f->bf, &out);
  if (st == TASD_OK) tasd_tensor_free(&out);
  return st;
}
static tasd_status op_gemm_dense_i16(void *c) {
  fixture *f = c;
  tasd_tensor out;
  tasd_status st = tasd_gemm_dense(&f->a16, &f->b16, &out);
  if (st == TASD_OK) tasd_tensor_free(&out);
  return st;
}
static tasd_status op_gemm_dense_i8(void *c) {
  fixture *f = c;
  tasd_tensor out;
  tasd_status st = tasd_gemm_dense(&f->a8, &f->b8, &out);
  if (st == TASD_OK) tasd_tensor_free(&out);
  return st;
}
static tasd_status op_gemm_i8_raw(void *c) {
  fixture *f = c;
  int32_t out[5 * 3];
  return tasd_gemm_i8(5, 3, 37, f->a8.data, 37, f->b8.data, 3, out, 3, 0);
}
static tasd_status op_gemm_i8_bt(void *c) {
  fixture *f = c;
  int32_t out[5 * 5];
  return tasd_gemm_i8_bt(5, 5, 37, f->a8.data, 37, f->a8.data, 37, out, 5, 0); /* A x A^T */
}
static tasd_status op_stats_b(void *c) {
  fixture *f = c;
  tasd_stats s;
  return tasd_stats_compute(&f->a16, &f->s24, &f->b16, &s);
}
static tasd_status op_stats(void *c) {
  fixture *f = c;
  tasd_stats s;
  return tasd_stats_compute(&f->af, &f->mixed, NULL, &s);
}
static tasd_status op_npy_save(void *c) {
  fixture *f = c;
  char err[256];
  return tasd_npy_save(f->save_path, &f->a16, err, sizeof err);
}
static tasd_status op_npy_load(void *c) {
  fixture *f = c;
  char err[256];
  tasd_tensor t;
  tasd_status st = tasd_npy_load(f->big_path, &t, err, sizeof err);
  if (st == TASD_OK) tasd_tensor_free(&t);
  return st;
}
static tasd_status op_idx_load(void *c) {
  fixture *f = c;
  char err[256];
  tasd_tensor t;
  tasd_status st = tasd_idx_load(f->idx_path, &t, err, sizeof err);
  if (st == TASD_OK) tasd_tensor_free(&t);
  return st;
}
static tasd_status op_npz_save(void *c) {
  fixture *f = c;
  char err[256];
  const char *names[3] = {"a16", "w/a8", "big8"};
  tasd_tensor arr[3] = {f->a16, f->a8, f->big8};
  return tasd_npz_save(f->npz_save_path, names, arr, 3, err, sizeof err);
}
static tasd_status op_npz_load(void *c) {
  fixture *f = c;
  char err[256];
  tasd_npz z;
  tasd_status st = tasd_npz_load(f->npz_path, &z, err, sizeof err);
  tasd_npz_free(&z);
  return st;
}
static tasd_status op_npy_parse(void *c) {
  fixture *f = c;
  char err[256];
  tasd_tensor t;
  tasd_status st = tasd_npy_parse(f->img, f->img_len, "mem.npy", &t, err, sizeof err);
  if (st == TASD_OK) tasd_tensor_free(&t);
  return st;
}
static tasd_status op_pseudo_density(void *c) {
  fixture *f = c;
  double pd;
  return tasd_tasder_pseudo_density(&f->af, 0.99, &pd);
}
static tasd_status op_quality_cache(void *c) {
  fixture *f = c;
  tasd_tasder_cache cache;
  memset(&cache, 0, sizeof cache);
  tasd_series assign[2] = {f->s418, f->s24};
  double q;
  tasd_status st = tasd_tasder_quality_default(&cache, f->layers, 2, assign, &q);
  if (st == TASD_OK) st = tasd_tasder_quality_default(&cache, f->layers, 2, assign, &q);
  tasd_tasder_cache_free(&cache);
  return st;
}
static tasd_status op_layerwise(void *c) {
  fixture *f = c;
  tasd_tasder_choice ch[2];
  tasd_tasder_summary sum;
  return tasd_tasder_layerwise(f->vegeta, f->layers, 2, tasd_tasder_quality_default, NULL, 0.5,
                               ch, &sum);
}
static tasd_status op_layerwise_cache(void *c) {
  fixture *f = c;
  tasd_tasder_cache cache;
  memset(&cache, 0, sizeof cache);
  tasd_tasder_choice ch[2];
  tasd_tasder_summary sum;
  tasd_status st = tasd_tasder_layerwise(f->vegeta, f->layers, 2, tasd_tasder_quality_default,
                                         &cache, 0.5, ch, &sum);
  tasd_tasder_cache_free(&cache);
  return st;
}
static tasd_status op_networkwise_cache(void *c) {
  fixture *f = c;
  tasd_tasder_cache cache;
  memset(&cache, 0, sizeof cache);
  tasd_tasder_choice ch[2];
  tasd_tasder_summary sum;
  tasd_status st = tasd_tasder_networkwise(f->vegeta, f->layers, 2, tasd_tasder_quality_default,
                                           &cache, 0.5, ch, &sum);
  tasd_tasder_cache_free(&cache);
  return st;
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  if (argc != 2) {
    fprintf(stderr, "usage: allocfail WORKDIR\n");
    return 2;
  }
  char cmd[1000];
  if (strlen(argv[1]) > 400 || strchr(argv[1], '\'') != NULL) {
    fprintf(stderr, "allocfail: unusable WORKDIR '%s'\n", argv[1]);
    return 2;
  }
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", argv[1], argv[1]);
  if (system(cmd) != 0) {
    fprintf(stderr, "allocfail: cannot create %s\n", argv[1]);
    return 1;
  }
  fixture f;
  memset(&f, 0, sizeof f);
  f.a8 = mk(TASD_INT8, 5, 37, 1); /* 37: tails for M = 4 and M = 8 */
  f.b8 = mk(TASD_INT8, 37, 3, 2);
  f.af = mk(TASD_FLOAT32, 4, 24, 3);
  f.bf = mk(TASD_FLOAT32, 24, 5, 4);
  f.a16 = mk(TASD_INT16, 6, 16, 5);
  f.b16 = mk(TASD_INT16, 16, 2, 6);
  f.big8 = mk(TASD_INT8, 300, 300, 7); /* 90000 bytes: tasd_npy_load grows its buffer */
  CHECK_OK(tasd_series_parse("2:4+2:8", &f.mixed));
  CHECK_OK(tasd_series_parse("4:8+1:8", &f.s418));
  CHECK_OK(tasd_series_parse("2:4", &f.s24));
  CHECK_OK(tasd_decompose(&f.a8, &f.mixed, &f.d));
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8", &f.vegeta));
  f.layers[0].name = "l0";
  f.layers[0].w = &f.af;
  f.layers[0].b = &f.bf;
  f.layers[1].name = "l1";
  f.layers[1].w = &f.a16;
  f.layers[1].b = NULL;
  snprintf(f.save_path, sizeof f.save_path, "%s/save.npy", argv[1]);
  snprintf(f.big_path, sizeof f.big_path, "%s/big.npy", argv[1]);
  char err[256];
  CHECK_MSG(tasd_npy_save(f.big_path, &f.big8, err, sizeof err) == TASD_OK, "%s", err);
  /* a 1.2 MB plain IDX file (tasd_idx_load grows its data buffer past 1 MiB) and an .npz */
  snprintf(f.idx_path, sizeof f.idx_path, "%s/big.idx", argv[1]);
  snprintf(f.npz_path, sizeof f.npz_path, "%s/in.npz", argv[1]);
  snprintf(f.npz_save_path, sizeof f.npz_save_path, "%s/save.npz", argv[1]);
  FILE *ip = fopen(f.idx_path, "wb");
  CHECK_MSG(ip != NULL, "cannot create %s", f.idx_path);
  if (ip) {
    static const uint8_t hdr[12] = {0, 0, 0x08, 2, 0, 0, 0x04, 0xb0, 0, 0, 0x03, 0xe8}; /* 1200x1000 */
    CHECK(fwrite(hdr, 1, sizeof hdr, ip) == sizeof hdr);
    for (int i = 0; i < 1200 * 1000; i++) fputc((i * 7) & 0xff, ip);
    CHECK(fclose(ip) == 0);
  }
  {
    const char *names[2] = {"a8", "big8"};
    tasd_tensor arr[2] = {f.a8, f.big8};
    CHECK_MSG(tasd_npz_save(f.npz_path, names, arr, 2, err, sizeof err) == TASD_OK, "%s", err);
  }
  /* an in-memory image for tasd_npy_parse */
  FILE *fp = fopen(f.big_path, "rb");
  CHECK_MSG(fp != NULL, "cannot read back %s", f.big_path);
  if (fp) {
    f.img = malloc(100000);
    f.img_len = f.img ? fread(f.img, 1, 100000, fp) : 0;
    fclose(fp);
  }
  if (tu_failed()) return tu_finish();

  sweep("tasd_tensor_alloc", op_alloc, &f);
  sweep("tasd_decompose int8 mixed M", op_decompose_i8, &f);
  sweep("tasd_decompose float32", op_decompose_f32, &f);
  sweep("tasd_reconstruct", op_reconstruct, &f);
  sweep("tasd_gemm int8", op_gemm_i8, &f);
  sweep("tasd_gemm float32", op_gemm_f32, &f);
  sweep("tasd_gemm_dense int16", op_gemm_dense_i16, &f);
  sweep("tasd_gemm_dense int8", op_gemm_dense_i8, &f);
  sweep("tasd_gemm_i8", op_gemm_i8_raw, &f);
  sweep("tasd_gemm_i8_bt", op_gemm_i8_bt, &f);
  sweep("tasd_stats_compute with B", op_stats_b, &f);
  sweep("tasd_stats_compute", op_stats, &f);
  sweep("tasd_npy_save", op_npy_save, &f);
  sweep("tasd_npy_load (> 64 KiB)", op_npy_load, &f);
  sweep("tasd_npy_parse", op_npy_parse, &f);
  sweep("tasd_idx_load (> 1 MiB)", op_idx_load, &f);
  sweep("tasd_npz_save", op_npz_save, &f);
  sweep("tasd_npz_load", op_npz_load, &f);
  sweep("tasder pseudo_density", op_pseudo_density, &f);
  sweep("tasder quality_default+cache", op_quality_cache, &f);
  sweep("tasder layerwise", op_layerwise, &f);
  sweep("tasder layerwise+cache", op_layerwise_cache, &f);
  sweep("tasder networkwise+cache", op_networkwise_cache, &f);
  /* the failed saves left no temporary behind: the work dir holds the fixture files only */
  DIR *dir = opendir(argv[1]);
  CHECK_MSG(dir != NULL, "cannot list %s", argv[1]);
  if (dir) {
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
      CHECK_MSG(!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
                    !strcmp(e->d_name, "big.npy") || !strcmp(e->d_name, "save.npy") ||
                    !strcmp(e->d_name, "big.idx") || !strcmp(e->d_name, "in.npz") ||
                    !strcmp(e->d_name, "save.npz"),
                "stray file %s/%s after the save sweep", argv[1], e->d_name);
    closedir(dir);
  }
  printf("%zu operations, %zu injected allocation failures\n", g_ops, g_failures_injected);

  tasd_decomp_free(&f.d);
  tasd_tensor *all[] = {&f.a8, &f.b8, &f.af, &f.bf, &f.a16, &f.b16, &f.big8};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tasd_tensor_free(all[i]);
  free(f.img);
  return tu_finish();
}
