"""Fixtures for notify's tests.

The repository's root ``conftest.py`` monkey-patches eventlet (nameko 2.14's pytest plugin no
longer does) and loads ``etwinning_contracts.testing``, whose ``amqp_uri`` and ``pg_base`` find
the broker and the database: environment first, then loopback, then testcontainers. A missing
broker or database fails the integration tests; it never skips them.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from kombu import Connection
from nameko.standalone.events import event_dispatcher
from nameko.testing.utils import find_free_port
from sqlalchemy import text

from etwinning_contracts.events import CURRENT_VERSION, schema_for
from etwinning_contracts.names import IDENTITY
from etwinning_contracts.runtime.db import Transactions, make_engine
from etwinning_contracts.runtime.migrations import ensure_database
from notify.mailsink import read_messages
from notify.service import NotifyService

NOTIFY_ROOT = Path(__file__).resolve().parents[1]
TEST_DATABASE = "etw_test_notify"
TABLES = ("outgoing_mail", "erased_users", "inbox", "parked_events", "outbox")


def wait_until(predicate, timeout=10.0, interval=0.05, message="condition"):
    """Poll ``predicate`` (yielding to the eventlet hub) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class ShiftedClock:
    """The real time plus an offset tests can move forward (to make a retry fall due)."""
    def __init__(self):
        self.offset = timedelta()

    def now(self):
        return datetime.now(timezone.utc) + self.offset

    def advance(self, delta):
        self.offset += delta


@pytest.fixture(name="wait_until")
def wait_until_fixture():
    return wait_until


# ---------------------------------------------------------------- RabbitMQ and PostgreSQL

@pytest.fixture
def rabbit_config(amqp_uri):
    """Replaces nameko's fixture, which needs RabbitMQ's management API to make a vhost per
    test. Tests share the run's vhost; each test's service gets its own name, so its queues
    hold only that test's events (see ``notify_factory``)."""
    return {"AMQP_URI": amqp_uri}


@pytest.fixture(scope="session")
def notify_db_url(pg_base):
    """The test database, created if needed and migrated down and up again (which also checks
    that the migrations run both ways)."""
    url = os.environ.get("NOTIFY_TEST_DATABASE_URL") or f"{pg_base}/{TEST_DATABASE}"
    ensure_database(url)
    cfg = Config(str(NOTIFY_ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "heads")
    return url


@pytest.fixture(scope="session")
def db_engine(notify_db_url):
    engine = make_engine(notify_db_url, pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def clean_db(db_engine):
    with db_engine.begin() as conn:
        conn.execute(text(f"truncate {', '.join(TABLES)}"))
    return db_engine


@pytest.fixture
def query(clean_db):
    """Run SQL against the test database, returning rows as mappings."""

    def run(sql, **params):
        with clean_db.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings()]

    return run


# ---------------------------------------------------------------- the mail sink

class SinkProcess:
    """``python -m notify.mailsink`` in a child process: the same program developers run, and
    its asyncio loop stays out of this eventlet-patched process."""

    def __init__(self, directory, smtp_port, http_port):
        self.directory = str(directory)
        self.smtp_port = smtp_port
        self.http_port = http_port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "notify.mailsink", "--smtp-port", str(self.smtp_port),
             "--http-port", str(self.http_port), "--dir", self.directory, "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            wait_until(lambda: self.process.poll() is not None or
                       (port_open(self.smtp_port) and port_open(self.http_port)),
                       timeout=15, message="the mail sink to listen")
        finally:
            if self.process.poll() is not None:
                raise RuntimeError(f"mail sink exited: {self.process.stderr.read().decode()}")
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def messages(self, to=None):
        return [m for m in read_messages(self.directory) if to is None or m["to"] == to]

    def wait_for(self, to, count=1, timeout=10.0):
        return wait_until(lambda: len(self.messages(to)) >= count and self.messages(to),
                          timeout=timeout, message=f"{count} message(s) to {to}")


@pytest.fixture
def mail_sink_factory(tmp_path):
    """Make sinks on free ports; ``start=False`` gives one that is not listening yet."""
    sinks = []

    def make(start=True, smtp_port=None):
        sink = SinkProcess(tmp_path / f"mail-{len(sinks)}", smtp_port or find_free_port(), find_free_port())
        sinks.append(sink)
        return sink.start() if start else sink

    yield make
    for sink in sinks:
        sink.stop()


@pytest.fixture
def mail_sink(mail_sink_factory):
    return mail_sink_factory()


# ---------------------------------------------------------------- the service

@pytest.fixture
def notify_factory(container_factory, rabbit_config, notify_db_url, clean_db):
    """Start notify pointed at a given SMTP port. Returns the running container; its clock is
    a :class:`ShiftedClock` (``container.clock``).

    The service runs under a name unique to the test: its event queues then hold only this
    test's events (the broker's vhost is shared), and are deleted afterwards.
    """
    containers = []

    def start(smtp_port, **overrides):
        name = f"notify_test_{uuid.uuid4().hex[:10]}"
        service_cls = type("NotifyUnderTest", (NotifyService,), {"name": name})
        config = {
            "AMQP_URI": rabbit_config["AMQP_URI"],
            "DATABASE_URL": notify_db_url,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{find_free_port()}",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port,
            "SMTP_TIMEOUT": 3,
            "SMTP_STARTTLS": False,
            "MAIL_FROM": "eTwinning <no-reply@etwinning.test>",
            "MAIL_POLL_SECONDS": 0.2,
            **overrides,
        }
        container = container_factory(service_cls, config)
        container.clock = ShiftedClock()
        for ext in container.dependencies:
            if isinstance(ext, Transactions):
                ext.clock = container.clock
        container.start()
        containers.append(container)
        return container

    yield start

    for container in containers:
        container.kill()  # a graceful stop waits a second per consumer; the queues go anyway
        queues = [ext.queue.name for ext in container.entrypoints if getattr(ext, "queue", None) is not None]
        queues.append(f"rpc-{container.service_name}")
        with Connection(rabbit_config["AMQP_URI"]) as conn:
            channel = conn.default_channel
            for queue in queues:
                channel.queue_delete(queue)


@pytest.fixture
def dispatch(rabbit_config):
    """Publish an identity event as identity's outbox relay would: envelope added, payload
    validated and serialised with the contract schema."""
    send = event_dispatcher(rabbit_config)

    def publish(event_type, event_id=None, occurred_at=None, **facts):
        payload = {
            "event_id": str(event_id or uuid.uuid4()),
            "occurred_at": (occurred_at or datetime.now(timezone.utc)).isoformat(),
            "version": CURRENT_VERSION,
            **facts,
        }
        schema = schema_for(IDENTITY, event_type)
        payload = schema.dump(schema.load(payload))
        send(IDENTITY, event_type, payload)
        return payload

    return publish
