#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Yosys SAT k-induction: tasd_perf_cnt equals the plain load/add counter for all time, at the tile's widths and at corners.
# Usage: bash tb/formal/perf_cnt_equiv.sh   (exit 0: every proof holds and the mutant fails)
# Each case: Width IncW SegW. The segment count NSeg is derived here as the RTL derives it.
# A self-check proves that a counter whose flags ignore the load (a mutant) is caught.
set -u
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source tb/common/filelist.sh
tasd_filelist prim_files prim || exit 2
cnt_rtl=""
for f in "${prim_files[@]}"; do [[ $f == */tasd_perf_cnt.sv ]] && cnt_rtl=$f; done
[[ -n $cnt_rtl ]] || { echo "FAIL: the core tasd:ip:prim does not list tasd_perf_cnt.sv"; exit 2; }
fail=0
nseg() {  # Width IncW SegW -> upper segments
  local lo=$(( $2 + 1 > $3 ? $2 + 1 : $3 ))
  (( lo > $1 )) && lo=$1
  echo $(( ($1 - lo + $3 - 1) / $3 ))
}
prove() {  # $1 rtl file, $2 Width, $3 IncW, $4 SegW -> 0 proven, 1 not
  local n; n=$(nseg "$2" "$3" "$4")
  yosys -q -l "$TMP/y.log" -p "read_verilog -sv $1; chparam -set Width $2 -set IncW $3 -set SegW $4 tasd_perf_cnt; \
    hierarchy -top tasd_perf_cnt; proc; flatten; cd tasd_perf_cnt; rename g_seg.ones_q fv_ones_q; cd ..; expose tasd_perf_cnt/w:fv_ones_q; \
    read_verilog -sv tb/formal/perf_cnt_miter.sv; chparam -set Width $2 -set IncW $3 -set SegW $4 -set NSeg $n perf_cnt_miter; \
    hierarchy -top perf_cnt_miter; proc; flatten; opt -fast; \
    sat -tempinduct -prove ok 1 -maxsteps 8 -verify perf_cnt_miter" >/dev/null 2>&1
}
for c in "32 1 8" "48 10 8" "32 1 4" "20 3 6" "18 16 4" "9 1 2"; do
  set -- $c
  if prove "$cnt_rtl" "$1" "$2" "$3"; then
    echo "ok   Width=$1 IncW=$2 SegW=$3: equals the plain counter (k-induction)"
  else
    echo "FAIL Width=$1 IncW=$2 SegW=$3: not proven"; tail -15 "$TMP/y.log"; fail=1
  fi
done
# Self-check: flags that keep their old value on a load must be caught.
sed 's/assign ones_d\[k\] = load_i ? (&load_val_i\[Hi:Lo\])/assign ones_d[k] = load_i ? ones_q[k]/' "$cnt_rtl" > "$TMP/tasd_perf_cnt.sv"
if cmp -s "$cnt_rtl" "$TMP/tasd_perf_cnt.sv"; then
  echo "FAIL selftest: the mutation did not apply ($cnt_rtl changed?)"; fail=1
elif prove "$TMP/tasd_perf_cnt.sv" 32 1 8; then
  echo "FAIL selftest: a counter whose flags ignore the load was not caught"; fail=1
else
  echo "ok   selftest: a counter whose flags ignore the load fails the proof"
fi
exit $fail
