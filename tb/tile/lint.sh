#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints the tile's RTL in the three tools for every configuration of tb/tile/configs.tsv and
# checks that illegal parameters fail elaboration in all three. Exit 0 only when all agree.
set -u
cd "$(dirname "$0")/../.."
RTL="rtl/tasd_ttc_tile.sv rtl/tasd_pe.sv rtl/tasd_post.sv rtl/tasd_unit_par.sv rtl/tasd_unit_cfg.sv"
RTL+=" rtl/tasd_unit_out.sv rtl/tasd_unit_pack.sv rtl/tasd_pipe_reg.sv"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

# $1 label, $2 expected (ok|fail), $3 "-GName=V ..." overrides
check() {
  local label=$1 want=$2 params=$3 v=ok y=ok i=ok ys="" ip=""
  for p in $params; do
    p=${p#-G}
    ys+=" -set ${p%%=*} ${p#*=}"
    ip+=" -Ptasd_ttc_tile.${p%%=*}=${p#*=}"
  done
  verilator --lint-only -Wall --top-module tasd_ttc_tile $params $RTL >"$TMP/v.log" 2>&1 || v=fail
  yosys -q -p "read_verilog -sv $RTL; chparam$ys tasd_ttc_tile; hierarchy -check -top tasd_ttc_tile; proc; check -assert" \
    >"$TMP/y.log" 2>&1 || y=fail
  iverilog -g2012 -s tasd_ttc_tile $ip -o "$TMP/i.vvp" $RTL >"$TMP/i.log" 2>&1 || i=fail
  # A refusal counts only when it names the illegal-parameter guard (not some other error).
  if [[ $want == fail ]]; then
    grep -q "tasd_illegal_param" "$TMP/v.log" || v=ok-or-other-error
    grep -q "tasd_illegal_param" "$TMP/y.log" || y=ok-or-other-error
    grep -q "tasd_illegal_param" "$TMP/i.log" || i=ok-or-other-error
  fi
  if [[ $v == "$want" && $y == "$want" && $i == "$want" ]]; then
    echo "ok   $label: verilator/yosys/iverilog all $want"
  else
    echo "FAIL $label: want $want, verilator $v, yosys $y, iverilog $i"
    [[ $v != "$want" ]] && tail -5 "$TMP/v.log"
    [[ $y != "$want" ]] && tail -5 "$TMP/y.log"
    [[ $i != "$want" ]] && tail -5 "$TMP/i.log"
    fail=1
  fi
}

# The PE alone, all lane counts.
for l in 1 2 4; do
  if verilator --lint-only -Wall -GLanes=$l rtl/tasd_pe.sv >"$TMP/pe.log" 2>&1; then
    echo "ok   tasd_pe Lanes=$l: verilator -Wall clean"
  else
    echo "FAIL tasd_pe Lanes=$l"; tail -5 "$TMP/pe.log"; fail=1
  fi
done

# Legal configurations (small B buffers keep Yosys quick).
while IFS=$'\t' read -r name rows cols m l t kbm ps; do
  [[ -z $name || $name == \#* ]] && continue
  kbm_lint=$(( kbm > 16 ? 16 : kbm ))
  check "$name" ok "-GRows=$rows -GCols=$cols -GM=$m -GLanes=$l -GMaxTerms=$t -GKBlocksMax=$kbm_lint -GPipeStages=$ps"
done < tb/tile/configs.tsv

# Illegal parameters must fail elaboration everywhere.
check "illegal Lanes=3" fail "-GLanes=3 -GKBlocksMax=4"
check "illegal Cols=12" fail "-GCols=12 -GKBlocksMax=4"
check "illegal M=6" fail "-GM=6 -GCols=12 -GKBlocksMax=4"
check "illegal MaxTerms=4" fail "-GMaxTerms=4 -GKBlocksMax=4"
check "illegal PipeStages=0" fail "-GPipeStages=0 -GKBlocksMax=4"
check "illegal KBlocksMax=0" fail "-GKBlocksMax=0"
exit $fail
