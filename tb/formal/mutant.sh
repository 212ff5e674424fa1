# SPDX-License-Identifier: Apache-2.0
# Sourced by tb/formal/tasd_formal.sh and tasd_induct.sh: writes one mutant copy of an RTL file.
#   make_mutant MUTANT   takes row MUTANT of the mutant table tb/mutants.tsv (tb/common/mutate.py):
#   writes the mutant copy of its rtl/ file to $build/formal/$name/, replaces that file by the copy
#   in the caller's rtl array, and sets proof=<the row's base proof>, expect_fail=1,
#   mdir=<the copy's folder>. A row whose text is not found once in the RTL exits 1.
make_mutant() {
  local mut=$1 file i
  proof=$(python3 tb/common/mutate.py get "$mut" base) || exit 2
  file=$(python3 tb/common/mutate.py get "$mut" file) || exit 2
  expect_fail=1
  mdir=$build/formal/$name
  mkdir -p "$mdir"
  python3 tb/common/mutate.py write "$mut" "$mdir/$file" || exit 1
  echo "mutant $mut: $(diff "rtl/$file" "$mdir/$file" | grep '^>')"
  for i in "${!rtl[@]}"; do [[ ${rtl[$i]} == "rtl/$file" ]] && rtl[$i]=$mdir/$file; done
}
