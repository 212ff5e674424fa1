#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Illegal parameters must fail elaboration in the given tool (verilator | yosys | iverilog) for both
# TASD units, naming the broken rule; the legal default must elaborate in the same tool (so the
# negative checks cannot pass vacuously, e.g. on a missing file or a broken command line).
set -u
cd "$(dirname "$0")/../.."
tool="${1:?usage: param_check.sh verilator|yosys|iverilog}"
source tb/common/filelist.sh
tasd_filelist rtl unit || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# elaborate TOP PARAM VALUE (PARAM empty: defaults). Output in $tmp/log, status returned.
elaborate() {
  local top=$1 param=$2 val=$3
  case "$tool" in
    verilator)
      verilator --lint-only --top-module "$top" ${param:+-G$param=$val} "${rtl[@]}" >"$tmp/log" 2>&1 ;;
    yosys)
      yosys -q -p "read_verilog -sv ${rtl[*]}; ${param:+chparam -set $param $val $top;} hierarchy -check -top $top" \
        >"$tmp/log" 2>&1 ;;
    iverilog)
      iverilog -g2012 -s "$top" ${param:+-P$top.$param=$val} -o "$tmp/a.vvp" "${rtl[@]}" >"$tmp/log" 2>&1 ;;
    *) echo "unknown tool '$tool'"; exit 2 ;;
  esac
}

# param value expected-module-name-fragment
cases=(
  "M 5 M_must_be_4_8_or_16" "M 32 M_must_be_4_8_or_16" "M 2 M_must_be_4_8_or_16"
  "DataW 3 DataW_must_be_4_to_16" "DataW 17 DataW_must_be_4_to_16"
  "MaxTerms 0 MaxTerms_must_be_1_to_3" "MaxTerms 4 MaxTerms_must_be_1_to_3"
  "PipeStages 0 PipeStages_must_be_1_or_2" "PipeStages 3 PipeStages_must_be_1_or_2"
  "MaxSlots 0 MaxSlots_must_be_1_to_M" "MaxSlots 9 MaxSlots_must_be_1_to_M"
  "CfgCheck 2 CfgCheck_must_be_0_or_1"
)
for top in tasd_unit_par tasd_unit_seq; do
  if elaborate "$top" "" ""; then
    echo "ok   $tool: $top with default parameters elaborates"
  else
    echo "FAIL $tool: $top with default parameters does not elaborate:"; cat "$tmp/log"; fail=1
  fi
  for c in "${cases[@]}"; do
    read -r param val frag <<<"$c"
    if elaborate "$top" "$param" "$val"; then
      echo "FAIL $tool: $top $param=$val elaborated (must be refused)"; fail=1
    elif ! grep -q "tasd_illegal_param_$frag" "$tmp/log"; then
      echo "FAIL $tool: $top $param=$val failed, but not with tasd_illegal_param_$frag:"; cat "$tmp/log"; fail=1
    else
      echo "ok   $tool: $top $param=$val refused ($(grep -m1 -o "tasd_illegal_param_$frag" "$tmp/log"))"
    fi
  done
done
exit $fail
