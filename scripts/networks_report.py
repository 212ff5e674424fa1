#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Turns tasdnet's network CSV into the Markdown results table and the per-method data files the plot reads.
"""usage: networks_report.py NETWORKS.csv OUTDIR  ->  OUTDIR/networks.md, OUTDIR/plot-<method>.dat"""
import csv
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{src}: no rows")
    lines = [
        "| model | target | method | float top-1 | int8 top-1 | TASD top-1 | % of int8 | MACs kept | speedup | series per layer |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append("| {} | {} | {} | {:.2f}% | {:.2f}% | {:.2f}% | {:.2f}% | {:.1f}% | {:.2f}x | {} |".format(
            r["label"], r["target"], r["method"] + ("" if r["method"] not in ("layer-A", "mixed") else f" (α {float(r['alpha']):g})"),
            100 * float(r["float_top1"]), 100 * float(r["int8_top1"]), 100 * float(r["top1"]),
            float(r["pct_of_int8"]), float(r["macs_kept_pct"]), float(r["speedup"]),
            r["series"].replace("|", " · ")))
    with open(os.path.join(out, "networks.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    methods = sorted({r["method"] for r in rows})
    for m in methods:
        with open(os.path.join(out, f"plot-{m}.dat"), "w") as f:
            f.write("# macs_kept_pct pct_of_int8 label target\n")
            for r in rows:
                if r["method"] == m:
                    f.write(f"{r['macs_kept_pct']} {r['pct_of_int8']} {r['label']} {r['target']}\n")
    print(f"networks_report: {len(rows)} rows -> {out}/networks.md")


if __name__ == "__main__":
    main()
