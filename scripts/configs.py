#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Reads the one configuration table (rtl/configs.tsv), checks it against the RTL and serves it to make, the scripts and synthesis.
"""The named IP configurations of rtl/configs.tsv.

Every row names a top module and the parameters that differ from the RTL's defaults; the
defaults themselves are read from the top's `parameter int Name = value` declarations, so a
configuration always resolves to every parameter's value without restating the RTL.

Commands:
  configs.py check                         validate the table (exit 1 with the problems)
  configs.py mk OUT                        write the make fragment (CFG_* variables, below)
  configs.py list [--flow F] [--ip I] [--top T]   names, one per line, in table order
  configs.py get NAME FIELD                top | ip | core | period | desc | flows | P:<Param>
  configs.py params NAME [--style S] [--all] [--set Name=v ...]
        parameter flags of one configuration: S = verilator (-GName=v, the default),
        iverilog (-P<top>.Name=v), yosys (chparam -set Name v ... <top>), fusesoc (--Name=v),
        cdefs (-DTASD_P_Name=v), kv (Name=v); --all resolves every parameter (default: the
        row's overrides only); --set overrides a value (e.g. a smaller B buffer for a quick run)

Make fragment: CFG_NAMES; CFG_<flow> (names with that flow); CFG_<flow>_<ip> (with that flow and
harness); per name
CFG_<name>_TOP, CFG_<name>_IP, CFG_<name>_GFLAGS (-G for every resolved parameter),
CFG_<name>_DFLAGS (-DTASD_P_<Param>=v for every one, -DTASD_CFG_NAME=<name>),
CFG_<name>_P_<Param> (each value), CFG_<name>_STAMP (a file beside OUT, rewritten only when the
row's resolved parameters change: what a build of that configuration depends on).
Importable: load(), resolve(), Config.
"""
import ast
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TABLE = os.path.join(ROOT, "rtl", "configs.tsv")

# Top module -> (harness / IP name, FuseSoC core holding it). The one place that maps them.
TOPS = {
    "tasd_unit_par": ("unit", "unit"),
    "tasd_unit_seq": ("unit", "unit"),
    "tasd_ttc_tile": ("tile", "ttc_tile"),
    "tasd_pe": ("pe", "pe"),
    "tasd_pe_dense": ("dense", "pe"),
    "tasd_skid_buf": ("skid", "prim"),
    "tasd_perf_cnt": ("perf_cnt", "prim"),
    "tasd_post": ("post", "post"),
    "tasd_integ_example": ("integ", "integ_example"),
}
FLOWS = ("sim", "v2", "lint", "iv", "soak", "bench", "synth", "guard", "main", "base", "energy", "trace")
SYNTH_FLOWS = ("synth", "guard", "main", "energy")
# Flows that build a harness: the IPs that have one.
HARNESS_FLOWS = {"sim": ("unit", "tile", "pe", "skid"), "v2": ("unit",), "iv": ("unit",),
                 "soak": ("unit", "tile"), "bench": ("unit", "tile"), "trace": ("tile",)}


class TableError(Exception):
    pass


class Config:
    def __init__(self, name, top, params, flows, period, extract, desc, line):
        self.name, self.top, self.params, self.flows = name, top, params, flows
        self.period, self.extract, self.desc, self.line = period, extract, desc, line
        self.ip, self.core = TOPS.get(top, ("other", None))
        self.rtl_dirs = None

    def resolved(self, rtl_dir=None, sets=()):
        return resolve(self.top, list(self.params) + list(sets), rtl_dir or self.rtl_dirs)


_DECL_CACHE = {}


def rtl_parameters(top, rtl_dir=None):
    """[(Name, default expression text)] of top's non-local parameters, in declaration order,
    from <top>.sv in rtl_dir (a directory or a list of them; default rtl/)."""
    dirs = rtl_dir or os.path.join(ROOT, "rtl")
    dirs = [dirs] if isinstance(dirs, str) else list(dirs)
    key = (tuple(dirs), top)
    if key in _DECL_CACHE:
        return _DECL_CACHE[key]
    paths = [os.path.join(d, top + ".sv") for d in dirs]
    path = next((q for q in paths if os.path.isfile(q)), paths[0])
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        raise TableError("cannot read %s: %s" % (path, e))
    # the parameter list ends where the port list (or, for a bench, the ';') begins
    m = re.search(r"\bmodule\s+%s\s*#\s*\((.*?)\)\s*[(;]" % re.escape(top), text, re.S)
    out = []
    if m:
        body = re.sub(r"//[^\n]*", "", m.group(1))
        for pm in re.finditer(r"(?<!local)\bparameter\s+(?:(?:int|integer|logic|bit)\s+"
                              r"(?:(?:un)?signed\s+)?)?(?:\[[^\]]*\]\s*)?"
                              r"([A-Za-z_]\w*)\s*=\s*([^,]+)", body):
            out.append((pm.group(1), pm.group(2).strip()))
    _DECL_CACHE[key] = out
    return out


