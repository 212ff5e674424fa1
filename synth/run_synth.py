#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Synthesis and timing flow: Yosys maps each configuration to osu018, OpenSTA times it; reports, guard, summary.
"""Area and timing flow for the TASD IP blocks.

Subcommands
  synth   synthesize the synth-flow rows of rtl/configs.tsv (Yosys -> osu018) and time them
          (OpenSTA); writes BUILD/<config>/{netlist.v, area.rpt, timing.rpt, metrics.csv,
          summary.md, yosys.log, sta.log}
  report  collect every BUILD/<config>/metrics.csv into BUILD/summary.{md,csv}, draw the tile's
          area breakdown (BUILD/tile_area.png) and print the side-by-side comparison
  main    print the default configuration's area and Fmax (the last lines of `make`)
  guard   re-synthesize the configurations tagged 'guard' and compare with the area table
  compare compare already-synthesized results with an area table (no synthesis)
  update-guard  re-synthesize the guard configurations and rewrite the area table

Areas come from the liberty's cell areas (um^2); one gate equivalent (GE) is the area of NAND2X1.
Exit status: 0 on success; 1 when a check fails (unmapped or undriven logic, guard mismatch);
2 on bad input (unknown configuration, malformed table, missing tool output).
"""
import argparse
import concurrent.futures as cf
import csv
import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import configs as configs_table  # noqa: E402  (the one configuration table, rtl/configs.tsv)
LIBERTY_DEFAULT = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib"
GE_CELL = "NAND2X1"
IO_FRACTION = 0.2
MAX_FANOUT = 16  # sink pins per net in the timing netlist (synth/fanout_buffer.py)
GROUPS = ("reg2reg", "in2reg", "reg2out", "in2out")
# Fraction of the period the I/O delays take on each group: min period = P - slack / (1 - k*f).
GROUP_IO_TERMS = {"reg2reg": 0, "in2reg": 1, "reg2out": 1, "in2out": 2}
UNIT_MODULES = ("tasd_unit_par", "tasd_unit_seq")
UNIT_CHECK_MODULE = "tasd_unit_cfg"  # the series check; the tile has one for all its drain units
# Which tile sub-blocks go into which slice of the area breakdown (by module base name).
TILE_GROUPS = (
    # The units with everything inside them (pack, output registers) and the one series check
    # the tile's drain units share (a tasd_unit_cfg outside the units).
    ("TASD units", UNIT_MODULES + (UNIT_CHECK_MODULE,)),
    ("PE array", ("tasd_pe",)),
    ("drain register slice", ("tasd_skid_buf",)),
    ("B buffer", ("tasd_tile_bbuf",)),
    ("drain + control", ()),  # everything else, including the tile's own top-level logic
)


class FlowError(Exception):
    """A check of the flow failed (exit 1)."""


class InputError(Exception):
    """Bad input: configuration, table or tool output (exit 2)."""


