from datetime import datetime, timedelta, timezone

import pytest

from etwinning_contracts.errors import Unauthorized
from gateway.auth import TokenVerifier
from identity.security import Security, generate_key_pair

NOW = datetime.now(timezone.utc)
CLAIMS = {"sub": "8d5e7c1e-3b4f-4a57-9c1b-3f0f4d1c2a10", "roles": ["user", "nso_staff"], "country": "ES",
          "region": None, "perms": ["validator"], "schools": []}


@pytest.fixture(scope="module")
def keys():
    private, public = generate_key_pair()
    return Security(private), TokenVerifier([public])


def test_a_valid_token_becomes_the_actor(keys):
    security, verifier = keys
    actor = verifier.actor("Bearer " + security.sign(CLAIMS, NOW, timedelta(minutes=5)))
    assert actor.user_id == CLAIMS["sub"] and actor.roles == ("user", "nso_staff") and actor.country == "ES"
    assert actor.can_act_for_country("ES", "validator") and not actor.can_act_for_country("FR")


def test_expired_foreign_and_malformed_tokens_are_refused(keys):
    security, verifier = keys
    expired = security.sign(CLAIMS, NOW - timedelta(hours=1), timedelta(minutes=5))
    foreign = Security(generate_key_pair()[0]).sign(CLAIMS, NOW, timedelta(minutes=5))
    for header, code in (("Bearer " + expired, "token_expired"), ("Bearer " + foreign, "token_invalid"),
                         ("Basic abc", "token_malformed"), ("Bearer not.a.jwt", "token_invalid")):
        with pytest.raises(Unauthorized) as refused:
            verifier.actor(header)
        assert refused.value.code == code


def test_a_client_cannot_add_roles_the_token_does_not_carry(keys):
    security, verifier = keys
    token = security.sign({**CLAIMS, "roles": ["user", "system"]}, NOW, timedelta(minutes=5))
    assert "system" not in verifier.actor("Bearer " + token).roles


def test_optional_auth_without_a_token_is_anonymous(keys):
    _, verifier = keys
    assert verifier.actor(None, required=False).is_anonymous
    with pytest.raises(Unauthorized):
        verifier.actor(None, required=True)


def test_tokens_issued_before_a_revocation_are_refused(keys):
    security, verifier = keys
    token = "Bearer " + security.sign(CLAIMS, NOW - timedelta(minutes=1), timedelta(minutes=15))
    cutoff = {CLAIMS["sub"]: int(NOW.timestamp())}.get
    with pytest.raises(Unauthorized) as refused:
        verifier.actor(token, cutoff=lambda user_id: cutoff(user_id, 0))
    assert refused.value.code == "token_revoked"
    fresh = "Bearer " + security.sign(CLAIMS, NOW, timedelta(minutes=15))
    assert verifier.actor(fresh, cutoff=lambda user_id: cutoff(user_id, 0)).user_id == CLAIMS["sub"]


def test_tokens_issued_before_the_gateway_started_must_be_renewed(keys):
    """A restarted gateway has not seen the revocations it missed: it asks for a refresh."""
    security, verifier = keys
    started = int(NOW.timestamp())
    old = "Bearer " + security.sign(CLAIMS, NOW - timedelta(minutes=1), timedelta(minutes=15))
    with pytest.raises(Unauthorized) as refused:
        verifier.actor(old, trusted_since=started)
    assert refused.value.code == "token_expired"
    fresh = "Bearer " + security.sign(CLAIMS, NOW, timedelta(minutes=15))
    assert verifier.actor(fresh, trusted_since=started).user_id == CLAIMS["sub"]


def test_a_verified_token_is_cached_but_still_expires(keys):
    import time

    security, verifier = keys
    token = "Bearer " + security.sign(CLAIMS, datetime.now(timezone.utc), timedelta(seconds=1))
    assert verifier.actor(token).user_id == verifier.actor(token).user_id == CLAIMS["sub"]
    time.sleep(1.1)
    with pytest.raises(Unauthorized) as expired:
        verifier.actor(token)
    assert expired.value.code == "token_expired"


def test_the_client_address_is_the_peer_or_what_our_own_proxy_saw():
    """Failed sign-ins are counted per client address: behind one trusted proxy it is the last
    X-Forwarded-For entry (the proxy's own view); entries a client writes in front are ignored."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from gateway.service import client_address

    def request(forwarded=None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return Request(EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.5"}).get_environ())

    assert client_address(request("198.51.100.1"), trusted_hops=0) == "10.0.0.5"  # no proxy: not believed
    assert client_address(request("198.51.100.1"), trusted_hops=1) == "198.51.100.1"
    assert client_address(request("6.6.6.6, 198.51.100.1"), trusted_hops=1) == "198.51.100.1"
    assert client_address(request("6.6.6.6, 198.51.100.1, 10.0.0.2"), trusted_hops=2) == "198.51.100.1"
    assert client_address(request(), trusted_hops=1) == "10.0.0.5"
