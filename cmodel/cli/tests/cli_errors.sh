#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd CLI error paths: each exits non-zero (2 usage, 1 data) with a message naming the problem.
# usage: cli_errors.sh TASD_BINARY WORKDIR
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_errors.sh TASD WORKDIR}; W=${2:?}
# Absolute, so the cases that cd into the work directory still find the binary.
TASD=$(realpath -e "$TASD") || { echo "FAIL: no tasd binary at $1"; exit 1; }
rm -rf "$W"; mkdir -p "$W"
$TASD random --shape 4x16 -o $W/a.npy
$TASD random --shape 16x3 -o $W/b.npy
$TASD random --shape 5x3 -o $W/b_bad.npy
$TASD random --shape 16x3 --dtype int16 -o $W/b16.npy
$TASD random --shape 2x2x16 -o $W/a3.npy
for k in f8 bigendian fortran truncated notnpy int32 uint8 nan; do $REF bad $k $W/$k.npy; done
# usage errors (2)
expect 2 "unknown option '--frob'" $TASD decompose --frob -s 2:4 $W/a.npy -o $W/o
expect 2 "unknown option '-z'" $TASD stats -z -s 2:4 $W/a.npy
expect 2 "missing --series" $TASD decompose $W/a.npy -o $W/o
expect 2 "missing -o DIR" $TASD decompose -s 2:4 $W/a.npy
expect 2 "missing input file" $TASD decompose -s 2:4 -o $W/o
expect 2 "unexpected argument 'extra'" $TASD decompose -s 2:4 $W/a.npy extra -o $W/o
expect 2 "option '--series' needs a value" $TASD stats $W/a.npy --series
expect 2 "option '--quiet' takes no value" $TASD decompose --quiet=1 -s 2:4 $W/a.npy -o $W/o
expect 2 "bad series '5:4'" $TASD decompose -s 5:4 $W/a.npy -o $W/o
expect 2 "N=5 exceeds M=4" $TASD decompose -s 5:4 $W/a.npy -o $W/o
expect 2 "bad series '2:4+3:4'" $TASD stats -s 2:4+3:4 $W/a.npy
expect 2 "bad series '2:x'" $TASD gemm -s 2:x $W/a.npy $W/b.npy -o $W/c.npy
expect 2 "bad series '2:6'" $TASD stats -s 2:6 $W/a.npy
expect 2 "bad series ''" $TASD stats -s "" $W/a.npy
expect 2 "need A.npy and B.npy" $TASD gemm -s 2:4 $W/a.npy -o $W/c.npy
expect 2 "missing -o C.npy" $TASD gemm -s 2:4 $W/a.npy $W/b.npy
expect 2 "need IN.npy and DIR" $TASD verify -s 2:4 $W/a.npy
expect 2 "unknown target 'NOPE'" $TASD targets NOPE
expect 2 "unexpected argument 'x'" $TASD demo x
expect 2 "bad --seed 'x'" $TASD demo --seed x
expect 2 "--trials" $TASD sweep -o $W/sw --trials 0
expect 2 "--seed" $TASD sweep -o $W/sw --seed -3
expect 2 "unknown --dtype 'int64'" $TASD random --shape 2 --dtype int64 -o $W/x.npy
expect 2 "bad --shape '2y3'" $TASD random --shape 2y3 -o $W/x.npy
expect 2 "--density must be" $TASD random --shape 2 --density 1.5 -o $W/x.npy
expect 2 "rank above 8" $TASD random --shape 1x1x1x1x1x1x1x1x1 -o $W/x.npy
# data errors (1): files
expect 1 "$W/missing.npy: cannot open" $TASD decompose -s 2:4 $W/missing.npy -o $W/o
expect 1 "$W/missing.npy: cannot open" $TASD stats -s 2:4 $W/a.npy --b $W/missing.npy
expect 1 "$W/notnpy.npy: bad magic" $TASD stats -s 2:4 $W/notnpy.npy
expect 1 "unsupported dtype '<f8'" $TASD decompose -s 2:4 $W/f8.npy -o $W/o
expect 1 "big-endian" $TASD decompose -s 2:4 $W/bigendian.npy -o $W/o
expect 1 "fortran_order True" $TASD stats -s 2:4 $W/fortran.npy
expect 1 "$W/truncated.npy: data too short" $TASD stats -s 2:4 $W/truncated.npy
# data errors (1): operations
expect 1 "cannot decompose with '2:4'" $TASD decompose -s 2:4 $W/int32.npy -o $W/o
expect 1 "input is int32; decomposition takes int8, int16 or float32" $TASD decompose -s 2:4 $W/int32.npy -o $W/o
expect 1 "input is int32" $TASD stats -s 2:4 $W/int32.npy
$TASD random --shape 1x1x1x1x1x1x2x8 -o $W/rank8.npy
expect 1 "decomposition takes rank 1..7" $TASD decompose -s 2:4 $W/rank8.npy -o $W/o
expect 2 "missing FILE.npy" $TASD info
expect 1 "$W/notnpy.npy: bad magic" $TASD info $W/a.npy $W/notnpy.npy
out=$($TASD info $W/int32.npy) && [[ $out == *"dtype: int32"*"shape: (2, 8)"*"nnz: 15"*"max: 15"* ]] && pass "info int32" || bad "info int32: $out"
# uint8 ('|u1', e.g. IDX images saved as .npy) loads, but no operation takes it
out=$($TASD info $W/uint8.npy) && [[ $out == *"dtype: uint8"*"shape: (8, 8)"*"nnz: 63"*"min: 0"*"max: 252"* ]] && pass "info uint8" || bad "info uint8: $out"
expect 1 "input is uint8; decomposition takes int8, int16 or float32" $TASD decompose -s 2:4 $W/uint8.npy -o $W/o
expect 1 "input is uint8" $TASD stats -s 2:4 $W/uint8.npy
expect 1 "input is uint8" $TASD gemm -s 2:4 $W/uint8.npy $W/uint8.npy -o $W/c.npy
expect 1 "weights are uint8" $TASD select -t TTC-VEGETA-M8 --weights $W/uint8.npy
expect 1 "activations are uint8" $TASD select -t TTC-VEGETA-M8 --act $W/uint8.npy
expect 1 "NaN" $TASD decompose -s 2:4 $W/nan.npy -o $W/o
expect 1 "NaN" $TASD stats -s 2:4 $W/nan.npy
# NaN/Inf: the message names the file that holds it, A or B, and only that file
$TASD random --shape 4x1 --dtype float32 -o $W/af.npy      # A [4, 1] x nan.npy [1, 8]
$TASD random --shape 8x3 --dtype float32 -o $W/bf.npy      # nan.npy [1, 8] x B [8, 3]
# expect_only CODE NEEDLE NOTNEEDLE CMD...: like expect, and stderr must not contain NOTNEEDLE.
expect_only() {
  local code=$1 needle=$2 not=$3; shift 3
  local err; err=$("$@" 2>&1 >/dev/null)
  expect "$code" "$needle" "$@"
  [[ $err != *"$not"* ]] && pass "message does not name '$not'" || bad "message names '$not': $*  [$err]"
}
expect_only 1 "$W/nan.npy: float input holds NaN or Inf" "$W/af.npy" $TASD stats -s 2:4 $W/af.npy --b $W/nan.npy
expect_only 1 "$W/nan.npy: float input holds NaN or Inf" "$W/bf.npy" $TASD stats -s 2:4 $W/nan.npy --b $W/bf.npy
expect_only 1 "$W/nan.npy: float input holds NaN or Inf" "$W/af.npy" $TASD gemm -s 2:4 $W/af.npy $W/nan.npy -o $W/c.npy
expect_only 1 "$W/nan.npy: float input holds NaN or Inf" "$W/bf.npy" $TASD gemm -s 2:4 $W/nan.npy $W/bf.npy -o $W/c.npy
[[ ! -e $W/c.npy ]] && pass "refused gemm writes no output" || bad "refused gemm wrote $W/c.npy"
# int32 operands: gemm refuses them (A's dtype named), info still reads them
$TASD random --shape 8x3 --dtype int32 -o $W/b32.npy
expect 1 "input is int32; decomposition takes int8, int16 or float32" $TASD gemm -s 2:4 $W/int32.npy $W/b32.npy -o $W/c.npy
expect 1 "A $W/int32.npy, B $W/b32.npy: dtype" $TASD gemm -s dense $W/int32.npy $W/b32.npy -o $W/c.npy
$TASD random --shape 16x3 --dtype int32 -o $W/b32k16.npy
expect 1 "dtype mismatch: A $W/a.npy is int8, B $W/b32k16.npy is int32" $TASD gemm -s 2:4 $W/a.npy $W/b32k16.npy -o $W/c.npy
expect 1 "shape mismatch: A is [4, 16] but B has 5 rows" $TASD gemm -s 2:4 $W/a.npy $W/b_bad.npy -o $W/c.npy
expect 1 "shape mismatch: A $W/a3.npy must be 2-D" $TASD gemm -s 2:4 $W/a3.npy $W/b.npy -o $W/c.npy
expect 1 "dtype mismatch: A $W/a.npy is int8, B $W/b16.npy is int16" $TASD gemm -s 2:4 $W/a.npy $W/b16.npy -o $W/c.npy
expect 1 "shape mismatch" $TASD stats -s 2:4 $W/a.npy --b $W/b_bad.npy
expect 1 "dtype mismatch" $TASD stats -s 2:4 $W/a.npy --b $W/b16.npy
expect 1 "$W/no/such/dir/c.npy: cannot create" $TASD gemm -s 2:4 $W/a.npy $W/b.npy -o $W/no/such/dir/c.npy
touch $W/plainfile
expect 1 "cannot create directory '$W/plainfile/sub': Not a directory" $TASD decompose -s 2:4 $W/a.npy -o $W/plainfile/sub
expect 1 "'$W/plainfile' is not a directory" $TASD decompose -s 2:4 $W/a.npy -o $W/plainfile
expect 1 "$W/residual.npy: cannot open" $TASD verify -s 2:4 $W/a.npy $W
# option forms (cli/util.c): --opt VALUE, --opt=VALUE, -o VALUE, -oVALUE, '--' ends options
ref=$($TASD stats --series 2:4 $W/a.npy --b $W/b.npy)
for form in "--series=2:4 $W/a.npy --b=$W/b.npy" "-s2:4 $W/a.npy -b$W/b.npy" "-s 2:4 -b $W/b.npy $W/a.npy" "-s 2:4 --b $W/b.npy -- $W/a.npy"; do
  out=$($TASD stats $form 2>&1) && [[ $out == "$ref" ]] && pass "option form: stats $form" || bad "option form 'stats $form' differs: $out"
