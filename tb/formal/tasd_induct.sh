#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one unbounded (k-induction) or bounded yosys-smtbmc proof of the TASD unit; exit 0 only when it holds.
#
# Usage: tb/formal/tasd_induct.sh NAME [BUILD]   (from the repository root)
# NAME is a proof, a .ys file in tb/formal/ without the extension, or a mutant run
# (tasd_mutant_induct_*, below). Like tasd_formal.sh, the script writes the Yosys script it runs,
# BUILD/formal/NAME.run.ys: one read_verilog of the RTL -- the file list of the core
# tasd:ip:unit (BUILD/gen/filelists/unit.f, made from rtl/tasd_unit.core by `make filelists`) --
# followed by the proof, whose `write_smt2 -wires @SMT2@` is pointed at BUILD/formal/NAME.smt2.
# The proof's header line `# smtbmc: induct K` or `# smtbmc: bmc K` selects the checks:
#   induct K  base case  yosys-smtbmc -s z3 --unroll -t K      (steps 0..K-1 from the initial
#                        values: the wrapper's flags only, so any power-up state of the unit)
#             induction  yosys-smtbmc -s z3 --unroll -i -t K   (K good steps from ANY state =>
#                        the next is good; smtbmc tries k = 1..K and stops at the first that closes)
#             both must pass: the assertions then hold in every cycle of every run, for all time.
#   bmc K     the base case only: bounded, K steps.
# --unroll: z3 4.8.12 stalls on smtbmc's default (datatype) encoding of these designs (no step 0
# after 10 min, 13 GB); unrolled, the same checks take seconds. Nothing else is written outside
# BUILD/formal/. Set TASD_FORMAL_TIMEOUT=S to stop a solver run after S seconds (counts as a fail);
# TASD_SMT_SOLVER=cvc4 replaces z3 (for measurements only: every list row uses z3).
# Pass/fail is smtbmc's exit status; the "inductive at k" figure printed is smtbmc's last message.
#
# A mutant run reads the same list with one file replaced by a mutant copy written to
# BUILD/formal/NAME/ (the mutation's text found exactly once) and passes only if the proof FAILS with a
# real counterexample: first the proof with its assertions removed (`chformal -assert -remove`)
# must give an SMT2 file whose one-step base case passes (the mutant parses and elaborates), then the base
# case of the real proof, run MUTANT_DEPTH (6) steps deep whatever the proof's K, must exit
# non-zero (a trace from a power-up state that breaks an assertion; BUILD/formal/NAME.cex.vcd).
#   tasd_mutant_induct_par, _seq: rows formal-induct-par, formal-induct-seq of the mutant table
#   tb/mutants.tsv (the bug, its file and the proof that must fail).
set -u
name=${1:?proof name}; build=${2:-build}
fl=$build/gen/filelists/unit.f
[[ -f $fl ]] || { echo "tasd_induct: $fl missing: run 'make filelists'" >&2; exit 2; }
command -v yosys-smtbmc >/dev/null && command -v z3 >/dev/null \
  || { echo "tasd_induct: yosys-smtbmc or z3 missing (scripts/deps.sh)" >&2; exit 2; }
mapfile -t rtl < "$fl"
mkdir -p "$build/formal"
expect_fail=0
proof=$name
# make_mutant MUTANT: run the mutant's proof (tb/mutants.tsv, harness induct) on a copy of the
# RTL with the mutant's file replaced.
source tb/formal/mutant.sh
case $name in
  tasd_mutant_induct_par) make_mutant formal-induct-par ;;
  tasd_mutant_induct_seq) make_mutant formal-induct-seq ;;
  tasd_mutant_*)
    echo "tasd_induct: no mutation defined for $name in $0" >&2; exit 2 ;;
esac
MUTANT_DEPTH=6
ys=tb/formal/$proof.ys
[[ -f $ys ]] || { echo "tasd_induct: no proof $ys" >&2; exit 2; }
read -r mode depth < <(sed -n 's/^# smtbmc: \(induct\|bmc\) \([0-9][0-9]*\)$/\1 \2/p' "$ys")
[[ ${mode:-} == induct || ${mode:-} == bmc ]] || { echo "tasd_induct: $ys has no '# smtbmc: induct|bmc K' line" >&2; exit 2; }
[[ $expect_fail == 1 ]] && depth=$MUTANT_DEPTH
echo "proof $name: $(sed -n 2p "$ys" | sed 's/^# //')"
run_ys=$build/formal/$name.run.ys
smt2=$build/formal/$name.smt2
{ echo "read_verilog -sv -formal ${rtl[*]}"; sed "s#@SMT2@#$smt2#" "$ys"; } > "$run_ys"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
lim=()
[[ -n ${TASD_FORMAL_TIMEOUT:-} ]] && lim=(timeout "$TASD_FORMAL_TIMEOUT")
solver=${TASD_SMT_SOLVER:-z3}
unroll=()
[[ $solver == z3 ]] && unroll=(--unroll)
# smtbmc LOG ARGS...: one solver run; its raw output goes to LOG.raw while it runs (follow it with
# tail -f), the log without the progress spinner to LOG afterwards; returns smtbmc's exit status.
smtbmc() {
  local log=$1 rc; shift
  "${lim[@]}" yosys-smtbmc -s "$solver" "${unroll[@]}" "$@" > "$log.raw" 2>&1
  rc=$?
  tr '\r' '\n' < "$log.raw" | grep -v '^ *([0-9]* seconds)' > "$log"
  return $rc
}

