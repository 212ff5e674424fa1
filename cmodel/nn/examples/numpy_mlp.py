#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Bring-your-own-model example: trains a small MLP on Fashion-MNIST with numpy alone and writes it as a PyTorch-style state_dict .npz plus its architecture file.
"""Writes OUT.npz (float32 arrays fc1.weight [H, 784], fc1.bias [H], fc2.weight [10, H],
fc2.bias [10], PyTorch layout) and OUT.arch, the architecture file tasdnet reads:

    python3 cmodel/nn/examples/numpy_mlp.py --out build/nn/byom/mlp --images 5000 --epochs 2
    build/bin/tasdnet run --arch build/nn/byom/mlp.arch --weights build/nn/byom/mlp.npz

--break missing|shape|extra|dtype writes a deliberately broken archive (for the error tests).
Nothing here depends on libtasd: the data are read with gzip + numpy.
"""
import argparse
import gzip
import os
import sys

import numpy as np


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output prefix (writes PREFIX.npz and PREFIX.arch)")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--images", type=int, default=5000, help="training images (from the start)")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--break", dest="brk", choices=["missing", "shape", "extra", "dtype"])
    a = ap.parse_args()

    x = read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))[: a.images]
    y = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))[: a.images]
    x = x.reshape(len(x), -1).astype(np.float32) / 255.0
    rng = np.random.default_rng(a.seed)
    h = a.hidden
    w1 = (rng.standard_normal((h, 784)) * np.sqrt(2.0 / 784)).astype(np.float32)
    b1 = np.zeros(h, np.float32)
    w2 = (rng.standard_normal((10, h)) * np.sqrt(2.0 / h)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    lr, batch = 0.2, 32
    for _ in range(a.epochs):
        order = rng.permutation(len(x))
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            xb, yb = x[idx], y[idx]
            z1 = xb @ w1.T + b1
            a1 = np.maximum(z1, 0)
            z2 = a1 @ w2.T + b2
            p = np.exp(z2 - z2.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            g2 = p / len(yb)
            gw2, gb2 = g2.T @ a1, g2.sum(0)
            g1 = (g2 @ w2) * (z1 > 0)
            gw1, gb1 = g1.T @ xb, g1.sum(0)
            w1 -= lr * gw1; b1 -= lr * gb1; w2 -= lr * gw2; b2 -= lr * gb2
    acc = float(((np.maximum(x @ w1.T + b1, 0) @ w2.T + b2).argmax(1) == y).mean())

    arrays = {"fc1.weight": w1, "fc1.bias": b1, "fc2.weight": w2, "fc2.bias": b2}
    if a.brk == "missing":
        del arrays["fc2.bias"]
    elif a.brk == "shape":
        arrays["fc1.weight"] = w1[:, :700]
    elif a.brk == "extra":
        arrays["fc3.weight"] = w2
    elif a.brk == "dtype":
        arrays["fc1.bias"] = b1.astype(np.float64)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    np.savez(a.out + ".npz", **arrays)
    with open(a.out + ".arch", "w") as f:
        f.write("# written by cmodel/nn/examples/numpy_mlp.py\n"
                "input 1 28 28\n"
                f"fc fc1 {h} relu\n"
                "fc fc2 10 none\n")
    print(f"numpy_mlp: {a.out}.npz / .arch, train top-1 {100 * acc:.2f}% on {len(x)} images")


if __name__ == "__main__":
    main()
