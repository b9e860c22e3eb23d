#!/usr/bin/env python
"""Gateway benchmark: an authenticated read against a bare nameko ``@http`` endpoint.

    make bench                                   # = .venv/bin/python bench/gateway_bench.py
    .venv/bin/python bench/gateway_bench.py --rounds 5 --duration 10 --connections 10   # the defaults
    .venv/bin/python bench/gateway_bench.py --gateway-workers 16 --identity-workers 10
    .venv/bin/python bench/gateway_bench.py --ladder     # also the steps in between (about 2.5 min)
    .venv/bin/python bench/gateway_bench.py --profile bench-profile   # py-spy after the measurement
    .venv/bin/python bench/gateway_bench.py --help       # every variation (workers, processes, env)

What it does, in one run and on this machine's RabbitMQ and PostgreSQL:

1. starts identity and the gateway (``etwinning_contracts.runtime.devstack.Stack``) on free
   ports, with identity's own database (``etw_bench_identity``, recreated each run and dropped
   at the end), its own RabbitMQ vhost (``etw_bench``, when rabbitmqctl is on this machine),
   keys and logs in a temporary directory, and the bare service (``bench/bare_service.py``) in
   its own process. So it never touches a developer's running system; run one at a time;
2. creates a css_staff account with ``python -m identity.manage create-staff`` and signs in
   through ``POST /api/v1/auth/login``;
3. warms up, then measures in ``--rounds`` rounds of ``--duration`` seconds per endpoint, in
   alternating order (so the machine's drift in speed does not land in the ratio), at
   ``--connections`` connections:
   (a) ``GET /bare`` on the bare service, (b) ``GET /api/v1/me`` on the gateway with the bearer
   token (token check at the gateway + one RPC to identity + one database read);
4. prints requests/s, p50/p90/p99 latency, CPU used per process, the throughput ratio
   authenticated/bare and whether the targets are met; stops everything (also on Ctrl-C).

The load generator is ``wrk`` (Debian package ``wrk``) when it is on PATH, otherwise a small
multi-process Python client (heavier: it takes CPU from the services it measures).
The exit code is 0 whether or not the targets are met: this is a benchmark, not a test.
"""
import argparse
import fcntl
import http.client
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from etwinning_contracts.testing import delete_vhost, drop_database, fresh_vhost, recreate_database  # noqa: E402
from etwinning_contracts.runtime.devstack import Stack, free_port  # noqa: E402

DB_SERVICES = ("identity",)  # the only database the measured path touches

TARGET_RATIO = 0.25
TARGET_P99_MS = 50.0
PERCENTILES = (50, 90, 99)


# ---------------------------------------------------------------- the system under test
@dataclass
class BenchStack(Stack):
    """The development stack plus the bare service, optionally with edited config copies and
    extra processes of a service (``identity-2``...): more identity processes share its RPC
    queue; more gateway processes share its port (eventlet listens with SO_REUSEPORT)."""

    config_files: dict = field(default_factory=dict)  # process name -> config path to use instead
    replicas: dict = field(default_factory=dict)  # service -> number of processes (default 1)

    def commands(self):
        cmds = super().commands()
        cmds["bare"] = [sys.executable, "-m", "nameko", "run", "--config", str(ROOT / "bench" / "bare_config.yml"),
                        "bench.bare_service:BareService"]
        ladder = [sys.executable, "-m", "nameko", "run", "--config", str(ROOT / "bench" / "ladder_config.yml")]
        cmds["echo"] = ladder + ["bench.ladder_service:EchoService", "bench.ladder_service:LeanEchoService"]
        cmds["ladder"] = ladder + ["bench.ladder_service:LadderService"]
        for name, path in self.config_files.items():
            cmd = cmds[name]
            cmd[cmd.index("--config") + 1] = str(path)
        for name, count in self.replicas.items():
            for i in range(2, count + 1):
                cmds[f"{name}-{i}"] = list(cmds[name])
        return cmds

    def prepare(self):
        """Keys and identity's database only: the benchmark starts no other service."""
        super().prepare(services=DB_SERVICES)

    def replica_names(self, name):
        return [name] + [f"{name}-{i}" for i in range(2, self.replicas.get(name, 1) + 1)]

    def start_one(self, name, cmd=None):
        if "-" in name and name.split("-")[0] == "identity":
            # its own health port; the RPC queue is shared with the first identity process
            saved = dict(self.extra_env)
            self.ports[name] = free_port()
            self.extra_env["IDENTITY_WEB_SERVER_ADDRESS"] = f"127.0.0.1:{self.ports[name]}"
            try:
                return super().start_one(name, cmd)
            finally:
                self.extra_env.clear()
                self.extra_env.update(saved)
        return super().start_one(name, cmd)


