#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Mutation check of the unit co-simulation: plants one known bug at a time in a copy of the RTL
# (under BUILD/unit/mutants/), builds the harness for M=8 DataW=8 MaxTerms=2 PipeStages=1 and
# expects the run to FAIL. Proves the harness can fail for each bug class. Usage:
#   tb/unit/mutate.sh [build-dir]        (slow: one Verilator build per mutant; not in make test)
set -u
cd "$(dirname "$0")/../.."
build="${1:-build}"
root="$build/unit/mutants"
lib="$(pwd)/$build/cmodel/libtasd.a"
[[ -f "$lib" ]] || { echo "build $lib first (make cmodel)"; exit 2; }
fail=0

# name | file | original text | mutated text | top
mutants=(
  "tie-break|tasd_unit_par.sv|if (mag[j*MagW +: MagW] >= mag[i*MagW +: MagW])|if (mag[j*MagW +: MagW] > mag[i*MagW +: MagW])|par"
  "magnitude|tasd_unit_par.sv|ext[MagW-1] ? (~ext + 1'b1) : ext|ext|par"
  "bubble|tasd_pipe_reg.sv|assign in_ready_o = !valid_q \|\| out_ready_i;|assign in_ready_o = !valid_q;|par"
  "stall-overwrite|tasd_pipe_reg.sv|if (in_valid_i && in_ready_o) begin|if (in_valid_i) begin|par"
  "sum-check|tasd_unit_cfg.sv|if (acc > MaxSum) begin|if (acc > MaxSum + 1'b1) begin|par"
  "err-ignored|tasd_unit_par.sv|assign in_ready_o = be_ready && !err;|assign in_ready_o = be_ready;|par"
  "slot-valid|tasd_unit_pack.sv|k[NW-1:0] < n_i[t*NW +: NW]|k[NW-1:0] <= n_i[t*NW +: NW]|par"
  "seq-tie-break|tasd_unit_seq.sv|(t_mag[(2*n+2)*MagW +: MagW] > t_mag[(2*n+1)*MagW +: MagW])|(t_mag[(2*n+2)*MagW +: MagW] >= t_mag[(2*n+1)*MagW +: MagW])|seq"
  "seq-last-step|tasd_unit_seq.sv|assign advance    = busy_q && (!last \|\| be_ready);|assign advance    = busy_q;|seq"
  "seq-reset|tasd_unit_seq.sv|      busy_q <= 1'b0;\n    end else if (accept)|      busy_q <= busy_q;\n    end else if (accept)|seq"
)
for m in "${mutants[@]}"; do
  IFS='|' read -r name file from to variant <<<"${m//\\|/$'\x01'}"
  from="${from//$'\x01'/|}"; to="${to//$'\x01'/|}"
  dir="$root/$name"
  rm -rf "$dir"; mkdir -p "$dir/rtl"
  cp rtl/tasd_unit_*.sv rtl/tasd_pipe_reg.sv "$dir/rtl/"
  if ! FROM="$from" TO="$to" python3 - "$dir/rtl/$file" <<'PY'
import os, sys
p = sys.argv[1]; s = open(p).read()
f = os.environ["FROM"].replace("\\n", "\n"); t = os.environ["TO"].replace("\\n", "\n")
if f not in s: sys.exit(1)
open(p, "w").write(s.replace(f, t, 1))
PY
  then echo "FAIL mutant $name: text to mutate not found in $file (update this script)"; fail=1; continue; fi
  seq=0; [[ $variant == seq ]] && seq=1
  if ! verilator --cc --exe --build -j 2 --assert -DTASD_ASSERT --trace-fst --x-assign unique --x-initial unique \
      -y "$dir/rtl" --prefix Vdut -o Vdut --top-module "tasd_unit_$variant" -Mdir "$dir/obj" \
      -GM=8 -GDataW=8 -GMaxTerms=2 -GPipeStages=1 -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0" \
      -CFLAGS "-std=c++17 -O1 -I$(pwd)/cmodel/include -DCFG_M=8 -DCFG_W=8 -DCFG_T=2 -DCFG_P=1 -DCFG_SEQ=$seq -DCFG_NAME=mutant" \
      -LDFLAGS "$lib -lm" "$dir/rtl/tasd_unit_$variant.sv" "$(pwd)/tb/unit/unit_tb.cpp" >"$dir/build.log" 2>&1; then
    echo "FAIL mutant $name: build failed (see $dir/build.log)"; fail=1; continue
  fi
  if "$dir/obj/Vdut" +seed=1 +blocks=5000 >"$dir/run.log" 2>&1; then
    echo "FAIL mutant $name survived (harness did not notice)"; fail=1
  else
    echo "ok   mutant $name killed: $(grep -m1 -E '^FAIL|Assertion|%Error' "$dir/run.log" | cut -c1-150)"
  fi
  rm -rf "$dir/obj"
done
exit $fail
