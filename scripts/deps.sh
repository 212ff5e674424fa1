#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the tools the project needs and installs the missing Debian packages (root) or prints the command.
set -u
# Each entry: <probe> <debian package>. A probe is a command name or an absolute file path.
NEEDED=(
  "gcc gcc" "g++ g++" "make make" "python3 python3" "pkg-config pkg-config"
  "clang clang" "/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev"
  "verilator verilator" "yosys yosys" "iverilog iverilog" "sta opensta"
  "/usr/include/systemc.h libsystemc-dev"
  "/usr/share/qflow/tech/osu018/osu018_stdcells.lib qflow-tech-osu018"
  "gnuplot gnuplot-nox" "hyperfine hyperfine" "/usr/include/zlib.h zlib1g-dev"
  "/usr/lib/python3/dist-packages/numpy python3-numpy"
  "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz dataset-fashion-mnist"
  "/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h libopenblas-dev"
  "/usr/include/zip.h libzip-dev"
)
missing=()
for e in "${NEEDED[@]}"; do
  probe=${e% *}; pkg=${e#* }
  if [[ $probe == /* ]]; then
    [[ -e $probe ]] || missing+=("$pkg")
  else
    command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
# The fuzzer runtime path depends on the clang patch version: accept any 14.x.
if [[ " ${missing[*]} " == *" libclang-rt-14-dev "* ]] && ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  missing=("${missing[@]/libclang-rt-14-dev}")
fi
pkgs=$(printf '%s\n' "${missing[@]}" | sed '/^$/d' | sort -u | tr '\n' ' ')
if [[ -z ${pkgs// /} ]]; then
  exit 0
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $pkgs"
if [[ $(id -u) -eq 0 ]]; then
  echo "deps: installing missing Debian packages: $pkgs"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null || {
    echo "deps: apt-get failed; run by hand: $cmd" >&2; exit 1; }
  exit 0
fi
echo "deps: missing Debian packages: $pkgs" >&2
echo "deps: run as root: sudo sh -c '$cmd'" >&2
exit 1
