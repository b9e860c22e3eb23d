"""System-test fixtures: the whole system (every service, the gateway, a mail sink) started
once per test run on the real broker and database, and helpers to act as its users."""
import os
import re
import time
import uuid

import pytest
import requests

from etwinning_contracts.runtime.devstack import SERVICES_WITH_DB, Stack, free_port
from etwinning_contracts.testing import drop_database, recreate_database, separate_vhost


# The gateway's RPC timeout in the system stack: production's default, so that a slow call (the
# first requests while the services warm up, the fuzz run's largest bodies) has the time it has
# in production; the hung-service test waits for it.
RPC_TIMEOUT = 8


def eventually(check, timeout=10):
    """The read model follows identity's events within moments; wait for it like a user would."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def known_to_directory(user, validated=True):
    """Wait until directory knows this user (and their validation), as search shows them."""
    me = user.get("/api/v1/me").json()

    def listed():
        found = user.get("/api/v1/search/people", params={"q": me["last_name"], "limit": 100}).json()["items"]
        return any(p["user_id"] == me["id"] and p["etwinning_validated"] == validated for p in found)
    assert eventually(listed), "directory never learnt about this user"
    return me["id"]


@pytest.fixture(scope="session")
def system_amqp_uri(amqp_uri):
    with separate_vhost(amqp_uri, "system") as uri:
        yield uri


@pytest.fixture(scope="session")
def stack(system_amqp_uri, pg_base, tmp_path_factory):
    ports = {name: free_port() for name in ("identity", "notify", "directory", "smtp", "mail_http")}
    # databases and a vhost of their own per run, so two test runs on one machine never collide,
    # and the integration tests' containers never share a queue with these services
    system = Stack(amqp_uri=system_amqp_uri, pg_base=pg_base, db_prefix=f"etw_test_{os.getpid()}_",
                   state_dir=tmp_path_factory.mktemp("stack"), gateway_port=free_port(), ports=ports,
                   log_to_files=True, extra_env={"RPC_TIMEOUT": str(RPC_TIMEOUT), "LOG_LEVEL": "WARNING",
                                                  "PASSWORD_HASHING": "fast",
                                                  # as behind an ingress: X-Forwarded-For's last address is
                                                  # the client's (a test may speak from elsewhere)
                                                  "TRUSTED_PROXY_HOPS": "1"})
    for service in SERVICES_WITH_DB:
        recreate_database(system.db_url(service))
    system.prepare()
    system.start()
    yield system
    system.stop()
    for service in SERVICES_WITH_DB:
        drop_database(system.db_url(service))


class Api:
    """A tiny HTTP client for the gateway that remembers a user's access token."""

    def __init__(self, base, token=None):
        self.base, self.token = base, token

    def request(self, method, path, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class Mailbox:
    """Reads what the development mail sink received, as a person would."""

    def __init__(self, directory):
        self.directory = directory

    def messages_to(self, address):
        from notify.mailsink import read_messages

        return [m for m in read_messages(self.directory) if address.lower() in m["to"].lower()]

    def wait_for(self, address, subject_contains="", timeout=20, count=1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages_to(address) if subject_contains.lower() in m["subject"].lower()]
            if len(found) >= count:
                return found[0]  # the newest
            time.sleep(0.2)
        raise AssertionError(f"no mail to {address} with {subject_contains!r} within {timeout}s")

    @staticmethod
    def link_token(message):
        match = re.search(r"token=([A-Za-z0-9_\-]+)", message["text"])
        assert match, f"no link in: {message['text']}"
        return match.group(1)


@pytest.fixture(scope="session")
def api(stack):
    return Api(stack.gateway_url)


@pytest.fixture(scope="session")
def mailbox(stack):
    return Mailbox(stack.mail_dir)


@pytest.fixture(scope="session")
def staff(stack):
    """Creates staff accounts the way an operator does: with the identity management command."""
    import subprocess
    import sys

    def create(role, country=None, permissions=("validator",)):
        email = f"{role}-{country or 'eu'}-{uuid.uuid4().hex[:6]}@nso.example.org"
        password = "staff password 12345"
        cmd = [sys.executable, "-m", "identity.manage", "create-staff", "--email", email, "--role", role,
               "--password-stdin"]
        if country:
            cmd += ["--country", country]
        for p in permissions if role == "nso_staff" else ():
            cmd += ["--permission", p]
        done = subprocess.run(cmd, input=password, text=True, env=stack.env(), capture_output=True)
        assert done.returncode == 0, f"create-staff failed:\n{done.stderr[-3000:]}"
        api = Api(stack.gateway_url)
        response = api.post("/api/v1/auth/login", json={"login": email, "password": password})
        assert response.status_code == 200, response.text
        api.token = response.json()["access_token"]
        return api

    return create


@pytest.fixture(scope="session")
def register_teacher(stack, api, mailbox, staff):
    """A teacher through registration, email verification and the school step; validated by
    the NSO of the school's country when ``validated`` is true."""
    officers = {}

    def register(country="ES", validated=True, first_name="Ana", last_name="Müller", **extra):
        handle = re.sub(r"[^a-z]", "", first_name.lower()) or "teacher"  # names may be in any script
        email = f"{handle}-{uuid.uuid4().hex[:8]}@school.example.org"
        password = "a long enough password"
        username = f"{handle}{uuid.uuid4().hex[:8]}"
        body = {"email": email, "password": password, "username": username, "first_name": first_name,
                "last_name": last_name, "member_type": "teacher", "works_in_pre_university_school": True,
                "preferences": {"languages": ["en"], "subjects": ["mathematics"], "age_groups": ["12-15"],
                                "ict_use": "basic"}}
        body["preferences"].update(extra.pop("preferences", {}))
        body.update(extra)
        assert api.post("/api/v1/registrations", json=body).status_code == 202
        token = Mailbox.link_token(mailbox.wait_for(email, "confirm"))
        assert api.post("/api/v1/registrations/verify", json={"token": token, "password": body["password"]}).status_code == 200
        user = Api(stack.gateway_url)
        login = user.post("/api/v1/auth/login", json={"login": email, "password": password})
        assert login.status_code == 200, login.text
        user.token = login.json()["access_token"]
        school = user.post("/api/v1/me/schools", json={"new_school": {
            "name": f"Escuela {uuid.uuid4().hex[:6]}", "town": "Sevilla", "country": country,
            "region": "AN" if country == "ES" else None,  # Spain's NSO validates region by region (R13)
            "education_levels": ["primary"], "director_name": "D. Director", "director_email": "dir@school.example.org"}})
        assert school.status_code == 201, school.text
        user.email, user.password, user.username = email, password, username
        user.membership = school.json()
        if validated:
            officer = officers.get(country)
            queue = officer.get("/api/v1/validation-tasks", params={"limit": 200}) if officer else None
            if queue is None or queue.status_code == 401:  # the lifecycle test may have removed the officer
                officer = officers[country] = staff("nso_staff", country)
                queue = officer.get("/api/v1/validation-tasks", params={"limit": 200})
            assert queue.status_code == 200, queue.text
            tasks = queue.json()["items"]
            task = next(t for t in tasks if t["applicant_email"] == email)
            assert officer.post(f"/api/v1/validation-tasks/{task['id']}/director-confirmation",
                                json={"channel": "phone"}).status_code == 200
            assert officer.post(f"/api/v1/validation-tasks/{task['id']}/validate").status_code == 200
            relog = user.post("/api/v1/auth/login", json={"login": email, "password": password})
            user.token = relog.json()["access_token"]
        return user

    return register
