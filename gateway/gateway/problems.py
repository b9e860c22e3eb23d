"""RFC 9457 problem documents: every error the API returns has this shape."""
import json

from werkzeug.wrappers import Response

from etwinning_contracts.runtime.web import problem_document

# What a service may put in an error's ``errors`` that is about no field: a member of the problem
# document of its own (RFC 9457 extension members), as ``errors`` holds per-field messages only.
MEMBERS = ("support",)  # where a person finds help, e.g. ["/api/v1/nsos"]


# An answer is someone's own (tokens, a profile, what they may see): no cache keeps it unless a
# route says otherwise, and no browser takes it for anything but what its type says.
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def problem(status, title, detail="", errors=None, code=None, headers=None, members=None):
    document = problem_document(status, title, detail, code, errors)
    document.update(members or {})
    return Response(json.dumps(document), status=status, headers={**PRIVATE, **(headers or {})},
                    content_type="application/problem+json")


def from_contract_error(exc):
    errors = {key: value for key, value in exc.errors.items() if key not in MEMBERS}
    members = {key: value for key, value in exc.errors.items() if key in MEMBERS}
    retry_after = getattr(exc, "retry_after", None)  # RateLimited's, in seconds
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    if exc.status == 401:  # RFC 6750: how to authenticate
        headers["WWW-Authenticate"] = 'Bearer realm="etwinning"'
    return problem(exc.status, exc.title, exc.detail, errors, exc.code, members=members, headers=headers or None)
