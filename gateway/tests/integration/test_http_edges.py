"""The real gateway over HTTP, in front of stand-ins for identity and directory on RabbitMQ:
what every request gets whatever its method, body or booleans, and how a service's error
becomes a problem document (members beside the field errors, Retry-After)."""
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from nameko.containers import ServiceContainer

from etwinning_contracts.errors import Gone, RateLimited
from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.testing import separate_vhost
from gateway.service import GatewayService
from identity.security import Security, generate_key_pair

ACCEPTED = {"status": "accepted", "detail": "Done."}
REGISTRATION = {
    "email": "ana@school.example.org", "password": "a long passphrase", "username": "ana.garcia",
    "first_name": "Ana", "last_name": "García", "member_type": "teacher", "works_in_pre_university_school": True,
    "preferences": {"languages": ["es"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}}
GROUP = {"name": "History club", "description": "Teachers of history compare their towns.", "subject": "history",
         "access_policy": "etwinners_only", "accept_code_of_conduct": True}


class StandInIdentity:
    name = "identity"

    @rpc_method()
    def register_user(self, actor, **args):
        return ACCEPTED

    @rpc_method()
    def update_profile(self, actor, **changes):
        return {"changes": changes}

    @rpc_method()
    def request_account_deletion(self, actor):
        return ACCEPTED

    @rpc_method()
    def reset_password(self, actor, **args):
        raise Gone("This link has expired.", {"support": ["/api/v1/nsos"]}, "token_expired")

    @rpc_method()
    def login(self, actor, **args):
        raise RateLimited("Too many failed sign-in attempts.", None, "login_locked", 900)

    @rpc_method()
    def request_password_reset(self, actor, **args):
        raise RateLimited("Slow down.")  # no retry time known


class StandInDirectory:
    name = "directory"

    @rpc_method()
    def request_group(self, actor, **args):
        return {"args": args}

    @rpc_method()
    def publish_post(self, actor, **args):
        return {"state": "published"}

    @rpc_method()
    def public_search_people(self, actor, **args):
        return {"args": args}


@pytest.fixture(scope="module")
def gateway(amqp_uri):
    private, public = generate_key_pair()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    saved = os.environ.get("JWT_PUBLIC_KEY")
    os.environ["JWT_PUBLIC_KEY"] = public
    with separate_vhost(amqp_uri, "gateway_http") as uri:
        config = {"AMQP_URI": uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "RPC_TIMEOUT": 5}
        containers = [ServiceContainer(cls, config) for cls in (StandInIdentity, StandInDirectory, GatewayService)]
        try:
            for container in containers:
                container.start()
            token = Security(private).sign({"sub": str(uuid.uuid4()), "roles": ["user"], "country": "ES"},
                                           datetime.now(timezone.utc), timedelta(minutes=5))
            yield Client(f"http://127.0.0.1:{port}", token)
        finally:
            for container in reversed(containers):
                container.kill()  # the tests are over: nothing in flight to finish
            if saved is None:
                os.environ.pop("JWT_PUBLIC_KEY", None)
            else:
                os.environ["JWT_PUBLIC_KEY"] = saved


class Client:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def __call__(self, method, path, signed_in=True, headers=None, **kwargs):
        headers = {**({"Authorization": f"Bearer {self.token}"} if signed_in else {}), **(headers or {})}
        return requests.request(method, self.base + path, headers=headers, timeout=10, **kwargs)


def problem(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    document = response.json()
    assert document["status"] == status and document["type"] and document["title"]
    if code:
        assert document["code"] == code
    return document


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "PUT", "DELETE", "LOCK"])
@pytest.mark.parametrize("path", ["/api/v1/me", "/healthz", "/openapi.json", "/verify-email"])
def test_every_method_on_an_existing_path_gets_a_405_problem_with_its_methods(gateway, method, path):
    response = gateway(method, path)
    problem(response, 405, "method_not_allowed")
    allowed = set(response.headers["Allow"].split(", "))
    assert "GET" in allowed and method not in allowed
    assert allowed == ({"GET", "HEAD", "PATCH"} if path == "/api/v1/me" else
                       {"GET", "HEAD", "POST"} if path == "/verify-email" else {"GET", "HEAD"})


