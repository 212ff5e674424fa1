#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target for a fixed time: run.sh BUILD_FUZZ_DIR TARGET SECONDS [SEED]
# Each run starts from a fresh work corpus, BUILD_FUZZ_DIR/work/TARGET.seedS, copied from the
# committed seed corpus (cmodel/fuzz/corpus/TARGET, never modified), so the printed replay command
# starts from the same inputs with the same seed. A crash is saved to BUILD_FUZZ_DIR/crashes/TARGET/
# and the script exits 1. Files the targets write go to BUILD_FUZZ_DIR/work/TARGET.seedS-files.
# Everything a run writes is named by its seed, so runs with other seeds (make regress) can run
# beside it.
set -u
dir=$1; target=$2; secs=$3; seed=${4:-$RANDOM}
here=$(cd "$(dirname "$0")" && pwd)
bin=$dir/fuzz_$target
[[ -x $bin ]] || { echo "run.sh: $bin not built (make fuzz-build)" >&2; exit 2; }
work=$dir/work/$target.seed$seed; files=$work-files; crashes=$dir/crashes/$target
log=$dir/$target.seed$seed.log
rm -rf "$work" "$files"
mkdir -p "$work" "$files" "$crashes"
if compgen -G "$here/corpus/$target/*" >/dev/null; then cp "$here/corpus/$target/"* "$work/"; fi
echo "fuzz $target: ${secs}s, $(ls "$work" | wc -l) seed input(s)"
echo "seed=$seed replay: bash $here/run.sh $dir $target $secs $seed"
TASD_FUZZ_WORK=$files "$bin" -seed="$seed" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1
rc=$?
tail -n 12 "$log"
if [[ $rc -ne 0 ]]; then
  echo "fuzz $target: FAILED (exit $rc); artifacts in $crashes; full log $log" >&2
  echo "  add the crash input to cmodel/fuzz/regressions/$target/ so 'make test' replays it" >&2
  exit 1
fi
echo "fuzz $target: no failure in ${secs}s"
