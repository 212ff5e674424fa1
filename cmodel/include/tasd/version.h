/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: the library version (the one place it is written; cmodel.mk and tasd.pc read it); part of tasd.h. */
#ifndef TASD_VERSION_H
#define TASD_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define TASD_VERSION_MAJOR 0
#define TASD_VERSION_MINOR 1
#define TASD_VERSION_PATCH 0
#define TASD_VERSION_STRING "0.1.0"
/* One number for compile-time checks: 10000 * major + 100 * minor + patch. */
#define TASD_VERSION_NUMBER (10000 * TASD_VERSION_MAJOR + 100 * TASD_VERSION_MINOR + TASD_VERSION_PATCH)

/* The version of the library linked at run time ("0.1.0"); compare with TASD_VERSION_STRING
 * to catch a program built against other headers. */
const char *tasd_version(void);

#ifdef __cplusplus
}
#endif
#endif /* TASD_VERSION_H */
