#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Independent (pure Python, no numpy) .npy reader/writer and TASD reference used by the CLI tests.
"""npyref.py: an oracle for the tasd CLI tests, written from docs/semantics.md only.

  npyref.py decompose SERIES IN.npy DIR     compare DIR (tasd decompose output) to the reference
  npyref.py stats SERIES IN.npy STATS.txt [B.npy]   compare 'tasd stats' output to the reference
  npyref.py gemm SERIES A.npy B.npy C.npy   compare 'tasd gemm' output to the reference
  npyref.py bad KIND OUT.npy                write a malformed/unsupported file (KIND below)
  npyref.py write DESCR SHAPE VALUES OUT.npy  e.g. write '<i2' 2x3 1,2,3,4,5,6 out.npy

Exit 0 when everything matches, 1 with the first difference otherwise.
"""
import math
import os
import struct
import sys

FMT = {"|i1": "b", "<i1": "b", "|u1": "B", "<i2": "h", "<i4": "i", "<f4": "f"}


def load(path):
    with open(path, "rb") as f:
        b = f.read()
    assert b[:6] == b"\x93NUMPY", path + ": bad magic"
    major = b[6]
    if major == 1:
        hl = struct.unpack("<H", b[8:10])[0]
        off = 10
    else:
        hl = struct.unpack("<I", b[8:12])[0]
        off = 12
    hdr = eval(b[off:off + hl].decode("ascii"), {"__builtins__": {}}, {"True": True, "False": False})
    assert not hdr["fortran_order"]
    code = FMT[hdr["descr"]]
    shape = tuple(hdr["shape"])
    n = 1
    for d in shape:
        n *= d
    vals = list(struct.unpack("<%d%s" % (n, code), b[off + hl:]))
    return hdr["descr"], shape, vals


def save(path, descr, shape, vals, major=1, fortran=False, pad_to=64):
    sh = "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, sh)
    lb = 2 if major == 1 else 4
    tot = 8 + lb + len(d) + 1
    d = d + " " * ((-tot) % pad_to) + "\n"
    head = b"\x93NUMPY" + bytes([major, 0])
    head += struct.pack("<H" if lb == 2 else "<I", len(d)) + d.encode()
    code = FMT.get(descr, "b")
    with open(path, "wb") as f:
        f.write(head + struct.pack("<%d%s" % (len(vals), code), *vals))


def parse_series(text):
    text = text.strip()
    if text == "dense":
        return [(1, 1)]
    return [tuple(int(x) for x in t.strip().split(":")) for t in text.split("+")]


