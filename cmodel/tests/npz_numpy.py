#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# numpy side of the .npz interop test (driven by npz_numpy.sh): writes archives with
# numpy.savez and numpy.savez_compressed plus np.save references, then checks what tasd wrote.
# usage: npz_numpy.py write DIR SEED | npz_numpy.py check DIR
import sys
import zipfile
import io

import numpy as np


def arrays(seed):
    """(name, array) pairs: every dtype tasd holds, ranks 1..4, empty, extremes, odd keys."""
    rng = np.random.default_rng(seed)
    out = []
    for dt in ("int8", "uint8", "int16", "int32", "float32"):
        for shape in ((7,), (3, 9), (2, 3, 17), (2, 1, 2, 8)):
            if dt == "float32":
                a = rng.standard_normal(shape).astype(dt)
            else:
                info = np.iinfo(dt)
                a = rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dt)
            out.append(("%s_r%d" % (dt, len(shape)), a))
    out.append(("fc1.weight", rng.integers(-128, 127, size=(16, 8), endpoint=True).astype("int8")))
    out.append(("dir/empty", np.zeros((0, 3), dtype="float32")))
    out.append(("specials", np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, 3.4028235e38],
                                     dtype="float32")))
    out.append(("extremes16", np.array([-32768, 32767, 0, -1], dtype="int16")))
    return out


def npy_bytes(a):
    f = io.BytesIO()
    np.save(f, a)
    return f.getvalue()


def write(d, seed):
    pairs = arrays(seed)
    with open(d + "/names.txt", "w") as f:
        for i, (name, a) in enumerate(pairs):
            f.write("%02d %s\n" % (i, name))
            np.save("%s/ref_%02d.npy" % (d, i), a)
    kw = dict(pairs)
    assert list(kw) == [n for n, _ in pairs]
    np.savez(d + "/np_savez.npz", **kw)
    np.savez_compressed(d + "/np_savez_compressed.npz", **kw)
    for fn, method in (("np_savez.npz", zipfile.ZIP_STORED),
                       ("np_savez_compressed.npz", zipfile.ZIP_DEFLATED)):
        with zipfile.ZipFile(d + "/" + fn) as z:
            assert all(i.compress_type == method for i in z.infolist()), fn
    # archives with members tasd refuses
    np.savez(d + "/np_f8.npz", ok=np.arange(3, dtype="int8"), d=np.arange(2, dtype="float64"))
    np.savez(d + "/np_scalar.npz", s=np.int16(5))
    np.savez(d + "/np_fortran.npz", f=np.asfortranarray(np.arange(6, dtype="int16").reshape(2, 3)))
    np.savez(d + "/np_object.npz", o=np.array([1, "a"], dtype=object))
    print("numpy %s: wrote %d arrays into np_savez.npz and np_savez_compressed.npz"
          % (np.__version__, len(pairs)))


def check(d, seed):
    pairs = arrays(seed)
    fails = 0
    path = d + "/c_out.npz"
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            print("FAIL %s: CRC error in member %s" % (path, bad))
            fails += 1
        infos = z.infolist()
        if [i.filename for i in infos] != [n + ".npy" for n, _ in pairs]:
            print("FAIL %s: members %s" % (path, [i.filename for i in infos]))
            fails += 1
        for i, (name, a) in zip(infos, pairs):
            if i.compress_type != zipfile.ZIP_DEFLATED:
                print("FAIL %s: member %s not deflated" % (path, i.filename))
                fails += 1
            if z.read(i) != npy_bytes(a):
                print("FAIL %s: member %s differs from np.save's bytes" % (path, i.filename))
                fails += 1
    with np.load(path) as z:
        if list(z.keys()) != [n for n, _ in pairs]:
            print("FAIL %s: np.load keys %s" % (path, list(z.keys())))
            fails += 1
        for name, a in pairs:
            b = z[name]
            if b.dtype != a.dtype or b.shape != a.shape or a.tobytes() != b.tobytes():
                print("FAIL %s: array %s differs (%s %s vs %s %s)"
                      % (path, name, b.dtype, b.shape, a.dtype, a.shape))
                fails += 1
    if fails:
        return 1
    print("ok   numpy reads %s: %d arrays, members byte-identical to np.save" % (path, len(pairs)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("write", "check"):
        sys.exit("usage: npz_numpy.py write|check DIR SEED")
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
        sys.exit(0)
    sys.exit(check(sys.argv[2], int(sys.argv[3])))
