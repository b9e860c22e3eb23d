"""A gateway whose every worker waits on a slow service answers what it cannot take with a quick
503 problem, not a wait without end, and still tells its liveness probe it is alive."""
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import eventlet
import pytest
import requests
from nameko.containers import ServiceContainer

from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.testing import separate_vhost
from gateway.service import GatewayService
from identity.security import generate_key_pair

SLOW = 3  # seconds the stand-in takes, well within the gateway's RPC timeout
WORKERS = 2


class SlowDirectory:
    name = "directory"

    @rpc_method()
    def public_search_people(self, actor, **args):
        eventlet.sleep(SLOW)
        return {"items": [], "next_cursor": None}


@pytest.fixture
def gateway(amqp_uri, monkeypatch):
    monkeypatch.setenv("JWT_PUBLIC_KEY", generate_key_pair()[1])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with separate_vhost(amqp_uri, "gateway_overload") as uri:
        containers = [ServiceContainer(SlowDirectory, {"AMQP_URI": uri}),
                      ServiceContainer(GatewayService, {"AMQP_URI": uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
                                                        "RPC_TIMEOUT": 8, "max_workers": WORKERS})]
        try:
            for container in containers:
                container.start()
            yield f"http://127.0.0.1:{port}"
        finally:
            for container in reversed(containers):
                container.kill()


def test_a_gateway_with_every_worker_busy_answers_503_at_once_and_stays_alive(gateway):
    search = f"{gateway}/api/v1/public/search/people"
    with ThreadPoolExecutor(WORKERS) as pool:
        busy = [pool.submit(requests.get, search, timeout=30) for _ in range(WORKERS)]
        time.sleep(0.5)  # both workers now wait on the slow service
        started = time.monotonic()
        refused = requests.get(search, timeout=30)
        waited = time.monotonic() - started
        alive = requests.get(f"{gateway}/healthz", timeout=5)
        answers = [f.result() for f in busy]

    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert refused.headers["Content-Type"] == "application/problem+json" and refused.json()["code"] == "overloaded"
    assert waited < SLOW - 0.5  # refused after a short wait, not after the busy requests ended
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    assert [a.status_code for a in answers] == [200] * WORKERS
