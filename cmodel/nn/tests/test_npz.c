/* SPDX-License-Identifier: Apache-2.0 */
/* state_dict .npz: save/load round trip, and every load error (missing, mis-shaped, extra, wrong dtype, NaN, other architecture) leaves the model unchanged. */
/* Usage: test_npz WORKDIR [SEED] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nntest.h"

static const char *NET = "input 2 6 6\nconv c1 3 3 1 1 relu\nmaxpool 2\nconv features.2 4 3 2 1 gelu\nfc head 5 none\n";

static void parse(const char *text, tasd_nn_model *m) {
  char err[256];
  tasd_status st = tasd_nn_arch_parse(text, "net", m, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
}

/* Loads path into a copy of m and expects status want with the message naming path and needle; */
/* the copy's arrays and hash must be unchanged.                                                 */
static void expect_fail(const tasd_nn_model *m, const char *path, tasd_status want, const char *needle, int line) {
  tasd_nn_model c;
  if (tasd_nn_model_copy(&c, m) != TASD_OK) {
    tu_fail(__FILE__, line, "copy failed");
    return;
  }
  const uint64_t h = tasd_nn_model_hash(&c);
  const float *w0 = c.layer[0].w;
  char err[1024] = "";
  tasd_status st = tasd_nn_model_load_npz(&c, path, err, sizeof err);
  if (st != want)
    tu_fail(__FILE__, line, "status %d (%s), want %d (%s): %s", (int)st, tasd_strerror(st), (int)want,
            tasd_strerror(want), err);
  if (!strstr(err, path)) tu_fail(__FILE__, line, "message '%s' does not name %s", err, path);
  if (needle && !strstr(err, needle)) tu_fail(__FILE__, line, "message '%s' lacks '%s'", err, needle);
  if (tasd_nn_model_hash(&c) != h || c.layer[0].w != w0) tu_fail(__FILE__, line, "model changed on failure");
  tasd_nn_model_free(&c);
}
#define FAIL(m, path, want, needle) expect_fail(m, path, want, needle, __LINE__)

