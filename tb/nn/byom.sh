#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bring your own model: a numpy-trained MLP (cmodel/nn/examples/numpy_mlp.py, PyTorch state_dict names) through tasdnet: quantize, TASDER, report, and the chosen configuration on the RTL tile, bit-exact.
# usage: byom.sh TASDNET VTILE WORKDIR [IMAGES]
set -u
BIN=${1:?usage: byom.sh TASDNET VTILE WORKDIR [IMAGES]}; VT=${2:?}; W=${3:?}; IMAGES=${4:-40}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
DATA=/usr/share/datasets/fashion-mnist
echo "replay: bash $0 $BIN $VT $W $IMAGES"
[[ -f $DATA/train-images-idx3-ubyte.gz ]] || { echo "SKIP: no Fashion-MNIST under $DATA"; exit 77; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../common/numpy_python.sh"
rm -rf "$W"; mkdir -p "$W"
$PY "$ROOT/cmodel/nn/examples/numpy_mlp.py" --out "$W/mlp" --images 3000 --epochs 3 || exit 1
# The user's own calibration and test files (here the Fashion-MNIST ones, passed explicitly).
"$BIN" run --arch "$W/mlp.arch" --weights "$W/mlp.npz" \
  --cal-images "$DATA/train-images-idx3-ubyte.gz" --cal-labels "$DATA/train-labels-idx1-ubyte.gz" \
  --cal-first 55000 --cal-n 500 \
  --test-images "$DATA/t10k-images-idx3-ubyte.gz" --test-labels "$DATA/t10k-labels-idx1-ubyte.gz" --test-n 500 \
  --target TTC-VEGETA-M8 --method all --csv "$W/byom.csv" --label byom \
  --rtl "$VT" --rtl-images "$IMAGES" --rtl-method mixed --rtl-dir "$W/rtl" || { echo "FAIL: tasdnet run"; exit 1; }
rows=$(($(wc -l < "$W/byom.csv") - 1))
[[ $rows -eq 4 ]] || { echo "FAIL: $W/byom.csv has $rows rows, want 4 (one per method)"; exit 1; }
echo "all checks passed"
