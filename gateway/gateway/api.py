"""How a route is declared: ``@route(...)`` makes a nameko ``@http`` entrypoint that

1. authenticates the caller (``auth="required" | "optional" | "none"``),
2. parses and validates path, query and JSON body with marshmallow schemas
   (400 for malformed JSON, 422 with per-field errors for invalid data, booleans as
   JSON's true/false; a body sent to a route that takes none is a 422 too),
3. calls the handler as ``handler(self, actor, **validated)``,
4. maps contract errors to problem documents, a slow service to 504 and an absent one to 503,
5. records everything needed to generate ``/openapi.json``.

A handler returns ``(status, data)`` or ``(status, data, headers)``; ``data`` is what the
service dumped with the contract schema that ``response`` names in the OpenAPI document.
"""
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from urllib.parse import unquote_to_bytes

import eventlet
from marshmallow import RAISE, Schema, ValidationError, fields
from nameko.exceptions import UnknownService
from werkzeug.wrappers import Response

from etwinning_contracts.actor import actor_to_dict
from etwinning_contracts.errors import ContractError, Invalid, NotFound
from etwinning_contracts.runtime.web import http

from .problems import PRIVATE, from_contract_error, problem
from .rpc_client import BrokerUnavailable

log = logging.getLogger(__name__)

MAX_JSON_BODY = 64 * 1024
JSON_BODY = ("application/json",)
IDEMPOTENCY_KEY = "Idempotency-Key"


class ServiceUnavailable(Exception):
    """The service behind a route did not answer in time (504) or is not there (503)."""

    def __init__(self, service, timed_out):
        super().__init__(service)
        self.service, self.timed_out = service, timed_out


@dataclass
class RouteSpec:
    method: str
    path: str  # werkzeug syntax, e.g. /api/v1/users/<user_id>
    summary: str
    tags: list
    auth: str
    body: Schema | None
    query: Schema | None
    path_schema: Schema | None
    response: Schema | None
    many: bool
    status: int
    errors: tuple
    body_content_types: tuple = JSON_BODY
    raw_response: str | None = None
    description: str = ""
    idempotent: bool = False  # takes an Idempotency-Key header, passed to the RPC as idempotency_key
    extra: dict = field(default_factory=dict)

    @property
    def openapi_path(self):
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.path)


ROUTES = []
_HANDLER_NAMES = set()


def _instance(schema):
    return schema() if isinstance(schema, type) else schema


def _typed_rule(path, path_schema):
    """The werkzeug rule for ``path``: an id the path schema reads as a UUID only matches a UUID,
    so ``PATCH /posts/similar`` is a 405 from the literal ``GET /posts/similar`` beside it, not a
    search for a post called "similar"."""
    if path_schema is None:
        return path

    def typed(match):
        name = match.group(1)
        return f"<uuid:{name}>" if isinstance(path_schema.fields.get(name), fields.UUID) else match.group(0)

    return re.sub(r"<(\w+)>", typed, path)


def json_response(status, data, headers=None):
    return Response(json.dumps(data, default=str), status=status, headers={**PRIVATE, **(headers or {})},
                    content_type="application/json")


def route(method, path, *, summary, tags, auth="required", body=None, query=None, path_schema=None,
          response=None, many=False, status=200, errors=(), body_content_types=JSON_BODY,
          raw_response=None, description="", idempotent=False):
    spec = RouteSpec(method, path, summary, list(tags), auth, _instance(body), _instance(query),
                     _instance(path_schema), _instance(response), many, status, tuple(errors),
                     tuple(body_content_types), raw_response, description, idempotent=idempotent)
    ROUTES.append(spec)

    def decorate(fn):
        # Route handlers are methods of one service class: a repeated name would silently hide one.
        if fn.__name__ in _HANDLER_NAMES:
            raise ValueError(f"route handler name {fn.__name__!r} is used twice")
        _HANDLER_NAMES.add(fn.__name__)

        @http(method, _typed_rule(path, spec.path_schema))
        @wraps(fn)
        def entrypoint(self, request, **path_values):
            try:
                return _handle(self, fn, spec, request, path_values)
            except ContractError as exc:
                return from_contract_error(exc)
            except ServiceUnavailable as exc:
                if exc.timed_out:
                    return problem(504, "Service timed out",
                                   f"The {exc.service} service did not answer in time. Try again shortly.",
                                   code="upstream_timeout", headers={"Retry-After": "5"})
                return problem(503, "Service unavailable", f"The {exc.service} service is not available.",
                               code="upstream_unavailable", headers={"Retry-After": "10"})
            except Exception:
                log.exception("unhandled error on %s %s", method, path)
                return problem(500, "Internal error", "Something went wrong on our side; it was logged.",
                               code="internal_error")

        entrypoint.route_spec = spec
        return entrypoint

    return decorate


