"""A gateway replica that lost its broker connection may have missed revocations (its event
queue lives with the connection): once reconnected, it trusts no access token issued before."""
import socket
import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from nameko.containers import ServiceContainer

from etwinning_contracts.testing import separate_vhost
from gateway.service import GatewayService
from identity.security import Security, generate_key_pair


@pytest.fixture
def gateway(amqp_uri, monkeypatch):
    private, public = generate_key_pair()
    monkeypatch.setenv("JWT_PUBLIC_KEY", public)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with separate_vhost(amqp_uri, "gateway_revocations") as uri:
        if uri == amqp_uri:
            pytest.fail("this test needs a vhost of its own (rabbitmqctl) to drop only its connections")
        container = ServiceContainer(GatewayService, {"AMQP_URI": uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
                                                      "RPC_TIMEOUT": 2})
        container.start()
        try:
            yield f"http://127.0.0.1:{port}", Security(private), uri.rpartition("/")[2]
        finally:
            container.kill()


def me(base, security):
    token = security.sign({"sub": str(uuid.uuid4()), "roles": ["user"]}, datetime.now(timezone.utc),
                          timedelta(minutes=5))
    return lambda: requests.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_tokens_issued_before_a_lost_broker_connection_must_be_renewed(gateway):
    base, security, vhost = gateway
    before = me(base, security)
    assert before().status_code == 503  # accepted: identity, absent here, is what is missing

    time.sleep(3)  # past the clock margin: the token is older than the reconnection
    subprocess.run(["rabbitmqctl", "-q", "close_all_connections", "--vhost", vhost, "--limit", "100", "test"], check=True,
                   capture_output=True)
    deadline = time.monotonic() + 20
    while (answer := before()).status_code != 401:
        assert time.monotonic() < deadline, "the reconnected gateway still trusts the old token"
        time.sleep(0.5)
    assert answer.json()["code"] == "token_expired"
    assert me(base, security)().status_code == 503  # a token issued after reconnecting is trusted
