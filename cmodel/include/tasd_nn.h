/* SPDX-License-Identifier: Apache-2.0 */
/* libtasdnn: networks on the TASD IP: datasets, float training (OpenBLAS), pruning, int8 inference the tile executes, TASDER on accuracy. */
#ifndef TASD_NN_H
#define TASD_NN_H

#include <stdint.h>
#include <stdio.h>

#include "tasd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Architecture and float model (cmodel/nn/src/model.c; format in docs/networks.md).           */
/* An architecture file is text, one layer per line, '#' starts a comment:                     */
/*   input C H W                          first line: input shape (FC-only nets: input N 1 1)  */
/*   fc NAME OUT ACT                      fully connected, ACT = relu | gelu | none            */
/*   conv NAME OUT K STRIDE PAD ACT       K x K convolution, zero padding PAD                  */
/*   maxpool K                            K x K window, stride K                               */
/* NAME is the state_dict prefix: arrays NAME.weight ([OUT, IN] for fc, [OUT, C, K, K] for     */
/* conv, PyTorch layout) and NAME.bias ([OUT]). An fc after conv/maxpool flattens C, H, W in   */
/* PyTorch order (c * H * W + h * W + w). The last layer's OUT is the number of classes.      */
/* Details (model.c): fields are separated by blanks; numbers are plain decimal 0..            */
/* TASD_NN_MAX_DIM (OUT, K, STRIDE, C, H, W >= 1); NAME is 1..31 characters of A-Z a-z 0-9 _ . */
/* (not starting or ending with '.'), unique in the file. Shapes as PyTorch: conv gives        */
/* floor((H + 2 PAD - K) / STRIDE) + 1, maxpool floor(H / K). The last layer must produce a    */
/* 1x1 map (fc, or a conv that reduces to 1x1) of at most 256 classes.                         */
/* ------------------------------------------------------------------------------------------ */
#define TASD_NN_MAX_LAYERS 16
#define TASD_NN_NAME_LEN 32
#define TASD_NN_MAX_DIM 65535u             /* largest number in an architecture file */
#define TASD_NN_MAX_ELEMS (1ull << 27)     /* most elements of one layer's weights or one image's map */

typedef enum { TASD_NN_FC = 0, TASD_NN_CONV = 1, TASD_NN_MAXPOOL = 2 } tasd_nn_op;
typedef enum { TASD_NN_ACT_NONE = 0, TASD_NN_ACT_RELU = 1, TASD_NN_ACT_GELU = 2 } tasd_nn_act;

typedef struct {
  tasd_nn_op op;
  tasd_nn_act act;
  char name[TASD_NN_NAME_LEN]; /* state_dict prefix ("" for maxpool) */
  uint32_t in_c, in_h, in_w;   /* input shape; an fc keeps its input map's C, H, W (it flattens them; after fc: N, 1, 1) */
  uint32_t out_c, out_h, out_w;/* output shape (fc: out_c = OUT, 1, 1) */
  uint32_t k, stride, pad;     /* conv kernel / stride / padding; maxpool: k = stride = K */
  float *w;                    /* fc [out_c][in_c*in_h*in_w]; conv [out_c][in_c][k][k]; NULL for maxpool */
  float *b;                    /* [out_c]; NULL for maxpool */
} tasd_nn_layer;

typedef struct {
  uint32_t nlayers;
  uint32_t in_c, in_h, in_w;   /* network input shape */
  uint32_t classes;            /* out_c of the last layer */
  tasd_nn_layer layer[TASD_NN_MAX_LAYERS];
} tasd_nn_model;

/* Parses an architecture file and derives every shape; weights are not allocated (w = b =    */
/* NULL). Errors name the file and line ("mlp.arch:3: ..."): TASD_ERR_IO, TASD_ERR_SYNTAX      */
/* (unknown op/activation, wrong field count, bad number or name, duplicate name, missing or   */
/* second 'input' line), TASD_ERR_SHAPE (a layer does not fit its input, e.g. a pool or kernel */
/* larger than the map, no layers, or the net does not end in fc/conv with a 1x1 output),      */
/* TASD_ERR_RANGE (too many layers, a layer above TASD_NN_MAX_ELEMS, > 256 classes).          */
/* *m is written only on success (the whole struct: any arrays it held are not freed).         */
tasd_status tasd_nn_arch_load(const char *path, tasd_nn_model *m, char *errbuf, size_t errlen);
/* Same from text in memory; name is used in messages. */
tasd_status tasd_nn_arch_parse(const char *text, const char *name, tasd_nn_model *m,
                               char *errbuf, size_t errlen);
