/* SPDX-License-Identifier: Apache-2.0 */
/* libtasdnn int8 networks: quantization, the tile-exact int8 forward pass with per-layer TASD, tile cycles, TASDER on accuracy. Part of tasd_nn.h. */
#ifndef TASD_NN_INT8_H
#define TASD_NN_INT8_H

/* Included from tasd_nn.h after the float model types; do not include on its own. */

/* ------------------------------------------------------------------------------------------ */
/* Quantized network (cmodel/nn/src/quant.c; docs/networks.md "int8 scheme").                  */
/* Activations are int8 in NHWC order (image n, row h, column w, channel c fastest), so a     */
/* layer's GEMM operand X has one row per output position and its K runs over (kh, kw, c) for */
/* conv (im2col) and over (h, w, c) for fc: a block of M consecutive K elements is M channels */
/* of one position whenever C is a multiple of M -- exactly the blocks the tile's drain       */
/* decomposes along its columns (output channels). fc weights after a conv are permuted from  */
/* PyTorch's (c, h, w) flatten order to (h, w, c) once, at quantization.                      */
/* Scales: weights per tensor, symmetric (w = w_scale * q, |q| <= 127); the input image q =   */
/* round(pixel * 127 / 255) (scale 1/127); bias in accumulator units round(b / (s_in * s_w)); */
/* the output scale is s_in * s_w * 2^shift with the per-layer shift chosen on calibration    */
/* images (the tile requantizes by a shift, tasd_requant_i8). GELU is applied by the host to  */
/* the int8 pre-activation through a 256-entry table at the same scale.                        */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  tasd_nn_op op;
  tasd_nn_act act;
  char name[TASD_NN_NAME_LEN];
  uint32_t in_c, in_h, in_w, out_c, out_h, out_w, k, stride, pad;
  uint32_t kdim;        /* GEMM K: in_c*k*k (conv), in_c*in_h*in_w (fc); 0 for maxpool */
  uint32_t rows_per_img;/* GEMM rows per image: out_h*out_w (1 for fc) */
  int8_t *w;            /* [out_c][kdim], K in the activation order above */
  int32_t *bias;        /* [out_c], accumulator units */
  uint32_t shift;       /* requantization shift 0..31 */
  int relu;             /* the tile applies ReLU */
  double w_scale, in_scale, out_scale;
  int8_t gelu_lut[256]; /* GELU layers: lut[q + 128] */
} tasd_nn_qlayer;

typedef struct {
  uint32_t nlayers;
  uint32_t in_c, in_h, in_w, classes;
  tasd_nn_qlayer layer[TASD_NN_MAX_LAYERS];
} tasd_nn_qmodel;

/* Quantizes a float model; shifts from the dense int8 pass over the calibration images cal   */
/* (the smallest shift that keeps the largest post-activation value of every layer <= 127;    */
/* the last layer keeps its raw int32 sums for the class decision and gets shift 0).          */
tasd_status tasd_nn_quantize(const tasd_nn_model *m, const tasd_nn_data *cal, tasd_nn_qmodel *q,
                             char *errbuf, size_t errlen);
void tasd_nn_qmodel_free(tasd_nn_qmodel *q); /* NULL-safe, idempotent */
/* FNV-1a 64 over every int8 weight, bias and shift: the quantized model's fingerprint. */
uint64_t tasd_nn_qmodel_hash(const tasd_nn_qmodel *q);
/* Index of the i-th GEMM layer (fc/conv) among q's layers, or -1. */
int tasd_nn_qmodel_gemm_layer(const tasd_nn_qmodel *q, uint32_t i);
uint32_t tasd_nn_qmodel_gemm_count(const tasd_nn_qmodel *q);

/* Layer building blocks (cmodel/nn/src/qlayer.c), for running the int8 network on other      */
/* hardware or checking it step by step (tasdnet's RTL runner uses them).                     */
/* Images -> int8 NHWC input activations: q = round(pixel * 127 / 255), out [n][h][w][c]. */
void tasd_nn_input_i8(const tasd_nn_data *d, uint32_t first, uint32_t n, int8_t *out);

/* The GEMM operand X of a fc/conv layer for n images of NHWC input act: [n*rows_per_img][kdim] */
/* (im2col in (kh, kw, c) order for conv, zero padding; the flat (h, w, c) vector for fc).     */
void tasd_nn_operand_x(const tasd_nn_qlayer *l, const int8_t *act, uint32_t n, int8_t *x);