def _load(schema, data, where):
    loose = loose_values(schema, data, where == "body")
    try:
        loaded = schema.load(data, unknown=RAISE)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise_invalid(where, _merged(messages, loose))
    if loose:
        raise_invalid(where, loose)
    check_values(loaded, where, date_problem)  # the text was checked as it came (_query_dict, _json_body)
    return loaded


NOT_A_BOOLEAN = fields.Boolean.default_error_messages["invalid"]
NOT_AN_INTEGER = fields.Integer.default_error_messages["invalid"]
NOT_A_NUMBER = fields.Number.default_error_messages["invalid"]
QUERY_INTEGER = re.compile(r"-?[0-9]+")


def json_boolean(value):
    return isinstance(value, bool)


def query_boolean(value):  # as OpenAPI writes a boolean in a query string, and nothing else
    return value in ("true", "false")


def loose_values(schema, data, json_body):
    """Errors (in marshmallow's shape) for values of ``schema``'s fields, nested ones included,
    that marshmallow would read but a client meant as something else: its Boolean reads "yes",
    "on" or 1 as true, its Integer and Number read "30" as 30. A JSON body says true or false
    and writes numbers as numbers; a query string is all text, where a boolean is true or false
    (query_boolean) and an integer ASCII digits. Checked here for every contract's schemas."""
    is_boolean = json_boolean if json_body else query_boolean

    def value_errors(fld, value):
        if value is None:
            return None  # allow_none is the schema's to judge
        if isinstance(fld, fields.Boolean):
            return None if is_boolean(value) else [NOT_A_BOOLEAN]
        if json_body and isinstance(fld, fields.Integer):
            return None if isinstance(value, int) and not isinstance(value, bool) else [NOT_AN_INTEGER]
        if isinstance(fld, fields.Integer):  # int() would also read " 5" and Arabic-Indic digits
            return None if isinstance(value, str) and QUERY_INTEGER.fullmatch(value) else [NOT_AN_INTEGER]
        if json_body and isinstance(fld, fields.Number):
            return None if isinstance(value, (int, float)) and not isinstance(value, bool) else [NOT_A_NUMBER]
        if isinstance(fld, fields.Nested):
            if fld.many:
                return items_errors(lambda item: schema_errors(fld.schema, item), value)
            return schema_errors(fld.schema, value)
        if isinstance(fld, fields.List):
            return items_errors(lambda item: value_errors(fld.inner, item), value)
        if isinstance(fld, fields.Dict) and fld.value_field is not None and isinstance(value, dict):
            return {key: {"value": found} for key, item in value.items()
                    if (found := value_errors(fld.value_field, item))} or None
        return None

    def items_errors(check, value):
        if not isinstance(value, list):
            return None
        return {i: found for i, item in enumerate(value) if (found := check(item))} or None

    def schema_errors(schema, data):
        if not isinstance(data, dict):
            return None
        errors = {}
        for name, fld in schema.fields.items():
            key = fld.data_key or name
            if key in data and not fld.dump_only and (found := value_errors(fld, data[key])):
                errors[key] = found
        return errors or None

    return schema_errors(schema, data) or {}


def _merged(messages, more):
    """marshmallow's per-field messages with ``more`` added where marshmallow said nothing."""
    merged = dict(messages)
    for key, value in more.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = _merged(merged[key], value)
    return merged


