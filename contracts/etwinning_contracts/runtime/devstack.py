"""Run the whole system on this machine's RabbitMQ and PostgreSQL: one process per service
plus the gateway and a development mail sink. Used by ``make run`` and by the system tests.

    python -m etwinning_contracts.runtime.devstack            # start and keep running
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests

ROOT = Path(__file__).resolve().parents[3]
SERVICES_WITH_DB = ("identity", "notify", "directory")
HTTP_PROCESSES = ("notify", "identity", "directory", "gateway")
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_PG = "postgresql+psycopg2://postgres@127.0.0.1:5432"

HOW_TO_START = """
  RabbitMQ:    rabbitmq-server -detached
  PostgreSQL:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  (Their addresses: AMQP_URI and POSTGRES_URL, by default amqp://guest:guest@127.0.0.1:5672/ and
  postgresql+psycopg2://postgres@127.0.0.1:5432, a superuser that may create databases. On a
  machine with Docker, `docker compose up` runs the whole platform instead of `make run`.)"""


class InfrastructureMissing(SystemExit):
    pass


def check_infrastructure(amqp_uri, pg_url):
    """One clear message instead of a traceback when the broker or database is missing."""
    problems = []
    for name, url, default_port in (("RabbitMQ", amqp_uri, 5672), ("PostgreSQL", pg_url, 5432)):
        parsed = urlparse(url.replace("postgresql+psycopg2", "postgresql"))
        host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
        try:
            socket.create_connection((host, port), timeout=2).close()
        except OSError:
            problems.append(f"{name} is not reachable at {host}:{port}.")
    if problems:
        raise InfrastructureMissing("\n".join(problems) + "\nStart it and try again:" + HOW_TO_START)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    amqp_uri: str = DEFAULT_AMQP
    pg_base: str = DEFAULT_PG
    db_prefix: str = "etw_"
    state_dir: Path = ROOT / ".local"
    gateway_port: int = 8000
    ports: dict = field(default_factory=dict)
    processes: dict = field(default_factory=dict)
    log_to_files: bool = False
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.state_dir = Path(self.state_dir)
        self.keys_dir = self.state_dir / "keys"
        self.mail_dir = self.state_dir / "mail"
        self.logs_dir = self.state_dir / "logs"
        defaults = {"gateway": self.gateway_port, "identity": 8001, "notify": 8002, "directory": 8003,
                    "smtp": 1025, "mail_http": 8025}
        for name, port in defaults.items():
            self.ports.setdefault(name, port)

    def db_url(self, service):
        return f"{self.pg_base}/{self.db_prefix}{service}"

    @property
    def gateway_url(self):
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def env(self, process="gateway"):
        """The environment of one process; each HTTP process listens on its own port."""
        env = dict(os.environ)
        env.update({
            "AMQP_URI": self.amqp_uri,
            "ETW_ENV": env.get("ETW_ENV", "development"),
            "JWT_PRIVATE_KEY_FILE": str(self.keys_dir / "private.pem"),
            "JWT_PUBLIC_KEY_FILE": str(self.keys_dir / "public.pem"),
            "CURSOR_SECRET": env.get("CURSOR_SECRET") or self.cursor_secret(),
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.ports["smtp"]),
            "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", f"http://localhost:{self.ports['gateway']}"),
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{self.ports.get(process, self.ports['gateway'])}",
            "PYTHONUNBUFFERED": "1",
            # development and tests may run the lifecycle job at a chosen future date; never production
            "SETTABLE_CLOCK": env.get("SETTABLE_CLOCK", "on" if env.get("ETW_ENV", "development") == "development"
                                      else "off"),
        })
        if env["ETW_ENV"] == "development":  # the demo and the tests register hundreds from this machine
            env.setdefault("MAIL_REQUESTS_PER_CLIENT_PER_HOUR", "0")
        for service in SERVICES_WITH_DB:
            env[f"{service.upper()}_DATABASE_URL"] = self.db_url(service)
        env.update(self.extra_env)
        return env

    def cursor_secret(self):
        """The key page cursors are signed with, kept beside the signing keys so that a client's
        cursor still works after a restart."""
        path = self.keys_dir / "cursor-secret"
        if not path.exists():
            import secrets

            self.keys_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip()

    def forget_data(self):
        """Every account, school and message of earlier runs gone; the signing keys stay."""
        import shutil

        from .migrations import drop_database

        check_infrastructure(self.amqp_uri, self.pg_base)
        for service in SERVICES_WITH_DB:
            drop_database(self.db_url(service))
        shutil.rmtree(self.mail_dir, ignore_errors=True)

    def prepare(self, services=SERVICES_WITH_DB):
        """Keys, the databases of ``services`` with their migrations, and every event queue."""
        from .migrations import ensure_database

        check_infrastructure(self.amqp_uri, self.pg_base)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "identity.keys", "--out", str(self.keys_dir), "--keep"],
                       check=True, env=self.env(), stdout=subprocess.DEVNULL)
        for service in services:
            ensure_database(self.db_url(service))
            subprocess.run([sys.executable, "-m", "alembic", "-c", str(ROOT / "services" / service / "alembic.ini"),
                            "upgrade", "heads"], check=True, env=self.env(), cwd=ROOT)
        # every service's event and RPC queues before any service starts: no early event or request is lost
        subprocess.run([sys.executable, "-m", "etwinning_contracts.runtime.topology", "--config",
                        str(ROOT / "services/directory/config.yml")],
                       check=True, env=self.env(), cwd=ROOT, stdout=subprocess.DEVNULL)

    def commands(self):
        # eventlet's deprecation notice, raised where nameko imports it, is known (design §3): not
        # printed once per process at every start
        nameko = [sys.executable, "-W", "ignore:::nameko.cli.commands", "-m", "nameko", "run", "--config"]
        return {
            # its page shows every emailed token: loopback, even where notify.mailsink would guess
            # a container and listen on every interface, unless MAILSINK_HOST says otherwise
            "mailsink": [sys.executable, "-m", "notify.mailsink", "--smtp-port", str(self.ports["smtp"]),
                         "--http-port", str(self.ports["mail_http"]), "--dir", str(self.mail_dir),
                         "--host", os.environ.get("MAILSINK_HOST", "127.0.0.1")],
            # consumers first, so their event queues exist before anything publishes
            "notify": nameko + [str(ROOT / "services/notify/config.yml"), "notify.service:NotifyService"],
            "directory": nameko + [str(ROOT / "services/directory/config.yml"), "directory.service:DirectoryService"],
            "identity": nameko + [str(ROOT / "services/identity/config.yml"), "identity.service:IdentityService"],
            "gateway": nameko + [str(ROOT / "gateway/config.yml"), "gateway.service:GatewayService"],
        }

    def start(self, names=None, wait=True):
        for name, cmd in self.commands().items():
            if names and name not in names:
                continue
            self.start_one(name, cmd)
            if wait and name in HTTP_PROCESSES:
                self.wait_ready(name)

    def start_one(self, name, cmd=None):
        cmd = cmd or self.commands()[name]
        out = open(self.logs_dir / f"{name}.log", "ab") if self.log_to_files else None
        self.processes[name] = subprocess.Popen(cmd, env=self.env(name), cwd=ROOT, stdout=out, stderr=out,
                                                start_new_session=True)

    def wait_ready(self, name, timeout=60):
        url = f"http://127.0.0.1:{self.ports[name]}/readyz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.processes.get(name)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.logs_dir / (name + '.log')}")
            try:
                if requests.get(url, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name} was not ready within {timeout}s")

    def stop_one(self, name, sig=signal.SIGTERM):
        proc = self.processes.pop(name, None)
        if proc is not None:
            self._signal(proc, sig)
            self._wait(proc)

    def stop(self):
        """Every process is asked to stop at once, so they wind down in parallel."""
        stopping = list(self.processes.values())
        self.processes.clear()
        for proc in stopping:
            self._signal(proc, signal.SIGTERM)
        for proc in stopping:
            self._wait(proc)

    @staticmethod
    def _signal(proc, sig):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass

    @staticmethod
    def _wait(proc):
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Start the whole eTwinning back end locally.")
    parser.add_argument("--gateway-port", type=int, default=8000)
    parser.add_argument("--fresh", action="store_true",
                        help="start from empty data: drop the local databases and the mail sink's messages")
    args = parser.parse_args(argv)
    stack = Stack(amqp_uri=os.environ.get("AMQP_URI", DEFAULT_AMQP),
                  pg_base=os.environ.get("POSTGRES_URL", DEFAULT_PG), gateway_port=args.gateway_port)
    if args.fresh:
        stack.forget_data()
    stack.prepare()

    def shutdown(*_):
        stack.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    try:
        stack.start()
        print(f"\neTwinning is running:\n  API        {stack.gateway_url}/api/v1\n"
              f"  API docs   {stack.gateway_url}/docs\n  Mail sink  http://127.0.0.1:{stack.ports['mail_http']}\n"
              "Press Ctrl-C to stop.", flush=True)
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        print(f"stopped: {', '.join(dead)} exited", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
