"""The outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

A row is marked published only after the broker confirmed it, so a crash between
commit and publish (or between publish and marking) delays an event, never loses
it; it may then arrive twice, which consumers absorb with their inbox.
"""
import logging
from datetime import datetime, timezone

import eventlet
from eventlet.event import Event
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import select

from .db import session_factory_of

log = logging.getLogger(__name__)


class OutboxRelay(DependencyProvider):
    batch_size = 200

    def __init__(self, outbox_model, poll_seconds=1.0):
        self.outbox_model = outbox_model
        self.poll_seconds = poll_seconds
        self._wakeup = Event()
        self._running = False

    def setup(self):
        config = self.container.config
        self.poll_seconds = float(config.get("OUTBOX_POLL_SECONDS", self.poll_seconds))
        self.enabled = str(config.get("OUTBOX_RELAY", "on")).lower() not in ("off", "false", "0")
        self.exchange = get_event_exchange(self.container.service_name, config)
        # Declaring the exchange on publish lets the relay run before any consumer exists.
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], use_confirms=True, declare=[self.exchange])

    def start(self):
        if self.enabled:
            self._running = True
            self.container.spawn_managed_thread(self._run)

    def stop(self):
        self._running = False
        self.wake()

    def kill(self):
        self.stop()

    def wake(self):
        if not self._wakeup.ready():
            self._wakeup.send(True)

    def get_dependency(self, worker_ctx):
        return self

    def _run(self):
        Session = session_factory_of(self.container)
        while self._running:
            try:
                while self._running and self.publish_pending(Session) == self.batch_size:
                    pass
            except Exception:  # broker or database away: keep the rows and try again
                log.exception("outbox relay failed; retrying")
                eventlet.sleep(self.poll_seconds)
            with eventlet.Timeout(self.poll_seconds, False):
                self._wakeup.wait()
            self._wakeup = Event()

    def publish_pending(self, Session):
        """Publish one batch in commit order; returns how many rows were published."""
        model = self.outbox_model
        with Session() as session:
            rows = session.scalars(
                select(model).where(model.published_at.is_(None)).order_by(model.id)
                .limit(self.batch_size).with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                self.publisher.publish(row.payload, exchange=self.exchange, routing_key=row.event_type)
                row.published_at = datetime.now(timezone.utc)
            session.commit()
            return len(rows)

