#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target: run.sh [-k] [-l LIST] BUILD_FUZZ_DIR TARGET LIMIT [SEED]
#   LIMIT  SECONDS (or time=SECONDS): libFuzzer -max_total_time; runs=N: -runs=N (executions,
#          counting the start corpus); both, comma-separated: whichever comes first.
#   -k     also start from the kept corpus BUILD_FUZZ_DIR/corpus/TARGET and merge this run's new
#          inputs back into it (libFuzzer -merge=1), so it grows from run to run (make fuzz).
#          The kept files the run starts from are listed in BUILD_FUZZ_DIR/TARGET.seedS.kept.
#   -l LIST  (with -k) start from only the kept files named in LIST (a replay).
# The fuzzer reads the committed seed corpus cmodel/fuzz/corpus/TARGET (never modified) and, with
# -k, a copy of the listed kept files; it writes new inputs to the empty BUILD_FUZZ_DIR/work/
# TARGET.seedS. So the printed replay command starts from the same inputs with the same seed
# (exact for a runs= limit; a time limit makes the run length vary). A crash (or leak, timeout,
# out-of-memory) is saved to BUILD_FUZZ_DIR/crashes/TARGET/, minimized for FUZZ_MINIMIZE_TIME
# seconds (default 60, 0: off) to the same name + .min, the cp command that makes it a regression
# input is printed, and the script exits 1. Files the targets write go to
# BUILD_FUZZ_DIR/work/TARGET.seedS-files. Everything a run writes is named by its seed, so runs
# with other seeds (make regress) can run beside it; the -k merge holds a lock on the kept corpus.
# The last line is machine-readable: "fuzz-result target=... crash=yes|no" (campaign.sh reads it).
set -u
keep=0; list=
while getopts kl: o; do
  case $o in
    k) keep=1 ;;
    l) list=$OPTARG ;;
    *) echo "usage: run.sh [-k] [-l LIST] BUILD_FUZZ_DIR TARGET LIMIT [SEED]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 3 ]] || { echo "usage: run.sh [-k] [-l LIST] BUILD_FUZZ_DIR TARGET LIMIT [SEED]" >&2; exit 2; }
dir=$1; target=$2; limit=$3; seed=${4:-$RANDOM}
here=$(cd "$(dirname "$0")" && pwd)
bin=$dir/fuzz_$target
[[ -x $bin ]] || { echo "run.sh: $bin not built (make fuzz-build)" >&2; exit 2; }
[[ -z $list || $keep -eq 1 ]] || { echo "run.sh: -l needs -k" >&2; exit 2; }

limit_args=(); runs=; secs=
IFS=, read -ra parts <<<"$limit"
for p in "${parts[@]}"; do
  case $p in
    runs=*) runs=${p#runs=} ;;
    time=*) secs=${p#time=} ;;
    *) secs=$p ;;
  esac
done
[[ -z $runs || $runs =~ ^[0-9]+$ ]] && [[ -z $secs || $secs =~ ^[0-9]+$ ]] && [[ -n $runs$secs ]] ||
  { echo "run.sh: LIMIT is SECONDS, time=SECONDS, runs=N or runs=N,time=SECONDS (got '$limit')" >&2; exit 2; }
[[ -n $runs ]] && limit_args+=(-runs="$runs")
[[ -n $secs ]] && limit_args+=(-max_total_time="$secs")

seeds=$here/corpus/$target
work=$dir/work/$target.seed$seed; files=$work-files; start=$work-start; crashes=$dir/crashes/$target
kept=$dir/corpus/$target; log=$dir/$target.seed$seed.log
rm -rf "$work" "$files" "$start"
mkdir -p "$work" "$files" "$crashes"
dirs=("$work")
[[ -d $seeds ]] && dirs+=("$seeds")
keep_flags=
if [[ $keep -eq 1 ]]; then
  mkdir -p "$kept" "$start"
  manifest=$dir/$target.seed$seed.kept
  if [[ -n $list ]]; then
    [[ -f $list ]] || { echo "run.sh: no kept-corpus list $list" >&2; exit 2; }
    names=$(cat "$list")
  else
    names=$(ls "$kept" | LC_ALL=C sort)
  fi
  # a copy (hard links where possible) of the listed kept files, so a later merge cannot change it
  while IFS= read -r f; do
    [[ -z $f ]] && continue
    [[ -f $kept/$f ]] || { echo "run.sh: kept corpus $kept lacks $f (listed in ${list:-it})" >&2; exit 2; }
    ln "$kept/$f" "$start/$f" 2>/dev/null || cp "$kept/$f" "$start/$f"
  done <<<"$names"
  printf '%s\n' "$names" | sed '/^$/d' >"$manifest.tmp" && mv "$manifest.tmp" "$manifest"
  dirs+=("$start")
  keep_flags="-k -l $manifest "