def _eval(expr, env):
    """Integer value of a parameter default: literals, earlier parameters, + - * / % ( )."""
    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and isinstance(n.value, int):
            return n.value
        if isinstance(n, ast.Name) and n.id in env:
            return env[n.id]
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            return -ev(n.operand)
        if isinstance(n, ast.BinOp):
            a, b = ev(n.left), ev(n.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                   ast.Div: lambda: a // b, ast.FloorDiv: lambda: a // b, ast.Mod: lambda: a % b}
            if type(n.op) in ops:
                return ops[type(n.op)]()
        raise TableError("cannot evaluate the parameter default '%s'" % expr)
    try:
        return ev(ast.parse(expr, mode="eval"))
    except SyntaxError:
        raise TableError("cannot evaluate the parameter default '%s'" % expr)


def resolve(top, overrides, rtl_dir=None):
    """Ordered [(Name, value)] of every parameter of top, defaults overridden by overrides."""
    decls = rtl_parameters(top, rtl_dir)
    names = [n for n, _ in decls]
    over = {}
    for k, v in overrides:
        if k not in names:
            raise TableError("%s has no parameter %s (it has %s)" % (top, k, ", ".join(names) or "none"))
        over[k] = v
    env, out = {}, []
    for n, dflt in decls:
        env[n] = over[n] if n in over else _eval(dflt, env)
        out.append((n, env[n]))
    return out


def _parse_kv(text, where):
    out = []
    if text in ("-", ""):
        return out
    for p in text.split(","):
        m = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*=\s*(-?[0-9]+)\s*", p)
        if not m:
            raise TableError("%s: bad parameter '%s' (want Name=integer)" % (where, p))
        out.append((m.group(1), int(m.group(2))))
    return out


def load(path=TABLE, rtl_dir=None, any_top=False):
    """The table's rows as Config objects, in order; TableError names every problem found.
    rtl_dir: where <top>.sv files are (a directory or a list; default rtl/); any_top: accept a
    top outside TOPS (the synthesis flow's self-tests synthesize their own small modules)."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        raise TableError("cannot read %s: %s" % (path, e))
    out, seen, errors = [], set(), []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = "%s:%d" % (os.path.relpath(path, ROOT) if path.startswith(ROOT) else path, n)
        cols = line.split("\t")
        try:
            if len(cols) != 7:
                raise TableError("%s: %d columns, want 7 (name top params flows period extract desc)"
                                 % (where, len(cols)))
            name, top, params, flows, period, extract, desc = (c.strip() for c in cols)
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise TableError("%s: bad name '%s' (lower case, digits, _)" % (where, name))
            if name in seen:
                raise TableError("%s: duplicate configuration '%s'" % (where, name))
            seen.add(name)
            if top not in TOPS and not (any_top and re.fullmatch(r"[A-Za-z_]\w*", top)):
                raise TableError("%s: unknown top '%s' (known: %s)" % (where, top, ", ".join(TOPS)))
            plist = _parse_kv(params, where)
            if len({k for k, _ in plist}) != len(plist):
                raise TableError("%s: a parameter is given twice" % where)
            fl = [f for f in flows.split(",") if f and f != "-"]
            bad = [f for f in fl if f not in FLOWS]
            if bad or not fl:
                raise TableError("%s: unknown flow(s) %s (known: %s)" % (where, ",".join(bad) or "'-'", ", ".join(FLOWS)))
            per = None
            if period not in ("-", ""):
                try:
                    per = float(period)
                except ValueError:
                    per = -1.0
                if not per > 0:
                    raise TableError("%s: clock period must be a positive number of ns, got '%s'"
                                     % (where, period))
            if any(f in SYNTH_FLOWS for f in fl) and per is None:
                raise TableError("%s: a synth/guard/main row needs a clock period" % where)
            if ("guard" in fl or "main" in fl) and "synth" not in fl:
                raise TableError("%s: guard/main are synthesis flows: add synth" % where)
            xlist = []
            if extract not in ("-", ""):
                for x in extract.split(","):
                    m = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*", x)
                    if not m:
                        raise TableError("%s: bad extract entry '%s' (want cell=module)" % (where, x))
                    xlist.append((m.group(1), m.group(2)))
            cfg = Config(name, top, plist, fl, per, xlist, desc, n)
            cfg.rtl_dirs = rtl_dir
            for f in fl:
                if f in HARNESS_FLOWS and cfg.ip not in HARNESS_FLOWS[f]:
                    raise TableError("%s: flow %s needs a %s top (this one is %s)"
                                     % (where, f, "/".join(HARNESS_FLOWS[f]), top))
            try:
                cfg.resolved()
            except TableError as e:
                raise TableError("%s: %s" % (where, e))  # every override names a real parameter, defaults evaluate
            out.append(cfg)
        except TableError as e:
            errors.append(str(e))
    if errors:
        raise TableError("\n".join(errors))
    return out


def by_name(configs, name):
    for c in configs:
        if c.name == name:
            return c
    raise TableError("no configuration '%s' in rtl/configs.tsv" % name)


def flags(cfg, style, all_params=False, sets=()):
    res = cfg.resolved(sets=sets)
    keep = {k for k, _ in cfg.params} | {k for k, _ in sets}
    kv = res if all_params else [(k, v) for k, v in res if k in keep]
    if style == "verilator":
        return ["-G%s=%d" % p for p in kv]
    if style == "iverilog":
        return ["-P%s.%s=%d" % (cfg.top, k, v) for k, v in kv]
    if style == "fusesoc":
        return ["--%s=%d" % p for p in kv]
    if style == "cdefs":
        return ["-DTASD_P_%s=%d" % p for p in kv]
    if style == "kv":
        return ["%s=%d" % p for p in kv]
    if style == "yosys":
        return ["chparam" + "".join(" -set %s %d" % p for p in kv) + " " + cfg.top] if kv else []
    raise TableError("unknown style '%s'" % style)


def write_mk(configs, out):
    lines = ["# Generated by scripts/configs.py from rtl/configs.tsv: do not edit.",
             "CFG_NAMES := " + " ".join(c.name for c in configs)]
    groups = {}
    for f in FLOWS:
        lines.append("CFG_%s := %s" % (f, " ".join(c.name for c in configs if f in c.flows)))
    for c in configs:
        for f in c.flows:
            groups.setdefault((f, c.ip), []).append(c.name)
    for (f, ip), names in sorted(groups.items()):
        lines.append("CFG_%s_%s := %s" % (f, ip, " ".join(names)))
    for c in configs:
        res = c.resolved()
        lines.append("CFG_%s_TOP := %s" % (c.name, c.top))
        lines.append("CFG_%s_IP := %s" % (c.name, c.ip))
        lines.append("CFG_%s_GFLAGS := %s" % (c.name, " ".join("-G%s=%d" % p for p in res)))
        lines.append("CFG_%s_DFLAGS := %s -DTASD_CFG_NAME=%s" % (
            c.name, " ".join("-DTASD_P_%s=%d" % p for p in res), c.name))
        for k, v in res:
            lines.append("CFG_%s_P_%s := %d" % (c.name, k, v))
    # One stamp per configuration, rewritten only when its resolved parameters change: builds
    # depend on their stamp, so editing another row of the table rebuilds nothing else.
    sdir = os.path.join(os.path.dirname(os.path.abspath(out)), "configs")
    os.makedirs(sdir, exist_ok=True)
    for c in configs:
        text = "%s %s %s\n" % (c.name, c.top, " ".join("%s=%d" % p for p in c.resolved()))
        stamp = os.path.join(sdir, c.name + ".cfg")
        try:
            same = open(stamp, encoding="utf-8").read() == text
        except OSError:
            same = False
        if not same:
            with open(stamp, "w", encoding="utf-8") as fh:
                fh.write(text)
        lines.append("CFG_%s_STAMP := %s" % (c.name, os.path.relpath(stamp, os.getcwd())))
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, out)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--table", default=TABLE)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check")
    p = sub.add_parser("mk")
    p.add_argument("out")
    p = sub.add_parser("list")
    p.add_argument("--flow")
    p.add_argument("--ip")
    p.add_argument("--top")
    p = sub.add_parser("get")
    p.add_argument("name")
    p.add_argument("field")
    p = sub.add_parser("params")
    p.add_argument("name")
    p.add_argument("--style", default="verilator")
    p.add_argument("--all", action="store_true")
    p.add_argument("--set", action="append", default=[])
    a = ap.parse_args(argv)
    try:
        configs = load(a.table)
        if a.cmd == "check":
            print("configs: %d configurations, table and RTL agree" % len(configs))
        elif a.cmd == "mk":
            write_mk(configs, a.out)
        elif a.cmd == "list":
            for c in configs:
                if (a.flow is None or a.flow in c.flows) and (a.ip is None or c.ip == a.ip) \
                        and (a.top is None or c.top == a.top):
                    print(c.name)
        elif a.cmd == "get":
            c = by_name(configs, a.name)
            f = a.field
            if f.startswith("P:"):
                d = dict(c.resolved())
                if f[2:] not in d:
                    raise TableError("%s has no parameter %s" % (c.top, f[2:]))
                print(d[f[2:]])
            elif f in ("top", "ip", "core", "desc"):
                print(getattr(c, f))
            elif f == "period":
                print("-" if c.period is None else "%g" % c.period)
            elif f == "flows":
                print(",".join(c.flows))
            else:
                raise TableError("unknown field '%s' (top, ip, core, period, desc, flows, P:<Param>)" % f)
        elif a.cmd == "params":
            c = by_name(configs, a.name)
            sets = _parse_kv(",".join(a.set), "--set")
            print(" ".join(flags(c, a.style, a.all, sets)))
    except TableError as e:
        print("configs: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