def test_a_literal_path_beside_an_id_path_is_not_read_as_an_id(gateway):
    # /posts/similar answers GET only; PATCH /posts/{post_id} takes a UUID, which "similar" is not
    response = gateway("PATCH", "/api/v1/posts/similar")
    problem(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD"}
    problem(gateway("GET", "/api/v1/posts/not-a-uuid"), 404)
    post_id = uuid.uuid4()
    assert gateway("POST", f"/api/v1/posts/{post_id}/publish").json() == {"state": "published"}
    assert gateway("POST", f"/api/v1/posts/{str(post_id).upper()}/publish").status_code == 200
    problem(gateway("POST", "/api/v1/posts/similar/publish"), 404)
    # a segment no rule's pattern takes (a line break in it): still a problem document, not an HTML page
    problem(gateway("PATCH", "/api/v1/posts/a%0Ab"), 404, "no_route")
    problem(gateway("DELETE", "/api/v1/people/%0A/follow"), 404, "no_route")


@pytest.mark.parametrize("method", ["GET", "TRACE", "PROPFIND", "POST", "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/api/v1/nothing-here", "/api/v1/me/"])
def test_every_method_on_an_unknown_path_gets_a_404_problem(gateway, method, path):
    problem(gateway(method, path), 404, "no_route")


def test_options_lists_the_methods_of_a_path(gateway):
    response = gateway("OPTIONS", "/api/v1/me")
    assert response.status_code == 204
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "PATCH", "OPTIONS"}


@pytest.mark.parametrize("value", ["on", "yes", "true", 1, "1", 0, "false", None])
def test_json_booleans_are_true_or_false_only(gateway, value):
    profile = gateway("PATCH", "/api/v1/me", json={"privacy": {"profile_public": value}})
    assert problem(profile, 422, "validation_failed")["errors"] == {
        "privacy": {"profile_public": ["Field may not be null." if value is None else "Not a valid boolean."]}}
    registration = gateway("POST", "/api/v1/registrations", signed_in=False,
                           json={**REGISTRATION, "works_in_pre_university_school": value})
    assert "works_in_pre_university_school" in problem(registration, 422)["errors"]
    # directory's schemas (plain Boolean fields) are held to the same rule by the gateway
    group = gateway("POST", "/api/v1/groups", json={**GROUP, "moderated": value})
    assert "moderated" in problem(group, 422)["errors"]


def test_a_loose_boolean_is_reported_with_the_other_invalid_fields(gateway):
    group = gateway("POST", "/api/v1/groups", json={**GROUP, "moderated": "yes", "name": ""})
    assert set(problem(group, 422)["errors"]) == {"moderated", "name"}


def test_true_and_false_are_accepted(gateway):
    profile = gateway("PATCH", "/api/v1/me", json={"privacy": {"profile_public": False}})
    assert profile.status_code == 200 and profile.json()["changes"]["privacy"] == {"profile_public": False}
    assert gateway("POST", "/api/v1/registrations", signed_in=False, json=REGISTRATION).status_code == 202
    group = gateway("POST", "/api/v1/groups", json={**GROUP, "moderated": True})
    assert group.status_code == 201 and group.json()["args"]["moderated"] is True


@pytest.mark.parametrize("text, value", [("true", True), ("false", False)])
def test_query_booleans_say_true_or_false(gateway, text, value):
    """As OpenAPI writes a boolean in a query string; nothing else, so that no spelling passes
    here and fails there."""
    found = gateway("GET", "/api/v1/public/search/people", signed_in=False, params={"available_only": text})
    assert found.status_code == 200 and found.json()["args"]["available_only"] is value


@pytest.mark.parametrize("text", ["True", "TRUE", "1", "0", "yes", "on", "t", "y", "no", "off", ""])
def test_other_query_booleans_are_refused(gateway, text):
    found = gateway("GET", "/api/v1/public/search/people", signed_in=False, params={"available_only": text})
    assert problem(found, 422)["errors"] == {"available_only": ["Not a valid boolean."]}


