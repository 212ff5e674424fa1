#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Per-file coverage table of a Verilator coverage.dat, the list of what it misses, and the lcov info clean-up of make coverage.
"""Coverage tables for `make coverage` (docs/verification.md, "Coverage").

  cov_summary.py summary DAT [--reset RDAT] --root DIR [--under rtl] [--files F...] [--out TXT] [--tsv TSV]
      one row per RTL file: lines, branches and toggles hit / total and %, then the total.
  cov_summary.py missed DAT [--reset RDAT] --root DIR [--under rtl] [--out TXT]
      what is not hit, per file: line numbers, branch points, and toggle bits grouped by signal.
  cov_summary.py line DAT --root DIR FILE LINE
      whether one source line is hit (exit 0) or not (exit 1), by the lines definition below.
  cov_summary.py info IN.info OUT.info --root DIR
      rewrites every SF: path as an absolute path and merges records of the same file (the
      harness builds name the RTL sometimes relative, sometimes absolute), so lcov and genhtml
      see each file once.

DAT is Verilator's coverage file ('# SystemC::Coverage-3', then one line per point:
C '<key>\\2<value>\\1...' <count>). Keys used: f file, l line, n column, page (v_line/<module>,
v_branch/<module>, v_toggle/<module>), o the point's name (a signal bit for toggles), S the
source lines of a block (e.g. '45-47' or '48,50-51'), h the instance (Verilator already sums
arrayed instances, g_col[*]). Definitions, over all instances and builds (a point is named by
file, line, column and name, not by instance or module parameters):
  lines     the source lines of the v_line and v_branch points (their S lines, else l); a line
            is hit when a point that names it counted at least once. Verilator has line points
            for procedural code only (continuous assignments have none), and 5.006 counts the
            unconditional part of an always_comb block once, when the model settles at time 0;
  branches  the v_branch points (if / else / case arms, including an implicit else); hit >= 1;
  toggles   the v_toggle points, one per signal bit; hit when some instance's count, less its
            count in RDAT, is at least --toggle-min (default 2). RDAT is the merge of the
            harnesses' <file>.reset snapshots, the counts up to the end of each run's first reset
            (tb/common/tasd_tb_cov.h), so a register settling from its random initial value to its
            reset value is not a toggle. Verilator counts every change of the bit: two changes
            are a rise and a fall unless they come from two runs or two arrayed instances.
Exit status: 0, 1 no coverage point under --under (line: the line is not hit), 2 a missing or
malformed input (named; line: no line or branch point names FILE:LINE).
"""
import argparse
import os
import re
import sys

LINE_RX = re.compile(r"^C '(.*)' (\d+)\s*$")
HEADER = "# SystemC::Coverage-"


def die(msg, code=2):
    print("cov_summary: " + msg, file=sys.stderr)
    sys.exit(code)


def read_dat(path):
    """Yields (keys dict, count) for every point of a coverage.dat; dies on a malformed file."""
    try:
        f = open(path, encoding="utf-8", errors="strict")
    except OSError as e:
        die("cannot read %s: %s" % (path, e.strerror))
    with f:
        try:
            first = f.readline()
            if not first.startswith(HEADER):
                die("%s:1: not a Verilator coverage file (want a first line '%s3', got %r)"
                    % (path, HEADER, first.rstrip("\n")[:60]))
            for n, line in enumerate(f, 2):
                if not line.strip() or line.startswith("#"):
                    continue
                m = LINE_RX.match(line)
                if not m:
                    die("%s:%d: malformed point (want C '<keys>' <count>): %r" % (path, n, line[:80]))
                keys = {}
                for kv in m.group(1).split("\x01"):
                    if not kv:
                        continue
                    k, sep, v = kv.partition("\x02")
                    if not sep:
                        die("%s:%d: malformed key %r (no \\2 separator)" % (path, n, kv[:40]))
                    keys[k] = v
                for k in ("f", "l", "page"):
                    if k not in keys:
                        die("%s:%d: point without its '%s' key" % (path, n, k))
                if not keys["l"].isdigit():
                    die("%s:%d: line key %r is not a number" % (path, n, keys["l"]))
                yield keys, int(m.group(2))
        except UnicodeDecodeError as e:
            die("%s: not a text coverage file (%s)" % (path, e.reason))


def source_lines(keys):
    """The source lines a line/branch point stands for: its S ranges, else its own line."""
    spec = keys.get("S", "")
    if not spec:
        return [int(keys["l"])]
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            return [int(keys["l"])]
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def rel_to(root, path):
    return os.path.relpath(os.path.normpath(os.path.join(root, path)), root)


def point_id(keys):
    return tuple(sorted(keys.items()))


