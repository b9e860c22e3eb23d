"""What a boolean may say (true or false: JSON's in a body, OpenAPI's spelling in a query), and a number in a body."""
import pytest
from marshmallow import Schema, ValidationError, fields

from etwinning_contracts.fields import StrictBoolean
from gateway.api import loose_values, query_boolean


class Flag(Schema):
    on = fields.Boolean()
    strict = StrictBoolean(data_key="isStrict")


class Body(Schema):
    flags = fields.List(fields.Nested(Flag))
    many = fields.Nested(Flag, many=True)
    bits = fields.List(fields.Boolean())
    shown = fields.Boolean(dump_only=True)
    name = fields.String()


def test_every_boolean_of_a_body_is_found_however_deep():
    data = {"flags": [{"on": True}, {"on": "yes", "isStrict": 1}], "many": [{"on": "on"}], "bits": [True, "1"],
            "shown": "yes", "name": "yes"}
    assert loose_values(Body(), data, json_body=True) == {
        "flags": {1: {"on": ["Not a valid boolean."], "isStrict": ["Not a valid boolean."]}},
        "many": {0: {"on": ["Not a valid boolean."]}}, "bits": {1: ["Not a valid boolean."]}}
    # dump-only fields are refused as unknown by the load; other shapes are the load's to judge
    assert loose_values(Body(), {"flags": "x", "many": {"on": 1}, "bits": None}, json_body=True) == {}


def test_a_query_boolean_is_true_or_false():
    assert all(query_boolean(v) for v in ("true", "false"))
    assert not any(query_boolean(v) for v in ("True", "FALSE", "1", "0", "yes", "on", "t", "", "2", ["true"]))


def test_strict_boolean_takes_json_booleans_only():
    assert StrictBoolean().deserialize(False) is False
    for value in ("true", 1, 0, "on"):
        with pytest.raises(ValidationError):
            StrictBoolean().deserialize(value)


class Counts(Schema):
    minutes = fields.Integer()
    share = fields.Float()


def test_a_number_in_a_body_is_written_as_a_number_and_in_a_query_as_text():
    assert loose_values(Counts(), {"minutes": "30", "share": "0.5"}, json_body=True) == {
        "minutes": ["Not a valid integer."], "share": ["Not a valid number."]}
    assert loose_values(Counts(), {"minutes": True}, json_body=True) == {"minutes": ["Not a valid integer."]}
    assert loose_values(Counts(), {"minutes": 30, "share": 1}, json_body=True) == {}
    assert loose_values(Counts(), {"minutes": "30", "share": "0.5"}, json_body=False) == {}


class Seats(Schema):
    reserved = fields.Dict(keys=fields.String(), values=fields.Integer())


def test_the_values_of_a_map_are_judged_as_its_value_field_says():
    assert loose_values(Seats(), {"reserved": {"ES": 5, "FR": "1", "IT": 1.0}}, json_body=True) == {
        "reserved": {"FR": {"value": ["Not a valid integer."]}, "IT": {"value": ["Not a valid integer."]}}}
    assert loose_values(Seats(), {"reserved": {"ES": 5}}, json_body=True) == {}
