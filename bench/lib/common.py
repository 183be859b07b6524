"""The harness's plumbing: child processes, the quiet-machine wait, the Gogo console, figures and the report."""

import datetime
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# processes: every child is recorded in <workdir>/pids so that run.sh's trap can end it even if we die

class Children:
    def __init__(self, pidfile):
        self.pidfile = pidfile
        self.procs = []

    def start(self, args, cwd=None, log=None, env=None):
        out = open(log, "ab") if log else subprocess.DEVNULL
        p = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             env=env, start_new_session=True)
        if log:
            out.close()
        self.procs.append(p)
        self._write()
        return p

    def stop(self, p, grace=15, sig=signal.SIGTERM):
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)  # the process and whatever it forked (socat's children, cupsd's filters)
            except ProcessLookupError:
                pass
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        if p in self.procs:
            self.procs.remove(p)
        self._write()

    def kill9(self, p):
        """SIGKILL to the process alone (what a crash looks like), then waits for it."""
        if p.poll() is None:
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
    capped, and so is all waiting together. A wait that gives up says so on stderr and is counted."""

    def __init__(self, load_max, busy_max, cap, budget):
        self.load_max, self.busy_max, self.cap, self.budget = load_max, busy_max, cap, budget
        self.waited_total = 0.0
        self.capped = 0
        self.waits = 0

    def wait(self, what=""):
        start = time.monotonic()
        limit = min(self.cap, max(0.0, self.budget - self.waited_total))
        self.waits += 1
        while True:
            busy = cpu_busy()
            load = load1()
            waited = time.monotonic() - start
            quiet = load < self.load_max and busy < self.busy_max
            if quiet or waited >= limit:
                if not quiet:
                    self.capped += 1
                    log(f"quiet: not quiet after {waited:.0f} s (load1 {load:.2f}, CPUs {busy:.0%} busy); "
                        f"going on anyway{' with ' + what if what else ''}")
                self.waited_total += waited
                return {"load1": load, "busy": round(busy, 3), "waited": round(waited, 1), "quiet": quiet}


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

    def run(self, command, timeout=60):
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


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def http_answers(port, path="/"):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.settimeout(2)
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            return s.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


def wait_for(what, check, timeout, proc=None, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = check()
        if v:
            return v
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(rows, a, b, higher_is_better=True):
    """Ratio of the medians (a over b) and the range of the per-round ratios."""
    pa = [r[a] for r in rows if r.get(a) is not None]
    pb = [r[b] for r in rows if r.get(b) is not None]
    ratios = [r[a] / r[b] for r in rows if r.get(a) is not None and r.get(b)]
    ma, mb = median(pa), median(pb)
    return {"printhub": ma, "comparison": mb, "ratio": ma / mb if mb else float("nan"),
            "min": min(ratios) if ratios else float("nan"), "max": max(ratios) if ratios else float("nan"),
            "n": len(rows)}


# ---------------------------------------------------------------------------------------------------------
# the report

def machine(args):
    def sh(c):
        try:
            r = subprocess.run(c, shell=True, capture_output=True, text=True, timeout=20)
            return r.stdout.strip() or r.stderr.strip()
        except Exception as e:  # noqa: BLE001 - a fact we cannot read is reported as such
            return f"({e})"
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": sh("nproc"),
        "cpu": sh("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo"),
        "memory": sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo"),
        "kernel": platform.release(),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "java": " / ".join(sh(f"{args.java} -version 2>&1").splitlines()),
        "cups": sh("dpkg-query -W -f='${Version}' cups-daemon 2>/dev/null"),
        "wrk": sh("dpkg-query -W -f='${Version}' wrk 2>/dev/null"),
        "filesystem": sh(f"df -hT {args.workdir} | awk 'NR==2 {{print $2\" on \"$1\", \"$5\" free\"}}'"),
        "git": sh("git -C '%s' log -1 --format='%%h %%s'" % args.repo),
        "dirty": sh("git -C '%s' status --short --untracked-files=no -- . ':!bench' ':!BENCHMARKS.md' "
                    "| awk '{print $2}' | paste -sd' '" % args.repo),
        "jar": datetime.datetime.fromtimestamp(os.path.getmtime(args.printhub)).astimezone()
        .isoformat(timespec="seconds"),
    }


BEGIN, END = "<!-- bench/run.sh: begin -->", "<!-- bench/run.sh: end -->"
HEADER = """# Benchmarks

Printhub's speed and memory figures, each measured in the same run as its comparison, interleaved. Produced by
`bench/run.sh` (see `bench/README.md` for the method); the part between the markers is rewritten by every run, the
rest is kept.

"""


def write_markdown(path, body):
    old = open(path).read() if os.path.exists(path) else HEADER + BEGIN + "\n" + END + "\n"
    if BEGIN not in old or END not in old:
        old = old.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = old.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + body + "\n" + END + tail)


def dump(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=1, default=str)
