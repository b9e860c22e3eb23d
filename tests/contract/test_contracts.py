"""What crosses service boundaries stays consistent: events, errors, actors and the RPC
methods the gateway calls."""
import inspect
import re
import uuid
from datetime import datetime, timezone

import pytest
from marshmallow import ValidationError
from nameko.exceptions import deserialize, serialize

from etwinning_contracts import errors, events
from etwinning_contracts.actor import ActorSchema


@pytest.mark.parametrize("key", sorted(events.SCHEMAS))
def test_every_event_carries_the_envelope(key):
    schema = events.schema_for(*key)
    with pytest.raises(ValidationError) as missing:
        schema.load({})
    assert {"event_id", "occurred_at", "version"} <= set(missing.value.messages)


def test_events_tolerate_fields_added_later():
    payload = {"event_id": str(uuid.uuid4()), "occurred_at": datetime.now(timezone.utc).isoformat(), "version": 1,
               "user_id": str(uuid.uuid4()), "state": "blocked", "reason": "technical", "added_in_v2": True}
    assert events.schema_for("identity", "user_blocked").load(payload)["added_in_v2"] is True


@pytest.mark.parametrize("cls", errors.ALL)
def test_errors_cross_rpc_as_themselves(cls):
    original = cls("detail for a person", {"field": ["message"]}, "some_code")
    received = deserialize(serialize(original))
    assert type(received) is cls
    assert (received.detail, received.errors, received.code) == ("detail for a person", {"field": ["message"]},
                                                                 "some_code")


@pytest.mark.parametrize("cls", errors.ALL)
def test_an_error_raised_without_a_code_arrives_with_its_kind_as_code(cls):
    received = deserialize(serialize(cls("Not yours.")))
    assert received.code == received.args[2] and received.code not in (None, "None")
    assert received.code == {"Invalid": "validation_failed", "NotFound": "not_found",
                             "RateLimited": "rate_limited"}.get(cls.__name__, cls.__name__.lower())


def test_a_client_cannot_claim_an_unknown_role():
    with pytest.raises(ValidationError):
        ActorSchema().load({"user_id": str(uuid.uuid4()), "roles": ["god"]})


def test_every_identity_method_the_gateway_calls_exists():
    from gateway import identity_routes
    from identity.service import IdentityService

    called = set(re.findall(r'self\.identity\("(\w+)"', inspect.getsource(identity_routes)))
    assert called, "the gateway calls identity"
    missing = {name for name in called if not hasattr(IdentityService, name)}
    assert not missing


@pytest.mark.parametrize("schema, data, field", [
    ("SchoolUpdateArgs", {"name": "   "}, "name"),             # a blank name would show as nothing
    ("SchoolUpdateArgs", {"town": "Vigo\x1b[2J"}, "town"),      # control characters end up in emails
    ("NewSchoolArgs", {"name": "IES\x07", "town": "Vigo", "country": "ES", "education_levels": ["primary"]}, "name"),
    ("ProfileUpdateArgs", {"first_name": "Fuzz\x01\x07"}, "first_name"),
    ("ProfileUpdateArgs", {"last_name": " . "}, "last_name"),
])
def test_names_people_read_are_visible_single_lines(schema, data, field):
    from etwinning_contracts import identity

    with pytest.raises(ValidationError) as refused:
        getattr(identity, schema)().load(data)
    assert list(refused.value.messages) == [field]


def test_single_lines_are_tidied_and_a_blank_optional_one_is_none():
    from etwinning_contracts import identity

    loaded = identity.SchoolUpdateArgs().load({"name": "  IES   Rosalía  de Castro ", "director_name": "  ",
                                                "address": ""})
    assert loaded == {"name": "IES Rosalía de Castro", "director_name": None, "address": None}


@pytest.mark.parametrize("address", ["ana@[127.0.0.1]", "x" * 65 + "@school.example.org", "ana@" + "d" * 250 + ".org"])
def test_an_address_mail_cannot_be_delivered_to_is_refused(address):
    from etwinning_contracts import identity

    with pytest.raises(ValidationError) as refused:
        identity.EmailArgs().load({"email": address})
    assert list(refused.value.messages) == ["email"]
    assert identity.EmailArgs().load({"email": "x" * 64 + "@school.example.org"})


def test_a_country_is_a_country_code_that_exists():
    from etwinning_contracts import identity
    from etwinning_contracts.directory import search

    for schema, field in ((search.PeopleSearchArgs(), "country"), (identity.SchoolSearchArgs(), "country")):
        assert schema.load({field: "ES"})[field] == "ES"
        for wrong in ("XX", "es", "ESP"):
            with pytest.raises(ValidationError) as refused:
                schema.load({field: wrong})
            assert refused.value.messages == {field: ["An ISO 3166-1 alpha-2 country code, e.g. ES."]}


def test_no_one_registers_as_a_pupil():
    """R3: pupils are enrolled by their teacher in a TwinSpace, never by registering themselves."""
    from etwinning_contracts import identity

    registration = {"email": "ana@school.example.org", "username": "ana_pupil", "password": "a long pass phrase",
                    "first_name": "Ana", "last_name": "Pérez", "member_type": "pupil",
                    "works_in_pre_university_school": True,
                    "preferences": {"languages": ["es"], "subjects": ["mathematics"], "age_groups": ["12-15"],
                                    "ict_use": "basic"}}
    with pytest.raises(ValidationError) as refused:
        identity.RegisterArgs().load(registration)
    assert list(refused.value.messages) == ["member_type"]
    assert identity.RegisterArgs().load({**registration, "member_type": "teacher"})["member_type"] == "teacher"
