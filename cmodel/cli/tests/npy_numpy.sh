#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Interop with numpy (skipped, exit 77, when no python3 with numpy is found): tasd reads what
# np.save / np.lib.format writes (v1.0, 2.0, 3.0; every supported dtype, uint8 included; ranks
# 1..4), writes files numpy loads, byte-identical to np.save's; numpy's unsupported variants are
# refused, and int32/uint8 load but are refused by decompose/stats with a dtype message.
# usage: npy_numpy.sh TASD_BINARY WORKDIR [SEED]   (SEED of numpy's generator, default 11)
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: npy_numpy.sh TASD WORKDIR [SEED]}; W=${2:?}; SEED=${3:-11}
[[ $SEED =~ ^[0-9]+$ ]] || { echo "npy_numpy.sh: SEED must be a non-negative integer" >&2; exit 2; }
echo "seed=$SEED replay: bash $0 $TASD $W $SEED"
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../../tb/common/numpy_python.sh"
rm -rf "$W"; mkdir -p "$W"
$PY - "$W" "$SEED" <<'PY' || exit 1
import sys, numpy as np
w = sys.argv[1]
rng = np.random.default_rng(int(sys.argv[2]))
i = 0
for dt in ("int8", "uint8", "int16", "int32", "float32"):
    for shape in ((7,), (3, 9), (2, 3, 17), (2, 1, 2, 8)):
        for ver in ((1, 0), (2, 0), (3, 0)):
            if dt == "float32":
                a = rng.standard_normal(shape).astype(dt)
            else:
                info = np.iinfo(dt)
                a = rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dt)
            with open("%s/in_%02d.npy" % (w, i), "wb") as f:
                np.lib.format.write_array(f, a, version=ver)
            np.save("%s/ref_%02d.npy" % (w, i), a)
            i += 1
np.save(w + "/big.npy", np.arange(4, dtype=">i2"))
np.save(w + "/fortran.npy", np.asfortranarray(np.arange(6, dtype="int16").reshape(2, 3)))
np.save(w + "/f8.npy", np.arange(4, dtype="float64"))
np.save(w + "/u8.npy", np.arange(4, dtype="uint8"))
np.save(w + "/u16.npy", np.arange(4, dtype="uint16"))
np.save(w + "/scalar.npy", np.int16(5))
print("wrote %d numpy files" % i)
PY
for f in $W/in_*.npy; do
  n=${f##*/in_}; n=${n%.npy}
  # int32 and uint8 are loadable but not decomposable: info proves loading, decompose the rest
  if $PY -c "import numpy as np,sys; sys.exit(np.load('$f').dtype in (np.int32, np.uint8))"; then
    if run $TASD decompose -q --series dense $f -o $W/out_$n; then
      cmp -s $W/out_$n/term0_dense.npy $W/ref_$n.npy && pass "in_$n: tasd's file == np.save's" || bad "in_$n: bytes differ from np.save"
      $PY -c "import numpy as np; a=np.load('$f'); b=np.load('$W/out_$n/term0_dense.npy'); assert a.dtype==b.dtype and a.shape==b.shape and (a.view(np.uint8)==b.view(np.uint8)).all()" \
        && pass "in_$n: numpy reads tasd's file back" || bad "in_$n: numpy read-back differs"
    fi
  else
    dtn=$($PY -c "import numpy as np; print(np.load('$f').dtype)")
    expect 1 "input is $dtn" $TASD decompose --series 2:4 $f -o $W/o32
    want=$($PY -c "import numpy as np; a=np.load('$f'); print('dtype: %s|shape: %s|min: %d|max: %d' % (a.dtype, a.shape, a.min(), a.max()))")
    out=$($TASD info $f | grep -E '^(dtype|shape|min|max):' | paste -sd'|')
    [[ $out == "$want" ]] && pass "in_$n: $dtn loads ($out)" || bad "in_$n: tasd info '$out' vs numpy '$want'"
  fi
done
expect 1 "big-endian" $TASD stats --series 2:4 $W/big.npy
expect 1 "fortran_order True" $TASD stats --series 2:4 $W/fortran.npy
expect 1 "unsupported dtype '<f8'" $TASD stats --series 2:4 $W/f8.npy
expect 1 "input is uint8" $TASD stats --series 2:4 $W/u8.npy
expect 1 "unsupported dtype '<u2'" $TASD stats --series 2:4 $W/u16.npy
expect 1 "rank 0" $TASD stats --series 2:4 $W/scalar.npy
finish
