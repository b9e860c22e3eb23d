"""Tables of booked chats (R64-R66) and their rooms' messages, with their repository,
reachable as ``uow.repo.chats``."""
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, and_, or_, select, text, tuple_
from sqlalchemy.orm import Mapped, mapped_column

from .db import TS, Base

AREA = "chats"


class BookedChat(Base):
    __tablename__ = "booked_chats"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    requester_id: Mapped[uuid.UUID] = mapped_column(index=True)
    invitee_id: Mapped[uuid.UUID] = mapped_column(index=True)
    starts_at: Mapped[datetime] = mapped_column(TS)
    ends_at: Mapped[datetime] = mapped_column(TS)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # pending | read | accepted | declined | cancelled
    created_at: Mapped[datetime] = mapped_column(TS)
    read_at: Mapped[datetime | None] = mapped_column(TS)
    decided_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        # a retried booking (same people, same start) is refused instead of booked twice
        Index("booked_chats_once", "requester_id", "invitee_id", "starts_at", unique=True,
              postgresql_where=text("status in ('pending', 'read', 'accepted')")),
    )


class BookedChatMessage(Base):
    __tablename__ = "booked_chat_messages"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    chat_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("booked_chats.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class Repository:
    def __init__(self, db):
        self.db = db  # the unit of work's SQLAlchemy ORM handle

    def new_chat(self, **values):
        chat = BookedChat(id=uuid.uuid4(), status="pending", **values)
        self.db.add(chat)
        self.db.flush()
        return chat

    def chat(self, chat_id, lock=False):
        return self.db.get(BookedChat, chat_id, with_for_update=lock, populate_existing=lock)

    def open_between(self, user_id, other_id, ending_after):
        """The open chats (waiting for an answer or accepted) between these two people, booked by
        either, whose slot ends after ``ending_after``."""
        return self.db.scalars(select(BookedChat).where(
            or_(and_(BookedChat.requester_id == user_id, BookedChat.invitee_id == other_id),
                and_(BookedChat.requester_id == other_id, BookedChat.invitee_id == user_id)),
            BookedChat.ends_at > ending_after, BookedChat.status.in_(("pending", "read", "accepted")))
            .order_by(BookedChat.starts_at)).all()

    def is_candidate(self, owner_id, person_id):
        """In the owner's My Candidates: the person, or a school they teach at."""
        return self.db.execute(text(
            "select 1 from candidates c where c.owner_id = :o and (c.person_id = :p or c.school_id in "
            "(select school_id from person_schools where user_id = :p))"), {"o": owner_id, "p": person_id}).first() \
            is not None

    def chats_of(self, user_id, box, limit, after=None):
        """Newest booking first."""
        mine = {"sent": BookedChat.requester_id == user_id, "received": BookedChat.invitee_id == user_id,
                "all": or_(BookedChat.requester_id == user_id, BookedChat.invitee_id == user_id)}[box]
        query = select(BookedChat).where(mine)
        if after:
            query = query.where(tuple_(BookedChat.created_at, BookedChat.id) < tuple_(*after))
        return self.db.scalars(query.order_by(BookedChat.created_at.desc(), BookedChat.id.desc())
                                    .limit(limit + 1)).all()

    def coming_chats_of(self, user_id, now):
        return self.db.scalars(select(BookedChat).where(
            or_(BookedChat.requester_id == user_id, BookedChat.invitee_id == user_id),
            BookedChat.status.in_(("pending", "read", "accepted")), BookedChat.ends_at > now)).all()

    def add_message(self, chat_id, author_id, body, now):
        message = BookedChatMessage(chat_id=chat_id, author_id=author_id, body=body, created_at=now)
        self.db.add(message)
        self.db.flush()
        return message

    def messages(self, chat_id, limit, after=None):
        query = select(BookedChatMessage).where(BookedChatMessage.chat_id == chat_id)
        if after:
            query = query.where(BookedChatMessage.id > after)
        return self.db.scalars(query.order_by(BookedChatMessage.id).limit(limit + 1)).all()


def void_invitations(session, user_id, before, now):
    """A blocked person's chat invitations not yet answered are cancelled (A20)."""
    session.execute(text("update booked_chats set status = 'cancelled', decided_at = :now "
                         "where status in ('pending', 'read') and (requester_id = :u or invitee_id = :u) "
                         "and created_at <= :before"), {"u": user_id, "before": before, "now": now})


def erase_person(session, user_id):
    """Every chat the person booked or was invited to goes, with its messages (cascade); the
    other side of one still to come is told it is cancelled, as if the person had cancelled it."""
    from .db_events import _unit
    from .use_cases.chats import cancel_chats_of_erased_person

    cancel_chats_of_erased_person(_unit(session), user_id)
    session.execute(text("delete from booked_chats where requester_id = :u or invitee_id = :u"), {"u": user_id})
