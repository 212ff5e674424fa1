/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: bit-exact reference model of the TASD IP (Tensor Approximation via Structured Decomposition). */
/* The umbrella header: include it, or only the parts you use (each part includes what it needs).   */
#ifndef TASD_H
#define TASD_H

#include "tasd/version.h"   /* TASD_VERSION_*, tasd_version() */
#include "tasd/status.h"    /* tasd_status, tasd_strerror, limits */
#include "tasd/series.h"    /* tasd_series: parse, check, format */
#include "tasd/target.h"    /* hardware targets and their native series */
#include "tasd/tensor.h"    /* tasd_tensor, dtypes */
#include "tasd/arith.h"     /* the arithmetic shared with the RTL */
#include "tasd/unit.h"      /* the TASD unit (block level, unit instance) */
#include "tasd/port.h"      /* the unit's cfg_n_i word */
#include "tasd/decompose.h" /* tensor decomposition */
#include "tasd/pe.h"        /* N:M PE and GEMM */
#include "tasd/stats.h"     /* decomposition statistics */
#include "tasd/npy.h"       /* .npy files */
#include "tasd/io.h"        /* IDX datasets and .npz archives */
#include "tasd/tile.h"      /* the TTC tile and its cycle model */
#include "tasd/tasder.h"    /* TASDER series selection */

#endif /* TASD_H */
