#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one Icarus cross-check of the TASD unit: C-model vectors (tasd_vecgen) replayed on a vvp model.
#
# Usage: tasd_iv_run.sh CONFIG SEED [BUILD [VECTORS]]   CONFIG: a unit row of rtl/configs.tsv with the iv flow
#        tasd_iv_run.sh --selftest CONFIG SEED [BUILD [VECTORS]]
# --selftest corrupts one expected bit and passes only if the testbench reports the mismatch.
# --xselftest offers the first legal non-empty vector's block with X elements and passes only if the
#   bench's 4-state checks report the X that reaches the valid beat (bench exit 3).
# The vvp models and the generator are built by `make iverilog-models` (tb/formal.mk).
set -u
selftest=0
xself=0
if [[ ${1:-} == --selftest ]]; then selftest=1; shift; fi
if [[ ${1:-} == --xselftest ]]; then xself=1; shift; fi
cfg=${1:?config}; seed=${2:?seed}; build=${3:-build}; n=${4:-1500}
cd "$(dirname "$0")/../.."
py=${PYTHON:-python3}
m=$($py scripts/configs.py get "$cfg" P:M) && w=$($py scripts/configs.py get "$cfg" P:DataW) \
  && t=$($py scripts/configs.py get "$cfg" P:MaxTerms) || exit 2
dir=$build/iverilog
vvp_file=$dir/$cfg.vvp
gen=$dir/tasd_vecgen
for f in "$vvp_file" "$gen"; do
  [[ -x $f || -f $f ]] || { echo "tasd_iv_run: $f missing; run 'make iverilog-models'" >&2; exit 2; }
done
vec=$dir/$cfg.$seed.vec
echo "replay: bash tb/iverilog/tasd_iv_run.sh $([[ $selftest == 1 ]] && echo '--selftest ')$([[ $xself == 1 ]] && echo '--xselftest ')$cfg $seed $build $n"
"$gen" "$m" "$w" "$t" "$n" "$seed" > "$vec" || { echo "tasd_iv_run: vector generation failed" >&2; exit 1; }
if [[ $selftest == 1 ]]; then
  # flip the lowest bit of the first legal vector's expected mask field
  awk 'BEGIN{done=0} NR>1 && !done && $1=="0" {
         d=substr($7,length($7),1); h="0123456789abcdef"; p=index(h,d)-1; p=(p%2==0)?p+1:p-1;
         $7=substr($7,1,length($7)-1) substr(h,p+1,1); done=1 } {print}' "$vec" > "$vec.bad"
  mv "$vec.bad" "$vec"
fi
xarg=()
if [[ $xself == 1 ]]; then
  # the first legal vector (kind 0) whose beat has members (mask field not all zero: an empty
  # series takes no element, so X elements could not reach its beat); vectors count from 0
  xv=$(awk 'NR > 1 && $1 == "0" && $7 !~ /^0+$/ {print NR - 2; exit}' "$vec")
  [[ -n $xv ]] || { echo "tasd_iv_run: no legal vector to inject X into" >&2; exit 2; }
  xarg=(+xinject="$xv")
fi
vvp -n "$vvp_file" +vec="$vec" +seed="$seed" +stall=30 "${xarg[@]}"
rc=$?
if [[ $xself == 1 ]]; then
  if [[ $rc == 3 ]]; then echo "xselftest: the X in vector $xv's block was reported"; rm -f "$vec"; exit 0; fi
  echo "xselftest: the X in vector $xv's block was NOT reported by the 4-state checks (bench exit $rc)"; exit 1
fi
if [[ $selftest == 1 ]]; then
  # The bench exits 1 when it found a mismatch (2: it could not run).
  if [[ $rc == 1 ]]; then echo "selftest: corrupted expected beat was caught"; rm -f "$vec"; exit 0; fi
  echo "selftest: corrupted expected beat was NOT caught (bench exit $rc)"; exit 1
fi
[[ $rc == 0 ]] && rm -f "$vec"
exit $rc