/* Number of weights of layer i (0 for maxpool). */
size_t tasd_nn_layer_weights(const tasd_nn_layer *l);
/* Allocates every weight and bias array of a parsed model, zeroed (arrays already present are */
/* zeroed in place). TASD_ERR_NOMEM leaves the model as it was.                                */
tasd_status tasd_nn_model_alloc(tasd_nn_model *m);
/* Deep copy (dst gets its own arrays; NULL arrays stay NULL). *dst is overwritten without     */
/* being freed and written only on success.                                                    */
tasd_status tasd_nn_model_copy(tasd_nn_model *dst, const tasd_nn_model *src);
void tasd_nn_model_free(tasd_nn_model *m); /* frees the arrays, NULL-safe, idempotent */

/* Loads NAME.weight / NAME.bias of every layer of a parsed model from an .npz (float32), and  */
/* checks each array's shape against the architecture. Errors name the file and the array:     */
/* TASD_ERR_FORMAT (missing array, unexpected extra array), TASD_ERR_SHAPE (wrong shape),     */
/* TASD_ERR_DTYPE (not float32), TASD_ERR_NAN. The model is unchanged on failure.             */
tasd_status tasd_nn_model_load_npz(tasd_nn_model *m, const char *path, char *errbuf, size_t errlen);
/* Writes the state_dict arrays (float32, PyTorch shapes) as .npz (atomic, see tasd_npz_save). */
tasd_status tasd_nn_model_save_npz(const tasd_nn_model *m, const char *path, char *errbuf,
                                   size_t errlen);
/* FNV-1a 64 of every weight and bias bit pattern in layer order: the determinism fingerprint. */
/* Per fc/conv layer: weights then biases, each float as its 4 IEEE bytes little-endian first; */
/* NULL arrays contribute nothing (a parsed-only model hashes to the FNV offset basis).        */
uint64_t tasd_nn_model_hash(const tasd_nn_model *m);

/* ------------------------------------------------------------------------------------------ */
/* Labelled datasets (cmodel/nn/src/data.c): images as raw bytes, labels 0..classes-1.         */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint32_t n;          /* images */
  uint32_t c, h, w;    /* image shape; an IDX of rank 3 [n, h, w] gives c = 1 */
  uint32_t classes;
  uint8_t *x;          /* [n][c*h*w] pixels 0..255, C order (c, h, w) */
  uint8_t *y;          /* [n] labels */
} tasd_nn_data;

/* Reads an IDX image file ([n, h, w] or [n, c, h, w], unsigned byte) and an IDX label file    */
/* ([n], unsigned byte). Errors name the file: those of tasd_idx_load (TASD_ERR_IO,             */
/* TASD_ERR_FORMAT, TASD_ERR_DTYPE for float64, TASD_ERR_NOMEM), TASD_ERR_SHAPE (counts differ, */
/* wrong rank or type, a dimension above TASD_NN_MAX_DIM), TASD_ERR_RANGE (classes not 1..256, */
/* a label >= classes, naming its index and value). *out is written only on success; it owns  */
/* x and y (tasd_nn_data_free).                                                                */
tasd_status tasd_nn_data_load(const char *images, const char *labels, uint32_t classes,
                              tasd_nn_data *out, char *errbuf, size_t errlen);
/* View of images [first, first + n) (shares the buffers; do not free the view). TASD_ERR_RANGE */
/* when the range is not inside d, TASD_ERR_NULL.                                              */
tasd_status tasd_nn_data_slice(const tasd_nn_data *d, uint32_t first, uint32_t n,
                               tasd_nn_data *view);
void tasd_nn_data_free(tasd_nn_data *d);
/* The float input the networks are trained on: (float)pixel * TASD_NN_PIXEL_SCALE (one float */
/* multiply, ~ pixel / 255), everywhere (training, float forward, calibration).               */
#define TASD_NN_PIXEL_SCALE (1.0f / 255.0f)

/* Fashion-MNIST as Debian's dataset-fashion-mnist installs it, and the project's splits:     */
/* train-*: images [0, TASD_NN_TRAIN_IMAGES) are the training split, the last                  */
/* TASD_NN_CALIB_IMAGES [TASD_NN_TRAIN_IMAGES, 60000) the calibration split (int8 scales and   */
/* TASDER's accuracy measure; never trained on); t10k-*: the test split (reported only).       */
#define TASD_NN_DATA_DIR "/usr/share/datasets/fashion-mnist"
#define TASD_NN_TRAIN_IMAGES 55000u
#define TASD_NN_CALIB_IMAGES 5000u
#define TASD_NN_CLASSES 10u

