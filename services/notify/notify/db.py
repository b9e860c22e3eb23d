"""notify's tables and repository. The only module of notify that speaks SQL."""
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, delete, event, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from etwinning_contracts.runtime.db import InboxMixin, OutboxMixin, ParkedEventMixin
from etwinning_contracts.runtime.inbox import forget_parked_events_of

from .domain import PENDING, SENT, STATES

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    pass


class OutboxMessage(OutboxMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
    pass


class ParkedEvent(ParkedEventMixin, Base):
    pass


class OutgoingMail(Base):
    """Every email notify has to send, written in the same transaction as the inbox row of the
    event that asked for it: a broken SMTP server delays a mail, it never loses one."""

    __tablename__ = "outgoing_mail"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)  # the event that asked for it
    user_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    # Kept apart so it can be removed from the body once delivered (see domain.without_link).
    link: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(TS)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)
    sent_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        CheckConstraint(f"state in {tuple(STATES)!r}", name="outgoing_mail_state"),
        # The dispatcher's query: pending mail whose time has come.
        Index("outgoing_mail_due", "next_attempt_at", postgresql_where=(state == PENDING)),
        Index("outgoing_mail_state_created", "state", "created_at"),
    )


class ErasedUser(Base):
    """Users whose data was erased: a mail request for them that arrives late (a replayed or
    retried event) must not bring their address back."""

    __tablename__ = "erased_users"
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(TS)


class NotifyRepository:
    """Every query notify makes, by intent. Use cases get one of these."""

    def __init__(self, db):
        self.db = db

    # queueing
    def add_mail(self, **fields):
        mail = OutgoingMail(**fields)
        self.db.add(mail)
        return mail

    def is_erased(self, user_id):
        return self.db.get(ErasedUser, user_id) is not None

    # delivery
    def next_due_mail(self, now):
        """The oldest due pending mail, locked; rows another dispatcher holds are skipped, so
        replicas never send the same mail at the same time."""
        return self.db.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.state == PENDING, OutgoingMail.next_attempt_at <= now)
            .order_by(OutgoingMail.next_attempt_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()

    # operators
    def list_mail(self, user_id=None, state=None, states=None, limit=50):
        stmt = select(OutgoingMail)
        if user_id is not None:
            stmt = stmt.where(OutgoingMail.user_id == user_id)
        if state is not None:
            stmt = stmt.where(OutgoingMail.state == state)
        if states is not None:
            stmt = stmt.where(OutgoingMail.state.in_(states))
        return self.db.scalars(stmt.order_by(OutgoingMail.created_at.desc()).limit(limit)).all()

    # erasure and retention
    def record_erasure(self, user_id, now):
        self.db.execute(insert(ErasedUser).values(user_id=user_id, erased_at=now).on_conflict_do_nothing())

    def delete_mail_of_user(self, user_id):
        forget_parked_events_of(self.db, ParkedEvent, user_id)  # a parked mail request holds the address
        return self.db.execute(delete(OutgoingMail).where(OutgoingMail.user_id == user_id)).rowcount

    def delete_sent_before(self, before):
        return self.db.execute(
            delete(OutgoingMail).where(OutgoingMail.state == SENT, OutgoingMail.sent_at < before)).rowcount


def after_commit(db, callback):
    """Call ``callback()`` once this transaction has committed (not before: a dispatcher woken
    earlier would look for the new mail before it is visible)."""
    event.listen(db, "after_commit", lambda _db: callback(), once=True)