def raise_invalid(where, messages):
    raise Invalid(f"Some {where} fields are missing or invalid.", messages, code="validation_failed")


def _handle(service, fn, spec, request, path_values):
    service.request = request  # a service instance lives for one request (one nameko worker)
    actor = None
    if spec.auth != "none":
        actor = service.tokens.verifier.actor(request.headers.get("Authorization"), required=spec.auth == "required",
                                              cutoff=service.revocations.cutoff,
                                              trusted_since=service.revocations.trusted_since,
                                              session_ended=service.revocations.session_ended)
    kwargs = {}
    if spec.path_schema is not None:
        kwargs.update(_path_values(spec, path_values))
    if spec.query is not None:
        kwargs.update(_load(spec.query, _query_dict(request, spec.query), "query"))
    elif request.args:  # as strict as a route with parameters: a misspelt filter is not ignored
        raise_invalid("query", {key: ["Unknown field."] for key in request.args})
    _plain_body(request)
    if spec.body is not None:
        kwargs.update(_load(spec.body, _json_body(request), "body"))
    elif spec.body_content_types == JSON_BODY:  # a raw body (a picture, a file) is its route's to read
        _no_body(request)
    if spec.idempotent and request.headers.get(IDEMPOTENCY_KEY) is not None:
        kwargs["idempotency_key"] = request.headers[IDEMPOTENCY_KEY]  # the service checks it
    status, data, *headers = fn(service, actor, **kwargs)
    if isinstance(data, Response):
        return data
    # Services already dumped their results with the contract schema; ``response`` documents it.
    return json_response(status, data, headers[0] if headers else None)


def _path_values(spec, path_values):
    try:  # (a <uuid:...> rule hands over uuid.UUID values: the schema reads their text)
        return spec.path_schema.load({name: str(value) for name, value in path_values.items()})
    except ValidationError:
        raise NotFound("No such resource.", code="not_found") from None


def _query_dict(request, schema):
    """Query parameters; a list field takes every repetition (?language=fr&language=de)."""
    from marshmallow import fields

    try:  # werkzeug would read bytes that are no UTF-8 ("%FF") as U+FFFD and go on
        unquote_to_bytes(request.query_string).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedQuery() from None
    data = {}
    for key in request.args:
        values = request.args.getlist(key)
        is_list = isinstance(schema.fields.get(key), fields.List)
        data[key] = values if is_list or len(values) > 1 else values[0]
    check_values(data, "query")
    return data


MAX_NESTING = 32  # the deepest request of the API nests 4 levels


# Years a date of the API may name: any date of a school's life, far from the ends of Python's
# calendar, where a service adding a week or a year to it would overflow.
YEARS = (1900, 2999)


