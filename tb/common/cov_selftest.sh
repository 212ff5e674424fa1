#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Test of the coverage flow (make coverage) on the skid_w8 coverage build: run, merge, info, HTML, summary, an unreached line not hit; broken inputs refused.
#
# Usage: tb/common/cov_selftest.sh BUILD   (needs BUILD/cov/skid/skid_w8/Vskid, a make test prerequisite)
# Checks, each by exit status:
#   - two runs of the coverage build with TASD_COVFILE write one coverage file each and its
#     .reset snapshot, and the plain build (BUILD/skid/skid_w8/Vskid) given TASD_COVFILE writes
#     nothing (VM_COVERAGE 0);
#   - tb/common/cov_report.sh merges them: merged.info has a record for the slice's RTL file with
#     at least one hit line, html/index.html exists, summary.tsv has the file's row with lines
#     and toggles hit > 0 and hit <= total;
#   - a deliberately unreached line shows as not hit: a +beats=0 run (only the harness's
#     full-rate phase, valid and ready always high) never loads the skid register, so the two
#     lines that fill it (found by their text in the RTL) must be "not hit" in that run
#     (cov_summary.py line exits 1), "hit" in the random runs (exit 0), and its summary row must
#     show fewer branches hit than the random runs';
#   - cov_summary.py exits 2 naming the problem for a missing file, a file that is not a
#     coverage file, a malformed point and a malformed info file, and 1 when no point is
#     under the --under directory.
set -u
cd "$(dirname "$0")/../.."
build=${1:?usage: cov_selftest.sh BUILD}
dir=$build/cov-selftest
bin=$build/cov/skid/skid_w8/Vskid
plain=$build/skid/skid_w8/Vskid
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

[[ -x $bin ]] || { echo "FAIL: $bin missing (make $bin)"; exit 1; }
# The slice's file as the core tasd:ip:prim lists it.
rtl=$(grep -m1 '/tasd_skid_buf\.sv$' "$build/gen/filelists/prim.f") || { echo "FAIL: no skid file in prim.f"; exit 1; }
rm -rf "$dir" && mkdir -p "$dir/dat"

for s in 1 2; do
  if TASD_COVFILE=$dir/dat/run$s.dat "$bin" +seed=$s > "$dir/run$s.log" 2>&1; then
    [[ -s $dir/dat/run$s.dat ]] && ok "run $s wrote its coverage file" || fail "run $s wrote no $dir/dat/run$s.dat"
    [[ -s $dir/dat/run$s.dat.reset ]] && ok "run $s wrote its reset snapshot" || fail "run $s wrote no $dir/dat/run$s.dat.reset"
  else
    fail "coverage run $s failed: $(tail -3 "$dir/run$s.log")"
  fi
done
if [[ -x $plain ]]; then
  TASD_COVFILE=$dir/plain.dat "$plain" +seed=1 +beats=500 > "$dir/plain.log" 2>&1 || fail "plain build run failed"
  [[ ! -e $dir/plain.dat && ! -e $dir/plain.dat.reset ]] && ok "the plain build ignores TASD_COVFILE" \
    || fail "the plain build wrote $dir/plain.dat*"
else
  fail "$plain missing (make $plain)"
fi
# The run that never uses the skid register, in a directory of its own.
mkdir -p "$dir/nostall/dat"
TASD_COVFILE=$dir/nostall/dat/run0.dat "$bin" +seed=1 +beats=0 > "$dir/nostall/run0.log" 2>&1 \
  || fail "coverage run +beats=0 failed: $(tail -3 "$dir/nostall/run0.log")"

if bash tb/common/cov_report.sh "$dir" "$dir/dat" "$rtl" > "$dir/report.log" 2>&1; then
  ok "cov_report.sh"
  abs=$PWD/$rtl
  # DA lines of the slice's record with a count > 0
  hits=$(awk -v sf="SF:$abs" '$0 == sf { r = 1; next } /^end_of_record/ { r = 0 }
    r && /^DA:/ { split(substr($0, 4), a, ","); if (a[2] > 0) n++ } END { print n + 0 }' "$dir/merged.info")
  grep -qx "SF:$abs" "$dir/merged.info" && ok "merged.info names $abs" || fail "merged.info has no SF:$abs"
  [[ $hits -gt 0 ]] && ok "merged.info: $hits lines hit" || fail "merged.info: no line of $rtl hit"
  [[ -s $dir/html/index.html ]] && ok "genhtml wrote html/index.html" || fail "no $dir/html/index.html"
  [[ -s $dir/reset.dat && -e $dir/missed.txt ]] && ok "reset.dat and missed.txt written" || fail "no $dir/reset.dat or missed.txt"
  if awk -F'\t' -v f="$rtl" '$1 == f { found = 1
        if (!($2 > 0 && $2 <= $3 && $6 > 0 && $6 <= $7)) bad = 1 }
      END { exit !(found && !bad) }' "$dir/summary.tsv"; then
    ok "summary row: $(grep -F "$rtl" "$dir/summary.txt")"
  else
    fail "summary.tsv has no good row for $rtl: $(cat "$dir/summary.tsv")"
  fi
