#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints the core tasd:ip:integ_example (rtl/tasd_integ_example.sv and the unit) in all three tools: verilator -Wall, yosys (read + check), iverilog -g2012;
# also checks that an illegal ResetCfg fails elaboration in each of them.
set -u
cd "$(dirname "$0")/../.."
source tb/common/filelist.sh
tasd_filelist rtl_files integ_example || exit 2
rtl="${rtl_files[*]}"
rc=0
for p in "-GM=8 -GDataW=8 -GMaxTerms=2 -GPipeStages=1" "-GM=16 -GDataW=16 -GMaxTerms=3 -GPipeStages=2" "-GM=4 -GDataW=8 -GMaxTerms=1 -GPipeStages=1"; do
  echo "verilator --lint-only -Wall $p"
  verilator --lint-only -Wall $p --top-module tasd_integ_example $rtl || rc=1
done
echo "yosys: read, hierarchy, check -assert"
yosys -q -p "read_verilog -sv $rtl; hierarchy -check -top tasd_integ_example; proc; check -assert" || rc=1
echo "iverilog -g2012"
iverilog -g2012 -o /dev/null -s tasd_integ_example $rtl || rc=1
# ResetCfg must be a legal series: an illegal one (N_0 = 9 > M; 5:8+5:8, sum 10 > M) must fail
# elaboration in all three tools, naming the problem; a legal one (4:8+4:8) must elaborate.
for v in 9 85 68; do
  want=refused; [[ $v == 68 ]] && want=accepted
  for tool in verilator yosys iverilog; do
    case $tool in
      verilator) out=$(verilator --lint-only -Wall -Wno-WIDTH -GResetCfg=$v --top-module tasd_integ_example $rtl 2>&1) ;;
      yosys) out=$(yosys -q -p "read_verilog -sv $rtl; chparam -set ResetCfg $v tasd_integ_example; hierarchy -check -top tasd_integ_example" 2>&1) ;;
      iverilog) out=$(iverilog -g2012 -o /dev/null -s tasd_integ_example -Ptasd_integ_example.ResetCfg=$v $rtl 2>&1) ;;
    esac
    r=$?
    if [[ $want == refused ]]; then
      if [[ $r != 0 ]] && grep -q tasd_illegal_param_ResetCfg_must_be_a_legal_series <<<"$out"; then
        echo "ok   $tool refuses ResetCfg=$v"
      else echo "FAIL $tool accepted illegal ResetCfg=$v (exit $r)"; echo "$out" | tail -5; rc=1; fi
    elif [[ $r == 0 ]]; then echo "ok   $tool accepts legal ResetCfg=$v"
    else echo "FAIL $tool refused legal ResetCfg=$v"; echo "$out" | tail -5; rc=1; fi
  done
done
[[ $rc == 0 ]] && echo "lint clean"
exit $rc
