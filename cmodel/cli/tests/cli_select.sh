#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd select (TASDER): hand-computed picks and searches, every error path, and on seeded
# random layers: quality >= threshold x original, MAC reduction never rises with the threshold,
# per-layer numbers (threshold 0.9) equal 'tasd stats' for the chosen series.
# usage: cli_select.sh TASD_BINARY WORKDIR SEED
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_select.sh TASD WORKDIR SEED}; W=${2:?}; SEED=${3:?}
echo "seed $SEED; replay: bash $0 $TASD $W $SEED"
rm -rf "$W"; mkdir -p "$W"
V=TTC-VEGETA-M8
# value NAME TEXT: the value of the 'NAME: value' line
value() { sed -n "s/^$1: //p" <<<"$2" | head -1; }
# want TEXT NAME VALUE LABEL
want() {
  local got; got=$(value "$2" "$1")
  [[ $got == "$3" ]] && pass "$4: $2 = $3" || bad "$4: $2 = '$got', want '$3'"
}

# ---- hand-computed ------------------------------------------------------------------------
$REF write '|i1' 2x8 5,0,0,3,0,0,0,0,0,2,0,0,0,0,-7,0 $W/act75.npy   # 75 % zeros
$REF write '|i1' 1x8 5,0,0,3,0,0,0,0 $W/wa.npy                        # 2:8 is lossless
$REF write '|i1' 1x8 1,2,3,4,5,6,7,8 $W/wb.npy                        # no zeros, sum 36
$REF write '<f4' 1x8 4,-2,1,0.5,0.25,0.125,0.0625,0.0625 $W/gelu.npy  # sum 8, no zeros
$REF write '|i1' 1x8 0,0,0,0,0,0,0,0 $W/zero.npy
o=$($TASD select --target $V --act $W/act75.npy) || bad "act run"
want "$o" mode act "act"; want "$o" layer0.sparsity 0.750000 "act 75%"
want "$o" layer0.series 2:8 "75 % + alpha 0 -> 2:8 (at most, not strictly below)"
want "$o" layer0.fallback 0 "act 75%"
o=$($TASD select --target $V --act $W/act75.npy --alpha -0.01)
want "$o" layer0.series 2:8+1:8 "alpha -0.01 -> 3:8"
o=$($TASD select --target $V --act $W/act75.npy $W/wb.npy --alpha=0.25)
want "$o" layers 2 "two activation files"
want "$o" layer0.series 1:8 "1.0 -> 1:8"; want "$o" layer1.series 4:8+2:8 "0 + 0.25 -> 6:8"
o=$($TASD select --target $V --act $W/wb.npy --alpha=0.2)
want "$o" layer0.series 4:8+4:8 "0 + 0.2 -> 8:8 (6:8 is 0.25)"
o=$($TASD select --target TTC-STC-M4 --act $W/wb.npy)
want "$o" layer0.series dense "STC, 0 % sparse"; want "$o" layer0.fallback 1 "STC fallback"
o=$($TASD select -t ttc-vegeta-m8-3t --act $W/wb.npy --alpha 0.125)
want "$o" layer0.series 4:8+2:8+1:8 "3 terms: 7:8"
# GELU-like: 90 % of 8 = 7.2 needs 4, 3 of 8 -> pseudo-density 0.5 -> 4:8
o=$($TASD select --target $V --act $W/gelu.npy --pseudo-density 0.9)
want "$o" layer0.pseudo_density 0.500000 "pseudo-density(0.9)"
want "$o" layer0.series 4:8 "1 - pseudo-density 0.5 -> 4:8"
want "$o" layer0.sparsity 0.000000 "GELU-like has no zeros"
o=$($TASD select --target $V --act $W/zero.npy --pseudo-density 0.99)
want "$o" layer0.series 1:8 "all-zero: pseudo-density 0"
# TASD-W: A 2:8 lossless; B 6:8 (0.958), 5:8 (0.917) kept at 0.9; A 1:8 (0.729) stops it
o=$($TASD select --target $V --weights $W/wa.npy $W/wb.npy --threshold 0.9)
want "$o" layer0.series 2:8 "greedy 0.9 A"; want "$o" layer1.series 4:8+1:8 "greedy 0.9 B"
want "$o" macs_tasd 7 "greedy 0.9"; want "$o" mac_reduction 0.562500 "greedy 0.9"
want "$o" quality 0.9166666667 "greedy 0.9"; want "$o" applied 3 "greedy 0.9"
o=$($TASD select --target $V --weights $W/wa.npy $W/wb.npy --threshold 1)
want "$o" layer1.series dense "greedy 1.0 B"; want "$o" mac_reduction 0.375000 "greedy 1.0"
o=$($TASD select --target $V --weights $W/wa.npy $W/wb.npy)
want "$o" threshold 0.99 "default threshold"; want "$o" layer1.series dense "greedy 0.99 B"
o=$($TASD select --target $V --network $W/wa.npy $W/wb.npy --threshold 0.9)
want "$o" layer0.series 4:8+1:8 "network 0.9"; want "$o" layer1.series 4:8+1:8 "network 0.9"
want "$o" mac_reduction 0.375000 "network 0.9"
o=$($TASD select --target $V --network $W/wa.npy $W/wb.npy --threshold 0.95)
want "$o" layer0.series 4:8+2:8 "network 0.95"
o=$($TASD select --target $V --network $W/wa.npy $W/wb.npy --threshold 1)
want "$o" layer0.series dense "network 1.0"; want "$o" mac_reduction 0.000000 "network 1.0"