if [[ $expect_fail == 1 ]]; then
  sed "s#^write_smt2 .*#chformal -assert -remove\nwrite_smt2 -wires $smt2.elab.smt2#" "$run_ys" > "$run_ys.elab.ys"
  if ! yosys -q -l "$build/formal/$name.elab.log" -s "$run_ys.elab.ys" > /dev/null 2>&1 \
      || ! smtbmc "$build/formal/$name.elab.base.log" -t 1 "$smt2.elab.smt2"; then
    echo "FAIL: the mutant does not elaborate ($run_ys.elab.ys, or its assertion-free base case, failed); logs $build/formal/$name.elab*.log"
    tail -20 "$build/formal/$name.elab.log"; exit 1
  fi
  echo "script: $run_ys (mutant read from $mdir/)"
fi

t0=$(now)
if ! yosys -q -l "$build/formal/$name.yosys.log" -s "$run_ys" > /dev/null 2>&1; then
  echo "FAIL: yosys could not write $smt2; log $build/formal/$name.yosys.log"
  tail -20 "$build/formal/$name.yosys.log"; exit 1
fi
ty=$(since "$t0")
base_log=$build/formal/$name.base.log
step_log=$build/formal/$name.step.log
t1=$(now)
if [[ $expect_fail == 1 ]]; then
  smtbmc "$base_log" -t "$depth" --dump-vcd "$build/formal/$name.cex.vcd" "$smt2"
  rc=$?
  if [[ $rc == 124 ]]; then
    echo "FAIL: the mutant run timed out (TASD_FORMAL_TIMEOUT); not a counterexample; log $base_log"; exit 1
  fi
  if [[ $rc != 0 ]]; then
    echo "PASS: the proof caught the mutant: base case counterexample in $(since "$t1")s (yosys ${ty}s); trace $build/formal/$name.cex.vcd, log $base_log"
    # the failed assertions, with their source line (which carries the property's tag)
    grep -o 'Assert failed in [^:]*: [^ ]*:[0-9]*' "$base_log" | sort -u | while read -r _ _ _ _ loc; do
      echo "  failed: $loc: $(sed -n "${loc##*:}p" "${loc%:*}" | sed 's/^ *//')"
    done
    exit 0
  fi
  echo "FAIL: the mutant was NOT caught: the base case (-t $depth) passed; log $base_log"
  exit 1
fi

smtbmc "$base_log" -t "$depth" "$smt2"
rc=$?
tb=$(since "$t1")
if [[ $rc != 0 ]]; then
  [[ $rc == 124 ]] && echo "(timed out: TASD_FORMAL_TIMEOUT=${TASD_FORMAL_TIMEOUT:-})"
  echo "FAIL: base case (-t $depth) failed after ${tb}s; log $base_log (trace: add --dump-vcd)"
  grep -E 'Assert failed|failed|Error' "$base_log" | head -10
  exit 1
fi
if [[ $mode == bmc ]]; then
  echo "PASS (bounded): no assertion fails in steps 0..$((depth - 1)) (yosys-smtbmc -s $solver, base case) in ${tb}s (yosys ${ty}s); log $base_log"
  exit 0
fi
t2=$(now)
smtbmc "$step_log" -i -t "$depth" "$smt2"
rc=$?
ts=$(since "$t2")
if [[ $rc != 0 ]]; then
  [[ $rc == 124 ]] && echo "(timed out: TASD_FORMAL_TIMEOUT=${TASD_FORMAL_TIMEOUT:-})"
  echo "FAIL: induction step (-i -t $depth) failed after ${ts}s (base case passed in ${tb}s); log $step_log"
  grep -E 'induction failed|Assert failed|Error' "$step_log" | head -10
  exit 1
fi
# smtbmc walks back from step K: "Trying induction in step s" closing at s means k = K - s.
s=$(grep -o 'Trying induction in step [0-9]*' "$step_log" | tail -1 | grep -o '[0-9]*$')
echo "PASS: proven for all time (yosys-smtbmc -s $solver): base case -t $depth ${tb}s, induction step inductive at k=$((depth - ${s:-0})) ${ts}s (yosys ${ty}s); logs $base_log $step_log"
exit 0
