"""The edges of the HTTP API on the running system: any method on any path, what a boolean is,
a body where none is taken or sent compressed, where help is pointed to, where a page cursor
leads; and the mail sink kept to this machine."""
import gzip
import json
import uuid

import pytest

from etwinning_contracts.runtime.devstack import Stack
from tests.conftest import eventually

pytestmark = pytest.mark.system


def is_problem(response, status, code):
    return (response.status_code, response.headers["Content-Type"], response.json()["code"]) == \
        (status, "application/problem+json", code)


def test_any_method_on_any_path_gets_a_problem_document(api):
    for path in ("/api/v1/me", "/healthz"):
        for method in ("TRACE", "PROPFIND"):
            refused = api.request(method, path)
            assert is_problem(refused, 405, "method_not_allowed"), (method, path)
            assert "GET" in refused.headers["Allow"]
    assert is_problem(api.request("TRACE", "/api/v1/nowhere"), 404, "no_route")


def test_a_boolean_in_a_body_is_true_or_false(register_teacher, api):
    teacher = register_teacher(country="IT", validated=False)
    loose = teacher.patch("/api/v1/me", json={"privacy": {"profile_public": "on"}})
    assert is_problem(loose, 422, "validation_failed")
    assert loose.json()["errors"] == {"privacy": {"profile_public": ["Not a valid boolean."]}}
    registration = api.post("/api/v1/registrations", json={
        "email": f"yes-{uuid.uuid4().hex[:8]}@school.example.org", "password": "a long enough password",
        "username": f"yes{uuid.uuid4().hex[:8]}", "first_name": "Ana", "last_name": "Yes", "member_type": "teacher",
        "works_in_pre_university_school": "yes", "preferences": {
            "languages": ["en"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}})
    assert is_problem(registration, 422, "validation_failed")
    assert registration.json()["errors"] == {"works_in_pre_university_school": ["Not a valid boolean."]}
    assert teacher.patch("/api/v1/me", json={"privacy": {"profile_public": True}}).json()["privacy"]["profile_public"]


def test_a_body_sent_where_none_is_taken_is_refused(register_teacher):
    teacher = register_teacher(country="IT", validated=False)
    refused = teacher.post("/api/v1/me/deletion-request", json={"password": "x"})
    assert is_problem(refused, 422, "no_body_expected") and refused.json()["errors"] == {"password": ["Unknown field."]}
    assert teacher.post("/api/v1/me/deletion-request", json={}).status_code == 202


def test_a_compressed_body_is_refused_rather_than_misread(register_teacher):
    teacher = register_teacher(country="IT", validated=False)
    about = json.dumps({"about": "Matematica e fisica"}).encode()
    json_body = {"Content-Type": "application/json"}
    for encoding, body in (("gzip", gzip.compress(about)), ("br", about), ("gzip", about)):
        refused = teacher.patch("/api/v1/me", data=body, headers={**json_body, "Content-Encoding": encoding})
        assert is_problem(refused, 415, "unsupported_content_encoding"), encoding
    assert teacher.get("/api/v1/me").json()["about"] != "Matematica e fisica"
    plain = teacher.patch("/api/v1/me", data=about, headers={**json_body, "Content-Encoding": "identity"})
    assert plain.status_code == 200 and plain.json()["about"] == "Matematica e fisica"


def test_a_failed_password_reset_points_to_help_beside_the_field_errors(api):
    unknown = api.post("/api/v1/auth/password-reset/confirm", json={"token": "x" * 40, "new_password": "a new password"})
    assert unknown.status_code == 404 and unknown.json()["support"] == ["/api/v1/nsos"]
    assert "errors" not in unknown.json()


def listening_addresses(port):
    """The local addresses this machine listens on at ``port`` (Linux's socket tables)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_mail_sink_listens_on_loopback_only(stack, monkeypatch):
    # every emailed token is on its page: not for the network, even inside a container
    for name in ("smtp", "mail_http"):
        assert listening_addresses(stack.ports[name]) == {"0100007F"}, name  # 127.0.0.1
    monkeypatch.setenv("MAILSINK_HOST", "0.0.0.0")  # a container other containers send mail to
    command = Stack(ports={}).commands()["mailsink"]
    assert command[command.index("--host") + 1] == "0.0.0.0"


def test_a_page_cursor_and_a_query_flag_are_read_as_issued(register_teacher, api):
    """A next_cursor leads on in the list that gave it and nowhere else; a flag of a query string
    is true or false, as OpenAPI writes a boolean there."""
    surname = f"Paginação{uuid.uuid4().hex[:4]}"
    teacher = register_teacher(country="PT", first_name="Rita", last_name=surname)
    register_teacher(country="PT", first_name="Rui", last_name=surname)
    people = "/api/v1/search/people"
    first = eventually(lambda: teacher.get(people, params={"q": surname, "limit": 1}).json()["next_cursor"])
    assert first, "two people of that name, one a page"
    following = teacher.get(people, params={"q": surname, "limit": 1, "cursor": first})
    assert following.status_code == 200 and len(following.json()["items"]) == 1
    for path in ("/api/v1/search/schools", "/api/v1/twinfinder/teachers", "/api/v1/contacts"):
        assert is_problem(teacher.get(path, params={"cursor": first}), 422, "bad_cursor"), path
    assert is_problem(api.get("/api/v1/public/search/people", params={"q": surname, "cursor": first}),
                      422, "bad_cursor")

    for loose in ("1", "True", "yes", "0"):
        refused = teacher.get(people, params={"q": surname, "validated_only": loose})
        assert is_problem(refused, 422, "validation_failed"), loose
        assert refused.json()["errors"] == {"validated_only": ["Not a valid boolean."]}
    strict = teacher.get(people, params={"q": surname, "validated_only": "true", "available_only": "false"})
    assert strict.status_code == 200 and len(strict.json()["items"]) == 2
