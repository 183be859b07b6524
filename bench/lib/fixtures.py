"""What the scenarios run against: printhub.jar, a private cupsd, a socat sink, ippeveprinter, the bare Jetty,
and the two load generators (wrk for HTTP, CUPS' ipptool for IPP). Everything on 127.0.0.1 and free ports."""

import base64
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid

from . import ipp
from .common import Console, figures, free_port, http_answers, log, port_open, vm_rss_kib, wait_for

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bench/


# ---------------------------------------------------------------------------------------------------------
# printhub.jar

SURFACES = ("scriptx", "myq", "cirrus")


def product_jvm_options():
    """The options Printhub runs with, from scripts/jvm.options as scripts/start.sh reads them (or
    PRINTHUB_JAVA_OPTS): the bench measures the product as it is started."""
    if os.environ.get("PRINTHUB_JAVA_OPTS"):
        return os.environ["PRINTHUB_JAVA_OPTS"].split()
    path = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "jvm.options")
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]


class Printhub:
    """printhub.jar in its own directory with its own deploy/ (device configurations, the bench bundle) on free
    ports: the shared HTTP port, the console, and one fixed port per surface (-Dprinthub.<surface>.port)."""

    def __init__(self, h, name, devices, config=None, jvm=None, octoprint_device=None, octoprint_config=None):
        self.h, self.name = h, name
        self.dir = os.path.join(h.workdir, name)
        self.data = os.path.join(self.dir, "data")
        self.deploy = os.path.join(self.dir, "deploy")
        os.makedirs(self.deploy, exist_ok=True)
        for dev_id, (driver, props) in devices.items():
            self.write_cfg(f"org.printhub.device.{driver}-{dev_id}.cfg", props)
        if h.has_octoprint and devices:
            # OctoPrint is one factory configuration per printer; the bench's instance serves one device
            self.write_cfg("org.printhub.api.octoprint-bench.cfg",
                           dict({"device.id": octoprint_device or next(iter(devices)), "port": 0},
                                **(octoprint_config or {})))
        for pid, props in (config or {}).items():
            self.write_cfg(pid + ".cfg", props)
        shutil.copy(h.args.bench_bundle, os.path.join(self.deploy, "org.printhub.bench.jar"))
        self.devices = list(devices)
        self.ports = {"http": free_port(), "shell": free_port()}
        self.surfaces = [s for s in SURFACES + (("octoprint",) if h.has_octoprint else ())]
        for s in self.surfaces:
            self.ports[s] = free_port()
        self.jvm = jvm or []
        self.proc = None
        self.console = None
        self.log = os.path.join(h.workdir, f"printhub-{name}.log")
        self.credentials = {}

    def write_cfg(self, filename, props):
        with open(os.path.join(self.deploy, filename), "w") as f:
            f.write("".join(f"{k}={v}\n" for k, v in props.items()))

    def command(self):
        props = [f"-Dprinthub.data={self.data}", f"-Dfelix.fileinstall.dir={self.deploy}",
                 f"-Dprinthub.http.port={self.ports['http']}", f"-Dprinthub.shell.port={self.ports['shell']}",
                 "-Dprinthub.defaults=false"]
        props += [f"-Dprinthub.{s}.port={self.ports[s]}" for s in self.surfaces]
        return ([self.h.args.java] + self.h.args.jvm_opts + product_jvm_options() + self.h.args.printhub_opts
                + self.jvm + props + ["-jar", self.h.args.printhub])

    def shown_command(self):
        return "(cd <run> && " + " ".join(self.command()).replace(self.dir, "<run>") + ")"

    def start(self, timeout=120):
        """Starts the JVM and returns the seconds until every surface's port answers HTTP and the console lists
        every configured device and answers the bench commands (the job service active, its store open)."""
        t0 = time.monotonic()
        self.proc = self.h.kids.start(self.command(), cwd=self.dir, log=self.log)
        deadline = t0 + timeout
        pending_ports = {p for k, p in self.ports.items() if k != "shell"}
        core = False
        while pending_ports or not core:
            if self.proc.poll() is not None:
                raise RuntimeError(f"printhub ({self.name}) exited with {self.proc.returncode}; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"printhub ({self.name}) not ready in {timeout} s (ports not answering: "
                                   f"{sorted(pending_ports)}, core {core}); see {self.log}")
            for p in list(pending_ports):
                if http_answers(p):
                    pending_ports.discard(p)
            if not core:
                core = self._core_ready()
            time.sleep(0.01)
        ready = time.monotonic() - t0
        if self.console is None:
            self.console = Console(self.ports["shell"], timeout=10)
        return ready

    def _core_ready(self):
        c = None
        try:
            c = Console(self.ports["shell"], timeout=0)
            out = c.run("device:list", 10)
            if not all(re.search(r"(?m)^(?:g! )*" + re.escape(d) + r"\s", out) for d in self.devices):
                return False
            return "jobs device=" in c.run(f"bench:jobs {self.devices[0]}", 10)
        except (OSError, TimeoutError, ConnectionError):
            return False
        finally:
            if c:
                c.close()

    def run(self, command, timeout=120):
        return self.console.run(command, timeout)

    def jobs(self, device):
        """The device's jobs by state, through JobService.query (the bench bundle)."""
        f = figures(self.run(f"bench:jobs {device}"), "jobs")
        return {k: int(v) for k, v in f.items() if k != "device"}

    def job_total(self, device):
        return sum(self.jobs(device).values())

    def pause(self, device):
        out = self.run(f"device:pause {device}")
        if re.search(r"not found|exception|unknown", out, re.I):
            out = self.run(f"bench:pause {device}")
        return out

    def rss_mb(self):
        return vm_rss_kib(self.proc.pid) / 1024

    def heap_used_mb(self, gc=True):
        """Heap in use (after a full GC when gc), from jcmd GC.heap_info."""
        if gc:
            subprocess.run(["jcmd", str(self.proc.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.proc.pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
        # G1 prints one line for the whole heap, the serial and parallel collectors one per generation; the
        # Metaspace and class space lines are not heap
        used = [int(m.group(1)) for line in out.splitlines()
                if ("heap" in line or "generation" in line) and "Metaspace" not in line and "class space" not in line
                for m in [re.search(r"used (\d+)K", line)] if m]
        return sum(used) / 1024 if used else float("nan")

    def stop(self, kill9=False):
        if self.console:
            self.console.close()
            self.console = None
        if self.proc is not None:
            if kill9:
                self.h.kids.kill9(self.proc)
            else:
                self.h.kids.stop(self.proc, grace=30)
            self.proc = None

    # -- surfaces' credentials -------------------------------------------------------------------------

    def setup_scriptx(self):
        guid = str(uuid.uuid4())
        out = self.run(f"licence:add {guid} bench")
        if guid not in out:
            raise RuntimeError(f"licence:add said {out!r}")
        self.credentials["scriptx"] = "Basic " + base64.b64encode((guid + ":").encode()).decode()
        return self.credentials["scriptx"]

    def setup_cirrus(self, devices):
        self.run("cirrus:company acme Acme")
        self.run("cirrus:location acme HQ HQ")
        for d in devices:
            self.run(f"cirrus:device acme HQ {d}")
        out = self.run("cirrus:key acme")
        m = re.search(r"(?m)^\s*secret\s+(\S+)", out)
        if not m:
            raise RuntimeError(f"cirrus:key said {out!r}")
        self.credentials["cirrus"] = "Bearer " + m.group(1)
        return self.credentials["cirrus"]

    def setup_myq(self):
        import urllib.request
        self.run("myq:useradd -p 1234 bench")
        out = self.run("myq:appadd jobs,print,queues bench")
        cid = re.search(r"(?m)client_id\s+(\S+)", out)
        secret = re.search(r"(?m)client_secret\s+(\S+)", out)
        if not (cid and secret):
            raise RuntimeError(f"myq:appadd said {out!r}")
        self.myq_client = (cid.group(1), secret.group(1))
        return self.myq_token()

    def myq_token(self):
        """A new MyQ access token (they live 1,800 s, as MyQ's; a run's durable scenario can take longer)."""
        import urllib.request
        body = json.dumps({"grant_type": "login_info", "scope": "jobs print", "client_id": self.myq_client[0],
                           "client_secret": self.myq_client[1], "login_info": {"type": 2, "pin": "1234"}}).encode()
        req = urllib.request.Request(self.url("myq", "api/auth/token"), body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            token = json.load(r)["access_token"]
        self.credentials["myq"] = "Bearer " + token
        return self.credentials["myq"]

    def setup_octoprint(self):
        if "octoprint" not in self.ports:
            return None
        self.run("octoprint:user bench benchbench")
        out = self.run("octoprint:key bench bench")
        m = re.search(r"(?m)^\s*secret\s+(\S+)", out)
        if not m:
            raise RuntimeError(f"octoprint:key said {out!r}")
        self.credentials["octoprint"] = m.group(1)
        return m.group(1)

    def url(self, surface, path=""):
        return f"http://127.0.0.1:{self.ports[surface]}/{path}"


# ---------------------------------------------------------------------------------------------------------
# a private cupsd

class Cups:
    """cupsd with its stock settings but for its paths, its port and MaxJobs 0 (no cap on queued jobs: the
    default 500 would refuse the scenarios' thousands), in its own ServerRoot under the run directory."""

    def __init__(self, h, name):
        self.h, self.name = h, name
        self.dir = os.path.join(h.workdir, "cups-" + name)
        self.port = free_port()
        self.proc = None
        self.queues = {}
        c = self.dir
        for d in ("etc", "spool", "cache", "state", "log", "tmp", "out"):
            os.makedirs(os.path.join(c, d), exist_ok=True)
        with open(os.path.join(c, "etc/cups-files.conf"), "w") as f:
            f.write(f"""ServerRoot {c}/etc
RequestRoot {c}/spool
CacheDir {c}/cache
StateDir {c}/state
TempDir {c}/tmp
DataDir /usr/share/cups
ServerBin /usr/lib/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog {c}/log/access_log
ErrorLog {c}/log/error_log
PageLog {c}/log/page_log
FileDevice Yes
User lp
Group lp
SystemGroup root
""")
        with open(os.path.join(c, "etc/cupsd.conf"), "w") as f:
            f.write(f"""Listen 127.0.0.1:{self.port}
LogLevel warn
MaxJobs 0
WebInterface No
Browsing No
BrowseLocalProtocols none
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        os.chmod(os.path.join(c, "tmp"), 0o1777)
        os.chmod(os.path.join(c, "out"), 0o777)
        shutil.chown(os.path.join(c, "tmp"), "lp", "lp")
        self.client = ipp.Client(self.port)

    def command(self):
        return ["/usr/sbin/cupsd", "-f", "-c", f"{self.dir}/etc/cupsd.conf", "-s", f"{self.dir}/etc/cups-files.conf"]

    def start(self, timeout=60):
        t0 = time.monotonic()
        self.proc = self.h.kids.start(self.command(), log=os.path.join(self.dir, "log/cupsd.out"))
        wait_for("cupsd answering", lambda: port_open(self.port), timeout, self.proc, 0.01)
        return time.monotonic() - t0

    # CUPS 2.4 runs no program at all for a raw queue whose device is a file: (nothing to filter, and the
    # scheduler itself has no backend for file:), so such a job completes without its file being written. A
    # queue with this PPD writes it: text/plain goes through gziptoany, CUPS' own pass-through filter (the one
    # it uses to copy raw documents), whose output the scheduler writes to the file: URI.
    PASS_THROUGH_PPD = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "PASS.PPD"
*Manufacturer: "Printhub bench"
*Product: "(pass-through)"
*ModelName: "pass-through"
*ShortNickName: "pass-through"
*NickName: "pass-through to a file"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter2: "text/plain application/vnd.printhub-pass 0 gziptoany"
*OpenUI *PageSize: PickOne
*DefaultPageSize: A4
*PageSize A4/A4: ""
*CloseUI: *PageSize
*OpenUI *PageRegion: PickOne
*DefaultPageRegion: A4
*PageRegion A4/A4: ""
*CloseUI: *PageRegion
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
"""

    def add_queue(self, name, uri, enabled=True, pass_through=False):
        """A queue; raw, or with pass_through its text/plain jobs copied unchanged by gziptoany (see above)."""
        cmd = ["lpadmin", "-h", f"127.0.0.1:{self.port}", "-p", name, "-E", "-v", uri]
        if pass_through:
            ppd = os.path.join(self.dir, "pass-through.ppd")
            with open(ppd, "w") as f:
                f.write(self.PASS_THROUGH_PPD)
            cmd += ["-P", ppd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
        if not enabled:
            subprocess.run(["cupsdisable", "-h", f"127.0.0.1:{self.port}", name], check=True,
                           capture_output=True, timeout=60)
        self.queues[name] = uri

    def uri(self, queue):
        return f"ipp://127.0.0.1:{self.port}/printers/{queue}"

    def rss_mb(self):
        return vm_rss_kib(self.proc.pid) / 1024

    def stop(self, kill9=False):
        self.client.close()
        if self.proc is not None:
            if kill9:
                self.h.kids.kill9(self.proc)
                self._reap_children()
            else:
                self.h.kids.stop(self.proc, grace=30)
            self.proc = None

    def _reap_children(self):
        # a SIGKILLed cupsd leaves its backends and filters; they are ours, in its process group
        try:
            os.killpg(self.proc.pid, 9)
        except (ProcessLookupError, PermissionError, AttributeError):
            pass


# ---------------------------------------------------------------------------------------------------------
# CUPS' ipptool as the IPP load generator

PRINT_JOB = """{
  NAME "Print-Job"
  OPERATION Print-Job
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name bench
  ATTR name job-name bench
  ATTR mimeMediaType document-format application/octet-stream
  FILE $filename
  STATUS successful-ok
}
"""

GET_JOB_ATTRIBUTES = """{
  NAME "Get-Job-Attributes"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id %d
  ATTR name requesting-user-name bench
  ATTR keyword requested-attributes job-state,job-state-reasons,job-name
  STATUS successful-ok
}
"""


def ipptool_load(h, uri, tests_per_client, clients, timeout, document=None, name="ipptool"):
    """Runs `clients` ipptool processes at once, each sending its list of requests (the .test blocks in
    tests_per_client[i]) on one connection; returns (passed, failed, seconds)."""
    procs = []
    files = []
    t0 = time.monotonic()
    for i in range(clients):
        path = os.path.join(h.workdir, f"{name}-{i}.test")
        with open(path, "w") as f:
            f.write(tests_per_client[i])
        files.append(path)
        cmd = ["ipptool", "-t", "-I", "-T", "30"] + (["-f", document] if document else []) + [uri, path]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    passed = failed = 0
    deadline = t0 + timeout
    for p in procs:
        try:
            out, _ = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        passed += out.count("[PASS]")
        failed += out.count("[FAIL]")
    seconds = time.monotonic() - t0
    h.commands.add(f"ipptool -t -I -T 30 {'-f <1 KiB document> ' if document else ''}{uri} <{name}-N.test>   "
                   f"# {clients} at once; a .test file of {tests_per_client[0].count('OPERATION')} requests each")
    return passed, failed, seconds


def print_jobs_tests(count, clients, document_format="application/octet-stream"):
    per = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]
    one = PRINT_JOB.replace("application/octet-stream", document_format)
    return [one * n for n in per]


# ---------------------------------------------------------------------------------------------------------
# wrk

def wrk(h, url, connections, seconds, env, name):
    """wrk with bench/wrk/load.lua: every answer checked (a 2xx whose body contains WRK_OK is accepted)."""
    threads = min(connections, max(1, os.cpu_count() or 2))
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "wrk", "load.lua"), url]
    e = dict(os.environ)
    e.update(env)
    if "WRK_MULTIPART" in env:  # file names new in every run, or an upload replaces an earlier run's file
        e["WRK_MULTIPART"] = f"{env['WRK_MULTIPART']}{time.time_ns():x}"
    r = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=seconds + 60)
    m = re.search(r"WRK-JSON (\{.*\})", r.stdout)
    if not m:
        raise RuntimeError(f"wrk printed no figures ({name}): {r.stdout[-800:]} {r.stderr[-800:]}")
    f = json.loads(m.group(1))
    f["rate"] = f["ok"] / (f["duration_us"] / 1e6)
    f["errors"] = f["bad"] + f["connect"] + f["read"] + f["write"] + f["timeout"]
    shown = " ".join(f"{k}={v!r}" if k in ("WRK_METHOD", "WRK_OK", "WRK_BAD", "WRK_CTYPE") else f"{k}=…"
                     for k, v in env.items())
    h.commands.add(f"{shown} wrk -t {threads} -c {connections} -d {seconds}s "
                   f"--timeout 10s -s bench/wrk/load.lua {re.sub(r':[0-9]+/', ':<port>/', url)}   # {name}")
    return f


# ---------------------------------------------------------------------------------------------------------
# the bare Jetty (bench/jetty): durable PUT, small GET

class BareJetty:
    def __init__(self, h, name="jetty"):
        self.h = h
        self.dir = os.path.join(h.workdir, name + "-files")
        self.log = os.path.join(h.workdir, name + ".log")
        self.proc = None
        self.port = None

    def command(self):
        jetty = os.path.join(HERE, "jetty", "target")
        return [self.h.args.java] + self.h.args.jvm_opts + [
            "-cp", f"{jetty}/classes:{jetty}/lib/*", "org.printhub.bench.jetty.BareJetty", "0", self.dir]

    def start(self):
        if os.path.exists(self.log):
            os.rename(self.log, self.log + ".old")  # the port is read from this start's lines only
        self.proc = self.h.kids.start(self.command(), log=self.log)
        m = wait_for("bare Jetty listening", lambda: re.search(r"listening on (\d+)", open(self.log).read()),
                     60, self.proc)
        self.port = int(m.group(1))
        self.h.commands.add(" ".join(self.command()).replace(HERE, "bench") + "   # the bare Jetty")
        return self

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}/{path}"

    def files(self):
        return len(glob.glob(os.path.join(self.dir, "put-*")))

    def clear(self):
        for f in glob.glob(os.path.join(self.dir, "put-*")):
            os.remove(f)

    def stop(self):
        if self.proc:
            self.h.kids.stop(self.proc)
            self.proc = None


# ---------------------------------------------------------------------------------------------------------
# receivers: a socat raw-socket sink and ippeveprinter

class Sink:
    """A raw-socket printer: socat on a free port, each connection's bytes appended to one file. A child per
    connection and nothing else: the sink spawned a shell, date and cat per connection before (6.2 ms each,
    more than a whole job through Printhub), which no printer does and which hid both servers' own cost."""

    def __init__(self, h):
        self.h = h
        self.dir = os.path.join(h.workdir, "sink")
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o777)
        self.file = os.path.join(self.dir, "sink.prn")
        self.port = free_port()
        self.proc = h.kids.start(["socat", "-u", f"TCP-LISTEN:{self.port},bind=127.0.0.1,reuseaddr,fork,backlog=256",
                                  f"OPEN:{self.file},creat,append,wronly"],
                                 log=os.path.join(h.workdir, "socat.log"))
        wait_for("socat listening", lambda: port_open(self.port), 30, self.proc)

    def count(self, size):
        """Documents of `size` bytes that arrived whole (every document sent to the sink is that size)."""
        try:
            return os.stat(self.file).st_size // size
        except FileNotFoundError:
            return 0

    def clear(self):
        try:
            os.truncate(self.file, 0)
        except FileNotFoundError:
            pass

    def floor(self, n, size):
        """Connections per second the sink itself takes, one after the other as a printer's queue sends them:
        connect, send `size` bytes, shut down the sending side, wait until the sink closes."""
        data = b"f" * size
        t0 = time.monotonic()
        for _ in range(n):
            with socket.create_connection(("127.0.0.1", self.port), timeout=30) as c:
                c.sendall(data)
                c.shutdown(socket.SHUT_WR)
                while c.recv(4096):
                    pass
        return n / (time.monotonic() - t0)

    def stop(self):
        self.h.kids.stop(self.proc)


class Ippeve:
    """CUPS' ippeveprinter: one job at a time, answers server-error-busy meanwhile, keeps every document (-k);
    `-c /bin/true` prints instantly. It needs DNS-SD even with `-r off`: a D-Bus system bus of our own and an
    avahi-daemon in its own network and mount namespaces (nothing is announced, no pid file meets another's)."""

    def __init__(self, h):
        self.h = h
        self.dir = os.path.join(h.workdir, "ippeve")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        bus = os.path.join(h.workdir, "dbus")
        os.makedirs(bus, exist_ok=True)
        with open(os.path.join(bus, "bus.conf"), "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={bus}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
  </policy>
</busconfig>
""")
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=f"unix:path={bus}/bus")
        self.bus = h.kids.start(["dbus-daemon", f"--config-file={bus}/bus.conf", "--nofork", "--nopidfile"],
                                log=os.path.join(h.workdir, "dbus.log"))
        wait_for("the D-Bus socket", lambda: os.path.exists(f"{bus}/bus"), 10, self.bus)
        avahi_log = os.path.join(h.workdir, "avahi.log")
        self.avahi = h.kids.start(["unshare", "--mount", "--net", "sh", "-c",
                                   "mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon && "
                                   "exec avahi-daemon --no-drop-root --no-chroot --no-rlimits"], log=avahi_log, env=env)
        wait_for("avahi-daemon", lambda: "Server startup complete" in open(avahi_log).read(), 20, self.avahi)
        cmd = ["ippeveprinter", "-p", str(self.port), "-n", "localhost", "-d", self.dir, "-k", "-r", "off",
               "-c", "/bin/true", "-f", "application/octet-stream,application/pdf,text/plain", "-M", "Bench",
               "-m", "Bench", "bench"]
        self.proc = h.kids.start(cmd, log=os.path.join(h.workdir, "ippeveprinter.log"), env=env)
        h.commands.add(" ".join(cmd).replace(h.workdir, "<run>") + "   # with a private D-Bus and avahi-daemon "
                       "(unshare --mount --net), as device-ipp's tests run it")
        wait_for("ippeveprinter listening", lambda: port_open(self.port), 30, self.proc)

    def uri(self):
        return f"ipp://localhost:{self.port}/ipp/print"

    def count(self, size):
        n = 0
        for root, _, names in os.walk(self.dir):
            for name in names:
                try:
                    if not name.endswith(".prn") and os.path.getsize(os.path.join(root, name)) == size:
                        n += 1
                except FileNotFoundError:
                    pass
        return n

    def stop(self):
        for p in (self.proc, self.avahi, self.bus):
            self.h.kids.stop(p)
