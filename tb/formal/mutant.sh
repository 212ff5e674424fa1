# SPDX-License-Identifier: Apache-2.0
# Sourced by tb/formal/tasd_formal.sh and tasd_induct.sh: writes one mutant copy of an RTL file.
#   make_mutant PROOF FILE SED   copies rtl/FILE to $build/formal/$name/FILE with the sed -E
#   expression SED applied (exactly one line must change, else exit 1), replaces rtl/FILE by the
#   copy in the caller's rtl array, and sets proof=PROOF, expect_fail=1, mdir=<the copy's folder>.
make_mutant() {
  local file=$2 expr=$3 i changed
  proof=$1
  expect_fail=1
  mdir=$build/formal/$name
  mkdir -p "$mdir"
  sed -E "$expr" "rtl/$file" > "$mdir/$file"
  changed=$(diff "rtl/$file" "$mdir/$file" | grep -c '^>')
  if [[ $changed != 1 ]]; then
    echo "$(basename "$0"): mutation site not found in rtl/$file ($changed lines changed); update the sed in $0" >&2
    exit 1
  fi
  echo "mutant: $(diff "rtl/$file" "$mdir/$file" | grep '^>')"
  for i in "${!rtl[@]}"; do [[ ${rtl[$i]} == "rtl/$file" ]] && rtl[$i]=$mdir/$file; done
}
