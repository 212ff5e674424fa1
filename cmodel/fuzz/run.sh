#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target for a fixed time: run.sh BUILD_FUZZ_DIR TARGET SECONDS [SEED]
# The committed seed corpus (cmodel/fuzz/corpus/TARGET) is copied, never modified; a crash is
# saved to BUILD_FUZZ_DIR/crashes/TARGET/ and the script exits 1 with the replay command.
set -u
dir=$1; target=$2; secs=$3; seed=${4:-$RANDOM}
here=$(cd "$(dirname "$0")" && pwd)
bin=$dir/fuzz_$target
[[ -x $bin ]] || { echo "run.sh: $bin not built (make fuzz-build)" >&2; exit 2; }
work=$dir/work/$target; crashes=$dir/crashes/$target
mkdir -p "$work" "$crashes"
echo "fuzz $target: ${secs}s, seed $seed; replay: $bin -seed=$seed -max_total_time=$secs $work $here/corpus/$target"
"$bin" -seed="$seed" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$work" "$here/corpus/$target" >"$dir/$target.log" 2>&1
rc=$?
tail -n 12 "$dir/$target.log"
if [[ $rc -ne 0 ]]; then
  echo "fuzz $target: FAILED (exit $rc); artifacts in $crashes; full log $dir/$target.log" >&2
  echo "  add the crash input to cmodel/fuzz/regressions/$target/ so 'make test' replays it" >&2
  exit 1
fi
echo "fuzz $target: no failure in ${secs}s"
