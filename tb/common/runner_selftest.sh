#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-test of scripts/runtests.py: a list with a passing, a failing (exit 1) and a skipped (77)
# test must give exit status 1, the summary line "2 passed, 1 failed, 1 skipped" (seed 1 passes), summed METRIC
# lines and a JUnit XML file with the same counts; --select / --env run the named tests with a
# variable per instance and refuse an unknown name. Usage: tb/common/runner_selftest.sh BUILD
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
# --select and --env (make coverage): only the named tests, seeds overridden, one variable per
# instance; a name that no list has is refused.
printf '%s\t%s\t%s\t%s\n' envtest 1-3 '[ "$SELFTEST_TAG" = "envtest.{seed}" ]' 'sees its tag' > "$dir/list2.tsv"
printf '%s\t%s\n' fail 1 envtest - > "$dir/select.tsv"
python3 scripts/runtests.py -j 2 --build "$dir" --select "$dir/select.tsv" --env 'SELFTEST_TAG={tag}' \
  "$dir/list.tsv" "$dir/list2.tsv" > "$dir/select.log" 2>&1
rc=$?
cat "$dir/select.log"
[[ $rc == 0 && $(tail -1 "$dir/select.log") == "4 passed, 0 failed, 0 skipped" ]] \
  || { echo "FAIL: --select/--env run: exit $rc, want 0 and '4 passed, 0 failed, 0 skipped'"; exit 1; }
printf '%s\t%s\n' nosuch - > "$dir/select-bad.tsv"
out=$(python3 scripts/runtests.py --build "$dir" --select "$dir/select-bad.tsv" "$dir/list.tsv" 2>&1)
rc=$?
[[ $rc != 0 && $out == *"no test 'nosuch'"* ]] \
  || { echo "FAIL: --select with an unknown name: exit $rc, output '$out'"; exit 1; }
echo "runner selftest: --select runs the named tests with their seeds, --env sets {tag}; unknown names refused"