/* ------------------------------------------------------------------------------------------ */
/* Float training (cmodel/nn/src/train.c): SGD with momentum, softmax cross-entropy, GEMMs in  */
/* OpenBLAS (sgemm, one thread, so a run is deterministic), convolutions as im2col + GEMM.     */
/* Every entry point below calls openblas_set_num_threads(1) (process-wide): how OpenBLAS     */
/* splits a GEMM over threads, and for some shapes which code path it takes, depends on the    */
/* thread count, which may change the float summation order; with one fixed thread a result   */
/* depends only on the inputs and the sgemm kernel, so the same seed gives the same model hash */
/* run after run on one machine (one thread also keeps a shared machine usable).               */
/* The kernel: OpenBLAS picks it for the CPU when it loads (tasd_nn_blas_core names it); a CPU */
/* it does not know falls back to the generic "Prescott" SSE3 kernel, ~3x slower here (the     */
/* project machine's Xeon under OpenBLAS 0.3.21). OPENBLAS_CORETYPE=SkylakeX (or Haswell) in   */
/* the environment selects a fast one. Hashes differ between kernels (summation order), not   */
/* between runs.                                                                              */
/* Steps: the training set is reshuffled every epoch (Fisher-Yates, xoshiro256** seeded by     */
/* splitmix64 from cfg.seed); mini-batches of cfg.batch in that order, the last one partial;   */
/* loss = mean softmax cross-entropy of the batch; PyTorch SGD: g = grad + weight_decay * w    */
/* (weights only, not biases), v = momentum * v + g, w -= lr_t * v, with                       */
/* lr_t = lr * (1 + cos(pi * t / T)) / 2 for step t of T. Float maths in float32 (losses are   */
/* summed in double); maxpool routes the gradient to the first maximum of a window.            */
/* GELU is the exact (erf) form, PyTorch's default nn.GELU(): x * (1 + erf(x / sqrt 2)) / 2.   */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  uint64_t seed;        /* initialization and shuffling */
  uint32_t epochs;
  uint32_t batch;
  float lr;             /* learning rate (cosine-decayed to 0 over the run) */
  float momentum;
  float weight_decay;
} tasd_nn_train_cfg;

/* The activation as every float forward applies it (erff-based GELU, see above; ReLU gives   */
/* +0.0f for x <= 0).                                                                          */
float tasd_nn_act_f32(tasd_nn_act act, float x);
/* The sgemm kernel OpenBLAS uses (openblas_get_corename, e.g. "Prescott", "SkylakeX"): log it  */
/* next to model hashes.                                                                       */
const char *tasd_nn_blas_core(void);

/* He-normal weights (std sqrt(2 / fan_in), fan_in = IN for fc, C * K * K for conv, standard    */
/* normals by Box-Muller from xoshiro256** seeded by splitmix64 from seed, layer by layer in   */
/* array order), zero biases (allocates when the arrays are NULL; NOMEM leaves m as it was).  */
tasd_status tasd_nn_model_init(tasd_nn_model *m, uint64_t seed);
/* Trains in place. mask (may be NULL): per layer, NULL or a [weights] 0/1 array; masked       */
/* weights stay exactly 0 (the pruned retrain): they are set to +0.0f before the first step    */
/* and after every step, and their momentum is held at 0. log (may be NULL) gets one line per  */
/* epoch (and, on failure, a line naming the problem). The model changes only on success      */
/* (training runs on a copy). Errors: TASD_ERR_NULL, TASD_ERR_RANGE (epochs or batch 0, empty  */
/* data, lr <= 0, momentum not in [0, 1), weight_decay < 0, non-finite values, a label >=      */
/* classes), TASD_ERR_SHAPE (the data's image shape is not the model's input), TASD_ERR_NAN    */
/* (the loss or a weight became NaN/Inf: diverged), TASD_ERR_NOMEM.                          */
tasd_status tasd_nn_train(tasd_nn_model *m, const tasd_nn_data *train,
                          const tasd_nn_train_cfg *cfg, uint8_t *const *mask, FILE *log);
