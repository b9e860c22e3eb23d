"""The shared inbox: duplicates are applied once, failures are parked, retried and replayable."""
import time
import uuid
from datetime import datetime, timezone

import pytest
from nameko.standalone.events import event_dispatcher
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from etwinning_contracts.runtime.db import Transactions
from etwinning_contracts.runtime.inbox import Inbox, on_event, replay_parked
from identity.db import IdentityRepository, InboxEntry, OutboxMessage, ParkedEvent

APPLIED = []
FAILURES_LEFT = {}


class Consumer:
    name = "inbox_probe"
    tx = Transactions(OutboxMessage, IdentityRepository)
    inbox = Inbox(InboxEntry, ParkedEvent, retry_poll_seconds=0.5)

    @on_event("identity", "user_changed")
    def remember(self, session, payload):
        if FAILURES_LEFT.get(payload["event_id"], 0) > 0:
            FAILURES_LEFT[payload["event_id"]] -= 1
            raise RuntimeError("downstream not ready")
        APPLIED.append(payload["event_id"])


def event():
    return {"event_id": str(uuid.uuid4()), "occurred_at": datetime.now(timezone.utc).isoformat(), "version": 1,
            "user_id": str(uuid.uuid4())}


def wait_until(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def consumer(container_factory, identity_config):
    config = dict(identity_config, EVENT_MAX_ATTEMPTS=2)
    container = container_factory(Consumer, config)
    container.start()
    return config, container


def parked_rows(container, event_id):
    engine = create_engine(container.config["DATABASE_URL"])
    with Session(engine) as session:
        rows = session.scalars(select(ParkedEvent).where(ParkedEvent.event_id == uuid.UUID(event_id))).all()
        result = [(r.id, r.state, r.attempts) for r in rows]
    engine.dispose()
    return result


def test_a_duplicate_event_is_applied_once(consumer):
    config, _ = consumer
    dispatch = event_dispatcher(config)
    payload = event()
    dispatch("identity", "user_changed", payload)
    dispatch("identity", "user_changed", payload)
    assert wait_until(lambda: payload["event_id"] in APPLIED)
    time.sleep(0.5)
    assert APPLIED.count(payload["event_id"]) == 1


def test_a_failing_event_is_parked_retried_and_replayable(consumer):
    config, container = consumer
    dispatch = event_dispatcher(config)
    payload = event()
    FAILURES_LEFT[payload["event_id"]] = 2  # fails twice: parked as dead after EVENT_MAX_ATTEMPTS=2
    dispatch("identity", "user_changed", payload)
    assert wait_until(lambda: [r[1] for r in parked_rows(container, payload["event_id"])] == ["dead"], timeout=20)
    assert payload["event_id"] not in APPLIED

    engine = create_engine(config["DATABASE_URL"])
    (parked_id, _, _), = parked_rows(container, payload["event_id"])
    assert replay_parked(sessionmaker(bind=engine), ParkedEvent, parked_id)  # the operator's replay
    assert wait_until(lambda: payload["event_id"] in APPLIED)
    assert wait_until(lambda: [r[1] for r in parked_rows(container, payload["event_id"])] == ["resolved"])
    engine.dispose()
