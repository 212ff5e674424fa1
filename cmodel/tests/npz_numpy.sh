#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# .npz interop with numpy (skipped, exit 77, when no python3 with numpy is found): the C loader
# reads numpy.savez and numpy.savez_compressed archives of every supported dtype exactly (vs.
# np.save references) and refuses numpy's unsupported members (float64, rank 0, fortran order,
# objects); numpy loads what tasd_npz_save wrote, members byte-identical to np.save's.
# usage: npz_numpy.sh TEST_NPZ_BINARY WORKDIR [SEED]   (SEED of numpy's generator, default 5)
set -u
BIN=${1:?usage: npz_numpy.sh TEST_NPZ WORKDIR [SEED]}; W=${2:?}; SEED=${3:-5}
[[ $SEED =~ ^[0-9]+$ ]] || { echo "npz_numpy.sh: SEED must be a non-negative integer" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
echo "seed=$SEED replay: bash $0 $BIN $W $SEED"
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tb/common/numpy_python.sh"
rm -rf "$W"; mkdir -p "$W"
$PY "$HERE/npz_numpy.py" write "$W" "$SEED" || { echo "FAIL: numpy could not write the archives"; exit 1; }
"$BIN" --interop "$W" || { echo "FAIL: the C side (test_npz --interop) failed"; exit 1; }
$PY "$HERE/npz_numpy.py" check "$W" "$SEED" || { echo "FAIL: numpy check of tasd's archive"; exit 1; }
echo "all checks passed"
