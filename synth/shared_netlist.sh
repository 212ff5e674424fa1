# SPDX-License-Identifier: Apache-2.0
# Sourced by the gate-level and power tests: the one shared synthesis directory for test netlists.
#
# tasd_shared_netlist BUILD CFG LOG   synthesizes configuration CFG (rtl/configs.tsv) into
# BUILD/synth-net/CFG unless the results there are up to date (run_synth.py --reuse: an inputs
# digest under a per-configuration lock), so every test of a run that needs the same netlist
# shares one synthesis; sets TASD_NET to the configuration's result directory. Returns 1 (with
# the log's tail) when synthesis fails. The area-guard test uses the same directory.
tasd_shared_netlist() {
  local build=$1 cfg=$2 log=$3
  TASD_NET=$build/synth-net/$cfg
  if ! python3 synth/run_synth.py --filelists "$build/gen/filelists" --build "$build/synth-net" \
      --reuse synth -j 1 --only "$cfg" --no-rate > "$log" 2>&1; then
    tail -20 "$log"
    echo "FAIL: synthesis of $cfg (log $log)"
    return 1
  fi
}