/* [out_c][kdim] -> [kdim][out_c] */
void tasd_nn_transpose_i8(const int8_t *w, size_t out_c, size_t kdim, int8_t *wt);

/* Drain post-processing of a layer: ReLU/requant (tasd_post_apply), then GELU by the table. */
int8_t tasd_nn_qlayer_post(const tasd_nn_qlayer *l, int32_t acc);

/* Max pooling of NHWC int8 act: l->k x l->k windows, stride l->k. */
void tasd_nn_maxpool_i8(const tasd_nn_qlayer *l, const int8_t *in, uint32_t n, int8_t *out);

/* Elements of one image's activation at the input / output of layer l. */
size_t tasd_nn_qlayer_in_elems(const tasd_nn_qlayer *l);
size_t tasd_nn_qlayer_out_elems(const tasd_nn_qlayer *l);


/* ------------------------------------------------------------------------------------------ */
/* Per-layer TASD assignment: which operand the tile decomposes and with which series.         */
/* ------------------------------------------------------------------------------------------ */
typedef enum {
  TASD_NN_DENSE = 0, /* nothing decomposed (the tile runs the dense series of the target) */
  TASD_NN_W = 1,     /* weights decomposed offline (TASD-W): A = W, B = X^T */
  TASD_NN_A = 2      /* activations decomposed (TASD-A): A = X, B = W^T; for a layer fed by */
                     /* another GEMM layer the previous drain's TASD units produce the terms */
} tasd_nn_operand;

typedef struct {
  tasd_nn_operand opnd;
  tasd_series series;  /* ignored when opnd == TASD_NN_DENSE */
} tasd_nn_lchoice;

typedef struct {
  uint32_t n;                                /* GEMM layers (tasd_nn_qmodel_gemm_count) */
  tasd_nn_lchoice layer[TASD_NN_MAX_LAYERS]; /* by GEMM-layer index */
} tasd_nn_assign;

void tasd_nn_assign_dense(const tasd_nn_qmodel *q, tasd_nn_assign *a);

/* Per GEMM layer results of one evaluation. */
typedef struct {
  uint64_t macs_dense;   /* rows * out_c * kdim over the images */
  uint64_t macs_tasd;    /* MACs the series issues (dense layers: macs_dense) */
  double act_sparsity;   /* fraction of zeros in the layer's int8 GEMM input X */
  double act_pdensity;   /* pseudo-density (share 0.99) of X, over the evaluated images */
  double w_sparsity;     /* fraction of zero int8 weights */
} tasd_nn_lstats;

typedef struct {
  uint32_t images, correct;
  double top1;                              /* correct / images */
  uint64_t macs_dense, macs_tasd;
  tasd_nn_lstats layer[TASD_NN_MAX_LAYERS]; /* by GEMM-layer index */
} tasd_nn_eval;

/* The int8 forward pass over d with assignment a (NULL: all dense), exactly what the tile     */
/* computes: per GEMM layer the decomposed operand is reconstructed from its kept elements    */
/* (tasd_decompose) and multiplied exactly (tasd_gemm_i8; int32 wrap is order-independent),   */
/* bias added, ReLU and requantization by tasd_post_apply, GELU by the table. The class is    */
/* the argmax of the last layer's biased int32 sums (lowest index on ties). pred (may be      */
/* NULL) gets [images] classes, logits (may be NULL) [images][classes] int32.                 */
tasd_status tasd_nn_qforward(const tasd_nn_qmodel *q, const tasd_nn_assign *a,
                             const tasd_nn_data *d, tasd_nn_eval *ev, uint8_t *pred,
                             int32_t *logits);

