#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Power of a synthesized netlist (OpenSTA report_power) with switching activity taken from a simulation trace.
"""Power of one synthesized configuration for one workload trace.

  run_power.py power --netlist build/synth/<cfg>/netlist_sta_buf.v --top MODULE
                     --activity ACT.tsv [--hier-netlist build/synth/<cfg>/netlist.v]
                     [--cut REGEX] [--period NS] --out DIR [--label TEXT] [--breakdown]

ACT.tsv is what synth/power/fst_activity writes from an FST trace of the RTL running the
workload: per signal bit, its toggles and its duty, and the trace's clock cycles.

OpenSTA 2019 (Debian) has report_power and set_power_activity, but no read_vcd/read_saif, and
its per-pin annotation (set_power_activity -pins, sta::set_power_pin_activity) is ignored by the
activity propagation (checked by experiment, see docs/energy.md). Only input-port activities are
honoured, and OpenSTA propagates them through combinational logic and through the flip-flops
(Q takes the activity of D). So the script rewrites the netlist so that every traced register
becomes an input port:

  * each DFFPOSX1 whose Q net has a traced name gets its D pin from a new input port
    pwr_d_<n> with the register's toggle rate and duty (a flop's Q changes at most once per
    cycle and takes D's sampled value, so the per-cycle toggle rate of Q is that of D). The
    logic cone that drove D stays in the netlist, computes its own (propagated) activity and
    keeps its load: the old D net is wired to a new output port pwr_l_<n> loaded with the
    removed D pin capacitance;
  * nets matching --cut (default: the PE array's B operand, u_pe.b_blk_i, which the 2-entry B
    buffer of the synthesized tile drives) are driven by a new input port with the traced
    activity; their old driver keeps a dangling output. This lets a trace of a tile with a
    larger B buffer (K = 256 jobs) drive the synthesized tile's PE array;
  * every primary input gets its traced activity (sta::set_power_input_port_activity).

Flops whose Q net has no traced name (or whose signal has a different width in the trace, e.g.
the K-block counters of a tile with another KBlocksMax: then the mean of the signal's traced bits)
keep their propagated activity; the counts are in the output. Writes DIR/power.csv (one row:
label, period, internal, switching, leakage, total power in W, annotation counts, cycles of the
trace), DIR/power.rpt (OpenSTA's report), DIR/power.tcl, DIR/annotated.v and, with --breakdown,
DIR/breakdown.csv (power per tile slice, from report_power -instances).
Exit 0 ok, 1 the flow failed (OpenSTA error, zero or non-finite power), 2 bad input.
"""
import argparse
import csv
import math
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIBERTY = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib"
FLOP_CELLS = ("DFFPOSX1", "DFFNEGX1", "DFFSR")
OUT_PINS = ("Y", "Q", "YC", "YS")
# Tile slices for the breakdown (first match of the flat instance name wins).
SLICES = (
    ("TASD units", re.compile(r"^(g_unit\[\d+\]\.|u_out_cfg\.)")),
    ("PE array", re.compile(r"^g_col\[\d+\]\.g_row\[\d+\]\.u_pe\.")),
    ("B buffer", re.compile(r"^tasd_tile_bbuf\.")),
    ("drain register slice", re.compile(r"^u_skid\.")),
    ("fanout buffers", re.compile(r"^fobuf|^_fo|^fo_")),
    ("drain + control", re.compile(r".")),
)


class InputError(Exception):
    pass


class FlowError(Exception):
    pass


def load_activity(path):
    """name -> (toggles, duty); cycles."""
    act, cycles = {}, None
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#"):
                    m = re.match(r"# cycles (\d+)", line)
                    if m:
                        cycles = int(m.group(1))
                    continue
                p = line.rstrip("\n").split("\t")
                if len(p) == 3:
                    act[p[0]] = (int(p[1]), float(p[2]))
    except OSError as e:
        raise InputError("cannot read %s: %s" % (path, e))
    if not cycles or not act:
        raise InputError("%s: no cycles or no signals (not an fst_activity file?)" % path)
    return act, cycles


def split_bit(name):
    m = re.match(r"^(.*)\[(\d+)\]$", name)
    return (m.group(1), int(m.group(2))) if m else (name, None)


def trace_widths(act):
    """base signal -> (number of bits, mean toggles, mean duty) in the trace."""
    acc = {}
    for n, (t, d) in act.items():
        b, i = split_bit(n)
        if i is None:
            continue
        a = acc.setdefault(b, [0, 0, 0.0])
        a[0] += 1
        a[1] += t
        a[2] += d
    return {b: (a[0], a[1] / a[0], a[2] / a[0]) for b, a in acc.items()}


