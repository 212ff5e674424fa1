#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one Yosys `sat` proof of the TASD unit (tb/formal/<name>.ys); exit 0 only when it holds.
#
# Usage: tb/formal/tasd_formal.sh NAME [BUILD]   (from the repository root)
# NAME is a proof, a .ys file in tb/formal/ without the extension, or a mutant run (tasd_mutant_*,
# below). The script writes the script Yosys runs, BUILD/formal/NAME.run.ys: one read_verilog of
# the RTL -- the file list of the core tasd:ip:unit (BUILD/gen/filelists/unit.f, made from
# rtl/tasd_unit.core by `make filelists`) -- followed by the proof. Pass/fail is Yosys's exit status.
#
# A mutant run reads the same list with one file replaced by a mutant copy written to
# BUILD/formal/NAME/ (the mutation's text found exactly once), runs a base proof on it and passes only if
# the proof FAILS: first the script with `sat -verify` turned into a plain `sat` must exit 0 (the
# mutant parses and elaborates), then the real script must exit non-zero (a counterexample).
#   tasd_mutant_def, _seq, _seq_step, _seq_ctrl: rows formal-def, formal-seq-pick, formal-seq-step,
#   formal-seq-ctrl of the mutant table tb/mutants.tsv (the bug, its file and the proof that must fail).
set -u
name=${1:?proof name}; build=${2:-build}
fl=$build/gen/filelists/unit.f
[[ -f $fl ]] || { echo "tasd_formal: $fl missing: run 'make filelists'" >&2; exit 2; }
mapfile -t rtl < "$fl"
mkdir -p "$build/formal"
log=$build/formal/$name.log
expect_fail=0
proof=$name
# make_mutant MUTANT: run the mutant's proof (tb/mutants.tsv, harness formal) on a copy of the
# RTL with the mutant's file replaced.
source tb/formal/mutant.sh
case $name in
  tasd_mutant_def) make_mutant formal-def ;;
  tasd_mutant_seq) make_mutant formal-seq-pick ;;
  tasd_mutant_seq_step) make_mutant formal-seq-step ;;
  tasd_mutant_seq_ctrl) make_mutant formal-seq-ctrl ;;
  tasd_mutant_*)
    echo "tasd_formal: no mutation defined for $name in $0" >&2; exit 2 ;;
esac
ys=tb/formal/$proof.ys
[[ -f $ys ]] || { echo "tasd_formal: no proof $ys" >&2; exit 2; }
echo "proof $name: $(sed -n 2p "$ys" | sed 's/^# //')"
run_ys=$build/formal/$name.run.ys
{ echo "read_verilog -sv -formal ${rtl[*]}"; cat "$ys"; } > "$run_ys"
if [[ $expect_fail == 1 ]]; then
  sed -i '/^sat -verify/ s/$/ -show-inputs -show-regs/' "$run_ys"
  sed 's/^sat -verify /sat /' "$run_ys" > "$run_ys.elab.ys"
  if ! yosys -q -l "$log.elab" -s "$run_ys.elab.ys" > /dev/null 2>&1; then
    echo "FAIL: the mutant does not elaborate (yosys on $run_ys.elab.ys failed); log $log.elab"
    tail -20 "$log.elab"; exit 1
  fi
  echo "script: $run_ys (mutant read from $mdir/)"
fi
t0=$(date +%s.%N)
yosys -q -l "$log" -s "$run_ys" > /dev/null 2>&1
rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
if [[ $expect_fail == 1 ]]; then
  if [[ $rc != 0 ]]; then
    echo "PASS: the proof caught the mutant (counterexample found) in ${secs}s; log $log"
    echo "counterexample (time step, input, value; the block is accepted where in_valid_i = 1):"
    grep -E '^\s+[0-9]+\s+\\(in_data_i|cfg_n_i|in_valid_i|u_dut\.data_q|u_dut\.taken_q|u_dut\.cnt_q)\s' "$log" | head -9
    exit 0
  fi
  echo "FAIL: the mutant was NOT caught (yosys exit $rc) in ${secs}s; log $log"
  tail -20 "$log"
  exit 1
fi
if [[ $rc == 0 ]]; then
  echo "PASS: proven in ${secs}s (yosys sat -verify); log $log"
  exit 0
fi
echo "FAIL: yosys exit $rc after ${secs}s; log $log"
grep -B2 -A60 'failed' "$log" | head -80
exit 1
