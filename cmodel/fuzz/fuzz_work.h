/* SPDX-License-Identifier: Apache-2.0 */
/* The one file a fuzz target writes: $TASD_FUZZ_WORK/fuzz_NAME (run.sh and the test list point */
/* TASD_FUZZ_WORK at a directory of their own under the build tree). The name does not contain   */
/* the process id, so a run is the same from process to process (libFuzzer mutates with values   */
/* the code compares, and a replay must see the same ones); a lock on $TASD_FUZZ_WORK/fuzz_NAME   */
/* .lock refuses a second process in the same directory instead of letting the two collide.      */
#ifndef TASD_FUZZ_WORK_H
#define TASD_FUZZ_WORK_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes the path of work file NAME to buf (size n); traps when it cannot be used. */
static void fuzz_work_path(const char *name, char *buf, size_t n) {
  static int lock_fd = -1;
  const char *work = getenv("TASD_FUZZ_WORK");
  if (work == NULL || work[0] == '\0') {
    fprintf(stderr, "fuzz: set TASD_FUZZ_WORK to a work directory (e.g. build/cmodel/fuzz/work)\n");
    __builtin_trap();
  }
  if (snprintf(buf, n, "%s/fuzz_%s", work, name) >= (int)n) {
    fprintf(stderr, "fuzz: TASD_FUZZ_WORK path too long\n");
    __builtin_trap();
  }
  if (lock_fd >= 0) return;
  char lock[4096];
  if (snprintf(lock, sizeof lock, "%s.lock", buf) >= (int)sizeof lock ||
      (lock_fd = open(lock, O_RDWR | O_CREAT, 0666)) < 0) {
    fprintf(stderr, "fuzz: cannot create %s.lock (does TASD_FUZZ_WORK=%s exist?)\n", buf, work);
    __builtin_trap();
  }
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(lock_fd, F_SETLK, &fl) != 0) {
    fprintf(stderr, "fuzz: another process uses %s (give each fuzzer its own TASD_FUZZ_WORK)\n", buf);
    __builtin_trap();
  }
}

#endif
