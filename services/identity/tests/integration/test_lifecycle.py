"""The daily lifecycle job (R41-R43) on the real database, in batches, with a database of its own
(the job acts on every account old enough, which other tests' accounts would become)."""
import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from etwinning_contracts.runtime.clock import FixedClock
from etwinning_contracts.runtime.db import UnitOfWork
from etwinning_contracts.testing import drop_database, fresh_service_database
from identity import use_cases as uc
from identity.db import IdentityRepository, OutboxMessage, User

SERVICE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
NOW = datetime(2030, 6, 1, tzinfo=timezone.utc)


@pytest.fixture
def engine(pg_base):
    url = fresh_service_database(pg_base, "identity_lifecycle", SERVICE_DIR)
    engine = create_engine(url)
    yield engine
    engine.dispose()
    drop_database(url)


def account(n, state, idle_days):
    """Account number ``n`` (its id sorts by n), last seen ``idle_days`` before NOW."""
    seen = NOW - timedelta(days=idle_days)
    return User(id=uuid.UUID(int=n), username=f"teacher{n}", email=f"teacher{n}@school.example",
                first_name="Ana", last_name=f"Teacher{n}", member_type="teacher", state=state,
                created_at=seen - timedelta(days=30), last_login_at=seen, email_verified_at=seen)


def run_once(engine, batch):
    with Session(engine, expire_on_commit=False) as session:
        uow = UnitOfWork(session, "identity", OutboxMessage, IdentityRepository(session), FixedClock(NOW))
        result = uc.run_lifecycle(uow, batch=batch)
        session.commit()
        return result


def test_accounts_waiting_for_removal_never_hold_back_those_that_are_due(engine):
    waiting = [account(n, "inactive", 800) for n in range(1, 6)]  # inactive, removed only at 1095 days
    idle = [account(n, "active_etwinner", 731) for n in (10, 11)]
    old = account(20, "inactive", 1100)
    recent = account(30, "active_etwinner", 5)
    with Session(engine, expire_on_commit=False) as session:
        session.add_all(waiting + idle + [old, recent])
        session.commit()

    runs = [run_once(engine, batch=2)]
    while runs[-1]["more"]:
        runs.append(run_once(engine, batch=2))
        assert len(runs) < 5, runs  # the five waiting accounts would fill every batch of two

    assert sum(r["inactivated"] for r in runs) == 2 and sum(r["removed"] for r in runs) == 1
    assert runs[0]["more"] and not runs[-1]["more"]
    with Session(engine) as session:
        states = dict(session.execute(select(User.id, User.state)).all())
        removed = session.get(User, old.id)
        assert removed.email is None and removed.last_name is None and removed.erased_at == NOW
    assert {states[u.id] for u in waiting} == {"inactive"}
    assert {states[u.id] for u in idle} == {"inactive"}
    assert states[old.id] == "removed" and states[recent.id] == "active_etwinner"
    assert run_once(engine, batch=2) == {"inactivated": 0, "removed": 0, "warned": 0, "purged_unverified": 0,
                                         "escalated": 0, "more": False}
