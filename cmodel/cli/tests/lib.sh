# SPDX-License-Identifier: Apache-2.0
# Helpers for the tasd CLI tests (sourced). Usage in a test: source lib.sh; TASD=... ; tmp=...
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REF="python3 $HERE/npyref.py"
fails=0
pass() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect CODE NEEDLE CMD...: CMD exits with CODE and its stderr contains NEEDLE.
expect() {
  local code=$1 needle=$2; shift 2
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [[ $rc -ne $code ]]; then bad "exit $rc (want $code): $*  [$err]"; return; fi
  if [[ $err != *"$needle"* ]]; then bad "message lacks '$needle': $*  [$err]"; return; fi
  pass "exit $code '$needle': ${*:2}"
}
# run CMD...: must succeed.
run() {
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc -ne 0 ]]; then bad "exit $rc: $*"; echo "$out" | tail -5; return 1; fi
  return 0
}
finish() {
  if [[ $fails -ne 0 ]]; then echo "$fails check(s) failed"; exit 1; fi
  echo "all checks passed"; exit 0
}
