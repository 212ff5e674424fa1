#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Yosys SAT proof that rtl/tasd_post.sv (bias add and rounding add side by side, ReLU as a final
# select) equals the plain formulation in tb/tile/tasd_post_ref.sv for every input: AccW 32 (the
# tile's) without exception; AccW 16 and 9 except the documented corner (shift > AccW with ReLU
# of a negative x). A self-check proves that a wrong reference (no wrap correction) fails.
set -u
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
source tb/common/filelist.sh
tasd_filelist post_files post || exit 2
post="${post_files[*]}"   # the core tasd:ip:post: one file, rtl/tasd_post.sv
prove() {  # $1 AccW, $2 output that must be 1, $3 want (ok|fail)
  local got=ok
  yosys -q -p "read_verilog -sv $post tb/tile/tasd_post_ref.sv tb/tile/tasd_post_miter.sv; chparam -set AccW $1 tasd_post_miter; \
    hierarchy -top tasd_post_miter; proc; flatten; opt; sat -verify -prove $2 1 tasd_post_miter" \
    > "$TMP/y.log" 2>&1 || got=fail
  if [[ $got == "$3" ]]; then
    echo "ok   AccW=$1: $2 $( [[ $3 == ok ]] && echo proven || echo 'fails, as it must')"
  else
    echo "FAIL AccW=$1: $2 want $3, got $got"; tail -5 "$TMP/y.log"; fail=1
  fi
}
prove 32 ok_full ok
prove 16 ok_trunc ok
prove 9 ok_trunc ok
prove 16 ok_full fail   # the corner exists (so ok_trunc excuses something real)
# Self-check: tasd_post without the wrap correction of bit AccW must be caught.
sed 's/{w\[AccW\] ^ x3\[AccW\] ^ neg, w\[AccW-1:0\]}/w/' $post > "$TMP/tasd_post.sv"
if cmp -s $post "$TMP/tasd_post.sv"; then
  echo "FAIL selftest: the mutation did not apply ($post changed?)"; fail=1
elif yosys -q -p "read_verilog -sv $TMP/tasd_post.sv tb/tile/tasd_post_ref.sv tb/tile/tasd_post_miter.sv; hierarchy -top tasd_post_miter; proc; \
    flatten; opt; sat -verify -prove ok_full 1 tasd_post_miter" > "$TMP/m.log" 2>&1; then
  echo "FAIL selftest: a tasd_post without the wrap correction was not caught"; fail=1
else
  echo "ok   selftest: a tasd_post without the wrap correction fails the proof"
fi
exit $fail
