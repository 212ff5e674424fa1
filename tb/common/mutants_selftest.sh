#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-test of tb/common/mutate.py: broken mutant tables and stale rows are refused with the problem named.
set -u
cd "$(dirname "$0")/../.."
dir=${TASD_BUILD:-build}/mutants-selftest
mkdir -p "$dir"
fail=0
# expect RC REGEX TABLE-LINE ARGS...: one-row table, the command's exit status and message.
expect() {
  local rc=$1 re=$2 row=$3 out got
  shift 3
  printf '%s\n' "$row" > "$dir/t.tsv"
  out=$(python3 tb/common/mutate.py --table "$dir/t.tsv" "$@" 2>&1)
  got=$?
  if [[ $got -eq $rc ]] && grep -Eq -- "$re" <<<"$out"; then
    echo "ok   exit $rc /$re/"
  else
    echo "FAIL: wanted exit $rc and /$re/, got exit $got: $out"; fail=1
  fi
}
T=$'\t'
expect 1 "occurs 0 times in .*tasd_skid_buf[.]sv" "x${T}skid${T}skid_w8${T}tasd_skid_buf.sv${T}no such text${T}y${T}d" check
expect 1 "occurs 0 times" "x${T}skid${T}skid_w8${T}tasd_skid_buf.sv${T}no such text${T}y${T}d" write x "$dir/out.sv"
[[ -e $dir/out.sv ]] && { echo "FAIL: a stale row wrote its copy"; fail=1; }
expect 2 "6 columns, want 7" "x${T}skid${T}skid_w8${T}tasd_skid_buf.sv${T}a${T}b" check
expect 2 "harness 'sim' is not one of" "x${T}sim${T}skid_w8${T}tasd_skid_buf.sv${T}a${T}b${T}d" check
expect 2 "changes nothing" "x${T}skid${T}skid_w8${T}tasd_skid_buf.sv${T}a${T}a${T}d" check
expect 1 "no mutant 'y'" "x${T}skid${T}skid_w8${T}tasd_skid_buf.sv${T}a${T}b${T}d" get y base
# The real table: every row applies, and a written copy differs from the RTL in the row's text only.
python3 tb/common/mutate.py check || fail=1
python3 tb/common/mutate.py write tile-rowbias "$dir/tile.sv" || fail=1
src=rtl/$(python3 tb/common/mutate.py get tile-rowbias file)  # the file the row names
n=$(diff "$src" "$dir/tile.sv" | grep -c '^[<>]')
[[ $n -eq 2 ]] || { echo "FAIL: tile-rowbias changed $n lines, want 1 -> 1"; fail=1; }
[[ $fail -eq 0 ]] && echo "PASS: mutant table checked, broken tables refused"
exit $fail
