"""``/openapi.json``, generated from the same route declarations and schemas that validate
requests, so the document cannot drift from what the API accepts."""
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import ValidationError, fields

from etwinning_contracts.runtime.idempotency import KEY_PATTERN_TEXT, MAX_KEY_LENGTH

from .api import ROUTES
from .schemas import ProblemSchema

STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content", 400: "Malformed request",
               401: "Not authenticated", 403: "Not allowed", 404: "Not found", 409: "Conflict",
               410: "Link expired or used", 413: "Too large", 414: "Address too long", 415: "Unsupported media type",
               422: "Invalid input", 429: "Too many attempts", 431: "Headers too large", 503: "Service unavailable",
               504: "Service timed out"}


def _resolver(schema):
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    return name.removesuffix("Schema") or name


IDEMPOTENCY_PARAMETER = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN_TEXT},
    "description": "Any unique string (a UUID) per intended creation: a retry with the same key and the same body "
                   "answers the first response and creates nothing more, for a day. The same key with another body "
                   "is a 422; while the first request is still running, a 409.",
}


RETRY_AFTER = {"description": "Seconds to wait before trying again, when known.",
               "schema": {"type": "integer", "minimum": 0}}


def _refuses_empty(schema):
    try:
        schema.load({})
    except ValidationError:
        return True
    return False


def build_spec():
    marshmallow = MarshmallowPlugin(schema_name_resolver=_resolver)
    spec = APISpec(
        title="eTwinning API", version="1.0.0", openapi_version="3.0.3", plugins=[marshmallow],
        info={"description": "The open API of the eTwinning platform. Errors are RFC 9457 problem documents; "
                             "send 'Authorization: Bearer <access token>' to private endpoints."},
    )
    marshmallow.map_to_openapi_type(fields.Url, "string", "uri")  # the format's standard name, not "url"
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Problem", schema=ProblemSchema)
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    paths = {}
    for r in ROUTES:
        op = {"summary": r.summary, "tags": r.tags, "operationId": f"{r.method.lower()}_{_op_name(r.openapi_path)}",
              "responses": {}}
        if r.description:
            op["description"] = r.description
        params = []
        if r.path_schema is not None:
            params.append({"in": "path", "schema": r.path_schema})
        if r.query is not None:
            params.append({"in": "query", "schema": r.query})
        if r.idempotent:
            params.append(IDEMPOTENCY_PARAMETER)
        if params:
            op["parameters"] = params
        if r.body is not None:
            # a body left out is read as {}: it is required when {} would be refused (a required field,
            # or a rule such as "a school id or a new school"); PATCH /me changes nothing then
            needed = _refuses_empty(r.body)
            op["requestBody"] = {"required": needed, "content": {"application/json": {"schema": r.body}}}
        elif r.body_content_types != ("application/json",):
            op["requestBody"] = {"required": True, "content": {
                ct: {"schema": {"type": "string", "format": "binary"}} for ct in r.body_content_types}}
        if r.auth == "required":
            op["security"] = [{"bearer": []}]
        elif r.auth == "optional":
            op["security"] = [{}, {"bearer": []}]
        if r.raw_response:
            ok = {"description": "OK", "content": {r.raw_response: {"schema": {"type": "string", "format": "binary"}}}}
        elif r.response is not None:
            body = {"type": "array", "items": r.response} if r.many else r.response
            ok = {"description": STATUS_TEXT.get(r.status, "OK"), "content": {"application/json": {"schema": body}}}
        else:
            ok = {"description": STATUS_TEXT.get(r.status, "OK")}
        op["responses"][str(r.status)] = ok
        # any request: 422 an unknown query parameter or an unexpected body; 414 and 431 an
        # address over 8 kB or headers over 64 kB, refused by the HTTP server before any route
        codes = set(r.errors) | {414, 422, 431, 503, 504}
        if r.auth != "none":  # a bad or expired token is refused on optional routes too
            codes.add(401)
        if r.body is not None:
            codes |= {400, 413, 415}
        if r.path_schema is not None:
            codes.add(404)
        if r.idempotent:
            codes.add(409)
        for code in sorted(codes):
            op["responses"][str(code)] = {"description": STATUS_TEXT.get(code, "Error"),
                                          "content": {"application/problem+json": {"schema": problem_ref}}}
            if code == 429:
                op["responses"]["429"]["headers"] = {"Retry-After": RETRY_AFTER}
        paths.setdefault(r.openapi_path, {})[r.method.lower()] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return _null_means_null(spec.to_dict())


def _null_means_null(node):
    """apispec writes a nested schema that may be null as anyOf [the schema, {type: object,
    nullable: true}], whose second branch admits any object at all; it is made to admit null
    only, as the API does."""
    if isinstance(node, dict):
        if isinstance(node.get("anyOf"), list) and any("$ref" in branch for branch in node["anyOf"]):
            node["anyOf"] = [{"enum": [None], "nullable": True} if branch == {"type": "object", "nullable": True}
                             else branch for branch in node["anyOf"]]
        for value in node.values():
            _null_means_null(value)
    elif isinstance(node, list):
        for value in node:
            _null_means_null(value)
    return node


def _op_name(path):
    return path.strip("/").replace("/", "_").replace("{", "").replace("}", "").replace("-", "_")


# The reference page's viewer, an exact release checked by its hash (npm's swagger-ui-dist
# package, as unpkg serves it): a changed or tampered file is not run on the API's origin.
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eTwinning API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="https://unpkg.com/swagger-ui-dist@5.32.0/swagger-ui.css" crossorigin="anonymous"
 integrity="sha384-3nuX7df3EaAoiqLBeyS1Ola0Gpg9ryJKVtarubwfnA1cOH8AWHUdbPSIvEqPZ9VH"></head>
<body><div id="ui"><p style="font-family:sans-serif;margin:2em">Loading the API reference&hellip;
The raw document is at <a href="/openapi.json">/openapi.json</a>.</p></div>
<script src="https://unpkg.com/swagger-ui-dist@5.32.0/swagger-ui-bundle.js" crossorigin="anonymous"
 integrity="sha384-7xcoc6ZKDFF7Ek627QTC3Bg/K+5Y36NJ8MWAE43D2m6+3Sh9XO3tdsfHhrS8gNIQ"></script>
<script>window.onload = () => SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui"});</script>
</body></html>"""
