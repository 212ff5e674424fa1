#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the FuseSoC cores' own targets with fusesoc itself (build/venv, pinned in scripts/requirements.txt).
#
# Usage: tb/fusesoc/fusesoc.sh BUILD cores
#          every core in rtl/ and tb/ must parse and validate (`fusesoc core show`, exit status)
#        tb/fusesoc/fusesoc.sh BUILD lint VLNV TARGET [--Param=value ...]
#          `fusesoc run --target TARGET VLNV` (Verilator --lint-only -Wall); exit status is fusesoc's
#        tb/fusesoc/fusesoc.sh BUILD lint-cfg CONFIG [--TASD_ASSERT]
#          the same for a row of rtl/configs.tsv: its core, its parameters (--Param=value), the
#          core's lint target for the top (lint_seq for tasd_unit_seq)
#        tb/fusesoc/fusesoc.sh BUILD sim-unit CONFIG SEED [--selftest]
#          C-model vectors (tasd_vecgen) through the core tasd:dv:unit_iv's Icarus `sim` target, for
#          a TASD-unit row of rtl/configs.tsv; --selftest corrupts one expected bit, and the run
#          must then fail.
# Work folders: BUILD/fusesoc/<mode>-<...>/ (one per run, so runs can go side by side).
set -u
cd "$(dirname "$0")/../.."
build=${1:?build}; mode=${2:?mode}; shift 2
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
fs=$build/venv/bin/fusesoc
[[ -x $fs ]] || { echo "fusesoc.sh: $fs missing: run 'make deps'" >&2; exit 2; }
roots=(--cores-root rtl --cores-root tb)
case $mode in
  cores)
    "$fs" "${roots[@]}" core list || exit 1
    n=0
    for c in rtl/*.core tb/*/*.core; do
      vlnv=$(sed -n 's/^name: *//p' "$c")
      [[ -n $vlnv ]] || { echo "FAIL $c: no name"; exit 1; }
      if "$fs" "${roots[@]}" core show "$vlnv" > "$build/fusesoc.show.log" 2>&1; then
        echo "ok   $vlnv ($c)"; n=$((n + 1))
      else
        echo "FAIL $vlnv ($c):"; tail -5 "$build/fusesoc.show.log"; exit 1
      fi
    done
    echo "$n cores validate" ;;
  lint)
    vlnv=${1:?vlnv}; target=${2:?target}; shift 2
    work=$build/fusesoc/lint-${vlnv//:/_}-$target$(printf '%s' "$*" | tr -c 'A-Za-z0-9=' '_')
    rm -rf "$work"
    echo "replay: bash tb/fusesoc/fusesoc.sh $build lint $vlnv $target $*"
    "$fs" "${roots[@]}" run --build-root "$work" --target "$target" "$vlnv" "$@" ;;
  lint-cfg)
    cfg=${1:?config}; shift
    py=${PYTHON:-python3}
    top=$($py scripts/configs.py get "$cfg" top) && core=$($py scripts/configs.py get "$cfg" core) || exit 2
    read -r -a par <<<"$($py scripts/configs.py params "$cfg" --style fusesoc)"
    target=lint; [[ $top == tasd_unit_seq ]] && target=lint_seq
    exec bash "$0" "$build" lint "tasd:ip:$core" "$target" "${par[@]}" "$@" ;;
  sim-unit)
    cfg=${1:?config} seed=${2:?seed}; selftest=${3:-}
    py=${PYTHON:-python3}
    top=$($py scripts/configs.py get "$cfg" top) || exit 2
    case $top in tasd_unit_par) seq=0 ;; tasd_unit_seq) seq=1 ;; *) echo "fusesoc.sh: $cfg is not a TASD unit" >&2; exit 2 ;; esac
    m=$($py scripts/configs.py get "$cfg" P:M) w=$($py scripts/configs.py get "$cfg" P:DataW)
    t=$($py scripts/configs.py get "$cfg" P:MaxTerms) ps=$($py scripts/configs.py get "$cfg" P:PipeStages)
    gen=$build/iverilog/tasd_vecgen
    [[ -x $gen ]] || { echo "fusesoc.sh: $gen missing (make iverilog-models)" >&2; exit 2; }
    work=$build/fusesoc/sim-$cfg-$seed${selftest:+-selftest}
    rm -rf "$work"; mkdir -p "$work"
    echo "seed=$seed replay: bash tb/fusesoc/fusesoc.sh $build sim-unit $*"
    "$gen" "$m" "$w" "$t" 1500 "$seed" > "$work/vec.txt" || { echo "vector generation failed"; exit 2; }
    if [[ $selftest == --selftest ]]; then
      # flip the lowest bit of the first legal vector's expected mask field
      awk 'BEGIN{done=0} NR>1 && !done && $1=="0" {
             d=substr($7,length($7),1); h="0123456789abcdef"; p=index(h,d)-1; p=(p%2==0)?p+1:p-1;
             $7=substr($7,1,length($7)-1) substr(h,p+1,1); done=1 } {print}' "$work/vec.txt" > "$work/vec.bad"
      mv "$work/vec.bad" "$work/vec.txt"
    fi
    "$fs" "${roots[@]}" run --build-root "$work/fs" --target sim tasd:dv:unit_iv \
      --Seq="$seq" --M="$m" --DataW="$w" --MaxTerms="$t" --PipeStages="$ps" \
      --vec="$work/vec.txt" --seed="$seed" --stall=30 > "$work/fusesoc.log" 2>&1
    rc=$?
    grep -E '^IV ' "$work/fusesoc.log" | tail -3
    if [[ $selftest == --selftest ]]; then
      [[ $rc != 0 ]] && { echo "selftest: fusesoc's sim run failed on the corrupted beat, as it must"; exit 0; }
      echo "selftest: the corrupted beat passed (fusesoc exit 0); log $work/fusesoc.log"; exit 1
    fi
    [[ $rc == 0 ]] || { echo "FAIL: fusesoc sim exit $rc; log $work/fusesoc.log"; tail -15 "$work/fusesoc.log"; }
    exit $rc ;;
  *) echo "fusesoc.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
