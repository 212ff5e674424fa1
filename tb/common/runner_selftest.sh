#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-test of scripts/runtests.py: a list with a passing, a failing (exit 1) and a skipped (77)
# test must give exit status 1, the summary line "2 passed, 1 failed, 1 skipped" (seed 1 passes), summed METRIC
# lines and a JUnit XML file with the same counts. Usage: tb/common/runner_selftest.sh BUILD
set -u
cd "$(dirname "$0")/../.."
dir=${1:?build}/runner-selftest
rm -rf "$dir"; mkdir -p "$dir"
printf '%s\t%s\t%s\t%s\n' \
  pass - 'echo METRIC things 3' 'passes' \
  fail 1-2 'echo METRIC things {seed}; exit $(({seed} - 1))' 'seed 2 fails' \
  skip - 'exit 77' 'skipped' > "$dir/list.tsv"
python3 scripts/runtests.py -j 2 --build "$dir" --junit "$dir/junit.xml" "$dir/list.tsv" > "$dir/out.log" 2>&1
rc=$?
cat "$dir/out.log"
[[ $rc == 1 ]] || { echo "FAIL: runner exit $rc, want 1"; exit 1; }
python3 - "$dir/junit.xml" "$dir/out.log" <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
got = (root.get("tests"), root.get("failures"), root.get("skipped"))
if got != ("4", "1", "1"):
    sys.exit("FAIL: junit tests/failures/skipped = %s, want (4, 1, 1)" % (got,))
fails = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
if fails != ["fail.2"]:
    sys.exit("FAIL: junit failing cases %s, want ['fail.2']" % fails)
lines = open(sys.argv[2]).read().splitlines()
if lines[-1] != "2 passed, 1 failed, 1 skipped":
    sys.exit("FAIL: last line %r" % lines[-1])
if not any(l.split()[:3] == ["metric", "things", "6"] for l in lines):
    sys.exit("FAIL: metric things not summed to 6")
print("runner selftest: exit status, summary line, metrics and JUnit XML agree")
PY
