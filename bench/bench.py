#!/usr/bin/env python3
"""Printhub core benchmarks, each Printhub figure taken in the same run as its comparison.

Started by bench/run.sh, which builds the jars first. Every measurement waits for a quiet machine (bounded),
Printhub and its comparison alternate (A/B/A/B) for --rounds rounds, and each scenario is reported as the
ratio of the medians with the range of the per-round ratios. Everything listens on 127.0.0.1 and free ports.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

DURABLE = {"durable-submit-1t": 1, "durable-submit-4t": 4}
SCENARIOS = list(DURABLE) + ["cold-start"]
DEVICE = "bench"
DEVICE_CFG = "org.printhub.device.virtual-bench.cfg"
TARGET_4T = 1500.0
TARGET_COLD = 1.5


# ---------------------------------------------------------------------------------------------------------
# processes: every child is recorded in <workdir>/pids so that run.sh's trap can end it even if we die

class Children:
    def __init__(self, pidfile):
        self.pidfile = pidfile
        self.procs = []

    def start(self, args, cwd, log):
        out = open(log, "ab")
        p = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        self.procs.append(p)
        self._write()
        return p

    def stop(self, p, grace=15):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if p in self.procs:
            self.procs.remove(p)
        self._write()

    def stop_all(self):
        for p in list(self.procs):
            self.stop(p, grace=5)

    def _write(self):
        with open(self.pidfile, "w") as f:
            f.write("".join(f"{p.pid}\n" for p in self.procs))


# ---------------------------------------------------------------------------------------------------------
# a quiet machine

def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_busy(interval=1.0):
    """The share of all CPUs busy over the interval, 0..1."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v), idle
    t0, i0 = sample()
    time.sleep(interval)
    t1, i1 = sample()
    return 0.0 if t1 == t0 else 1.0 - (i1 - i0) / (t1 - t0)


class Quiet:
    """Waits until load1 < load_max and the CPUs were less than busy_max busy over a second; each wait is
    capped, and so is all waiting together."""

    def __init__(self, load_max, busy_max, cap, budget):
        self.load_max, self.busy_max, self.cap, self.budget = load_max, busy_max, cap, budget
        self.waited_total = 0.0
        self.capped = 0

    def wait(self):
        start = time.monotonic()
        limit = min(self.cap, max(0.0, self.budget - self.waited_total))
        while True:
            busy = cpu_busy()
            load = load1()
            waited = time.monotonic() - start
            if (load < self.load_max and busy < self.busy_max) or waited >= limit:
                if not (load < self.load_max and busy < self.busy_max):
                    self.capped += 1
                self.waited_total += waited
                return {"load1": load, "busy": round(busy, 3), "waited": round(waited, 1)}


# ---------------------------------------------------------------------------------------------------------
# the Gogo console over telnet

IAC, SB, SE = 255, 250, 240
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def strip_telnet(data):
    """Removes telnet negotiation (IAC WILL/WONT/DO/DONT x, IAC SB ... IAC SE) and unescapes IAC IAC."""
    out = bytearray()
    i = 0
    while i < len(data):
        b = data[i]
        if b != IAC:
            out.append(b)
            i += 1
        elif i + 1 < len(data) and data[i + 1] == IAC:
            out.append(IAC)
            i += 2
        elif i + 1 < len(data) and data[i + 1] == SB:
            end = data.find(bytes([IAC, SE]), i + 2)
            i = len(data) if end < 0 else end + 2
        elif i + 1 < len(data) and 251 <= data[i + 1] <= 254:
            i += 3
        else:
            i += 2
    return bytes(out)


