#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Reads the one mutant table (tb/mutants.tsv): lists mutants, gives their fields, writes mutant copies.
#
# Usage (run from the repository root; --table defaults to tb/mutants.tsv):
#   mutate.py list HARNESS           names of the mutants a harness must catch, one per line
#   mutate.py get NAME FIELD         one field (harness, base, file, from, to, desc)
#   mutate.py write NAME OUT         writes OUT, a copy of rtl/<file> with the mutation applied
#   mutate.py check                  every row's text occurs exactly once in its rtl/ file
# Exit 0 on success; 1 when a mutation's text does not occur exactly once (the table must follow
# the RTL) or the name is unknown; 2 for a malformed table or bad use.
import argparse
import os
import sys

FIELDS = ("name", "harness", "base", "file", "from", "to", "desc")
HARNESSES = ("skid", "unit", "tile", "formal", "induct")


class TableError(Exception):
    """Malformed table (exit 2)."""


def load(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            where = "%s:%d" % (path, n)
            if len(cols) != len(FIELDS):
                raise TableError("%s: %d columns, want %d (%s)" % (where, len(cols), len(FIELDS),
                                                                   " ".join(FIELDS)))
            row = dict(zip(FIELDS, cols))
            if row["name"] in rows:
                raise TableError("%s: mutant '%s' defined twice" % (where, row["name"]))
            if row["harness"] not in HARNESSES:
                raise TableError("%s: harness '%s' is not one of %s" % (where, row["harness"],
                                                                        ", ".join(HARNESSES)))
            if row["from"] == row["to"] or not row["from"]:
                raise TableError("%s: mutant '%s' changes nothing" % (where, row["name"]))
            for k in ("from", "to"):
                row[k] = row[k].replace("\\n", "\n")
            rows[row["name"]] = row
    return rows


def mutated(row):
    src = os.path.join("rtl", row["file"])
    try:
        text = open(src, encoding="utf-8").read()
    except OSError as e:
        raise TableError("mutant '%s': %s" % (row["name"], e))
    n = text.count(row["from"])
    if n != 1:
        return None, "mutant '%s': its text occurs %d times in %s (want 1; update tb/mutants.tsv)" % (
            row["name"], n, src)
    return text.replace(row["from"], row["to"]), None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--table", default="tb/mutants.tsv")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list")
    p.add_argument("harness", choices=HARNESSES)
    p = sub.add_parser("get")
    p.add_argument("name")
    p.add_argument("field", choices=FIELDS[1:])
    p = sub.add_parser("write")
    p.add_argument("name")
    p.add_argument("out")
    sub.add_parser("check")
    a = ap.parse_args()
    try:
        rows = load(a.table)
    except (OSError, TableError) as e:
        print("mutate.py: %s" % e, file=sys.stderr)
        return 2
    if a.cmd == "list":
        for r in rows.values():
            if r["harness"] == a.harness:
                print(r["name"])
        return 0
    if a.cmd == "check":
        bad = 0
        for r in rows.values():
            _, err = mutated(r)
            if err:
                print("mutate.py: %s" % err, file=sys.stderr)
                bad += 1
        print("mutants: %d rows, %d not applicable" % (len(rows), bad))
        return 1 if bad else 0
    if a.name not in rows:
        print("mutate.py: no mutant '%s' in %s" % (a.name, a.table), file=sys.stderr)
        return 1
    row = rows[a.name]
    if a.cmd == "get":
        print(row[a.field].replace("\n", "\\n"))
        return 0
    text, err = mutated(row)
    if err:
        print("mutate.py: %s" % err, file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