/* ------------------------------------------------------------------------------------------ */
/* Tile cycles of an assignment (tasd_tile_gemm_cycles per layer, cmodel/nn/src/cycles.c).     */
/* Each GEMM layer maps onto the tile in the orientation of its decomposed operand (A: rows = */
/* positions, cols = out channels; W: rows = out channels, cols = positions); dense layers    */
/* run as A with the target's dense series. The tile's m must equal the target's m.          */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint64_t cycles[TASD_NN_MAX_LAYERS]; /* by GEMM-layer index */
  uint64_t total;
} tasd_nn_cycles;
/* The target's dense series: its native terms summing to m, fewest terms (4:8+4:8, 2:4+2:4). */
tasd_status tasd_nn_dense_series(const tasd_target *t, tasd_series *out);
/* Tile parameters for a target: the default tile with m and max_terms of the target (at least */
/* the dense series' terms) and the same B buffer storage in elements (kblocks_max * m).      */
tasd_status tasd_nn_tile_params(const tasd_target *t, tasd_tile_params *p);
tasd_status tasd_nn_cycles_of(const tasd_nn_qmodel *q, const tasd_nn_assign *a,
                              const tasd_target *t, uint32_t images, tasd_nn_cycles *out);

/* ------------------------------------------------------------------------------------------ */
/* TASDER on measured accuracy (cmodel/nn/src/tasder_net.c). Quality = int8 top-1 on the      */
/* calibration images; a choice is kept when quality >= threshold * the int8 dense quality.   */
/*   NETWORK_W: one TASD-W series for every layer (tasd_tasder_networkwise).                  */
/*   LAYER_W:   layer-wise greedy TASD-W (tasd_tasder_layerwise).                             */
/*   LAYER_A:   layer-wise TASD-A (tasd_tasder_pick_act per layer on the layer's input        */
/*              sparsity, or 1 - pseudo-density when the input comes from a GELU), swept over */
/*              alphas; for each alpha, while the threshold fails, the layer whose return to  */
/*              dense recovers the most quality goes back to dense; the pick is the alpha     */
/*              with the fewest MACs.                                                         */
/*   MIXED:     per layer the LAYER_W or LAYER_A choice that costs less: fewer tile cycles    */
/*              (tasd_nn_cycles_of for cycle_images images; the two orientations load B very  */
/*              differently) or, with cycle_images = 0, fewer MACs; while the threshold fails, */
/*              layers go back to their other choice (smallest gain first); if it still       */
/*              fails, the cheaper of LAYER_W and LAYER_A.                                    */
/* ------------------------------------------------------------------------------------------ */
typedef enum {
  TASD_NN_NETWORK_W = 0,
  TASD_NN_LAYER_W = 1,
  TASD_NN_LAYER_A = 2,
  TASD_NN_MIXED = 3
} tasd_nn_method;
const char *tasd_nn_method_name(tasd_nn_method m); /* "network-W", "layer-W", "layer-A", "mixed" */

typedef struct {
  const tasd_target *target;
  double threshold;      /* e.g. 0.99 */
  const double *alphas;  /* LAYER_A / MIXED sweep, each in [-1, 1] */
  size_t nalphas;
  uint32_t cycle_images; /* MIXED: images per batch of the cycle comparison; 0 = compare MACs */
} tasd_nn_tasder_cfg;

typedef struct {
  tasd_nn_assign assign;
  double quality_orig;   /* int8 dense top-1 on the calibration images */
  double quality;        /* top-1 of assign on the calibration images */
  double alpha;          /* LAYER_A / MIXED: the alpha of the TASD-A part */
  uint64_t macs_dense, macs_tasd; /* on the calibration images */
  size_t evaluations;    /* forward passes over the calibration images */
} tasd_nn_tasder_result;

/* log (may be NULL) gets one line per evaluation. */
tasd_status tasd_nn_tasder(const tasd_nn_qmodel *q, const tasd_nn_data *cal, tasd_nn_method method,
                           const tasd_nn_tasder_cfg *cfg, tasd_nn_tasder_result *out, FILE *log);
/* Text of a layer choice: "dense", "W:4:8+1:8", "A:2:8". */
tasd_status tasd_nn_lchoice_format(const tasd_nn_lchoice *c, char *buf, size_t len);
/* Parses that text (TASD_ERR_SYNTAX / TASD_ERR_ILLEGAL_SERIES as tasd_series_parse). */
tasd_status tasd_nn_lchoice_parse(const char *text, tasd_nn_lchoice *c);
/* A whole assignment, choices separated by '|' ("W:4:8|A:2:8|dense"), one per GEMM layer of q */
/* (TASD_ERR_SHAPE when the count differs).                                                   */
tasd_status tasd_nn_assign_parse(const tasd_nn_qmodel *q, const char *text, tasd_nn_assign *a);

#endif /* TASD_NN_INT8_H */