def decompose(series, shape, vals):
    """Per term: dense list, values [rows][nblocks][n], indices; plus residual."""
    k = shape[-1]
    rows = len(vals) // k if k else 0
    nt = len(series)
    dense = [[0] * len(vals) for _ in series]
    cvals = [[] for _ in series]
    cidx = [[] for _ in series]
    for r in range(rows):
        row = vals[r * k:(r + 1) * k]
        plen = max(((k + m - 1) // m) * m for _, m in series) if k else 0
        key = [abs(row[i]) if i < k else 0 for i in range(plen)]
        taken = [False] * plen
        for t, (n, m) in enumerate(series):
            nb = (k + m - 1) // m
            for b in range(nb):
                pos = [p for p in range(b * m, b * m + m) if not taken[p]]
                pos.sort(key=lambda p: (-key[p], p))
                chosen = sorted(pos[:n])
                for p in chosen:
                    taken[p] = True
                    v = row[p] if p < k else 0
                    if p < k:
                        dense[t][r * k + p] = v
                    cvals[t].append(v)
                    cidx[t].append(p - b * m)
    residual = list(vals)
    for t in range(nt):
        for i, v in enumerate(dense[t]):
            if v != 0:
                residual[i] = 0
    return dense, cvals, cidx, residual


def fail(msg):
    print("npyref: MISMATCH: " + msg)
    sys.exit(1)


def same(name, got, want, tol=0.0):
    if len(got) != len(want):
        fail("%s: %d elements, reference %d" % (name, len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        if tol == 0.0:
            ok = g == w
        else:
            ok = abs(g - w) <= tol * max(1.0, abs(w))
        if not ok:
            fail("%s: element %d is %r, reference %r" % (name, i, g, w))


def cmd_decompose(series_text, inp, outdir):
    series = parse_series(series_text)
    descr, shape, vals = load(inp)
    dense, cv, ci, res = decompose(series, shape, vals)
    for t, (n, m) in enumerate(series):
        d2, s2, v2 = load(os.path.join(outdir, "term%d_dense.npy" % t))
        if s2 != shape or d2 != descr:
            fail("term%d_dense.npy: %s %s, reference %s %s" % (t, d2, s2, descr, shape))
        same("term%d_dense" % t, v2, dense[t])
        nb = (shape[-1] + m - 1) // m
        d3, s3, v3 = load(os.path.join(outdir, "term%d_values.npy" % t))
        if s3 != shape[:-1] + (nb, n) or d3 != descr:
            fail("term%d_values.npy: %s %s" % (t, d3, s3))
        same("term%d_values" % t, v3, cv[t])
        d4, s4, v4 = load(os.path.join(outdir, "term%d_indices.npy" % t))
        if s4 != s3 or d4 != "<i2":
            fail("term%d_indices.npy: %s %s" % (t, d4, s4))
        same("term%d_indices" % t, v4, ci[t])
    d5, s5, v5 = load(os.path.join(outdir, "residual.npy"))
    same("residual", v5, res)
    print("npyref: decompose %s of %s %s matches the reference (%d terms)" % (series_text, descr, shape, len(series)))


def matmul_rows(a, rows, k, b, ncols, integer):
    c = [0] * (rows * ncols)
    for r in range(rows):
        for kk in range(k):
            x = a[r * k + kk]
            if x == 0:
                continue
            base = kk * ncols
            for j in range(ncols):
                c[r * ncols + j] += x * b[base + j]
    if integer:
        c = [((v + 2 ** 31) % 2 ** 32) - 2 ** 31 for v in c]
    return c


def cmd_stats(series_text, inp, statsfile, bpath=None):
    series = parse_series(series_text)
    descr, shape, vals = load(inp)
    dense, _, _, res = decompose(series, shape, vals)
    k = shape[-1]
    rows = len(vals) // k if k else 0
    kept = [0] * len(vals)
    for d in dense:
        for i, v in enumerate(d):
            if v != 0:
                kept[i] = v
    nnz = sum(1 for v in vals if v != 0)
    nnz_kept = sum(1 for v in kept if v != 0)
    mag = sum(abs(v) for v in vals)
    magk = sum(abs(v) for v in kept)
    ncols = 1
    want = {
        "numel": len(vals), "nnz": nnz, "nnz_kept": nnz_kept,
        "pct_nnz_dropped": 100.0 * (nnz - nnz_kept) / nnz if nnz else 0.0,
        "pct_mag_dropped": 100.0 * (mag - magk) / mag if mag else 0.0,
    }
    if bpath:
        _, bshape, bvals = load(bpath)
        ncols = bshape[1]
        ab = matmul_rows(vals, rows, k, bvals, ncols, False)
        rb = matmul_rows(res, rows, k, bvals, ncols, False)
        nab = math.sqrt(sum(v * v for v in ab))
        want["rel_error"] = math.sqrt(sum(v * v for v in rb)) / nab if nab else 0.0
    want["macs_dense"] = rows * k * ncols
    want["macs_tasd"] = rows * ncols * sum(((k + m - 1) // m) * n for n, m in series)
    got = {}
    with open(statsfile) as f:
        for line in f:
            if ":" in line:
                key, val = line.split(":", 1)
                got[key.strip()] = val.strip()
    for key, w in want.items():
        if key not in got:
            fail("stats output lacks '%s'" % key)
        g = float(got[key])
        if isinstance(w, int):
            if g != w:
                fail("%s: %s, reference %d" % (key, got[key], w))
        elif abs(g - w) > 1e-4 * max(1.0, abs(w)):
            fail("%s: %s, reference %.6g" % (key, got[key], w))
    if bpath is None and "rel_error" in got:
        fail("rel_error printed without --b")
    print("npyref: stats %s of %s match the reference (%d values)" % (series_text, inp, len(want)))


def cmd_gemm(series_text, apath, bpath, cpath):
    series = parse_series(series_text)
    descr, ashape, avals = load(apath)
    _, bshape, bvals = load(bpath)
    cdescr, cshape, cvals = load(cpath)
    dense, _, _, _ = decompose(series, ashape, avals)
    kept = [0] * len(avals)
    for d in dense:
        for i, v in enumerate(d):
            if v != 0:
                kept[i] = v
    integer = descr != "<f4"
    want = matmul_rows(kept, ashape[0], ashape[1], bvals, bshape[1], integer)
    if cshape != (ashape[0], bshape[1]):
        fail("C shape %s, reference %s" % (cshape, (ashape[0], bshape[1])))
    if cdescr != ("<i4" if integer else "<f4"):
        fail("C dtype %s" % cdescr)
    same("C", cvals, want, 0.0 if integer else 1e-4)
    print("npyref: gemm %s %s x %s matches the reference" % (series_text, ashape, bshape))


def cmd_bad(kind, out):
    if kind == "f8":
        save(out, "<f8", (2,), [0, 0])
        with open(out, "ab") as f:
            f.write(bytes(8))  # 2 doubles = 16 bytes
    elif kind == "bigendian":
        save(out, ">i2", (2,), [])
        with open(out, "ab") as f:
            f.write(bytes(4))
    elif kind == "fortran":
        save(out, "<i2", (2, 2), [1, 2, 3, 4], fortran=True)
    elif kind == "truncated":
        save(out, "<i2", (4, 4), list(range(15)))
    elif kind == "notnpy":
        with open(out, "w") as f:
            f.write("hello, this is not an npy file\n")
    elif kind == "int32":
        save(out, "<i4", (2, 8), list(range(16)))
    elif kind == "uint8":
        save(out, "|u1", (8, 8), list(range(0, 256, 4)))
    elif kind == "nan":
        save(out, "<f4", (1, 8), [1.0, float("nan"), 0, 0, 0, 0, 0, 0])
    else:
        sys.exit("npyref: unknown kind '%s'" % kind)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "decompose" and len(args) == 3:
        cmd_decompose(*args)
    elif cmd == "stats" and len(args) in (3, 4):
        cmd_stats(*args)
    elif cmd == "gemm" and len(args) == 4:
        cmd_gemm(*args)
    elif cmd == "bad" and len(args) == 2:
        cmd_bad(*args)
    elif cmd == "write" and len(args) == 4:
        shape = tuple(int(x) for x in args[1].split("x"))
        conv = float if args[0] == "<f4" else int
        save(args[3], args[0], shape, [conv(v) for v in args[2].split(",")])
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
