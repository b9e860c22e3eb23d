"""Tables of events organised by users (R89-R94) and of professional-development activities
(R95-R99), with their repository, reachable as ``uow.repo.events``."""
import uuid
from datetime import datetime

from sqlalchemy import (BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        delete, func, or_, select, text, tuple_, update)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Mapped, mapped_column

from .db import TS, Base, Person
from .domain import WORD_SIMILARITY

AREA = "events"


class Event(Base):
    __tablename__ = "events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # null once the organiser's account is erased (see erase_person)
    organiser_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(40))
    format: Mapped[str] = mapped_column(String(20))  # online | face_to_face
    visibility: Mapped[str] = mapped_column(String(10))  # public | private
    starts_at: Mapped[datetime] = mapped_column(TS)
    ends_at: Mapped[datetime] = mapped_column(TS)
    capacity: Mapped[int] = mapped_column(Integer)
    # kept in step with event_participants under the event's row lock: the cap check reads it
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    location: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled | cancelled
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        CheckConstraint("participant_count between 0 and capacity", name="events_within_capacity"),
        Index("events_upcoming_public", "starts_at", "id",
              postgresql_where=text("visibility = 'public' and state = 'scheduled'")),
    )


class EventParticipant(Base):
    __tablename__ = "event_participants"
    # the primary key makes a double registration impossible
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    registered_at: Mapped[datetime] = mapped_column(TS)
    attendance: Mapped[str | None] = mapped_column(String(10))  # attended | no_show, after the event


class EventInvitation(Base):
    __tablename__ = "event_invitations"
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    invited_at: Mapped[datetime] = mapped_column(TS)


class EventMessage(Base):
    """The event's forum, open before and after the video-conference (R92)."""

    __tablename__ = "event_messages"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class EventDocument(Base):
    """The event's document archive (R92): links are enough."""

    __tablename__ = "event_documents"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    added_by: Mapped[uuid.UUID] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(TS)


class PdActivity(Base):
    __tablename__ = "pd_activities"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str | None] = mapped_column(String(2))  # organising NSO; null = European (CSS)
    created_by: Mapped[uuid.UUID | None] = mapped_column()
    starts_at: Mapped[datetime] = mapped_column(TS)
    # didactic meetings: the active phase ends and the reflection phase starts (R97); null otherwise
    reflection_starts_at: Mapped[datetime | None] = mapped_column(TS)
    ends_at: Mapped[datetime] = mapped_column(TS)
    applications_open_at: Mapped[datetime] = mapped_column(TS)
    applications_close_at: Mapped[datetime] = mapped_column(TS)
    seats: Mapped[int] = mapped_column(Integer)
    reserved_seats: Mapped[dict] = mapped_column(JSONB, default=dict)  # {"ES": 5}
    language: Mapped[str | None] = mapped_column(String(5))
    led_by: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    materials_url: Mapped[str | None] = mapped_column(String(2000))
    recording_url: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("pd_activities_starts", "starts_at", "id"),)


class PdApplication(Base):
    __tablename__ = "pd_applications"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pd_activities.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(index=True)
    country: Mapped[str | None] = mapped_column(String(2))  # the applicant's, for reserved seats
    status: Mapped[str] = mapped_column(String(20))  # accepted | waitlisted
    applied_at: Mapped[datetime] = mapped_column(TS)
    accepted_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint("activity_id", "user_id", name="pd_applications_once"),
        Index("pd_applications_queue", "activity_id", "status", "applied_at"),
    )


def _after(cursor_columns, after):
    """Keyset pagination: rows strictly after ``after`` in (column, ...) order."""
    return tuple_(*cursor_columns) > tuple_(*after)