def netlist_widths(path, top):
    """Declared widths of the top module's signals in Yosys' hierarchical netlist."""
    w = {}
    if not path or not os.path.exists(path):
        return w
    inside = False
    rx = re.compile(r"^\s*(?:wire|reg|input|output|inout)\s+(?:\[(\d+):(\d+)\]\s+)?(\\\S+|\w+)\s*;")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("module "):
                name = line.split()[1].split("(")[0].lstrip("\\")
                inside = name == top
                continue
            if not inside:
                continue
            if line.startswith("endmodule"):
                break
            m = rx.match(line)
            if m:
                nm = m.group(3).lstrip("\\")
                w[nm] = abs(int(m.group(1)) - int(m.group(2))) + 1 if m.group(1) else 1
    return w


def clean(net):
    return net.strip().lstrip("\\").strip()


def tcl_name(n):
    return re.sub(r"([\[\]\\])", r"\\\1", n)


RENAMES = []  # (regex, replacement): netlist name -> trace name (--rename)


def lookup(name, act, twidth, nwidth, stats):
    """Traced (toggles, duty) of a netlist net, or None."""
    for rx, rep in RENAMES:
        name = rx.sub(rep, name)
    if name in act:
        b, i = split_bit(name)
        if i is not None and b in nwidth and b in twidth and nwidth[b] != twidth[b][0]:
            stats["width_mismatch"] += 1
            return twidth[b][1], twidth[b][2]
        return act[name]
    b, i = split_bit(name)
    if i is not None and b in twidth:  # a bit the trace's (narrower) signal does not have
        stats["width_mismatch"] += 1
        return twidth[b][1], twidth[b][2]
    return None


def annotate(args):
    act, cycles = load_activity(args.activity)
    twidth = trace_widths(act)
    nwidth = netlist_widths(args.hier_netlist, args.top)
    text = open(args.netlist, encoding="utf-8").read()
    m = re.search(r"^module\s+(\\\S+|\w+)\s*\(", text, re.M)
    if not m or m.group(1).lstrip("\\") != args.top:
        raise InputError("%s: first module is not %s" % (args.netlist, args.top))
    if len(re.findall(r"^module\s", text, re.M)) != 1:
        raise InputError("%s: not a flat netlist (more than one module)" % args.netlist)
    hdr_end = text.index(");", m.end())
    body_start = hdr_end + 2
    end = text.rindex("endmodule")
    body = text[body_start:end]
    ports_in = set(clean(x) for x in re.findall(r"^\s*input\s+(?:\[\d+:\d+\]\s+)?(\\\S+|\w+)\s*;", body, re.M))
    cut_rx = re.compile(args.cut) if args.cut else None
    stats = dict(flops=0, flops_annotated=0, flops_unmatched=0, width_mismatch=0, cut_nets=0,
                 inputs=0, inputs_annotated=0)
    new_in, new_out, assigns, loads = [], [], [], {}
    port_act = {}  # port -> (activity per cycle, duty)
    inst_rx = re.compile(r"^(\s*)(\w+)\s+(\\\S+|\w+)\s*\((.*?)\);", re.M | re.S)
    conn_rx = re.compile(r"\.(\w+)\((.*?)\)\s*(,|$)", re.S)
    unmatched = []
    cut_driver = {}
    # First pass: which cut nets are driven by a cell output (their drivers get a fresh net).
    if cut_rx:
        for im in inst_rx.finditer(body):
            for pin, net, _ in conn_rx.findall(im.group(4)):
                n = clean(net)
                if pin in OUT_PINS and cut_rx.search(n):
                    cut_driver[n] = True
    cut_port = {}
    for n in sorted(cut_driver):
        a = lookup(n, act, twidth, nwidth, stats)
        if a is None:
            continue
        p = "pwr_c_%d" % len(cut_port)
        cut_port[n] = p
        new_in.append(p)
        port_act[p] = (a[0] / cycles, a[1])
    stats["cut_nets"] = len(cut_port)
    dnet_load = {}
    out = []
    pos = 0
    nflop = 0
    for im in inst_rx.finditer(body):
        cell, inst, conns = im.group(2), im.group(3), im.group(4)
        if cell in ("module", "input", "output", "wire", "assign"):
            continue
        out.append(body[pos:im.start()])
        pos = im.end()
        pins = conn_rx.findall(conns)
        new = []
        if cell in FLOP_CELLS:
            stats["flops"] += 1
            q = next((clean(n) for p, n, _ in pins if p == "Q"), None)
            d = next((n for p, n, _ in pins if p == "D"), None)
            a = lookup(q, act, twidth, nwidth, stats) if q else None
            if a is not None and d is not None:
                stats["flops_annotated"] += 1
                p = "pwr_d_%d" % nflop
                nflop += 1
                new_in.append(p)
                port_act[p] = (a[0] / cycles, a[1])
                dn = d.strip()
                if not re.match(r"^\d+'[bh]", dn) and clean(dn) not in ports_in:
                    dnet_load[dn] = dnet_load.get(dn, 0) + 1
                for pin, net, _ in pins:
                    new.append((pin, p if pin == "D" else net))
            else:
                stats["flops_unmatched"] += 1
                unmatched.append(q or inst)
                new = [(pin, net) for pin, net, _ in pins]
        else:
            for pin, net, _ in pins:
                n = clean(net)
                if n in cut_port:
                    if pin in OUT_PINS:
                        net = "pwr_cw_%s" % cut_port[n][6:]
                    else:
                        net = cut_port[n]
                new.append((pin, net))
        out.append("%s%s %s (\n%s\n  );" % (im.group(1), cell, inst,
                                            ",\n".join("    .%s(%s)" % pn for pn in new)))
    out.append(body[pos:])
    body2 = "".join(out)
    # Output ports loaded like the removed D pins; wires for the cut nets' old drivers.
    for i, (dn, cnt) in enumerate(sorted(dnet_load.items())):
        p = "pwr_l_%d" % i
        new_out.append(p)
        assigns.append("  assign %s = %s ;" % (p, dn))
        loads[p] = cnt
    decl = ["  input %s;" % p for p in new_in] + ["  output %s;" % p for p in new_out]
    decl += ["  wire pwr_cw_%s;" % cut_port[n][6:] for n in cut_port]
    header = text[:hdr_end].rstrip() + " "  # an escaped name ends with a space
    added = new_in + new_out
    if added:
        header += ", " + ", ".join(added)
    netlist = header + ");\n" + "\n".join(decl) + "\n" + body2 + "\n" + "\n".join(assigns) + "\nendmodule\n"
    annotated = os.path.join(args.out, "annotated.v")
    with open(annotated, "w") as f:
        f.write(netlist)
    for p in sorted(ports_in):
        if p.startswith("pwr_") or p == "clk_i":
            continue
        stats["inputs"] += 1
        a = act.get(p)
        if a is None:
            b, i = split_bit(p)
            if b in twidth:
                a = (twidth[b][1], twidth[b][2])
        if a is not None:
            stats["inputs_annotated"] += 1
            port_act[p] = (a[0] / cycles, a[1])
    return annotated, port_act, loads, stats, cycles, unmatched


