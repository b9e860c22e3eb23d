import os

import pytest

from etwinning_contracts.runtime.devstack import free_port
from etwinning_contracts.testing import fresh_service_database

SERVICE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


@pytest.fixture(scope="session")
def identity_db(pg_base):
    return fresh_service_database(pg_base, "identity_it", SERVICE_DIR)


@pytest.fixture
def identity_config(amqp_uri, identity_db, monkeypatch):
    from identity.security import generate_key_pair

    monkeypatch.setenv("JWT_PRIVATE_KEY", generate_key_pair()[0])
    return {"AMQP_URI": amqp_uri, "DATABASE_URL": identity_db, "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
            "PUBLIC_BASE_URL": "https://etwinning.example", "OUTBOX_POLL_SECONDS": 0.2}
