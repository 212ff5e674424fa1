/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: .npy files: load, save, parse; part of tasd.h. */
#ifndef TASD_NPY_H
#define TASD_NPY_H

#include <stddef.h>
#include <stdint.h>
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* .npy files (format 1.0/2.0/3.0; little-endian int8, uint8, int16, int32, float32; C order). */
/* ------------------------------------------------------------------------------------------ */
/* On failure, errbuf (if not NULL) receives a message naming the file and the problem. */
tasd_status tasd_npy_load(const char *path, tasd_tensor *out, char *errbuf, size_t errlen);
/* Save: a regular file or new path is written to "<path>.tmp<pid>.<n>" in the same directory
 * and renamed onto path on success; on failure only that temporary is removed (an existing
 * file stays as it was). An existing non-regular path (device, FIFO, symlink) is written in
 * place and never removed. Write errors (e.g. /dev/full) return TASD_ERR_IO. */
tasd_status tasd_npy_save(const char *path, const tasd_tensor *t, char *errbuf, size_t errlen);
/* Same parser over a memory buffer (used by the fuzzer); name is used in messages. */
tasd_status tasd_npy_parse(const uint8_t *buf, size_t len, const char *name, tasd_tensor *out,
                           char *errbuf, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* TASD_NPY_H */
