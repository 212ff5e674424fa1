/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: file I/O beyond .npy: IDX datasets (zlib) and .npz archives (libzip); part of tasd.h. */
#ifndef TASD_IO_H
#define TASD_IO_H

#include <stddef.h>
#include <stdint.h>
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif


/* ------------------------------------------------------------------------------------------ */
/* IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (read through zlib,  */
/* which passes uncompressed files through). Header: two zero bytes, a type code, the rank,    */
/* then rank big-endian uint32 dimensions; data big-endian, C order.                           */
/* Type codes: 0x08 unsigned byte -> TASD_UINT8, 0x09 signed byte -> TASD_INT8, 0x0B int16 ->  */
/* TASD_INT16, 0x0C int32 -> TASD_INT32, 0x0D float32 -> TASD_FLOAT32 (0x0E float64: refused  */
/* with TASD_ERR_DTYPE, like .npy's '<f8').                                                     */
/* Errors (errbuf names the file and the problem): TASD_ERR_IO (missing / unreadable),          */
/* TASD_ERR_FORMAT (bad magic, unknown type, rank 0 or > TASD_MAX_DIMS, truncated header or    */
/* data, bytes after the data, corrupt gzip stream: bad deflate data, CRC/length mismatch,     */
/* stream cut short), TASD_ERR_DTYPE (float64), TASD_ERR_NOMEM (allocation failure, or element */
/* / byte count overflowing size_t). *out is written only on success. gzip -d semantics:       */
/* concatenated gzip members form one stream; non-gzip bytes after the last member are ignored. */
/* ------------------------------------------------------------------------------------------ */
tasd_status tasd_idx_load(const char *path, tasd_tensor *out, char *errbuf, size_t errlen);

/* ------------------------------------------------------------------------------------------ */
/* .npz archives (numpy savez / savez_compressed: a zip of "<name>.npy" members, stored or     */
/* deflated). Each member is parsed with the .npy rules (tasd_npy_parse).                      */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  size_t count;         /* arrays in the archive */
  char **names;         /* member names without the ".npy" suffix, e.g. "fc1.weight" */
  tasd_tensor *arrays;  /* arrays[i] belongs to names[i] */
} tasd_npz;

/* Loads every member, in archive order. Errors (errbuf names the file, and the member when  */
/* one is at fault): TASD_ERR_IO (missing / unreadable), TASD_ERR_FORMAT (empty file, not a    */
/* zip, inconsistent archive, a member that is not "<name>.npy" (directories included), an     */
/* encrypted member, corrupt member data (CRC, deflate), duplicate names), a member .npy       */
/* refuses: tasd_npy_parse's status (TASD_ERR_FORMAT, TASD_ERR_DTYPE e.g. float64,             */
/* TASD_ERR_SHAPE e.g. rank 0), TASD_ERR_NOMEM. *out is zeroed first and filled only on       */
/* success, so tasd_npz_free is always safe. An archive with no members gives count 0.         */
tasd_status tasd_npz_load(const char *path, tasd_npz *out, char *errbuf, size_t errlen);
/* The array called name, or NULL. */
const tasd_tensor *tasd_npz_find(const tasd_npz *z, const char *name);
/* Writes n arrays as "<names[i]>.npy" members (deflated; each as tasd_npy_save would write   */
/* it), in the given order, like tasd_npy_save through a temporary file in the same directory  */
/* renamed onto path on success (an existing file stays as it was on failure; a non-regular   */
/* path is written in place). Equal input gives equal bytes (fixed member timestamps). n == 0  */
/* writes an empty archive (numpy's savez() with no arrays). Errors: TASD_ERR_NULL (NULL path, */
/* names/arrays with n > 0, a NULL name, an array without data), TASD_ERR_RANGE (empty name,   */
/* name ending in '/', duplicate names), the array errors of tasd_npy_save (TASD_ERR_DTYPE,    */
/* TASD_ERR_SHAPE), TASD_ERR_IO, TASD_ERR_NOMEM.                                               */
tasd_status tasd_npz_save(const char *path, const char *const *names, const tasd_tensor *arrays,
                          size_t n, char *errbuf, size_t errlen);
void tasd_npz_free(tasd_npz *z); /* NULL-safe, idempotent */

#ifdef __cplusplus
}
#endif
#endif /* TASD_IO_H */
