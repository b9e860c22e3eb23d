"""In-memory stand-ins for the repository, the unit of work and the security helpers,
so use cases can be tested without a database. Tests get them through ``make_uow``."""
import json
import uuid

import pytest
from datetime import datetime, timezone

from etwinning_contracts.runtime.clock import FixedClock
from identity import db
from identity.db import Country, Nso, OneTimeToken, RefreshToken


class FakeRepo:
    def __init__(self):
        self.users, self.tokens, self.refresh, self.failures, self.other, self.logins = {}, {}, {}, {}, [], []
        self.mail_requests, self.waiting = [], []
        self.countries = {"ES": Country(code="ES", participating=True, etwinning_plus=False),
                          "GB": Country(code="GB", participating=False, etwinning_plus=False)}

    def add(self, obj):
        if isinstance(obj, db.User):
            obj.memberships = obj.memberships or []
            self.users[obj.id] = obj
        elif isinstance(obj, OneTimeToken):
            self.tokens[obj.token_hash] = obj
        elif isinstance(obj, RefreshToken):
            self.refresh[obj.token_hash] = obj
        else:
            self.other.append(obj)
        return obj

    def flush(self):
        pass

    # the real repository's constructors, building the same mapped rows, kept in memory
    def new_user(self, **values):
        return self.add(db.User(id=uuid.uuid4(), revision=0, **values))

    def new_school(self, **values):
        return self.add(db.School(id=uuid.uuid4(), revision=0, **values))

    def new_membership(self, **values):
        return self.add(db.Membership(id=uuid.uuid4(), **values))

    def new_validation_task(self, **values):
        return self.add(db.ValidationTask(id=uuid.uuid4(), state="open", **values))

    def new_school_change(self, **values):
        return self.add(db.SchoolChange(**values))

    def new_nso(self, **values):
        return self.add(db.Nso(**values))

    def new_one_time_token(self, **values):
        return self.add(db.OneTimeToken(**values))

    def new_refresh_token(self, **values):
        return self.add(db.RefreshToken(**values))

    def user(self, user_id, lock=False):
        return self.users.get(uuid.UUID(str(user_id)))

    user_profile = user

    def user_by_email(self, email):
        return next((u for u in self.users.values() if u.email and u.email.lower() == email.lower()), None)

    def user_by_login(self, login):
        return next((u for u in self.users.values()
                     if login.lower() in ((u.email or "").lower(), (u.username or "").lower())), None)

    def username_taken(self, username):
        return any((u.username or "").lower() == username.lower() for u in self.users.values())

    def lock_user(self, user_id):
        pass  # one test, one thread: nothing to wait for

    def links_sent_since(self, user_id, kind, since):
        return sum(1 for t in self.tokens.values() if t.user_id == user_id and t.kind == kind and t.created_at >= since)

    def void_tokens(self, user_id, kind, now):
        for t in self.tokens.values():
            if t.user_id == user_id and t.kind == kind and t.used_at is None:
                t.used_at = now

    def add_waiting_registration(self, user_id, registration, now, keep):
        self.waiting.append((user_id, registration))
        mine = [w for w in self.waiting if w[0] == user_id]
        self.waiting = [w for w in self.waiting if w[0] != user_id] + mine[-keep:]

    def waiting_registrations(self, user_id):
        return [r for u, r in reversed(self.waiting) if u == user_id]

    def forget_waiting_registrations(self, user_id):
        self.waiting = [w for w in self.waiting if w[0] != user_id]

    def one_time_token(self, token_hash, kind, lock=True):
        t = self.tokens.get(token_hash)
        return t if t is not None and t.kind == kind else None

    def refresh_token(self, token_hash, lock=True):
        return self.refresh.get(token_hash)

    def refresh_successors(self, family_id, created_at):
        return [t for t in self.refresh.values() if t.family_id == family_id and t.created_at > created_at]

    def rotated_after(self, family_id, created_at):
        return any(t.family_id == family_id and t.created_at > created_at for t in self.refresh.values())

    def revoke_refresh_tokens(self, now, user_id=None, family_id=None):
        for t in self.refresh.values():
            if t.revoked_at is None and (t.user_id == user_id if user_id else t.family_id == family_id):
                t.revoked_at = now

    def recent_login_failures(self, key, client_key, since):
        recent = [c for k, c, at in self.failures.values() if k == key and at >= since]
        return recent.count(client_key), len(recent)

    def lock_key(self, key):
        pass  # one test, one thread

    def mail_requests_since(self, client_key, since):
        times = [at for key, at in self.mail_requests if key == client_key and at >= since]
        return len(times), min(times, default=None)

    def record_mail_request(self, client_key, at):
        self.mail_requests.append((client_key, at))

    def record_login_failure(self, key, client_key, at):
        failure_id = max(self.failures, default=0) + 1
        self.failures[failure_id] = (key, client_key, at)
        return failure_id

    def delete_login_failure(self, failure_id):
        self.failures.pop(failure_id, None)

    def clear_login_failures(self, key, client_key=...):
        self.failures = {i: f for i, f in self.failures.items()
                         if f[0] != key or (client_key is not ... and f[1] != client_key)}

    def country(self, code):
        return self.countries.get(code)

    def nso(self, country):
        return Nso(country=country, name=f"NSO {country}", email=f"nso@{country.lower()}.example", regions=[])

    def record_login(self, user_id, at, method, keep):
        self.logins.append((user_id, at, method))

    def validation_tasks_of_user(self, user_id):
        return []

    def forget_director_contact(self, user, their_schools):
        pass  # no schools here: the integration tests check it

    def erase_user_rows(self, user_id):
        self.tokens = {h: t for h, t in self.tokens.items() if t.user_id != user_id}
        self.refresh = {h: t for h, t in self.refresh.items() if t.user_id != user_id}


class FakeUow:
    def __init__(self, at=datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)):
        self.repo = FakeRepo()
        self.security = FakeSecurity()
        self.clock = FixedClock(at)
        self.events = []

    def now(self):
        return self.clock.now()

    def emit(self, event_type, **facts):
        self.events.append((event_type, facts))

    def events_of(self, event_type):
        return [facts for name, facts in self.events if name == event_type]


class FakeSecurity:
    dummy_hash = "h:dummy"

    def hash_password(self, password, salt=None):
        return "h:" + password

    def verify_password(self, password_hash, password):
        return password_hash == "h:" + password

    def matching(self, password, hashes):
        return next((i for i, h in enumerate(hashes) if self.verify_password(h, password)), None)

    def needs_rehash(self, password_hash):
        return False

    def sign(self, claims, now, ttl):
        return json.dumps({**claims, "exp": (now + ttl).isoformat()})


@pytest.fixture
def make_uow():
    return FakeUow
