#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Timing-only netlist repair: splits every high-fanout net of a flat mapped netlist into a buffer tree.
"""Insert buffer trees on high-fanout nets of a flat, bit-level Yosys netlist (for OpenSTA).

Yosys maps each module on its own and never buffers a net that fans out across the hierarchy
(a tile's control signal can reach thousands of flop enables). Without buffers the liberty's
load tables are extrapolated far beyond their range and the static timing is meaningless.
Placement tools repair this with buffer trees; this script does the same, logically: every
net (including input ports, excluding the clock) with more than --max-fanout sink pins gets a
tree of --buffer cells, each driving at most --max-fanout pins. The inserted cells are counted
and reported separately; the synthesized area (area.rpt) does not include them.

usage: fanout_buffer.py LIBERTY IN.v OUT.v [--max-fanout 16] [--buffer BUFX4] [--skip clk_i]
Prints one line: 'buffers N area A nets K'.
"""
import argparse
import re
import sys


def liberty_info(path):
    """cell -> (area, set of output pin names)."""
    text = open(path, encoding="utf-8", errors="replace").read()
    cells = {}
    for m in re.finditer(r"\bcell\s*\(\s*\"?(\w+)\"?\s*\)\s*\{", text):
        name = m.group(1)
        # The cell body ends where the next cell starts (liberty groups do not interleave).
        nxt = text.find("cell (", m.end())
        body = text[m.end(): nxt if nxt > 0 else len(text)]
        am = re.search(r"\barea\s*:\s*([0-9.eE+-]+)", body)
        outs = set(re.findall(r"\bpin\s*\(\s*\"?(\w+)\"?\s*\)\s*\{[^{}]*?direction\s*:\s*output", body))
        cells[name] = (float(am.group(1)) if am else 0.0, outs)
    return cells


RX_INST = re.compile(r"^\s+([A-Za-z_]\w*)\s+(\\\S+\s|[A-Za-z_][\w$]*)\s*\($")
RX_PIN = re.compile(r"^\s+\.(\w+)\((.*)\),?$")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("liberty")
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--max-fanout", type=int, default=16)
    ap.add_argument("--buffer", default="BUFX4")
    ap.add_argument("--skip", action="append", default=["clk_i"], help="nets left alone (ideal clock)")
    args = ap.parse_args()
    if args.max_fanout < 2:
        sys.exit("fanout_buffer: --max-fanout must be >= 2")
    lib = liberty_info(args.liberty)
    if args.buffer not in lib:
        sys.exit("fanout_buffer: buffer cell %s is not in %s" % (args.buffer, args.liberty))
    if len(lib[args.buffer][1]) != 1:
        sys.exit("fanout_buffer: buffer cell %s must have exactly one output pin" % args.buffer)
    buf_out = next(iter(lib[args.buffer][1]))
    buf_in = "A"

    lines = open(args.src, encoding="utf-8").read().split("\n")
    modules = [i for i, l in enumerate(lines) if l.startswith("module ")]
    if len(modules) != 1:
        sys.exit("fanout_buffer: expected one (flat) module in %s, found %d" % (args.src, len(modules)))
    end = max(i for i, l in enumerate(lines) if l.startswith("endmodule"))

    # Sinks per net: list of line numbers whose pin connection reads the net.
    sinks = {}
    cur_cell = None
    for i in range(modules[0] + 1, end):
        line = lines[i]
        m = RX_INST.match(line)
        if m and m.group(1) in lib:
            cur_cell = m.group(1)
            continue
        if cur_cell is None:
            continue
        if line.strip() == ");":
            cur_cell = None
            continue
        m = RX_PIN.match(line)
        if m:
            pin, net = m.group(1), m.group(2).strip()
            if pin in lib[cur_cell][1] or not net or net.startswith(("1'", "0'")) or "'" in net:
                continue
            sinks.setdefault(net, []).append(i)

    skip = set(args.skip)
    new_wires, new_cells = [], []
    nbuf = 0
    nnets = 0
    for net, where in sinks.items():
        if len(where) <= args.max_fanout or net.rstrip() in skip:
            continue
        nnets += 1
        level = where  # line numbers (or pending buffer inputs) to be driven
        pending = [("line", w) for w in level]
        while len(pending) > args.max_fanout:
            groups = [pending[k:k + args.max_fanout] for k in range(0, len(pending), args.max_fanout)]
            nxt = []
            for g in groups:
                nbuf += 1
                wname = "\\tasd_fobuf_n%d " % nbuf
                new_wires.append("  wire %s;" % wname)
                cell = {"name": "\\tasd_fobuf_%d " % nbuf, "in": None, "out": wname}
                new_cells.append(cell)
                for kind, ref in g:
                    if kind == "line":
                        lines[ref] = re.sub(r"\((.*)\)", "(" + wname.replace("\\", "\\\\") + ")",
                                            lines[ref], count=1)
                    else:
                        ref["in"] = wname
                nxt.append(("cell", cell))
            pending = nxt
        for kind, ref in pending:
            if kind == "cell":
                # An escaped identifier ends at whitespace: keep the space before ')'.
                ref["in"] = net + " " if net.startswith("\\") else net
            # sinks left on the original net stay connected to it
    out = lines[:end]
    out += new_wires
    for c in new_cells:
        out.append("  %s %s (\n    .%s(%s),\n    .%s(%s)\n  );" % (args.buffer, c["name"], buf_in, c["in"],
                                                                buf_out, c["out"]))
    out += lines[end:]
    with open(args.dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print("buffers %d area %.1f nets %d" % (nbuf, nbuf * lib[args.buffer][0], nnets))


if __name__ == "__main__":
    main()
