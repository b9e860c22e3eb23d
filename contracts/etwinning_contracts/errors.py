"""Errors that cross RPC as themselves.

nameko serialises an exception raised in a worker; classes registered with
``deserialize_to_instance`` are rebuilt as the same class at the caller, so the
gateway can map them to HTTP problem documents without string matching.
Constructor arguments must stay positional and JSON-safe for that to work.
"""
import math

from nameko.exceptions import deserialize_to_instance


class ContractError(Exception):
    """Base of every error a caller is expected to handle."""

    status = 400
    title = "Bad request"

    def __init__(self, detail="", errors=None, code=None):
        # Every error carries a machine-readable code; a raise that names none gets its class's
        # (and None would cross RPC as the text "None": nameko stringifies what is not JSON text).
        if code is None or code == "None":
            code = DEFAULT_CODES.get(type(self).__name__, type(self).__name__.lower())
        super().__init__(detail, errors or {}, code)
        self.detail = detail
        self.errors = errors or {}
        self.code = code

    def __str__(self):
        return self.detail


@deserialize_to_instance
class Invalid(ContractError):
    status = 422
    title = "Invalid input"


@deserialize_to_instance
class Unauthorized(ContractError):
    status = 401
    title = "Not authenticated"


@deserialize_to_instance
class Forbidden(ContractError):
    status = 403
    title = "Not allowed"


@deserialize_to_instance
class NotFound(ContractError):
    status = 404
    title = "Not found"


@deserialize_to_instance
class Conflict(ContractError):
    status = 409
    title = "Conflict"


@deserialize_to_instance
class Gone(ContractError):
    status = 410
    title = "No longer valid"


@deserialize_to_instance
class RateLimited(ContractError):
    status = 429
    title = "Too many attempts"

    def __init__(self, detail="", errors=None, code=None, retry_after=None):
        """``retry_after``: seconds until a new attempt can succeed, if known (the gateway's
        Retry-After header). It crosses RPC as text, "None" included, like ``code``."""
        super().__init__(detail, errors, code)
        self.retry_after = None if retry_after in (None, "None") else max(0, math.ceil(float(retry_after)))
        self.args = (*self.args, self.retry_after)


ALL = (Invalid, Unauthorized, Forbidden, NotFound, Conflict, Gone, RateLimited)
# the code of an error raised without one; Invalid's is the gateway's for bad fields
DEFAULT_CODES = {"Invalid": "validation_failed", "NotFound": "not_found", "RateLimited": "rate_limited"}
