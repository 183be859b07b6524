#!/usr/bin/env python3
"""Printhub's benchmarks, each Printhub figure taken in the same run as its comparison (CUPS, a bare Jetty,
a bare Felix + Jetty, dd), interleaved within every round after a quiet-machine wait, and reported as the
ratio of the medians with the range of the per-round ratios. Started by bench/run.sh, which builds and installs
what it needs first. Everything listens on 127.0.0.1 and free ports, in one temporary directory."""

import argparse
import re
import math
import os
import signal
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib.common import Children, Quiet, dump, load1, log, machine, write_markdown  # noqa: E402
from lib.scenarios import SCENARIOS  # noqa: E402


class Commands:
    """The exact commands of the run, in order, each once."""

    def __init__(self):
        self.items = []

    def add(self, c):
        c = re.sub(r"(127\.0\.0\.1:|localhost:|port=|\.port=|-p )\d+", r"\1<port>", c)  # free ports differ per start
        if c not in self.items:
            self.items.append(c)


class Harness:
    def __init__(self, args):
        self.args = args
        self.workdir = args.workdir
        self.kids = Children(os.path.join(args.workdir, "pids"))
        self.quiet = Quiet(args.load_max, args.busy_max, args.quiet_cap, args.quiet_budget)
        self.commands = Commands()
        with zipfile.ZipFile(args.printhub) as z:
            self.has_octoprint = any("api.octoprint" in n for n in z.namelist())


def fmt(v, unit):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if unit in ("s",):
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.1f} ms"
    if unit == "MB" and v < 10:
        return f"{v:.2f} MB"
    if unit in ("jobs/s", "req/s", "PUTs/s") and v < 100:
        return f"{v:.1f} {unit}"
    return f"{v:.0f} {unit}"


def ratio_text(s):
    if math.isnan(s["ratio"]):
        return "–", "–"
    return f"{s['ratio']:.2f}", f"{s['min']:.2f}–{s['max']:.2f}"


def verdict(s):
    if "target" not in s or s.get("met") is None:
        return s.get("target", "") or ""
    return f"{s['target']}: " + ("met" if s["met"] else "**missed**")


def dirty(files):
    names = files.split()
    if not names:
        return "clean tree"
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"uncommitted changes in {len(names)} file(s) outside bench/: {shown}"


