"""``/healthz`` (the process is alive) and ``/readyz`` (broker and database reachable),
mixed into every service so each process can be probed the same way; it also brings what
every process needs once started (heap.py)."""
import json

from kombu import Connection
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.extensions import DependencyProvider
from .web import http
from sqlalchemy import text

from .db import Transactions
from .heap import FrozenStartupHeap


def _json(status, body):
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def readiness(container):
    checks = {}
    try:
        with Connection(container.config[AMQP_URI_CONFIG_KEY], connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"unreachable: {type(exc).__name__}"
    for ext in container.dependencies:
        if isinstance(ext, Transactions):
            try:
                with ext.engine.connect() as conn:
                    conn.execute(text("select 1"))
                checks["database"] = "ok"
            except Exception as exc:
                checks["database"] = f"unreachable: {type(exc).__name__}"
    return all(v == "ok" for v in checks.values()), checks


class ReadinessCheck(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return lambda: readiness(self.container)


class HealthEndpoints:
    """Mix into a nameko service class; served on the process's ``WEB_SERVER_ADDRESS``."""

    readiness_check = ReadinessCheck()
    startup_heap = FrozenStartupHeap()

    @http("GET", "/healthz")
    def healthz(self, request):
        return _json(200, {"status": "ok"})

    @http("GET", "/readyz")
    def readyz(self, request):
        ready, checks = self.readiness_check()
        return _json(200 if ready else 503, {"status": "ok" if ready else "unavailable", "checks": checks})