class Console:
    def __init__(self, port, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.pending = b""
        self.marker = 0

    def run(self, command, timeout):
        """Sends a command and returns what the console printed until the end marker, cleaned up."""
        self.marker += 1
        mark = f"BENCH-END-{self.marker}"
        self.sock.sendall(f"{command}\necho {mark}\n".encode())
        deadline = time.monotonic() + timeout
        buf = self.pending
        while True:
            text = ANSI.sub("", strip_telnet(buf).decode("utf-8", "replace")).replace("\r", "")
            lines = text.split("\n")
            for n, line in enumerate(lines[:-1]):
                if line.strip().endswith(mark) and "echo" not in line:
                    self.pending = b""
                    return "\n".join(lines[:n])
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer to '{command}' within {timeout} s; got: {text[-500:]!r}")
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise ConnectionError(f"console closed while running '{command}'; got: {text[-500:]!r}")
            buf += chunk

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def figures(output, command):
    """The key=value figures of the line the bench command printed."""
    pattern = re.compile(r"(?:^|\s)" + re.escape(command) + r"((?: [\w.-]+=\S+)+)\s*$")
    for line in output.split("\n"):
        m = pattern.search(line)
        if m:
            return dict(kv.split("=", 1) for kv in m.group(1).split())
    raise RuntimeError(f"no '{command}' figures in the console output: {output[-800:]!r}")


# ---------------------------------------------------------------------------------------------------------
# helpers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.settimeout(2)
            s.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return s.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def java_args(args, extra):
    return [args.java] + args.jvm_opts + extra


def summarize(rounds, a, b):
    pa = [r[a] for r in rounds]
    pb = [r[b] for r in rounds]
    ratios = [r[a] / r[b] for r in rounds if r[b]]
    ma, mb = statistics.median(pa), statistics.median(pb)
    return {"printhub": ma, "comparison": mb, "ratio": ma / mb if mb else float("nan"),
            "min": min(ratios), "max": max(ratios), "n": len(rounds)}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# durable submissions vs the raw durable-write ceiling, in one Printhub JVM

def durable(args, kids, quiet, names, commands):
    run = tempfile.mkdtemp(prefix="durable.", dir=args.workdir)
    data, deploy, fsync_dir = os.path.join(run, "data"), os.path.join(run, "deploy"), os.path.join(run, "fsync")
    os.makedirs(deploy)
    shell_port = free_port()
    with open(os.path.join(deploy, DEVICE_CFG), "w") as f:
        f.write("pagesPerMinute=0\n")
    shutil.copy(args.bench_bundle, os.path.join(deploy, "org.printhub.bench.jar"))
    jfr = ["-XX:StartFlightRecording=filename=%s,settings=%s,dumponexit=true" % (args.jfr, args.jfr_settings)] \
        if args.jfr else []
    cmd = java_args(args, jfr + [f"-Dprinthub.data={data}", "-Dprinthub.http.port=0",
                                 f"-Dprinthub.shell.port={shell_port}", f"-Dfelix.fileinstall.dir={deploy}",
                                 "-Dprinthub.defaults=false", "-jar", args.printhub])
    commands.append("(cd <run> && " + " ".join(cmd).replace(run, "<run>") + ")   # durable-submit-*")
    logfile = os.path.join(args.workdir, "printhub-durable.log")
    p = kids.start(cmd, run, logfile)
    console = None
    try:
        console = Console(shell_port, timeout=90)
        deadline = time.monotonic() + 90
        while True:  # the bench bundle, the job service and the device are all there
            out = console.run(f"bench:jobs {DEVICE}", 30)
            if "jobs device=" in out:
                break
            if time.monotonic() > deadline or p.poll() is not None:
                raise RuntimeError(f"bench commands never became available: {out[-500:]!r}; see {logfile}")
            time.sleep(0.5)
        out = console.run(f"device:pause {DEVICE}", 30)
        commands.append(f"device:pause {DEVICE}")
        if re.search(r"not found|exception", out, re.I):
            log(f"device:pause said {out.strip()!r}; pausing through bench:pause")
            out = console.run(f"bench:pause {DEVICE}", 30)
            commands.append(f"bench:pause {DEVICE}")
        log("paused: " + " ".join(out.split())[-200:])
        n, b, mx = args.count, args.bytes, args.max_seconds
        warm = [f"bench:submit {DEVICE} {n} 4 {b} {mx}", f"bench:fsync {fsync_dir} {n // 2} 4 {b} {mx}",
                f"bench:submit {DEVICE} {n // 4} 1 {b} {mx}", f"bench:fsync {fsync_dir} {n // 4} 1 {b} {mx}"]
        for w in warm:
            log("warm-up: " + " ".join(console.run(w, mx + 60).split())[-160:])
        commands.append("warm-up: " + " ; ".join(warm).replace(run, "<run>"))
        results = {name: [] for name in names}
        submitted = n + n // 4
        for r in range(1, args.rounds + 1):
            for name in names:
                t = DURABLE[name]
                q1 = quiet.wait()
                a = figures(console.run(f"bench:submit {DEVICE} {n} {t} {b} {mx}", mx + 60), "submit")
                q2 = quiet.wait()
                c = figures(console.run(f"bench:fsync {fsync_dir} {n} {t} {b} {mx}", mx + 60), "fsync")
                submitted += int(a["ops"])
                row = {"round": r, "printhub": float(a["rate"]), "comparison": float(c["rate"]),
                       "printhub_ops": int(a["ops"]), "comparison_ops": int(c["ops"]),
                       "printhub_p50ms": float(a["p50ms"]), "printhub_p99ms": float(a["p99ms"]),
                       "comparison_p50ms": float(c["p50ms"]), "comparison_p99ms": float(c["p99ms"]),
                       "errors": int(a["errors"]) + int(c["errors"]), "quiet": [q1, q2]}
                results[name].append(row)
                log(f"{name} round {r}: printhub {row['printhub']:.0f}/s, fsync {row['comparison']:.0f}/s, "
                    f"load {q1['load1']:.2f}/{q2['load1']:.2f}, errors {row['errors']}")
        for name in names:
            t = DURABLE[name]
            commands.append(f"round ({name}): bench:submit {DEVICE} {n} {t} {b} {mx} ; "
                            f"bench:fsync <run>/fsync {n} {t} {b} {mx}")
        jobs = figures(console.run(f"bench:jobs {DEVICE}", 60), "jobs")
        check = {"submitted": submitted, "jobs": jobs}
        log(f"after the rounds: {jobs} (submitted {submitted})")
        return results, check
    finally:
        if console:
            console.close()
        kids.stop(p)
        shutil.rmtree(run, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------
# cold start: printhub.jar vs bare Felix + Jetty, alternating

def core_answers(port):
    """Whether the console lists the bench device: `device:list` asks the PrinterService, which activates the
    lazy job service (opening the store and binding the devices) if nothing has yet."""
    console = None
    try:
        console = Console(port, timeout=0)
        out = console.run("device:list", 10)
        return re.search(r"(?m)^(?:g! )*" + DEVICE + r"\s", out) is not None  # the prompt may precede it
    except (OSError, TimeoutError, ConnectionError):
        return False
    finally:
        if console:
            console.close()


def cold_one(args, kids, which, r):
    run = tempfile.mkdtemp(prefix=f"cold-{which}.", dir=args.workdir)
    http = free_port()
    shell = free_port()
    logfile = os.path.join(args.workdir, f"cold-{which}-{r}.log")
    if which == "printhub":
        deploy = os.path.join(run, "deploy")
        os.makedirs(deploy)
        with open(os.path.join(deploy, DEVICE_CFG), "w") as f:
            f.write("pagesPerMinute=0\n")
        extra = [f"-Dprinthub.data={os.path.join(run, 'data')}", f"-Dprinthub.http.port={http}",
                 f"-Dprinthub.shell.port={shell}", f"-Dfelix.fileinstall.dir={deploy}",
                 "-Dprinthub.defaults=false", "-jar", args.printhub]
    else:
        extra = [f"-Dorg.osgi.service.http.port={http}", "-jar", args.bare]
    cmd = java_args(args, extra)
    t0 = time.monotonic()
    p = kids.start(cmd, run, logfile)
    try:
        http_at = core_at = None
        want_core = which == "printhub"
        deadline = t0 + args.start_timeout
        while http_at is None or (want_core and core_at is None):
            if p.poll() is not None:
                raise RuntimeError(f"{which} exited with {p.returncode} while starting; see {logfile}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{which} not ready within {args.start_timeout} s "
                                   f"(http {http_at}, core {core_at}); see {logfile}")
            if http_at is None and http_answers(http):
                http_at = time.monotonic() - t0
            if want_core and core_at is None and core_answers(shell):
                core_at = time.monotonic() - t0
            time.sleep(0.01)
        ready = max(http_at, core_at or 0)
        time.sleep(5)
        rss = vm_rss_kib(p.pid) / 1024
        return {"ready": ready, "http": http_at, "core": core_at, "rss": rss,
                "command": " ".join(cmd).replace(run, "<run>")}
    finally:
        kids.stop(p)
        shutil.rmtree(run, ignore_errors=True)


def cold(args, kids, quiet, commands):
    rows = []
    last = {}
    for r in range(1, args.rounds + 1):
        row = {"round": r, "quiet": []}
        for which in ("printhub", "bare"):
            row["quiet"].append(quiet.wait())
            m = cold_one(args, kids, which, r)
            last[which] = m["command"]
            row[which] = m["ready"]
            row[which + "_rss"] = m["rss"]
            row[which + "_http"] = m["http"]
            if which == "printhub":
                row["printhub_core"] = m["core"]
        rows.append(row)
        log(f"cold-start round {r}: printhub {row['printhub']:.2f} s ({row['printhub_rss']:.0f} MB), "
            f"bare {row['bare']:.2f} s ({row['bare_rss']:.0f} MB), load {row['quiet'][0]['load1']:.2f}")
    commands.append("(cd <run> && " + last["printhub"] + ")   # cold-start, printhub")
    commands.append("(cd <run> && " + last["bare"] + ")   # cold-start, bare")
    return rows


# ---------------------------------------------------------------------------------------------------------
# report

def machine(args):
    def sh(c):
        try:
            return subprocess.run(c, shell=True, capture_output=True, text=True, timeout=20).stdout.strip() or \
                subprocess.run(c, shell=True, capture_output=True, text=True, timeout=20).stderr.strip()
        except Exception as e:  # noqa: BLE001 - a fact we cannot read is reported as such
            return f"({e})"
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": sh("nproc"),
        "cpu": sh("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo"),
        "memory": mem,
        "kernel": platform.release(),
        "java": " / ".join(sh(f"{args.java} -version 2>&1").splitlines()),
        "filesystem": sh(f"df -hT {args.workdir} | awk 'NR==2 {{print $2\" on \"$1\", \"$5\" free\"}}'"),
        "git": sh("git -C '%s' log -1 --format='%%h %%s'" % args.repo),
        "dirty": sh("git -C '%s' status --short --untracked-files=no -- . ':!bench' ':!BENCHMARKS.md' "
                    "| awk '{print $2}' | paste -sd' '" % args.repo),
        "jar": datetime.datetime.fromtimestamp(os.path.getmtime(args.printhub)).astimezone()
        .isoformat(timespec="seconds"),
    }


def fmt(v, unit):
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "MB":
        return f"{v:.0f} MB"
    return f"{v:.0f} {unit}"


def report(args, facts, summary, results, checks, commands, quiet, load_before, load_after, elapsed):
    lines = []
    w = lines.append
    w(f"Run of `bench/run.sh {' '.join(args.scenarios)}`".rstrip() + f" on {facts['date']}, "
      f"at commit {facts['git']} ({'uncommitted changes in ' + facts['dirty'] if facts['dirty'] else 'clean tree'}; "
      f"printhub.jar built {facts['jar']}); {args.rounds} interleaved rounds per scenario, {elapsed:.0f} s in all.")
    w("")
    w("| scenario | Printhub | comparison | ratio of medians | per-round ratios | target |")
    w("|---|---|---|---|---|---|")
    for name, s in summary.items():
        w(f"| {name} | {fmt(s['printhub'], s['unit'])} | {s['what']}: {fmt(s['comparison'], s['cunit'])} | "
          f"{s['ratio']:.2f} | {s['min']:.2f}–{s['max']:.2f} | {s.get('target', '')} |")
    w("")
    w("Machine: " + "; ".join([f"nproc {facts['nproc']}", facts["cpu"], f"memory {facts['memory']}",
                              f"kernel {facts['kernel']}", f"disk {facts['filesystem']}"]) + ".")
    w(f"Java: {facts['java']}.")
    w(f"Load average (1 min): {load_before:.2f} before, {load_after:.2f} after. Quiet wait before each measurement: "
      f"load1 < {args.load_max} and CPUs < {args.busy_max:.0%} busy over 1 s, at most {args.quiet_cap:.0f} s each "
      f"and {args.quiet_budget:.0f} s in all; {quiet.waited_total:.0f} s waited, {quiet.capped} wait(s) gave up.")
    w("")
    w("Per round:")
    w("")
    for name, rows in results.items():
        if name == "cold-start":
            w("| cold-start round | Printhub ready (HTTP answers / core lists the device) | bare ready (HTTP answers) | "
              "ratio | Printhub RSS | bare RSS | "
              "load1 |")
            w("|---|---|---|---|---|---|---|")
            for r in rows:
                w(f"| {r['round']} | {r['printhub']:.2f} s ({r['printhub_http']:.2f} / {r['printhub_core']:.2f}) | "
                  f"{r['bare']:.2f} s | {r['printhub'] / r['bare']:.2f} | {r['printhub_rss']:.0f} MB | "
                  f"{r['bare_rss']:.0f} MB | {r['quiet'][0]['load1']:.2f} |")
        else:
            w(f"| {name} round | Printhub jobs/s (p50 / p99 ms) | fsync files/s (p50 / p99 ms) | ratio | errors | "
              "load1 |")
            w("|---|---|---|---|---|---|")
            for r in rows:
                w(f"| {r['round']} | {r['printhub']:.0f} ({r['printhub_p50ms']:.2f} / {r['printhub_p99ms']:.2f}) | "
                  f"{r['comparison']:.0f} ({r['comparison_p50ms']:.2f} / {r['comparison_p99ms']:.2f}) | "
                  f"{r['printhub'] / r['comparison']:.2f} | {r['errors']} | {r['quiet'][0]['load1']:.2f} |")
        w("")
    if checks:
        j = checks["jobs"]
        w(f"Check after the durable rounds: {checks['submitted']} jobs submitted; the device then had "
          + ", ".join(f"{k} {v}" for k, v in j.items() if k != "device") + ".")
        w("")
    w("Commands (`<run>` is a fresh directory under the run's temporary directory):")
    w("")
    w("```")
    for c in commands:
        w(c)
    w("```")
    return "\n".join(lines)


BEGIN, END = "<!-- bench/run.sh: begin -->", "<!-- bench/run.sh: end -->"
HEADER = """# Benchmarks

The core engine's speed and memory figures, each measured in the same run as its comparison, interleaved. Produced
by `bench/run.sh` (see `bench/README.md` for the method); the part between the markers is rewritten by every run,
the rest is kept.

"""


def write_markdown(path, body):
    old = open(path).read() if os.path.exists(path) else HEADER + BEGIN + "\n" + END + "\n"
    if BEGIN not in old or END not in old:
        old = old.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = old.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + body + "\n" + END + tail)


