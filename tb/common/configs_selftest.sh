#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scripts/configs.py must refuse a broken configuration table (exit 1) with a message naming the problem.
#
# Each case writes a one-row table beside a good row and runs `configs.py --table T check`; the
# good table alone must pass, so a refusal cannot come from a broken command line.
set -u
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
good=$'unit_par\ttasd_unit_par\t-\tsim,lint\t-\t-\tgood row'

# case LABEL EXPECTED-MESSAGE-REGEX ROW
case_() {
  local label=$1 re=$2 row=$3
  printf '%s\n%s\n' "$good" "$row" > "$tmp/t.tsv"
  $PY scripts/configs.py --table "$tmp/t.tsv" check > "$tmp/out" 2>&1; local rc=$?
  if [[ $rc != 1 ]]; then
    echo "FAIL $label: exit $rc, want 1"; cat "$tmp/out"; fail=1
  elif ! grep -Eq -- "$re" "$tmp/out"; then
    echo "FAIL $label: message does not match /$re/:"; cat "$tmp/out"; fail=1
  else
    echo "ok   $label: $(head -1 "$tmp/out")"
  fi
}

printf '%s\n' "$good" > "$tmp/t.tsv"
if $PY scripts/configs.py --table "$tmp/t.tsv" check > "$tmp/out" 2>&1; then
  echo "ok   good table: $(cat "$tmp/out")"
else
  echo "FAIL good table refused:"; cat "$tmp/out"; exit 1
fi
case_ "unknown parameter" "t.tsv:2: tasd_unit_par has no parameter Lanes" $'x\ttasd_unit_par\tLanes=2\tsim\t-\t-\td'
case_ "duplicate name" "duplicate configuration 'unit_par'" $'unit_par\ttasd_unit_par\t-\tsim\t-\t-\td'
case_ "unknown top" "unknown top 'tasd_nope'" $'x\ttasd_nope\t-\tsim\t-\t-\td'
case_ "unknown flow" "unknown flow\\(s\\) simm" $'x\ttasd_unit_par\t-\tsimm\t-\t-\td'
case_ "no flow" "unknown flow" $'x\ttasd_unit_par\t-\t-\t-\t-\td'
case_ "bad value" "bad parameter 'M=eight'" $'x\ttasd_unit_par\tM=eight\tsim\t-\t-\td'
case_ "parameter twice" "given twice" $'x\ttasd_unit_par\tM=4,M=8\tsim\t-\t-\td'
case_ "synth without period" "needs a clock period" $'x\ttasd_unit_par\t-\tsynth\t-\t-\td'
case_ "bad period" "positive number of ns, got '0'" $'x\ttasd_unit_par\t-\tsynth\t0\t-\td'
case_ "guard without synth" "guard/main are synthesis flows" $'x\ttasd_unit_par\t-\tguard\t10\t-\td'
case_ "column count" "6 columns, want 7" $'x\ttasd_unit_par\t-\tsim\t-\t-'
case_ "bad name" "bad name 'X-1'" $'X-1\ttasd_unit_par\t-\tsim\t-\t-\td'
case_ "flow without harness" "flow iv needs a unit top" $'x\ttasd_pe\t-\tiv\t-\t-\td'
case_ "bad extract" "bad extract entry" $'x\ttasd_unit_par\t-\tsynth\t10\tbbuf\td'
exit $fail
