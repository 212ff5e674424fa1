#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The full synthetic sweep (seed 1, default trials, about 2 s) as `make sweep` runs it: each
# takeaway line T1..T6 must give the verdict docs/cmodel.md states for that point, and gnuplot
# must turn the data into two PNG files.
# usage: cli_sweep_full.sh TASD_BINARY WORKDIR [DOCS]   (run from the repository root)
source "$(dirname "$0")/lib.sh"
TASD=${1:?usage: cli_sweep_full.sh TASD WORKDIR [DOCS]}; W=${2:?}; DOCS=${3:-docs/cmodel.md}
echo "seed=1 replay: bash $0 $TASD $W $DOCS"
rm -rf "$W"; mkdir -p "$W"
run $TASD sweep -o "$W" || finish
command -v gnuplot >/dev/null || { bad "gnuplot not installed (make deps)"; finish; }
if gnuplot -e "dir='$W'" scripts/sweep.gp > "$W/gnuplot.log" 2>&1; then pass "gnuplot ran"; else bad "gnuplot failed: $(tail -3 "$W/gnuplot.log")"; fi
for f in fig5 fig6; do
  png=$W/$f.png
  if [[ -s $png ]] && [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]; then
    pass "$f.png is a non-empty PNG ($(stat -c %s "$png") bytes)"
  else
    bad "$f.png missing, empty or not a PNG"
  fi
done
# Verdicts: docs list the paper's points as "<n>. *claim* **Holds**" or "**Does not hold**".
for n in 1 2 3 4 5 6; do
  line=$(grep -E "^T$n " "$W/takeaways.txt")
  [[ -n $line ]] || { bad "takeaways.txt has no T$n line"; continue; }
  case $line in
    *"does not hold"*) got="does not hold" ;;
    *holds*) got="holds" ;;
    *) bad "T$n line has no verdict: $line"; continue ;;
  esac
  # the point's text from "<n>. *" up to the first line with a bold verdict (claims wrap)
  doc=$(awk -v n="$n" 'index($0, n ". *") == 1 {on = 1} on {buf = buf " " $0; if ($0 ~ /\*\*(Holds|Does not hold)/) {print buf; exit}} on && /^$/ {exit}' "$DOCS")
  case $doc in
    *"**Does not hold"*) want="does not hold" ;;
    *"**Holds"*) want="holds" ;;
    *) bad "$DOCS states no verdict for point $n: '$doc'"; continue ;;
  esac
  [[ $got == "$want" ]] && pass "T$n: $got, as the docs state" || bad "T$n: sweep says '$got', $DOCS says '$want': $line"
done
[[ $(grep -cE "^T[0-9]+ " "$W/takeaways.txt") -eq 6 ]] && pass "six takeaway lines" || bad "takeaways.txt does not have exactly six T lines"
finish
