#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The timing diagrams in docs/img/ are what the RTL does today: re-renders every docs/wavedrom/
# spec from a fresh simulation into BUILD/wave/svg/ and compares each SVG with the committed one.
# Usage: tb/wave/fresh.sh BUILD   (a difference: run `make diagrams` and commit docs/img/)
set -u
cd "$(dirname "$0")/../.."
build=${1:?build}
out=$build/wave/svg
rm -rf "$out"
"$build/venv/bin/python" scripts/wave.py --build "$build" --out "$out" docs/wavedrom/*.json || exit $?
rc=0
for f in "$out"/*.svg; do
  doc=docs/img/$(basename "$f")
  if ! cmp -s "$f" "$doc"; then
    echo "STALE $doc: the simulation now draws it differently (run 'make diagrams', review, commit)"
    rc=1
  else
    echo "ok   $doc"
  fi
done
exit $rc
