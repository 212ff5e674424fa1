#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lint the TASD units for one parameter set of tb/unit/configs.tsv (or "all"):
# verilator --lint-only -Wall (plain and with TASD_ASSERT), Yosys 0.23 read_verilog -sv +
# hierarchy -check + check -assert, and Icarus 11 -g2012 elaboration. Exit 0 only if all are clean.
set -u
cd "$(dirname "$0")/../.."
want="${1:-all}"
cfgs="tb/unit/configs.tsv"
source tb/common/filelist.sh
tasd_filelist rtl unit || exit 2
fail=0
found=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name variant m w t p s; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ "$want" != all && "$want" != "$name" ]] && continue
  found=1
  top="tasd_unit_$variant"
  s=${s:-$m}  # MaxSlots column (optional; default M, the general unit)
  params=(-GM="$m" -GDataW="$w" -GMaxTerms="$t" -GPipeStages="$p" -GMaxSlots="$s")
  if ! verilator --lint-only -Wall --top-module "$top" "${params[@]}" "${rtl[@]}" >"$tmp/v.log" 2>&1; then
    echo "FAIL verilator -Wall $name"; cat "$tmp/v.log"; fail=1
  elif ! verilator --lint-only -Wall --assert -DTASD_ASSERT --top-module "$top" "${params[@]}" \
      "${rtl[@]}" >"$tmp/v.log" 2>&1; then
    echo "FAIL verilator -Wall -DTASD_ASSERT $name"; cat "$tmp/v.log"; fail=1
  else
    echo "ok   verilator -Wall (+TASD_ASSERT) $name"
  fi
  ys="read_verilog -sv ${rtl[*]}; chparam -set M $m -set DataW $w -set MaxTerms $t -set PipeStages $p -set MaxSlots $s $top;"
  ys+=" hierarchy -check -top $top; proc; opt_clean; check -assert"
  if ! yosys -q -p "$ys" >"$tmp/y.log" 2>&1; then
    echo "FAIL yosys $name"; tail -20 "$tmp/y.log"; fail=1
  else
    echo "ok   yosys check $name"
  fi
  if ! iverilog -g2012 -s "$top" -P"$top.M=$m" -P"$top.DataW=$w" -P"$top.MaxTerms=$t" -P"$top.PipeStages=$p" -P"$top.MaxSlots=$s" \
      -o "$tmp/i.vvp" "${rtl[@]}" >"$tmp/i.log" 2>&1; then
    echo "FAIL iverilog $name"; cat "$tmp/i.log"; fail=1
  else
    echo "ok   iverilog elaboration $name"
  fi
done < "$cfgs"
if [[ $found == 0 ]]; then echo "no config named '$want' in $cfgs"; exit 2; fi
exit $fail
