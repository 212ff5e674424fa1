#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# TASD unit: the mapped osu018 netlist (this flow's output) replays C-model vectors with random stalls in Icarus.
#
# Usage: unit_gl.sh [--mutant] BUILD CONFIG SEED [VECTORS]
#   CONFIG: a TASD-unit row of rtl/configs.tsv with the synth flow (unit_par, unit_par_p2, unit_seq, ...).
#   --mutant: turn the first NAND2X1 cells of the unit's top module into NOR2X1 and pass only if
#             the bench reports a mismatch (shows that the mapped cells really are simulated).
# The netlist takes the place of the RTL in the Icarus bench tb/iverilog/tasd_iv_tb.sv (same
# ports), so every output beat, the err_o/in_ready_o behaviour on illegal series and the hold
# while stalled are checked against libtasd exactly as for the RTL. The netlist is synthesized
# once per run, under BUILD/synth-net/<config>/ (synth/shared_netlist.sh, shared with the other
# gate-level tests and the area guard).
set -u
cd "$(dirname "$0")/../.."
mutant=0
if [[ ${1:-} == --mutant ]]; then mutant=1; shift; fi
build=${1:?build} cfg=${2:?config} seed=${3:?seed} nvec=${4:-800}
echo "seed=$seed replay: bash synth/gl/unit_gl.sh $([[ $mutant == 1 ]] && echo '--mutant ')$build $cfg $seed $nvec"
py=${PYTHON:-python3}
top=$($py scripts/configs.py get "$cfg" top) || exit 2
case $top in
  tasd_unit_par) seq=0 ;;
  tasd_unit_seq) seq=1 ;;
  *) echo "FAIL: '$cfg' is a $top, not a TASD unit"; exit 2 ;;
esac
# The configuration's resolved parameters (rtl/configs.tsv over the RTL defaults).
m=$($py scripts/configs.py get "$cfg" P:M) w=$($py scripts/configs.py get "$cfg" P:DataW)
t=$($py scripts/configs.py get "$cfg" P:MaxTerms) ps=$($py scripts/configs.py get "$cfg" P:PipeStages)
gen=$build/iverilog/tasd_vecgen
[[ -x $gen ]] || { echo "FAIL: $gen missing (make iverilog-models)"; exit 2; }
# One directory per run (mutant or not, seed), so runs in parallel never share files.
dir=$build/synth-gl/$cfg/$([[ $mutant == 1 ]] && echo mutant)seed$seed
mkdir -p "$dir"
source synth/shared_netlist.sh
tasd_shared_netlist "$build" "$cfg" "$dir/synth.log" || exit 1
res=$(dirname "$TASD_NET")
net=$res/$cfg/netlist.v
grep -q "^module $top(" "$net" || { echo "FAIL: $net has no module $top"; exit 1; }
if [[ $mutant == 1 ]]; then
  awk -v top="$top" '$0 ~ "^module " top "\\(" {in_top=1} /^endmodule/ {in_top=0}
       in_top && n < 4 && $1 == "NAND2X1" {sub(/NAND2X1/, "NOR2X1"); n++} {print}
       END {if (n == 0) exit 1}' "$net" > "$dir/netlist_mutant.v" \
    || { echo "FAIL: no NAND2X1 in $top to mutate"; exit 1; }
  net=$dir/netlist_mutant.v
fi
vvp_file=$dir/sim.$seed.vvp
rm -f "$vvp_file"
# The netlist's modules carry no parameters; Icarus warns that the bench's overrides find none.
# Those warnings are expected; any other output is shown.
iverilog -g2012 -s tasd_iv_tb -P tasd_iv_tb.Seq=$seq -P tasd_iv_tb.M="$m" -P tasd_iv_tb.DataW="$w" \
  -P tasd_iv_tb.MaxTerms="$t" -P tasd_iv_tb.PipeStages="$ps" -o "$vvp_file" \
  tb/iverilog/tasd_iv_tb.sv "$net" /usr/share/qflow/tech/osu018/osu018_stdcells.v 2>&1 \
  | grep -v -e 'choosing typ expression' -e "warning: parameter [A-Za-z]* not found in tasd_iv_tb.g_[a-z]*.u_dut"
[[ -f $vvp_file ]] || { echo "FAIL: iverilog build of the netlist bench"; exit 1; }
vec=$dir/vec.$seed.txt
"$gen" "$m" "$w" "$t" "$nvec" "$seed" > "$vec" || { echo "FAIL: vector generation"; exit 1; }
vvp -n "$vvp_file" +vec="$vec" +seed="$seed" +stall=30 > "$dir/sim.$seed.log" 2>&1
rc=$?   # the bench's exit status: 0 every beat equal, 1 mismatches, 2 could not run
tail -4 "$dir/sim.$seed.log"
echo "netlist: $net ($cfg: $top M=$m DataW=$w MaxTerms=$t PipeStages=$ps)"
if [[ $mutant == 1 ]]; then
  if [[ $rc == 1 ]]; then echo "mutant: the netlist bench caught the mutated cells"; exit 0; fi
  echo "FAIL: the netlist bench did not notice 4 NAND2X1 -> NOR2X1 mutations in $top (exit $rc)"; exit 1
fi
if [[ $rc == 0 ]]; then
  rm -f "$vvp_file" "$vec"
  exit 0
fi
echo "FAIL: the netlist of $cfg differs from the C model (bench exit $rc; vectors kept in $vec)"
exit 1
