#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Mutation check of the unit co-simulation: plants one known bug at a time in a copy of the RTL
# (under BUILD/unit/mutants/<name>/; rtl/ is never edited), builds the harness for M=8 DataW=8
# MaxTerms=2 PipeStages=1 and expects the run to FAIL with a harness-reported failure ("FAIL <cfg>
# seed ..." from unit_tb.cpp: a mismatch, a handshake-rule violation or an SVA). A crash, a build
# error or a mutation text that no longer matches the RTL is a failure of this script. Usage:
#   tb/unit/mutate.sh [build-dir] [mutant-name...]
# With no names every mutant below is tried (one Verilator build each, ~10 s with the runtime
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

# name | file | original text | mutated text | top
mutants=(
  "tie-break|tasd_unit_par.sv|if (m[j*MagW +: MagW] >= m[i*MagW +: MagW])|if (m[j*MagW +: MagW] > m[i*MagW +: MagW])|par"
  "magnitude|tasd_unit_par.sv|ext[MagW-1] ? (~ext + 1'b1) : ext|ext|par"
  "bubble|tasd_pipe_reg.sv|assign in_ready_o = !valid_q \|\| out_ready_i;|assign in_ready_o = !valid_q;|par"
  "stall-overwrite|tasd_pipe_reg.sv|if (in_valid_i && in_ready_o) begin|if (in_valid_i) begin|par"
  "sum-check|tasd_unit_cfg.sv|if (acc > MaxSum) begin|if (acc > MaxSum + 1'b1) begin|par"
  "err-ignored|tasd_unit_par.sv|assign in_ready_o = be_ready && !err && rst_ni;|assign in_ready_o = be_ready && rst_ni;|par"
  "slot-valid|tasd_unit_pack.sv|sv[t*MaxSlots + s] = s[NW-1:0] < n[t*NW +: NW];|sv[t*MaxSlots + s] = s[NW-1:0] <= n[t*NW +: NW];|par"
  "seq-tie-break|tasd_unit_seq.sv|(t_mag[(2*n+2)*MagW +: MagW] > t_mag[(2*n+1)*MagW +: MagW])|(t_mag[(2*n+2)*MagW +: MagW] >= t_mag[(2*n+1)*MagW +: MagW])|seq"
  "seq-last-step|tasd_unit_seq.sv|assign advance    = busy_q && (!last \|\| be_ready);|assign advance    = busy_q;|seq"
  "lean-check|tasd_unit_cfg.sv|localparam logic [NW-1:0]   MaxN   = NW'(MaxSlots);|localparam logic [NW-1:0]   MaxN   = NW'(M);|par-lean"
  "seq-reset|tasd_unit_seq.sv|      busy_q <= 1'b0;\n    end else if (accept)|      busy_q <= busy_q;\n    end else if (accept)|seq"
)
ran=0
for m in "${mutants[@]}"; do
  IFS='|' read -r name file from to variant <<<"${m//\\|/$'\x01'}"
  from="${from//$'\x01'/|}"; to="${to//$'\x01'/|}"
  if [[ ${#want[@]} -gt 0 ]] && ! printf '%s\n' "${want[@]}" | grep -qx -- "$name"; then continue; fi
  ran=$((ran + 1))
  dir="$root/$name"
  rm -rf "$dir"; mkdir -p "$dir/rtl"
  cp "${rtl[@]}" "$dir/rtl/"
  mrtl=(); for f in "${rtl[@]}"; do mrtl+=("$dir/rtl/$(basename "$f")"); done
  if ! FROM="$from" TO="$to" python3 - "$dir/rtl/$file" <<'PY'
import os, sys
p = sys.argv[1]; s = open(p).read()
f = os.environ["FROM"].replace("\\n", "\n"); t = os.environ["TO"].replace("\\n", "\n")
if f not in s: sys.exit(1)
open(p, "w").write(s.replace(f, t, 1))
PY
  then echo "FAIL mutant $name: text to mutate not found in $file (update this script)"; fail=1; continue; fi
  # The mutant is built on a row of rtl/configs.tsv: unit_par, unit_seq or unit_par_lean (MaxSlots=4).
  case $variant in par) cfg=unit_par ;; seq) cfg=unit_seq ;; par-lean) cfg=unit_par_lean ;;
    *) echo "FAIL mutant $name: unknown variant '$variant'"; fail=1; continue ;; esac
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
