"""The outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

A row is marked published only after the broker confirmed it, so a crash between
commit and publish (or between publish and marking) delays an event, never loses
it; it may then arrive twice, which consumers absorb with their inbox.

Published rows are deleted after ``OUTBOX_KEEP_PUBLISHED_SECONDS`` (15 minutes): by then the
broker holds the event, and a row kept longer would keep what it carries (names, addresses,
single-use links) in the service's database after the person's erasure.
"""
import time
from datetime import datetime, timedelta, timezone

from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import get_event_exchange
from sqlalchemy import delete, select

from .db import session_factory_of
from .loop import BackgroundLoop
from .settings import setting


class OutboxRelay(BackgroundLoop):
    batch_size = 200
    keep_published_seconds = 900.0
    purge_every_seconds = 60.0

    def __init__(self, outbox_model, poll_seconds=None):
        super().__init__(poll_seconds)
        self.outbox_model = outbox_model

    def setup(self):
        config = self.container.config
        self.poll_seconds = float(setting(config, "OUTBOX_POLL_SECONDS", self.poll_seconds))
        self.enabled = str(setting(config, "OUTBOX_RELAY", "on")).lower() not in ("off", "false", "0")
        self.keep_published_seconds = float(setting(config, "OUTBOX_KEEP_PUBLISHED_SECONDS",
                                                    self.keep_published_seconds))
        self._purged_at = None
        self.exchange = get_event_exchange(self.container.service_name, config)
        # Declaring the exchange on publish lets the relay run before any consumer exists.
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], use_confirms=True, declare=[self.exchange])

    def run_once(self):
        Session = session_factory_of(self.container)
        more = self.publish_pending(Session) == self.batch_size
        if self._purged_at is None or time.monotonic() - self._purged_at >= self.purge_every_seconds:
            self.purge_published(Session)
            self._purged_at = time.monotonic()
        return more

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

    def purge_published(self, Session, now=None):
        """Delete the rows published more than ``keep_published_seconds`` ago; returns how many."""
        model = self.outbox_model
        before = (now or datetime.now(timezone.utc)) - timedelta(seconds=self.keep_published_seconds)
        with Session() as session:
            deleted = session.execute(delete(model).where(model.published_at < before)).rowcount
            session.commit()
            return deleted
