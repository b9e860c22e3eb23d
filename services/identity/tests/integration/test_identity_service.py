"""identity in a real nameko container on the real broker and database."""
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.standalone.rpc import ServiceRpcProxy

from etwinning_contracts.errors import Invalid, NotFound
from identity.service import IdentityService


def registration(email):
    return {"email": email, "password": "long enough password", "username": f"u{uuid.uuid4().hex[:10]}",
            "first_name": "Jan", "last_name": "Kowalski", "member_type": "teacher",
            "works_in_pre_university_school": True}


@pytest.fixture
def identity(container_factory, identity_config):
    container = container_factory(IdentityService, identity_config)
    container.start()
    return identity_config


def test_registration_event_leaves_through_the_outbox_with_the_link(identity):
    with Connection(identity["AMQP_URI"]) as conn:
        queue = Queue(f"test-{uuid.uuid4().hex}", Exchange("identity.events", type="topic", durable=True),
                      routing_key="email_verification_requested", auto_delete=True)
        queue(conn.channel()).declare()
        email = f"jan-{uuid.uuid4().hex[:8]}@szkola.example.org"
        with ServiceRpcProxy("identity", identity) as rpc:
            assert rpc.register_user(**registration(email))["status"] == "accepted"
        with conn.SimpleQueue(queue) as simple:
            payload = {}
            while payload.get("email") != email:  # other tests may register people meanwhile
                message = simple.get(timeout=10)
                payload = message.payload
                message.ack()
    assert payload["version"] == 1
    assert payload["link"].startswith("https://etwinning.example/verify-email?token=")
    uuid.UUID(payload["event_id"])


def test_contract_errors_cross_rpc_as_themselves(identity):
    with ServiceRpcProxy("identity", identity) as rpc:
        with pytest.raises(Invalid) as invalid:
            rpc.register_user(email="not an email", password="x")
        assert "email" in invalid.value.errors and "username" in invalid.value.errors
        with pytest.raises(NotFound) as missing:
            rpc.verify_email(token="t" * 43)
        assert missing.value.code == "token_invalid"


def test_reads_go_on_after_the_database_dropped_every_connection(identity):
    """A database restart or failover closes the pooled connections; the next read notices on use
    and runs once more on a fresh connection instead of failing the caller."""
    from sqlalchemy import create_engine, text

    stranger = {"user_id": str(uuid.uuid4()), "roles": ["user"]}
    with ServiceRpcProxy("identity", identity) as rpc:
        for _ in range(3):  # connections into the read pool
            with pytest.raises(NotFound):
                rpc.get_my_profile(actor=stranger)
        engine = create_engine(identity["DATABASE_URL"])
        with engine.connect() as conn:
            dropped = conn.execute(text(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                "where datname = current_database() and pid <> pg_backend_pid()")).scalar()
        engine.dispose()
        assert dropped >= 1
        for _ in range(3):
            with pytest.raises(NotFound):  # the answer of a read that reached the database
                rpc.get_my_profile(actor=stranger)
