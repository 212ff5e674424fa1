#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Determinism: the same reduced recipe trained twice from scratch (two caches) gives byte-identical model files and identical TASDER tables; a different seed gives a different model.
# usage: determinism.sh TASDNET WORKDIR
set -u
BIN=${1:?usage: determinism.sh TASDNET WORKDIR}; W=${2:?}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
echo "replay: bash $0 $BIN $W"
[[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] || { echo "SKIP: no Fashion-MNIST"; exit 77; }
rm -rf "$W"; mkdir -p "$W"
R=$ROOT/cmodel/nn/tests/recipes_tiny.tsv
sed 's/^\(mlp_tiny\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t\)7\t/\18\t/' "$R" > "$W/seed8.tsv"
cp "$ROOT"/cmodel/nn/tests/*.arch "$W/"
grep -q $'^mlp_tiny\t.*\t8\t0.95' "$W/seed8.tsv" || { echo "FAIL: could not derive the seed-8 recipe"; exit 1; }
run() { # cache-dir csv recipes
  "$BIN" run --recipes "$3" --recipe mlp_tiny --level 0.95 --train-n 2000 --cache "$1" \
    --cal-n 300 --test-n 300 --target TTC-VEGETA-M8 --method all --csv "$2" > "$2.log" 2>&1
}
run "$W/a" "$W/a.csv" "$R" && run "$W/b" "$W/b.csv" "$R" && run "$W/c" "$W/c.csv" "$W/seed8.tsv" \
  || { echo "FAIL: a tasdnet run failed"; tail -5 "$W"/*.log; exit 1; }
fails=0
for f in "$W"/a/*.npz; do
  if cmp -s "$f" "$W/b/$(basename "$f")"; then echo "ok: $(basename "$f") byte-identical in both trainings"
  else echo "FAIL: $(basename "$f") differs between two trainings with the same seed"; fails=$((fails + 1)); fi
done
if cmp -s "$W/a.csv" "$W/b.csv"; then echo "ok: the TASDER tables are identical"
else echo "FAIL: the TASDER tables differ:"; diff "$W/a.csv" "$W/b.csv" | head; fails=$((fails + 1)); fi
h_a=$(grep -o 'int8 hash [0-9a-f]*' "$W/a.csv.log"); h_c=$(grep -o 'int8 hash [0-9a-f]*' "$W/c.csv.log")
if [[ -n $h_a && $h_a != "$h_c" ]]; then echo "ok: seed 8 gives a different model ($h_a vs $h_c)"
else echo "FAIL: seed 8 gave the same model hash ($h_a)"; fails=$((fails + 1)); fi
[[ $fails -eq 0 ]] || exit 1
echo "all checks passed"
