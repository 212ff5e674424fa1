#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints rtl/tasd_skid_buf.sv in the three tools (verilator --lint-only -Wall, plain and with
# TASD_ASSERT; Yosys read_verilog -sv + hierarchy -check + check -assert; Icarus -g2012
# elaboration) for several widths, and checks that Width=0 fails elaboration in all three with
# the module's illegal-parameter guard. Exit 0 only when every check passes.
set -u
cd "$(dirname "$0")/../.."
source tb/common/filelist.sh
tasd_filelist prim_files prim || exit 2
rtl="${prim_files[*]}"   # the core tasd:ip:prim (tasd_skid_buf is the top)
top=tasd_skid_buf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for w in 1 8 77 673; do
  if verilator --lint-only -Wall -GWidth="$w" --top-module $top $rtl >"$tmp/v.log" 2>&1 &&
     verilator --lint-only -Wall --assert -DTASD_ASSERT -GWidth="$w" --top-module $top $rtl >>"$tmp/v.log" 2>&1; then
    echo "ok   verilator -Wall (+TASD_ASSERT) Width=$w"
  else
    echo "FAIL verilator -Wall Width=$w"; cat "$tmp/v.log"; fail=1
  fi
  if yosys -q -p "read_verilog -sv $rtl; chparam -set Width $w $top; hierarchy -check -top $top; proc; opt_clean; check -assert" \
      >"$tmp/y.log" 2>&1; then
    echo "ok   yosys check Width=$w"
  else
    echo "FAIL yosys Width=$w"; tail -20 "$tmp/y.log"; fail=1
  fi
  if iverilog -g2012 -s $top -P$top.Width="$w" -o "$tmp/i.vvp" $rtl >"$tmp/i.log" 2>&1; then
    echo "ok   iverilog elaboration Width=$w"
  else
    echo "FAIL iverilog Width=$w"; cat "$tmp/i.log"; fail=1
  fi
done
# Width = 0 must be refused by the guard (not by some other error) in every tool.
guard=tasd_illegal_param_Width_must_be_positive
v=ok; y=ok; i=ok
verilator --lint-only -GWidth=0 --top-module $top $rtl >"$tmp/v.log" 2>&1 && v=accepted
yosys -q -p "read_verilog -sv $rtl; chparam -set Width 0 $top; hierarchy -check -top $top" >"$tmp/y.log" 2>&1 && y=accepted
iverilog -g2012 -s $top -P$top.Width=0 -o "$tmp/i.vvp" $rtl >"$tmp/i.log" 2>&1 && i=accepted
grep -q $guard "$tmp/v.log" || v="$v, no $guard"
grep -q $guard "$tmp/y.log" || y="$y, no $guard"
grep -q $guard "$tmp/i.log" || i="$i, no $guard"
if [[ $v == ok && $y == ok && $i == ok ]]; then
  echo "ok   Width=0 refused by verilator, yosys and iverilog ($guard)"
else
  echo "FAIL Width=0: verilator $v, yosys $y, iverilog $i"; fail=1
fi
exit $fail
