#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Job-file test of one tile build: tile_jobgen writes a job file for the build's parameters
# (Vtile params), Vtile jobs runs it through the RTL against the C model, and for the files that
# produce results tile_jobgen check compares result.npz with the C model once more.
# Usage: jobcheck.sh BUILD CONFIG SEED [NJOBS] [KIND] [STALL]
#   KIND ok (default)  exit 0, every job PASS, result.npz equal to the C model
#   KIND missing|params|port|dtype|shape|index
#                      a bad file (tb/tile/tile_jobgen.c): exit 2 with a message naming the array
#                      or value, nothing simulated, no result.npz
#   KIND cfg           job 1 has an illegal cfg: exit 3 (the RTL raised err_o and took nothing),
#                      the other jobs pass and their results are checked
#   KIND mismatch      for mutant builds: exit 1, a mismatch reported, every job still run
#   STALL              +stall=PCT (B/A valid and output ready low PCT% of the cycles)
set -u
cd "$(dirname "$0")/../.."
build=$1 cfg=$2 seed=$3 njobs=${4:-6} kind=${5:-ok} stall=${6:-0}
bin=$build/tile/$cfg/Vtile
gen=$build/tile/tile_jobgen
echo "seed=$seed replay: bash tb/tile/jobcheck.sh $build $cfg $seed $njobs $kind $stall"
params=$("$bin" params) || { echo "jobcheck: FAIL: $bin params"; exit 1; }
case $kind in
  ok)       want=0 re='^PASS: every output row bit-exact' ;;
  mismatch) want=1 re='^job [0-9]+ .*: FAIL: .*(acc|q|val)' ;;
  cfg)      want=3 re='^job 1 .*A N=\[[0-9,]*3[0-9,]*\].*illegal cfg .*RTL raised err_o, took nothing: REFUSED' ;;
  missing)  want=2 re="^FAIL: bad job file: .*missing array 'j$((njobs - 1))\.a[0-9]\.idx'" ;;
  params)   want=2 re='^FAIL: bad job file: .*params mismatch: rows = [0-9]+ in the file' ;;
  port)     want=2 re="^FAIL: bad job file: .*j0\.cfg: shift 40 does not fit cfg_shift_i" ;;
  dtype)    want=2 re="^FAIL: bad job file: .*array 'j0\.b' is int16, want int8" ;;
  shape)    want=2 re="^FAIL: bad job file: .*array 'j0\.col_bias' has shape \[[0-9]+\], want" ;;
  index)    want=2 re="^FAIL: bad job file: .*array 'j0\.a[0-9]\.idx': index [0-9]+ at \[0, 0, 0\] is outside" ;;
  *) echo "jobcheck: unknown KIND '$kind'"; exit 2 ;;
esac
dir=$build/tile/$cfg/jobs
mkdir -p "$dir"
pre=$dir/seed$seed-$kind
rm -f "$pre.result.npz"
bad=""
[[ $kind != ok && $kind != mismatch ]] && bad=$kind
"$gen" gen "$pre.jobs.npz" "$params" "$seed" "$njobs" $bad || { echo "jobcheck: FAIL: generator"; exit 1; }
"$bin" jobs +in="$pre.jobs.npz" +out="$pre.result.npz" +stall="$stall" +seed="$seed" > "$pre.log" 2>&1
rc=$?
grep -E '^(job|FAIL|PASS)' "$pre.log" | cut -c1-200 | head -16
fail() { echo "jobcheck: FAIL: $* ($cfg, kind $kind, seed $seed; log $pre.log)"; exit 1; }
[[ $rc -eq $want ]] || fail "Vtile jobs exited $rc, want $want"
grep -Eq -- "$re" "$pre.log" || fail "no line matching /$re/"
if [[ $want -eq 2 ]]; then
  [[ ! -e $pre.result.npz ]] || fail "a refused job file left $pre.result.npz"
  echo "jobcheck: PASS: bad job file ($kind) refused with exit 2 and /$re/"
  exit 0
fi
[[ -f $pre.result.npz ]] || fail "no $pre.result.npz"
lines=$(grep -cE '^job [0-9]+ ' "$pre.log")
[[ $lines -eq $njobs ]] || fail "$lines job lines for $njobs jobs"
if [[ $kind == mismatch ]]; then
  echo "jobcheck: PASS: the mutant's jobs were reported as mismatches (exit 1), all $njobs run"
  exit 0
fi
timing=$("$bin" timing) || fail "$bin timing"
"$gen" check "$pre.jobs.npz" "$pre.result.npz" "$timing" || fail "result.npz differs from the C model"
echo "jobcheck: PASS: $njobs jobs ($kind), exit $rc as required, result.npz equal to the C model"
exit 0