else
  fail "cov_report.sh failed: $(tail -5 "$dir/report.log")"
fi

# A deliberately unreached line must show as not hit (and the same line as hit where it ran).
line_status() {  # line_status DAT LINE: cov_summary.py line's exit status
  python3 tb/common/cov_summary.py line "$1" "$rtl" "$2" --root . >> "$dir/lines.log" 2>&1
  echo $?
}
for text in "ready_q <= 1'b0;" "b_q <= in_data_i;"; do
  ln=$(grep -nF -m1 -- "$text" "$rtl" | cut -d: -f1)
  [[ -n $ln ]] || { fail "no line '$text' in $rtl (update the self-test with the RTL)"; continue; }
  rc0=$(line_status "$dir/nostall/dat/run0.dat" "$ln")
  rc1=$(line_status "$dir/merged.dat" "$ln")
  [[ $rc0 == 1 ]] && ok "$rtl:$ln ($text) not hit in the +beats=0 run" \
    || fail "$rtl:$ln ($text): cov_summary.py line exited $rc0 for the +beats=0 run (want 1, not hit)"
  [[ $rc1 == 0 ]] && ok "$rtl:$ln hit in the random runs" \
    || fail "$rtl:$ln ($text): cov_summary.py line exited $rc1 for the random runs (want 0, hit)"
done
if bash tb/common/cov_report.sh "$dir/nostall" "$dir/nostall/dat" "$rtl" > "$dir/nostall/report.log" 2>&1; then
  # branches hit in the +beats=0 run < branches hit in the random runs (both of the same total)
  if awk -F'\t' -v f="$rtl" 'FNR == 1 { n++ } $1 == f { hit[n] = $4; tot[n] = $5 }
      END { exit !(tot[1] > 0 && tot[1] == tot[2] && hit[1] < hit[2]) }' \
      "$dir/nostall/summary.tsv" "$dir/summary.tsv"; then
    ok "summary: fewer branches hit without stalls ($(grep -F "$rtl" "$dir/nostall/summary.txt"))"
  else
    fail "summary: the +beats=0 run does not show fewer branches hit than the random runs"
  fi
else
  fail "cov_report.sh of the +beats=0 run failed: $(tail -5 "$dir/nostall/report.log")"
fi

# Broken inputs: exit status and the message naming the problem.
expect() {  # expect RC REGEX ARGS...: cov_summary.py must exit RC with stderr matching REGEX
  local want=$1 re=$2
  shift 2
  local err rc
  err=$(python3 tb/common/cov_summary.py "$@" 2>&1 >/dev/null)
  rc=$?
  if [[ $rc == "$want" ]] && grep -Eq -- "$re" <<<"$err"; then ok "refused ($rc): $err"
  else fail "cov_summary.py $* exited $rc (want $want) with '$err' (want /$re/)"; fi
}
expect 2 'cannot read .*nonexistent\.dat' summary "$dir/nonexistent.dat"
printf 'hello\n' > "$dir/notcov.dat"
expect 2 'notcov\.dat:1: not a Verilator coverage file' summary "$dir/notcov.dat"
{ head -3 "$dir/merged.dat"; echo "C 'broken"; } > "$dir/badpoint.dat"
expect 2 'badpoint\.dat:[0-9]+: malformed point' summary "$dir/badpoint.dat"
printf 'SF:x.sv\nDA:one,1\nend_of_record\n' > "$dir/bad.info"
expect 2 'bad\.info:2: malformed line' info "$dir/bad.info" "$dir/bad.out.info"
expect 1 'no coverage point in a file under nowhere/' summary "$dir/merged.dat" --under nowhere
expect 2 'no line or branch point names' line "$dir/merged.dat" "$rtl" 100000

[[ $fails == 0 ]] || { echo "coverage selftest: $fails check(s) failed"; exit 1; }
echo "coverage selftest: coverage build, merge, info, HTML and summary agree; an unreached line shows as not hit; broken inputs refused"
