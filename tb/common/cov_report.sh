#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Merges a run's Verilator coverage files and reports them: merged.dat, merged.info (rtl/ only), html/ (genhtml), summary.txt.
#
# Usage: tb/common/cov_report.sh OUT DATDIR [RTL_FILE...]
#   OUT/merged.dat    verilator_coverage --write of every DATDIR/*.dat
#   OUT/reset.dat     the same of every DATDIR/*.dat.reset (each run's counts up to the end of its
#                     first reset, tb/common/tasd_tb_cov.h): the summary takes them off the toggles
#   OUT/merged.info   verilator_coverage --write-info, paths made absolute and one record per file
#                     (tb/common/cov_summary.py info), then only rtl/ files (lcov --extract)
#   OUT/html/         genhtml of merged.info (its line counts are verilator_coverage's: every point
#                     on a source line, toggles of a declaration included)
#   OUT/summary.txt   tb/common/cov_summary.py summary of merged.dat: lines, branches and toggles
#                     per rtl/ file, printed too; OUT/summary.tsv the same counts as TSV. The
#                     RTL_FILEs (the cores' file lists) get a row even without coverage points.
#   OUT/missed.txt    cov_summary.py missed: the lines, branches and toggle bits not hit
# Exit status: 0, or the first failing tool's (1 when DATDIR has no .dat).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: cov_report.sh OUT DATDIR [RTL_FILE...]}
datdir=${2:?usage: cov_report.sh OUT DATDIR [RTL_FILE...]}
shift 2
root=$PWD

run() {  # runs a step, naming it when it fails
  "$@"
  local rc=$?
  [[ $rc == 0 ]] || { echo "cov_report: FAIL (exit $rc): $*" >&2; exit "$rc"; }
}

shopt -s nullglob
dats=("$datdir"/*.dat)
shopt -u nullglob
[[ ${#dats[@]} -gt 0 ]] || { echo "cov_report: no .dat file in $datdir" >&2; exit 1; }
mkdir -p "$out"
echo "cov_report: merging ${#dats[@]} coverage files of $datdir"
run verilator_coverage --write "$out/merged.dat" "${dats[@]}"
shopt -s nullglob
resets=("$datdir"/*.dat.reset)
shopt -u nullglob
reset=()
if [[ ${#resets[@]} -gt 0 ]]; then
  run verilator_coverage --write "$out/reset.dat" "${resets[@]}"
  reset=(--reset "$out/reset.dat")
else
  echo "cov_report: no .dat.reset file in $datdir: toggles include the settling at reset" >&2
fi
run verilator_coverage --write-info "$out/all.info" "$out/merged.dat"
run python3 tb/common/cov_summary.py info "$out/all.info" "$out/abs.info" --root "$root"
run lcov --quiet --extract "$out/abs.info" "$root/rtl/*" --output-file "$out/merged.info"
rm -rf "$out/html"
run genhtml --quiet --output-directory "$out/html" --prefix "$root" --title "TASD rtl/ coverage" \
  "$out/merged.info"
echo "cov_report: HTML report $out/html/index.html"
run python3 tb/common/cov_summary.py summary "$out/merged.dat" "${reset[@]}" --root "$root" --under rtl \
  --files "$@" --out "$out/summary.txt" --tsv "$out/summary.tsv"
run python3 tb/common/cov_summary.py missed "$out/merged.dat" "${reset[@]}" --root "$root" --under rtl \
  --out "$out/missed.txt" > /dev/null
echo "cov_report: $out/summary.txt, $out/missed.txt (what is not hit), $out/merged.info"
