#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Power-flow test on the N:M PE (pe_l4): trace -> activity -> annotated netlist -> OpenSTA report_power, with its failure modes.
# Usage: power_test.sh BUILD      (tb/lists/synth.tsv: synth_power_flow)
# Takes the pe_l4 netlist from the shared test synthesis (synth/shared_netlist.sh), traces the PE RTL
# in Icarus (synth/power/pe_power_tb.sv, FST) with random operands and with all-zero operands,
# and runs synth/power/run_power.py on both. Fails (exit 1) when: the flow exits non-zero; a
# power figure is zero, negative or not finite; a flop or an input of the PE is not annotated;
# the all-zero trace does not give less than half the random trace's dynamic power; an activity
# file missing the accumulator's bits is accepted (it must fail the annotation check); a file
# that is not an activity file is accepted (it must exit 2).
set -euo pipefail
build=${1:?usage: power_test.sh BUILD}
dir=$build/power-test
rm -rf "$dir"
mkdir -p "$dir"
cfg=pe_l4
source synth/shared_netlist.sh
tasd_shared_netlist "$build" "$cfg" "$dir/synth.log" || exit 1
res=$(dirname "$TASD_NET")
G=/usr/share/verilator/include/gtkwave
cc -O2 -w -I"$G" -DFST_CONFIG_INCLUDE='"fst_config.h"' -o "$dir/fst_activity" synth/power/fst_activity.c "$G/fstapi.c" "$G/fastlz.c" "$G/lz4.c" \
  -lz -lpthread || { echo "FAIL: fst_activity does not build"; exit 1; }
source tb/common/filelist.sh
tasd_filelist pe_files pe "$build" || exit 2
iverilog -g2012 -o "$dir/pesim" synth/power/pe_power_tb.sv "${pe_files[@]}" || { echo "FAIL: PE trace bench"; exit 1; }
for mode in random zero; do
  flag=""
  [[ $mode == zero ]] && flag=+zero
  vvp -n "$dir/pesim" -fst +cycles=2000 $flag "+fst=$dir/$mode.fst" > "$dir/$mode.sim.log"
  "$dir/fst_activity" "$dir/$mode.fst" "$dir/$mode.tsv" --scope pe_power_tb.dut 2> "$dir/$mode.act.log" \
    || { cat "$dir/$mode.act.log"; echo "FAIL: activity of the $mode trace"; exit 1; }
  python3 synth/power/run_power.py power --netlist "$res/$cfg/netlist_sta_buf.v" \
    --hier-netlist "$res/$cfg/netlist.v" --top tasd_pe --activity "$dir/$mode.tsv" --cut '' \
    --min-annotated 1.0 --out "$dir/$mode" --label "$cfg/$mode" \
    || { echo "FAIL: power flow on the $mode trace"; exit 1; }
done
python3 - "$dir" <<'EOF'
import csv, math, sys
d = sys.argv[1]
r = {m: next(csv.DictReader(open("%s/%s/power.csv" % (d, m)))) for m in ("random", "zero")}
bad = []
for m, row in r.items():
    for k in ("internal_w", "switching_w", "leakage_w", "total_w"):
        v = float(row[k])
        if not math.isfinite(v) or v <= 0:
            bad.append("%s: %s = %s" % (m, k, row[k]))
    if int(row["flops_annotated"]) != int(row["flops"]) or int(row["flops"]) == 0:
        bad.append("%s: %s of %s flops annotated" % (m, row["flops_annotated"], row["flops"]))
    if int(row["inputs_annotated"]) != int(row["inputs"]) or int(row["inputs"]) == 0:
        bad.append("%s: %s of %s inputs annotated" % (m, row["inputs_annotated"], row["inputs"]))
dyn = {m: float(row["internal_w"]) + float(row["switching_w"]) for m, row in r.items()}
print("dynamic power: random %.4g W, all-zero %.4g W (ratio %.3f)" % (dyn["random"], dyn["zero"], dyn["zero"] / dyn["random"]))
if not dyn["zero"] < 0.5 * dyn["random"]:
    bad.append("the all-zero trace's dynamic power is not below half the random one's")
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
EOF
# Negative 1: the accumulator's bits missing from the activity file -> annotation check fails (exit 1).
grep -v '^acc_o\[' "$dir/random.tsv" > "$dir/missing.tsv"
set +e
python3 synth/power/run_power.py power --netlist "$res/$cfg/netlist_sta_buf.v" --hier-netlist "$res/$cfg/netlist.v" \
  --top tasd_pe --activity "$dir/missing.tsv" --cut '' --min-annotated 1.0 --out "$dir/missing" > "$dir/missing.log" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || { cat "$dir/missing.log"; echo "FAIL: a trace without the accumulator was accepted (exit $rc, want 1)"; exit 1; }
# Negative 2: not an activity file -> exit 2.
echo "garbage" > "$dir/garbage.tsv"
set +e
python3 synth/power/run_power.py power --netlist "$res/$cfg/netlist_sta_buf.v" --top tasd_pe \
  --activity "$dir/garbage.tsv" --cut '' --out "$dir/garbage" > "$dir/garbage.log" 2>&1
rc=$?
set -e
[[ $rc == 2 ]] || { cat "$dir/garbage.log"; echo "FAIL: a malformed activity file gave exit $rc (want 2)"; exit 1; }
echo "PASS: power flow on $cfg (random and all-zero traces, missing annotation and bad input refused)"
