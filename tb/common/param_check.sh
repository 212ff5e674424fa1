#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Illegal parameters (rtl/configs_illegal.tsv) must fail elaboration in one tool, naming the broken rule.
#
# Usage: param_check.sh TOOL [--ip IP]      TOOL: verilator | yosys | iverilog | all (the three)
# For every row (of one harness/IP with --ip: unit, tile, pe, dense, skid): the base configuration
# of rtl/configs.tsv must elaborate, and the base with the row's overrides must not, with the
# row's guard named in the tool's message (a refusal for another reason, e.g. a missing file,
# is a failure). Exit 0 only if every row behaves so.
set -u
cd "$(dirname "$0")/../.."
source tb/common/filelist.sh
PY=${PYTHON:-python3}
tool=${1:?usage: param_check.sh verilator|yosys|iverilog|all [--ip IP]}
want_ip=""
[[ ${2:-} == --ip ]] && want_ip=${3:?--ip needs a name}
case $tool in
  verilator|yosys|iverilog) ;;
  all) rc=0; for t in verilator yosys iverilog; do bash "$0" "$t" "${@:2}" || rc=1; done; exit $rc ;;
  *) echo "param_check: unknown tool '$tool'" >&2; exit 2 ;;
esac
table=rtl/configs_illegal.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 rows=0
declare -A base_ok

# elaborate NAME [Name=v,...]: the tool on NAME's parameters plus the overrides; log in $tmp/log.
elaborate() {
  local name=$1 set=${2:-} top core sets=()
  top=$($PY scripts/configs.py get "$name" top) || return 99
  core=$($PY scripts/configs.py get "$name" core) || return 99
  tasd_filelist rtl "$core" || return 99
  [[ -n $set ]] && sets=(--set "$set")
  case $tool in
    verilator)
      read -r -a p <<<"$($PY scripts/configs.py params "$name" --style verilator "${sets[@]}")"
      # -Wno-WIDTH: a -G value is a 32-bit integer, which Verilator's default WIDTH warning flags
      # on a narrower vector parameter (ResetCfg); this check is about elaboration guards, and
      # lint_cfg.sh lints the legal configurations with -Wall.
      verilator --lint-only -Wno-WIDTH --top-module "$top" "${p[@]}" "${rtl[@]}" >"$tmp/log" 2>&1 ;;
    yosys)
      local chp
      chp=$($PY scripts/configs.py params "$name" --style yosys "${sets[@]}")
      yosys -q -p "read_verilog -sv ${rtl[*]};${chp:+ $chp;} hierarchy -check -top $top" >"$tmp/log" 2>&1 ;;
    iverilog)
      read -r -a p <<<"$($PY scripts/configs.py params "$name" --style iverilog "${sets[@]}")"
      iverilog -g2012 -s "$top" "${p[@]}" -o "$tmp/a.vvp" "${rtl[@]}" >"$tmp/log" 2>&1 ;;
  esac
}

while IFS=$'\t' read -r base over guard; do
  [[ -z $base || $base == \#* ]] && continue
  ip=$($PY scripts/configs.py get "$base" ip) || { echo "FAIL $table: unknown base '$base'"; fail=1; continue; }
  [[ -n $want_ip && $ip != "$want_ip" ]] && continue
  rows=$((rows + 1))
  if [[ -z ${base_ok[$base]:-} ]]; then
    if elaborate "$base"; then
      base_ok[$base]=1; echo "ok   $tool: $base elaborates"
    else
      base_ok[$base]=0; echo "FAIL $tool: base $base does not elaborate:"; tail -5 "$tmp/log"; fail=1
    fi
  fi
  [[ ${base_ok[$base]} == 1 ]] || continue
  elaborate "$base" "$over"; rc=$?
  if [[ $rc == 99 ]]; then
    echo "FAIL $tool: $base $over: bad row"; fail=1
  elif [[ $rc == 0 ]]; then
    echo "FAIL $tool: $base $over elaborated (must be refused)"; fail=1
  elif ! grep -q -- "$guard" "$tmp/log"; then
    echo "FAIL $tool: $base $over refused, but not by $guard:"; tail -5 "$tmp/log"; fail=1
  else
    echo "ok   $tool: $base $over refused ($guard)"
  fi
done < "$table"
[[ $rows -gt 0 ]] || { echo "param_check: no row selected${want_ip:+ for $want_ip}" >&2; exit 2; }
exit $fail
