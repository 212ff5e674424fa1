#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Icarus cross-check of one tile build: Vtile writes per-cycle vectors of a random run (checked
# against the C model), Icarus replays the inputs, and both tools' per-cycle outputs must match.
# Usage: ivcheck.sh BUILD CONFIG SEED [GEMMS]
set -u
cd "$(dirname "$0")/../.."
build=$1 cfg=$2 seed=$3 gemms=${4:-3}
# The bench's parameters are the tile's, resolved from rtl/configs.tsv (-Ptile_iv_tb.<Param>=v).
pars=$(${PYTHON:-python3} scripts/configs.py params "$cfg" --all --style kv) || exit 2
${PYTHON:-python3} - <<'PY' || exit 2
import sys
sys.path.insert(0, "scripts")
import configs
dut = [n for n, _ in configs.rtl_parameters("tasd_ttc_tile")]
tb = [n for n, _ in configs.rtl_parameters("tile_iv_tb", "tb/tile")]
if sorted(dut) != sorted(tb):
    sys.exit("ivcheck: tb/tile/tile_iv_tb.sv declares %s, tasd_ttc_tile has %s: add the missing ones"
             % (", ".join(tb), ", ".join(dut)))
PY
ivp=()
for kv in $pars; do ivp+=("-Ptile_iv_tb.$kv"); done
dir=$build/tile/$cfg/iv
mkdir -p "$dir"
pre=$dir/seed$seed
echo "seed=$seed replay: bash tb/tile/ivcheck.sh $build $cfg $seed $gemms"
"$build/tile/$cfg/Vtile" rand +seed="$seed" +gemms="$gemms" +vec="$pre" > "$pre.vl.log" 2>&1 \
  || { tail -5 "$pre.vl.log"; echo "ivcheck: Verilator run failed"; exit 1; }
# The real RTL files, unmodified (the Icarus 11 time-0 hang on the TASD unit's always_comb
# blocks was fixed in the unit, commit 0012143).
source tb/common/filelist.sh
tasd_filelist rtl_files ttc_tile "${TASD_BUILD:-build}" || exit 2
RTL="${rtl_files[*]}"
rm -f "$pre.vvp"
iverilog -g2012 -s tile_iv_tb -o "$pre.vvp" "${ivp[@]}" tb/tile/tile_iv_tb.sv $RTL 2>&1 | grep -v "sorry: constant selects" 
[[ -f $pre.vvp ]] || { echo "ivcheck: iverilog build failed"; exit 1; }
timeout 600 vvp -n "$pre.vvp" +vec="$pre" | grep -v '^VCD'
# The first cycles run before reset has reached every register (X in Icarus): skip them.
if cmp -s <(tail -n +4 "$pre.out") <(tail -n +4 "$pre.iv.out"); then
  echo "ivcheck: $(($(wc -l < "$pre.out") - 3)) cycles identical in Verilator and Icarus ($cfg seed $seed)"
  exit 0
fi
diff <(tail -n +4 "$pre.out") <(tail -n +4 "$pre.iv.out") | head -6 | cut -c1-200
echo "ivcheck: Verilator and Icarus differ ($cfg seed $seed)"
exit 1
