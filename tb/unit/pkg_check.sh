#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# rtl/tasd_pkg.sv against libtasd: every cfg_n_i word of every runnable series, in Icarus (exit status).
# Usage: tb/unit/pkg_check.sh BUILD [--selftest]   (--selftest corrupts one expected word: must fail)
set -u
cd "$(dirname "$0")/../.."
build=${1:?build}; selftest=${2:-}
lib=$build/cmodel/libtasd.a
[[ -f $lib ]] || { echo "pkg_check: $lib missing (make cmodel)" >&2; exit 2; }
source tb/common/filelist.sh
tasd_filelist rtl unit "$build" || exit 2
dir=$build/unit/pkg_check$selftest
mkdir -p "$dir"
echo "replay: bash tb/unit/pkg_check.sh $build $selftest"
cc -std=c11 -O1 -Wall -Wextra -Werror -Icmodel/include -o "$dir/vec" tb/unit/tasd_pkg_vec.c "$lib" -lzip -lz -lm \
  || { echo "pkg_check: generator does not build"; exit 2; }
"$dir/vec" > "$dir/words.txt" || exit 2
if [[ $selftest == --selftest ]]; then
  awk 'NR == 20 { $6 = $6 "1" } {print}' "$dir/words.txt" > "$dir/w.bad" \
    && mv "$dir/w.bad" "$dir/words.txt"
fi
iverilog -g2012 -s tasd_pkg_tb -o "$dir/pkg.vvp" "${rtl[@]}" tb/unit/tasd_pkg_tb.sv || exit 2
vvp -n "$dir/pkg.vvp" +vec="$dir/words.txt"
rc=$?
if [[ $selftest == --selftest ]]; then
  [[ $rc == 1 ]] && { echo "selftest: the corrupted word was caught"; exit 0; }
  echo "selftest: the corrupted word was NOT caught (exit $rc)"; exit 1
fi
exit $rc