/* Writes the model's state_dict with one array changed: replace (name, t), drop (name, NULL),  */
/* or add (a name the model lacks, t).                                                           */
static void write_variant(const tasd_nn_model *m, const char *path, const char *name, const tasd_tensor *t) {
  const char *names[2 * TASD_NN_MAX_LAYERS + 1];
  char keys[2 * TASD_NN_MAX_LAYERS][64];
  tasd_tensor arr[2 * TASD_NN_MAX_LAYERS + 1];
  size_t n = 0;
  int hit = 0;
  for (uint32_t i = 0; i < m->nlayers; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (l->op == TASD_NN_MAXPOOL) continue;
    for (int which = 0; which < 2; which++) {
      snprintf(keys[n], sizeof keys[n], "%s%s", l->name, which ? ".bias" : ".weight");
      tasd_tensor a;
      memset(&a, 0, sizeof a);
      a.dtype = TASD_FLOAT32;
      if (which) {
        a.ndim = 1;
        a.shape[0] = l->out_c;
        a.data = l->b;
      } else if (l->op == TASD_NN_FC) {
        a.ndim = 2;
        a.shape[0] = l->out_c;
        a.shape[1] = l->in_c;
        a.data = l->w;
      } else {
        a.ndim = 4;
        a.shape[0] = l->out_c;
        a.shape[1] = l->in_c;
        a.shape[2] = a.shape[3] = l->k;
        a.data = l->w;
      }
      if (name && strcmp(name, keys[n]) == 0) {
        hit = 1;
        if (t == NULL) continue; /* dropped */
        a = *t;
      }
      names[n] = keys[n];
      arr[n++] = a;
    }
  }
  if (name && !hit) {
    names[n] = name;
    arr[n++] = *t;
  }
  char err[512];
  tasd_status st = tasd_npz_save(path, names, arr, n, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
}

int main(int argc, char **argv) {
  nt_init(argc, argv, 1, "npz");
  char err[1024], path[1100], p[1100];
  tasd_nn_model m, r;
  parse(NET, &m);
  CHECK_OK(tasd_nn_model_init(&m, tu_seed()));
  for (uint32_t i = 0; i < m.nlayers; i++)
    if (m.layer[i].b)
      for (uint32_t o = 0; o < m.layer[i].out_c; o++) m.layer[i].b[o] = (float)tu_range(-1000, 1000) / 512.0f;
  const uint64_t h = tasd_nn_model_hash(&m);

  /* round trip into a parsed-only model and into one that already has arrays */
  nt_path(path, sizeof path, "model.npz");
  CHECK_MSG(tasd_nn_model_save_npz(&m, path, err, sizeof err) == TASD_OK, "%s", err);
  parse(NET, &r);
  CHECK_MSG(tasd_nn_model_load_npz(&r, path, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(tasd_nn_model_hash(&r) == h);
  CHECK(r.layer[0].w != m.layer[0].w);
  CHECK_OK(tasd_nn_model_init(&r, tu_seed() + 1));
  CHECK(tasd_nn_model_hash(&r) != h);
  CHECK_MSG(tasd_nn_model_load_npz(&r, path, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(tasd_nn_model_hash(&r) == h);
  /* the archive holds exactly the state_dict arrays, in PyTorch shapes */
  tasd_npz z;
  CHECK_OK(tasd_npz_load(path, &z, err, sizeof err));
  CHECK_EQ(z.count, 6);
  const tasd_tensor *t = tasd_npz_find(&z, "features.2.weight");
  CHECK(t && t->dtype == TASD_FLOAT32 && t->ndim == 4 && t->shape[0] == 4 && t->shape[1] == 3 && t->shape[2] == 3 &&
        t->shape[3] == 3);
  t = tasd_npz_find(&z, "head.weight");
  CHECK(t && t->ndim == 2 && t->shape[0] == 5 && t->shape[1] == 4 * 2 * 2);
  t = tasd_npz_find(&z, "c1.bias");
  CHECK(t && t->ndim == 1 && t->shape[0] == 3 && memcmp(t->data, m.layer[0].b, 3 * sizeof(float)) == 0);
  tasd_npz_free(&z);
  /* saving again gives the same bytes (deterministic archive) */
  nt_path(p, sizeof p, "model2.npz");
  CHECK_OK(tasd_nn_model_save_npz(&r, p, err, sizeof err));
  {
    FILE *a = fopen(path, "rb"), *b = fopen(p, "rb");
    CHECK(a && b);
    int same = a && b;
    while (same) {
      int ca = fgetc(a), cb = fgetc(b);
      same = ca == cb;
      if (ca == EOF) break;
    }
    CHECK_MSG(same, "two saves of one model differ");
    if (a) fclose(a);
    if (b) fclose(b);
  }

  /* missing array */
  nt_path(p, sizeof p, "missing.npz");
  write_variant(&m, p, "features.2.bias", NULL);
  FAIL(&m, p, TASD_ERR_FORMAT, "array 'features.2.bias' missing");
  /* mis-shaped: transposed fc weight, conv weight with K 2, bias of rank 2 */
  tasd_tensor bad;
  memset(&bad, 0, sizeof bad);
  bad.dtype = TASD_FLOAT32;
  bad.ndim = 2;
  bad.shape[0] = 16;
  bad.shape[1] = 5;
  bad.data = m.layer[3].w;
  nt_path(p, sizeof p, "transposed.npz");
  write_variant(&m, p, "head.weight", &bad);
  FAIL(&m, p, TASD_ERR_SHAPE, "array 'head.weight' has shape [16, 5], the architecture's fc head needs [5, 16]");
  bad.ndim = 4;
  bad.shape[0] = 3;
  bad.shape[1] = 2;
  bad.shape[2] = bad.shape[3] = 2;
  bad.data = m.layer[0].w;
  nt_path(p, sizeof p, "kernel.npz");
  write_variant(&m, p, "c1.weight", &bad);
  FAIL(&m, p, TASD_ERR_SHAPE, "needs [3, 2, 3, 3]");
  bad.ndim = 2;
  bad.shape[0] = 1;
  bad.shape[1] = 3;
  bad.data = m.layer[0].b;
  nt_path(p, sizeof p, "biasrank.npz");
  write_variant(&m, p, "c1.bias", &bad);
  FAIL(&m, p, TASD_ERR_SHAPE, "'c1.bias' has shape [1, 3]");
  /* extra array */
  bad.ndim = 1;
  bad.shape[0] = 3;
  nt_path(p, sizeof p, "extra.npz");
  write_variant(&m, p, "c1.running_mean", &bad);
  FAIL(&m, p, TASD_ERR_FORMAT, "unexpected array 'c1.running_mean'");
  /* wrong dtype */
  int8_t i8[3] = {1, 2, 3};
  bad.dtype = TASD_INT8;
  bad.data = i8;
  nt_path(p, sizeof p, "dtype.npz");
  write_variant(&m, p, "c1.bias", &bad);
  FAIL(&m, p, TASD_ERR_DTYPE, "'c1.bias' is int8 [3], expected float32");
  /* NaN / Inf */
  float nanb[3] = {0.0f, NAN, 1.0f}, infb[5] = {0, 0, 0, 0, -INFINITY};
  bad.dtype = TASD_FLOAT32;
  bad.data = nanb;
  nt_path(p, sizeof p, "nan.npz");
  write_variant(&m, p, "c1.bias", &bad);
  FAIL(&m, p, TASD_ERR_NAN, "'c1.bias' element 1 is NaN");
  bad.shape[0] = 5;
  bad.data = infb;
  nt_path(p, sizeof p, "inf.npz");
  write_variant(&m, p, "head.bias", &bad);
  FAIL(&m, p, TASD_ERR_NAN, "'head.bias' element 4 is Inf");
  /* another architecture: other names, other sizes */
  tasd_nn_model o;
  parse("input 2 6 6\nconv c1 3 3 1 1 relu\nmaxpool 2\nconv features.2 4 3 2 1 gelu\nfc head 7 none\n", &o);
  CHECK_OK(tasd_nn_model_alloc(&o));
  FAIL(&o, path, TASD_ERR_SHAPE, "'head.weight' has shape [5, 16], the architecture's fc head needs [7, 16]");
  tasd_nn_model_free(&o);
  parse("input 72 1 1\nfc fc1 5 none\n", &o);
  CHECK_OK(tasd_nn_model_alloc(&o));
  FAIL(&o, path, TASD_ERR_FORMAT, "array 'fc1.weight' missing");
  tasd_nn_model_free(&o);
  parse("input 2 6 6\nconv c1 3 3 1 1 relu\nmaxpool 2\nconv features.2 4 3 2 1 gelu\nfc head 5 none\nfc more 3 none\n", &o);
  FAIL(&o, path, TASD_ERR_FORMAT, "array 'more.weight' missing"); /* parsed only: arrays NULL */
  tasd_nn_model_free(&o);
  /* not a file / not a zip / nothing there */
  nt_path(p, sizeof p, "none.npz");
  FAIL(&m, p, TASD_ERR_IO, NULL);
  nt_path(p, sizeof p, "text.npz");
  {
    FILE *f = fopen(p, "wb");
    CHECK(f != NULL);
    if (f) {
      fputs("this is not a zip archive\n", f);
      fclose(f);
    }
  }
  FAIL(&m, p, TASD_ERR_FORMAT, NULL);
  /* argument errors */
  tasd_nn_model e;
  memset(&e, 0, sizeof e);
  CHECK_ST(tasd_nn_model_load_npz(&e, path, err, sizeof err), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn_model_load_npz(NULL, path, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_model_save_npz(&m, NULL, err, sizeof err), TASD_ERR_NULL);
  parse(NET, &e);
  CHECK_ST(tasd_nn_model_save_npz(&e, p, err, sizeof err), TASD_ERR_NULL);
  CHECK_MSG(strstr(err, "layer c1 has no weight arrays") != NULL, "%s", err);
  nt_path(p, sizeof p, "no/such/dir/model.npz");
  CHECK_ST(tasd_nn_model_save_npz(&m, p, err, sizeof err), TASD_ERR_IO);
  CHECK_MSG(tasd_nn_model_load_npz(&r, path, err, sizeof err) == TASD_OK, "%s", err); /* still loads */
  tasd_nn_model_free(&m);
  tasd_nn_model_free(&r);
  return nt_finish();
}
