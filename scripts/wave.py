#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Renders a timing diagram from a real simulation: runs a scenario bench in Icarus, reads its VCD,
# samples the chosen signals once per clock cycle and draws them with WaveDrom (SVG).
#
# Usage: wave.py --build BUILD --out DIR SPEC.json [SPEC.json ...]
# A spec (docs/wavedrom/*.json) names the bench (top module, its files, the core whose file list
# it needs, parameters, plusargs), the clock and cycle-counter signals of the bench, the cycles
# to show and the signals, each as {"name": shown name, "sig": bench signal, "kind": "bit" |
# "label" (an ASCII code, 0 = nothing) | "hex"}. Writes DIR/<spec name>.svg and, beside the VCD
# in BUILD/wave/, the WaveDrom source <spec name>.wave.json. Exit 0 on success, 1 when the
# bench fails, 2 on a bad spec or a missing tool.
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg, code=2):
    print("wave: " + msg, file=sys.stderr)
    sys.exit(code)


def read_vcd(path, wanted):
    """{signal name: [(time, value string)]} for the top scope's signals in `wanted`."""
    ids = {}
    depth = 0
    changes = {w: [] for w in wanted}
    t = 0
    with open(path) as f:
        tokens = f.read().split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "$scope":
            depth += 1
            i += 3
            continue
        if tok == "$upscope":
            depth -= 1
            i += 2
            continue
        if tok == "$var":
            # $var type size id name [range] $end
            j = tokens.index("$end", i)
            code, name = tokens[i + 3], tokens[i + 4]
            if depth == 1 and name in wanted:
                ids.setdefault(code, []).append(name)
            i = j + 1
            continue
        if tok.startswith("$"):
            if tok in ("$dumpvars", "$dumpall", "$dumpon", "$dumpoff", "$end"):
                i += 1
                continue
            i = tokens.index("$end", i) + 1
            continue
        if tok[0] == "#":
            t = int(tok[1:])
        elif tok[0] in "bBrR":
            val, code = tok[1:], tokens[i + 1]
            i += 1
            for n in ids.get(code, []):
                changes[n].append((t, val))
        elif tok[0] in "01xXzZ":
            for n in ids.get(tok[1:], []):
                changes[n].append((t, tok[0]))
        i += 1
    missing = [w for w in wanted if not any(w in v for v in ids.values())]
    if missing:
        die("%s: no signal(s) %s in the bench's top scope" % (path, ", ".join(missing)))
    return changes


def value_before(ch, t):
    """The last value set strictly before time t (None if none)."""
    v = None
    for tt, val in ch:
        if tt >= t:
            break
        v = val
    return v


def to_int(v):
    if v is None or any(c in "xXzZ" for c in v):
        return None
    return int(v, 2)


def render(spec, build, out):
    name = spec["name"]
    bench = spec["bench"]
    wdir = os.path.join(build, "wave")
    os.makedirs(wdir, exist_ok=True)
    fl = os.path.join(build, "gen", "filelists", bench["core"] + ".f")
    if not os.path.isfile(fl):
        die("%s missing: run `make filelists`" % fl)
    rtl = [os.path.join(ROOT, l.strip()) for l in open(fl) if l.strip()]
    vvp = os.path.join(wdir, name + ".vvp")
    vcd = os.path.join(wdir, name + ".vcd")
    cmd = ["iverilog", "-g2012", "-s", bench["top"], "-o", vvp]
    for k, v in bench.get("params", {}).items():
        cmd += ["-P%s.%s=%s" % (bench["top"], k, v)]
    cmd += rtl + [os.path.join(ROOT, f) for f in bench["files"]]
    if subprocess.call(cmd) != 0:
        die("%s: iverilog failed" % name)
    run = ["vvp", "-n", vvp] + ["+" + p for p in bench.get("plusargs", [])] + ["+vcd=" + vcd]
    r = subprocess.run(run, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr, file=sys.stderr)
        die("%s: the bench failed (exit %d)" % (name, r.returncode), 1)
    sigs = spec["signals"]
    clock, counter = spec["clock"], spec["cycle"]
    ch = read_vcd(vcd, {clock, counter} | {s["sig"] for s in sigs})
    rises = [t for (t, v), (_, pv) in zip(ch[clock][1:], ch[clock]) if v == "1" and pv == "0"]
    first, last = spec["cycles"]
    # cycle c is the one that starts at the rising edge where the bench's counter becomes c; the
    # values shown for it are the settled ones just before the next rising edge.
    starts = {}
    for k, t in enumerate(rises[:-1]):
        c = to_int(value_before(ch[counter], rises[k + 1]))
        if c is not None and c >= 0 and (c & 0x80000000) == 0:
            starts.setdefault(c, rises[k + 1])
    for c in range(first, last + 1):
        if c not in starts:
            die("%s: cycle %d not in the trace (run the bench longer)" % (name, c))
    lanes = [{"name": "clk", "wave": "p" + "." * (last - first)}]
    for s in sigs:
        wave, data, prev = "", [], object()
        for c in range(first, last + 1):
            v = to_int(value_before(ch[s["sig"]], starts[c]))
            kind = s.get("kind", "bit")
            if kind == "bit":
                sym = "x" if v is None else str(v)
                wave += "." if sym == prev else sym
                prev = sym
                continue
            if kind == "label":
                key = None if not v else chr(v)
            else:
                key = None if v is None else ("%x" % v)
            if key is None:
                wave += "." if prev is None else "x"
                prev = None
            elif key == prev:
                wave += "."
            else:
                wave += "="
                data.append(key)
                prev = key
        lane = {"name": s["name"], "wave": wave}
        if data:
            lane["data"] = data
        lanes.append(lane)
    doc = {"signal": lanes, "head": {"text": spec.get("title", name), "tick": first},
           "config": {"hscale": 1}}
    src = os.path.join(wdir, name + ".wave.json")
    with open(src, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    try:
        import wavedrom  # build/venv (scripts/requirements.txt)
    except ImportError:
        die("the wavedrom package is missing: run `make deps` and use build/venv/bin/python")
    os.makedirs(out, exist_ok=True)
    wavedrom.render(json.dumps(doc)).saveas(os.path.join(out, name + ".svg"))
    print("wave: %s -> %s (cycles %d..%d, source %s)" % (name, os.path.join(out, name + ".svg"),
                                                        first, last, src))


def main():
    ap = argparse.ArgumentParser(description="timing diagrams from simulation traces (WaveDrom)")
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", required=True, help="folder for the SVG files")
    ap.add_argument("specs", nargs="+")
    a = ap.parse_args()
    for p in a.specs:
        try:
            spec = json.load(open(p))
        except (OSError, ValueError) as e:
            die("%s: %s" % (p, e))
        spec.setdefault("name", os.path.splitext(os.path.basename(p))[0])
        render(spec, a.build, a.out)


if __name__ == "__main__":
    main()