class Repository:
    def __init__(self, db):
        self.db = db  # the unit of work's SQLAlchemy ORM handle

    def _add(self, obj):
        self.db.add(obj)
        self.db.flush()
        return obj

    # ------------------------------------------------------------ events
    def new_event(self, **values):
        return self._add(Event(id=uuid.uuid4(), participant_count=0, state="scheduled", **values))

    def event(self, event_id, lock=False):
        """The event; unlocked, its organiser's profile comes in the same query and waits in the
        identity map for the view. ``lock`` serialises changes to one event's participants."""
        if lock:
            return self.db.get(Event, event_id, with_for_update=True, populate_existing=True)
        row = self.db.execute(select(Event, Person).outerjoin(Person, Person.user_id == Event.organiser_id)
                                   .where(Event.id == event_id)).first()
        return row[0] if row else None

    def relation(self, event_id, user_id):
        """(registered, invited) for one user."""
        registered = self.db.get(EventParticipant, (event_id, user_id)) is not None
        invited = self.db.get(EventInvitation, (event_id, user_id)) is not None
        return registered, invited

    def join(self, event_id, user_id, now):
        """Write a registration unless there is one already (the key decides, even under races)."""
        return self.db.execute(
            insert(EventParticipant).values(event_id=event_id, user_id=user_id, registered_at=now)
            .on_conflict_do_nothing().returning(EventParticipant.user_id)).first() is not None

    def take_seat(self, event_id, now):
        """One more participant if a seat is left: the new count, or None when full. The
        conditional UPDATE locks the event's row until commit; concurrent registrations wait
        for it and then re-check the condition against the committed count."""
        return self.db.execute(
            update(Event).where(Event.id == event_id, Event.state == "scheduled", Event.ends_at > now,
                                Event.participant_count < Event.capacity)
            .values(participant_count=Event.participant_count + 1).returning(Event.participant_count)
            .execution_options(synchronize_session=False)).scalar()

    def reread(self, event):
        """The event as last committed, for a statement that waited on its row."""
        self.db.refresh(event)

    def remove_participant(self, event, user_id):
        removed = self.db.execute(delete(EventParticipant).where(
            EventParticipant.event_id == event.id, EventParticipant.user_id == user_id)).rowcount
        event.participant_count -= removed
        return bool(removed)

    def invite(self, event_id, user_ids, now):
        """Invite these users; returns the ones not invited before."""
        if not user_ids:
            return []
        rows = self.db.execute(
            insert(EventInvitation).values([{"event_id": event_id, "user_id": u, "invited_at": now} for u in user_ids])
            .on_conflict_do_nothing().returning(EventInvitation.user_id)).all()
        return [r.user_id for r in rows]

    def invitations(self, event_id, limit, after=None, user_ids=None):
        query = select(EventInvitation).where(EventInvitation.event_id == event_id)
        if user_ids is not None:
            query = query.where(EventInvitation.user_id.in_(user_ids))
        if after:
            query = query.where(_after((EventInvitation.invited_at, EventInvitation.user_id), after))
        return self.db.scalars(query.order_by(EventInvitation.invited_at, EventInvitation.user_id)
                                    .limit(limit + 1)).all()

    def registered_among(self, event_id, user_ids):
        if not user_ids:
            return set()
        return set(self.db.scalars(select(EventParticipant.user_id).where(
            EventParticipant.event_id == event_id, EventParticipant.user_id.in_(list(user_ids)))))

    def running_events_of(self, organiser_id, now):
        """An organiser's scheduled events that have not ended, locked."""
        return self.db.scalars(select(Event).where(Event.organiser_id == organiser_id, Event.state == "scheduled",
                                                   Event.ends_at > now).with_for_update()).all()

    def participants(self, event_id, limit, after=None):
        query = select(EventParticipant).where(EventParticipant.event_id == event_id)
        if after:
            query = query.where(_after((EventParticipant.registered_at, EventParticipant.user_id), after))
        return self.db.scalars(query.order_by(EventParticipant.registered_at, EventParticipant.user_id)
                                    .limit(limit + 1)).all()

    def record_attendance(self, event_id, attended):
        """Those ``attended`` attended, every other participant did not show; returns
        (attended, no_show) counts and the ids of ``attended`` who are not participants."""
        registered = set(self.db.scalars(select(EventParticipant.user_id)
                                         .where(EventParticipant.event_id == event_id)).all())
        strangers = [u for u in attended if u not in registered]
        if not strangers:
            self.db.execute(update(EventParticipant).where(EventParticipant.event_id == event_id).values(
                attendance=text("case when user_id = any(:attended) then 'attended' else 'no_show' end")
                .bindparams(attended=list(attended))))
        return len(set(attended)), len(registered - set(attended)), strangers

    def upcoming_public(self, now, words, filters, limit, after=None):
        """Public scheduled events not yet ended, soonest first; any word of the query matches."""
        query = select(Event).where(Event.visibility == "public", Event.state == "scheduled", Event.ends_at > now,
                                    # a blocked or inactive organiser's events wait unseen (R54)
                                    text("exists (select 1 from people o where o.user_id = events.organiser_id "
                                         "and o.searchable)"))
        for key in ("kind", "format", "language"):
            if filters.get(key):
                query = query.where(getattr(Event, key) == filters[key])
        if filters.get("starts_after"):
            query = query.where(Event.starts_at >= filters["starts_after"])
        if filters.get("starts_before"):
            query = query.where(Event.starts_at < filters["starts_before"])
        if words:  # a query word matches a word of the text, as written or nearly (A25: "art" is not "start")
            query = query.where(or_(*[text(
                f"exists (select 1 from unnest(string_to_array(events.search_text, ' ')) w "
                f"where w = :w{i} or similarity(w, :w{i}) >= {WORD_SIMILARITY})").bindparams(**{f"w{i}": word})
                for i, word in enumerate(words)]))
        if after:
            query = query.where(_after((Event.starts_at, Event.id), after))
        return self.db.scalars(query.order_by(Event.starts_at, Event.id).limit(limit + 1)).all()

    def user_events(self, user_id, role, public_only, limit, after=None):
        """Events someone organises, takes part in or (role "invited") is invited to, soonest first."""
        organised = select(Event.id).where(Event.organiser_id == user_id)
        joined = select(EventParticipant.event_id).where(EventParticipant.user_id == user_id)
        invited = select(EventInvitation.event_id).where(EventInvitation.user_id == user_id)
        ids = {"organiser": organised, "participant": joined, "invited": invited,
               "all": organised.union(joined, invited)}[role]
        query = select(Event).where(Event.id.in_(ids))
        if public_only:
            query = query.where(Event.visibility == "public", Event.state == "scheduled")
        if after:
            query = query.where(_after((Event.starts_at, Event.id), after))
        return self.db.scalars(query.order_by(Event.starts_at, Event.id).limit(limit + 1)).all()

    def add_message(self, event_id, author_id, body, now):
        return self._add(EventMessage(event_id=event_id, author_id=author_id, body=body, created_at=now))

    def messages(self, event_id, limit, after=None):
        query = select(EventMessage).where(EventMessage.event_id == event_id)
        if after:
            query = query.where(EventMessage.id > after)
        return self.db.scalars(query.order_by(EventMessage.id).limit(limit + 1)).all()

    def add_document(self, event_id, added_by, title, url, now):
        return self._add(EventDocument(event_id=event_id, added_by=added_by, title=title, url=url, created_at=now))

    def documents(self, event_id, limit, after=None):
        query = select(EventDocument).where(EventDocument.event_id == event_id)
        if after:
            query = query.where(EventDocument.id > after)
        return self.db.scalars(query.order_by(EventDocument.id).limit(limit + 1)).all()

    # ------------------------------------------------------------ professional-development activities
    def new_activity(self, **values):
        return self._add(PdActivity(id=uuid.uuid4(), **values))

    def activity(self, activity_id, lock=False):
        """``lock`` serialises applications for one activity (seat limit, waitlist order)."""
        return self.db.get(PdActivity, activity_id, with_for_update=lock, populate_existing=lock)

    def activities(self, now, filters, limit, after=None):
        query = select(PdActivity)
        if not filters.get("include_past"):
            query = query.where(PdActivity.ends_at > now)
        for key in ("kind", "country"):
            if filters.get(key):
                query = query.where(getattr(PdActivity, key) == filters[key])
        if after:
            query = query.where(_after((PdActivity.starts_at, PdActivity.id), after))
        return self.db.scalars(query.order_by(PdActivity.starts_at, PdActivity.id).limit(limit + 1)).all()

    def counts(self, activity_id):
        """{"accepted": {country: n}, "waitlisted": n}"""
        rows = self.db.execute(
            select(PdApplication.status, PdApplication.country, func.count())
            .where(PdApplication.activity_id == activity_id)
            .group_by(PdApplication.status, PdApplication.country)).all()
        return {"accepted": {c: n for s, c, n in rows if s == "accepted"},
                "waitlisted": sum(n for s, _, n in rows if s == "waitlisted")}

    def application(self, activity_id, user_id):
        return self.db.scalars(select(PdApplication).where(
            PdApplication.activity_id == activity_id, PdApplication.user_id == user_id)).first()

    def add_application(self, **values):
        return self._add(PdApplication(id=uuid.uuid4(), **values))

    def delete_application(self, application):
        self.db.delete(application)
        self.db.flush()

    def waitlist(self, activity_id):
        """Waitlisted applications, first come first served."""
        return self.db.scalars(select(PdApplication).where(
            PdApplication.activity_id == activity_id, PdApplication.status == "waitlisted")
            .order_by(PdApplication.applied_at, PdApplication.id)).all()

    def waitlist_position(self, application):
        return self.db.scalar(select(func.count()).where(
            PdApplication.activity_id == application.activity_id, PdApplication.status == "waitlisted",
            tuple_(PdApplication.applied_at, PdApplication.id) <= tuple_(application.applied_at, application.id)))

    def applications(self, limit, after=None, activity_id=None, user_id=None):
        query = select(PdApplication)
        if activity_id:
            query = query.where(PdApplication.activity_id == activity_id)
        if user_id:
            query = query.where(PdApplication.user_id == user_id)
        if after:
            query = query.where(_after((PdApplication.applied_at, PdApplication.id), after))
        return self.db.scalars(query.order_by(PdApplication.applied_at, PdApplication.id)
                                    .limit(limit + 1)).all()

    def activities_by_id(self, ids):
        if not ids:
            return {}
        return {a.id: a for a in self.db.scalars(select(PdActivity).where(PdActivity.id.in_(list(ids))))}


