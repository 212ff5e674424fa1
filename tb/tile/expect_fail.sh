#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Negative test: runs a command that must fail. Passes (exit 0) only when the command exits with
# the wanted status (1 unless --rc N is given) and its output matches REGEX (the failure it must
# report); otherwise fails (exit 1).
# Usage: expect_fail.sh [--rc N] REGEX CMD [ARGS...]
set -u
want=1
if [[ ${1:-} == --rc ]]; then
  want=$2
  shift 2
fi
re=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(FAIL|replay|seed|tile|tasd_pe|job)' | head -8
if [[ $rc -eq $want ]] && printf '%s\n' "$out" | grep -Eq -- "$re"; then
  echo "expect_fail: PASS (exit $want with /$re/ as required): $*"
  exit 0
fi
echo "expect_fail: FAIL: wanted exit $want and output matching /$re/, got exit $rc: $*"
exit 1
