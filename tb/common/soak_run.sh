#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Soak wrapper (tb/lists/soak.tsv, make soak): runs one co-simulation harness command with its
# +blocks=N / +gemms=N scaled by $SOAK_SCALE (default 1; rounded, at least 1), passes the
# harness's output through unchanged and appends METRIC lines for scripts/runtests.py, taken
# from what the harness itself reports having checked:
#   unit (Vdut):       the harness prints METRIC blocks_accepted/compared/abandoned itself
#   tile (Vtile rand): tile_gemms = its "  ok gemm" lines (one per GEMM fully compared),
#                      tile_jobs  = U + S of its final "cycle model: U unstalled jobs ...;
#                      S stalled jobs ..." line; both only when the run passed (as the unit's)
#   both:              mismatch_runs = 1 when the harness printed a FAIL line (it stops at
#                      its first failure), else 0
# The exit status is the harness's: pass/fail never depends on the parsing.
set -u
scale=${SOAK_SCALE:-1}
if ! [[ $scale =~ ^[0-9]*\.?[0-9]+$ ]]; then
  echo "soak_run.sh: SOAK_SCALE='$scale': want a positive number" >&2
  exit 2
fi
if [[ $# -eq 0 ]]; then
  echo "usage: [SOAK_SCALE=x] bash tb/common/soak_run.sh HARNESS [ARGS...]" >&2
  exit 2
fi
args=()
for a in "$@"; do
  case $a in
    +blocks=*|+gemms=*)
      n=$(awk -v n="${a#*=}" -v s="$scale" 'BEGIN { v = int(n * s + 0.5); print (v < 1 ? 1 : v) }')
      a="${a%%=*}=$n" ;;
  esac
  args+=("$a")
done
out=$(mktemp "${TMPDIR:-/tmp}/soak_run.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
echo "soak: SOAK_SCALE=$scale; harness command: ${args[*]}"
"${args[@]}" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if [[ $rc -eq 0 ]]; then
  jobs=$(awk '/^cycle model: [0-9]+ unstalled jobs .*; [0-9]+ stalled jobs/ { u = $3; s = $0;
              sub(/^.*; /, "", s); split(s, w, " "); n = u + w[1]; seen = 1 }
              END { if (seen) print n }' "$out")
  if [[ -n $jobs ]]; then
    echo "METRIC tile_gemms $(grep -c '^  ok gemm ' "$out")"
    echo "METRIC tile_jobs $jobs"
  fi
fi
if grep -q '^FAIL' "$out"; then echo "METRIC mismatch_runs 1"; else echo "METRIC mismatch_runs 0"; fi
exit "$rc"
