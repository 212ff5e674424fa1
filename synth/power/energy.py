#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# The energy table (make energy): per-series power of the synthesized tile from RTL traces, scaled by the cycle model to layers and networks.
"""Energy and EDP of the TTC tile per TASD series, on the paper's layer shapes and on the networks.

  energy.py run --build build/energy [-j 2] [--series 4:8+4:8,2:8] [--configs tile,tile_seq]

Needs (make energy builds them): the synthesized netlists BUILD/synth/{tile_kb2,tile_seq_kb2,pe_l4,
dense_l4}, the traced Verilator tiles TILE_BUILD/{tile_kb32,tile_seq_kb32}/Vtile (KBlocksMax=32), and
BUILD/bin/{power_jobs,fst_activity,power_cycles}.

For every tile configuration and every series of TTC-VEGETA-M8 (and dense 4:8+4:8 with all-zero
data, the data-independent floor):
  1. power_jobs writes 2 jobs (column tiles) of 16 row tiles, K = 256 (kblocks 32), ReLU-like A
     (50% zeros) decomposed with the series, signed dense B; the drain decomposes into the same
     series (network-wise TASD-A);
  2. the traced tile (same RTL and parameters as the netlist except KBlocksMax = 32) runs them
     (Vtile jobs +trace: every output checked against the C model, cycles = the cycle model);
  3. fst_activity turns the FST into per-bit toggles and duty;
  4. run_power.py annotates the synthesized netlist (KBlocksMax = 2) with them and runs
     OpenSTA's report_power at the synthesis clock (10 ns).
Then the per-cycle power of each series times the cycle model's cycles (default tile,
KBlocksMax 512, power_cycles) gives each layer's and each network's energy, pJ per
dense-equivalent MAC (rows x cols x K of the GEMM) and EDP, relative to dense (4:8+4:8).
The PE alone (pe_l4 netlist, activity of PE (0,0) of the same traces) and the dense PE
(dense_l4, its operands annotated with the dense run's PE (0,0) statistics) are a cross-check.
Writes BUILD/power.csv, BUILD/pe_power.csv, BUILD/energy.csv, BUILD/energy.md.
Exit 0 ok, 1 a step failed, 2 bad input.
"""
import argparse
import concurrent.futures as cf
import csv
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
TARGET = "TTC-VEGETA-M8"
DENSE = "4:8+4:8"
# Tile configurations of rtl/configs.tsv: energy row (netlist) -> (trace row, DrainSeq)
TILES = {"tile_kb2": ("tile_kb32", 0), "tile_seq_kb2": ("tile_seq_kb32", 1)}
SIM_KBM = 32
KBLOCKS, RTILES, NJOBS = 32, 16, 2
ZERO = DENSE + " zero-data"
# The paper's representative layers (Table 4): GEMM M x N x K.
PAPER_LAYERS = [("ResNet50 L1 M784-N128-K1152", 784, 128, 1152),
                ("ResNet50 L2 M3136-N64-K576", 3136, 64, 576),
                ("ResNet50 L3 M196-N256-K2304", 196, 256, 2304),
                ("BERT L1 M768-N128-K768", 768, 128, 768),
                ("BERT L2 M3072-N128-K768", 3072, 128, 768),
                ("BERT L3 M768-N128-K3072", 768, 128, 3072)]
