#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the tools the project needs and installs what is missing: Debian packages (as root; otherwise
# it prints the apt-get command) and the pinned Python packages of scripts/requirements.txt, into the
# project-local environment $TASD_BUILD/venv (default build/venv; re-created when the file changes).
set -u
cd "$(dirname "$0")/.."
build=${TASD_BUILD:-build}
# Each entry: <probe> <debian package>. A probe is a command name or an absolute file path.
NEEDED=(
  "gcc gcc" "g++ g++" "make make" "python3 python3" "pkg-config pkg-config"
  "clang clang" "/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev"
  "verilator verilator" "yosys yosys" "iverilog iverilog" "sta opensta"
  "yosys-smtbmc yosys" "z3 z3"
  "/usr/include/systemc.h libsystemc-dev"
  "/usr/share/qflow/tech/osu018/osu018_stdcells.lib qflow-tech-osu018"
  "gnuplot gnuplot-nox" "hyperfine hyperfine" "/usr/include/zlib.h zlib1g-dev"
  "/usr/lib/python3/dist-packages/numpy python3-numpy"
  "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz dataset-fashion-mnist"
  "/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h libopenblas-dev"
  "/usr/include/zip.h libzip-dev"
  "/usr/include/lz4.h liblz4-dev"
  "genhtml lcov"
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
if [[ -n ${pkgs// /} ]]; then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $pkgs"
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps: missing Debian packages: $pkgs" >&2
    echo "deps: run as root: sudo sh -c '$cmd'" >&2
    exit 1
  fi
  echo "deps: installing missing Debian packages: $pkgs"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null || {
    echo "deps: apt-get failed; run by hand: $cmd" >&2; exit 1; }
fi

# ---- Python packages (PyPI, every version pinned) in $build/venv ----
req=scripts/requirements.txt
venv=$build/venv
want=$(sha256sum "$req" | cut -d' ' -f1)
if [[ -x $venv/bin/fusesoc && "$(cat "$venv/.requirements.sha256" 2>/dev/null)" == "$want" ]]; then
  exit 0
fi
echo "deps: installing the Python packages of $req into $venv"
mkdir -p "$build"
if ! python3 -m venv --clear "$venv" >/dev/null 2>&1; then
  # Debian's python3 needs python3-venv for `-m venv` (ensurepip).
  if [[ $(id -u) -eq 0 ]] && apt-get install -y -qq python3-venv >/dev/null 2>&1 \
      && python3 -m venv --clear "$venv"; then :; else
    echo "deps: 'python3 -m venv $venv' failed; as root: apt-get install -y python3-venv" >&2
    exit 1
  fi
fi
if ! "$venv/bin/pip" install --disable-pip-version-check --no-input -q -r "$req"; then
  echo "deps: pip install -r $req failed (needs PyPI); rerun: $venv/bin/pip install -r $req" >&2
  exit 1
fi
# FuseSoC walks directories for .core files: keep it out of everything generated.
touch "$build/FUSESOC_IGNORE"
echo "$want" > "$venv/.requirements.sha256"
