"""RFC 9457 problem documents: every error the API returns has this shape."""
import json

from werkzeug.wrappers import Response

PROBLEM_TYPE = "https://etwinning.example/problems/"


def problem(status, title, detail="", errors=None, code=None, headers=None):
    body = {"type": PROBLEM_TYPE + (code or _slug(title)), "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    if code:
        body["code"] = code
    return Response(json.dumps(body), status=status, headers=headers,
                    content_type="application/problem+json")


def raw_problem(status, reason, title, detail, code):
    """A whole HTTP/1.0 response carrying a problem document, for the few answers the HTTP
    server writes itself before any route runs."""
    body = json.dumps({"type": PROBLEM_TYPE + code, "title": title, "status": status, "detail": detail,
                       "code": code}).encode()
    head = (f"HTTP/1.0 {status} {reason}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def answer_long_urls_with_a_problem():
    """eventlet refuses a request line over 8 kB (a 10 kB search query) with an empty 414 of
    its own; give that answer the same shape as every other error of the API."""
    from eventlet import wsgi

    wsgi.RESPONSE_414 = raw_problem(414, "Request URI Too Long", "Request URI too long",
                                    "The address is longer than 8 kB; shorten the query.", "uri_too_long")


def from_contract_error(exc):
    return problem(exc.status, exc.title, exc.detail, exc.errors, exc.code)


def _slug(title):
    return title.lower().replace(" ", "-")