# ---- errors --------------------------------------------------------------------------------
$TASD random --shape 4x16 -o $W/a.npy
$TASD random --shape 16x3 -o $W/b.npy
$TASD random --shape 5x3 -o $W/b_bad.npy
$TASD random --shape 16x3 --dtype int16 -o $W/b16.npy
$TASD random --shape 2x2x16 -o $W/a3.npy
$TASD random --shape 0x8 -o $W/empty.npy
for k in int32 nan notnpy; do $REF bad $k $W/$k.npy; done
o=$($TASD select --help) && [[ $o == "usage: tasd select"* ]] && pass "select --help" || bad "select --help"
o=$($TASD help select) && [[ $o == "usage: tasd select"* ]] && pass "help select" || bad "help select"
o=$($TASD --help) && [[ $o == *"  select "* ]] && pass "--help lists select" || bad "--help lacks select"
expect 2 "missing --target" $TASD select --act $W/a.npy
expect 2 "unknown target 'NOPE'; known: TTC-VEGETA-M8" $TASD select -t NOPE --act $W/a.npy
expect 2 "missing mode" $TASD select -t $V
expect 2 "give one of --act, --weights, --network" $TASD select -t $V --act $W/a.npy --weights $W/a.npy
expect 2 "--weights needs at least one .npy file" $TASD select -t $V --weights
expect 2 "--alpha must be a number in [-1, 1], got '2'" $TASD select -t $V --act $W/a.npy --alpha 2
expect 2 "--alpha must be a number" $TASD select -t $V --act $W/a.npy --alpha x
expect 2 "--alpha must be a number" $TASD select -t $V --act $W/a.npy --alpha nan
expect 2 "--pseudo-density must be a number in (0, 1], got '0'" $TASD select -t $V --act $W/a.npy --pseudo-density 0
expect 2 "--pseudo-density must be" $TASD select -t $V --act $W/a.npy --pseudo-density 1.5
expect 2 "--threshold must be a number in [0, 1], got '99'" $TASD select -t $V --weights $W/a.npy --threshold 99
expect 2 "--b gives 1 file(s) for 2 layer(s)" $TASD select -t $V --weights $W/a.npy $W/a.npy --b $W/b.npy
expect 2 "--alpha applies to --act, not --weights" $TASD select -t $V --weights $W/a.npy --alpha 0.1
expect 2 "--pseudo-density applies to --act, not --network" $TASD select -t $V --network $W/a.npy --pseudo-density 0.9
expect 2 "--b applies to --weights/--network, not --act" $TASD select -t $V --act $W/a.npy --b $W/b.npy
expect 2 "--threshold applies to --weights/--network, not --act" $TASD select -t $V --act $W/a.npy --threshold 0.5
expect 2 "unknown option '--frob'" $TASD select -t $V --act $W/a.npy --frob
expect 2 "unknown option '--frob'" $TASD select -t $V --act $W/a.npy --frob=1
expect 2 "unexpected argument 'stray'" $TASD select stray -t $V --act $W/a.npy
expect 2 "option '--threshold' needs a value" $TASD select -t $V --weights $W/a.npy --threshold
expect 1 "$W/missing.npy: cannot open" $TASD select -t $V --act $W/missing.npy
expect 1 "$W/missing.npy: cannot open" $TASD select -t $V --weights $W/a.npy --b $W/missing.npy
expect 1 "$W/notnpy.npy: bad magic" $TASD select -t $V --weights $W/notnpy.npy
expect 1 "$W/int32.npy: weights are int32" $TASD select -t $V --weights $W/int32.npy
expect 1 "$W/nan.npy: holds NaN or Inf" $TASD select -t $V --weights $W/nan.npy
expect 1 "$W/nan.npy: float input holds NaN or Inf" $TASD select -t $V --act $W/nan.npy
expect 1 "$W/empty.npy: empty tensor" $TASD select -t $V --act $W/empty.npy
expect 1 "shape mismatch: layer 0: W $W/a.npy is [4, 16] but B $W/b_bad.npy" $TASD select -t $V --weights $W/a.npy --b $W/b_bad.npy
expect 1 "shape mismatch: layer 0: W $W/a3.npy must be 2-D" $TASD select -t $V --network $W/a3.npy --b $W/b.npy
expect 1 "dtype mismatch: layer 1: W $W/a.npy is int8, B $W/b16.npy is int16" $TASD select -t $V --weights $W/a.npy $W/a.npy --b none $W/b16.npy
o=$($TASD select -t $V --act $W/int32.npy) && pass "act accepts int32 activations" || bad "act int32"

