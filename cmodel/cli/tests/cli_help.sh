#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd CLI: top-level and per-command help, exit codes of help and of no/unknown command.
# usage: cli_help.sh TASD_BINARY
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_help.sh TASD_BINARY}
out=$($TASD --help); rc=$?
[[ $rc -eq 0 && $out == *"usage: tasd <command>"* ]] && pass "--help" || bad "--help (rc $rc)"
for c in decompose verify stats gemm targets demo sweep random info; do
  [[ $out == *"  $c "* ]] && pass "--help lists $c" || bad "--help does not list $c"
  o=$($TASD $c --help); rc=$?
  [[ $rc -eq 0 && $o == "usage: tasd $c"* ]] && pass "$c --help" || bad "$c --help (rc $rc): $o"
  o=$($TASD $c -h); rc=$?
  [[ $rc -eq 0 && $o == "usage: tasd $c"* ]] && pass "$c -h" || bad "$c -h (rc $rc)"
  o=$($TASD help $c); rc=$?
  [[ $rc -eq 0 && $o == "usage: tasd $c"* ]] && pass "help $c" || bad "help $c (rc $rc)"
done
expect 2 "usage: tasd <command>" $TASD
expect 2 "unknown command 'frobnicate'" $TASD frobnicate
expect 2 "Run 'tasd --help'" $TASD frobnicate
finish