# The built-in networks (cmodel/nn/models/*.arch), a 200-image batch: (layer, positions, K, out).
NETS = {
    "MLP": [("fc1", 200, 784, 512), ("fc2", 200, 512, 256), ("fc3", 200, 256, 10)],
    "CNN": [("conv1", 200 * 196, 9, 32), ("conv2", 200 * 49, 288, 64), ("fc1", 200, 3136, 10)],
}
# TASDER's choices (docs/networks.md, TTC-VEGETA-M8); 'dense' = A with 4:8+4:8.
NET_RUNS = [
    ("MLP dense", "MLP", "dense", "dense|dense|dense"),
    ("MLP dense", "MLP", "layer-W", "W:4:8+1:8|W:4:8+1:8|W:4:8+2:8"),
    ("MLP dense", "MLP", "layer-A", "dense|A:2:8|A:2:8"),
    ("MLP dense", "MLP", "mixed", "W:4:8+1:8|A:2:8|A:2:8"),
    ("MLP 95% pruned", "MLP", "dense", "dense|dense|dense"),
    ("MLP 95% pruned", "MLP", "layer-W", "W:2:8+1:8|W:2:8|W:2:8+1:8"),
    ("MLP 95% pruned", "MLP", "layer-A", "dense|A:2:8+1:8|A:2:8+1:8"),
    ("MLP 95% pruned", "MLP", "mixed", "W:2:8+1:8|W:2:8|A:2:8+1:8"),
    ("CNN dense", "CNN", "dense", "dense|dense|dense"),
    ("CNN dense", "CNN", "layer-W", "dense|W:4:8+1:8|W:4:8+1:8"),
    ("CNN dense", "CNN", "layer-A", "dense|A:2:8+1:8|dense"),
    ("CNN dense", "CNN", "mixed", "dense|A:2:8+1:8|W:4:8+1:8"),
]
# Paper, Figure 14 / section 5.3 (EDP normalized to the dense TC; TTC-VEGETA-M8 with TASDER).
PAPER_EDP = [("dense ResNet50", 0.42), ("dense BERT", 0.39), ("sparse ResNet50", 0.17),
             ("sparse BERT", 0.18)]


def tag(s):
    return s.replace(":", "_").replace("+", "-").replace(" ", "_")


def sh(cmd, log, cwd=ROOT):
    with open(log, "w") as f:
        rc = subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd)
    if rc != 0:
        tail = open(log, errors="replace").read().strip().splitlines()[-5:]
        raise RuntimeError("%s failed (exit %d, log %s): %s" % (os.path.basename(cmd[0]), rc, log,
                                                                " | ".join(tail)))


def power_run(build, tile_build, cfg, series):
    """One (tile configuration, series): jobs, traced RTL run, activity, annotated power."""
    sim, seq = TILES[cfg]
    zero = series == ZERO
    s = DENSE if zero else series
    d = os.path.join(build, "runs", cfg, tag(series))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    t0 = time.time()
    jobs = os.path.join(d, "jobs.npz")
    cmd = [os.path.join(build, "bin", "power_jobs"), jobs,
           "8,16,8,4,2,%d,1,%d" % (SIM_KBM, seq), s, "--kblocks", str(KBLOCKS), "--rtiles",
           str(RTILES), "--jobs", str(NJOBS)] + (["--zero"] if zero else [])
    sh(cmd, os.path.join(d, "jobs.log"))
    # The harness writes its FST next to argv[0]: a link per run keeps parallel runs apart.
    vt = os.path.join(d, "Vtile")
    os.symlink(os.path.abspath(os.path.join(tile_build, sim, "Vtile")), vt)
    sh([vt, "jobs", "+in=" + jobs, "+out=" + os.path.join(d, "result.npz"), "+trace"],
       os.path.join(d, "sim.log"), cwd=d)
    simlog = open(os.path.join(d, "sim.log")).read()  # sh() raised on a non-zero exit (a mismatch)
    rtl_cycles = [int(x) for x in re.findall(r"cycles RTL (\d+)", simlog)]
    fst = [f for f in os.listdir(d) if f.endswith(".fst")]
    if len(fst) != 1:
        raise RuntimeError("%s %s: no FST trace in %s" % (cfg, series, d))
    fst = os.path.join(d, fst[0])
    act = os.path.join(d, "activity.tsv")
    sh([os.path.join(build, "bin", "fst_activity"), fst, act, "--scope", "TOP.tasd_ttc_tile"],
       os.path.join(d, "activity.log"))
    pe_act = os.path.join(d, "activity_pe.tsv")
    sh([os.path.join(build, "bin", "fst_activity"), fst, pe_act, "--scope",
        "TOP.tasd_ttc_tile.g_col[0].g_row[0].u_pe"], os.path.join(d, "activity_pe.log"))
    os.remove(fst)
    syn = os.path.join(build, "synth", cfg)
    sh([PY, os.path.join(ROOT, "synth", "power", "run_power.py"), "power",
        "--netlist", os.path.join(syn, "netlist_sta_buf.v"), "--hier-netlist",
        os.path.join(syn, "netlist.v"), "--top", "tasd_ttc_tile", "--activity", act,
        "--out", os.path.join(d, "power"), "--label", "%s/%s" % (cfg, series), "--breakdown"],
       os.path.join(d, "power.log"))
    row = next(csv.DictReader(open(os.path.join(d, "power", "power.csv"))))
    row.update(config=cfg, series=series, rtl_job_cycles=";".join(map(str, rtl_cycles)),
               dense_macs=NJOBS * RTILES * 8 * 16 * KBLOCKS * 8, run_seconds="%.0f" % (time.time() - t0))
    bd = list(csv.DictReader(open(os.path.join(d, "power", "breakdown.csv"))))
    for b in bd:
        row["slice_w." + b["slice"]] = b["total_w"]
    # The PE alone (only from the parallel tile's traces: the PE array is the same in both).
    pe = []
    if cfg == "tile_kb2":
        for pcfg, top in (("pe_l4", "tasd_pe"), ("dense_l4", "tasd_pe_dense")):
            if top == "tasd_pe_dense" and series not in (DENSE, ZERO):
                continue
            a = pe_act
            if top == "tasd_pe_dense":
                a = os.path.join(d, "activity_pe_dense.tsv")
                dense_pe_activity(pe_act, a)
            psyn = os.path.join(build, "synth", pcfg)
            pout = os.path.join(d, "power_" + pcfg)
            sh([PY, os.path.join(ROOT, "synth", "power", "run_power.py"), "power",
                "--netlist", os.path.join(psyn, "netlist_sta_buf.v"), "--hier-netlist",
                os.path.join(psyn, "netlist.v"), "--top", top, "--activity", a, "--cut", "",
                "--out", pout, "--label", "%s/%s" % (pcfg, series)], pout + ".log")
            r = next(csv.DictReader(open(os.path.join(pout, "power.csv"))))
            r.update(config=pcfg, series=series, tile_cycles=row["trace_cycles"])
            pe.append(r)
    return row, pe


