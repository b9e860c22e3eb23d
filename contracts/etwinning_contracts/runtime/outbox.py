"""The outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

A row is marked published only after the broker confirmed it, so a crash between
commit and publish (or between publish and marking) delays an event, never loses
it; it may then arrive twice, which consumers absorb with their inbox.
"""
from datetime import datetime, timezone

from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import get_event_exchange
from sqlalchemy import select

from .db import session_factory_of
from .loop import BackgroundLoop


class OutboxRelay(BackgroundLoop):
    batch_size = 200

    def __init__(self, outbox_model, poll_seconds=None):
        super().__init__(poll_seconds)
        self.outbox_model = outbox_model

    def setup(self):
        config = self.container.config
        self.poll_seconds = float(config.get("OUTBOX_POLL_SECONDS", self.poll_seconds))
        self.enabled = str(config.get("OUTBOX_RELAY", "on")).lower() not in ("off", "false", "0")
        self.exchange = get_event_exchange(self.container.service_name, config)
        # Declaring the exchange on publish lets the relay run before any consumer exists.
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], use_confirms=True, declare=[self.exchange])

    def run_once(self):
        return self.publish_pending(session_factory_of(self.container)) == self.batch_size

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