def liberty_pin_cap(liberty, cell, pin):
    text = open(liberty, encoding="utf-8", errors="replace").read()
    m = re.search(r"cell\s*\(\s*%s\s*\)(.*?)\n\}" % cell, text, re.S)
    if m:
        mm = re.search(r"pin\(%s\)\s*\{[^}]*?capacitance\s*:\s*([0-9.eE+-]+)" % pin, m.group(1), re.S)
        if mm:
            return float(mm.group(1))
    raise InputError("no %s/%s capacitance in %s" % (cell, pin, liberty))


def run(args):
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    annotated, port_act, loads, stats, cycles, unmatched = annotate(args)
    dcap = liberty_pin_cap(args.liberty, "DFFPOSX1", "D")
    L = ["set ::tasd_clk_period_ns %g" % args.period, "set ::tasd_io_fraction 0.2",
         "read_liberty %s" % args.liberty, "read_verilog %s" % annotated,
         "link_design %s" % args.top, "read_sdc %s" % os.path.join(ROOT, "constraints", "tasd.sdc")]
    for p, cnt in sorted(loads.items()):
        L.append("set_load %.6g [get_ports %s]" % (cnt * dcap, p))
    for p, (a, d) in sorted(port_act.items()):
        L.append("sta::set_power_input_port_activity [get_ports {%s}] %.6g %.6g" % (tcl_name(p), a, min(max(d, 0.0), 1.0)))
    L.append('puts "TASD_POWER_BEGIN"')
    L.append("report_power -digits 6")
    L.append('puts "TASD_POWER_END"')
    if args.breakdown:
        L.append("report_power -instances [get_cells *] -digits 6")
    L.append("exit")
    tcl = os.path.join(args.out, "power.tcl")
    with open(tcl, "w") as f:
        f.write("\n".join(L) + "\n")
    proc = subprocess.run(["sta", "-no_splash", "-exit", tcl], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL, cwd=ROOT)
    with open(os.path.join(args.out, "power.rpt"), "w") as f:
        f.write(proc.stdout)
    errs = [l for l in proc.stdout.splitlines() if l.startswith("Error")]
    if proc.returncode != 0 or errs:
        raise FlowError("OpenSTA failed: %s (%s/power.rpt)" % (" | ".join(errs[:3]) or proc.returncode, args.out))
    rep = proc.stdout.split("TASD_POWER_BEGIN")[-1].split("TASD_POWER_END")[0]
    m = re.search(r"^Total\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", rep, re.M)
    if not m:
        raise FlowError("no Total line in OpenSTA's report_power (%s/power.rpt)" % args.out)
    p_int, p_sw, p_leak, p_tot = (float(x) for x in m.groups())
    seq = re.search(r"^Sequential\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", rep, re.M)
    for v in (p_int, p_sw, p_leak, p_tot):
        if not math.isfinite(v):
            raise FlowError("non-finite power in the report")
    if p_tot <= 0 or p_int + p_sw <= 0:
        raise FlowError("zero power in the report")
    row = dict(label=args.label, netlist=args.netlist, activity=args.activity,
               period_ns="%g" % args.period, freq_mhz="%g" % (1000.0 / args.period),
               internal_w="%.6e" % p_int, switching_w="%.6e" % p_sw, leakage_w="%.6e" % p_leak,
               total_w="%.6e" % p_tot, sequential_w="%.6e" % float(seq.group(4)) if seq else "",
               trace_cycles=cycles, seconds="%.1f" % (time.time() - t0))
    row.update({k: v for k, v in stats.items()})
    with open(os.path.join(args.out, "power.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(row))
        w.writeheader()
        w.writerow(row)
    with open(os.path.join(args.out, "unmatched_flops.txt"), "w") as f:
        f.write("\n".join(unmatched) + "\n")
    if args.breakdown:
        inst = proc.stdout.split("TASD_POWER_END")[-1]
        sums = {s: [0.0, 0.0, 0.0, 0.0, 0] for s, _ in SLICES}
        for line in inst.splitlines():
            pm = re.match(r"^\s*([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+(\S+)\s*$", line)
            if not pm:
                continue
            name = pm.group(5).replace("\\", "")
            for s, rx in SLICES:
                if rx.search(name):
                    for k in range(4):
                        sums[s][k] += float(pm.group(k + 1))
                    sums[s][4] += 1
                    break
        with open(os.path.join(args.out, "breakdown.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["label", "slice", "cells", "internal_w", "switching_w", "leakage_w", "total_w"])
            for s, _ in SLICES:
                v = sums[s]
                w.writerow([args.label, s, v[4]] + ["%.6e" % x for x in v[:4]])
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["power"])
    ap.add_argument("--netlist", required=True, help="flat netlist (netlist_sta_buf.v)")
    ap.add_argument("--hier-netlist", default=None, help="Yosys' hierarchical netlist.v (signal widths)")
    ap.add_argument("--top", required=True)
    ap.add_argument("--activity", required=True, help="fst_activity output")
    ap.add_argument("--cut", default=r"u_pe\.b_blk_i\[", help="regex of nets driven from the trace ('' = none)")
    ap.add_argument("--rename", action="append", default=[r"^tasd_tile_bbuf\.=>"],
                    help="REGEX=>REPLACEMENT from netlist to trace names (default: the tile's "
                         "extracted B buffer module prefix)")
    ap.add_argument("--period", type=float, default=10.0, help="clock period in ns (default 10)")
    ap.add_argument("--liberty", default=LIBERTY)
    ap.add_argument("--out", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--min-annotated", type=float, default=0.9,
                    help="fail when fewer than this share of the flops got a traced activity")
    args = ap.parse_args()
    try:
        for r in args.rename:
            a, _, b = r.partition("=>")
            RENAMES.append((re.compile(a), b))
        row = run(args)
        share = row["flops_annotated"] / row["flops"] if row["flops"] else 0.0
        print("power %s: total %s W (internal %s, switching %s, leakage %s) at %s MHz; flops "
              "annotated %d/%d, width-mismatched %d, cut nets %d, inputs %d/%d (%s s)"
              % (args.label, row["total_w"], row["internal_w"], row["switching_w"], row["leakage_w"],
                 row["freq_mhz"], row["flops_annotated"], row["flops"], row["width_mismatch"],
                 row["cut_nets"], row["inputs_annotated"], row["inputs"], row["seconds"]))
        if share < args.min_annotated:
            raise FlowError("only %.1f%% of the flops have a traced activity (see %s/unmatched_flops.txt)"
                            % (100 * share, args.out))
        if row["inputs"] and row["inputs_annotated"] < row["inputs"]:
            raise FlowError("%d input port(s) without a traced activity"
                            % (row["inputs"] - row["inputs_annotated"]))
    except InputError as e:
        print("run_power: %s" % e, file=sys.stderr)
        return 2
    except FlowError as e:
        print("run_power: FAILED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
