"""The compiled dumper gives what marshmallow's dump gives, on every schema of the contracts."""
import importlib
import inspect
import pkgutil
from datetime import timezone
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from marshmallow import Schema, fields, post_dump

import etwinning_contracts
from etwinning_contracts.identity import ProfileSchema
from etwinning_contracts.runtime.dump import _compile_schema, dumper


def contract_schemas():
    found = {}
    for info in pkgutil.walk_packages(etwinning_contracts.__path__, "etwinning_contracts."):
        if ".runtime" in info.name or info.name.endswith("testing"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = cls
    return dict(sorted(found.items()))


SCHEMAS = contract_schemas()


def values_for(field, depth=0):
    formatting = type(field)._serialize
    if formatting is fields.String._serialize:
        plain = st.one_of(st.text(max_size=12), st.text(max_size=5).map(str.encode), st.integers())
    elif formatting is fields.UUID._serialize:
        plain = st.one_of(st.uuids(), st.uuids().map(str))
    elif formatting is fields.Number._serialize:
        plain = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
    elif formatting is fields._TemporalField._serialize:
        plain = st.dates() if isinstance(field, fields.Date) else st.datetimes(timezones=st.just(timezone.utc))
    elif formatting is fields.Mapping._serialize:
        plain = st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
    elif formatting is fields.List._serialize:
        plain = st.lists(values_for(field.inner, depth + 1), max_size=3)
    elif formatting is fields.Nested._serialize:
        one = objects_for(field.schema, depth + 1)
        plain = st.lists(one, max_size=3) if field.schema.many or field.many else one
    else:
        plain = st.one_of(st.booleans(), st.integers(), st.text(max_size=5))
    return st.one_of(st.none(), plain)


def objects_for(schema, depth=0):
    if depth > 3:
        return st.just({})
    optional = {(f.attribute or name): values_for(f, depth) for name, f in schema.dump_fields.items()}
    as_dicts = st.fixed_dictionaries({}, optional=optional)
    return st.one_of(as_dicts, as_dicts.map(lambda d: SimpleNamespace(**d)))  # rows and records too


@pytest.mark.parametrize("name", list(SCHEMAS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_dumper_gives_what_marshmallow_gives(name, data):
    schema = SCHEMAS[name]()
    many = data.draw(st.booleans())
    objects = objects_for(schema)
    obj = data.draw(st.lists(objects, max_size=3) if many else objects)
    assert outcome(dumper(schema), obj, many) == outcome(schema.dump, obj, many)


def outcome(dump, obj, many):
    """The result, or the kind of error (a dict without "items" hands a List field dict.items)."""
    try:
        return dump(obj, many=many)
    except Exception as exc:
        return type(exc)


def test_the_contract_result_schemas_are_compiled():
    assert _compile_schema(ProfileSchema(), set()) is not None
    compiled = [name for name, cls in SCHEMAS.items() if _compile_schema(cls(), set()) is not None]
    assert len(compiled) > 0.9 * len(SCHEMAS), sorted(set(SCHEMAS) - set(compiled))


def test_what_the_dumper_does_not_know_is_left_to_marshmallow():
    class WithMethod(Schema):
        name = fields.String()
        shout = fields.Method("make_shout")

        def make_shout(self, obj):
            return obj["name"].upper()

    class WithHook(Schema):
        name = fields.String()

        @post_dump
        def add(self, data, **kwargs):
            return {**data, "hooked": True}

    for schema in (WithMethod(), WithHook()):
        assert _compile_schema(schema, set()) is None
    assert dumper(WithMethod())({"name": "ana"}) == {"name": "ana", "shout": "ANA"}
    assert dumper(WithHook())({"name": "ana"}) == {"name": "ana", "hooked": True}
