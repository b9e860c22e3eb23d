"""``dumper(schema)``: a function that gives what ``schema.dump`` gives, faster.

marshmallow's dump is generic: for every field of every object it looks the value up through
three layers of accessors and dispatches the field's formatting. For the result schemas of the
contracts (strings, UUIDs, numbers, booleans, dates, nested schemas and lists of them) that was
the largest single cost of identity's hottest read, ``GET /me`` (docs/benchmarks.md). This
module reads a schema once and builds a plain function per field that does the same formatting.

It covers exactly the behaviour of marshmallow's own field classes it knows (matched by their
formatting method, so ``Email`` counts as ``String``). A schema with anything else (hooks, a
custom field or accessor, ``Method``/``Function`` fields, typed dictionaries, numbers as
strings, self-nesting) keeps ``schema.dump``. A property-based test compares both on every
schema of the contracts (contracts/tests/test_dump.py).
"""
from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import ensure_text_type, get_value


def dumper(schema):
    """``dump(obj, many=None)`` equal to ``schema.dump``; compiled on first use."""
    compiled = None

    def dump(obj, many=None):
        nonlocal compiled
        if compiled is None:
            compiled = _compile_schema(schema, set()) or schema.dump
        return compiled(obj, many=many)

    return dump


def _compile_schema(schema, compiling):
    cls = type(schema)
    if (cls.dump is not Schema.dump or cls._serialize is not Schema._serialize
            or cls.get_attribute is not Schema.get_attribute or schema._hooks[PRE_DUMP]
            or schema._hooks[POST_DUMP] or id(schema) in compiling):
        return None
    compiling = compiling | {id(schema)}
    plan = []
    for name, field in schema.dump_fields.items():
        format_value = _compile_field(field, compiling)
        if format_value is None or type(field).serialize is not fields.Field.serialize \
                or type(field).get_value is not fields.Field.get_value or not field._CHECK_ATTRIBUTE:
            return None
        key = name if field.attribute is None else field.attribute
        plan.append((key, "." in key, name if field.data_key is None else field.data_key, format_value,
                     field.dump_default))
    dict_class, default_many = schema.dict_class, schema.many

    def dump_one(obj):
        out = dict_class()
        is_dict = type(obj) is dict
        for key, dotted, data_key, format_value, default in plan:
            if is_dict and not dotted:  # marshmallow's get_value, without its generic steps
                value = obj[key] if key in obj else getattr(obj, key, missing)
            else:
                value = get_value(obj, key, missing)
            if value is missing:
                value = default() if callable(default) else default
                if value is missing:
                    continue
            out[data_key] = format_value(value)
        return out

    def dump(obj, many=None):
        if (default_many if many is None else bool(many)) and obj is not None:
            return [dump_one(each) for each in obj]
        return dump_one(obj)

    return dump


def _compile_field(field, compiling):
    """A function formatting one value as ``field._serialize`` does, or None if unknown."""
    formatting = type(field)._serialize
    if formatting is fields.Field._serialize:  # Raw, Boolean: the value as it is
        return _as_is
    if formatting is fields.String._serialize:
        return _string
    if formatting is fields.UUID._serialize:
        return _uuid
    if (formatting is fields.Number._serialize and type(field)._format_num is fields.Number._format_num
            and not field.as_string):
        num_type = field.num_type
        return lambda value: None if value is None else num_type(value)
    if formatting is fields._TemporalField._serialize:
        data_format = field.format or field.DEFAULT_FORMAT
        to_text = field.SERIALIZATION_FUNCS.get(data_format) or (lambda value: value.strftime(data_format))
        return lambda value: None if value is None else to_text(value)
    if formatting is fields.Mapping._serialize and field.key_field is None and field.value_field is None:
        mapping_type = field.mapping_type
        return lambda value: None if value is None else mapping_type(value)
    if formatting is fields.List._serialize:
        inner = _compile_field(field.inner, compiling)
        if inner is None:
            return None
        return lambda value: None if value is None else [inner(each) for each in value]
    if formatting is fields.Nested._serialize:
        nested = field.schema
        dump = _compile_schema(nested, compiling)
        if dump is None:
            return None
        many = nested.many or field.many
        return lambda value: None if value is None else dump(value, many=many)
    return None


def _as_is(value):
    return value


def _string(value):
    if value is None or type(value) is str:
        return value
    return ensure_text_type(value)


def _uuid(value):
    return None if value is None else str(value)
