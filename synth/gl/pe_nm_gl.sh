#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd_pe (N:M PE): RTL and the mapped osu018 netlist (this flow's output) against C-model vectors, in Icarus.
# Usage: pe_nm_gl.sh [--selftest] BUILD LANES SEED [BEATS]     (rtl/configs.tsv: pe_l1, pe_l2, pe_l4; M=8)
# --selftest corrupts one expected accumulator and passes only if the bench reports it.
set -u
cd "$(dirname "$0")/../.."
selftest=0
if [[ ${1:-} == --selftest ]]; then selftest=1; shift; fi
build=${1:?build} lanes=${2:?lanes} seed=${3:?seed} beats=${4:-3000}
m=8
echo "seed=$seed replay: bash synth/gl/pe_nm_gl.sh $([[ $selftest == 1 ]] && echo '--selftest ')$build $lanes $seed $beats"
cfg=pe_l$lanes
dir=$build/synth-gl/$cfg/seed$seed
mkdir -p "$dir"
source tb/common/filelist.sh
tasd_filelist pe_files pe "$build" || exit 2
lib=$build/cmodel/libtasd.a
[[ -f $lib ]] || { echo "FAIL: $lib missing (make cmodel)"; exit 1; }
cc -std=c11 -O1 -Wall -Wextra -Werror -Icmodel/include -o "$dir/vectors" synth/gl/pe_nm_vectors.c "$lib" -lm \
  || { echo "FAIL: vector generator does not build"; exit 1; }
"$dir/vectors" "$lanes" "$m" "$beats" "$seed" > "$dir/vec.txt" || { echo "FAIL: vector generation"; exit 1; }
if [[ $selftest == 1 ]]; then
  # flip the lowest bit of beat 10's expected accumulator (the last field of the line)
  awk 'NR == 11 { h = "0123456789abcdef"; f = $NF; d = substr(f, length(f), 1); p = index(h, d) - 1;
                  p = (p % 2 == 0) ? p + 1 : p - 1; $NF = substr(f, 1, length(f) - 1) substr(h, p + 1, 1) }
       {print}' "$dir/vec.txt" > "$dir/vec.bad" && mv "$dir/vec.bad" "$dir/vec.txt"
fi
source synth/shared_netlist.sh
tasd_shared_netlist "$build" "$cfg" "$dir/synth.log" || exit 1
res=$(dirname "$TASD_NET")
# Yosys keeps the top module's name; rename it so the RTL can be compiled beside it.
sed 's/^module tasd_pe(/module tasd_pe_gl(/' "$res/$cfg/netlist.v" > "$dir/netlist_gl.v"
grep -q '^module tasd_pe_gl(' "$dir/netlist_gl.v" || { echo "FAIL: netlist top tasd_pe not found"; exit 1; }
rm -f "$dir/sim.vvp"
iverilog -g2012 -s tasd_pe_gl_tb -Ptasd_pe_gl_tb.Lanes="$lanes" -Ptasd_pe_gl_tb.M="$m" -o "$dir/sim.vvp" \
  synth/gl/pe_gl_tb.sv "${pe_files[@]}" "$dir/netlist_gl.v" \
  /usr/share/qflow/tech/osu018/osu018_stdcells.v 2>&1 | grep -v "choosing typ expression"
[[ -f $dir/sim.vvp ]] || { echo "FAIL: iverilog build"; exit 1; }
vvp -n "$dir/sim.vvp" +vec="$dir/vec.txt" > "$dir/sim.log" 2>&1
rc=$?   # the bench's exit status: 0 equal, 1 mismatches, 2 could not run
tail -5 "$dir/sim.log"
if [[ $selftest == 1 ]]; then
  if [[ $rc == 1 ]]; then echo "selftest: corrupted expectation caught"; exit 0; fi
  echo "selftest: corrupted expectation NOT caught (bench exit $rc)"; exit 1
fi
[[ $rc == 0 ]] || exit 1
