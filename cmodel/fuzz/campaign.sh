#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make fuzz / make fuzz-adopt:
#   campaign.sh run BUILD_FUZZ_DIR LIMIT TARGET...   each target in turn through run.sh -k (kept
#       corpus BUILD_FUZZ_DIR/corpus/TARGET), then one summary line per target; exits 1 if any
#       target failed (crash, leak, timeout, out-of-memory, merge failure). LIMIT as for run.sh.
#   campaign.sh adopt BUILD_FUZZ_DIR TARGET...   copies every failure input in
#       BUILD_FUZZ_DIR/crashes/TARGET/ (the .min version where there is one) to
#       cmodel/fuzz/regressions/TARGET/, where make test (fuzz_regress_TARGET) replays it, and
#       moves the adopted files to BUILD_FUZZ_DIR/crashes/TARGET/adopted/ (so renaming the copy
#       does not bring it back).
set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-}; shift || true
case $mode in
  run)
    [[ $# -ge 3 ]] || { echo "usage: campaign.sh run BUILD_FUZZ_DIR LIMIT TARGET..." >&2; exit 2; }
    dir=$1; limit=$2; shift 2
    results=(); failed=0
    for t in "$@"; do
      bash "$here/run.sh" -k "$dir" "$t" "$limit" | tee "$dir/$t.last.out"
      [[ ${PIPESTATUS[0]} -eq 0 ]] || failed=$((failed + 1))
      r=$(grep '^fuzz-result ' "$dir/$t.last.out" | tail -n 1)
      results+=("${r:-fuzz-result target=$t crash=run.sh-failed}")
      echo
    done
    echo "fuzz summary (limit $limit; kept: files/bytes of $dir/corpus/<target>/ after the merge;"
    echo "  corp: inputs/bytes of the fuzzer's corpus at the end, seeds included; cov, ft: libFuzzer's):"
    printf '  %-10s %12s %9s %9s %6s %7s %14s %8s %10s  %s\n' target executions time_s exec/s cov ft corp kept bytes crash
    for r in "${results[@]}"; do
      declare -A f=()
      for kv in ${r#fuzz-result }; do f[${kv%%=*}]=${kv#*=}; done
      printf '  %-10s %12s %9s %9s %6s %7s %14s %8s %10s  %s\n' "${f[target]}" "${f[runs]:-?}" "${f[secs]:-?}" \
        "${f[exec_s]:-?}" "${f[cov]:-?}" "${f[ft]:-?}" "${f[corp]:-?}" "${f[corpus]:-?}" "${f[corpus_bytes]:-?}" \
        "${f[crash]:-?}"
      unset f
    done
    if [[ $failed -ne 0 ]]; then
      echo "fuzz: $failed of $# target(s) FAILED; inputs in $dir/crashes/<target>/ ('make fuzz-adopt' copies them to cmodel/fuzz/regressions/)" >&2
      exit 1
    fi
    echo "fuzz: no failure in $# target(s)"
    ;;
  adopt)
    [[ $# -ge 2 ]] || { echo "usage: campaign.sh adopt BUILD_FUZZ_DIR TARGET..." >&2; exit 2; }
    dir=$1; shift
    n=0
    for t in "$@"; do
      c=$dir/crashes/$t
      [[ -d $c ]] || continue
      for f in "$c"/*; do
        [[ -f $f && $f != *.min ]] || continue
        src=$f; [[ -s $f.min ]] && src=$f.min
        dst=$here/regressions/$t/$(basename "$f")
        mkdir -p "$here/regressions/$t" "$c/adopted"
        if [[ -f $dst ]] && ! cmp -s "$src" "$dst"; then
          echo "fuzz-adopt: $dst exists with other content; left $src" >&2
          continue
        fi
        cp "$src" "$dst" || exit 1
        echo "adopted $src -> $dst"
        n=$((n + 1))
        mv "$f" "$c/adopted/" && { [[ ! -e $f.min ]] || mv "$f.min" "$c/adopted/"; } # not adopted twice
      done
    done
    echo "fuzz-adopt: $n new regression input(s); 'make test' replays them (fuzz_regress_<target>);"
    echo "  rename them after what they test, fix the bug, and commit them"
    ;;
  *)
    echo "usage: campaign.sh run BUILD_FUZZ_DIR LIMIT TARGET... | campaign.sh adopt BUILD_FUZZ_DIR TARGET..." >&2
    exit 2
    ;;
esac
