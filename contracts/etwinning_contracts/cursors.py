"""Page cursors: opaque to clients, the values of the last item's sort key (base64 of a JSON
list) and a keyed MAC of them, checked on the way back so that a forged or altered cursor is a
422 (design §7): a client can neither make one up nor edit one it was given, nor carry one
from a list to another (``scope``, the list's name, is signed with it).

The key is ``CURSOR_SECRET`` (or the file ``CURSOR_SECRET_FILE``), the same for every replica
of a service and required outside development; without it each process draws its own, and a
cursor from before a restart is answered as a forged one ("start again from the first
page"), never misread."""
import base64
import hashlib
import hmac
import json
import math
import secrets
from datetime import datetime, timezone

from .errors import Invalid
from .runtime.settings import env

_KEY = (env("CURSOR_SECRET") or "").strip().encode() or secrets.token_bytes(32)


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _tag(body, scope):
    return _b64(hmac.new(_KEY, f"{scope}\n{body}".encode(), hashlib.sha256).digest()[:12])


def encode_cursor(*values, scope=""):
    raw = json.dumps([str(v) if not isinstance(v, (int, float)) else v for v in values], separators=(",", ":"))
    body = _b64(raw.encode())
    return f"{body}.{_tag(body, scope)}"


def cursor_time(text):
    """A time of a page cursor, in UTC: one with no zone, an offset PostgreSQL has never heard of
    (-23:59) or a year at the ends of the calendar is a forged cursor (decode_cursor's 422)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a cursor time has a zone")
    moment = moment.astimezone(timezone.utc)
    if not 1900 <= moment.year <= 2999:
        raise ValueError("a cursor time is of this era")
    return moment


def _cursor_value(kind, value):
    """A value of a cursor as encode_cursor wrote it: an int as a JSON integer (not true, not
    "109"), a float as a finite JSON number, anything else as a string ``kind`` can read."""
    if kind is int:
        if type(value) is not int or abs(value) >= 2 ** 31:
            raise ValueError("not an integer of a cursor")
        return value
    if kind is float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise ValueError("not a number of a cursor")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("not a text of a cursor")
    return kind(value)


def decode_cursor(cursor, shape, scope=""):
    """``shape`` is a tuple of types, e.g. (int, float, str); ``scope`` the list the cursor was
    issued for. A malformed cursor, or one of another list, is a 422."""
    try:
        body, _, tag = cursor.partition(".")
        if not hmac.compare_digest(tag.encode(), _tag(body, scope).encode()):
            raise ValueError("not signed by this service")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(shape):
            raise ValueError
        return tuple(_cursor_value(kind, v) for kind, v in zip(shape, values))
    except Exception:  # whatever a forged cursor makes a parser raise (e.g. a number where a UUID goes)
        raise Invalid("The cursor is not valid; start again from the first page.",
                      {"cursor": ["Not a cursor this API issued."]}, code="bad_cursor") from None
