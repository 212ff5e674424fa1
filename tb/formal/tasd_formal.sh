#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one Yosys `sat` proof of the TASD unit (tb/formal/<name>.ys); exit 0 only when it holds.
#
# Usage: tb/formal/tasd_formal.sh NAME [BUILD]   (from the repository root)
# NAME is a .ys file in tb/formal/ without the extension. For the mutant runs (tasd_mutant_*) the
# script first writes the mutant copy into BUILD/formal/NAME/ (below), then writes the script it
# runs, BUILD/formal/NAME.ys, from tb/formal/NAME.ys with @MUTANT_DIR@ replaced by that folder
# (so the mutant always comes from the same build tree as the log), and passes only if the proof
# FAILS with a counterexample (a parse or elaboration error is a test failure, not a caught mutant).
#
# Mutant: in rtl/tasd_unit_par.sv's rank loop, `mag_j >= mag_i` (j < i: the lower index wins a
# tie) becomes `mag_j > mag_i`, so ties go to the HIGHER index -- a selection that differs from
# the spec only when two magnitudes are equal. Exactly one line must change, or the test fails.
# tasd_mutant_seq: in rtl/tasd_unit_seq.sv's comparator tree, the right child wins on `>` (ties
# to the left, lower-index child) becomes `>=` (ties to the higher index); the pick lemma
# (tasd_seq_pick, the first link of the seq chain) must FAIL on that copy.
# tasd_mutant_seq_step: in rtl/tasd_unit_seq.sv's add_member, `cnt >= lo` becomes `cnt > lo`
# (the first extraction of each term is lost); tasd_seq_step must FAIL on that copy.
# tasd_mutant_seq_ctrl: in rtl/tasd_unit_seq.sv, in_ready_o = ... (!busy_q || (last && be_ready))
# becomes (!busy_q || be_ready) (a new block is taken in the middle of an extraction);
# tasd_seq_ctrl (H1..H6) must FAIL on that copy.
set -u
name=${1:?proof name}; build=${2:-build}
ys=tb/formal/$name.ys
[[ -f $ys ]] || { echo "tasd_formal: no proof $ys" >&2; exit 2; }
mkdir -p "$build/formal"
log=$build/formal/$name.log
expect_fail=0
# make_mutant FILE SED: the mutant copy of rtl/FILE in BUILD/formal/NAME/; exactly one line must change.
make_mutant() {
  local file=$1 expr=$2
  expect_fail=1
  mdir=$build/formal/$name
  mkdir -p "$mdir"
  sed -E "$expr" "rtl/$file" > "$mdir/$file"
  local changed
  changed=$(diff "rtl/$file" "$mdir/$file" | grep -c '^>')
  if [[ $changed != 1 ]]; then
    echo "tasd_formal: mutation site not found in rtl/$file ($changed lines changed); update the sed in $0" >&2
    exit 1
  fi
  echo "mutant: $(diff "rtl/$file" "$mdir/$file" | grep '^>')"
}
case $name in
  tasd_mutant_def)
    make_mutant tasd_unit_par.sv 's/(\[j\*MagW \+: MagW\]) >= ([A-Za-z_]+\[i\*MagW \+: MagW\])/\1 > \2/' ;;
  tasd_mutant_seq)
    make_mutant tasd_unit_seq.sv 's/(t_mag\[\(2\*n\+2\)\*MagW \+: MagW\]) > (t_mag\[\(2\*n\+1\)\*MagW \+: MagW\])/\1 >= \2/' ;;
  tasd_mutant_seq_step)
    make_mutant tasd_unit_seq.sv 's/if \(cnt >= lo && cnt < s/if (cnt > lo \&\& cnt < s/' ;;
  tasd_mutant_seq_ctrl)
    make_mutant tasd_unit_seq.sv 's/\(!busy_q \|\| \(last && be_ready\)\)/(!busy_q || be_ready)/' ;;
  tasd_mutant_*)
    echo "tasd_formal: no mutation defined for $name in $0" >&2; exit 2 ;;
esac
echo "proof $name: $(sed -n 2p "$ys" | sed 's/^# //')"
run_ys=$ys
if [[ $expect_fail == 1 ]]; then
  run_ys=$build/formal/$name.ys
  sed "s#@MUTANT_DIR@#$mdir#g" "$ys" > "$run_ys"
  grep -q "$mdir/" "$run_ys" || { echo "tasd_formal: $ys does not read the mutant from @MUTANT_DIR@" >&2; exit 1; }
  if grep -q "read_verilog.*rtl/$(basename "$(ls "$mdir"/*.sv | head -1)")" "$run_ys"; then
    echo "tasd_formal: $ys also reads the unmutated RTL copy" >&2; exit 1
  fi
  echo "script: $run_ys (mutant read from $mdir/)"
fi
t0=$(date +%s.%N)
yosys -q -l "$log" -s "$run_ys" > /dev/null 2>&1
rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
failed_proof=0
grep -q 'proof did fail' "$log" && failed_proof=1
if [[ $expect_fail == 1 ]]; then
  if [[ $rc != 0 && $failed_proof == 1 ]]; then
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
