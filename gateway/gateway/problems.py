"""RFC 9457 problem documents: every error the API returns has this shape."""
import json

from werkzeug.wrappers import Response

from etwinning_contracts.runtime.web import PROBLEM_TYPE


def problem(status, title, detail="", errors=None, code=None, headers=None):
    body = {"type": PROBLEM_TYPE + (code or _slug(title)), "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    if code:
        body["code"] = code
    return Response(json.dumps(body), status=status, headers=headers,
                    content_type="application/problem+json")


def from_contract_error(exc):
    return problem(exc.status, exc.title, exc.detail, exc.errors, exc.code)


def _slug(title):
    return title.lower().replace(" ", "-")
