import os
import re
import uuid
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from etwinning_contracts.actor import Actor
from etwinning_contracts.names import IdentityEvents as E
from etwinning_contracts.runtime.clock import FixedClock
from etwinning_contracts.runtime.db import UnitOfWork, prepare_on_connect
from etwinning_contracts.runtime.devstack import free_port
from etwinning_contracts.testing import drop_database, fresh_service_database

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


# ------------------------------------------------------------------ use cases on the real database

class Identity:
    """identity's use cases on the real database, one transaction per call as the service runs
    them (a refused call changes nothing), at a time the test sets. Emitted events are kept."""

    def __init__(self, url, security):
        from identity.db import IdentityRepository

        self.engine = create_engine(url)
        prepare_on_connect(self.engine, IdentityRepository.PREPARED)
        self.security = security
        self.clock = FixedClock(datetime.now(timezone.utc))
        self.events = []

    def __call__(self, use_case, *args, **kwargs):
        from identity.db import IdentityRepository, OutboxMessage

        with Session(self.engine, expire_on_commit=False) as session:
            uow = UnitOfWork(session, "identity", OutboxMessage, IdentityRepository(session), self.clock)
            emitted, emit = [], uow.emit
            uow.emit = lambda event_type, **facts: emitted.append((event_type, emit(event_type, **facts)))
            try:
                result = use_case(uow, *args, **kwargs)
                session.commit()
            except BaseException:
                session.rollback()
                raise
        self.events += emitted
        return result

    def events_of(self, event_type, user_id=None):
        return [facts for name, facts in self.events
                if name == event_type and (user_id is None or facts.get("user_id") == str(user_id))]

    def user(self, user_id):
        """The stored account, with its memberships, as it is now."""
        from identity.db import User

        with Session(self.engine, expire_on_commit=False) as session:
            user = session.get(User, uuid.UUID(str(user_id)))
            if user is not None:
                [m.school for m in user.memberships]  # loaded while the session is open
            return user

    def school(self, school_id):
        from identity.db import School

        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(School, uuid.UUID(str(school_id)))

    # people ------------------------------------------------------------------------------------
    def registered(self, member_type="teacher", password="long enough password"):
        """A person through registration and email verification (R5, R6)."""
        from identity import use_cases as uc

        handle = uuid.uuid4().hex[:10]
        email = f"t{handle}@school.example.org"
        self(uc.register, self.security, "https://etwinning.example", email=email, password=password,
             username=f"t{handle}", first_name="Ana", last_name=f"Teacher{handle}", member_type=member_type,
             works_in_pre_university_school=True, interface_language="en", preferences={})
        link = [f for f in self.events_of(E.EMAIL_VERIFICATION_REQUESTED) if f["email"] == email][-1]["link"]
        self(uc.verify_email, self.security, token=re.search(r"token=(\S+)", link).group(1), password=password)
        user_id = self.events_of(E.USER_REGISTERED)[-1]["user_id"]
        return SimpleNamespace(id=user_id, email=email, password=password, username=f"t{handle}",
                               actor=Actor(user_id=user_id, roles=("user",)))

    def join(self, person, school_id=None, country="ES", region=None, name=None, town="Sevilla"):
        """The school step / "Add organisation": an existing school, or a new one."""
        from identity import use_cases as uc

        if school_id is None:
            region = region or ("AN" if country == "ES" else None)  # Spain's NSO works by region (R13)
            new_school = {"name": name or f"Escuela {uuid.uuid4().hex[:8]}", "town": town, "country": country,
                          "region": region, "education_levels": ["primary"], "director_name": "D. Directora",
                          "director_email": "directora@school.example.org"}
            membership = self(uc.join_school, person.actor, new_school=new_school)
        else:
            membership = self(uc.join_school, person.actor, school_id=school_id)
        person.membership = membership
        person.school_id = str(membership["school"]["id"])
        person.task_id = self.events_of(E.VALIDATION_REQUESTED, person.id)[-1]["task_id"]
        return membership

    def teacher(self, country="ES", region=None, validated=False, **school):
        person = self.registered()
        self.join(person, country=country, region=region, **school)
        if validated:
            self.validate(person.task_id, self.officer(country))
        return person

    def officer(self, country, region=None, permissions=("validator",)):
        from identity import use_cases as uc

        email = f"nso-{uuid.uuid4().hex[:8]}@nso.example.org"
        user = self(uc.create_staff, self.security, email=email, password="staff password 12345",
                    role="nso_staff", country=country, region=region, permissions=permissions)
        return Actor(user_id=str(user.id), roles=("user", "nso_staff"), country=country, region=region,
                     permissions=tuple(permissions))

    def validate(self, task_id, officer):
        from identity import use_cases as uc

        self(uc.record_director_confirmation, officer, task_id=task_id, channel="phone", note=None)
        return self(uc.validate_teacher, officer, task_id=task_id)

    def close(self):
        self.engine.dispose()


@pytest.fixture(scope="session")
def security():
    from identity.security import Security, generate_key_pair, password_hasher

    return Security(generate_key_pair()[0], password_hasher("fast"))


@pytest.fixture
def identity_uc(identity_db, security):
    """Use cases on the database the service tests share (tests use their own people and schools)."""
    harness = Identity(identity_db, security)
    yield harness
    harness.close()


@pytest.fixture
def fresh_identity(pg_base, security):
    """Use cases on a database of their own, for what acts on every account (the lifecycle job)
    or changes reference data other tests rely on."""
    url = fresh_service_database(pg_base, f"identity_fresh_{uuid.uuid4().hex[:6]}", SERVICE_DIR)
    harness = Identity(url, security)
    yield harness
    harness.close()
    drop_database(url)
