"""Idempotency-Key: a POST that creates something can be retried safely (design, API rules).

The gateway passes the header's value to the creating RPC as ``idempotency_key``;
``@rpc_method(..., idempotent=True)`` turns it into a :class:`Claim` for the worker serving the
call, and the service's ``Transactions.unit()`` honours it:

* on entering the unit, a key this caller already used for this operation answers at once: the
  same response if the request was the same (nothing changes), a 422 if the key came with a
  different request;
* the key is recorded in the same transaction as the change, so either both happen or neither;
  a retry racing the first request waits for it on the key's primary key and then gets a 409
  ("in progress"), or the stored response once it is there;
* the response is stored once the unit has committed and the result is dumped.

Keys belong to a caller and an operation; a request that failed recorded nothing and may be
retried with the same key. Rows are kept for ``KEEP``; older ones are removed as new ones come.
"""
import hashlib
import json
import logging
import re
from datetime import timedelta

from eventlet.corolocal import local
from sqlalchemy import DateTime, String, delete, insert, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..errors import Conflict, Invalid

log = logging.getLogger(__name__)

KEEP = timedelta(hours=24)
MAX_KEY_LENGTH = 200
KEY_PATTERN_TEXT = f"^[ -~]{{1,{MAX_KEY_LENGTH}}}$"  # printable ASCII, as the reference documents it
KEY_PATTERN = re.compile(KEY_PATTERN_TEXT)

_worker = local()  # one nameko worker = one green thread: the claim of the call it serves


class IdempotencyKeyMixin:
    """One row per (caller, operation, key): the request's fingerprint and, once known, the response."""

    __tablename__ = "idempotency_keys"
    caller: Mapped[str] = mapped_column(String(64), primary_key=True)
    operation: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    response = mapped_column(JSONB, nullable=True)
    created_at = mapped_column(DateTime(timezone=True), nullable=False, index=True)


class Replayed(Exception):
    """Raised inside a unit for a key already served: the wrapper answers ``response``."""

    def __init__(self, response):
        super().__init__("replayed")
        self.response = response


class Claim:
    def __init__(self, caller, operation, key, request):
        self.caller, self.operation, self.key = caller, operation, key
        self.fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()
        self._recorded_in = None  # (session factory, model) once a unit recorded the key

    def _where(self, model):
        return (model.caller == self.caller, model.operation == self.operation, model.key == self.key)

    def check(self, session, model):
        row = session.execute(select(model.fingerprint, model.response).where(*self._where(model))).first()
        if row is not None:
            self._answer_existing(row)

    def check_again(self, Session, model):
        """After the unit refused the request: a twin with the same key, running at the same
        moment, may have done it (the refusal then says "already exists"); answer as a retry
        that came after it instead."""
        with Session() as session:
            self.check(session, model)

    def _answer_existing(self, row):
        if row.fingerprint != self.fingerprint:
            raise Invalid("This Idempotency-Key was used for a different request; use a new key for a new request.",
                          {"Idempotency-Key": ["Already used with other data."]}, code="idempotency_key_reused")
        if row.response is None:
            raise Conflict("A request with this Idempotency-Key is being carried out (or was, and its answer was "
                           "lost); try again in a moment or look the result up.", code="idempotency_in_progress")
        raise Replayed(row.response)

    def record(self, session, model, now, Session):
        """Add the key to the unit's transaction; a concurrent first request with the same key
        makes this wait for it, then fail: answered like a retry that came after it. The
        response is stored later through ``Session``, once the unit has committed."""
        session.execute(delete(model).where(model.created_at < now - KEEP))
        try:
            with session.begin_nested():
                session.execute(insert(model).values(caller=self.caller, operation=self.operation, key=self.key,
                                                     fingerprint=self.fingerprint, created_at=now))
        except IntegrityError:
            row = session.execute(select(model.fingerprint, model.response).where(*self._where(model))).first()
            self._answer_existing(row)
            raise
        self._recorded_in = (Session, model)

    def remember(self, response):
        if self._recorded_in is None:
            return
        Session, model = self._recorded_in
        try:
            with Session() as session:
                session.execute(update(model).where(*self._where(model)).values(response=response))
                session.commit()
        except Exception:  # the change is committed: its answer goes back, unkept for a retry
            log.exception("the answer to idempotency key %s could not be kept", self.key)


def begin(caller, operation, key, request):
    """The claim of the RPC this worker serves (``None`` without a key)."""
    if key is None:
        _worker.claim = None
        return None
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise Invalid("The Idempotency-Key must be 1 to 200 printable ASCII characters (a UUID, say).",
                      {"Idempotency-Key": ["Not a valid key."]}, code="bad_idempotency_key")
    _worker.claim = Claim(caller, operation, key, request)
    return _worker.claim


def pending():
    """The claim a unit of this worker should honour, if any, and only the first unit."""
    claim = getattr(_worker, "claim", None)
    _worker.claim = None
    return claim