def text_problem(value):
    """A NUL character (PostgreSQL refuses it in text), or half of a UTF-16 surrogate pair (no
    UTF-8 encoding; JSON's "\\ud800" decodes to one)."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return "Text cannot contain NUL characters."
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Text must be valid Unicode (a lone surrogate is not)."
    return None


def date_problem(value):
    if isinstance(value, (date, datetime)) and not YEARS[0] <= value.year <= YEARS[1]:
        return f"A date between the years {YEARS[0]} and {YEARS[1]}."
    return None


def check_values(data, where, problem=text_problem):
    """What no field of any route may hold (``problem`` of each value: the text as it comes, the
    dates once loaded), said once here rather than answered with a 500 by a service."""
    bad = {}

    def visit(value, path, depth=0):
        if depth > MAX_NESTING:
            raise MalformedJson("The request body is nested too deeply.")
        message = problem(value)
        if message:
            bad[path or "_schema"] = [message]
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(key, path, depth + 1)
                visit(item, f"{path}.{key}" if path else str(key), depth + 1)
        elif isinstance(value, list):
            for item in value:
                visit(item, path, depth + 1)

    visit(data, "")
    if bad:
        raise_invalid(where, bad)


RAW_BODY_CHUNK = 64 * 1024


def read_raw_body(request, limit, too_large_detail):
    """A raw (file) body, read in chunks and refused with a 413 as soon as it passes ``limit``,
    whatever Content-Length claimed (the web server gives a chunked body its decoded length)."""
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(too_large_detail)
    stream = request.stream
    chunks, size = [], 0
    while True:
        chunk = stream.read(RAW_BODY_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(too_large_detail)
        chunks.append(chunk)


def _no_body(request):
    """A route without a body schema takes none: a body sent to it is a mistake (the wrong route,
    a field meant for another) to answer, as an unknown query parameter is. Empty, or {} (what
    many clients send with every POST), is no body."""
    if not request.content_length:  # the web server gives every request its length, chunked ones too
        return
    data = None
    if request.content_length <= MAX_JSON_BODY:  # a larger one is no {}
        raw = request.get_data(cache=False)
        if not raw.strip():
            return
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            pass
        if data == {}:
            return
    raise Invalid("This endpoint takes no request body: send none (or {}).",
                  {key: ["Unknown field."] for key in data} if isinstance(data, dict) else None,
                  code="no_body_expected")


def _plain_body(request):
    """A body is read as sent: a compressed one (Content-Encoding: gzip) would be read as its
    compressed bytes, so it is refused, as RFC 7694 says, rather than misread."""
    encoding = request.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        raise UnsupportedMediaType("Send the body uncompressed, with no Content-Encoding.",
                                   code="unsupported_content_encoding")


def _not_json(name):
    """NaN and Infinity, which Python's parser reads but JSON does not have (RFC 8259)."""
    raise ValueError(f"{name} is not JSON")


def _json_body(request):
    if request.content_length is not None and request.content_length > MAX_JSON_BODY:
        raise PayloadTooLarge()
    raw = request.get_data(cache=False)
    if len(raw) > MAX_JSON_BODY:
        raise PayloadTooLarge()
    mimetype = request.mimetype or ""
    if raw and mimetype not in ("application/json", "") and not mimetype.endswith("+json"):
        raise UnsupportedMediaType()
    if request.mimetype_params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):  # JSON is UTF-8 (RFC 8259)
        raise UnsupportedMediaType()
    try:
        data = json.loads(raw or b"{}", parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError):
        raise MalformedJson() from None
    except RecursionError:  # a few kB of "[[[[..." nest deeper than any request of the API
        raise MalformedJson("The request body is nested too deeply.") from None
    if not isinstance(data, dict):
        raise MalformedJson("The request body must be a JSON object.")
    check_values(data, "body")
    return data


class RequestProblem(ContractError):
    """A request the gateway refuses before any service sees it: its class says the status,
    the title, and the detail and code to give when the raise names none."""

    default_detail, default_code = "", None

    def __init__(self, detail=None, errors=None, code=None):
        super().__init__(detail or self.default_detail, errors, code or self.default_code)


class PayloadTooLarge(RequestProblem):
    status, title = 413, "Request too large"
    default_detail, default_code = "The request body is too large.", "too_large"


class UnsupportedMediaType(RequestProblem):
    status, title = 415, "Unsupported media type"
    default_detail, default_code = "Send the body as application/json, in UTF-8.", "unsupported_media_type"


class MalformedJson(RequestProblem):
    status, title = 400, "Malformed request"
    default_detail, default_code = "The request body is not valid JSON.", "malformed_json"


class MalformedQuery(RequestProblem):
    status, title = 400, "Malformed request"
    default_detail, default_code = "The query string is not valid UTF-8 once its %-escapes are decoded.", \
        "malformed_query"


def call(caller, service_name, timeout, method, actor=None, **kwargs):
    """One RPC, bounded in time; the actor travels with every call (design §5-6)."""
    kwargs["actor"] = actor_to_dict(actor) if actor is not None else None
    try:
        return caller.call(service_name, method, kwargs, timeout)
    except eventlet.Timeout:
        raise ServiceUnavailable(service_name, timed_out=True) from None
    except (UnknownService, BrokerUnavailable):
        raise ServiceUnavailable(service_name, timed_out=False) from None
