#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd_pe_dense: RTL and the mapped osu018 netlist (this flow's output) against C-model vectors, in Icarus.
# Usage: pe_dense_gl.sh BUILD LANES SEED [BEATS]
set -u
cd "$(dirname "$0")/../.."
build=${1:?build} lanes=${2:?lanes} seed=${3:?seed} beats=${4:-3000}
echo "seed=$seed replay: bash synth/gl/pe_dense_gl.sh $build $lanes $seed $beats"
dir=$build/synth-gl/dense_l$lanes/seed$seed
mkdir -p "$dir"
source tb/common/filelist.sh
tasd_filelist pe_files pe "$build" || exit 2
lib=$build/cmodel/libtasd.a
[[ -f $lib ]] || { echo "FAIL: $lib missing (make cmodel)"; exit 1; }
cc -std=c11 -O1 -Wall -Wextra -Werror -Icmodel/include -o "$dir/vectors" synth/gl/pe_dense_vectors.c "$lib" -lm \
  || { echo "FAIL: vector generator does not build"; exit 1; }
"$dir/vectors" "$lanes" "$beats" "$seed" > "$dir/vec.$seed.txt" || { echo "FAIL: vector generation"; exit 1; }
# The configuration list names dense_l1/2/4; synthesize it here unless this build already has it.
source synth/shared_netlist.sh
tasd_shared_netlist "$build" "dense_l$lanes" "$dir/synth.log" || exit 1
res=$(dirname "$TASD_NET")
sed 's/^module tasd_pe_dense(/module tasd_pe_dense_gl(/' "$res/dense_l$lanes/netlist.v" > "$dir/netlist_gl.v"
grep -q '^module tasd_pe_dense_gl(' "$dir/netlist_gl.v" || { echo "FAIL: netlist top not found"; exit 1; }
rm -f "$dir/sim.vvp"
iverilog -g2012 -s tasd_pe_gl_tb -Ptasd_pe_gl_tb.Lanes="$lanes" -Ptasd_pe_gl_tb.Dense=1 -o "$dir/sim.vvp" \
  synth/gl/pe_gl_tb.sv "${pe_files[@]}" "$dir/netlist_gl.v" \
  /usr/share/qflow/tech/osu018/osu018_stdcells.v 2>&1 | grep -v "choosing typ expression"
[[ -f $dir/sim.vvp && $dir/sim.vvp -nt $dir/netlist_gl.v ]] || { echo "FAIL: iverilog build"; exit 1; }
vvp -n "$dir/sim.vvp" +vec="$dir/vec.$seed.txt" > "$dir/sim.$seed.log" 2>&1
rc=$?   # the bench's exit status: 0 equal, 1 mismatches, 2 could not run
tail -5 "$dir/sim.$seed.log"
[[ $rc == 0 ]] || exit 1