def void_invitations(session, user_id, before, now):
    """A blocked person's invitations to private events are withdrawn (A20)."""
    session.execute(text("delete from event_invitations where user_id = :u and invited_at <= :before"),
                    {"u": user_id, "before": before})


def erase_person(session, user_id):
    """An erased account leaves no trace here: registrations, invitations, forum messages,
    documents and applications go. Events they organised stay for the other participants
    (their forum and archive are shared work, A15) but lose the organiser; the ones not yet
    ended are cancelled, as nobody is left to run them. Activities a staff account organised
    stay, without it."""
    from .use_cases.events import cancel_events_of_erased_organiser, fill_freed_seats

    u = {"u": user_id}
    session.execute(text("update events set participant_count = participant_count - 1 "
                         "where id in (select event_id from event_participants where user_id = :u)"), u)
    for sql in ("delete from event_participants where user_id = :u",
                "delete from event_invitations where user_id = :u",
                "delete from event_messages where author_id = :u",
                "delete from event_documents where added_by = :u"):
        session.execute(text(sql), u)
    cancel_events_of_erased_organiser(_unit(session), user_id)
    session.execute(text("update events set organiser_id = null where organiser_id = :u"), u)
    session.execute(text("update pd_activities set created_by = null where created_by = :u"), u)  # staff's
    freed = session.execute(text("delete from pd_applications where user_id = :u and status = 'accepted' "
                                 "returning activity_id"), u).scalars().all()
    session.execute(text("delete from pd_applications where user_id = :u"), u)
    if freed:  # their seats go to the waitlist, exactly as when they withdraw (A60)
        uow = _unit(session)
        for activity_id in freed:
            fill_freed_seats(uow, uow.repo.events.activity(activity_id, lock=True))


def _unit(db):
    """A unit of work on the erasure's transaction, so promotions emit their events with it."""
    from etwinning_contracts.names import DIRECTORY
    from etwinning_contracts.runtime.clock import SystemClock
    from etwinning_contracts.runtime.db import UnitOfWork

    from .db import DirectoryRepository, OutboxMessage

    return UnitOfWork(db, DIRECTORY, OutboxMessage, DirectoryRepository(db), SystemClock())
