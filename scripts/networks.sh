#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The full network table (make networks): every recipe x pruning level of cmodel/nn/models/recipes.tsv through tasdnet (every method and target), RTL runs of the chosen TTC-VEGETA-M8 configurations, then the Markdown table and the plot.
# usage: networks.sh TASDNET VTILE OUTDIR   (RTL_IMAGES=200 RECIPES=cmodel/nn/models/recipes.tsv)
set -euo pipefail
BIN=${1:?usage: networks.sh TASDNET VTILE OUTDIR}; VT=${2:?}; OUT=${3:?}
RECIPES=${RECIPES:-cmodel/nn/models/recipes.tsv}; RTL_IMAGES=${RTL_IMAGES:-200}
mkdir -p "$OUT"
CSV=$OUT/networks.csv
rm -f "$CSV" "$CSV.tmp"
# name and pruning levels of every recipe row (the table is the one source of truth)
mapfile -t rows < <(awk '!/^#/ && NF >= 11 {print $1, $9}' "$RECIPES")
t0=$SECONDS
# one job per (recipe, level), JOBS at a time (each tasdnet is single-threaded); every job
# writes its own CSV and log, concatenated in table order at the end
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
jobs_list=()
for r in "${rows[@]}"; do
  name=${r%% *}; prune=${r#* }
  levels=0
  [[ $prune != - ]] && levels="0 ${prune//,/ }"
  for lv in $levels; do jobs_list+=("$name $lv"); done
done
run_one() {
  local name=$1 lv=$2
  "$BIN" run --recipes "$RECIPES" --recipe "$name" --level "$lv" --cache "$OUT/models" \
    --target all --method all --csv "$OUT/part-$name-$lv.csv" --label "$name@$lv" \
    --rtl "$VT" --rtl-images "$RTL_IMAGES" --rtl-method mixed --rtl-dir "$OUT/rtl/$name-$lv" \
    > "$OUT/part-$name-$lv.log" 2>&1
  local rc=$?
  echo "== $name level $lv: exit $rc ($OUT/part-$name-$lv.log)"
  grep -E '^(model|network-W|layer-W|layer-A|mixed|rtl [a-z]+ \(|rtl summary)' "$OUT/part-$name-$lv.log"
  return $rc
}
export -f run_one
export BIN RECIPES OUT VT RTL_IMAGES
# dense models first: the pruned levels of a recipe continue from its cached dense model
rm -f "$OUT"/part-*.csv
fail=0
for pass in dense pruned; do
  sel=()
  for j in "${jobs_list[@]}"; do
    lv=${j#* }
    if [[ $pass == dense && $lv == 0 ]] || [[ $pass == pruned && $lv != 0 ]]; then sel+=("$j"); fi
  done
  ((${#sel[@]})) || continue
  printf '%s\n' "${sel[@]}" | xargs -P "$JOBS" -L 1 bash -c 'run_one $0 $1' || fail=1
done
[[ $fail -eq 0 ]] || { echo "networks: a run failed (see $OUT/part-*.log)"; exit 1; }
first=1
for j in "${jobs_list[@]}"; do
  f="$OUT/part-${j% *}-${j#* }.csv"
  if ((first)); then cat "$f"; first=0; else tail -n +2 "$f"; fi
done > "$CSV.tmp"
mv "$CSV.tmp" "$CSV"
python3 scripts/networks_report.py "$CSV" "$OUT"
gnuplot -e "dir='$OUT'" scripts/networks.gp
echo "networks: $CSV, $OUT/networks.md, $OUT/networks.png ($((SECONDS - t0)) s)"
