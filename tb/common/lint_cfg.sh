#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints named configurations of rtl/configs.tsv in the three tools; exit 0 only if every one is clean.
#
# Usage: lint_cfg.sh NAME...          the named rows
#        lint_cfg.sh --top TOP        every row of that top module with the lint flow
#        lint_cfg.sh --ip IP          every row of that harness/IP (unit, tile, pe, dense, skid) with the lint flow
# Per configuration, on the RTL of the top's FuseSoC core (build/gen/filelists/<core>.f):
#   verilator --lint-only -Wall, plain and with --assert -DTASD_ASSERT (the SVA compiled in);
#   Yosys 0.23: read_verilog -sv, chparam, hierarchy -check, proc, opt_clean, check -assert;
#   Icarus 11: iverilog -g2012 elaboration with the parameters.
set -u
cd "$(dirname "$0")/../.."
source tb/common/filelist.sh
PY=${PYTHON:-python3}
cfgs=()
case ${1:-} in
  --top|--ip) mapfile -t cfgs < <($PY scripts/configs.py list --flow lint "$1" "${2:?}") || exit 2 ;;
  "") echo "usage: lint_cfg.sh NAME... | --top TOP | --ip IP" >&2; exit 2 ;;
  *) cfgs=("$@") ;;
esac
[[ ${#cfgs[@]} -gt 0 ]] || { echo "lint_cfg: no configuration selected" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for name in "${cfgs[@]}"; do
  top=$($PY scripts/configs.py get "$name" top) || exit 2
  core=$($PY scripts/configs.py get "$name" core) || exit 2
  read -r -a vpar <<<"$($PY scripts/configs.py params "$name" --style verilator)"
  read -r -a ipar <<<"$($PY scripts/configs.py params "$name" --style iverilog)"
  ychp=$($PY scripts/configs.py params "$name" --style yosys)
  tasd_filelist rtl "$core" || exit 2
  if ! verilator --lint-only -Wall --top-module "$top" "${vpar[@]}" "${rtl[@]}" >"$tmp/v.log" 2>&1; then
    echo "FAIL verilator -Wall $name"; cat "$tmp/v.log"; fail=1
  elif ! verilator --lint-only -Wall --assert -DTASD_ASSERT --top-module "$top" "${vpar[@]}" \
      "${rtl[@]}" >"$tmp/v.log" 2>&1; then
    echo "FAIL verilator -Wall -DTASD_ASSERT $name"; cat "$tmp/v.log"; fail=1
  else
    echo "ok   verilator -Wall (+TASD_ASSERT) $name"
  fi
  ys="read_verilog -sv ${rtl[*]};${ychp:+ $ychp;} hierarchy -check -top $top; proc; opt_clean; check -assert"
  if ! yosys -q -p "$ys" >"$tmp/y.log" 2>&1; then
    echo "FAIL yosys $name"; tail -20 "$tmp/y.log"; fail=1
  else
    echo "ok   yosys check $name"
  fi
  if ! iverilog -g2012 -s "$top" "${ipar[@]}" -o "$tmp/i.vvp" "${rtl[@]}" >"$tmp/i.log" 2>&1; then
    echo "FAIL iverilog $name"; cat "$tmp/i.log"; fail=1
  else
    echo "ok   iverilog elaboration $name"
  fi
done
exit $fail