done
cp $W/a.npy $W/-dash.npy
out=$(cd $W && $TASD stats -s 2:4 -- -dash.npy 2>&1) && [[ $out == "$($TASD stats -s 2:4 $W/a.npy)" ]] && pass "'--' lets a file name start with '-'" || bad "'--' then -dash.npy: $out"
expect 2 "unknown option '-dash.npy'" bash -c "cd $W && $TASD stats -s 2:4 -dash.npy"
expect 2 "unexpected argument '--b'" $TASD stats -s 2:4 -- $W/a.npy --b $W/b.npy
expect 2 "unknown option '--frob'" $TASD stats --frob=3 -s 2:4 $W/a.npy
expect 2 "bad series ''" $TASD stats --series= $W/a.npy
expect 2 "unknown option '-q1'" $TASD decompose -q1 -s 2:4 $W/a.npy -o $W/o
expect 2 "option '-s' needs a value" $TASD stats $W/a.npy -s
run $TASD gemm -q -s2:4 -o$W/cq.npy $W/a.npy $W/b.npy && [[ -f $W/cq.npy ]] && pass "gemm -s2:4 -oFILE" || bad "gemm -s2:4 -oFILE"
# decompose creates nested output directories
run $TASD decompose -q -s 2:4 $W/a.npy -o $W/new/nested/dir && [[ -f $W/new/nested/dir/residual.npy ]] && pass "decompose creates DIR" || bad "decompose did not create DIR"
# verify with the wrong series fails
expect 1 "FAILED" $TASD verify -s 1:4 $W/a.npy $W/new/nested/dir
finish