# ---- seeded random layers ----------------------------------------------------------------------
dts=(int8 int16 float32); dt=${dts[$((SEED % 3))]}
files=(); bs=()
for i in 0 1 2; do
  k=$((8 + (SEED * 5 + i * 7) % 40)); r=$((2 + (SEED + i) % 5)); d=$(( (SEED * 17 + i * 31) % 85 + 10 ))
  $TASD random --shape ${r}x$k --dtype $dt --density 0.$(printf %02d $d) --seed $((SEED * 10 + i)) -o $W/w$i.npy
  $TASD random --shape ${k}x3 --dtype $dt --density 0.9 --seed $((SEED * 10 + i + 5)) -o $W/b$i.npy
  files+=($W/w$i.npy); bs+=($W/b$i.npy)
done
bs[1]=none
for mode in weights network; do
  prev=2
  for thr in 0 0.9 0.99 1; do
    o=$($TASD select -t $V --$mode "${files[@]}" --b "${bs[@]}" --threshold $thr) || { bad "$mode $thr failed"; continue; }
    q=$(value quality "$o"); q0=$(value quality_orig "$o"); red=$(value mac_reduction "$o")
    awk -v q=$q -v q0=$q0 -v t=$thr 'BEGIN{exit !(q >= t*q0 - 1e-9)}' && pass "$mode $thr: quality $q >= $thr x $q0" || bad "$mode $thr: quality $q < $thr x $q0"
    awk -v a=$red -v b=$prev 'BEGIN{exit !(a <= b)}' && pass "$mode $thr: reduction $red <= $prev" || bad "$mode $thr: reduction rose $prev -> $red"
    prev=$red
    # per-layer numbers == tasd stats for the chosen series (independent command path)
    [[ $thr == 0.9 ]] || continue
    for i in 0 1 2; do
      s=$(value layer$i.series "$o")
      [[ $mode == network && $s != $(value layer0.series "$o") ]] && bad "network: layer $i has $s"
      st=$($TASD stats --series "$s" ${files[$i]})
      [[ $(value pct_nnz_dropped "$st") == $(value layer$i.pct_nnz_dropped "$o") ]] && pass "$mode $thr layer $i $s: pct_nnz_dropped" || bad "$mode $thr layer $i $s: pct_nnz_dropped $(value pct_nnz_dropped "$st") vs $(value layer$i.pct_nnz_dropped "$o")"
      nc=3; [[ ${bs[$i]} == none ]] && nc=1
      mt=$(value macs_tasd "$st")
      [[ $((mt * nc)) == $(value layer$i.macs_tasd "$o") ]] && pass "$mode $thr layer $i: macs" || bad "$mode $thr layer $i: macs $((mt * nc)) vs $(value layer$i.macs_tasd "$o")"
    done
  done
done
finish