fi
nseed=$(ls "$seeds" 2>/dev/null | wc -l); nkept=$(ls "$start" 2>/dev/null | wc -l)
echo "fuzz $target: limit $limit, $nseed seed input(s)$([[ $keep -eq 1 ]] && echo ", $nkept kept input(s) from $kept")"
echo "seed=$seed replay: bash $here/run.sh $keep_flags$dir $target $limit $seed"
[[ $keep -eq 1 ]] && echo "  (the replay reads the kept files listed in $manifest; $kept only grows, so they stay there until make clean)"
# libFuzzer mutates with compared values, which include addresses: without address-space
# randomization (setarch -R, where it works) and without the timed re-reading of the corpus
# folder (-reload=0; it only matters for parallel jobs, which we do not run) the same inputs +
# seed + runs= give the same run.
norand=()
setarch "$(uname -m)" -R true 2>/dev/null && norand=(setarch "$(uname -m)" -R)
t0=$(date +%s.%N)
TASD_FUZZ_WORK=$files "${norand[@]}" "$bin" -seed="$seed" "${limit_args[@]}" -reload=0 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashes/" "${dirs[@]}" >"$log" 2>&1
rc=$?
t1=$(date +%s.%N)
tail -n 12 "$log"

# numbers for the summary
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
[[ -n $execs ]] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
execs=${execs:-0}
eps=$(awk -v n="$execs" -v s="$wall" 'BEGIN { printf "%d", (s > 0) ? n / s : 0 }')
# the last status line: "#N DONE cov: C ft: F corp: U/Bb ..." (corp: the fuzzer's whole corpus)
last=$(grep '^#[0-9].* cov: ' "$log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[kM]*b\) .*/\1/p' <<<"$last")

if [[ $keep -eq 1 ]]; then
  # merge this run's new inputs (also after a crash: the crash input itself is not among them);
  # TMPDIR: libFuzzer's merge control file stays under the build tree too
  mlog=$dir/$target.seed$seed.merge.log
  (
    command -v flock >/dev/null && { exec 9>"$kept.lock"; flock 9; }
    TMPDIR=$files TASD_FUZZ_WORK=$files "$bin" -merge=1 -timeout=10 -rss_limit_mb=2048 "$kept" "$work" >"$mlog" 2>&1
  )
  mrc=$?
  if [[ $mrc -ne 0 ]]; then
    echo "fuzz $target: merge into $kept FAILED (exit $mrc); log $mlog; new inputs stay in $work" >&2
  else
    m=$(grep -o 'MERGE-OUTER: [0-9]* new files.*' "$mlog" | tail -n 1)
    [[ -n $m ]] && echo "fuzz $target: kept corpus: ${m#MERGE-OUTER: }"
    rm -rf "$work" "$start"
  fi
  corpus_dir=$kept
else
  mrc=0; corpus_dir=$work
fi
csize=$(find "$corpus_dir" -type f | wc -l)
cbytes=$(find "$corpus_dir" -type f -exec cat {} + 2>/dev/null | wc -c)

crash=no
if [[ $rc -ne 0 ]]; then
  crash="error(exit-$rc)"
  echo "fuzz $target: FAILED (exit $rc); full log $log" >&2
  art=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -n 1)
  if [[ -n $art && -f $art ]]; then
    crash=yes
    echo "  input: $art" >&2
    echo "  reproduce: TASD_FUZZ_WORK=$files $bin $art" >&2
    adopt=$art
    mt=${FUZZ_MINIMIZE_TIME:-60}
    if [[ $mt -gt 0 ]]; then
      TMPDIR=$files TASD_FUZZ_WORK=$files "$bin" -minimize_crash=1 -max_total_time="$mt" -timeout=10 -rss_limit_mb=2048 \
        -exact_artifact_path="$art.min" "$art" >"$log.min" 2>&1
      if [[ -s $art.min ]]; then
        echo "  minimized ($(wc -c <"$art") -> $(wc -c <"$art.min") bytes): $art.min (log $log.min)" >&2
        adopt=$art.min
      else
        echo "  (not minimized; log $log.min)" >&2
      fi
    fi
    echo "  make it a regression input (replayed by make test, fuzz_regress_$target), then fix the bug:" >&2
    echo "    cp $adopt $here/regressions/$target/$(basename "$art")" >&2
    echo "  (or 'make fuzz-adopt' for all of them; give it a name that says what it is)" >&2
  else
    echo "  no crash input written (see the log); artifacts go to $crashes" >&2
  fi
fi
[[ $mrc -ne 0 && $crash == no ]] && crash=merge-failed
[[ $crash == no ]] && echo "fuzz $target: no failure in $execs executions (${wall}s)"
echo "fuzz-result target=$target seed=$seed runs=$execs secs=$wall exec_s=$eps cov=${cov:-?} ft=${ft:-?} corp=${corp:-?} corpus=$csize corpus_bytes=$cbytes crash=$crash"
[[ $crash == no ]] || exit 1
