"""pytest fixtures for real infrastructure, shared by every test layer.

Where the broker and database come from, in order: URLs in the environment
(``AMQP_URI``, ``POSTGRES_URL``), then RabbitMQ and PostgreSQL on loopback, then
testcontainers where a Docker engine runs. A missing broker or database fails the run;
it never silently skips tests.
"""
import os
import shutil
import socket
import subprocess
import uuid
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

from .runtime.migrations import drop_database

TEST_VHOST_PREFIX = "etw_test_"


def _reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def _docker_available():
    return shutil.which("docker") is not None and subprocess.run(
        ["docker", "info"], capture_output=True).returncode == 0


def _rabbitmqctl():
    return shutil.which("rabbitmqctl")


def add_vhost(vhost):
    """A new, empty RabbitMQ vhost (one left under that name is deleted first) that guest may
    use; False where vhosts cannot be made here (no rabbitmqctl)."""
    ctl = _rabbitmqctl()
    if ctl is None:
        return False
    subprocess.run([ctl, "-q", "delete_vhost", vhost], capture_output=True)
    if subprocess.run([ctl, "-q", "add_vhost", vhost], capture_output=True).returncode != 0:
        return False
    subprocess.run([ctl, "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], capture_output=True,
                   check=True)
    return True


def delete_vhost(vhost):
    if vhost and _rabbitmqctl():
        subprocess.run([_rabbitmqctl(), "-q", "delete_vhost", vhost], capture_output=True)


def fresh_vhost(amqp_uri, vhost):
    """(``amqp_uri`` moved to a new vhost of that name, the vhost) on a broker of this machine,
    so no other running stack takes its messages; (``amqp_uri``, None) where that cannot be."""
    if urlparse(amqp_uri).hostname not in ("127.0.0.1", "localhost") or not add_vhost(vhost):
        return amqp_uri, None
    return urlparse(amqp_uri)._replace(path="/" + vhost).geturl(), vhost


def _fresh_vhost(vhost):
    """An isolated vhost per test run (named after its process), so neither a running
    development stack nor another test run ever takes this run's messages. Vhosts left by
    runs whose process is gone are removed."""
    ctl = _rabbitmqctl()
    if ctl is None:
        return False
    listed = subprocess.run([ctl, "-q", "list_vhosts"], capture_output=True, text=True).stdout.split()
    for name in listed:
        pid = name.removeprefix(TEST_VHOST_PREFIX).split("_")[0]
        if name.startswith(TEST_VHOST_PREFIX) and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            delete_vhost(name)
    return add_vhost(vhost)


@contextmanager
def separate_vhost(amqp_uri, suffix):
    """This run's broker under a vhost of its own (``etw_test_<pid>_<suffix>``), for a part of the
    suite whose long-running consumers must not share queues with the rest: the system tests'
    services would otherwise also take RPCs meant for the integration tests' containers. Yields
    ``amqp_uri`` itself where vhosts cannot be made (an external broker, no rabbitmqctl)."""
    base, _, vhost = amqp_uri.rpartition("/")
    own = f"{TEST_VHOST_PREFIX}{os.getpid()}_{suffix}"
    if not vhost.startswith(TEST_VHOST_PREFIX) or not _fresh_vhost(own):
        yield amqp_uri
        return
    try:
        yield f"{base}/{own}"
    finally:
        delete_vhost(own)


@pytest.fixture(scope="session", autouse=True)
def consumers_stop_promptly():
    """A test's containers are killed at its end, and each consumer waits for kombu's next wake-up
    to notice (every second by default): at a tenth of a second, about a second less per test
    that runs a service. Only the test process: services run as they would in production."""
    from nameko.messaging import QueueConsumer

    run = QueueConsumer.run

    def run_waking_often(self, _tokens=1, **kwargs):
        return run(self, _tokens, **{"safety_interval": 0.1, **kwargs})

    QueueConsumer.run = run_waking_often
    yield
    QueueConsumer.run = run


@pytest.fixture(scope="session")
def amqp_uri():
    if os.environ.get("AMQP_URI"):
        yield os.environ["AMQP_URI"]
        return
    if _reachable("127.0.0.1", 5672):
        vhost = f"{TEST_VHOST_PREFIX}{os.getpid()}"
        if _fresh_vhost(vhost):
            yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
            delete_vhost(vhost)
            return
        yield "amqp://guest:guest@127.0.0.1:5672/"
        return
    if _docker_available():
        from testcontainers.rabbitmq import RabbitMqContainer

        container = RabbitMqContainer("rabbitmq:3.13").start()
        host, port = container.get_container_host_ip(), container.get_exposed_port(5672)
        yield f"amqp://guest:guest@{host}:{port}/"
        container.stop()
        return
    pytest.fail("RabbitMQ is not reachable on 127.0.0.1:5672 and AMQP_URI is not set. "
                "Start it with: rabbitmq-server -detached")


@pytest.fixture(scope="session")
def pg_base():
    """A server URL without database name, e.g. postgresql+psycopg2://postgres@127.0.0.1:5432."""
    if os.environ.get("POSTGRES_URL"):
        return os.environ["POSTGRES_URL"].rstrip("/")
    if _reachable("127.0.0.1", 5432):
        return "postgresql+psycopg2://postgres@127.0.0.1:5432"
    if _docker_available():
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer("postgres:16", username="postgres", password="postgres").start()
        host, port = container.get_container_host_ip(), container.get_exposed_port(5432)
        return f"postgresql+psycopg2://postgres:postgres@{host}:{port}"
    pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 and POSTGRES_URL is not set. Start it with: "
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")


def recreate_database(url):
    """Drop and create a database, then the caller migrates it: every run starts empty."""
    from sqlalchemy import create_engine, pool, text
    from sqlalchemy.engine import make_url

    drop_database(url)
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'create database "{target.database}"'))
    admin.dispose()


def migrate(service_dir, url):
    """Run a service's Alembic migrations against ``url``."""
    from alembic import command
    from alembic.config import Config

    config = Config(os.path.join(service_dir, "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "heads")  # areas of a service may add independent migration branches


def fresh_service_database(pg_base, service, service_dir):
    url = f"{pg_base}/etw_test_{service}"
    recreate_database(url)
    migrate(service_dir, url)
    return url


def unique_email(prefix="teacher"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}@school.example.org"


def vhost_of(amqp_uri):
    return urlparse(amqp_uri).path.lstrip("/") or "/"