@pytest.mark.parametrize("path", ["/api/v1/me/deletion-request", f"/api/v1/posts/{uuid.uuid4()}/publish"])
def test_a_route_without_a_body_refuses_one(gateway, path):
    refused = problem(gateway("POST", path, json={"password": "x"}), 422, "no_body_expected")
    assert refused["errors"] == {"password": ["Unknown field."]}
    assert "errors" not in problem(gateway("POST", path, json=[1, 2]), 422, "no_body_expected")
    problem(gateway("POST", path, data="not json", headers={"Content-Type": "text/plain"}), 422, "no_body_expected")
    problem(gateway("POST", path, data=b"{" * 70_000), 422, "no_body_expected")


@pytest.mark.parametrize("body", [None, b"", b"{}", b" { } \n"])
def test_a_route_without_a_body_takes_an_empty_one_or_an_empty_object(gateway, body):
    answered = gateway("POST", "/api/v1/me/deletion-request", data=body,
                       headers={"Content-Type": "application/json"} if body else {})
    assert answered.status_code == 202, answered.text


def test_where_to_find_help_is_a_member_of_its_own_not_a_field_error(gateway):
    refused = problem(gateway("POST", "/api/v1/auth/password-reset/confirm", signed_in=False,
                              json={"token": "t" * 40, "new_password": "a long passphrase"}), 410, "token_expired")
    assert refused["support"] == ["/api/v1/nsos"] and "errors" not in refused


def test_a_429_says_when_to_try_again_when_the_service_knows(gateway):
    locked = gateway("POST", "/api/v1/auth/login", signed_in=False, json={"login": "ana", "password": "x"})
    problem(locked, 429, "login_locked")
    assert locked.headers["Retry-After"] == "900"
    unknown = gateway("POST", "/api/v1/auth/password-reset", signed_in=False, json={"email": "ana@school.example.org"})
    problem(unknown, 429, "rate_limited")
    assert "Retry-After" not in unknown.headers


def test_a_401_says_how_to_authenticate(gateway):
    refused = gateway("GET", "/api/v1/me", signed_in=False)
    problem(refused, 401)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_link_page_form_that_is_not_utf8_gets_a_400_page_not_an_error(gateway):
    for path in ("/verify-email", "/reset-password", "/confirm-deletion", "/director-answer"):
        answer = gateway("POST", f"{path}?lang=fr", signed_in=False, data=b"token=\xff\xfe",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/html")
        assert "Rouvrez le lien" in answer.text


def test_a_json_body_in_another_charset_than_utf8_is_refused(gateway):
    body = '{"first_name": "Zoë"}'.encode("latin-1")
    refused = gateway("PATCH", "/api/v1/me", data=body, headers={"Content-Type": "application/json; charset=latin-1"})
    problem(refused, 415, "unsupported_media_type")
    accepted = gateway("PATCH", "/api/v1/me", data='{"first_name": "Zoë"}'.encode(),
                       headers={"Content-Type": "application/json; charset=UTF-8"})
    assert accepted.status_code == 200 and accepted.json() == {"changes": {"first_name": "Zoë"}}


@pytest.mark.parametrize("query", ["q=%FF%FE", "q=%C0%AF", "q=%ED%A0%80"])
def test_a_query_string_that_is_not_utf8_is_a_400(gateway, query):
    problem(gateway("GET", f"/api/v1/public/search/people?{query}", signed_in=False), 400, "malformed_query")


@pytest.mark.parametrize("limit", ["%205", "%D9%A3", "5%20", "+5"])
def test_a_query_integer_is_ascii_digits(gateway, limit):
    problem(gateway("GET", f"/api/v1/public/search/people?limit={limit}", signed_in=False), 422)


def test_a_doubled_slash_names_no_route(gateway):
    problem(gateway("GET", "/api/v1//search/people"), 404, "no_route")


def test_answers_are_kept_by_no_cache_and_sniffed_by_no_browser(gateway):
    """Answers carry tokens and people's data: no shared or browser cache keeps them."""
    for response in (gateway("POST", "/api/v1/registrations", signed_in=False, json=REGISTRATION),
                     gateway("POST", "/api/v1/auth/login", signed_in=False, json={"login": "ana", "password": "x" * 12})):
        assert response.headers["Cache-Control"] == "no-store", response.status_code
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_have_are_malformed_json(gateway, constant):
    body = '{"first_name": "Zoë", "about": %s}' % constant
    problem(gateway("PATCH", "/api/v1/me", data=body.encode(), headers={"Content-Type": "application/json"}),
            400, "malformed_json")
