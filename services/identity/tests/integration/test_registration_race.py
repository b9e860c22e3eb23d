"""Registrations of one address at the same moment, or of one username, through the unit of
work the service uses: the one that loses the race answers as a registration always does, so
nobody learns that the address has an account; a username goes to the first confirmed."""
import threading
import time
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from etwinning_contracts.errors import Conflict, Invalid
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


def test_the_same_username_registered_twice_goes_to_the_first_confirmed(tx, security):
    """A waiting registration holds no username (that would tell its address was new): both
    are accepted, and the second to confirm is told the username is taken."""
    username = f"r{uuid.uuid4().hex[:10]}"
    emails = [f"{side}-{uuid.uuid4().hex[:8]}@school.example.org" for side in "ab"]
    assert [register(tx, security, email, username) for email in emails] == [uc.GENERIC_ACCEPTED] * 2
    links = []
    with tx.Session() as session:
        for email in emails:
            links.append(session.execute(text("select payload->>'link' from outbox where payload->>'email' = :e "
                                              "and event_type = 'email_verification_requested'"),
                                         {"e": email}).scalar_one())
    with tx.unit() as uow:
        uc.verify_email(uow, security, token=links[1].split("token=")[1], password="long enough password")
    with pytest.raises(Conflict) as taken, tx.unit() as uow:
        uc.verify_email(uow, security, token=links[0].split("token=")[1], password="long enough password")
    assert taken.value.code == "username_taken"


def test_the_password_typed_with_the_link_picks_the_registration_and_a_wrong_one_leaves_the_link(tx, security):
    """Stored in PostgreSQL: two registrations of one address wait apart; a link opened with a
    password neither has changes nothing and still works; opened with the second's password, the
    account is the second's and no other registration's password hash stays."""
    email = f"twice-{uuid.uuid4().hex[:8]}@school.example.org"
    names = [f"r{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for name in names:
        with tx.unit() as uow:
            uc.register(uow, security, "https://etwinning.example", email=email, password=f"password of {name}",
                        username=name, first_name="Jan", last_name="Nowak", member_type="teacher",
                        works_in_pre_university_school=True, interface_language="pl", preferences=PREFERENCES)
    with tx.Session() as session:
        link = session.execute(text("select payload->>'link' from outbox where payload->>'email' = :e "
                                    "and event_type = 'email_verification_requested' order by id desc limit 1"),
                               {"e": email}).scalar_one()
    token = link.split("token=")[1]
    with pytest.raises(Invalid), tx.unit() as uow:
        uc.verify_email(uow, security, token=token, password="a guess")
    with tx.unit() as uow:
        assert names[1] in uc.verify_email(uow, security, token=token, password=f"password of {names[1]}")["detail"]
    with tx.unit() as uow:
        assert uc.login(uow, security, login=names[1], password=f"password of {names[1]}")["access_token"]
    with tx.Session() as session:
        assert session.execute(text("select count(*) from waiting_registrations w join users u on u.id = w.user_id "
                                    "where u.email = :e"), {"e": email}).scalar() == 0
