"""Idempotent event handling with retries and parking.

``@on_event(source, event_type)`` turns a service method ``handler(self, session, payload)``
into a nameko event handler that:

- records ``event_id`` in the inbox in the same transaction as the effect, and skips an
  event it has already applied (delivery is at-least-once);
- on failure, parks the event in ``parked_events`` (committed before the message is
  acked, so it is never lost) and retries it with back-off by re-publishing it to the
  handler's own queue; after ``max_attempts`` it stays parked as ``dead`` until an
  operator replays it.
"""
import logging
import traceback
import uuid
from datetime import datetime, timedelta, timezone
from functools import wraps

import eventlet
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import SERVICE_POOL, event_handler
from sqlalchemy import Text, cast, delete, select
from sqlalchemy.dialects.postgresql import insert

from .db import session_factory_of
from .loop import BackgroundLoop
from .settings import setting

log = logging.getLogger(__name__)


def on_event(source, event_type):
    def decorate(fn):
        @event_handler(source, event_type, handler_type=SERVICE_POOL, reliable_delivery=True,
                       requeue_on_error=True)
        @wraps(fn)
        def entrypoint(self, payload):
            self.inbox.apply(self, fn, source, event_type, payload)

        return entrypoint

    return decorate


def handler_queue_name(source, event_type, service_name, method_name):
    """The queue nameko binds for a SERVICE_POOL event handler."""
    return f"evt-{source}-{event_type}--{service_name}.{method_name}"


PARK_RETRY_SECONDS = 2.0


def backoff(attempts):
    return timedelta(seconds=min(2 ** attempts, 3600))


class _HandlerInbox:
    """What a handler sees as ``self.inbox``: the inbox, told which handler is running."""

    def __init__(self, inbox, handler):
        self.inbox, self.handler = inbox, handler

    def apply(self, service, fn, source, event_type, payload):
        self.inbox.apply(service, fn, source, event_type, payload, self.handler)


class Inbox(BackgroundLoop):
    """Applies events once; its background loop re-publishes parked events when due."""

    max_attempts = 8
    poll_seconds = 2.0
    retry_batch = 100

    def __init__(self, inbox_model, parked_model, retry_poll_seconds=None):
        super().__init__(retry_poll_seconds)
        self.inbox_model = inbox_model
        self.parked_model = parked_model

    def setup(self):
        config = self.container.config
        self.max_attempts = int(setting(config, "EVENT_MAX_ATTEMPTS", self.max_attempts))
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], use_confirms=True)

    def run_once(self):
        return self.retry_due() == self.retry_batch

    def session(self):
        return session_factory_of(self.container)()

    def get_dependency(self, worker_ctx):
        # The handler is known by its entrypoint's name: nameko names its queue after that, and
        # a handler made by a factory (notify's) has a function name that is not it.
        return _HandlerInbox(self, worker_ctx.entrypoint.method_name)

    def apply(self, service, fn, source, event_type, payload, handler):
        event_id = uuid.UUID(str(payload["event_id"]))
        now = datetime.now(timezone.utc)
        try:
            with self.session() as session:
                inserted = session.execute(
                    insert(self.inbox_model).values(event_id=event_id, handler=handler, processed_at=now)
                    .on_conflict_do_nothing().returning(self.inbox_model.event_id)
                ).first()
                if inserted is None:
                    log.info("skipping %s.%s %s: already applied", source, event_type, event_id)
                else:
                    fn(service, session, payload)
                self._resolve(session, event_id, handler)
                session.commit()
        except Exception as exc:
            log.exception("handler %s failed for %s.%s %s", handler, source, event_type, event_id)
            try:
                self._park(source, event_type, handler, payload, exc)
            except Exception:
                # the database is down too: nameko requeues the message (never lost); waiting a
                # little first keeps that from becoming a loop as fast as the broker can go
                eventlet.sleep(PARK_RETRY_SECONDS)
                raise

    def _resolve(self, session, event_id, handler):
        model = self.parked_model
        for row in session.scalars(select(model).where(model.event_id == event_id, model.handler == handler,
                                                       model.state != "resolved")):
            row.state = "resolved"
            row.updated_at = datetime.now(timezone.utc)

    def _park(self, source, event_type, handler, payload, exc):
        # If this raises (database down), nameko requeues the message: still never lost.
        model = self.parked_model
        now = datetime.now(timezone.utc)
        event_id = uuid.UUID(str(payload["event_id"]))
        error = "".join(traceback.format_exception_only(type(exc), exc))[-4000:]
        with self.session() as session:
            row = session.scalars(select(model).where(model.event_id == event_id, model.handler == handler,
                                                      model.state != "resolved")).first()
            if row is None:
                row = model(event_id=event_id, handler=handler, source=source, event_type=event_type,
                            queue=handler_queue_name(source, event_type, self.container.service_name, handler),
                            payload=payload, attempts=0, state="retrying")
                session.add(row)
            row.attempts += 1
            row.error = error
            row.updated_at = now
            if row.attempts >= self.max_attempts:
                row.state = "dead"
                row.next_attempt_at = None
                log.error("event %s parked as dead after %d attempts", event_id, row.attempts)
            else:
                row.state = "retrying"
                row.next_attempt_at = now + backoff(row.attempts)
            session.commit()

    def retry_due(self, now=None):
        """Re-publish parked events whose back-off has passed to their handler's queue."""
        model = self.parked_model
        now = now or datetime.now(timezone.utc)
        with self.session() as session:
            rows = session.scalars(
                select(model).where(model.state == "retrying", model.next_attempt_at <= now)
                .with_for_update(skip_locked=True).limit(self.retry_batch)
            ).all()
            for row in rows:
                self.publisher.publish(row.payload, exchange=None, routing_key=row.queue)
                row.next_attempt_at = now + backoff(row.attempts) + timedelta(minutes=5)
            session.commit()
            return len(rows)


def forget_parked_events_of(session, parked_model, user_id):
    """An erased person's events parked for an operator go, resolved or not: their payloads
    hold the person's data (a snapshot's name and schools, an email address)."""
    return session.execute(delete(parked_model).where(
        cast(parked_model.payload, Text).contains(str(user_id)))).rowcount


def replay_parked(Session, parked_model, parked_id, now=None):
    """Operator action: put a dead (or retrying) event back into the retry queue now."""
    now = now or datetime.now(timezone.utc)
    with Session() as session:
        row = session.get(parked_model, parked_id)
        if row is None or row.state == "resolved":
            return False
        row.state = "retrying"
        row.attempts = 0
        row.next_attempt_at = now
        row.updated_at = now
        session.commit()
        return True