def read_reset(path):
    """{point: count} of a merged .reset file ({} without one)."""
    return {point_id(k): c for k, c in read_dat(path)} if path else {}


def summarize(points, root, under, toggle_min, reset):
    """{file: {'lines': {line: hit}, 'branches': {id: hit}, 'toggles': {id: hit}}} of files in
    under/; an id is (line, column, name). reset: toggle counts to take off ({point: count})."""
    files = {}
    for keys, count in points:
        rel = rel_to(root, keys["f"])
        if under and not (rel == under or rel.startswith(under.rstrip("/") + "/")):
            continue
        d = files.setdefault(rel, {"lines": {}, "branches": {}, "toggles": {}})
        kind = keys["page"].split("/", 1)[0]
        ident = (keys["l"], keys.get("n", ""), keys.get("o", ""))
        if kind in ("v_line", "v_branch"):
            for ln in source_lines(keys):
                d["lines"][ln] = d["lines"].get(ln, False) or count > 0
            if kind == "v_branch":
                d["branches"][ident] = d["branches"].get(ident, False) or count > 0
        elif kind == "v_toggle":
            count -= reset.get(point_id(keys), 0)
            d["toggles"][ident] = d["toggles"].get(ident, False) or count >= toggle_min
    return files


def frac(hits):
    h, t = sum(1 for v in hits.values() if v), len(hits)
    return h, t


def cell(h, t):
    return ("%d/%d" % (h, t), "%.1f%%" % (100.0 * h / t) if t else "-")


def cmd_summary(args):
    files = summarize(read_dat(args.dat), args.root, args.under, args.toggle_min, read_reset(args.reset))
    if not files:
        die("%s: no coverage point in a file under %s/ (root %s)" % (args.dat, args.under, args.root), 1)
    names = sorted(set(files) | {rel_to(args.root, f) for f in args.files})
    rows, tsv = [], ["file\tlines_hit\tlines_total\tbranches_hit\tbranches_total\ttoggles_hit\ttoggles_total"]
    tot = {"lines": [0, 0], "branches": [0, 0], "toggles": [0, 0]}
    for name in names:
        d = files.get(name)
        if d is None:
            rows.append([name, "-", "-", "-", "-", "-", "-", "no coverage point (not in a coverage build, or no code)"])
            continue
        row, nums = [name], []
        for k in ("lines", "branches", "toggles"):
            h, t = frac(d[k])
            tot[k][0] += h
            tot[k][1] += t
            row.extend(cell(h, t))
            nums.extend([str(h), str(t)])
        rows.append(row + [""])
        tsv.append("\t".join([name] + nums))
    total = ["total"]
    for k in ("lines", "branches", "toggles"):
        total.extend(cell(*tot[k]))
    head = ["file", "lines", "%", "branches", "%", "toggles", "%", ""]
    table = [head] + rows + [total + [""]]
    width = [max(len(r[i]) for r in table) for i in range(7)]
    out = ["coverage of %s/ from %s (lines and branches: hit >= 1; toggles: a bit changed >= %d times "
           "in one instance%s)" % (args.under, args.dat, args.toggle_min,
                                  ", after the first reset" if args.reset else "")]
    for r in table:
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, width)))
                   + ("  " + r[7] if r[7] else ""))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    for path, body in ((args.out, text), (args.tsv, "\n".join(tsv) + "\n")):
        if path:
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
    return 0


def ranges(nums):
    """'3-5, 9' for [3, 4, 5, 9]."""
    out, nums = [], sorted(nums)
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else "%d-%d" % (nums[i], nums[j]))
        i = j + 1
    return ", ".join(out)


def cmd_missed(args):
    files = summarize(read_dat(args.dat), args.root, args.under, args.toggle_min, read_reset(args.reset))
    if not files:
        die("%s: no coverage point in a file under %s/ (root %s)" % (args.dat, args.under, args.root), 1)
    out = ["not hit in %s (toggles: fewer than %d changes%s)" % (args.dat, args.toggle_min,
                                                               " after the first reset" if args.reset else "")]
    for name in sorted(files):
        d = files[name]
        lines = [ln for ln, hit in d["lines"].items() if not hit]
        branches = sorted((int(l), n, o) for (l, n, o), hit in d["branches"].items() if not hit)
        signals = {}  # signal name without its bit index -> [missed, total, first line]
        for (l, _, o), hit in d["toggles"].items():
            sig = re.sub(r"\[\d+\]$", "", o)
            e = signals.setdefault(sig, [0, 0, int(l)])
            e[0] += not hit
            e[1] += 1
        missed = sorted(((m, t, l, sig) for sig, (m, t, l) in signals.items() if m), key=lambda x: (-x[0], x[3]))
        if not (lines or branches or missed):
            continue
        out.append(name)
        if lines:
            out.append("  lines    %s" % ranges(lines))
        for l, n, o in branches:
            out.append("  branch   line %d col %s: %s" % (l, n, o))
        for m, t, l, sig in missed:
            out.append("  toggles  %-40s %4d of %4d bits (line %d)" % (sig, m, t, l))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


