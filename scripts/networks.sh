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
for r in "${rows[@]}"; do
  name=${r%% *}; prune=${r#* }
  levels=0
  [[ $prune != - ]] && levels="0 ${prune//,/ }"
  for lv in $levels; do
    echo "== $name level $lv"
    "$BIN" run --recipes "$RECIPES" --recipe "$name" --level "$lv" --cache "$OUT/models" \
      --target all --method all --csv "$CSV.tmp" --label "$name@$lv" \
      --rtl "$VT" --rtl-images "$RTL_IMAGES" --rtl-method mixed --rtl-dir "$OUT/rtl/$name-$lv"
  done
done
mv "$CSV.tmp" "$CSV"
python3 scripts/networks_report.py "$CSV" "$OUT"
gnuplot -e "dir='$OUT'" scripts/networks.gp
echo "networks: $CSV, $OUT/networks.md, $OUT/networks.png ($((SECONDS - t0)) s)"