def set_queue_version(vhost, version):
    """Broker-side variation: classic queue storage version (2 stores persistent messages more cheaply)."""
    subprocess.run([shutil.which("rabbitmqctl") or "rabbitmqctl", "-q", "set_policy", "-p", vhost,
                    "--apply-to", "queues", "bench-queue-version", ".*", json.dumps({"queue-version": version})],
                   capture_output=True, check=True)


def config_copy(source, target, max_workers=None):
    """A copy of a nameko config with ``max_workers`` replaced; the original is not touched."""
    text = Path(source).read_text(encoding="utf-8")
    if max_workers is not None:
        text, count = re.subn(r"(?m)^max_workers:.*$", f"max_workers: {max_workers}", text)
        if not count:
            text += f"\nmax_workers: {max_workers}\n"
    Path(target).write_text(text, encoding="utf-8")
    return target


def wait_http(url, proc, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {proc.returncode}")
        try:
            status, _ = http_get(url)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout}s")


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.2)


def http_get(url, headers=None):
    host, port, path = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def http_post_json(url, body):
    host, port, path = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def split_url(url):
    match = re.match(r"http://([^:/]+):(\d+)(/.*)$", url)
    return match.group(1), int(match.group(2)), match.group(3)


# ---------------------------------------------------------------- load generation
@dataclass
class Result:
    name: str
    url: str
    requests: int
    seconds: float
    rps: float
    latency_ms: dict  # percentile -> ms
    errors: int  # non-2xx responses and socket errors
    tool: str
    cpu: dict = field(default_factory=dict)  # process group -> CPU seconds during the run


def run_load(url, headers, connections, duration, threads, tool):
    if tool == "wrk":
        return run_wrk(url, headers, connections, duration, threads)
    return run_python(url, headers, connections, duration, threads)


def run_wrk(url, headers, connections, duration, threads):
    cmd = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--latency",
           "--timeout", "5s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", out)
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M):
        latency[int(pct)] = _ms(value, unit)
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    return {"requests": int(done.group(1)), "seconds": _ms(done.group(2), done.group(3)) / 1000.0,
            "rps": rps, "latency_ms": {p: latency.get(p) for p in PERCENTILES}, "errors": errors, "tool": "wrk"}


