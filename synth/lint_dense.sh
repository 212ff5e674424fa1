#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd_pe_dense (core tasd:ip:pe) in all three tools: lint-clean legal parameter sets, illegal ones rejected by each tool.
# Usage: lint_dense.sh BUILD
set -u
cd "$(dirname "$0")/.."
dir=${1:?build}/synth-lint
mkdir -p "$dir"
source tb/common/filelist.sh
tasd_filelist pe_files pe "${1:-build}" || exit 2
src="${pe_files[*]} --top-module tasd_pe_dense"
src_files="${pe_files[*]}"
fail=0
for p in "Lanes=1" "Lanes=2" "Lanes=4" "Lanes=3 DataW=16 AccW=32" "Lanes=8 DataW=4 AccW=8"; do
  vflags=() iflags=() yflags=()
  for kv in $p; do
    vflags+=("-G$kv"); iflags+=("-Ptasd_pe_dense.${kv%=*}=${kv#*=}"); yflags+=("-chparam ${kv%=*} ${kv#*=}")
  done
  verilator --lint-only -Wall "${vflags[@]}" $src > "$dir/v.log" 2>&1 \
    || { echo "FAIL: verilator -Wall ($p)"; cat "$dir/v.log"; fail=1; }
  iverilog -g2012 -s tasd_pe_dense "${iflags[@]}" -o "$dir/iv.vvp" $src_files > "$dir/i.log" 2>&1 \
    || { echo "FAIL: iverilog ($p)"; cat "$dir/i.log"; fail=1; }
  yosys -q -p "read_verilog -sv $src_files; hierarchy -check -top tasd_pe_dense ${yflags[*]}" > "$dir/y.log" 2>&1 \
    || { echo "FAIL: yosys ($p)"; cat "$dir/y.log"; fail=1; }
  [[ $fail -eq 0 ]] && echo "ok: legal $p passes verilator -Wall, iverilog, yosys"
done
for p in "Lanes=0" "DataW=1" "AccW=15"; do
  kv=$p
  if verilator --lint-only -Wall "-G$kv" $src > "$dir/v.log" 2>&1; then echo "FAIL: verilator accepts $p"; fail=1; fi
  if iverilog -g2012 -s tasd_pe_dense "-Ptasd_pe_dense.${kv%=*}=${kv#*=}" -o "$dir/iv.vvp" $src_files > "$dir/i.log" 2>&1; then
    echo "FAIL: iverilog accepts $p"; fail=1; fi
  if yosys -q -p "read_verilog -sv $src_files; hierarchy -check -top tasd_pe_dense -chparam ${kv%=*} ${kv#*=}" \
       > "$dir/y.log" 2>&1; then echo "FAIL: yosys accepts $p"; fail=1; fi
  [[ $fail -eq 0 ]] && echo "ok: illegal $p rejected by verilator, iverilog, yosys"
done
[[ $fail -eq 0 ]] && echo "PASS" || exit 1