/* Float logits [n][classes] for images of d (batches of 256; same errors as training). */
tasd_status tasd_nn_forward(const tasd_nn_model *m, const tasd_nn_data *d, float *logits);
/* Top-1 accuracy (0..1) of the float model (argmax ties: lower class). Empty d: RANGE. */
tasd_status tasd_nn_accuracy(const tasd_nn_model *m, const tasd_nn_data *d, double *acc);
/* Unstructured magnitude pruning: in every fc/conv layer, the fraction `sparsity` of weights  */
/* with the smallest |w| (ties: lower index first) set to 0; masks (may be NULL) receive the   */
/* kept-weight masks, allocated here (free each with free()).                                  */
/* Per layer round(sparsity * weights) weights (halves up) become +0.0f; |w| is compared as    */
/* float magnitudes, so weights already 0 go first. masks: an array of nlayers pointers, each  */
/* set to a [weights] 0/1 array (1 = kept) or NULL for maxpool. sparsity in [0, 1] (else       */
/* TASD_ERR_RANGE); TASD_ERR_NAN for a NaN/Inf weight; nothing changes on failure.            */
tasd_status tasd_nn_prune(tasd_nn_model *m, double sparsity, uint8_t **masks);

/* ------------------------------------------------------------------------------------------ */
/* Training recipes (cmodel/nn/src/recipe.c): cmodel/nn/models/recipes.tsv, one row per model, */
/* the one source of truth of how the built-in models are trained. '#' starts a comment; a row */
/* has 11 fields separated by tabs (or blanks):                                                 */
/*   name arch epochs batch lr momentum weight_decay seed prune retrain_epochs retrain_lr       */
/* arch is a file name resolved against the table's directory; prune is '-' (dense only) or a  */
/* comma list of strictly ascending sparsities in (0, 1). Meaning: tasd_nn_model_init(seed),   */
/* tasd_nn_train on the training split with {seed, epochs, batch, lr, momentum, weight_decay}; */
/* then for every level j in order: tasd_nn_prune of the model of the previous level (the      */
/* dense one for j = 0) to prune[j] and a masked retrain of retrain_epochs epochs with          */
/* lr = retrain_lr, seed = seed + 1 + j (batch, momentum, weight_decay as above).              */
/* ------------------------------------------------------------------------------------------ */
#define TASD_NN_MAX_RECIPES 16
#define TASD_NN_MAX_PRUNE 8
#define TASD_NN_PATH_LEN 512

typedef struct {
  char name[TASD_NN_NAME_LEN];     /* model name, e.g. "mlp" ([A-Za-z0-9_.-], unique) */
  char arch[TASD_NN_PATH_LEN];     /* architecture file, resolved against the table's directory */
  tasd_nn_train_cfg train;         /* dense training */
  uint32_t nprune;                 /* pruning levels, 0..TASD_NN_MAX_PRUNE */
  double prune[TASD_NN_MAX_PRUNE]; /* sparsities, strictly ascending in (0, 1) */
  uint32_t retrain_epochs;         /* masked retrain epochs after each level (>= 1 when nprune > 0) */
  float retrain_lr;                /* peak learning rate of the retrain */
} tasd_nn_recipe;

typedef struct {
  uint32_t count;
  tasd_nn_recipe r[TASD_NN_MAX_RECIPES];
} tasd_nn_recipes;

/* Reads a recipe table. Errors name the file and line: TASD_ERR_IO, TASD_ERR_SYNTAX (field   */
/* count, bad number or name, duplicate name), TASD_ERR_RANGE (a value outside the ranges of  */
/* tasd_nn_train, prune levels not ascending in (0, 1), more than TASD_NN_MAX_RECIPES rows or */
/* TASD_NN_MAX_PRUNE levels, a path longer than TASD_NN_PATH_LEN - 1). *out only on success.  */
tasd_status tasd_nn_recipe_load(const char *path, tasd_nn_recipes *out, char *errbuf, size_t errlen);
/* Same from text in memory; name is used in messages, dir ("" or NULL: none) prefixes arch.  */
tasd_status tasd_nn_recipe_parse(const char *text, const char *name, const char *dir,
                                 tasd_nn_recipes *out, char *errbuf, size_t errlen);
/* The row called name, or NULL. */
const tasd_nn_recipe *tasd_nn_recipe_find(const tasd_nn_recipes *t, const char *name);

/* int8 networks on the tile: quantization, forward pass, cycles, TASDER on accuracy. */
#include "tasd/nn_int8.h"

#ifdef __cplusplus
}
#endif
#endif /* TASD_NN_H */