def dense_pe_activity(src, dst):
    """The dense PE's operands from the N:M PE's dense-series trace: a_val_i as is, b_val_i of
    lane l from element l of lane l's B block (the same per-bit statistics: one B element per
    lane per beat), the accumulator and controls as is."""
    lines = open(src).read().splitlines()
    out = [l for l in lines if l.startswith("#")]
    act = {}
    for l in lines:
        if not l.startswith("#"):
            n, t, du = l.split("\t")
            act[n] = (t, du)
    for n, v in act.items():
        if not n.startswith("b_blk_i"):
            out.append("%s\t%s\t%s" % (n, v[0], v[1]))
    for lane in range(4):
        for j in range(8):
            src_n = "b_blk_i[%d]" % ((lane * 8 + lane) * 8 + j)
            if src_n in act:
                out.append("b_val_i[%d]\t%s\t%s" % (lane * 8 + j, act[src_n][0], act[src_n][1]))
    open(dst, "w").write("\n".join(out) + "\n")


def cycles_of(build, rows):
    """rows: list of (label, rows, cols, k, a_series, out_series) -> {label: dict}."""
    inp = "\n".join("%s %d %d %d %s %s" % r for r in rows) + "\n"
    p = subprocess.run([os.path.join(build, "bin", "power_cycles"), "gemm"], input=inp, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("power_cycles: %s" % p.stderr.strip())
    return {r["label"]: r for r in csv.DictReader(p.stdout.splitlines())}


def series_list(build):
    p = subprocess.run([os.path.join(build, "bin", "power_cycles"), "series", TARGET], text=True,
                       stdout=subprocess.PIPE, check=True)
    return [l.strip() for l in p.stdout.splitlines() if l.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "table"])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "energy"))
    ap.add_argument("--tile-build", default=os.path.join(ROOT, "build", "tile"),
                    help="where the trace rows of rtl/configs.tsv are built (tb/tile.mk)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--series", default="", help="comma-separated subset (default: all of the target)")
    ap.add_argument("--configs", default="tile_kb2,tile_seq_kb2")
    args = ap.parse_args()
    b = os.path.abspath(args.build)
    t0 = time.time()
    allser = series_list(b)
    sers = [s for s in args.series.split(",") if s] or allser
    if DENSE not in sers:
        sers.append(DENSE)
    cfgs = [c for c in args.configs.split(",") if c]
    if args.command == "run":
        todo = [(c, s) for c in cfgs for s in sers + [ZERO]]
        rows, pes, fails = [], [], []
        with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            futs = {ex.submit(power_run, b, os.path.abspath(args.tile_build), c, s): (c, s) for c, s in todo}
            for fu in cf.as_completed(futs):
                c, s = futs[fu]
                try:
                    r, pe = fu.result()
                    rows.append(r)
                    pes += pe
                    print("energy: %-9s %-20s %.4f W (%s s)" % (c, s, float(r["total_w"]), r["run_seconds"]),
                          flush=True)
                except Exception as e:  # noqa: BLE001 (report every failed run)
                    fails.append("%s %s: %s" % (c, s, e))
                    print("energy: %s %s FAILED: %s" % (c, s, e), flush=True)
        if fails:
            print("energy: %d run(s) failed" % len(fails))
            return 1
        order = {(c, s): i for i, (c, s) in enumerate(todo)}
        rows.sort(key=lambda r: order[(r["config"], r["series"])])
        keys = []
        for r in rows:
            keys += [k for k in r if k not in keys]
        with open(os.path.join(b, "power.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=keys)
            w.writeheader()
            w.writerows(rows)
        if pes:
            pkeys = []
            for r in pes:
                pkeys += [k for k in r if k not in pkeys]
            with open(os.path.join(b, "pe_power.csv"), "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=pkeys)
                w.writeheader()
                w.writerows(pes)
    table(b, cfgs, sers)
    print("energy: %s/energy.md, %s/energy.csv, %s/power.csv (%.0f s)" % (b, b, b, time.time() - t0))
    return 0


def fmt(x, d=3):
    return ("%%.%df" % d) % x


def table(b, cfgs, sers):
    pw = {(r["config"], r["series"]): r for r in csv.DictReader(open(os.path.join(b, "power.csv")))}
    cfgs = [c for c in cfgs if (c, DENSE) in pw]
    out = []  # energy.csv rows
    # Layer shapes: every series.
    lrows = []
    for name, m, n, k in PAPER_LAYERS:
        for s in sers:
            lrows.append(("L|%s|%s" % (tag(name), s), m, n, k, s, s))
    # Networks: per layer, its orientation and series; the drain's output series is the next
    # layer's A series when the next layer takes A (dense: 4:8+4:8), else none.
    nrows = []
    for net, arch, method, assign in NET_RUNS:
        parts = assign.split("|")
        for i, (lname, pos, k, oc) in enumerate(NETS[arch]):
            a = parts[i]
            mode, s = ("A", DENSE) if a == "dense" else (a[0], a[2:])
            rows, cols = (oc, pos) if mode == "W" else (pos, oc)
            nxt = parts[i + 1] if i + 1 < len(parts) else None
            o = "-" if nxt is None or nxt.startswith("W:") else (DENSE if nxt == "dense" else nxt[2:])
            nrows.append(("N|%s|%s|%s" % (tag(net), method, lname), rows, cols, k, s, o))
    cyc = cycles_of(b, lrows + nrows)
    period_ns = float(pw[(cfgs[0], DENSE)]["period_ns"])
    T = period_ns * 1e-9

    def e_of(cfg, s, c, macs):
        """Energy of a GEMM of `macs` dense-equivalent MACs taking c cycles with series s: the
        data-independent floor (clock pins, control: the all-zero dense trace's power) per cycle,
        plus the traced run's energy above that floor per dense MAC of the same series."""
        p, z = pw[(cfg, s)], pw[(cfg, ZERO)]
        floor = float(z["total_w"])
        data_j = (float(p["total_w"]) - floor) * int(p["trace_cycles"]) * T
        return floor * c * T + data_j * macs / float(p["dense_macs"])

    md = ["# Energy of the TTC tile per TASD series (osu018, OpenSTA report_power)", ""]
    md.append("Clock %g MHz (the synthesis constraint, 10 ns). Power per series measured on the "
              "synthesized tile (KBlocksMax=2 netlist) with activity from RTL traces of K=256 jobs; "
              "cycles from the C cycle model of the default tile (KBlocksMax 512, 2 B banks). "
              "Energy of a GEMM = floor power (all-zero dense trace: clock pins, control) x cycles + "
              "(traced energy above the floor) per dense MAC of the series x the GEMM's dense MACs. "
              "pJ/MAC = energy / dense-equivalent MACs (M x N x K). EDP and energy relative to dense "
              "4:8+4:8 on the same tile. Generated by `make energy` (synth/power/energy.py)." % (1000 / period_ns))
    md.append("")
    # Power per series.
    md += ["## Power per series (traced jobs: 2 column tiles x 16 row tiles, K=256)", "",
           "| tile | series | internal mW | switching mW | leakage µW | total mW | trace cycles | pJ/cycle | PE array mW | TASD units mW | B buffer mW | drain+control mW |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cfgs:
        for s in sers + [ZERO]:
            p = pw.get((c, s))
            if not p:
                continue
            md.append("| %s | %s | %.1f | %.1f | %.1f | %.1f | %s | %.0f | %.1f | %.2f | %.1f | %.1f |" % (
                c, s, 1e3 * float(p["internal_w"]), 1e3 * float(p["switching_w"]),
                1e6 * float(p["leakage_w"]), 1e3 * float(p["total_w"]), p["trace_cycles"],
                1e12 * float(p["total_w"]) * T, 1e3 * float(p.get("slice_w.PE array", 0) or 0),
                1e3 * float(p.get("slice_w.TASD units", 0) or 0), 1e3 * float(p.get("slice_w.B buffer", 0) or 0),
                1e3 * (float(p.get("slice_w.drain + control", 0) or 0) + float(p.get("slice_w.drain register slice", 0) or 0)
                       + float(p.get("slice_w.fanout buffers", 0) or 0))))
    md.append("")
    # Layers.
    for c in cfgs:
        md += ["## Paper's layer shapes, %s (%s)" % (c, "sequential drain units, DrainSeq=1" if TILES[c][1] else "parallel drain units"), "",
               "| layer | series | cycles | speedup | energy µJ | pJ / dense MAC | energy vs dense | EDP vs dense |",
               "|---|---|---:|---:|---:|---:|---:|---:|"]
        agg = {}
        for name, m, n, k in PAPER_LAYERS:
            dk = "L|%s|%s" % (tag(name), DENSE)
            dcyc = int(cyc[dk]["cycles_seq" if TILES[c][1] else "cycles_par"])
            de = e_of(c, DENSE, dcyc, int(cyc[dk]["macs_dense"]))
            for s in sers:
                if (c, s) not in pw:
                    continue
                r = cyc["L|%s|%s" % (tag(name), s)]
                cy = int(r["cycles_seq" if TILES[c][1] else "cycles_par"])
                macs = int(r["macs_dense"])
                e = e_of(c, s, cy, macs)
                edp = e * cy * T
                dedp = de * dcyc * T
                a = agg.setdefault(s, [0, 0.0, 0, 0, 0.0])
                a[0] += cy; a[1] += e; a[2] += macs; a[3] += dcyc; a[4] += de
                p = pw[(c, s)]
                out.append(dict(config=c, workload=name, series=s, freq_mhz=p["freq_mhz"],
                                internal_w=p["internal_w"], switching_w=p["switching_w"],
                                leakage_w=p["leakage_w"], total_w=p["total_w"], cycles=cy,
                                energy_j="%.6e" % e, dense_macs=macs,
                                pj_per_dense_mac="%.4f" % (1e12 * e / macs), edp_js="%.6e" % edp,
                                energy_rel_dense="%.4f" % (e / de), edp_rel_dense="%.4f" % (edp / dedp)))
                md.append("| %s | %s | %d | %.2f | %.2f | %.2f | %.3f | %.3f |" % (
                    name, s, cy, dcyc / cy, 1e6 * e, 1e12 * e / macs, e / de, edp / dedp))
        md += ["", "All six layers together (energy and cycles summed):", "",
               "| series | cycles | speedup | energy µJ | pJ / dense MAC | energy vs dense | EDP vs dense |",
               "|---|---:|---:|---:|---:|---:|---:|"]
        d = agg[DENSE]
        for s in sers:
            if s not in agg:
                continue
            a = agg[s]
            md.append("| %s | %d | %.2f | %.1f | %.2f | %.3f | %.3f |" % (
                s, a[0], d[0] / a[0], 1e6 * a[1], 1e12 * a[1] / a[2], a[1] / d[1],
                (a[1] * a[0]) / (d[1] * d[0])))
            out.append(dict(config=c, workload="paper layers (sum)", series=s, cycles=a[0],
                            energy_j="%.6e" % a[1], dense_macs=a[2],
                            pj_per_dense_mac="%.4f" % (1e12 * a[1] / a[2]),
                            edp_js="%.6e" % (a[1] * a[0] * T), energy_rel_dense="%.4f" % (a[1] / d[1]),
                            edp_rel_dense="%.4f" % ((a[1] * a[0]) / (d[1] * d[0]))))
        md.append("")
    # Networks.
    for c in cfgs:
        key = "cycles_seq" if TILES[c][1] else "cycles_par"
        md += ["## Networks (200-image batch, docs/networks.md), %s" % c, "",
               "| network | method | series per layer | cycles | speedup | energy µJ | pJ / dense MAC | energy vs dense | EDP vs dense |",
               "|---|---|---|---:|---:|---:|---:|---:|---:|"]
        dense_tot = {}
        for net, arch, method, assign in NET_RUNS:
            parts = assign.split("|")
            cy = e = macs = 0
            ok = True
            for i, (lname, pos, k, oc) in enumerate(NETS[arch]):
                a = parts[i]
                s = DENSE if a == "dense" else a[2:]
                if (c, s) not in pw:
                    ok = False
                    break
                r = cyc["N|%s|%s|%s" % (tag(net), method, lname)]
                lc = int(r[key])
                cy += lc
                e += e_of(c, s, lc, int(r["macs_dense"]))
                macs += int(r["macs_dense"])
            if not ok:
                continue
            if method == "dense":
                dense_tot[net] = (cy, e)
            dcy, de = dense_tot[net]
            md.append("| %s | %s | %s | %d | %.2f | %.1f | %.2f | %.3f | %.3f |" % (
                net, method, assign.replace("|", " · "), cy, dcy / cy, 1e6 * e, 1e12 * e / macs,
                e / de, (e * cy) / (de * dcy)))
            out.append(dict(config=c, workload="%s %s" % (net, method), series=assign, cycles=cy,
                            energy_j="%.6e" % e, dense_macs=macs,
                            pj_per_dense_mac="%.4f" % (1e12 * e / macs), edp_js="%.6e" % (e * cy * T),
                            energy_rel_dense="%.4f" % (e / de), edp_rel_dense="%.4f" % ((e * cy) / (de * dcy))))
        md.append("")
    # PE alone.
    pp = os.path.join(b, "pe_power.csv")
    if os.path.exists(pp):
        pes = list(csv.DictReader(open(pp)))
        md += ["## The PE alone (PE (0,0) of the tile traces; pJ per dense-equivalent MAC of that PE)", "",
               "| PE | series | total µW | pJ/cycle | pJ / dense MAC | vs dense PE |", "|---|---|---:|---:|---:|---:|"]
        per_pe_macs = NJOBS * RTILES * 8 * 16 * KBLOCKS * 8 / 128.0
        ref = None
        for r in pes:
            if r["config"] == "dense_l4" and r["series"] == DENSE:
                ref = float(r["total_w"]) * int(r["tile_cycles"]) * T / per_pe_macs
        for r in sorted(pes, key=lambda r: (r["config"] != "dense_l4", sers.index(r["series"]) if r["series"] in sers else 99)):
            e = float(r["total_w"]) * int(r["tile_cycles"]) * T / per_pe_macs
            md.append("| %s | %s | %.1f | %.2f | %.3f | %s |" % (
                r["config"], r["series"], 1e6 * float(r["total_w"]), 1e12 * float(r["total_w"]) * T,
                1e12 * e, "%.3f" % (e / ref) if ref else "-"))
            out.append(dict(config=r["config"], workload="PE alone", series=r["series"],
                            total_w=r["total_w"], internal_w=r["internal_w"],
                            switching_w=r["switching_w"], leakage_w=r["leakage_w"],
                            cycles=r["tile_cycles"], pj_per_dense_mac="%.4f" % (1e12 * e)))
        md.append("")
    md += ["## Paper, Figure 14 (EDP of TTC-VEGETA-M8 with TASDER, normalized to the dense TC)", "",
           "| workload | paper EDP vs dense |", "|---|---:|"]
    md += ["| %s | %.2f |" % (w, v) for w, v in PAPER_EDP]
    md.append("")
    keys = ["config", "workload", "series", "freq_mhz", "internal_w", "switching_w", "leakage_w",
            "total_w", "cycles", "energy_j", "dense_macs", "pj_per_dense_mac", "edp_js",
            "energy_rel_dense", "edp_rel_dense"]
    with open(os.path.join(b, "energy.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for r in out:
            w.writerow({k: r.get(k, "") for k in keys})
    with open(os.path.join(b, "energy.md"), "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print("energy: %s" % e, file=sys.stderr)
        sys.exit(1)