def cmd_line(args):
    """Exit 0 when a line or branch point naming FILE:LINE counted, 1 when none did."""
    want = rel_to(args.root, args.file)
    names = hit = 0
    for keys, count in read_dat(args.dat):
        if keys["page"].split("/", 1)[0] not in ("v_line", "v_branch"):
            continue
        if rel_to(args.root, keys["f"]) == want and args.line in source_lines(keys):
            names += 1
            hit += count > 0
    if not names:
        die("%s: no line or branch point names %s:%d" % (args.dat, want, args.line))
    print("%s:%d: %s (%d of %d points counted)" % (want, args.line, "hit" if hit else "not hit", hit, names))
    return 0 if hit else 1


def cmd_info(args):
    """Absolute SF: paths, one record per file (DA counts of merged records added)."""
    try:
        lines = open(args.inp, encoding="utf-8").read().splitlines()
    except OSError as e:
        die("cannot read %s: %s" % (args.inp, e.strerror))
    recs, order, cur = {}, [], None
    for n, line in enumerate(lines, 1):
        if line.startswith("TN:") or not line.strip():
            continue
        if line.startswith("SF:"):
            if cur is not None:
                die("%s:%d: SF: inside a record" % (args.inp, n))
            cur = os.path.normpath(os.path.join(args.root, line[3:]))
            if cur not in recs:
                recs[cur] = {}
                order.append(cur)
        elif line.startswith("DA:"):
            m = re.fullmatch(r"DA:(\d+),(\d+)(,.*)?", line)
            if cur is None or not m:
                die("%s:%d: malformed line %r" % (args.inp, n, line[:60]))
            ln = int(m.group(1))
            recs[cur][ln] = recs[cur].get(ln, 0) + int(m.group(2))
        elif line == "end_of_record":
            if cur is None:
                die("%s:%d: end_of_record outside a record" % (args.inp, n))
            cur = None
        else:
            die("%s:%d: unexpected line %r (cov_summary.py knows TN, SF, DA)" % (args.inp, n, line[:60]))
    if cur is not None:
        die("%s: last record has no end_of_record" % args.inp)
    if not recs:
        die("%s: no SF: record" % args.inp)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("TN:verilator_coverage\n")
        for sf in order:
            f.write("SF:%s\n" % sf)
            for ln in sorted(recs[sf]):
                f.write("DA:%d,%d\n" % (ln, recs[sf][ln]))
            f.write("end_of_record\n")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("summary", help="per-file table of a coverage.dat")
    s.add_argument("dat")
    s.add_argument("--reset", default="", help="counts up to the end of the first reset (merged .reset files)")
    s.add_argument("--root", default=".", help="directory the file keys are relative to")
    s.add_argument("--under", default="rtl", help="only files below ROOT/UNDER")
    s.add_argument("--files", nargs="*", default=[], help="files that get a row even without points")
    s.add_argument("--out", default="", help="also write the table here")
    s.add_argument("--tsv", default="", help="write the counts as tab-separated values here")
    s.add_argument("--toggle-min", type=int, default=2, help="changes for a toggle point to count as hit")
    m = sub.add_parser("missed", help="the points of a coverage.dat that are not hit")
    m.add_argument("dat")
    m.add_argument("--reset", default="")
    m.add_argument("--root", default=".")
    m.add_argument("--under", default="rtl")
    m.add_argument("--out", default="")
    m.add_argument("--toggle-min", type=int, default=2)
    ln = sub.add_parser("line", help="exit 0 when FILE:LINE is hit, 1 when not")
    ln.add_argument("dat")
    ln.add_argument("file")
    ln.add_argument("line", type=int)
    ln.add_argument("--root", default=".")
    i = sub.add_parser("info", help="absolute SF paths, one record per file")
    i.add_argument("inp")
    i.add_argument("out")
    i.add_argument("--root", default=".")
    args = ap.parse_args()
    args.root = os.path.abspath(args.root)
    if args.cmd in ("summary", "missed"):
        args.under = args.under.strip("/")
        if args.toggle_min < 1:
            die("--toggle-min must be >= 1")
        return cmd_summary(args) if args.cmd == "summary" else cmd_missed(args)
    return cmd_line(args) if args.cmd == "line" else cmd_info(args)


if __name__ == "__main__":
    sys.exit(main())
