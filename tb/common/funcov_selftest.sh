#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-test of tb/common/funcov_report.py: a bin never hit fails, bad input exits 2, counts add up over files.
# Usage: funcov_selftest.sh BUILD
set -u
cd "$(dirname "$0")/../.."
dir=${1:?usage: funcov_selftest.sh BUILD}/funcov-selftest
rm -rf "$dir" && mkdir -p "$dir"
fail=0
expect() {  # expected-exit description command...
  local want=$1 what=$2; shift 2
  "$@" > "$dir/out.txt" 2>&1
  local rc=$?
  if [[ $rc == "$want" ]]; then echo "ok   $what (exit $rc)"; else echo "FAIL $what: exit $rc, expected $want"; cat "$dir/out.txt"; fail=1; fi
}
printf '# funcov cfg_a\nbin/x\t0\nbin/y\t3\n' > "$dir/a1.tsv"
printf '# funcov cfg_a\nbin/x\t2\nbin/y\t0\n' > "$dir/a2.tsv"
printf '# funcov cfg_b\nbin/z\t0\n' > "$dir/b.tsv"
printf 'bin/x\t1\n' > "$dir/bad_header.tsv"
printf '# funcov cfg_a\nbin/x\tmany\n' > "$dir/bad_count.tsv"
R="python3 tb/common/funcov_report.py"
expect 0 "two files of one source hit every bin between them" $R "$dir/a1.tsv" "$dir/a2.tsv"
grep -q "^ *2  bin/x$" "$dir/out.txt" && grep -q "^ *3  bin/y$" "$dir/out.txt" \
  || { echo "FAIL counts not summed per bin"; cat "$dir/out.txt"; fail=1; }
expect 1 "a bin never hit (cfg_a alone: bin/x)" $R "$dir/a1.tsv"
expect 1 "a second source with a bin never hit" $R "$dir/a1.tsv" "$dir/a2.tsv" "$dir/b.tsv"
expect 0 "--allow-missing reports without failing" $R --allow-missing "$dir/b.tsv"
expect 2 "a file without the header line" $R "$dir/bad_header.tsv"
expect 2 "a count that is not a number" $R "$dir/bad_count.tsv"
mkdir -p "$dir/empty"
expect 2 "a directory without coverage files" $R "$dir/empty"
exit $fail
