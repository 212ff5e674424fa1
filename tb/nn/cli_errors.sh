#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasdnet bad-input paths: every case must exit with its documented status (2 bad input, 1 a failed run), name the file or option at fault in its message, and leave no output file behind.
# usage: cli_errors.sh TASDNET WORKDIR
set -u
BIN=${1:?usage: cli_errors.sh TASDNET WORKDIR}; W=${2:?}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
DATA=/usr/share/datasets/fashion-mnist
echo "replay: bash $0 $BIN $W"
[[ -f $DATA/t10k-images-idx3-ubyte.gz ]] || { echo "SKIP: no Fashion-MNIST under $DATA"; exit 77; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../common/numpy_python.sh"
rm -rf "$W"; mkdir -p "$W"
fails=0; n=0
RECIPES=(--recipes "$ROOT/cmodel/nn/tests/recipes_tiny.tsv" --cache "$W/cache" --train-n 1000)
SMALL=(--cal-n 0 --test-n 50 --target TTC-VEGETA-M8 --method layer-W)

# expect RC REGEX ARGS...: tasdnet ARGS must exit RC with a message matching REGEX and must not
# create $W/out.csv.
expect() {
  local rc=$1 re=$2; shift 2
  n=$((n + 1))
  rm -f "$W/out.csv"
  local out; out=$("$BIN" "$@" --csv "$W/out.csv" 2>&1); local got=$?
  if [[ $got -ne $rc ]] || ! grep -Eq -- "$re" <<<"$out" || [[ -e $W/out.csv ]]; then
    echo "FAIL: tasdnet $*: wanted exit $rc and /$re/ with no out.csv, got exit $got:"
    sed 's/^/  | /' <<<"$out" | tail -5
    fails=$((fails + 1))
  else
    echo "ok: exit $rc: $(grep -E -- "$re" <<<"$out" | head -1)"
  fi
}

# labels-four with four-images is the good pair (checks the crafted files are right).
# A model of our own (numpy) and its broken variants.
$PY "$ROOT/cmodel/nn/examples/numpy_mlp.py" --out "$W/good" --images 500 --epochs 1 >/dev/null || exit 1
for b in missing shape extra dtype; do
  $PY "$ROOT/cmodel/nn/examples/numpy_mlp.py" --out "$W/$b" --images 100 --epochs 1 --break $b >/dev/null || exit 1
done
sed 's/fc fc1 128 relu/fc fc1 100 relu/' "$W/good.arch" > "$W/mismatch.arch"
printf 'input 1 28 28\nfc fc1 lots relu\nfc fc2 10 none\n' > "$W/syntax.arch"
printf 'input 1 28 28\nfc fc1 128 swish\nfc fc2 10 none\n' > "$W/act.arch"

# IDX files: truncated gzip, not gzip/IDX at all, labels out of range, count mismatch.
head -c 3000 "$DATA/t10k-images-idx3-ubyte.gz" > "$W/trunc-images.gz"
printf 'this is not an IDX file at all\n' > "$W/text-images"
{ printf '\x00\x00\x08\x03\x00\x00\x00\x04\x00\x00\x00\x1c\x00\x00\x00\x1c'; head -c 3136 /dev/zero; } > "$W/four-images"
{ printf '\x00\x00\x08\x01\x00\x00\x00\x04'; printf '\x01\x02\x0c\x03'; } > "$W/labels-range"
{ printf '\x00\x00\x08\x01\x00\x00\x00\x03'; printf '\x01\x02\x03'; } > "$W/labels-three"
{ printf '\x00\x00\x08\x01\x00\x00\x00\x04'; printf '\x01\x02\x03\x04'; } > "$W/labels-four"

GA=(--arch "$W/good.arch" --weights "$W/good.npz")
G=(run "${GA[@]}")
expect 2 "nonexistent" "${G[@]}" "${SMALL[@]}" --data "$W/nonexistent"
expect 2 "trunc-images.gz" "${G[@]}" "${SMALL[@]}" --test-images "$W/trunc-images.gz"
expect 2 "text-images" "${G[@]}" "${SMALL[@]}" --test-images "$W/text-images"
expect 2 "labels-range.*(label|range)" "${G[@]}" "${SMALL[@]}" --cal-images "$W/four-images" --cal-labels "$W/labels-range"
expect 2 "labels-three|four-images" "${G[@]}" "${SMALL[@]}" --cal-images "$W/four-images" --cal-labels "$W/labels-three"
expect 2 "missing.npz.*fc2.bias" run --arch "$W/good.arch" --weights "$W/missing.npz" "${SMALL[@]}"
expect 2 "shape.npz.*fc1.weight" run --arch "$W/good.arch" --weights "$W/shape.npz" "${SMALL[@]}"
expect 2 "extra.npz.*fc3.weight" run --arch "$W/good.arch" --weights "$W/extra.npz" "${SMALL[@]}"
expect 2 "dtype.npz.*fc1.bias" run --arch "$W/good.arch" --weights "$W/dtype.npz" "${SMALL[@]}"
expect 2 "good.npz.*fc1" run --arch "$W/mismatch.arch" --weights "$W/good.npz" "${SMALL[@]}"
expect 2 "syntax.arch:2" run --arch "$W/syntax.arch" --weights "$W/good.npz" "${SMALL[@]}"
expect 2 "act.arch:2" run --arch "$W/act.arch" --weights "$W/good.npz" "${SMALL[@]}"
expect 2 "nothere.npz" run --arch "$W/good.arch" --weights "$W/nothere.npz" "${SMALL[@]}"
expect 2 "--test-n: .many. is not a number" "${G[@]}" --test-n many
expect 2 "images \[0, 20000\)|20000" "${G[@]}" --target TTC-VEGETA-M8 --test-n 20000
expect 2 "unknown method" "${G[@]}" --test-n 50 --method greedy
expect 2 "unknown target" "${G[@]}" --test-n 50 --target TPU
expect 2 "unknown option '--colour'" "${G[@]}" "${SMALL[@]}" --colour red
expect 2 "four-images.*calibration top-1 is 0" "${G[@]}" "${SMALL[@]}" --cal-images "$W/four-images" --cal-labels "$W/labels-four"
expect 2 "threshold" "${G[@]}" "${SMALL[@]}" --threshold 1.5
expect 2 "alphas" "${G[@]}" "${SMALL[@]}" --alphas 0.1,x
expect 2 "no recipe called 'resnet'" run "${RECIPES[@]}" --recipe resnet "${SMALL[@]}"
expect 2 "no pruning level 0.5" run "${RECIPES[@]}" --recipe mlp_tiny --level 0.5 "${SMALL[@]}"
expect 2 "not both" run "${RECIPES[@]}" --recipe mlp_tiny "${GA[@]}" "${SMALL[@]}"
expect 2 "not an executable Verilator tile" "${G[@]}" "${SMALL[@]}" --rtl "$W/no-such-vtile" --rtl-method layer-W --rtl-images 4 --rtl-dir "$W/rtl"
expect 2 "rtl-images" "${G[@]}" "${SMALL[@]}" --rtl "$W/no-such-vtile" --rtl-method layer-W --rtl-images 51
printf '#!/bin/sh\necho "FAIL: simulated RTL mismatch"\nexit 1\n' > "$W/failing-vtile"; chmod +x "$W/failing-vtile"
expect 1 "RTL tile run failed" "${G[@]}" "${SMALL[@]}" --rtl "$W/failing-vtile" --rtl-method layer-W --rtl-images 4 --rtl-dir "$W/rtl"
# Positive control: the crafted image file with matching labels is accepted, and the CSV appears.
n=$((n + 1)); rm -f "$W/out.csv"
if "$BIN" "${G[@]}" --cal-n 200 --target TTC-VEGETA-M8 --method layer-W --test-images "$W/four-images" --test-labels "$W/labels-four" --csv "$W/out.csv" >/dev/null 2>&1 && [[ -s $W/out.csv ]]; then
  echo "ok: exit 0: the crafted four-image test set with good labels runs and writes the CSV"
else
  echo "FAIL: the positive control (four-images + labels-four) did not run"; fails=$((fails + 1))
fi
echo "$n cases, $fails failed"
[[ $fails -eq 0 ]] || exit 1
echo "all checks passed"
