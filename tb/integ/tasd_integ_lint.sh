#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints rtl/tasd_integ_example.sv in all three tools: verilator -Wall, yosys (read + check), iverilog -g2012.
set -u
rtl="rtl/tasd_unit_cfg.sv rtl/tasd_unit_pack.sv rtl/tasd_unit_out.sv rtl/tasd_pipe_reg.sv rtl/tasd_unit_par.sv rtl/tasd_integ_example.sv"
rc=0
for p in "-GM=8 -GDataW=8 -GMaxTerms=2 -GPipeStages=1" "-GM=16 -GDataW=16 -GMaxTerms=3 -GPipeStages=2" "-GM=4 -GDataW=8 -GMaxTerms=1 -GPipeStages=1"; do
  echo "verilator --lint-only -Wall $p"
  verilator --lint-only -Wall $p --top-module tasd_integ_example $rtl || rc=1
done
echo "yosys: read, hierarchy, check -assert"
yosys -q -p "read_verilog -sv $rtl; hierarchy -check -top tasd_integ_example; proc; check -assert" || rc=1
echo "iverilog -g2012"
iverilog -g2012 -o /dev/null -s tasd_integ_example $rtl || rc=1
[[ $rc == 0 ]] && echo "lint clean"
exit $rc
