#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tasd sweep (1 trial): CSVs have the right rows and sane values; the same seed gives the same CSVs.
# usage: cli_sweep.sh TASD_BINARY WORKDIR SEED
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_sweep.sh TASD WORKDIR SEED}; W=${2:?}; SEED=${3:?}
echo "seed=$SEED replay: bash $0 $TASD $W $SEED"
rm -rf "$W"
run $TASD sweep -o $W/a --seed $SEED --trials 1 --gemm-trials 1 || finish
run $TASD sweep -o $W/b --seed $SEED --trials 1 --gemm-trials 1 || finish
cmp -s $W/a/fig5.csv $W/b/fig5.csv && cmp -s $W/a/fig6.csv $W/b/fig6.csv && pass "deterministic" || bad "not deterministic"
python3 - "$W/a" <<'PY' && pass "CSV contents" || bad "CSV contents"
import csv, sys
d = sys.argv[1]
f5 = list(csv.DictReader(open(d + "/fig5.csv")))
assert len(f5) == 2 * 3 * 14, len(f5)
for r in f5:
    n, m = float(r["pct_nnz_dropped"]), float(r["pct_mag_dropped"])
    assert 0 <= m <= n <= 100, r
    if r["series"] == "2:4":  # one 2:4 term keeps at most half of each block
        assert float(r["density"]) < 0.5 or n > 0, r
f6 = list(csv.DictReader(open(d + "/fig6.csv")))
assert len(f6) == 2 * 14, len(f6)
for r in f6:
    e, n, m = float(r["rel_error"]), int(r["n"]), int(r["m"])
    if n == 0: assert abs(e - 1) < 1e-9, r       # nothing kept: error 1
    if n == m: assert e == 0, r                  # everything kept: exact
    assert 0 <= e <= 1, r
PY
grep -c "^T[1-6] " $W/a/takeaways.txt | grep -qx 6 && pass "six takeaways" || bad "takeaways.txt"
finish
