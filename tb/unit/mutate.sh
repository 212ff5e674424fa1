#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Mutation check of the unit co-simulation: plants one known bug at a time (the unit rows of the
# mutant table tb/mutants.tsv) in a copy of the RTL (under BUILD/unit/mutants/<name>/; rtl/ is
# never edited), builds the harness on the mutant's base configuration (unit_par, unit_seq or
# unit_par_lean) and expects the run to FAIL with a harness-reported failure ("FAIL <cfg>
# seed ..." from unit_tb.cpp: a mismatch, a handshake-rule violation or an SVA). A crash, a build
# error or a mutation text that no longer matches the RTL is a failure of this script. Usage:
#   tb/unit/mutate.sh [build-dir] [mutant-name...]
# With no names every unit mutant of the table is tried (one Verilator build each, ~10 s with the runtime
# objects of BUILD/unit/_runtime reused); tb/lists/unit.tsv runs a fast subset (unit-mutants).
set -u
cd "$(dirname "$0")/../.."
build="${1:-build}"
shift || true
want=("$@")
case $build in /*) ;; *) build="$(pwd)/$build" ;; esac
root="$build/unit/mutants"
lib="$build/cmodel/libtasd.a"
rt="$build/unit/_runtime"
[[ -f "$lib" ]] || { echo "build $lib first (make BUILD=... cmodel)"; exit 2; }
fail=0
source tb/common/filelist.sh
tasd_filelist rtl unit "$build" || exit 2

# The unit rows of the mutant table tb/mutants.tsv (name, base configuration, file, texts).
mapfile -t mutants < <(python3 tb/common/mutate.py list unit) || exit 2
[[ ${#mutants[@]} -gt 0 ]] || { echo "FAIL: no unit mutants in tb/mutants.tsv"; exit 2; }
ran=0
for name in "${mutants[@]}"; do
  if [[ ${#want[@]} -gt 0 ]] && ! printf '%s\n' "${want[@]}" | grep -qx -- "$name"; then continue; fi
  ran=$((ran + 1))
  dir="$root/$name"
  rm -rf "$dir"; mkdir -p "$dir"
  file=$(python3 tb/common/mutate.py get "$name" file) || exit 2
  cfg=$(python3 tb/common/mutate.py get "$name" base) || exit 2
  if ! python3 tb/common/mutate.py write "$name" "$dir/rtl/$file"; then
    echo "FAIL mutant $name: text to mutate not found once in $file (update tb/mutants.tsv)"; fail=1; continue
  fi
  # The core's list with the one file replaced by its mutant copy.
  mrtl=(); for f in "${rtl[@]}"; do
    if [[ $(basename "$f") == "$file" ]]; then mrtl+=("$dir/rtl/$file"); else mrtl+=("$(pwd)/$f"); fi
  done
  # The mutant is built on its base row of rtl/configs.tsv (unit_par, unit_seq, unit_par_lean).
  top=$(python3 scripts/configs.py get "$cfg" top) || exit 2
  seq=0; [[ $top == tasd_unit_seq ]] && seq=1
  read -r -a gpar <<<"$(python3 scripts/configs.py params "$cfg" --all --style verilator)"
  cdefs=$(python3 scripts/configs.py params "$cfg" --all --style cdefs)
  vflags=(--cc --exe --assert -DTASD_ASSERT --trace-fst --x-assign unique --x-initial unique
    --prefix Vdut -o Vdut --top-module "$top" -Mdir "$dir/obj" "${gpar[@]}"
    -CFLAGS "-std=c++17 -O1 -I$(pwd)/cmodel/include $cdefs -DTASD_CFG_SEQ=$seq -DTASD_CFG_NAME=mutant_$name"
    -LDFLAGS "$lib -lm")
  if ! verilator "${vflags[@]}" "${mrtl[@]}" "$(pwd)/tb/unit/unit_tb.cpp" >"$dir/build.log" 2>&1; then
    echo "FAIL mutant $name: verilator failed (see $dir/build.log)"; fail=1; continue
  fi
  # Reuse the precompiled Verilator runtime of tb/unit.mk when it is there (same flags).
  [[ -f $rt/.done ]] && cp "$rt"/*.o "$rt"/*.d "$dir/obj/"
  if ! make -s -C "$dir/obj" -f Vdut.mk OPT_FAST=-O1 OPT_SLOW=-O0 >>"$dir/build.log" 2>&1; then
    echo "FAIL mutant $name: build failed (see $dir/build.log)"; fail=1; continue
  fi
  "$dir/obj/Vdut" +seed=1 +blocks=5000 >"$dir/run.log" 2>&1
  rc=$?
  if [[ $rc == 0 ]]; then
    echo "FAIL mutant $name survived (harness did not notice); log $dir/run.log"; fail=1
  elif [[ $rc == 1 ]]; then   # the harness's exit status for a mismatch or a rule violation
    echo "ok   mutant $name killed: $(grep -m1 -E '^FAIL|Assertion failed' "$dir/run.log" | cut -c1-160)"
  else
    echo "FAIL mutant $name: run ended with exit $rc, not the harness's 1 (crash or setup error); log $dir/run.log"; fail=1
  fi
  rm -rf "$dir/obj"
done
if [[ $ran == 0 || ( ${#want[@]} -gt 0 && $ran != ${#want[@]} ) ]]; then
  echo "FAIL: asked for ${#want[@]} mutant(s) (${want[*]:-all}), ran $ran (unknown name?)"; fail=1
fi
[[ $fail == 0 ]] && echo "PASS: all $ran mutant(s) killed by the harness"
exit $fail
