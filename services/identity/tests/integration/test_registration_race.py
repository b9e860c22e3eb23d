"""Two registrations of one address (or one username) at the same moment, through the unit of
work the service uses: the one that loses the race answers as a registration always does, so
nobody learns that the address has an account; a taken username is the usual 409."""
import threading
import time
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from etwinning_contracts.errors import Conflict, Gone
from etwinning_contracts.runtime.db import Transactions
from identity import use_cases as uc
from identity.db import IdentityRepository, OutboxMessage
from identity.service import registration_race

PREFERENCES = {"languages": ["pl"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}


@pytest.fixture
def tx(identity_db):
    tx = Transactions(OutboxMessage, IdentityRepository)
    tx.container = SimpleNamespace(config={"DATABASE_URL": identity_db}, service_name="identity", dependencies=[])
    tx.setup()
    yield tx
    tx.stop()


def register(tx, security, email, username):
    """As IdentityService.register_user does it."""
    try:
        with tx.unit() as uow:
            return uc.register(uow, security, "https://etwinning.example", email=email, password="long enough password",
                               username=username, first_name="Jan", last_name="Nowak", member_type="teacher",
                               works_in_pre_university_school=True, interface_language="pl", preferences=PREFERENCES)
    except Conflict as exc:
        return registration_race(exc)


def race(tx, security, first, second):
    """``first`` registered in a unit held open; ``second`` meanwhile in another thread, where it
    waits on the first's row in the unique index; then the first commits."""
    outcome = {}

    def other():
        try:
            outcome["value"] = register(tx, security, *second)
        except Exception as exc:
            outcome["error"] = exc

    with tx.unit() as uow:
        uc.register(uow, security, "https://etwinning.example", email=first[0], password="long enough password",
                    username=first[1], first_name="Jan", last_name="Nowak", member_type="teacher",
                    works_in_pre_university_school=True, interface_language="pl", preferences=PREFERENCES)
        uow.repo.flush()
        thread = threading.Thread(target=other)
        thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the second waits on the first's row
            with tx.Session() as session:
                if session.execute(text("select count(*) from pg_stat_activity where datname = current_database() "
                                        "and wait_event_type = 'Lock'")).scalar():
                    break
            time.sleep(0.05)
    thread.join(15)
    return outcome


def test_the_same_address_twice_at_once_answers_both_the_same(tx, security):
    email = f"race-{uuid.uuid4().hex[:8]}@school.example.org"
    outcome = race(tx, security, (email, f"r{uuid.uuid4().hex[:10]}"), (email, f"r{uuid.uuid4().hex[:10]}"))
    assert outcome.get("value") == uc.GENERIC_ACCEPTED, outcome


def test_the_same_username_twice_at_once_is_a_taken_username(tx, security):
    username = f"r{uuid.uuid4().hex[:10]}"
    outcome = race(tx, security, (f"a-{uuid.uuid4().hex[:8]}@school.example.org", username),
                   (f"b-{uuid.uuid4().hex[:8]}@school.example.org", username))
    assert isinstance(outcome.get("error"), Conflict) and outcome["error"].code == "username_taken", outcome


def test_each_registration_of_an_unconfirmed_address_is_confirmed_by_its_own_link(tx, security):
    """Stored in PostgreSQL: the links of two registrations of one address each carry their own
    username and password; the one opened decides, the other is dead, no password hash stays."""
    email = f"twice-{uuid.uuid4().hex[:8]}@school.example.org"
    names = [f"r{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for name in names:
        with tx.unit() as uow:
            uc.register(uow, security, "https://etwinning.example", email=email, password=f"password of {name}",
                        username=name, first_name="Jan", last_name="Nowak", member_type="teacher",
                        works_in_pre_university_school=True, interface_language="pl", preferences=PREFERENCES)
    with tx.Session() as session:
        links = session.execute(text("select payload->>'link' from outbox where payload->>'email' = :e "
                                     "and event_type = 'email_verification_requested' order by id"),
                                {"e": email}).scalars().all()
    first, second = (link.split("token=")[1] for link in links)
    with tx.unit() as uow:
        assert names[1] in uc.verify_email(uow, token=second)["detail"]
    with tx.unit() as uow:
        assert uc.login(uow, security, login=names[1], password=f"password of {names[1]}")["access_token"]
    with pytest.raises(Gone), tx.unit() as uow:
        uc.verify_email(uow, token=first)
    with tx.Session() as session:
        assert session.execute(text("select count(*) from one_time_tokens t join users u on u.id = t.user_id "
                                    "where u.email = :e and t.registration is not null"), {"e": email}).scalar() == 0
