/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture parser (shapes, every syntax/shape/range error with file:line), PyTorch flatten order, model arrays and hash, recipe parser. */
/* Usage: test_arch WORKDIR (scratch files go to a fresh directory under WORKDIR). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn_internal.h"
#include "nntest.h"

#define g_dir nt_dir()

static void write_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  CHECK_MSG(f != NULL, "cannot create %s", path);
  if (f == NULL) return;
  CHECK(fwrite(data, 1, n, f) == n);
  fclose(f);
}

/* ---------------------------------------------------------------------------------------- */
static void test_builtin(void) {
  char err[512];
  tasd_nn_model m;
  CHECK_MSG(tasd_nn_arch_load("cmodel/nn/models/mlp.arch", &m, err, sizeof err) == TASD_OK, "%s", err);
  CHECK_EQ(m.nlayers, 3);
  CHECK(m.in_c == 1 && m.in_h == 28 && m.in_w == 28 && m.classes == 10);
  CHECK(m.layer[0].op == TASD_NN_FC && m.layer[0].in_c == 784 && m.layer[0].in_h == 1 && m.layer[0].out_c == 512);
  CHECK(m.layer[0].act == TASD_NN_ACT_RELU && strcmp(m.layer[0].name, "fc1") == 0);
  CHECK(m.layer[1].in_c == 512 && m.layer[1].out_c == 256 && m.layer[2].out_c == 10);
  CHECK(m.layer[2].act == TASD_NN_ACT_NONE && m.layer[0].w == NULL && m.layer[0].b == NULL);
  CHECK_EQ(tasd_nn_layer_weights(&m.layer[0]), 784 * 512);

  CHECK_MSG(tasd_nn_arch_load("cmodel/nn/models/mlp_gelu.arch", &m, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(m.layer[0].act == TASD_NN_ACT_GELU && m.layer[1].act == TASD_NN_ACT_GELU && m.layer[2].act == TASD_NN_ACT_NONE);

  CHECK_MSG(tasd_nn_arch_load("cmodel/nn/models/cnn.arch", &m, err, sizeof err) == TASD_OK, "%s", err);
  CHECK_EQ(m.nlayers, 3);
  const tasd_nn_layer *c1 = &m.layer[0], *c2 = &m.layer[1], *f = &m.layer[2];
  CHECK(c1->op == TASD_NN_CONV && c1->in_c == 1 && c1->in_h == 28 && c1->out_c == 32 && c1->out_h == 14 &&
        c1->out_w == 14 && c1->k == 3 && c1->stride == 2 && c1->pad == 1);
  CHECK(c2->in_c == 32 && c2->in_h == 14 && c2->out_c == 64 && c2->out_h == 7 && c2->out_w == 7);
  CHECK(f->op == TASD_NN_FC && f->in_c == 64 * 7 * 7 && f->in_h == 1 && f->in_w == 1 && f->out_c == 10);
  CHECK_EQ(tasd_nn_layer_weights(c1), 32 * 1 * 9);
  CHECK_EQ(tasd_nn_layer_weights(c2), 64 * 32 * 9);
  CHECK_EQ(tasd_nn_layer_weights(f), 10 * 3136);

  /* maxpool shapes (floor), conv arithmetic, comments, blank lines, CRLF, tabs */
  const char *t = "# comment\n\n  input 3 11 9 # trailing\r\n\tconv c 4 3 2 0 gelu\r\nmaxpool 2\nfc o 7 none";
  CHECK_MSG(tasd_nn_arch_parse(t, "t.arch", &m, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(m.layer[0].out_h == 5 && m.layer[0].out_w == 4);  /* (11-3)/2+1, (9-3)/2+1 */
  CHECK(m.layer[1].op == TASD_NN_MAXPOOL && m.layer[1].out_c == 4 && m.layer[1].out_h == 2 &&
        m.layer[1].out_w == 2 && m.layer[1].k == 2 && m.layer[1].stride == 2 && m.layer[1].name[0] == '\0');
  CHECK_EQ(tasd_nn_layer_weights(&m.layer[1]), 0);
  CHECK(m.layer[2].in_c == 16 && m.classes == 7);
  /* dotted state_dict prefixes (nn.Sequential) and a conv ending in 1x1 */
  CHECK_MSG(tasd_nn_arch_parse("input 2 3 3\nconv features.0 4 3 1 0 relu\nconv head.1 5 1 1 0 none\n", "d", &m,
                               err, sizeof err) == TASD_OK, "%s", err);
  CHECK(m.classes == 5 && strcmp(m.layer[0].name, "features.0") == 0);
  /* exactly TASD_NN_MAX_LAYERS layers is fine */
  char big[2048] = "input 4 1 1\n";
  for (int i = 0; i < TASD_NN_MAX_LAYERS; i++) {
    char line[64];
    snprintf(line, sizeof line, "fc l%d 4 relu\n", i);
    strcat(big, line);
  }
  CHECK_MSG(tasd_nn_arch_parse(big, "big", &m, err, sizeof err) == TASD_OK, "%s", err);
  CHECK_EQ(m.nlayers, TASD_NN_MAX_LAYERS);
}

/* ---------------------------------------------------------------------------------------- */
typedef struct {
  const char *text;
  tasd_status st;
  const char *where; /* "e.arch:LINE:" */
  const char *what;  /* substring of the message */
} arch_case;

static void test_errors(void) {
  char seventeen[2048] = "input 4 1 1\n";
  for (int i = 0; i <= TASD_NN_MAX_LAYERS; i++) {
    char line[64];
    snprintf(line, sizeof line, "fc l%d 4 relu\n", i);
    strcat(seventeen, line);
  }
  const arch_case cases[] = {
      {"", TASD_ERR_SYNTAX, "e.arch:1:", "no 'input"},
      {"# only a comment\n\n", TASD_ERR_SYNTAX, "e.arch:3:", "no 'input"},
      {"fc a 10 none\n", TASD_ERR_SYNTAX, "e.arch:1:", "first line must be 'input"},
      {"input 1 28\n", TASD_ERR_SYNTAX, "e.arch:1:", "'input' takes 3 fields"},
      {"input 1 28 28 1\n", TASD_ERR_SYNTAX, "e.arch:1:", "'input' takes 3 fields"},
      {"input 0 28 28\nfc a 10 none\n", TASD_ERR_SYNTAX, "e.arch:1:", "bad number '0' for C"},
      {"input 1 x 28\nfc a 10 none\n", TASD_ERR_SYNTAX, "e.arch:1:", "bad number 'x' for H"},
      {"input 1 28 28\ninput 1 28 28\n", TASD_ERR_SYNTAX, "e.arch:2:", "second 'input'"},
      {"input 1 28 28\nfcc a 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "unknown op 'fcc'"},
      {"input 1 28 28\n# c\nfc a 10 sigmoid\n", TASD_ERR_SYNTAX, "e.arch:3:", "unknown activation 'sigmoid'"},
      {"input 1 28 28\nfc a 10\n", TASD_ERR_SYNTAX, "e.arch:2:", "'fc' takes 3 fields"},
      {"input 1 28 28\nfc a 10 relu x y z w v\n", TASD_ERR_SYNTAX, "e.arch:2:", "'fc' takes 3 fields (NAME OUT ACT), got 8"},
      {"input 1 28 28\nfc a ten none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number 'ten' for OUT"},
      {"input 1 28 28\nfc a 0 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number '0' for OUT"},
      {"input 1 28 28\nfc a -3 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number '-3' for OUT"},
      {"input 1 28 28\nfc a +3 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number '+3'"},
      {"input 1 28 28\nfc a 65536 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number '65536'"},
      {"input 1 28 28\nfc a 99999999999999999999 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number"},
      {"input 1 28 28\nfc .a 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad layer name '.a'"},
      {"input 1 28 28\nfc a. 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad layer name 'a.'"},
      {"input 1 28 28\nfc a/b 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad layer name 'a/b'"},
      {"input 1 28 28\nfc abcdefghijklmnopqrstuvwxyz012345 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad layer name"},
      {"input 1 28 28\nfc a 10 relu\nfc a 10 none\n", TASD_ERR_SYNTAX, "e.arch:3:", "duplicate layer name 'a'"},
      {"input 1 28 28\nconv c 8 3 1 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "'conv' takes 6 fields"},
      {"input 1 28 28\nconv c 8 0 1 1 none\nfc f 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "for K"},
      {"input 1 28 28\nconv c 8 3 0 1 none\nfc f 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "for STRIDE"},
      {"input 1 28 28\nconv c 8 3 1 p none\nfc f 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "for PAD"},
      {"input 1 28 28\nconv c 8 3 1 1 tanh\nfc f 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "unknown activation 'tanh'"},
      {"input 1 28 28\nmaxpool\n", TASD_ERR_SYNTAX, "e.arch:2:", "'maxpool' takes 1 field"},
      {"input 1 28 28\nmaxpool 2 2\n", TASD_ERR_SYNTAX, "e.arch:2:", "'maxpool' takes 1 field"},
      {"input 1 28 28\nmaxpool 0\nfc f 10 none\n", TASD_ERR_SYNTAX, "e.arch:2:", "bad number '0' for K"},
      /* shapes */
      {"input 1 4 4\nconv c 8 7 1 1 relu\nfc f 10 none\n", TASD_ERR_SHAPE, "e.arch:2:", "kernel 7 larger than the padded input 6x6"},
      {"input 1 4 4\nmaxpool 5\nfc f 10 none\n", TASD_ERR_SHAPE, "e.arch:2:", "maxpool 5 larger than its 4x4 input"},
      {"input 1 28 28\nfc f 10 relu\nconv c 4 3 1 0 none\n", TASD_ERR_SHAPE, "e.arch:3:", "larger than the padded input 1x1"},
      {"input 1 28 28\n", TASD_ERR_SHAPE, "e.arch:2:", "no layers"},
      {"input 1 28 28\nfc a 10 none\nmaxpool 1\n", TASD_ERR_SHAPE, "e.arch:4:", "must end in fc or conv"},
      {"input 1 8 8\nconv c 10 3 1 1 none\n", TASD_ERR_SHAPE, "e.arch:3:", "1x1 map of class scores, not 8x8"},
      /* ranges */
      {seventeen, TASD_ERR_RANGE, "e.arch:18:", "more than 16 layers"},
      {"input 1 28 28\nfc a 300 none\n", TASD_ERR_RANGE, "e.arch:3:", "300 classes"},
      {"input 65535 65535 65535\nfc a 10 none\n", TASD_ERR_RANGE, "e.arch:1:", "the input has"},
      {"input 1 28 28\nfc a 65535 relu\nfc b 65535 none\n", TASD_ERR_RANGE, "e.arch:3:", "fc b: the weight array has 4294836225 elements"},
  };
  char err[512];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tasd_nn_model m, before;
    memset(&m, 0xA5, sizeof m);
    before = m;
    err[0] = '\0';
    tasd_status st = tasd_nn_arch_parse(cases[i].text, "e.arch", &m, err, sizeof err);
    CHECK_MSG(st == cases[i].st, "case %zu: status %d (%s), want %d; message: %s", i, (int)st, tasd_strerror(st),
              (int)cases[i].st, err);
    CHECK_MSG(strncmp(err, cases[i].where, strlen(cases[i].where)) == 0, "case %zu: message '%s' does not start with '%s'",
              i, err, cases[i].where);
    CHECK_MSG(strstr(err, cases[i].what) != NULL, "case %zu: message '%s' lacks '%s'", i, err, cases[i].what);
    CHECK_MSG(memcmp(&m, &before, sizeof m) == 0, "case %zu: model written on failure", i);
  }
  /* NULLs, a tiny errbuf (truncated, still terminated) and no errbuf at all */
  tasd_nn_model m;
  CHECK_ST(tasd_nn_arch_parse(NULL, "x", &m, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_arch_parse("input 1 1 1", "x", NULL, err, sizeof err), TASD_ERR_NULL);
  char tiny[6];
  CHECK_ST(tasd_nn_arch_parse("fcc", "long_name.arch", &m, tiny, sizeof tiny), TASD_ERR_SYNTAX);
  CHECK(strlen(tiny) == 5);
  CHECK_ST(tasd_nn_arch_parse("fcc", "x", &m, NULL, 0), TASD_ERR_SYNTAX);

  /* files: missing, a directory, a NUL byte; a good file reports its path */
  char path[1100];
  snprintf(path, sizeof path, "%s/missing.arch", g_dir);
  CHECK_ST(tasd_nn_arch_load(path, &m, err, sizeof err), TASD_ERR_IO);
  CHECK_MSG(strstr(err, path) != NULL && strstr(err, "cannot open") != NULL, "%s", err);
  CHECK_ST(tasd_nn_arch_load(g_dir, &m, err, sizeof err), TASD_ERR_IO);
  CHECK_MSG(strstr(err, "not a regular file") != NULL, "%s", err);
  snprintf(path, sizeof path, "%s/nul.arch", g_dir);
  write_file(path, "input 1 2 2\n\0fc a 2 none\n", 25);
  CHECK_ST(tasd_nn_arch_load(path, &m, err, sizeof err), TASD_ERR_SYNTAX);
  CHECK_MSG(strstr(err, "NUL byte") != NULL, "%s", err);
  snprintf(path, sizeof path, "%s/bad.arch", g_dir);
  write_file(path, "input 1 2 2\nfc a 2 soft\n", 24);
  CHECK_ST(tasd_nn_arch_load(path, &m, err, sizeof err), TASD_ERR_SYNTAX);
  char want[1200];
  snprintf(want, sizeof want, "%s:2: unknown activation 'soft'", path);
  CHECK_MSG(strncmp(err, want, strlen(want)) == 0, "'%s' vs '%s'", err, want);
}

/* ---------------------------------------------------------------------------------------- */
/* After conv/maxpool, fc input index j = c * H * W + h * W + w (PyTorch's flatten).          */
static void test_flatten(void) {
  char err[256];
  tasd_nn_model m;
  /* input 1x4x6; conv a: 2 channels, 1x1 kernel, weights 1 and 2; maxpool 2 -> 2x2x3;     */
  /* fc o: 12 outputs, o_j selects flattened element j                                     */
  CHECK_OK(tasd_nn_arch_parse("input 1 4 6\nconv a 2 1 1 0 none\nmaxpool 2\nfc o 12 none\n", "f", &m, err, sizeof err));
  CHECK_OK(tasd_nn_model_alloc(&m));
  m.layer[0].w[0] = 1.0f;
  m.layer[0].w[1] = 2.0f;
  CHECK_EQ(m.layer[2].in_c, 12);
  for (int j = 0; j < 12; j++) m.layer[2].w[j * 12 + j] = 1.0f;
  uint8_t img[24], y = 0;
  for (int i = 0; i < 24; i++) img[i] = (uint8_t)(10 * i + 3); /* increasing: max at bottom-right */
  tasd_nn_data d = {1, 1, 4, 6, 12, img, &y};
  float lg[12];
  CHECK_OK(tasd_nn_forward(&m, &d, lg));
  for (uint32_t c = 0; c < 2; c++)
    for (uint32_t h = 0; h < 2; h++)
      for (uint32_t w = 0; w < 3; w++) {
        /* window (h, w) of channel c: its maximum is input (2h+1, 2w+1) */
        float want = (float)(c + 1) * ((float)img[(2 * h + 1) * 6 + 2 * w + 1] * TASD_NN_PIXEL_SCALE);
        float got = lg[c * 6 + h * 3 + w];
        CHECK_MSG(fabsf(got - want) <= 1e-6f * fabsf(want), "flatten (c %u, h %u, w %u): got %g, want %g", c, h, w,
                  (double)got, (double)want);
      }
  /* an fc-only "input N 1 1" net accepts 1x28x28-style images flattened */
  tasd_nn_model f;
  CHECK_OK(tasd_nn_arch_parse("input 24 1 1\nfc o 2 none\n", "g", &f, err, sizeof err));
  CHECK_OK(tasd_nn_model_alloc(&f));
  f.layer[0].w[5] = 1.0f;
  CHECK_OK(tasd_nn_forward(&f, &d, lg));
  CHECK(lg[0] == (float)img[5] * TASD_NN_PIXEL_SCALE && lg[1] == 0.0f);
  tasd_nn_data d2 = d;
  d2.w = 5; /* 20 pixels: does not fit */
  CHECK_ST(tasd_nn_forward(&f, &d2, lg), TASD_ERR_SHAPE);
  CHECK_ST(tasd_nn_forward(&m, &d2, lg), TASD_ERR_SHAPE);
  tasd_nn_model_free(&m);
  tasd_nn_model_free(&f);
}

/* ---------------------------------------------------------------------------------------- */
static void test_arrays(void) {
  char err[256];
  tasd_nn_model m, c;
  CHECK_OK(tasd_nn_arch_parse("input 2 5 5\nconv a 3 3 1 1 relu\nmaxpool 2\nfc b 4 none\n", "m", &m, err, sizeof err));
  const uint64_t fnv_basis = 0xcbf29ce484222325ull;
  CHECK(tasd_nn_model_hash(&m) == fnv_basis);
  CHECK(tasd_nn_model_hash(NULL) == fnv_basis);
  CHECK_OK(tasd_nn_model_alloc(&m));
  CHECK(m.layer[0].w && m.layer[0].b && m.layer[2].w && m.layer[2].b);
  CHECK(m.layer[1].w == NULL && m.layer[1].b == NULL);
  for (size_t j = 0; j < tasd_nn_layer_weights(&m.layer[2]); j++) CHECK(m.layer[2].w[j] == 0.0f);
  /* hash of all-zero arrays: FNV-1a of (54 + 3 + 48 + 4) * 4 zero bytes */
  uint64_t h = fnv_basis;
  for (int i = 0; i < (54 + 3 + 48 + 4) * 4; i++) h = (h ^ 0u) * 0x100000001b3ull;
  CHECK(tasd_nn_model_hash(&m) == h);
  /* byte order: one weight 1.0f (0x3f800000) hashes as 00 00 80 3f */
  m.layer[0].w[0] = 1.0f;
  h = fnv_basis;
  const uint8_t one[4] = {0x00, 0x00, 0x80, 0x3f};
  for (int i = 0; i < (54 + 3 + 48 + 4) * 4; i++) h = (h ^ (i < 4 ? one[i] : 0u)) * 0x100000001b3ull;
  CHECK(tasd_nn_model_hash(&m) == h);
  /* copy: equal hash, own arrays */
  CHECK_OK(tasd_nn_model_copy(&c, &m));
  CHECK(tasd_nn_model_hash(&c) == tasd_nn_model_hash(&m));
  CHECK(c.layer[0].w != m.layer[0].w && c.layer[2].b != m.layer[2].b);
  c.layer[2].b[3] = -0.0f; /* sign of zero counts: bit patterns are hashed */
  CHECK(tasd_nn_model_hash(&c) != tasd_nn_model_hash(&m));
  CHECK(m.layer[2].b[3] == 0.0f);
  /* alloc on allocated arrays zeroes them in place */
  float *keep = m.layer[0].w;
  CHECK_OK(tasd_nn_model_alloc(&m));
  CHECK(m.layer[0].w == keep && m.layer[0].w[0] == 0.0f);
  tasd_nn_model_free(&c);
  tasd_nn_model_free(&c); /* idempotent */
  CHECK(c.layer[0].w == NULL);
  tasd_nn_model_free(NULL);
  /* copy of a parsed-only model keeps NULL arrays */
  tasd_nn_model p, q;
  CHECK_OK(tasd_nn_arch_parse("input 3 1 1\nfc a 2 none\n", "p", &p, err, sizeof err));
  CHECK_OK(tasd_nn_model_copy(&q, &p));
  CHECK(q.layer[0].w == NULL && q.nlayers == 1);
  CHECK_ST(tasd_nn_model_copy(NULL, &p), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_model_alloc(NULL), TASD_ERR_NULL);
  tasd_nn_model z;
  memset(&z, 0, sizeof z);
  CHECK_ST(tasd_nn_model_alloc(&z), TASD_ERR_RANGE); /* not parsed */
  tasd_nn_model_free(&m);
}

/* ---------------------------------------------------------------------------------------- */
static void test_act_init(void) {
  CHECK(tasd_nn_act_f32(TASD_NN_ACT_RELU, -2.0f) == 0.0f && tasd_nn_act_f32(TASD_NN_ACT_RELU, 3.5f) == 3.5f);
  float rz = tasd_nn_act_f32(TASD_NN_ACT_RELU, -0.0f);
  CHECK(rz == 0.0f && !signbit(rz)); /* +0, never -0 */
  CHECK(!signbit(tasd_nn_act_f32(TASD_NN_ACT_RELU, -1e-30f)));
  CHECK(tasd_nn_act_f32(TASD_NN_ACT_NONE, -2.5f) == -2.5f);
  CHECK(tasd_nn_act_f32(TASD_NN_ACT_GELU, 0.0f) == 0.0f);
  /* exact (erf) GELU: x * Phi(x); Phi(1) = 0.8413447460685429, Phi(-1) = 0.15865525393145707 */
  CHECK(fabs(tasd_nn_act_f32(TASD_NN_ACT_GELU, 1.0f) - 0.8413447460685429) < 1e-6);
  CHECK(fabs(tasd_nn_act_f32(TASD_NN_ACT_GELU, -1.0f) + 0.15865525393145707) < 1e-6);
  CHECK(fabs(tasd_nn_act_f32(TASD_NN_ACT_GELU, 3.0f) - 3.0 * 0.9986501019683699) < 1e-5);

  char err[256];
  tasd_nn_model a, b;
  CHECK_OK(tasd_nn_arch_load("cmodel/nn/models/cnn.arch", &a, err, sizeof err));
  b = a;
  CHECK_OK(tasd_nn_model_init(&a, 42));
  CHECK_OK(tasd_nn_model_init(&b, 42));
  CHECK(tasd_nn_model_hash(&a) == tasd_nn_model_hash(&b));
  uint64_t h42 = tasd_nn_model_hash(&a);
  CHECK_OK(tasd_nn_model_init(&b, 43)); /* re-init of allocated arrays */
  CHECK(tasd_nn_model_hash(&b) != h42);
  /* He-normal: mean 0, std sqrt(2 / fan_in) (fan_in 288 for conv2, 3136 for fc1); biases 0 */
  for (uint32_t i = 0; i < a.nlayers; i++) {
    const tasd_nn_layer *l = &a.layer[i];
    size_t nw = tasd_nn_layer_weights(l), fan = nw / l->out_c;
    double s = 0, s2 = 0;
    for (size_t j = 0; j < nw; j++) {
      s += l->w[j];
      s2 += (double)l->w[j] * l->w[j];
    }
    double mean = s / (double)nw, sd = sqrt(s2 / (double)nw - mean * mean), want = sqrt(2.0 / (double)fan);
    /* 5 standard errors of the estimates */
    CHECK_MSG(fabs(mean) < 5 * want / sqrt((double)nw), "layer %s: mean %g", l->name, mean);
    CHECK_MSG(fabs(sd / want - 1) < 5 / sqrt(2.0 * (double)nw), "layer %s: std %g, want %g", l->name, sd, want);
    for (uint32_t o = 0; o < l->out_c; o++) CHECK(l->b[o] == 0.0f);
  }
  tasd_nn_model_free(&a);
  tasd_nn_model_free(&b);
  CHECK_ST(tasd_nn_model_init(NULL, 1), TASD_ERR_NULL);

  /* the PRNG: fixed outputs for the documented generator (xoshiro256** via splitmix64) */
  tasd_nn__rng r;
  tasd_nn__rng_seed(&r, 1, 0);
  uint64_t x = 1, s[4];
  for (int i = 0; i < 4; i++) {
    uint64_t zz = (x += 0x9E3779B97F4A7C15ull);
    zz = (zz ^ (zz >> 30)) * 0xBF58476D1CE4E5B9ull;
    zz = (zz ^ (zz >> 27)) * 0x94D049BB133111EBull;
    s[i] = zz ^ (zz >> 31);
  }
  uint64_t want = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
  CHECK(tasd_nn__rng_next(&r) == want);
  for (int i = 0; i < 1000; i++) CHECK(tasd_nn__rng_below(&r, 7) < 7);
}

/* ---------------------------------------------------------------------------------------- */
typedef struct {
  const char *text;
  tasd_status st;
  const char *what;
} rec_case;

static void test_recipes(void) {
  char err[512];
  tasd_nn_recipes t;
  const char *good =
      "# name arch epochs batch lr momentum weight_decay seed prune retrain_epochs retrain_lr\n"
      "a\tx.arch\t3\t64\t0.05\t0.9\t5e-4\t7\t0.5,0.8,0.95\t2\t0.01\n"
      "\n"
      "b-1.v2  /abs/y.arch 1 1 1 0 0 18446744073709551615 - 0 0.5  # blanks work too\n";
  CHECK_MSG(tasd_nn_recipe_parse(good, "r.tsv", "dir/sub", &t, err, sizeof err) == TASD_OK, "%s", err);
  CHECK_EQ(t.count, 2);
  const tasd_nn_recipe *a = tasd_nn_recipe_find(&t, "a"), *b = tasd_nn_recipe_find(&t, "b-1.v2");
  CHECK(a != NULL && b != NULL && tasd_nn_recipe_find(&t, "c") == NULL && tasd_nn_recipe_find(NULL, "a") == NULL);
  if (a && b) {
    CHECK(strcmp(a->arch, "dir/sub/x.arch") == 0 && strcmp(b->arch, "/abs/y.arch") == 0);
    CHECK(a->train.epochs == 3 && a->train.batch == 64 && a->train.lr == 0.05f && a->train.momentum == 0.9f);
    CHECK(a->train.weight_decay == 5e-4f && a->train.seed == 7);
    CHECK(a->nprune == 3 && a->prune[0] == 0.5 && a->prune[1] == 0.8 && a->prune[2] == 0.95);
    CHECK(a->retrain_epochs == 2 && a->retrain_lr == 0.01f);
    CHECK(b->nprune == 0 && b->retrain_epochs == 0 && b->train.seed == UINT64_MAX && b->train.momentum == 0.0f);
  }
  CHECK_OK(tasd_nn_recipe_parse(good, "r.tsv", NULL, &t, err, sizeof err));
  CHECK(strcmp(t.r[0].arch, "x.arch") == 0);

  const char *row = "a\tx.arch\t3\t64\t0.05\t0.9\t5e-4\t7\t0.8\t2\t0.01\n";
  char eighteen[4096] = "";
  for (int i = 0; i <= TASD_NN_MAX_RECIPES; i++) {
    char line[128];
    snprintf(line, sizeof line, "r%d x.arch 1 1 0.1 0 0 1 - 0 0.1\n", i);
    strcat(eighteen, line);
  }
  char longarch[700];
  memset(longarch, 'p', 600);
  longarch[600] = '\0';
  char longrow[800];
  snprintf(longrow, sizeof longrow, "a %s 1 1 0.1 0 0 1 - 0 0.1\n", longarch);
  char tworows[256];
  snprintf(tworows, sizeof tworows, "%s%s", row, row);
  const rec_case cases[] = {
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8 2\n", TASD_ERR_SYNTAX, "r.tsv:1: 10 fields, expected 11"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8 2 0.01 9\n", TASD_ERR_SYNTAX, "r.tsv:1: 12 fields"},
      {"#\na/b x.arch 3 64 0.05 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_SYNTAX, "r.tsv:2: bad recipe name 'a/b'"},
      {tworows, TASD_ERR_SYNTAX, "r.tsv:2: duplicate recipe name 'a'"},
      {"a x.arch 0 64 0.05 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_RANGE, "r.tsv:1: epochs 0 out of range"},
      {"a x.arch 3 x 0.05 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_SYNTAX, "r.tsv:1: bad number 'x' for batch"},
      {"a x.arch 3 0 0.05 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_RANGE, "batch 0 out of range"},
      {"a x.arch 3 64 0 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_RANGE, "lr 0 out of range"},
      {"a x.arch 3 64 nan 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_SYNTAX, "bad number 'nan' for lr"},
      {"a x.arch 3 64 0x1p-3 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_SYNTAX, "bad number '0x1p-3' for lr"},
      {"a x.arch 3 64 1e999 0.9 5e-4 7 0.8 2 0.01\n", TASD_ERR_SYNTAX, "bad number '1e999' for lr"},
      {"a x.arch 3 64 0.05 1 5e-4 7 0.8 2 0.01\n", TASD_ERR_RANGE, "momentum 1 out of range"},
      {"a x.arch 3 64 0.05 0.9 -1e-4 7 0.8 2 0.01\n", TASD_ERR_RANGE, "weight_decay -1e-4 out of range"},
      {"a x.arch 3 64 0.05 0.9 5e-4 1.5 0.8 2 0.01\n", TASD_ERR_SYNTAX, "bad number '1.5' for seed"},
      {"a x.arch 3 64 0.05 0.9 5e-4 18446744073709551616 0.8 2 0.01\n", TASD_ERR_SYNTAX, "for seed"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.95,0.8 2 0.01\n", TASD_ERR_RANGE, "prune level 0.8 not above the previous"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8,0.8 2 0.01\n", TASD_ERR_RANGE, "not above the previous"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 1.0 2 0.01\n", TASD_ERR_RANGE, "prune level 1.0 out of range"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0 2 0.01\n", TASD_ERR_RANGE, "prune level 0 out of range"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8,, 2 0.01\n", TASD_ERR_SYNTAX, "bad number '' for prune level"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 .1,.2,.3,.4,.5,.6,.7,.8,.9 2 0.01\n", TASD_ERR_RANGE, "more than 8 prune levels"},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8 0 0.01\n", TASD_ERR_RANGE, "retrain_epochs 0 out of range 1.."},
      {"a x.arch 3 64 0.05 0.9 5e-4 7 0.8 2 -1\n", TASD_ERR_RANGE, "retrain_lr -1 out of range"},
      {eighteen, TASD_ERR_RANGE, "r.tsv:17: more than 16 recipes"},
      {longrow, TASD_ERR_RANGE, "r.tsv:1: arch path"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tasd_nn_recipes before;
    memset(&t, 0x5A, sizeof t);
    before = t;
    err[0] = '\0';
    tasd_status st = tasd_nn_recipe_parse(cases[i].text, "r.tsv", "", &t, err, sizeof err);
    CHECK_MSG(st == cases[i].st, "recipe case %zu: status %d, want %d: %s", i, (int)st, (int)cases[i].st, err);
    CHECK_MSG(strstr(err, cases[i].what) != NULL, "recipe case %zu: message '%s' lacks '%s'", i, err, cases[i].what);
    CHECK_MSG(memcmp(&t, &before, sizeof t) == 0, "recipe case %zu: table written on failure", i);
  }
  /* empty table is fine; load resolves against the file's directory */
  CHECK_OK(tasd_nn_recipe_parse("# nothing\n", "r.tsv", "", &t, err, sizeof err));
  CHECK_EQ(t.count, 0);
  char path[1100];
  snprintf(path, sizeof path, "%s/r.tsv", g_dir);
  write_file(path, row, strlen(row));
  CHECK_MSG(tasd_nn_recipe_load(path, &t, err, sizeof err) == TASD_OK, "%s", err);
  char want[1200];
  snprintf(want, sizeof want, "%s/x.arch", g_dir);
  CHECK_MSG(t.count == 1 && strcmp(t.r[0].arch, want) == 0, "%s", t.r[0].arch);
  snprintf(path, sizeof path, "%s/none.tsv", g_dir);
  CHECK_ST(tasd_nn_recipe_load(path, &t, err, sizeof err), TASD_ERR_IO);
  CHECK_MSG(strstr(err, path) != NULL, "%s", err);
}

int main(int argc, char **argv) {
  nt_init(argc, argv, 0, "arch");
  test_builtin();
  test_errors();
  test_flatten();
  test_arrays();
  test_act_init();
  test_recipes();
  return nt_finish();
}
