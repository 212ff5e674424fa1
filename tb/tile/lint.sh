#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints the tile's RTL in the three tools for every configuration of tb/tile/configs.tsv and
# checks that illegal parameters fail elaboration in all three. Exit 0 only when all agree.
set -u
cd "$(dirname "$0")/../.."
source tb/common/filelist.sh
tasd_filelist rtl_files ttc_tile "${TASD_BUILD:-build}" || exit 2
RTL="${rtl_files[*]}"
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

# The PE alone: every lane count, and the M / DataW / AccW corners the PE harness runs.
for pp in "-GLanes=1" "-GLanes=2" "-GLanes=4" "-GLanes=4 -GM=16 -GDataW=16" "-GLanes=2 -GM=4 -GAccW=20" \
          "-GLanes=1 -GM=16 -GDataW=16 -GAccW=32"; do
  if tasd_filelist pe_files pe || exit 2
  verilator --lint-only -Wall --top-module tasd_pe $pp "${pe_files[@]}" >"$TMP/pe.log" 2>&1; then
    echo "ok   tasd_pe $pp: verilator -Wall clean"
  else
    echo "FAIL tasd_pe $pp"; tail -5 "$TMP/pe.log"; fail=1
  fi
done

# Legal configurations (small B buffers keep Yosys quick).
while IFS=$'\t' read -r name rows cols m l t kbm ps drain; do
  [[ -z $name || $name == \#* ]] && continue
  kbm_lint=$(( kbm > 16 ? 16 : kbm ))
  seq=0; [[ ${drain:-par} == seq ]] && seq=1
  check "$name" ok "-GRows=$rows -GCols=$cols -GM=$m -GLanes=$l -GMaxTerms=$t -GKBlocksMax=$kbm_lint -GPipeStages=$ps -GDrainSeq=$seq"
done < tb/tile/configs.tsv
# KBlocksMax = 2^k - 1: every cfg_kblocks_i value fits, the range check must not be constant
# (Verilator CMPCONST); also 1 (a 1-bit port) and the default 512.
for kbm in 1 3 7; do
  check "KBlocksMax=$kbm" ok "-GRows=2 -GCols=8 -GLanes=2 -GKBlocksMax=$kbm"
done
check "defaults (KBlocksMax=512), lint only" ok "-GRows=2 -GCols=8 -GKBlocksMax=512"

# Illegal parameters must fail elaboration everywhere.
check "illegal Lanes=3" fail "-GLanes=3 -GKBlocksMax=4"
check "illegal Cols=12" fail "-GCols=12 -GKBlocksMax=4"
check "illegal M=6" fail "-GM=6 -GCols=12 -GKBlocksMax=4"
check "illegal MaxTerms=4" fail "-GMaxTerms=4 -GKBlocksMax=4"
check "illegal PipeStages=0" fail "-GPipeStages=0 -GKBlocksMax=4"
check "illegal KBlocksMax=0" fail "-GKBlocksMax=0"
check "illegal DrainSeq=2" fail "-GDrainSeq=2 -GKBlocksMax=4"
exit $fail