# ------------------------------------------------------------------------------------------
# Inputs: liberty areas, configurations, RTL file dependencies
# ------------------------------------------------------------------------------------------
def liberty_areas(path):
    """Cell name -> area (um^2) from a liberty file."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError as e:
        raise InputError("cannot read liberty %s: %s" % (path, e))
    areas = {}
    for m in re.finditer(r"\bcell\s*\(\s*\"?([A-Za-z0-9_]+)\"?\s*\)\s*\{(.*?)\barea\s*:\s*([0-9.eE+-]+)",
                         text, re.S):
        areas[m.group(1)] = float(m.group(3))
    if GE_CELL not in areas:
        raise InputError("liberty %s has no %s cell (needed for gate equivalents)" % (path, GE_CELL))
    return areas


def load_configs(path, extra_rtl=()):
    """The rows of the configuration table (rtl/configs.tsv, scripts/configs.py) with the synth
    or the energy flow, as dicts: name, top, params [(k, v)] (the row's overrides), period, tags
    ({synth, guard, main} of its flows), desc, extract [(cell, module)]. Rows with only the
    energy flow (make energy's netlists) are synthesized when named (--only), never by default."""
    dirs = [os.path.join(ROOT, "rtl")] + sorted({os.path.dirname(os.path.abspath(f)) for f in extra_rtl})
    try:
        rows = configs_table.load(path, rtl_dir=dirs, any_top=bool(extra_rtl))
    except configs_table.TableError as e:
        raise InputError(str(e))
    return [dict(name=c.name, top=c.top, params=list(c.params), period=c.period,
                 tags={f for f in c.flows if f in ("synth", "guard", "main")}, desc=c.desc,
                 extract=c.extract)
            for c in rows if "synth" in c.flows or "energy" in c.flows]


def rtl_files(filelists, top, extra=()):
    """The RTL files of the top module: the file list (generated from the FuseSoC cores by
    `make filelists`) of the smallest core that holds <top>.sv, or the --extra-rtl files alone
    when one of them is <top>.sv (the flow's self-tests)."""
    extra = [os.path.abspath(f) for f in extra]
    if any(os.path.basename(f) == top + ".sv" for f in extra):
        return extra
    if not os.path.isdir(filelists):
        raise InputError("no file lists in %s: run `make filelists`" % filelists)
    best = None
    for name in sorted(os.listdir(filelists)):
        if not name.endswith(".f"):
            continue
        with open(os.path.join(filelists, name)) as f:
            files = [l.strip() for l in f if l.strip()]
        if any(os.path.basename(x) == top + ".sv" for x in files):
            if best is None or len(files) < len(best):
                best = files
    if best is None:
        raise InputError("no RTL file for top module '%s': no core's file list (in %s) holds %s.sv"
                         % (top, filelists, top))
    return extra + [os.path.join(ROOT, x) for x in best]


# ------------------------------------------------------------------------------------------
# One configuration: Yosys, then OpenSTA
# ------------------------------------------------------------------------------------------
def base_module(name):
    """'$paramod\\tasd_pe\\Lanes=...' or '$paramod$hash\\tasd_pe' or '\\tasd_pe' -> 'tasd_pe'."""
    name = name.lstrip("\\")
    if name.startswith("$paramod"):
        parts = name.split("\\")
        return parts[1] if len(parts) > 1 else name
    return name


def yosys_script(cfg, files, liberty, outdir):
    period_ps = int(round(cfg["period"] * 1000))
    chp = " ".join("-chparam %s %d" % (k, v) for k, v in cfg["params"])
    top = cfg["top"]
    lines = [
        "read_liberty -lib %s" % liberty,
        "read_verilog -sv %s" % " ".join(files),
        "hierarchy -check -top %s %s" % (top, chp),
        # Undriven nets and multiple drivers, caught on the RTL before optimization folds an
        # undriven net into a constant (and once more on the mapped netlist below).
        "proc",
        "check -assert",
    ]
    if cfg["extract"]:
        # Move named top-level cells (e.g. the tile's B buffer memory) into their own module, so
        # the area report can show them apart from the rest of the top-level logic.
        lines += ["opt_clean", "memory -nomap"]
        for cell, mod in cfg["extract"]:
            lines.append("submod -name %s %s/c:%s" % (mod, top, cell))
    lines += [
        # Hierarchy stays: each distinct module is mapped once and reported on its own.
        "synth -top %s" % top,
        # osu018 has plain D flops only: dfflibmap legalizes enables/sync resets into logic.
        "dfflibmap -liberty %s" % liberty,
        "abc -liberty %s -D %d" % (liberty, period_ps),
        "opt_clean -purge",
        # Undriven nets, multiple drivers, combinational loops, unmapped internal cells.
        "check -assert -mapped",
        "tee -o %s/stat_liberty.txt stat -liberty %s -top %s" % (outdir, liberty, top),
        "tee -q -o %s/stat.json stat -json" % outdir,
        "write_verilog -noattr %s/netlist.v" % outdir,
        # OpenSTA (2019) cannot parse the multi-bit port aliases Yosys writes between modules,
        # so it gets a flat, bit-level netlist. Cells get public names first, so the flat names
        # keep the instance path (u_inst.sub._12_) and a path can be traced to its module.
        "rename -enumerate -pattern _%_ t:*",
        "flatten",
        "splitnets -ports",
        "opt_clean -purge",
        "write_verilog -noattr -noexpr %s/netlist_sta.v" % outdir,
    ]
    return "\n".join(lines) + "\n"


STA_TEMPLATE = r"""
set ::tasd_clk_period_ns {period}
set ::tasd_io_fraction {iofrac}
read_liberty {liberty}
read_verilog {netlist}
link_design {top}
read_sdc {sdc}
puts "TASD_WORST_SLACK [worst_slack -max]"
puts "TASD_TNS [total_negative_slack -max]"
puts "==== worst path of each path group (setup) ===="
report_checks -path_delay max -group_count 1 -fields {{fanout cap slew}} -digits 3
{through}
puts "==== hold (min) ===="
report_checks -path_delay min -digits 3
exit
"""


def parse_paths(text):
    """Split an OpenSTA report_checks text into paths: dict(start, end, group, slack, points)."""
    paths = []
    for chunk in re.split(r"\n(?=Startpoint: )", text):
        m_s = re.search(r"^Startpoint: (\S+)", chunk, re.M)
        m_e = re.search(r"^Endpoint: (\S+)", chunk, re.M)
        m_g = re.search(r"^Path Group: (\S+)", chunk, re.M)
        m_sl = re.search(r"^\s*(-?[0-9.]+)\s+slack \((MET|VIOLATED)\)", chunk, re.M)
        if not (m_s and m_e and m_sl):
            continue
        points = re.findall(r"\s[v^]\s+(\S+)/\w+\s+\((\w+)\)", chunk)
        paths.append(dict(start=m_s.group(1), end=m_e.group(1),
                          group=m_g.group(1) if m_g else "?", slack=float(m_sl.group(1)),
                          points=[p[0] for p in points], text=chunk))
    return paths


def netlist_instances(netlist_path):
    """module name -> {instance name: cell type} from a Yosys write_verilog netlist."""
    mods = {}
    cur = None
    rx_mod = re.compile(r"^module\s+(\\\S+|\w+)\s*\(")
    rx_inst = re.compile(r"^\s+(\\\S+|[A-Za-z_]\w*)\s+(\\\S+|[A-Za-z_]\w*)\s*\($")
    with open(netlist_path, encoding="utf-8") as f:
        for line in f:
            m = rx_mod.match(line)
            if m:
                cur = m.group(1).lstrip("\\")
                mods[cur] = {}
                continue
            if cur is None:
                continue
            m = rx_inst.match(line.rstrip())
            if m and m.group(1) not in ("module", "input", "output", "wire", "reg", "assign"):
                mods[cur][m.group(2).lstrip("\\")] = m.group(1).lstrip("\\")
    return mods


def instance_module(mods, top, path):
    """Flat cell name 'g_u[0].u_unit.u_cfg._12_' -> base modules of the instances it sits in."""
    cur = top
    chain = []
    rest = path.replace("\\", "")
    while True:
        insts = mods.get(cur, {})
        hits = [i for i in insts if rest.startswith(i + ".") and insts[i] in mods]
        if not hits:
            break
        inst = max(hits, key=len)
        cur = insts[inst]
        chain.append(base_module(cur))
        rest = rest[len(inst) + 1:]
    return chain


# What a configuration's results depend on besides its RTL files and its Yosys script.
FLOW_FILES = ("synth/run_synth.py", "synth/fanout_buffer.py", "scripts/configs.py",
              "constraints/tasd.sdc", "synth/unit_rate_tb.sv", "synth/unit_rate_main.cpp")
DIGEST_FILE = "inputs.sha256"


def inputs_digest(cfg, args, files, script):
    """SHA-256 over everything a configuration's results depend on: the Yosys script (top,
    parameters, file paths, liberty path), the content of every RTL and flow file, the
    liberty's content, the configuration row and whether the throughput probe ran."""
    h = hashlib.sha256()
    h.update(script.encode())
    # (canonical: the tags are a set, whose order differs between Python processes)
    h.update(json.dumps(cfg, sort_keys=True, default=sorted).encode())
    h.update(b"rate" if not args.no_rate and cfg["top"] in UNIT_MODULES else b"norate")
    for path in list(files) + [os.path.join(ROOT, f) for f in FLOW_FILES] + [args.liberty]:
        h.update(path.encode())
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def run_config(cfg, args, areas):
    """Synthesize and time one configuration. With --reuse, the results already in the build
    directory are kept when their inputs digest matches (under a lock on the configuration, so
    parallel tests that need the same netlist synthesize it once and the others wait)."""
    if not args.reuse:
        return run_config_fresh(cfg, args, areas)
    os.makedirs(args.build, exist_ok=True)
    with open(os.path.join(args.build, cfg["name"] + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        outdir = os.path.join(args.build, cfg["name"])
        files = rtl_files(args.filelists, cfg["top"], args.extra_rtl)
        want = inputs_digest(cfg, args, files, yosys_script(cfg, files, args.liberty, outdir))
        try:
            have = open(os.path.join(outdir, DIGEST_FILE)).read().strip()
        except OSError:
            have = ""
        m = load_metrics(args.build, cfg["name"]) if have == want else None
        if m and "area_ge" in m and "fmax_mhz" in m:
            return cfg["name"], float(m["area_ge"]), float(m["fmax_mhz"]), 0.0
        res = run_config_fresh(cfg, args, areas)
        with open(os.path.join(outdir, DIGEST_FILE), "w") as f:
            f.write(want + "\n")
        return res


def run_config_fresh(cfg, args, areas):
    outdir = os.path.join(args.build, cfg["name"])
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    files = rtl_files(args.filelists, cfg["top"], args.extra_rtl)
    with open(os.path.join(outdir, "synth.ys"), "w") as f:
        f.write(yosys_script(cfg, files, args.liberty, outdir))
    t0 = time.time()
    with open(os.path.join(outdir, "yosys.log"), "w") as log:
        rc = subprocess.call(["yosys", "-q", "-l", os.path.join(outdir, "yosys.full.log"),
                              "-s", os.path.join(outdir, "synth.ys")],
                             stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    t_synth = time.time() - t0
    if rc != 0:
        tail = open(os.path.join(outdir, "yosys.log"), errors="replace").read().strip().splitlines()
        raise FlowError("%s: yosys failed (exit %d): %s (log %s/yosys.full.log)"
                        % (cfg["name"], rc, " | ".join(tail[-3:]), outdir))

    # Yosys 0.23's `stat -json` also prints the hierarchy as plain text inside the JSON when the
    # design has a top attribute: keep only lines that can be JSON.
    raw = open(os.path.join(outdir, "stat.json")).read().splitlines()
    try:
        stat = json.loads("\n".join(l for l in raw if l.strip()[:1] in ('"', "{", "}", "[", "]")))
    except ValueError as e:
        raise FlowError("%s: cannot parse %s/stat.json: %s" % (cfg["name"], outdir, e))
    modules = {}
    for mname, md in stat["modules"].items():
        modules[mname.lstrip("\\")] = md.get("num_cells_by_type", {})
    design_names = set(modules)
    # Fail on anything that is neither a liberty cell nor one of our modules.
    bad = {}
    for mname, cells in modules.items():
        for typ, cnt in cells.items():
            if typ.lstrip("\\") not in areas and typ.lstrip("\\") not in design_names:
                bad["%s in %s" % (typ, mname)] = cnt
    if bad:
        raise FlowError("%s: unmapped cells left after mapping: %s" % (cfg["name"], bad))

    # Self area of each module, then instance counts through the hierarchy.
    self_area, self_cells, self_flops = {}, {}, {}
    for mname, cells in modules.items():
        a = c = fl = 0
        for typ, cnt in cells.items():
            t = typ.lstrip("\\")
            if t in areas:
                a += areas[t] * cnt
                c += cnt
                if t.startswith("DFF") or t == "LATCH":
                    fl += cnt
        self_area[mname], self_cells[mname], self_flops[mname] = a, c, fl
    top_key = [m for m in modules if base_module(m) == cfg["top"]]
    inst_count = {m: 0 for m in modules}

    def walk(m, mult):
        inst_count[m] += mult
        for typ, cnt in modules[m].items():
            t = typ.lstrip("\\")
            if t in modules:
                walk(t, mult * cnt)
    # The top is the module nobody instantiates.
    children = {typ.lstrip("\\") for cells in modules.values() for typ in cells
                if typ.lstrip("\\") in modules}
    roots = [m for m in modules if m not in children]
    if len(roots) != 1:
        raise FlowError("%s: expected one top module, found %s" % (cfg["name"], roots))
    top_mod = roots[0]
    walk(top_mod, 1)
    ge = areas[GE_CELL]
    total_area = sum(self_area[m] * inst_count[m] for m in modules)
    # Cross-check with Yosys' own liberty-based total (a parser or hierarchy-walk error would
    # show up here).
    ys = re.search(r"Chip area for (?:top )?module '[^']*': ([0-9.]+)\s*$",
                   open(os.path.join(outdir, "stat_liberty.txt")).read().strip())
    if not ys or abs(float(ys.group(1)) - total_area) > 0.5 + 1e-6 * total_area:
        raise FlowError("%s: area %.1f um^2 disagrees with Yosys' stat -liberty (%s)"
                        % (cfg["name"], total_area, ys.group(1) if ys else "not found"))
    per_base = {}
    for m in modules:
        b = base_module(m)
        d = per_base.setdefault(b, dict(area=0.0, inst=0, cells=0, flops=0, self_area=0.0))
        d["area"] += self_area[m] * inst_count[m]
        d["inst"] += inst_count[m]
        d["cells"] += self_cells[m] * inst_count[m]
        d["flops"] += self_flops[m] * inst_count[m]
        d["self_area"] = self_area[m]
    # Hierarchical area of each base module (itself plus everything under one instance).
    def subtree_area(m):
        a = self_area[m]
        for typ, cnt in modules[m].items():
            t = typ.lstrip("\\")
            if t in modules:
                a += cnt * subtree_area(t)
        return a

    # ---- Timing ----
    # Buffer trees on high-fanout nets (Yosys never buffers across the hierarchy); timing only.
    netlist_sta = os.path.join(outdir, "netlist_sta_buf.v")
    fb = subprocess.run([sys.executable, os.path.join(ROOT, "synth", "fanout_buffer.py"), args.liberty,
                         os.path.join(outdir, "netlist_sta.v"), netlist_sta,
                         "--max-fanout", str(MAX_FANOUT)],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    m = re.search(r"buffers (\d+) area (\S+) nets (\d+)", fb.stdout)
    if fb.returncode != 0 or not m:
        raise FlowError("%s: fanout buffering failed: %s" % (cfg["name"], fb.stdout.strip()[-300:]))
    n_fobuf, fobuf_area, n_fonets = int(m.group(1)), float(m.group(2)), int(m.group(3))
    mods = netlist_instances(os.path.join(outdir, "netlist.v"))
    unit_insts = []
    check_insts = []  # series checks outside the units (the tile's one check for all drain units)

    def find_units(m, prefix):
        for inst, typ in mods.get(m, {}).items():
            if typ in mods:
                p = prefix + inst
                if base_module(typ) in UNIT_MODULES:
                    unit_insts.append(p)
                elif base_module(typ) == UNIT_CHECK_MODULE:
                    check_insts.append(p)
                else:
                    find_units(typ, p + ".")
    find_units(top_mod, "")
    through = ""
    if unit_insts and base_module(top_mod) not in UNIT_MODULES:
        cells = " ".join("[get_cells {%s.*}]" % re.sub(r"([\[\]])", r"\\\1", u)
                         for u in unit_insts + check_insts)
        through = ('puts "==== worst path through a TASD unit instance (setup) ===="\n'
                   "report_checks -path_delay max -through [concat %s] -digits 3\n" % cells)
    sta_tcl = STA_TEMPLATE.format(period=cfg["period"], iofrac=IO_FRACTION, liberty=args.liberty,
                                  netlist=netlist_sta, top=top_mod, through=through,
                                  sdc=os.path.join(ROOT, "constraints", "tasd.sdc"))
    with open(os.path.join(outdir, "sta.tcl"), "w") as f:
        f.write(sta_tcl)
    t0 = time.time()
    proc = subprocess.run(["sta", "-no_splash", "-exit", os.path.join(outdir, "sta.tcl")],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          stdin=subprocess.DEVNULL, cwd=ROOT)
    t_sta = time.time() - t0
    sta_out = proc.stdout
    with open(os.path.join(outdir, "sta.log"), "w") as f:
        f.write(sta_out)
    errs = [l for l in sta_out.splitlines() if l.startswith("Error")]
    if proc.returncode != 0 or errs:
        raise FlowError("%s: OpenSTA failed: %s (log %s/sta.log)"
                        % (cfg["name"], " | ".join(errs[:3]) or "exit %d" % proc.returncode, outdir))
    m = re.search(r"TASD_WORST_SLACK (\S+)", sta_out)
    if not m:
        raise FlowError("%s: OpenSTA printed no worst slack (log %s/sta.log)" % (cfg["name"], outdir))
    setup_txt = sta_out.split("==== worst path of each path group (setup) ====")[1]
    setup_txt = re.split(r"==== ", setup_txt)[0]
    paths = parse_paths(setup_txt)
    if not paths:
        raise FlowError("%s: no timing paths found (log %s/sta.log)" % (cfg["name"], outdir))
    per_group = {p["group"]: p for p in paths}
    worst = min(paths, key=lambda p: p["slack"])
    period = cfg["period"]
    min_period = period - worst["slack"]
    scaled = []
    for g, p in per_group.items():
        k = GROUP_IO_TERMS.get(g, 0)
        scaled.append(period - p["slack"] / (1.0 - k * IO_FRACTION))
    min_period_scaled = max(scaled)
    crit_mods = []
    for pt in worst["points"]:
        for b in instance_module(mods, top_mod, pt):
            if b not in crit_mods:
                crit_mods.append(b)
    unit_on_crit = any(b in UNIT_MODULES or b == UNIT_CHECK_MODULE for b in crit_mods)
    through_slack = None
    if through:
        tp = parse_paths(sta_out.split("worst path through a TASD unit instance (setup) ====")[1]
                         .split("==== hold")[0])
        if tp:  # one path per path group: the worst of them
            through_slack = min(p["slack"] for p in tp)

    # ---- Throughput of a TASD unit (cycles per block), measured by simulation ----
    rate = {}
    if cfg["top"] in UNIT_MODULES and not args.no_rate:
        rate = measure_rate(cfg, args, outdir, files)

    # ---- Reports ----
    met = []  # (metric, value)
    met += [("top", cfg["top"]), ("params", ";".join("%s=%d" % kv for kv in cfg["params"]) or "-"),
            ("period_ns", "%g" % period), ("io_fraction", "%g" % IO_FRACTION),
            ("area_um2", "%.1f" % total_area), ("area_ge", "%.1f" % (total_area / ge)),
            ("cells", "%d" % sum(d["cells"] for d in per_base.values())),
            ("flops", "%d" % sum(d["flops"] for d in per_base.values()))]
    for b in sorted(per_base):
        d = per_base[b]
        met += [("module_area_um2.%s" % b, "%.1f" % d["area"]),
                ("module_area_ge.%s" % b, "%.1f" % (d["area"] / ge)),
                ("module_instances.%s" % b, "%d" % d["inst"]),
                ("module_flops.%s" % b, "%d" % d["flops"])]
    for g in GROUPS:
        if g in per_group:
            met.append(("slack_ns.%s" % g, "%.3f" % per_group[g]["slack"]))
    met += [("worst_slack_ns", "%.3f" % worst["slack"]), ("worst_group", worst["group"]),
            ("worst_start", worst["start"]), ("worst_end", worst["end"]),
            ("worst_path_modules", ";".join(crit_mods) or base_module(top_mod)),
            ("min_period_ns", "%.3f" % min_period), ("fmax_mhz", "%.1f" % (1000.0 / min_period)),
            ("min_period_io_scaled_ns", "%.3f" % min_period_scaled),
            ("fmax_io_scaled_mhz", "%.1f" % (1000.0 / min_period_scaled)),
            ("tasd_units", "%d" % len(unit_insts)),
            ("tasd_unit_on_worst_path", "yes" if unit_on_crit else "no")]
    if through_slack is not None:
        met.append(("worst_slack_through_unit_ns", "%.3f" % through_slack))
    if cfg["top"] in ("tasd_ttc_tile",):
        for gname, members in TILE_GROUPS:
            met.append(("tile_group_area_um2.%s" % gname,
                        "%.1f" % group_area(modules, inst_count, subtree_area, total_area, gname)))
    for k in sorted(rate):
        met.append((k, "%.3f" % rate[k]))
    met += [("timing_buffers", "%d" % n_fobuf), ("timing_buffer_area_um2", "%.1f" % fobuf_area),
            ("timing_buffered_nets", "%d" % n_fonets),
            ("synth_seconds", "%.1f" % t_synth), ("sta_seconds", "%.1f" % t_sta)]
    with open(os.path.join(outdir, "metrics.csv.tmp"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["config", "metric", "value"])
        for k, v in met:
            w.writerow([cfg["name"], k, v])

    with open(os.path.join(outdir, "area.rpt"), "w") as f:
        f.write("Area of %s (%s, %s), liberty %s\n" % (cfg["name"], cfg["top"],
                                                      ", ".join("%s=%d" % kv for kv in cfg["params"]) or "defaults",
                                                      args.liberty))
        f.write("1 GE = area of %s = %g um^2\n\n" % (GE_CELL, ge))
        f.write("%-28s %9s %14s %12s %9s %7s\n" % ("module", "instances", "area um^2", "GE", "cells", "flops"))
        for b in sorted(per_base, key=lambda x: -per_base[x]["area"]):
            d = per_base[b]
            f.write("%-28s %9d %14.1f %12.1f %9d %7d\n" % (b, d["inst"], d["area"], d["area"] / ge,
                                                          d["cells"], d["flops"]))
        f.write("%-28s %9s %14.1f %12.1f\n\n" % ("total", "", total_area, total_area / ge))
        f.write("Yosys stat -liberty (per module, then the hierarchy):\n\n")
        f.write(open(os.path.join(outdir, "stat_liberty.txt")).read())
    with open(os.path.join(outdir, "timing.rpt"), "w") as f:
        f.write("Timing of %s: OpenSTA, clock clk_i period %g ns, I/O delays %g%% of the period\n"
                % (cfg["name"], period, IO_FRACTION * 100))
        f.write("worst slack %.3f ns (group %s, %s -> %s)\n" % (worst["slack"], worst["group"],
                                                             worst["start"], worst["end"]))
        f.write("Fmax = 1 / (period - worst slack) = 1 / %.3f ns = %.1f MHz\n"
                % (min_period, 1000.0 / min_period))
        f.write("Fmax with the I/O delays scaling with the period = %.1f MHz\n"
                % (1000.0 / min_period_scaled))
        f.write("modules on the worst path: %s\n" % (", ".join(crit_mods) or base_module(top_mod)))
        f.write("timing netlist: %d buffers (%.0f um^2, not in area.rpt) split %d nets with fanout > %d\n"
                % (n_fobuf, fobuf_area, n_fonets, MAX_FANOUT))
        if through_slack is not None:
            f.write("worst slack through a TASD unit: %.3f ns (TASD unit on the worst path: %s)\n"
                    % (through_slack, "yes" if unit_on_crit else "no"))
        f.write("\n" + sta_out)
    with open(os.path.join(outdir, "summary.md"), "w") as f:
        f.write("# %s\n\n%s\n\n" % (cfg["name"], cfg["desc"]))
        f.write("| metric | value |\n|---|---|\n")
        for k, v in met:
            f.write("| %s | %s |\n" % (k, v))
    # metrics.csv last: its presence means the configuration's results are complete.
    os.replace(os.path.join(outdir, "metrics.csv.tmp"), os.path.join(outdir, "metrics.csv"))
    return cfg["name"], total_area / ge, 1000.0 / min_period, t_synth + t_sta


def measure_rate(cfg, args, outdir, files):
    """Build synth/unit_rate_tb.sv around the unit with Verilator; cycles per block per series."""
    params = dict(cfg["params"])
    m = params.get("M", 8)
    terms = params.get("MaxTerms", 2)
    rdir = os.path.join(outdir, "rate")
    cmd = ["verilator", "--cc", "--exe", "--build", "-j", "2", "-Wno-fatal", "-Wno-lint",
           "-Wno-style", "-DTASD_UNIT=%s" % cfg["top"], "--top-module", "tasd_unit_rate_tb",
           "-Mdir", rdir, "-o", "Vrate"]
    cmd += ["-G%s=%d" % kv for kv in cfg["params"]]
    cmd += [os.path.join(ROOT, "synth", "unit_rate_tb.sv"), os.path.join(ROOT, "synth", "unit_rate_main.cpp")]
    cmd += files
    t0 = time.time()
    with open(os.path.join(outdir, "rate_build.log"), "w") as log:
        rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    if rc != 0:
        raise FlowError("%s: building the throughput probe failed (log %s/rate_build.log)"
                        % (cfg["name"], outdir))
    # Worst case: the series keeps every element (sum N = M); plus the paper's 4:8+1:8 example.
    series = {"cycles_per_block": [m - m // 2, m // 2][:terms] if terms > 1 else [m]}
    if m == 8 and terms >= 2:
        series["cycles_per_block_4p1"] = [4, 1]
    out = {}
    for key, ns in series.items():
        argv = [os.path.join(rdir, "Vrate")] + ["+n%d=%d" % (i, n) for i, n in enumerate(ns)]
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        mm = re.search(r"TASD_RATE blocks=\d+ cycles=\d+ cycles_per_block=([0-9.]+)", r.stdout)
        if not mm:
            raise FlowError("%s: throughput probe failed for series %s: %s"
                            % (cfg["name"], ns, r.stdout.strip()[-200:]))
        out[key] = float(mm.group(1))
    out["rate_seconds"] = time.time() - t0
    return out


def group_area(modules, inst_count, subtree_area, total_area, gname):
    """Area of one slice of the tile: every instance of the slice's modules with everything
    below it (a TASD unit includes its packing and pipeline registers); the last slice is the
    rest of the design."""
    def slice_area(members):
        a = 0.0
        for m in modules:
            if base_module(m) in members:
                # Count instances whose parent is not itself in the slice (no double count).
                parents_in = sum(cnt * inst_count[p] for p, cells in modules.items()
                                 if base_module(p) in members
                                 for typ, cnt in cells.items() if typ.lstrip("\\") == m)
                a += (inst_count[m] - parents_in) * subtree_area(m)
        return a
    named = [(g, members) for g, members in TILE_GROUPS if members]
    for g, members in named:
        if g == gname:
            return slice_area(members)
    if gname == TILE_GROUPS[-1][0]:
        return total_area - sum(slice_area(members) for _, members in named)
    raise KeyError(gname)


def select(configs, only, tag):
    if only:
        names = [n for n in only.split(",") if n]
        by = {c["name"]: c for c in configs}
        missing = [n for n in names if n not in by]
        if missing:
            raise InputError("unknown configuration(s): %s (see rtl/configs.tsv, flow synth)" % ", ".join(missing))
        return [by[n] for n in names]
    if tag:
        return [c for c in configs if tag in c["tags"]]
    return [c for c in configs if "synth" in c["tags"]]


def cmd_synth(args, configs, areas):
    chosen = select(configs, args.only, args.tag)
    if not chosen:
        raise InputError("no configuration selected")
    for tool in ("yosys", "sta"):
        if shutil.which(tool) is None:
            raise InputError("'%s' is not installed (run `make deps`)" % tool)
    os.makedirs(args.build, exist_ok=True)
    failures = []
    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = {ex.submit(run_config, c, args, areas): c["name"] for c in chosen}
        for fut in cf.as_completed(futs):
            try:
                name, ge, fmax, secs = fut.result()
                print("synth %-14s %10.1f GE  Fmax %7.1f MHz  (%.0f s)" % (name, ge, fmax, secs),
                      flush=True)
            except (FlowError, InputError) as e:
                failures.append(e)
                print("synth %-14s FAILED: %s" % (futs[fut], e), flush=True)
    if any(isinstance(e, InputError) for e in failures):
        raise InputError("%d configuration(s) failed on bad input" % len(failures))
    if failures:
        raise FlowError("%d configuration(s) failed" % len(failures))


# ------------------------------------------------------------------------------------------
# Results: loading, summary, chart, side-by-side report
# ------------------------------------------------------------------------------------------
def load_metrics(build, name):
    path = os.path.join(build, name, "metrics.csv")
    if not os.path.exists(path):
        return None
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[row["metric"]] = row["value"]
    return out


def fnum(d, key, default=None):
    try:
        return float(d[key])
    except (KeyError, TypeError, ValueError):
        return default


def cmd_report(args, configs, areas):
    ge = areas[GE_CELL]
    configs = [c for c in configs if "synth" in c["tags"]]  # make energy's rows report there
    res = {c["name"]: load_metrics(args.build, c["name"]) for c in configs}
    have = [c for c in configs if res[c["name"]]]
    if not have:
        raise InputError("no synthesis results under %s (run `make synth`)" % args.build)
    # Summary over all configurations.
    cols = ["config", "top", "params", "area_um2", "area_ge", "cells", "flops", "period_ns",
            "worst_slack_ns", "worst_group", "fmax_mhz", "fmax_io_scaled_mhz", "synth_seconds"]
    with open(os.path.join(args.build, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for c in have:
            r = res[c["name"]]
            w.writerow([c["name"]] + [r.get(k, "") for k in cols[1:]])
    md = ["# Synthesis summary (Yosys -> osu018, OpenSTA)", "",
          "1 GE = %s = %g um^2. Fmax = 1 / (period - worst slack); I/O delays are %d%% of the "
          "period." % (GE_CELL, ge, IO_FRACTION * 100), "",
          "| config | top | parameters | area um^2 | GE | flops | worst group | Fmax MHz | synth s |",
          "|---|---|---|---:|---:|---:|---|---:|---:|"]
    for c in have:
        r = res[c["name"]]
        md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c["name"], r.get("top"), r.get("params"), r.get("area_um2"), r.get("area_ge"),
            r.get("flops"), r.get("worst_group"), r.get("fmax_mhz"), r.get("synth_seconds")))
    missing = [c["name"] for c in configs if not res[c["name"]]]
    if missing:
        md += ["", "Not synthesized (or failed): %s" % ", ".join(missing)]
    text = side_by_side(res, ge)
    md += ["", "## Comparison", "", "```", text.rstrip(), "```", ""]
    with open(os.path.join(args.build, "summary.md"), "w") as f:
        f.write("\n".join(md))
    chart(args.build, res.get("tile_kb2"))
    print(text, end="")
    print("summary: %s/summary.md, %s/summary.csv" % (args.build, args.build))


def side_by_side(res, ge):
    L = []
    add = L.append
    par, seq, tile = res.get("unit_par"), res.get("unit_seq"), res.get("tile_kb2")
    add("==== TASD area and timing (osu018, 1 GE = %g um^2) ====" % ge)
    # 1. Parallel vs sequential TASD unit, and how many of each keep up with the tile's drain.
    blocks_per_cycle = DRAIN_BLOCKS_PER_CYCLE
    add("-- TASD unit: parallel vs sequential (to keep up with %g blocks/cycle, M=8, Cols=16) --"
        % blocks_per_cycle)
    add("%-30s %14s %14s" % ("", "parallel", "sequential"))
    rows = []
    for label, key, fmt in (("area per unit (um^2)", "area_um2", "%.0f"),
                            ("area per unit (GE)", "area_ge", "%.0f"),
                            ("cycles per block", "cycles_per_block", "%.2f")):
        rows.append((label, key, fmt))
    need = {}
    for nm, r in (("par", par), ("seq", seq)):
        if r:
            cpb = fnum(r, "cycles_per_block")
            need[nm] = math.ceil(blocks_per_cycle * cpb - 1e-9) if cpb else None
    for label, key, fmt in rows:
        vals = []
        for r in (par, seq):
            v = fnum(r, key) if r else None
            vals.append(fmt % v if v is not None else "n/a")
        add("%-30s %14s %14s" % (label, vals[0], vals[1]))
    add("%-30s %14s %14s" % ("units needed = ceil(%g*cyc)" % blocks_per_cycle,
                             need.get("par") or "n/a", need.get("seq") or "n/a"))
    tot = {}
    for nm, r in (("par", par), ("seq", seq)):
        if r and need.get(nm):
            tot[nm] = need[nm] * fnum(r, "area_ge")
    add("%-30s %14s %14s" % ("area to keep up (GE)", "%.0f" % tot["par"] if "par" in tot else "n/a",
                             "%.0f" % tot["seq"] if "seq" in tot else "n/a"))
    if "par" in tot and "seq" in tot:
        add("%-30s %14s" % ("ratio sequential / parallel", "%.2f" % (tot["seq"] / tot["par"])))
    # 1b. The units that keep up with the default tile's drain: its lean parallel units (as
    # measured inside the tile, and stand-alone) against 16 sequential units.
    ptile, slean = res.get("unit_par_tile"), res.get("unit_seq_lean")
    add("-- keeping up with the default tile's drain (%g blocks/cycle): the tile's lean parallel units vs "
        "sequential units --" % blocks_per_cycle)
    keep = None
    if ptile and fnum(ptile, "cycles_per_block"):
        n_p = math.ceil(blocks_per_cycle * fnum(ptile, "cycles_per_block") - 1e-9)
        keep = n_p * fnum(ptile, "area_ge")
        add("parallel, stand-alone: %d x unit_par_tile (%s) %.0f GE = %.0f GE"
            % (n_p, ptile.get("params"), fnum(ptile, "area_ge"), keep))
    if tile and fnum(tile, "tile_group_area_um2.TASD units"):
        keep = fnum(tile, "tile_group_area_um2.TASD units") / ge
        add("parallel, inside the tile (TASD-units slice: %s units + the shared check): %.0f GE"
            % (tile.get("tasd_units"), keep))
    for nm, r in (("unit_seq (general)", seq), ("unit_seq_lean (MaxSlots=4)", slean)):
        if keep and r and fnum(r, "cycles_per_block"):
            n_s = math.ceil(blocks_per_cycle * fnum(r, "cycles_per_block") - 1e-9)
            a = n_s * fnum(r, "area_ge")
            add("sequential %-27s %d x %.0f GE = %.0f GE; parallel / sequential = %.1f%% (%.1fx)"
                % (nm + ":", n_s, fnum(r, "area_ge"), a, 100.0 * keep / a, a / keep))
    if not keep:
        add("unit_par_tile / tile not synthesized")
    # 2. TASD units vs PE array in the default tile.
    add("-- TASD units vs PE array in the tile --")
    if tile:
        u = fnum(tile, "tile_group_area_um2.TASD units", 0.0)
        pe = fnum(tile, "tile_group_area_um2.PE array", 0.0)
        add("tile %s: total %.0f GE; TASD units (%s) %.0f GE; PE array (%s PEs) %.0f GE"
            % (tile.get("params"), fnum(tile, "area_ge"), tile.get("tasd_units"), u / ge,
               tile.get("module_instances.tasd_pe", "?"), pe / ge))
        if pe > 0:
            add("TASD units / PE array = %.2f%%  (paper: up to 2%%, Nangate 15 nm)" % (100.0 * u / pe))
        for gname, _ in TILE_GROUPS:
            a = fnum(tile, "tile_group_area_um2.%s" % gname, 0.0)
            add("  %-18s %12.0f um^2 %10.0f GE %6.1f%%" % (gname, a, a / ge,
                                                           100.0 * a / max(fnum(tile, "area_um2", 1), 1)))
    else:
        add("tile not synthesized")
    # 3. Cost of sparsity: N:M PE vs dense PE per lane.
    add("-- N:M PE vs dense PE (same lanes, M=8, DataW=8, AccW=32) --")
    add("%-6s %12s %12s %12s %12s %10s" % ("lanes", "N:M GE", "dense GE", "N:M GE/lane",
                                           "dense/lane", "N:M/dense"))
    for lanes in (1, 2, 4):
        p, d = res.get("pe_l%d" % lanes), res.get("dense_l%d" % lanes)
        if p and d:
            pg, dg = fnum(p, "area_ge"), fnum(d, "area_ge")
            add("%-6d %12.0f %12.0f %12.0f %12.0f %9.2fx" % (lanes, pg, dg, pg / lanes, dg / lanes,
                                                             pg / dg))
        else:
            add("%-6d %12s %12s" % (lanes, "n/a" if not p else p.get("area_ge"),
                                    "n/a" if not d else d.get("area_ge")))
    # 4. Critical path and Fmax of each block.
    add("-- critical path and Fmax per block (period, worst group, start -> end) --")
    add("%-13s %8s %9s %9s %-8s %s" % ("config", "period", "slack ns", "Fmax MHz", "group", "path"))
    for name in sorted(res):
        r = res[name]
        if not r:
            continue
        add("%-13s %8s %9s %9s %-8s %s -> %s" % (name, r.get("period_ns"), r.get("worst_slack_ns"),
                                                r.get("fmax_mhz"), r.get("worst_group"),
                                                r.get("worst_start"), r.get("worst_end")))
    if tile:
        add("TASD unit on the tile's worst path: %s (modules on it: %s)"
            % (tile.get("tasd_unit_on_worst_path"), tile.get("worst_path_modules")))
        if "worst_slack_through_unit_ns" in tile:
            add("worst slack through a TASD unit: %s ns vs tile worst %s ns"
                % (tile["worst_slack_through_unit_ns"], tile.get("worst_slack_ns")))
    return "\n".join(L) + "\n"


DRAIN_BLOCKS_PER_CYCLE = 2.0  # default tile: Cols = 16 outputs per cycle, M = 8


def chart(build, tile):
    if not tile or shutil.which("gnuplot") is None:
        return
    dat = os.path.join(build, "tile_area.dat")
    with open(dat, "w") as f:
        for gname, _ in TILE_GROUPS:
            f.write('"%s" %s\n' % (gname, tile.get("tile_group_area_um2.%s" % gname, "0")))
    png = os.path.join(build, "tile_area.png")
    gp = ('set terminal png size 800,480\nset output "%s"\n'
          'set title "TTC tile area breakdown (%s), osu018"\nset ylabel "area (um^2)"\n'
          'set style fill solid 0.6\nset boxwidth 0.6\nset grid ytics\nset yrange [0:*]\n'
          'set logscale y\nset yrange [1000:*]\n'
          'plot "%s" using 0:2:xtic(1) with boxes notitle, '
          '"" using 0:2:(sprintf("%%.0f", $2)) with labels offset 0,1 notitle\n'
          % (png, tile.get("params"), dat))
    subprocess.run(["gnuplot"], input=gp, text=True, check=False)


# ------------------------------------------------------------------------------------------
# Area guard
# ------------------------------------------------------------------------------------------
def load_table(path):
    rows = []
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        raise InputError("cannot read area table %s: %s" % (path, e))
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise InputError("%s:%d: need config, module, expected GE" % (path, n))
        try:
            val = float(cols[2])
        except ValueError:
            raise InputError("%s:%d: expected GE '%s' is not a number" % (path, n, cols[2]))
        rows.append((cols[0].strip(), cols[1].strip(), val))
    if not rows:
        raise InputError("area table %s is empty" % path)
    return rows


def guard_value(m, module):
    if module == "total":
        return fnum(m, "area_ge")
    return fnum(m, "module_area_ge.%s" % module)


def cmd_compare(args, configs, areas):
    rows = load_table(args.table)
    bad = 0
    print("%-10s %-16s %10s %10s %8s" % ("config", "module", "expected", "actual", "delta"))
    for cfgname, module, exp in rows:
        m = load_metrics(args.build, cfgname)
        act = guard_value(m, module) if m else None
        if act is None:
            print("%-10s %-16s %10.1f %10s %8s  MISSING" % (cfgname, module, exp, "-", "-"))
            bad += 1
            continue
        delta = (act - exp) / exp * 100.0 if exp else (0.0 if act == 0 else float("inf"))
        flag = "" if abs(delta) <= args.tolerance else "  OUT OF RANGE (> %g%%)" % args.tolerance
        if flag:
            bad += 1
        print("%-10s %-16s %10.1f %10.1f %+7.2f%%%s" % (cfgname, module, exp, act, delta, flag))
    if bad:
        print("area guard: %d entr%s moved more than %g%% or are missing; if the change is intended, "
              "run `make synth-update-guard` and commit synth/area_expected.tsv"
              % (bad, "y" if bad == 1 else "ies", args.tolerance))
        raise FlowError("area guard failed")
    print("area guard: %d entries within %g%%" % (len(rows), args.tolerance))


def cmd_guard(args, configs, areas):
    args.tag = "guard"
    args.only = args.only or ""
    cmd_synth(args, configs, areas)
    cmd_compare(args, configs, areas)


def cmd_update_guard(args, configs, areas):
    args.tag = "guard"
    cmd_synth(args, configs, areas)
    lines = ["# SPDX-License-Identifier: Apache-2.0",
             "# Area guard (data): config<TAB>module<TAB>expected GE. 'total' = the whole configuration;",
             "# a module row = that module's area summed over its instances. Rewritten by",
             "# `make synth-update-guard`; the synth_area_guard test fails beyond +-5%."]
    for c in select(configs, "", "guard"):
        m = load_metrics(args.build, c["name"])
        lines.append("%s\ttotal\t%s" % (c["name"], m["area_ge"]))
        for k in sorted(m):
            if k.startswith("module_area_ge."):
                lines.append("%s\t%s\t%s" % (c["name"], k.split(".", 1)[1], m[k]))
    with open(args.table, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s" % args.table)


def cmd_main(args, configs, areas):
    shown = 0
    for c in configs:
        if "main" not in c["tags"]:
            continue
        m = load_metrics(args.build, c["name"])
        if not m:
            raise InputError("configuration %s has no results under %s" % (c["name"], args.build))
        print("synth %-10s %-14s area %10s um^2 = %9s GE  Fmax %6s MHz (period %s ns, worst %s)"
              % (c["name"], c["top"], m["area_um2"], m["area_ge"], m["fmax_mhz"], m["period_ns"],
                 m["worst_group"]))
        shown += 1
    if not shown:
        raise InputError("no configuration tagged 'main'")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["synth", "report", "main", "guard", "compare", "update-guard"])
    ap.add_argument("--configs", default=configs_table.TABLE,
                    help="configuration table (default rtl/configs.tsv; its rows with the synth flow)")
    ap.add_argument("--build", default=os.path.join("build", "synth"))
    ap.add_argument("--filelists", default=os.path.join("build", "gen", "filelists"),
                    help="the cores' file lists (`make filelists`)")
    ap.add_argument("--extra-rtl", action="append", default=[],
                    help="additional Verilog file read before the RTL; when it is <top>.sv, the "
                         "only file (flow self-tests)")
    ap.add_argument("--liberty", default=LIBERTY_DEFAULT)
    ap.add_argument("--only", default="", help="comma-separated configuration names")
    ap.add_argument("--tag", default="", help="only configurations with this tag")
    ap.add_argument("--table", default=os.path.join(ROOT, "synth", "area_expected.tsv"))
    ap.add_argument("--tolerance", type=float, default=5.0, help="guard tolerance in percent")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-rate", action="store_true", help="skip the TASD-unit throughput probe")
    ap.add_argument("--reuse", action="store_true",
                    help="keep a configuration's results already in --build when nothing they "
                         "depend on changed (inputs digest); tests share one build this way")
    args = ap.parse_args()
    try:
        areas = liberty_areas(args.liberty)
        configs = load_configs(args.configs, args.extra_rtl)
        {"synth": cmd_synth, "report": cmd_report, "main": cmd_main, "guard": cmd_guard,
         "compare": cmd_compare, "update-guard": cmd_update_guard}[args.command](args, configs, areas)
    except InputError as e:
        print("run_synth: error: %s" % e, file=sys.stderr)
        return 2
    except FlowError as e:
        print("run_synth: FAILED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
