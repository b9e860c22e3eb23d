"""identity in a real nameko container on the real broker and database."""
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.standalone.rpc import ServiceRpcProxy

from etwinning_contracts.errors import Forbidden, Invalid, NotFound
from identity import use_cases as uc
from identity.service import IdentityService


def registration(email):
    return {"email": email, "password": "long enough password", "username": f"u{uuid.uuid4().hex[:10]}",
            "first_name": "Jan", "last_name": "Kowalski", "member_type": "teacher",
            "works_in_pre_university_school": True,
            "preferences": {"languages": ["pl"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}}


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
    assert payload["link"].startswith("https://etwinning.example/verify-email?lang=")  # the page speaks the mail's language
    uuid.UUID(payload["event_id"])


def test_contract_errors_cross_rpc_as_themselves(identity):
    with ServiceRpcProxy("identity", identity) as rpc:
        with pytest.raises(Invalid) as invalid:
            rpc.register_user(email="not an email", password="x")
        assert "email" in invalid.value.errors and "username" in invalid.value.errors
        with pytest.raises(NotFound) as missing:
            rpc.verify_email(token="t" * 43, password="any password")
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


CSS_ACTOR = {"user_id": str(uuid.uuid4()), "roles": ["user", "css_staff"]}


def test_registration_refuses_staff_outside_pre_university_schools(identity):
    with ServiceRpcProxy("identity", identity) as rpc:
        with pytest.raises(Invalid) as refused:
            rpc.register_user(**{**registration(f"x-{uuid.uuid4().hex[:8]}@uni.example.org"),
                                 "works_in_pre_university_school": False})
    assert list(refused.value.errors) == ["works_in_pre_university_school"]


@pytest.mark.parametrize("now,message", [
    ("0001-01-01T00:00:00Z", "between 2000 and 2999"),
    ("9999-12-31T23:59:59-05:00", "between 2000 and 2999"),
    ("2001-01-01T00:00:00Z", "before the current time"),
    ("2099-01-01T00:00:00Z", "not be in the future"),
])
def test_a_lifecycle_run_at_a_date_it_must_not_run_at_is_a_clear_refusal(identity, identity_uc, now, message):
    """A central staff member cannot erase accounts by sending a future date, nor make the job fail."""
    teacher = identity_uc.teacher(validated=True)
    with ServiceRpcProxy("identity", identity) as rpc:
        with pytest.raises(Invalid) as refused:
            rpc.run_lifecycle(actor=CSS_ACTOR, now=now)
    assert message.lower() in " ".join(refused.value.errors["now"]).lower()
    assert identity_uc.user(teacher.id).state == "active_etwinner"


@pytest.fixture
def settable_identity(container_factory, identity_config, pg_base):
    import os

    from etwinning_contracts.testing import drop_database, fresh_service_database

    service_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    url = fresh_service_database(pg_base, f"identity_clock_{uuid.uuid4().hex[:6]}", service_dir)
    config = {**identity_config, "DATABASE_URL": url, "SETTABLE_CLOCK": True}
    container = container_factory(IdentityService, config)
    container.start()
    yield config
    container.kill()  # no work of its own left to finish: the test is over
    drop_database(url)


def test_where_the_clock_is_settable_the_job_runs_at_a_future_date(settable_identity):
    from datetime import datetime, timedelta, timezone

    future = (datetime.now(timezone.utc) + timedelta(days=731)).isoformat()
    with ServiceRpcProxy("identity", settable_identity) as rpc:
        assert rpc.run_lifecycle(actor=CSS_ACTOR, now=future)["more"] is False
        with pytest.raises(Forbidden):
            rpc.run_lifecycle(actor={"user_id": str(uuid.uuid4()), "roles": ["user"]}, now=future)


def test_a_settable_clock_is_refused_in_production(monkeypatch):
    from types import SimpleNamespace

    from identity.service import ClockPolicy

    policy = ClockPolicy()
    policy.container = SimpleNamespace(config={"SETTABLE_CLOCK": "on"})
    monkeypatch.setenv("ETW_ENV", "production")
    with pytest.raises(RuntimeError):
        policy.setup()
    monkeypatch.setenv("ETW_ENV", "development")
    policy.setup()
    assert policy.settable


def test_a_school_shows_its_registration_date_and_validated_teachers(identity, identity_uc):
    teacher = identity_uc.teacher(validated=True)
    identity_uc(uc.update_profile, teacher.actor, privacy={"profile_public": True})
    applicant = identity_uc.registered()
    identity_uc.join(applicant, school_id=teacher.school_id)
    with ServiceRpcProxy("identity", identity) as rpc:
        shown = rpc.get_school(school_id=teacher.school_id)
        as_member = rpc.get_school(actor={"user_id": teacher.id, "roles": ["user"]}, school_id=teacher.school_id)
    assert shown["school"]["registered_at"] and shown["school"]["director_email"] is None
    assert [(t["user_id"], t["current"], t["active"], t["ended_at"]) for t in shown["teachers"]] == \
        [(teacher.id, True, True, None)]  # the pending applicant is not a validated teacher (R40)
    assert as_member["school"]["director_email"] == "directora@school.example.org"


def test_published_events_leave_the_outbox_after_a_while_unpublished_ones_stay(identity_db):
    """The broker holds a published event: its row (names, addresses, links) goes after
    OUTBOX_KEEP_PUBLISHED_SECONDS; an event not yet published is never deleted."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import sessionmaker

    from etwinning_contracts.runtime.outbox import OutboxRelay
    from identity.db import OutboxMessage

    engine = create_engine(identity_db)
    Session = sessionmaker(engine)
    now = datetime.now(timezone.utc)
    rows = {name: OutboxMessage(event_id=uuid.uuid4(), event_type="test_purge", payload={"name": name},
                                created_at=now - timedelta(days=1), published_at=published)
            for name, published in (("old", now - timedelta(minutes=16)), ("recent", now - timedelta(minutes=14)),
                                    ("waiting", None))}
    try:
        with Session() as session:
            session.add_all(rows.values())
            session.commit()
        assert OutboxRelay(OutboxMessage).purge_published(Session, now=now) >= 1
        with Session() as session:
            left = session.scalars(select(OutboxMessage.payload["name"].astext)
                                   .where(OutboxMessage.event_type == "test_purge")).all()
        assert sorted(left) == ["recent", "waiting"]
    finally:
        with Session() as session:
            session.query(OutboxMessage).filter(OutboxMessage.event_type == "test_purge").delete()
            session.commit()
        engine.dispose()


def test_a_reset_link_asked_for_takes_as_long_for_a_known_address_as_for_an_unknown_one(identity):
    """R22: the answer is the same and so is its time, at least UNIFORM_ANSWER_SECONDS either
    way: the known address's work (a link stored, an email queued) takes a fraction of it."""
    import time

    from identity import domain as D

    email = f"jan-{uuid.uuid4().hex[:8]}@szkola.example.org"
    with ServiceRpcProxy("identity", identity) as rpc:
        rpc.register_user(**registration(email))
        answers = {}
        for address in (email, f"nobody-{uuid.uuid4().hex[:8]}@szkola.example.org"):
            for method in ("request_password_reset", "resend_verification"):
                started = time.monotonic()
                answer = getattr(rpc, method)(email=address)
                answers.setdefault(method, []).append((answer, time.monotonic() - started))
    for method, ((known, known_took), (unknown, unknown_took)) in answers.items():
        assert known == unknown, method
        assert min(known_took, unknown_took) >= D.UNIFORM_ANSWER_SECONDS, method


def test_requests_to_email_links_are_capped_per_client_address(container_factory, identity_config):
    """Registrations, links sent again and forgotten passwords, together, from one address: past
    the cap a 429 saying when to come back, whatever the address asked about; another client is
    still served, and a refused request is not counted."""
    from etwinning_contracts.errors import RateLimited

    container = container_factory(IdentityService, {**identity_config, "MAIL_REQUESTS_PER_CLIENT_PER_HOUR": 3})
    container.start()
    client = f"198.51.100.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:6]}"  # a client of this test alone
    with ServiceRpcProxy("identity", identity_config) as rpc:
        with pytest.raises(Invalid):
            rpc.register_user(client=client, **{**registration("b@school.example.org"), "password": "short"})
        rpc.register_user(client=client, **registration(f"c-{uuid.uuid4().hex[:8]}@school.example.org"))
        rpc.resend_verification(client=client, email="nobody@school.example.org")
        rpc.request_password_reset(client=client, email="nobody@school.example.org")
        for ask in (lambda: rpc.request_password_reset(client=client, email="other@school.example.org"),
                    lambda: rpc.register_user(client=client, **registration(f"d-{uuid.uuid4().hex[:8]}@x.example.org"))):
            with pytest.raises(RateLimited) as refused:
                ask()
            assert refused.value.code == "too_many_mail_requests" and 3500 <= refused.value.retry_after <= 3600
        assert rpc.resend_verification(client=client + "-other", email="nobody@school.example.org")["status"] \
            == "accepted"


def test_wrong_passwords_typed_with_a_verification_link_are_limited(identity, identity_uc):
    """Whoever holds the link may not guess the password with it: after 5 wrong ones, 429 for a
    while, the right one too; the count is the link's, and a right password before then works."""
    from etwinning_contracts.errors import RateLimited
    from etwinning_contracts.names import IdentityEvents as E

    def link_token(email):
        identity_uc(uc.register, identity_uc.security, "https://etwinning.example", interface_language="pl",
                    **{**registration(email), "preferences": {}})
        return [e for e in identity_uc.events_of(E.EMAIL_VERIFICATION_REQUESTED)
                if e["email"] == email][-1]["link"].split("token=")[1]

    guessed, typed_right = (link_token(f"jan-{uuid.uuid4().hex[:8]}@szkola.example.org") for _ in range(2))
    with ServiceRpcProxy("identity", identity) as rpc:
        for _ in range(5):
            with pytest.raises(Invalid) as wrong:
                rpc.verify_email(token=guessed, password="a guessed password")
            assert wrong.value.code == "wrong_password"
        with pytest.raises(RateLimited) as locked:
            rpc.verify_email(token=guessed, password="long enough password")
        assert locked.value.code == "password_locked"
        for _ in range(4):
            with pytest.raises(Invalid):
                rpc.verify_email(token=typed_right, password="a guessed password")
        assert rpc.verify_email(token=typed_right, password="long enough password")["status"] == "verified"
