#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Negative test: runs a command that must fail. Passes (exit 0) only when the command exits 1
# and its output matches REGEX (the failure it must report); otherwise fails (exit 1).
# Usage: expect_fail.sh REGEX CMD [ARGS...]
set -u
re=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(FAIL|replay|seed|tile|tasd_pe)' | head -8
if [[ $rc -eq 1 ]] && printf '%s\n' "$out" | grep -Eq -- "$re"; then
  echo "expect_fail: PASS (exit 1 with /$re/ as required): $*"
  exit 0
fi
echo "expect_fail: FAIL: wanted exit 1 and output matching /$re/, got exit $rc: $*"
exit 1