def _python_worker(url, headers, connections, duration, queue):
    host, port, path = split_url(url)
    deadline = time.monotonic() + duration
    latencies, errors = [], [0]
    lock = threading.Lock()

    def loop():
        conn, mine, bad = None, [], 0
        while time.monotonic() < deadline:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=5)
                started = time.perf_counter()
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if not 200 <= response.status < 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn = None
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    workers = [threading.Thread(target=loop) for _ in range(connections)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    queue.put((latencies, errors[0]))


def run_python(url, headers, connections, duration, processes):
    """Fallback load generator: ``processes`` processes sharing ``connections`` keep-alive connections."""
    processes = max(1, min(processes, connections))
    share = [connections // processes + (1 if i < connections % processes else 0) for i in range(processes)]
    queue = multiprocessing.Queue()
    started = time.monotonic()
    procs = [multiprocessing.Process(target=_python_worker, args=(url, headers, n, duration, queue)) for n in share]
    for p in procs:
        p.start()
    parts = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    seconds = time.monotonic() - started
    latencies = sorted(x for part in parts for x in part[0])
    errors = sum(part[1] for part in parts)
    pct = {p: latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 if latencies else None
           for p in PERCENTILES}
    return {"requests": len(latencies), "seconds": seconds, "rps": len(latencies) / seconds,
            "latency_ms": pct, "errors": errors, "tool": "python"}


# ---------------------------------------------------------------- CPU accounting
TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def _comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def _machine_busy():
    with open("/proc/stat") as handle:
        values = [int(x) for x in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / TICKS


def cpu_snapshot(stack):
    """CPU seconds used so far: our processes (replicas summed under their service), PostgreSQL
    and RabbitMQ (which may also serve other users), the load generator, and the whole machine."""
    snap = {}
    for name, proc in stack.processes.items():
        value = _proc_cpu(proc.pid)
        if value is not None:
            service = name.split("-")[0]
            snap[service] = snap.get(service, 0.0) + value
    pg = rabbit = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            comm = _comm(entry)
            if comm == "postgres":
                pg += _proc_cpu(entry) or 0.0
            elif comm.startswith("beam"):
                rabbit += _proc_cpu(entry) or 0.0
    snap["postgres"] = pg  # backends that exit during the run are missed: a lower bound
    snap["rabbitmq"] = rabbit
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    snap["load generator"] = children.ru_utime + children.ru_stime
    snap["machine"] = _machine_busy()
    return snap


def listeners(port):
    """How many sockets listen on a TCP port (several gateway processes share one)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as handle:
                next(handle)
                for line in handle:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                        count += 1
        except OSError:
            pass
    return count


def cpu_delta(before, after):
    delta = {k: round(after[k] - before.get(k, 0.0), 2) for k in after}
    machine = delta.pop("machine")
    delta = {k: v for k, v in delta.items() if v > 0.005}
    delta["everything else"] = round(max(0.0, machine - sum(delta.values())), 2)
    return delta


# ---------------------------------------------------------------- profiling
def profile(stack, url, headers, args, out_dir, tool):
    """Sample gateway and identity with py-spy while the authenticated read is under load."""
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(pyspy).exists():
        print("\n(--profile: py-spy is not installed; pip install py-spy)")
        return
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seconds = max(5, min(args.duration, 10))
    samplers = {}
    for name in ("gateway", "identity"):
        raw = out_dir / f"{name}.collapsed.txt"
        samplers[name] = (raw, subprocess.Popen(
            [pyspy, "record", "--pid", str(stack.processes[name].pid), "--duration", str(seconds),
             "--rate", "250", "--nonblocking", "--format", "raw", "--output", str(raw)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(0.5)
    run_load(url, headers, args.connections, seconds, args.threads, tool)
    print(f"\nProfile of the authenticated read (py-spy, {seconds}s under load; raw stacks in {out_dir}/):")
    for name, (raw, proc) in samplers.items():
        proc.wait(timeout=seconds + 30)
        if raw.exists():
            print(summarise_profile(name, raw))


PROFILE_LAYERS = (  # (label, start of a frame's file); a sample goes to the layer of its innermost matching frame
    ("logging", "(logging/"),
    ("JWT verification (PyJWT + cryptography)", "(jwt/"),
    ("JWT verification (PyJWT + cryptography)", "(cryptography/"),
    ("marshmallow load/dump", "(marshmallow/"),
    ("SQLAlchemy", "(sqlalchemy/"),
    ("psycopg2 / psycogreen", "(psycog"),
    ("kombu / amqp (RPC publish, consume, reply)", "(kombu/"),
    ("kombu / amqp (RPC publish, consume, reply)", "(amqp/"),
    ("json", "(json/"),
    ("werkzeug request/response", "(werkzeug/"),
    ("eventlet wsgi server (the bare service)", "(eventlet/wsgi"),
    ("HTTP server (runtime/web.py, httptools)", "runtime/web.py"),
    ("HTTP server (runtime/web.py, httptools)", "(httptools/"),
    ("eventlet hub, green sockets, green threads", "(eventlet/"),
    ("nameko container, workers, entrypoints", "(nameko/"),
    ("project code (gateway, identity, contracts)", "(etwinning_contracts/"),
    ("project code (gateway, identity, contracts)", "(gateway/"),
    ("project code (gateway, identity, contracts)", "(identity/"),
)


def _layer(frames):
    for frame in reversed(frames):
        for label, needle in PROFILE_LAYERS:
            if needle in frame:
                return label
    return "other (stdlib, C extensions)"


def summarise_profile(name, raw):
    leaf, layers, total = {}, {}, 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        total += count
        frames = stack.split(";")
        frames[-1] = frames[-1] or "(no Python frame: native code)"
        leaf[frames[-1]] = leaf.get(frames[-1], 0) + count
        label = _layer(frames)
        layers[label] = layers.get(label, 0) + count
    if not total:
        return f"  {name}: no samples"
    lines = [f"  {name}: {total} busy samples, by layer (innermost library frame of each sample)"]
    for label, count in sorted(layers.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {100 * count / total:5.1f}%  {label}")
    lines.append("    hottest frames (self time):")
    for frame, count in sorted(leaf.items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"    {100 * count / total:5.1f}%  {frame[:110]}")
    return "\n".join(lines)


# ---------------------------------------------------------------- report
def fmt_ms(value):
    return "    n/a" if value is None else f"{value:7.2f}"


def combine(runs):
    """One endpoint's rounds as one result: requests and CPU summed, latency percentiles the
    median of the rounds' (report() judges p99 on the worst round)."""
    first = runs[0]
    cpu = {}
    for run in runs:
        for name, used in run.cpu.items():
            cpu[name] = cpu.get(name, 0.0) + used
    requests, seconds = sum(r.requests for r in runs), sum(r.seconds for r in runs)
    latency = {p: statistics.median(r.latency_ms[p] for r in runs) if all(r.latency_ms.get(p) is not None for r in runs)
               else None for p in PERCENTILES}
    return Result(name=first.name, url=first.url, requests=requests, seconds=seconds,
                  rps=requests / seconds if seconds else 0.0, latency_ms=latency,
                  errors=sum(r.errors for r in runs), tool=first.tool, cpu=cpu)


def report(results, args, rounds):
    bare, auth = results["bare"], results["auth"]
    # the ratio of each round, bare and authenticated measured back to back; the median of them
    ratios = [a.rps / b.rps if b.rps else 0.0 for a, b in zip(rounds["auth"], rounds["bare"])]
    ratio = statistics.median(ratios)
    worst_p99 = [r.latency_ms.get(99) for r in rounds["auth"]]
    p99 = None if None in worst_p99 else max(worst_p99)
    ratio_ok = ratio >= TARGET_RATIO
    p99_ok = p99 is not None and p99 < TARGET_P99_MS
    width = 34
    print()
    print(f"Results at {args.connections} connections, {args.rounds} rounds of {args.duration}s per endpoint "
          f"(load generator: {auth.tool}; latency: median of the rounds)")
    print(f"{'endpoint':<{width}} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'errors':>7} {'of bare':>8}")
    for r in results.values():
        lat = r.latency_ms
        share = f"{100 * r.rps / bare.rps:7.1f}%" if bare.rps else "     n/a"
        print(f"{r.name:<{width}} {r.rps:9.1f} {fmt_ms(lat.get(50)):>8} {fmt_ms(lat.get(90)):>8} "
              f"{fmt_ms(lat.get(99)):>8} {r.errors:7d} {share:>8}")
    print("(req/s and 'of bare': all rounds pooled; the ratio judged below is the median of the rounds')")
    print()
    print(f"ratio authenticated/bare throughput, median of the rounds: {ratio:.3f} ({100 * ratio:.1f}%); "
          f"rounds: {', '.join(f'{100 * r:.1f}%' for r in ratios)}")
    print(f"  target ratio >= {TARGET_RATIO:.2f}:              {'MET' if ratio_ok else 'MISSED'}")
    print(f"  target p99 < {TARGET_P99_MS:.0f} ms (authenticated): {'MET' if p99_ok else 'MISSED'}"
          f" (p99 of the worst round {fmt_ms(p99).strip()} ms)")
    print()
    print(f"CPU used during each measured run ({os.cpu_count()} cores = {os.cpu_count()} CPU-seconds per second):")
    runs = list(results.values())
    print(f"  {'process':<16}" + "".join(f" {key + ' CPU-s':>11} {'ms/req':>7}" for key in results))
    names = [n for n in sorted({n for r in runs for n in r.cpu}, key=lambda n: -auth.cpu.get(n, 0))
             if n != "everything else"] + ["everything else"]
    for n in names:
        cells = []
        for r in runs:
            used = r.cpu.get(n, 0.0)
            cells.append(f" {used:11.2f} {1000 * used / r.requests if r.requests else 0:7.3f}")
        print(f"  {n:<16}" + "".join(cells))
    print("  (postgres and rabbitmq may serve other users too; 'everything else' is the rest of the\n"
          "   machine's busy time: other users' processes and the kernel. Compare runs with care when it is high.)")
    if any(r.errors for r in results.values()):
        print("\nWARNING: some requests failed (non-2xx or socket errors); see the logs.")
    if not (ratio_ok and p99_ok):
        print("""
Profile hint: the authenticated read missed a target. Where to look:
  * rerun with --profile DIR to sample gateway and identity with py-spy under load
    (pip install py-spy); the summary groups samples by layer (JWT, marshmallow, SQLAlchemy,
    kombu RPC, logging, werkzeug);
  * the CPU table above shows which process is saturated: gateway, identity, rabbitmq or postgres;
  * try worker pools with --gateway-workers N / --identity-workers N (copies of the configs,
    the originals are not changed) and compare; see docs/benchmarks.md for measured variations.""")
    return {"ratio": ratio, "round_ratios": ratios, "worst_p99_ms": p99, "ratio_met": ratio_ok, "p99_met": p99_ok}


# ---------------------------------------------------------------- main
def _interrupt(*_):
    raise KeyboardInterrupt()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10,
                        help="seconds measured per endpoint in each round (default 10)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds, each measuring every endpoint once, in alternating order (default 5)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint (default 3)")
    parser.add_argument("--connections", type=int, default=10, help="concurrent connections (default 10)")
    parser.add_argument("--threads", type=int, default=1,
                        help="wrk threads, or client processes for the Python fallback (default 1: "
                             "one wrk thread drives 10 connections and leaves the cores to the services)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--gateway-workers", type=int, help="max_workers of the gateway (a config copy is used)")
    parser.add_argument("--identity-workers", type=int, help="max_workers of identity (a config copy is used)")
    parser.add_argument("--bare-workers", type=int, help="max_workers of the bare service (default 64)")
    parser.add_argument("--gateway-processes", type=int, default=1,
                        help="gateway processes sharing its port (default 1)")
    parser.add_argument("--identity-processes", type=int, default=1,
                        help="identity processes sharing its RPC queue (default 1)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for every process, e.g. --env LOG_LEVEL=ERROR")
    parser.add_argument("--queue-version", type=int, choices=(1, 2),
                        help="RabbitMQ classic queue version for the benchmark's vhost (a policy on that vhost only)")
    parser.add_argument("--ladder", action="store_true",
                        help="also measure the steps in between: token check only, token + RPC without database "
                             "(bench/ladder_service.py)")
    parser.add_argument("--profile", metavar="DIR", help="after measuring, sample gateway and identity with py-spy")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the services' logs here at the end")
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"))
    parser.add_argument("--pg-base", default=os.environ.get("POSTGRES_URL",
                                                            "postgresql+psycopg2://postgres@127.0.0.1:5432"))
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    if tool == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk); use --tool python")

    # The database and vhost names are fixed: a second run at the same time would pull them
    # away from under the first one.
    lock = open(Path(tempfile.gettempdir()) / "etw-gateway-bench.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit("another gateway benchmark is running on this machine; wait for it to finish")

    # Ctrl-C (even when started from a script that ignores SIGINT) and SIGTERM both stop the run:
    # the finally block below stops every process it started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)

    state = Path(tempfile.mkdtemp(prefix="etw-bench-"))
    extra_env = {"LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore"}
    for item in args.env:
        key, _, value = item.partition("=")
        extra_env[key] = value

    config_files = {}
    (state / "config").mkdir(parents=True)
    if args.gateway_workers:
        config_files["gateway"] = config_copy(ROOT / "gateway/config.yml", state / "config/gateway.yml",
                                              args.gateway_workers)
    if args.identity_workers:
        config_files["identity"] = config_copy(ROOT / "services/identity/config.yml",
                                               state / "config/identity.yml", args.identity_workers)
    if args.bare_workers:
        config_files["bare"] = config_copy(ROOT / "bench/bare_config.yml", state / "config/bare.yml",
                                           args.bare_workers)
    ports = {"bare": free_port(), "ladder": free_port()}
    amqp_uri, vhost = fresh_vhost(args.amqp_uri, "etw_bench")
    if args.queue_version:
        if not vhost:
            sys.exit("--queue-version needs rabbitmqctl on this machine")
        set_queue_version(vhost, args.queue_version)
    stack = BenchStack(amqp_uri=amqp_uri, pg_base=args.pg_base, db_prefix="etw_bench_", state_dir=state,
                       gateway_port=free_port(), ports=ports, log_to_files=True, extra_env=extra_env,
                       config_files=config_files,
                       replicas={"gateway": args.gateway_processes, "identity": args.identity_processes})
    for name in list(stack.ports):  # free ports only, so nothing collides with a developer's running system
        if name not in ("gateway", "bare", "ladder"):
            stack.ports[name] = free_port()
    bare_port, ladder_port = stack.ports["bare"], stack.ports["ladder"]
    extra_env["BARE_WEB_SERVER_ADDRESS"] = f"127.0.0.1:{bare_port}"
    extra_env["LADDER_WEB_SERVER_ADDRESS"] = f"127.0.0.1:{ladder_port}"
    bare_url = f"http://127.0.0.1:{bare_port}/bare"
    me_url = f"{stack.gateway_url}/api/v1/me"
    load = os.getloadavg()
    print(f"gateway benchmark: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"load generator {tool}, RabbitMQ vhost {vhost or '(shared: rabbitmqctl not found)'}")
    variant = {"gateway max_workers": args.gateway_workers or "config", "identity max_workers":
               args.identity_workers or "config", "gateway processes": args.gateway_processes,
               "identity processes": args.identity_processes}
    if args.queue_version:
        variant["queue version"] = args.queue_version
    print("variant: " + ", ".join(f"{k} {v}" for k, v in variant.items()) +
          (f", env {' '.join(args.env)}" if args.env else ""))
    summary = None
    try:
        started = time.monotonic()
        for service in DB_SERVICES:
            recreate_database(stack.db_url(service))
        stack.prepare()
        stack.start(names=["identity", "gateway"])
        for name in stack.replica_names("identity")[1:]:
            stack.start_one(name)
            stack.wait_ready(name)
        for name in stack.replica_names("gateway")[1:]:
            stack.start_one(name)
        wait_until(lambda: listeners(stack.ports["gateway"]) >= args.gateway_processes, 60,
                   f"{args.gateway_processes} gateway processes listening")
        stack.start_one("bare")
        if args.ladder:
            stack.start_one("echo")
            stack.start_one("ladder")
        wait_http(bare_url, stack.processes["bare"])
        print(f"started identity, gateway and the bare service in {time.monotonic() - started:.1f}s")

        email, password = f"bench-{uuid.uuid4().hex[:8]}@css.example.org", f"bench-{uuid.uuid4().hex}"
        subprocess.run([sys.executable, "-m", "identity.manage", "create-staff", "--email", email,
                        "--role", "css_staff", "--password-stdin"], input=password + "\n", text=True,
                       check=True, env=stack.env(), cwd=ROOT, stdout=subprocess.DEVNULL)
        status, body = http_post_json(f"{stack.gateway_url}/api/v1/auth/login", {"login": email, "password": password})
        if status != 200:
            raise RuntimeError(f"login answered {status}: {body[:300]!r}")
        headers = {"Authorization": f"Bearer {json.loads(body)['access_token']}"}
        status, body = http_get(me_url, headers)
        if status != 200:
            raise RuntimeError(f"GET /api/v1/me answered {status}: {body[:300]!r}")

        steps = [("bare", "GET /bare (bare nameko @http)", bare_url, None)]
        if args.ladder:
            ladder_url = f"http://127.0.0.1:{ladder_port}"
            for path in ("/rpc", "/rpc-lean", "/http-hop"):
                wait_until(lambda: http_get(ladder_url + path, headers)[0] == 200, 30, "the ladder service")
            steps += [("jwt", "GET /jwt (token check only)", ladder_url + "/jwt", headers),
                      ("rpc", "GET /rpc (token + RPC, no DB)", ladder_url + "/rpc", headers),
                      ("rpc-lean", "GET /rpc-lean (same, lean messages)", ladder_url + "/rpc-lean", headers),
                      ("http-hop", "GET /http-hop (token + HTTP hop)", ladder_url + "/http-hop", headers)]
        steps.append(("auth", "GET /api/v1/me (token+RPC+DB)", me_url, headers))
        for key, name, url, hdrs in steps:
            if args.warmup:
                run_load(url, hdrs, args.connections, args.warmup, args.threads, tool)
        # Rounds in alternating order (bare, auth, auth, bare, ...): the machine's speed drifts by
        # ±15 % over a minute, and measuring each endpoint once, one after the other, put that
        # drift into the ratio (18.8 % and 25.4 % in two runs of the same code, docs/benchmarks.md).
        rounds = {key: [] for key, *_ in steps}
        for number in range(args.rounds):
            for key, name, url, hdrs in (steps if number % 2 == 0 else steps[::-1]):
                time.sleep(0.5)
                before = cpu_snapshot(stack)
                measured = run_load(url, hdrs, args.connections, args.duration, args.threads, tool)
                cpu = cpu_delta(before, cpu_snapshot(stack))
                rounds[key].append(Result(name=name, url=url, cpu=cpu, **measured))
                print(f"  round {number + 1}: measured {name}: {measured['rps']:.1f} req/s")
        results = {key: combine(runs) for key, runs in rounds.items()}
        summary = report(results, args, rounds)
        if args.json:
            Path(args.json).write_text(json.dumps({
                "connections": args.connections, "duration": args.duration, "rounds": args.rounds, "tool": tool,
                "variant": variant,
                "env": args.env, "load_average_before": load, **summary,
                "results": {k: r.__dict__ for k, r in results.items()}}, indent=2, default=str))
        if args.profile:
            profile(stack, me_url, headers, args, args.profile, tool)
    except KeyboardInterrupt:
        print("\ninterrupted; stopping", file=sys.stderr)
    except Exception as exc:  # report, still stop everything, and say where the logs are
        print(f"\nbenchmark failed: {exc}\nlogs: {stack.logs_dir}", file=sys.stderr)
        args.keep_logs = args.keep_logs or str(state / "logs")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave processes behind
        stack.stop()
        delete_vhost(vhost)
        for service in DB_SERVICES:
            try:
                drop_database(stack.db_url(service))
            except Exception:
                pass
        if args.keep_logs and Path(args.keep_logs).resolve() != (state / "logs").resolve():
            shutil.copytree(state / "logs", args.keep_logs, dirs_exist_ok=True)
        if not (args.keep_logs and Path(args.keep_logs).resolve() == (state / "logs").resolve()):
            shutil.rmtree(state, ignore_errors=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return 0 if summary is not None else 1


if __name__ == "__main__":
    sys.exit(main())
