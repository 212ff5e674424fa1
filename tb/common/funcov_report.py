#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Merges functional coverage files of the harnesses (tb/common/tasd_tb_funcov.h), lists every bin with its hit count, fails on a bin never hit.
"""Functional coverage report.

Usage: funcov_report.py [--out FILE] [--allow-missing] FILE_OR_DIR...

Each input is a file written by a harness (a '# funcov <source>' line, then '<bin>\\t<count>'
lines) or a directory whose *.tsv files are such files. Counts of the same source (a
configuration name) and bin are summed over files. The report lists, per source, every bin
with its count, then one line 'funcov: B bins, H hit, Z never hit (S sources, F files)'.
Exit status: 0 when every bin was hit (or --allow-missing), 1 when some bin never was,
2 on bad input (no files, a malformed line, a file that is not a coverage file).
"""
import argparse
import os
import sys


def read(path, bins):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not lines or not lines[0].startswith("# funcov "):
        raise ValueError("%s: not a functional coverage file (no '# funcov <source>' line)" % path)
    source = lines[0][len("# funcov "):].strip()
    if not source:
        raise ValueError("%s: empty source name" % path)
    per = bins.setdefault(source, {})
    for n, line in enumerate(lines[1:], 2):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1].isdigit():
            raise ValueError("%s:%d: expected '<bin>\\t<count>', got %r" % (path, n, line))
        per[parts[0]] = per.get(parts[0], 0) + int(parts[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", help="also write the report to this file")
    ap.add_argument("--allow-missing", action="store_true", help="exit 0 even when a bin was never hit")
    args = ap.parse_args()
    files = []
    for p in args.inputs:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".tsv"))
        else:
            files.append(p)
    bins = {}
    try:
        if not files:
            raise ValueError("no coverage files in %s" % " ".join(args.inputs))
        for f in files:
            read(f, bins)
    except (OSError, ValueError) as e:
        print("funcov_report: error: %s" % e, file=sys.stderr)
        return 2
    out = []
    total = hit = 0
    for source in sorted(bins):
        out.append("== %s" % source)
        for name, count in bins[source].items():
            out.append("%12d  %s%s" % (count, name, "   <-- never hit" if count == 0 else ""))
            total += 1
            hit += count > 0
    out.append("funcov: %d bins, %d hit, %d never hit (%d sources, %d files)"
               % (total, hit, total - hit, len(bins), len(files)))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0 if hit == total or args.allow_missing else 1


if __name__ == "__main__":
    sys.exit(main())
