#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Test runner: expands the test lists (data) into one job per seed, runs them in parallel, counts.
"""Run the project's test lists.

A test list is a tab-separated file, one test per line, '#' starts a comment:

    name <TAB> seeds <TAB> command <TAB> description

seeds   '-' for a test without a seed, '1-8' for a range, '3,7,11' for a list.
command a shell command run from the repository root; '{seed}' is replaced by the seed and
        '{build}' by the build directory. Exit 0 = pass, 77 = skipped, anything else = fail.

Every test instance writes its full output to BUILD/tests/<name>[.<seed>].log; a failing one
prints the log's tail and the command that replays it. The run ends with the line
'N passed, N failed, N skipped' and exits non-zero on any failure.

Metrics: a test may print lines 'METRIC <name> <integer>' (e.g. 'METRIC blocks_compared 25000');
the runner sums each metric over all instances that ran (passed or failed) and prints the totals,
with the number of instances that reported it, just before the summary line. --by-test also
prints one row per test (list line: its seeds summed) with its runs, failures, summed run time and
metrics; --min-metric NAME=N fails the run when a metric's total is below N (or missing).

Sharding: --shard I/N runs instances whose position in the expanded list is I mod N, so any
job runner can fan the seeds out; --seeds N replaces every seeded test's seeds with 1..N
(plus --seed-base) for longer regressions.

Selections: --select FILE runs only the tests FILE names, out of the lists given. FILE is
tab-separated too, one test a line: name <TAB> seeds [<TAB> why]; seeds '-' keeps the list's own,
anything else replaces them (a seeded test only). A name no list has is an error, so the
selection follows the lists (make coverage: tb/lists/coverage.tsv).
Environment: --env NAME=VALUE sets NAME for every test instance; '{tag}' in VALUE becomes the
instance's tag (name or name.seed) and '{build}' the build directory (make coverage:
TASD_COVFILE={build}/dat/{tag}.dat, one coverage file per instance).
"""
import argparse
import concurrent.futures as cf
import os
import re
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

METRIC_RX = re.compile(r"^METRIC ([A-Za-z_][A-Za-z0-9_]*) ([0-9]+)\s*$")


def read_metrics(log):
    """Sum of every 'METRIC name n' line of one log, as {name: n}."""
    out = {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = METRIC_RX.match(line)
            if m:
                out[m.group(1)] = out.get(m.group(1), 0) + int(m.group(2))
    return out


def write_junit(path, results, wall):
    """JUnit XML (one <testsuite> per test list, one <testcase> per instance) for CI dashboards."""
    root = ET.Element("testsuites", name="tasd", tests=str(len(results)),
                      failures=str(sum(r["status"] == "FAIL" for r in results)),
                      skipped=str(sum(r["status"] == "SKIP" for r in results)), time="%.1f" % wall)
    suites = {}
    for r in sorted(results, key=lambda r: (r["suite"], r["tag"])):
        suite = suites.get(r["suite"])
        if suite is None:
            suite = suites[r["suite"]] = ET.SubElement(root, "testsuite", name=r["suite"])
        case = ET.SubElement(suite, "testcase", classname=r["suite"], name=r["tag"],
                             time="%.1f" % r["time"])
        ET.SubElement(case, "properties")
        prop = case.find("properties")
        ET.SubElement(prop, "property", name="command", value=r["cmd"])
        ET.SubElement(prop, "property", name="description", value=r["desc"])
        if r["status"] == "FAIL":
            with open(r["log"], encoding="utf-8", errors="replace") as f:
                tail = "\n".join(f.read().splitlines()[-60:])
            el = ET.SubElement(case, "failure", message="exit %d; replay: %s" % (r["rc"], r["cmd"]))
            el.text = tail
        elif r["status"] == "SKIP":
            ET.SubElement(case, "skipped")
    for suite in suites.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
        suite.set("time", "%.1f" % sum(float(c.get("time")) for c in cases))
    ET.indent(root)
    tmp = path + ".tmp"
    ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)


def parse_seeds(text):
    text = text.strip()
    if text in ("-", ""):
        return [None]
    seeds = []
    for part in text.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)-(\d+)", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo:
                raise ValueError("empty seed range '%s'" % part)
            seeds.extend(range(lo, hi + 1))
        elif re.fullmatch(r"\d+", part):
            seeds.append(int(part))
        else:
            raise ValueError("bad seed spec '%s'" % part)
    return seeds


