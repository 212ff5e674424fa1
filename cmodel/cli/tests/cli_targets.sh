#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd targets: every target is listed; the VEGETA view matches the paper's Table 2.
# usage: cli_targets.sh TASD_BINARY
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_targets.sh TASD_BINARY}
all=$($TASD targets) || bad "tasd targets failed"
for t in TTC-VEGETA-M8 TTC-STC-M4; do
  [[ $all == *"$t:"* ]] && pass "lists $t" || bad "does not list $t"
done
v=$($TASD targets TTC-VEGETA-M8) || bad "tasd targets TTC-VEGETA-M8 failed"
check() { grep -Eq "^ +$1 +$2\$" <<<"$v" && pass "VEGETA $1 -> $2" || bad "VEGETA $1 is not '$2'"; }
check 1:8 1:8; check 2:8 2:8; check 3:8 2:8\\+1:8; check 4:8 4:8; check 5:8 4:8\\+1:8
check 6:8 4:8\\+2:8; check 7:8 "- \\(not reachable\\)"; check 8:8 "dense \\(4:8\\+4:8\\)"
s=$($TASD targets TTC-STC-M4) || bad "tasd targets TTC-STC-M4 failed"
grep -Eq "^ +2:4 +2:4$" <<<"$s" && pass "STC 2:4" || bad "STC 2:4"
grep -Eq "^ +3:4 +- \(not reachable\)$" <<<"$s" && pass "STC 3:4 unreachable" || bad "STC 3:4"
finish