# ---------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("scenarios", nargs="*", help="any of " + ", ".join(SCENARIOS) + " (default: all)")
    ap.add_argument("--printhub", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--bench-bundle", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--markdown")
    ap.add_argument("--java", default="java")
    ap.add_argument("--jvm-opt", dest="jvm_opts", action="append", default=[])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--bytes", type=int, default=1024)
    ap.add_argument("--max-seconds", type=int, default=30)
    ap.add_argument("--start-timeout", type=float, default=60)
    ap.add_argument("--load-max", type=float, default=float(os.cpu_count() or 2) * 0.75)
    ap.add_argument("--busy-max", type=float, default=0.35)
    ap.add_argument("--quiet-cap", type=float, default=10)
    ap.add_argument("--quiet-budget", type=float, default=150)
    ap.add_argument("--jfr", help="record the durable run's JVM with JFR into this file")
    ap.add_argument("--jfr-settings", default="profile")
    ap.add_argument("--results", help="write every figure as JSON here")
    args = ap.parse_args()
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    args.scenarios = args.scenarios or SCENARIOS
    if args.rounds < 5:
        ap.error("the project's rule is at least 5 rounds")

    kids = Children(os.path.join(args.workdir, "pids"))

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    quiet = Quiet(args.load_max, args.busy_max, args.quiet_cap, args.quiet_budget)
    started = time.monotonic()
    load_before = load1()
    facts = machine(args)
    commands = []
    results, summary, checks = {}, {}, None
    try:
        names = [s for s in args.scenarios if s in DURABLE]
        if names:
            durable_results, checks = durable(args, kids, quiet, names, commands)
            for name in names:
                results[name] = durable_results[name]
                s = summarize(durable_results[name], "printhub", "comparison")
                s.update(unit="jobs/s", cunit="files/s", what="raw fsync ceiling")
                if name == "durable-submit-4t":
                    s["target"] = (f"≥ {TARGET_4T:.0f} jobs/s: " +
                                   ("met" if s["printhub"] >= TARGET_4T else "**missed**"))
                summary[name] = s
        if "cold-start" in args.scenarios:
            rows = cold(args, kids, quiet, commands)
            results["cold-start"] = rows
            s = summarize(rows, "printhub", "bare")
            s.update(unit="s", cunit="s", what="bare Felix + Jetty")
            s["target"] = (f"≤ {TARGET_COLD}× bare: " + ("met" if s["ratio"] <= TARGET_COLD else "**missed**")
                           + f" ({s['ratio']:.3f})")
            summary["cold-start"] = s
            s = summarize(rows, "printhub_rss", "bare_rss")
            s.update(unit="MB", cunit="MB", what="bare Felix + Jetty", target="(reported)")
            summary["cold-start-rss"] = s
    finally:
        kids.stop_all()
    elapsed = time.monotonic() - started
    load_after = load1()

    for name, s in summary.items():
        u = s["unit"]
        print(f"{name:<18}  {fmt(s['printhub'], u):>12}  {fmt(s['comparison'], s['cunit']):>13}  {s['ratio']:5.2f}  "
              f"[{s['min']:.2f}-{s['max']:.2f}]", flush=True)
    if args.results:
        with open(args.results, "w") as f:
            json.dump({"facts": facts, "summary": summary, "results": results, "checks": checks,
                       "commands": commands}, f, indent=1)
    if args.markdown:
        write_markdown(args.markdown, report(args, facts, summary, results, checks, commands, quiet,
                                             load_before, load_after, elapsed))


if __name__ == "__main__":
    main()
