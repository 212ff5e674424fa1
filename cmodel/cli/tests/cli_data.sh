#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd CLI on random data: decompose/verify/stats/gemm checked against npyref.py (an independent
# Python model of docs/semantics.md) for int8, int16 and float32, equal and mixed block sizes,
# tails (k not a multiple of M) and rank 1..3. Seeded.
# usage: cli_data.sh TASD_BINARY WORKDIR SEED
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_data.sh TASD WORKDIR SEED}; W=${2:?}; SEED=${3:?}
echo "seed $SEED; replay: bash $0 $TASD $W $SEED"
rm -rf "$W"; mkdir -p "$W"
# shapes x dtypes x series, varied by seed
shapes=(6x24 3x2x20 37 5x19 4x64)
series=("4:8+1:8" "2:4" "2:4+2:8" "2:8+2:16" "3:4+1:4" "dense" "1:8+1:8+1:8" "0:4+2:4" "2:4+2:8+2:16" "8:8")
dtypes=(int8 int16 float32)
i=0
for sh in "${shapes[@]}"; do
  for dt in "${dtypes[@]}"; do
    s=${series[$(( (SEED * 7 + i) % ${#series[@]} ))]}
    dens=$(( (SEED * 13 + i * 29) % 90 + 5 ))
    f=$W/in_$i.npy; d=$W/out_$i
    run $TASD random --shape $sh --dtype $dt --density 0.$(printf %02d $dens) --seed $((SEED * 100 + i)) -o $f || { i=$((i+1)); continue; }
    if run $TASD decompose --series "$s" $f -o $d; then
      o=$($REF decompose "$s" $f $d 2>&1) && pass "$o" || bad "decompose $s $dt $sh: $o"
      o=$($TASD verify --series "$s" $f $d 2>&1) && pass "verify $s $dt $sh" || bad "verify $s $dt $sh: $o"
      # tamper: a residual that is not the input's remainder must be caught
      $TASD random --shape $sh --dtype $dt --density 1 --seed $((SEED + 999)) -o $d/residual.npy
      expect 1 "FAILED" $TASD verify --series "$s" $f $d
    fi
    if run $TASD stats --series "$s" $f; then
      $TASD stats --series "$s" $f > $W/stats_$i.txt
      o=$($REF stats "$s" $f $W/stats_$i.txt 2>&1) && pass "$o" || bad "stats $s: $o"
    fi
    i=$((i + 1))
  done
done
# GEMM (2-D) for each dtype, and stats with B (rel_error)
for dt in int8 int16 float32; do
  s=${series[$(( (SEED + ${#dt}) % ${#series[@]} ))]}
  run $TASD random --shape 9x40 --dtype $dt --density 0.6 --seed $((SEED * 3 + 1)) -o $W/a_$dt.npy
  run $TASD random --shape 40x7 --dtype $dt --density 0.9 --seed $((SEED * 3 + 2)) -o $W/b_$dt.npy
  if run $TASD gemm --series "$s" $W/a_$dt.npy $W/b_$dt.npy -o $W/c_$dt.npy; then
    o=$($REF gemm "$s" $W/a_$dt.npy $W/b_$dt.npy $W/c_$dt.npy 2>&1) && pass "$o" || bad "gemm $s $dt: $o"
  fi
  $TASD stats --series "$s" $W/a_$dt.npy --b $W/b_$dt.npy > $W/stats_b_$dt.txt
  o=$($REF stats "$s" $W/a_$dt.npy $W/stats_b_$dt.txt $W/b_$dt.npy 2>&1) && pass "$o" || bad "stats --b $s $dt: $o"
done
# the oracle itself must notice a wrong result (so these checks can fail)
cp $W/c_int8.npy $W/c_wrong.npy
python3 - "$W/c_wrong.npy" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[-1] ^= 1; open(p, 'wb').write(bytes(b))
PY
s=${series[$(( (SEED + 4) % ${#series[@]} ))]}
$REF gemm "$s" $W/a_int8.npy $W/b_int8.npy $W/c_wrong.npy >/dev/null && bad "oracle missed a flipped bit" || pass "oracle catches a flipped bit"
# determinism of random
$TASD random --shape 3x5 --seed 5 -o $W/r1.npy; $TASD random --shape 3x5 --seed 5 -o $W/r2.npy
cmp -s $W/r1.npy $W/r2.npy && pass "random is deterministic" || bad "random not deterministic"
finish
