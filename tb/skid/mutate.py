#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes a mutant copy of rtl/tasd_skid_buf.sv: one row of tb/skid/mutants.tsv applied once.
# Usage: mutate.py MUTANTS.tsv NAME SRC OUT. Exit 1 when NAME is unknown or its text does not
# occur exactly once in SRC (the table must follow the RTL), 0 after writing OUT.
import sys


def main():
    table, name, src, out = sys.argv[1:5]
    rows = {}
    for line in open(table, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        rows[cols[0]] = (cols[1].replace("\\n", "\n"), cols[2].replace("\\n", "\n"))
    if name not in rows:
        sys.exit("mutate.py: no mutant '%s' in %s" % (name, table))
    frm, to = rows[name]
    text = open(src, encoding="utf-8").read()
    if text.count(frm) != 1:
        sys.exit("mutate.py: mutant '%s': its text occurs %d times in %s (want 1; update %s)"
                 % (name, text.count(frm), src, table))
    open(out, "w", encoding="utf-8").write(text.replace(frm, to))


if __name__ == "__main__":
    main()