def report(args, facts, summary, h, elapsed, load_before, load_after, failures):
    lines = []
    w = lines.append
    w(f"Run of `bench/run.sh {' '.join(args.scenarios)}`".rstrip() + f" on {facts['date']}, at commit {facts['git']} "
      f"({dirty(facts['dirty'])}; printhub.jar built "
      f"{facts['jar']}); {args.rounds} interleaved rounds per scenario, {elapsed / 60:.1f} min in all.")
    w("")
    w("| scenario | Printhub | comparison | ratio of medians | per-round ratios | target | notes |")
    w("|---|---|---|---|---|---|---|")
    for s in summary:
        r, rng = ratio_text(s)
        w(f"| {s['name']} | {fmt(s['printhub'], s['unit'])} | {s['what']}: {fmt(s['comparison'], s['cunit'])} | "
          f"{r} | {rng} | {verdict(s)} | {s.get('notes', '').replace('|', '/')} |")
    for name, err in failures:
        w(f"| {name} | **failed** | | | | | {err.replace('|', '/')} |")
    w("")
    w("Machine: " + "; ".join([f"nproc {facts['nproc']}", facts["cpu"], f"memory {facts['memory']}",
                              facts["os"], f"kernel {facts['kernel']}", f"disk {facts['filesystem']}",
                              f"CUPS {facts['cups']}", f"wrk {facts['wrk']}"]) + ".")
    w(f"Java: {facts['java']}.")
    q = h.quiet
    w(f"Load average (1 min): {load_before:.2f} before, {load_after:.2f} after. Before each measurement the harness "
      f"waited for load1 < {args.load_max} and CPUs < {args.busy_max:.0%} busy over 1 s, at most {args.quiet_cap:.0f} s "
      f"each and {args.quiet_budget:.0f} s in all: {q.waits} waits, {q.waited_total:.0f} s waited, "
      f"{q.capped} gave up and went on with a busy machine.")
    w("")
    w("Commands (`<run>` is a fresh directory under the run's temporary directory, `<port>` a free port):")
    w("")
    w("```")
    w(f"BENCH_ROUNDS={args.rounds} BENCH_SECONDS={args.seconds} bench/run.sh {' '.join(args.scenarios)}"
      "   # <run>/printhub.jar is a copy of launcher/target/printhub.jar")
    for c in h.commands.items:
        w(c.replace(args.workdir, "<run>").replace(args.repo + "/", ""))
    w("```")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("scenarios", nargs="*", help="any of " + ", ".join(SCENARIOS) + " (default: all)")
    ap.add_argument("--printhub", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--bench-bundle", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--markdown")
    ap.add_argument("--results")
    ap.add_argument("--java", default="java")
    ap.add_argument("--jvm-opt", dest="jvm_opts", action="append", default=[])
    ap.add_argument("--printhub-opt", dest="printhub_opts", action="append", default=[])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3, help="length of each wrk measurement")
    ap.add_argument("--count", type=int, default=4000, help="most IPP requests per CUPS measurement")
    ap.add_argument("--core-count", type=int, default=1000, help="jobs or files per durable-core measurement")
    ap.add_argument("--history", type=int, default=1000, help="jobs in history for status polling")
    ap.add_argument("--e2e-jobs", type=int, default=300)
    ap.add_argument("--e2e-ipp-jobs", type=int, default=20)
    ap.add_argument("--e2e-timeout", type=float, default=120)
    ap.add_argument("--no-ipp", action="store_true", help="no ippeveprinter leg in e2e")
    ap.add_argument("--latency-jobs", type=int, default=20)
    ap.add_argument("--warmup-jobs", type=int, default=1500,
                    help="unmeasured jobs each side before e2e's rounds (a tenth of them per path before latency's)")
    ap.add_argument("--upload-mb", type=int, default=1024)
    ap.add_argument("--queued", type=int, default=10000)
    ap.add_argument("--kill-jobs", type=int, default=1000)
    ap.add_argument("--load-max", type=float, default=float(os.cpu_count() or 2) * 0.75)
    ap.add_argument("--busy-max", type=float, default=0.35)
    ap.add_argument("--quiet-cap", type=float, default=5)
    ap.add_argument("--quiet-budget", type=float, default=300)
    args = ap.parse_args()
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    args.scenarios = args.scenarios or list(SCENARIOS)
    if args.rounds < 1:
        ap.error("at least one round")
    if args.rounds < 5:
        log(f"note: {args.rounds} rounds; the project's figures need at least 5 (BENCH_ROUNDS)")

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    h = Harness(args)
    started = time.monotonic()
    load_before = load1()
    facts = machine(args)
    summary, failures = [], []
    try:
        for name in args.scenarios:
            log(f"== {name}")
            t0 = time.monotonic()
            try:
                for s in SCENARIOS[name](h):
                    summary.append(s)
                    r, rng = ratio_text(s)
                    print(f"{s['name']:<44} {fmt(s['printhub'], s['unit']):>14}  {fmt(s['comparison'], s['cunit']):>14}"
                          f"  {r:>5}  [{rng.replace('–', '-')}]  {verdict(s)}", flush=True)
            except (RuntimeError, OSError, TimeoutError, ConnectionError, ValueError, KeyError) as e:
                failures.append((name, f"{type(e).__name__}: {e}"))
                print(f"{name:<44} FAILED: {type(e).__name__}: {e}", flush=True)
            finally:
                h.kids.stop_all()
            log(f"== {name}: {time.monotonic() - t0:.0f} s")
    finally:
        h.kids.stop_all()
    elapsed = time.monotonic() - started
    load_after = load1()
    if args.results:
        dump(args.results, {"facts": facts, "summary": summary, "failures": failures,
                            "commands": h.commands.items})
    if args.markdown:
        write_markdown(args.markdown, report(args, facts, summary, h, elapsed, load_before, load_after, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