def read_rows(path, want):
    """Yields (line number, columns) of a tab-separated list, skipping blank and '#' lines; exits
    naming the line when it has fewer columns than the names in want."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < len(want):
                sys.exit("%s:%d: need at least %d tab-separated columns (%s)"
                         % (path, lineno, len(want), ", ".join(want)))
            yield lineno, cols


def load_lists(paths):
    tests = []
    for path in paths:
        for lineno, cols in read_rows(path, ("name", "seeds", "command")):
            name, seeds, cmd = cols[0].strip(), cols[1], cols[2].strip()
            desc = cols[3].strip() if len(cols) > 3 else ""
            try:
                seed_list = parse_seeds(seeds)
            except ValueError as e:
                sys.exit("%s:%d: %s" % (path, lineno, e))
            tests.append((name, seed_list, cmd, desc, path))
    return tests


def load_select(path, tests):
    """The tests of a --select file, as [(name, seeds or None = the list's own)]."""
    known = {t[0]: t[1] for t in tests}
    out = []
    for lineno, cols in read_rows(path, ("name", "seeds")):
        name, seeds = cols[0].strip(), cols[1].strip()
        if name not in known:
            sys.exit("%s:%d: no test '%s' in the lists given" % (path, lineno, name))
        if seeds in ("-", ""):
            out.append((name, None))
            continue
        if known[name] == [None]:
            sys.exit("%s:%d: '%s' takes no seed, give '-'" % (path, lineno, name))
        try:
            out.append((name, parse_seeds(seeds)))
        except ValueError as e:
            sys.exit("%s:%d: %s" % (path, lineno, e))
    names = [n for n, _ in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        sys.exit("%s: tests selected twice: %s" % (path, ", ".join(dup)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("lists", nargs="+", help="test list files (.tsv)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--build", default="build")
    ap.add_argument("--filter", default="", help="regex on test names")
    ap.add_argument("--shard", default="0/1", help="I/N: run every N-th instance starting at I")
    ap.add_argument("--seeds", type=int, default=0, help="override: run seeded tests with N seeds")
    ap.add_argument("--seed-base", type=int, default=1, help="first seed when --seeds is given")
    ap.add_argument("--list", action="store_true", help="print the expanded instances and exit")
    ap.add_argument("--junit", default="", metavar="FILE",
                    help="also write the results as JUnit XML (make test: BUILD/tests/junit.xml)")
    ap.add_argument("--by-test", action="store_true",
                    help="also print runs, failures, time and metric sums per test (seeds summed)")
    ap.add_argument("--min-metric", action="append", default=[], metavar="NAME=N",
                    help="fail unless metric NAME sums to >= N (repeatable)")
    ap.add_argument("--select", default="", metavar="FILE",
                    help="run only the tests FILE names (name<TAB>seeds, '-' = the list's seeds)")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="set NAME for every instance; {tag} and {build} in VALUE are replaced (repeatable)")
    args = ap.parse_args()

    m = re.fullmatch(r"(\d+)/(\d+)", args.shard)
    if not m or int(m.group(2)) == 0 or int(m.group(1)) >= int(m.group(2)):
        sys.exit("--shard must be I/N with 0 <= I < N")
    shard_i, shard_n = int(m.group(1)), int(m.group(2))
    min_metric = []
    for spec in args.min_metric:
        mm = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=([0-9]+)", spec)
        if not mm:
            sys.exit("--min-metric wants NAME=N, got '%s'" % spec)
        min_metric.append((mm.group(1), int(mm.group(2))))
    env_set = []
    for spec in args.env:
        mm = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", spec)
        if not mm:
            sys.exit("--env wants NAME=VALUE, got '%s'" % spec)
        env_set.append((mm.group(1), mm.group(2)))

    tests = load_lists(args.lists)
    names = [t[0] for t in tests]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("duplicate test names: %s" % ", ".join(sorted(dup)))
    rx = re.compile(args.filter) if args.filter else None
    if args.select:
        chosen = dict(load_select(args.select, tests))
        tests = [(n, chosen[n] or seeds, cmd, desc, path)
                 for n, seeds, cmd, desc, path in tests if n in chosen]

    instances = []
    for name, seeds, cmd, desc, path in tests:
        if rx and not rx.search(name):
            continue
        if args.seeds and seeds != [None]:
            seeds = list(range(args.seed_base, args.seed_base + args.seeds))
        for s in seeds:
            tag = name if s is None else "%s.%d" % (name, s)
            full = cmd.replace("{build}", args.build)
            if s is not None:
                full = full.replace("{seed}", str(s))
            suite = os.path.splitext(os.path.basename(path))[0]
            instances.append((tag, full, desc, name, suite))
    instances = [x for i, x in enumerate(instances) if i % shard_n == shard_i]
    if args.list:
        for tag, full, desc, _, _ in instances:
            print("%-40s %s" % (tag, full))
        return 0

    logdir = os.path.join(args.build, "tests")
    os.makedirs(logdir, exist_ok=True)

    def run(inst):
        tag, full = inst[0], inst[1]
        log = os.path.join(logdir, tag + ".log")
        env = None
        if env_set:
            env = dict(os.environ)
            for k, v in env_set:
                env[k] = v.replace("{tag}", tag).replace("{build}", args.build)
        # the replay command sets the same variables
        shown = "".join("export %s=%s; " % (k, shlex.quote(env[k])) for k, _ in env_set) + full
        t0 = time.time()
        with open(log, "w", encoding="utf-8") as f:
            f.write("$ %s\n" % shown)
            f.flush()
            rc = subprocess.call(full, shell=True, stdout=f, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, executable="/bin/bash", env=env)
        return tag, shown, rc, time.time() - t0, log, inst[3], inst

    passed = failed = skipped = 0
    failures = []
    metrics = {}  # name -> [total, instances]
    per_test = {}  # test name -> {"runs", "failed", "time", "metrics": {name: total}}
    results = []   # one dict per instance, for --junit
    t_start = time.time()
    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(run, i) for i in instances]
        for fut in cf.as_completed(futs):
            tag, full, rc, dt, log, tname, inst = fut.result()
            if rc == 0:
                passed += 1
                status = "PASS"
            elif rc == 77:
                skipped += 1
                status = "SKIP"
            else:
                failed += 1
                status = "FAIL"
                failures.append((tag, full, rc, log))
            print("%-4s %-44s %7.1fs" % (status, tag, dt), flush=True)
            results.append(dict(tag=tag, cmd=full, desc=inst[2], suite=inst[4], status=status,
                                rc=rc, time=dt, log=log))
            pt = per_test.setdefault(tname, {"runs": 0, "failed": 0, "time": 0.0, "metrics": {}})
            pt["runs"] += 1
            pt["failed"] += status == "FAIL"
            pt["time"] += dt
            for k, v in read_metrics(log).items():
                tot = metrics.setdefault(k, [0, 0])
                tot[0] += v
                tot[1] += 1
                pt["metrics"][k] = pt["metrics"].get(k, 0) + v
    for tag, full, rc, log in failures:
        print("\n---- %s failed (exit %d); log %s; replay:\n     %s" % (tag, rc, log, full))
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = f.read().splitlines()[-25:]
        for line in tail:
            print("     | " + line)
    if args.by_test and per_test:
        names = sorted(metrics)
        rows = [["test", "runs", "failed", "time_s"] + names]
        order = [t[0] for t in tests]
        for tname in sorted(per_test, key=order.index):
            pt = per_test[tname]
            rows.append([tname, str(pt["runs"]), str(pt["failed"]), "%.1f" % pt["time"]] +
                        [str(pt["metrics"][k]) if k in pt["metrics"] else "-" for k in names])
        width = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        print("\nper test (seeds summed; time = sum of the instances' run times):")
        for r in rows:
            print("  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, width))))
    wall = time.time() - t_start
    print("\nwall time %.1fs" % wall)
    if args.junit:
        write_junit(args.junit, results, wall)
        print("junit: %s" % args.junit)
    for k in sorted(metrics):
        print("metric %-24s %12d  (sum over %d test instances)" % (k, metrics[k][0], metrics[k][1]))
    short = 0
    for k, n in min_metric:
        got = metrics.get(k, [0, 0])[0]
        if got < n:
            short += 1
            print("metric %s: %d, below the required %d: FAIL" % (k, got, n))
        else:
            print("metric %s: %d >= %d required" % (k, got, n))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed or short else 0


if __name__ == "__main__":
    sys.exit(main())
