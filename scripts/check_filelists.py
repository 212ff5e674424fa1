#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Checks that no flow lists RTL files by hand: the cores (rtl/*.core) are the only file lists.
#
# Scans the flow files (Makefile, *.mk, shell, Python, Yosys and Tcl scripts under tb/, synth/,
# scripts/, .ci/) for an `rtl/<name>.sv` or `.v` path outside comments, and checks that every
# file in rtl/ is listed by some core (so nothing is compiled only because a tool searched rtl/).
# Exit 0 when clean, 1 with one line per finding.
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOW_DIRS = ["tb", "synth", "scripts", ".ci", "cmodel"]
FLOW_EXT = (".mk", ".sh", ".py", ".ys", ".tcl", ".tsv")
RTL_PATH = re.compile(r"(?<![\w/$.-])rtl/[A-Za-z0-9_]+\.s?v\b")
# Verilator's `-y rtl` (module search in rtl/) would hide a file missing from a core.
SEARCH = re.compile(r"(^|\s)-y\s*rtl\b|-Irtl\b|\+incdir\+rtl\b")


def flow_files():
    yield os.path.join(ROOT, "Makefile")
    for d in FLOW_DIRS:
        for dirpath, dirs, files in os.walk(os.path.join(ROOT, d)):
            dirs[:] = [x for x in dirs if x not in ("corpus", "regressions", "__pycache__")]
            for f in files:
                if f.endswith(FLOW_EXT) or f == "run":
                    yield os.path.join(dirpath, f)


def code_part(line, path):
    """The line without its comment (# for make/shell/Python/Yosys/Tcl/tsv)."""
    if path.endswith(".tsv"):
        return "" if line.lstrip().startswith("#") else line
    # a '#' that starts a comment: at line start or after whitespace (not in $#, ${#x}, "#")
    m = re.search(r"(^|\s)#", line)
    return line[:m.start()] if m else line


def main():
    findings = []
    me = os.path.abspath(__file__)
    for path in flow_files():
        if os.path.abspath(path) == me:
            continue
        rel = os.path.relpath(path, ROOT)
        with open(path, errors="replace") as f:
            for n, line in enumerate(f, 1):
                code = code_part(line.rstrip("\n"), path)
                for m in RTL_PATH.finditer(code):
                    findings.append(f"{rel}:{n}: hand-written RTL path {m.group(0)} (take it from the "
                                    "core's file list, tb/common/filelist.sh or $(FL_<core>))")
                if SEARCH.search(code):
                    findings.append(f"{rel}:{n}: searches rtl/ for modules (give the core's file list)")
    listed = set()
    for f in os.listdir(os.path.join(ROOT, "rtl")):
        if f.endswith(".core"):
            text = open(os.path.join(ROOT, "rtl", f)).read()
            listed.update(re.findall(r"^\s*-\s*([A-Za-z0-9_]+\.s?v)\s*$", text, re.M))
    for f in sorted(os.listdir(os.path.join(ROOT, "rtl"))):
        if f.endswith((".sv", ".v")) and f not in listed:
            findings.append(f"rtl/{f}: in no core (add it to the fileset of the IP it belongs to)")
    for x in findings:
        print(x)
    print(f"check_filelists: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
