"""identity's tables and repository. The only module of identity that speaks SQL."""
import uuid
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import (ARRAY, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String,
                        Text, and_, delete, func, or_, select, text, true, tuple_, update)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from etwinning_contracts.runtime.db import InboxMixin, OutboxMixin, ParkedEventMixin, fetch_prepared
from etwinning_contracts.runtime.idempotency import IdempotencyKeyMixin

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    pass


class OutboxMessage(OutboxMixin, Base):
    pass


class IdempotencyKey(IdempotencyKeyMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
    pass


class ParkedEvent(ParkedEventMixin, Base):
    pass


class Country(Base):
    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    participating: Mapped[bool] = mapped_column(Boolean, default=True)
    etwinning_plus: Mapped[bool] = mapped_column(Boolean, default=False)
    # A49: a country joins or leaves on a date; A50: what its schools may apply for
    participating_from: Mapped[date | None] = mapped_column(Date)
    participating_until: Mapped[date | None] = mapped_column(Date)  # the first day it no longer takes part
    eligible_for_nql: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    eligible_for_awards: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Nso(Base):
    __tablename__ = "nsos"
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    website: Mapped[str | None] = mapped_column(String(300))
    regions: Mapped[list] = mapped_column(JSONB, default=list)  # [{"code": "AN", "name": "Andalucía"}]


class User(Base):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    email_verified_at: Mapped[datetime | None] = mapped_column(TS)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    member_type: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40), index=True)
    previous_state: Mapped[str | None] = mapped_column(String(40))
    interface_language: Mapped[str] = mapped_column(String(5), default="en")
    preferences: Mapped[dict] = mapped_column(JSONB, default=dict)
    profile_public: Mapped[bool] = mapped_column(Boolean, default=False)
    show_email_to_contacts: Mapped[bool] = mapped_column(Boolean, default=False)
    available_for_projects: Mapped[bool] = mapped_column(Boolean, default=False)
    about: Mapped[str | None] = mapped_column(Text)
    # up to 2 MB: loaded only when the picture itself is asked for; picture_type tells whether there is one
    picture: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    picture_type: Mapped[str | None] = mapped_column(String(40))
    block_reason: Mapped[str | None] = mapped_column(String(40))
    block_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)
    last_login_at: Mapped[datetime | None] = mapped_column(TS)
    erased_at: Mapped[datetime | None] = mapped_column(TS)
    # A14: the mails that say a month ahead that the account becomes inactive / is removed
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(TS)
    removal_warned_at: Mapped[datetime | None] = mapped_column(TS)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # staff role: nso_staff (country, optional region, permissions) or css_staff
    role: Mapped[str] = mapped_column(String(20), default="user")
    staff_country: Mapped[str | None] = mapped_column(String(2))
    staff_region: Mapped[str | None] = mapped_column(String(20))
    staff_permissions: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)

    memberships = relationship("Membership", back_populates="user", order_by="Membership.started_at",
                               lazy="selectin")
    validation_tasks = relationship("ValidationTask", order_by="ValidationTask.created_at", viewonly=True)
    staff_nso = relationship("Nso", primaryjoin="foreign(User.staff_country) == Nso.country", viewonly=True)

    __table_args__ = (
        Index("users_email_key", func.lower(email), unique=True),
        Index("users_username_key", func.lower(username), unique=True),
        Index("users_lifecycle", "state", "last_login_at"),
    )


class School(Base):
    __tablename__ = "schools"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    region: Mapped[str | None] = mapped_column(String(20))
    education_levels: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)
    director_name: Mapped[str | None] = mapped_column(String(200))
    director_email: Mapped[str | None] = mapped_column(String(254))
    # name and town as registered or as the NSO last set them: members' corrections are measured
    # against these (R37)
    official_name: Mapped[str | None] = mapped_column(String(200))
    official_town: Mapped[str | None] = mapped_column(String(100))
    # when a member last entered or confirmed the director's details (R15: outdated after a year)
    director_details_updated_at: Mapped[datetime | None] = mapped_column(TS)
    # and who: when it is the applicant, a "yes" by the emailed link may be their own (A22)
    director_details_updated_by: Mapped[uuid.UUID | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(TS)
    created_by: Mapped[uuid.UUID | None] = mapped_column()
    revision: Mapped[int] = mapped_column(Integer, default=0)

    nso = relationship("Nso", primaryjoin="foreign(School.country) == Nso.country", viewonly=True)

    # the registry search of the school step (migration 0001), and finding the same school
    # spelt another way when one is registered (migration 0002, R32)
    __table_args__ = (Index("schools_name_trgm",
                            text("f_unaccent(lower(name || ' ' || coalesce(town, ''))) gin_trgm_ops"),
                            postgresql_using="gin"),
                      Index("schools_same_school", "country",
                            text("regexp_replace(f_unaccent(lower(name)), '[^[:alnum:]]+', '', 'g')")))


class SchoolChange(Base):
    """Audit trail of school profile edits (R38)."""

    __tablename__ = "school_changes"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), index=True)
    changed_by: Mapped[uuid.UUID | None] = mapped_column()
    changed_at: Mapped[datetime] = mapped_column(TS)
    changes: Mapped[dict] = mapped_column(JSONB)


class Membership(Base):
    """A time-stamped link between a user and a school (R34-R39)."""

    __tablename__ = "memberships"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(TS)
    ended_at: Mapped[datetime | None] = mapped_column(TS)
    validation_state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|validated|rejected|withdrawn

    user = relationship("User", back_populates="memberships")
    school = relationship("School", lazy="joined")


class ValidationTask(Base):
    __tablename__ = "validation_tasks"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    membership_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("memberships.id"))
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="open")  # open|validated|rejected|void
    created_at: Mapped[datetime] = mapped_column(TS)
    director_confirmed_at: Mapped[datetime | None] = mapped_column(TS)
    director_confirmation_channel: Mapped[str | None] = mapped_column(String(20))
    director_confirmation_note: Mapped[str | None] = mapped_column(Text)
    director_confirmed_by: Mapped[uuid.UUID | None] = mapped_column()
    decided_by: Mapped[uuid.UUID | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column(TS)
    reason: Mapped[str | None] = mapped_column(Text)  # of a rejection, kept when it is reconsidered
    rejected_at: Mapped[datetime | None] = mapped_column(TS)
    escalated_at: Mapped[datetime | None] = mapped_column(TS)  # reported late (A22), once
    # A22: the director is asked by a single-use link (only its hash kept) and answers through it
    director_link_hash: Mapped[str | None] = mapped_column(String(64))
    director_link_expires_at: Mapped[datetime | None] = mapped_column(TS)
    director_asked_at: Mapped[datetime | None] = mapped_column(TS)
    director_answer: Mapped[str | None] = mapped_column(String(10))  # confirmed|denied

    school = relationship("School", lazy="joined")
    user = relationship("User", lazy="joined")

    __table_args__ = (Index("validation_tasks_queue", "country", "state", "created_at"),
                      Index("validation_tasks_director_link", "director_link_hash", unique=True))


class OneTimeToken(Base):
    """Email verification, password reset, email change and deletion links; only a hash is stored."""

    __tablename__ = "one_time_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)
    used_at: Mapped[datetime | None] = mapped_column(TS)
    new_email: Mapped[str | None] = mapped_column(String(254))  # what a change_email link confirms


class WaitingRegistration(Base):
    """A registration of an address not confirmed yet: what it makes of the account (username,
    password hash, names, language, preferences) once confirmed. A link emailed to the address
    proves the mailbox; the password typed with it picks which registration is the person's."""

    __tablename__ = "waiting_registrations"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    registration: Mapped[dict] = mapped_column(JSONB)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)
    revoked_at: Mapped[datetime | None] = mapped_column(TS)
    replaces: Mapped[str | None] = mapped_column(String(64))  # the token this one was exchanged for


class LoginRecord(Base):
    """A successful login (or a day's first token refresh), kept for the user and staff (R21);
    only the latest ``domain.LOGIN_HISTORY_KEPT`` per account."""

    __tablename__ = "login_history"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(TS)
    method: Mapped[str] = mapped_column(String(20))  # password | refresh

    __table_args__ = (Index("login_history_user", "user_id", "at"),)


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    login_key: Mapped[str] = mapped_column(String(254), index=True)  # sha256 of the typed login
    client_key: Mapped[str | None] = mapped_column(String(64))  # sha256 of the client's address
    at: Mapped[datetime] = mapped_column(TS, index=True)

    __table_args__ = (Index("login_failures_by_client", "login_key", "client_key", "at"),)


class MailRequest(Base):
    """An anonymous request to email a link, by the address it came from (hashed): the per-client
    cap (domain.MAIL_REQUESTS_PER_CLIENT_PER_HOUR); kept no longer than its window."""

    __tablename__ = "mail_requests"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    client_key: Mapped[str] = mapped_column(String(64))  # sha256 of the client's address
    at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("mail_requests_by_client", "client_key", "at"),)


# The profile in one prepared statement (IdentityRepository.user_profile): the user's row, with
# memberships (their school and its NSO), validation tasks (their school) and a staff member's
# NSO as JSON, so that one round trip brings everything.
_PROFILE = """
    SELECT id, username, email, first_name, last_name, member_type, state, interface_language, preferences,
           profile_public, show_email_to_contacts, available_for_projects, about, picture_type, block_reason,
           created_at, last_login_at, role, staff_country, staff_region, staff_permissions,
           (SELECT coalesce(jsonb_agg(to_jsonb(m) || jsonb_build_object(
                        'school', to_jsonb(s) || jsonb_build_object('nso', to_jsonb(n))) ORDER BY m.started_at), '[]')
              FROM memberships m JOIN schools s ON s.id = m.school_id LEFT JOIN nsos n ON n.country = s.country
             WHERE m.user_id = u.id) AS memberships,
           (SELECT coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('school', to_jsonb(s)) ORDER BY t.created_at),
                            '[]')
              FROM validation_tasks t JOIN schools s ON s.id = t.school_id
             WHERE t.user_id = u.id) AS validation_tasks,
           (SELECT to_jsonb(n) FROM nsos n WHERE n.country = u.staff_country) AS staff_nso
    FROM users u WHERE u.id = $1"""


class IdentityRepository:
    """Every query identity makes, by intent. Use cases get one of these."""

    PREPARED = {"profile": _PROFILE}

    def __init__(self, session):
        self.session = session

    def add(self, obj):
        self.session.add(obj)
        return obj

    def flush(self):
        self.session.flush()

    # new rows: use cases name what they create, the mapping stays here
    def new_user(self, **values):
        return self.add(User(id=uuid.uuid4(), revision=0, **values))

    def new_school(self, **values):
        return self.add(School(id=uuid.uuid4(), revision=0, **values))

    def new_membership(self, **values):
        return self.add(Membership(id=uuid.uuid4(), **values))

    def new_validation_task(self, **values):
        return self.add(ValidationTask(id=uuid.uuid4(), state="open", **values))

    def new_school_change(self, **values):
        return self.add(SchoolChange(**values))

    def new_nso(self, **values):
        return self.add(Nso(**values))

    def new_one_time_token(self, **values):
        return self.add(OneTimeToken(**values))

    def new_refresh_token(self, **values):
        return self.add(RefreshToken(**values))

    # users
    def user(self, user_id, lock=False):
        stmt = select(User).where(User.id == user_id)
        if lock:  # as last committed: an object this session read before would keep its old values
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def user_profile(self, user_id):
        """A user with everything a profile shows, as plain records with the mapped classes'
        attribute names (``user.memberships[0].school.nso``, ``user.validation_tasks``,
        ``user.staff_nso``), so the same views render them. This is the hottest read of the API
        (``GET /me``): one prepared statement on the driver, without the ORM's statement
        caching and object loading, which were half of identity's CPU per request
        (docs/benchmarks.md). Read-only: nothing here can be changed and flushed."""
        row = fetch_prepared(self.session, "profile", str(user_id))
        if row is None:
            return None
        user = SimpleNamespace(**row)
        user.memberships = [_record(m) for m in user.memberships]
        user.validation_tasks = [_record(t, user=user) for t in user.validation_tasks]
        user.staff_nso = _record(user.staff_nso)
        return user

    def user_by_email(self, email):
        return self.session.scalars(select(User).where(func.lower(User.email) == email.lower())).first()

    def user_by_login(self, login):
        login = login.lower()
        return self.session.scalars(select(User).where(
            or_(func.lower(User.email) == login, func.lower(User.username) == login))).first()

    def username_taken(self, username):
        return self.session.scalar(select(func.count()).where(func.lower(User.username) == username.lower())) > 0

    def users_for_lifecycle(self, inactive_before, removed_before, limit=1000):
        """Accounts the daily job must act on (members, not staff: central staff revoke those):
        idle since ``inactive_before`` and not inactive yet,
        or idle since ``removed_before``. Inactive and blocked accounts not yet due for removal are left out,
        so however many there are, they never fill a batch and hold back those that are due."""
        seen = func.coalesce(User.last_login_at, User.created_at)
        due = or_(and_(User.state.notin_(("inactive", "blocked")), seen <= inactive_before), seen <= removed_before)
        return self.session.scalars(
            select(User).where(User.state.notin_(("removed", "deleted", "email_unverified")), User.role == "user", due)
            .order_by(User.id).limit(limit).with_for_update(skip_locked=True)).all()

    def users_to_warn(self, inactive_soon, removed_soon, limit=1000):
        """Accounts idle since ``inactive_soon`` and not warned of inactivity yet, or idle since
        ``removed_soon`` and not warned of removal yet (A14); blocked ones cannot act on it."""
        seen = func.coalesce(User.last_login_at, User.created_at)
        due = or_(and_(User.state != "inactive", User.inactivity_warned_at.is_(None), seen <= inactive_soon),
                  and_(User.removal_warned_at.is_(None), seen <= removed_soon))
        return self.session.scalars(
            select(User).where(User.state.notin_(("removed", "deleted", "blocked", "email_unverified")),
                               User.role == "user", User.email.is_not(None), due)
            .order_by(User.id).limit(limit).with_for_update(skip_locked=True)).all()

    def users_after(self, user_id, limit):
        """Every account in id order, for republishing snapshots page by page."""
        stmt = select(User).order_by(User.id).limit(limit)
        if user_id is not None:
            stmt = stmt.where(User.id > user_id)
        return self.session.scalars(stmt).all()

    def schools_after(self, school_id, limit):
        stmt = select(School).order_by(School.id).limit(limit)
        if school_id is not None:
            stmt = stmt.where(School.id > school_id)
        return self.session.scalars(stmt).all()

    def stale_unverified(self, created_before, now, limit=1000):
        """Registrations never confirmed, older than ``created_before``, with no verification
        link still working (one resent on the last day is honoured to its end)."""
        live_link = select(OneTimeToken.token_hash).where(
            OneTimeToken.user_id == User.id, OneTimeToken.kind == "verify_email", OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > now).exists()
        never_confirmed = or_(User.state == "email_unverified",  # or blocked before confirming
                              and_(User.state == "blocked", User.previous_state == "email_unverified"))
        return self.session.scalars(
            select(User).where(never_confirmed, User.created_at <= created_before, ~live_link)
            .limit(limit).with_for_update(skip_locked=True, of=User)).all()

    # reference data
    def country(self, code):
        return self.session.get(Country, code)

    def countries(self):
        return self.session.scalars(select(Country).order_by(Country.code)).all()

    def nso(self, country):
        return self.session.get(Nso, country)

    def nsos(self):
        return {n.country: n for n in self.session.scalars(select(Nso))}

    # schools
    def school(self, school_id, lock=False):
        stmt = select(School).where(School.id == school_id)
        if lock:  # as last committed: an object this session read before would keep its old values
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    # A typed word matches a word of the name when pg_trgm's word similarity reaches its default
    # threshold, 0.6 ("Cervantez" finds "Cervantes"); shorter words must be typed as they are, or
    # they would match at random.
    FUZZY_FROM_LENGTH = 4

    def search_schools(self, q=None, town=None, country=None, limit=20, offset=0):
        """Every word of ``q`` occurs in the name or town, ignoring case and accents, or (from 4
        letters) is close to a word of it: the school step finds the school despite a typo, so
        it is not registered twice (R9, R32). Schools with every word as typed come first."""
        stmt = select(School)
        text_ = func.f_unaccent(func.lower(School.name + " " + func.coalesce(School.town, "")))
        exact = []
        for word in (q or "").split()[:8]:
            escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            has_it = text_.like(func.f_unaccent(f"%{escaped}%"), escape="\\")
            exact.append(has_it)
            if len(word) >= self.FUZZY_FROM_LENGTH:  # the trigram index answers "<%" as it answers LIKE
                stmt = stmt.where(or_(has_it, func.f_unaccent(word.lower()).op("<%")(text_)))
            else:
                stmt = stmt.where(has_it)
        if town:
            stmt = stmt.where(func.f_unaccent(func.lower(School.town)) == func.f_unaccent(town.lower()))
        if country:
            stmt = stmt.where(School.country == country)
        order = [and_(*exact).desc()] if exact else []
        if q:
            order.append(func.word_similarity(func.f_unaccent(q.lower()), text_).desc())
        return self.session.scalars(stmt.order_by(*order, School.name, School.id).limit(limit).offset(offset)).all()

    def same_school(self, name, town, country, other_than=None):
        """A registered school with this name and town in this country, however spelt (case,
        accents, spaces and punctuation aside): each school exists once (R32). Takes a
        transaction lock on that name first, so two people registering it at the same moment
        cannot both create it."""
        key = _spelling_key(name)
        self.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(func.concat(country, ":", key)))))
        stmt = select(School).where(School.country == country, _spelling_key(School.name) == key,
                                    _spelling_key(func.coalesce(School.town, "")) == _spelling_key(town or ""))
        if other_than is not None:
            stmt = stmt.where(School.id != other_than)
        return self.session.scalars(stmt.order_by(School.created_at).limit(1)).first()

    def school_has_validated_member(self, school_id):
        return self.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.school_id == school_id, Membership.validation_state == "validated")) > 0

    def open_tasks_of_school(self, school_id):
        return self.session.scalars(select(ValidationTask).where(
            ValidationTask.school_id == school_id, ValidationTask.state == "open")).all()

    def school_changes(self, school_id):
        return self.session.scalars(select(SchoolChange).where(SchoolChange.school_id == school_id)
                                    .order_by(SchoolChange.changed_at)).all()

    def school_members(self, school_id):
        return self.session.scalars(select(Membership).where(Membership.school_id == school_id)
                                    .order_by(Membership.started_at)).all()

    # memberships and validation
    def membership(self, membership_id):
        return self.session.get(Membership, membership_id)

    def validation_task(self, task_id, lock=False):
        stmt = select(ValidationTask).where(ValidationTask.id == task_id)
        if lock:
            stmt = stmt.with_for_update(of=ValidationTask).execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def task_by_director_link(self, link_hash, lock=True):
        stmt = select(ValidationTask).where(ValidationTask.director_link_hash == link_hash)
        if lock:
            stmt = stmt.with_for_update(of=ValidationTask).execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def validation_tasks(self, state, countries=None, region=None, limit=50, after=None, created_before=None):
        """Oldest first; ``after``: the (created_at, id) of the last task of the previous page."""
        stmt = select(ValidationTask).where(ValidationTask.state == state)
        if after is not None:
            stmt = stmt.where(tuple_(ValidationTask.created_at, ValidationTask.id) > tuple_(*after))
        if created_before is not None:
            stmt = stmt.where(ValidationTask.created_at < created_before)
        if countries is not None:
            stmt = stmt.where(ValidationTask.country.in_(countries))
        if region:  # a regional officer's queue: their region only (Actor.can_act_for_country)
            stmt = stmt.where(ValidationTask.region == region)
        return self.session.scalars(stmt.order_by(ValidationTask.created_at, ValidationTask.id).limit(limit)).all()

    def validation_summary(self, countries, region, due_before, decided_since):
        """Per country: the open tasks (all, those without the director's confirmation, those
        opened before ``due_before``, the oldest's date) and the tasks decided since
        ``decided_since`` (validated, rejected, median seconds from opening to decision)."""
        t = ValidationTask
        is_open = t.state == "open"
        decided = and_(t.state.in_(("validated", "rejected")), t.decided_at >= decided_since)
        stmt = select(
            t.country,
            func.count().filter(is_open).label("open"),
            func.count().filter(is_open, t.director_confirmed_at.is_(None)).label("awaiting_director"),
            func.count().filter(is_open, t.created_at < due_before).label("overdue"),
            func.min(t.created_at).filter(is_open).label("oldest_open_at"),
            func.count().filter(decided, t.state == "validated").label("validated"),
            func.count().filter(decided, t.state == "rejected").label("rejected"),
            func.percentile_cont(0.5).within_group(func.extract("epoch", t.decided_at - t.created_at))
            .filter(decided).label("median_seconds"),
        ).where(or_(is_open, decided)).group_by(t.country).order_by(t.country)
        if countries is not None:
            stmt = stmt.where(t.country.in_(countries))
        if region:
            stmt = stmt.where(t.region == region)
        return self.session.execute(stmt).mappings().all()

    def escalate_late_tasks(self, due_before, now):
        """Mark the open tasks opened before ``due_before`` and not reported yet as reported now;
        their (country, region) pairs, one per task."""
        return self.session.execute(
            update(ValidationTask).where(ValidationTask.state == "open", ValidationTask.escalated_at.is_(None),
                                         ValidationTask.created_at < due_before)
            .values(escalated_at=now).returning(ValidationTask.country, ValidationTask.region)).all()

    def last_escalation(self):
        return self.session.scalar(select(func.max(ValidationTask.escalated_at)))

    def validators_to_alert(self, countries):
        """Central staff, and the validators of ``countries``, who can read mail."""
        return self.session.scalars(select(User).where(
            User.email.is_not(None), User.state.notin_(("blocked", "removed", "deleted", "email_unverified")),
            or_(User.role == "css_staff",
                and_(User.role == "nso_staff", User.staff_country.in_(countries),
                     User.staff_permissions.any("validator")))).order_by(User.id)).all()

    def validation_tasks_of_user(self, user_id):
        return self.session.scalars(select(ValidationTask).where(ValidationTask.user_id == user_id)
                                    .order_by(ValidationTask.created_at)).all()

    # tokens
    def one_time_token(self, token_hash, kind, lock=True):
        stmt = select(OneTimeToken).where(OneTimeToken.token_hash == token_hash, OneTimeToken.kind == kind)
        if lock:  # as last committed: an object this session read before would keep its old values
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def lock_user(self, user_id):
        self.session.execute(select(User.id).where(User.id == user_id).with_for_update())

    def links_sent_since(self, user_id, kind, since):
        return self.session.scalar(select(func.count()).select_from(OneTimeToken).where(
            OneTimeToken.user_id == user_id, OneTimeToken.kind == kind, OneTimeToken.created_at >= since))

    def void_tokens(self, user_id, kind, now):
        self.session.execute(update(OneTimeToken).where(
            OneTimeToken.user_id == user_id, OneTimeToken.kind == kind, OneTimeToken.used_at.is_(None))
            .values(used_at=now))

    def add_waiting_registration(self, user_id, registration, now, keep):
        """Keep ``registration`` for the address's account, and no more than the newest ``keep``."""
        self.session.add(WaitingRegistration(user_id=user_id, registration=registration, created_at=now))
        self.session.flush()
        newest = select(WaitingRegistration.id).where(WaitingRegistration.user_id == user_id).order_by(
            WaitingRegistration.id.desc()).limit(keep)
        self.session.query(WaitingRegistration).filter(WaitingRegistration.user_id == user_id,
                                                       WaitingRegistration.id.notin_(newest)
                                                       ).delete(synchronize_session=False)

    def waiting_registrations(self, user_id):
        """The registrations of the account's address, newest first (they wait as long as the
        account does: a link sent again on the last day is honoured to its end)."""
        return self.session.scalars(select(WaitingRegistration.registration).where(
            WaitingRegistration.user_id == user_id).order_by(WaitingRegistration.id.desc())).all()

    def forget_kept_passwords(self, before):
        """The passwords registered for addresses that have an account (a password alone, see
        register), once older than ``before``."""
        return self.session.query(WaitingRegistration).filter(
            WaitingRegistration.created_at < before, ~WaitingRegistration.registration.has_key("username")
        ).delete(synchronize_session=False)

    def forget_waiting_registrations(self, user_id):
        self.session.query(WaitingRegistration).filter(WaitingRegistration.user_id == user_id).delete()

    def refresh_token(self, token_hash, lock=True):
        stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        if lock:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def refresh_successors(self, family_id, created_at):
        """The session's refresh tokens issued after ``created_at``."""
        return self.session.scalars(select(RefreshToken).where(
            RefreshToken.family_id == family_id, RefreshToken.created_at > created_at)).all()

    def rotated_after(self, family_id, created_at):
        """Whether the session's refresh token was exchanged for a newer one after ``created_at``."""
        return self.session.scalar(select(RefreshToken.token_hash).where(
            RefreshToken.family_id == family_id, RefreshToken.created_at > created_at).limit(1)) is not None

    def revoke_refresh_tokens(self, now, user_id=None, family_id=None):
        cond = [RefreshToken.revoked_at.is_(None)]
        cond.append(RefreshToken.user_id == user_id if user_id else RefreshToken.family_id == family_id)
        self.session.execute(update(RefreshToken).where(and_(*cond)).values(revoked_at=now))

    # login history
    def record_login(self, user_id, at, method, keep):
        self.session.add(LoginRecord(user_id=user_id, at=at, method=method))
        self.session.flush()
        newest = select(LoginRecord.id).where(LoginRecord.user_id == user_id).order_by(
            LoginRecord.at.desc(), LoginRecord.id.desc()).limit(keep)
        self.session.execute(delete(LoginRecord).where(LoginRecord.user_id == user_id, LoginRecord.id.notin_(newest)))

    def login_history(self, user_id, limit):
        return self.session.scalars(select(LoginRecord).where(LoginRecord.user_id == user_id).order_by(
            LoginRecord.at.desc(), LoginRecord.id.desc()).limit(limit)).all()

    # staff
    def staff_members(self, country=None):
        stmt = select(User).where(User.role.in_(("nso_staff", "css_staff")))
        if country:
            stmt = stmt.where(User.staff_country == country)
        return self.session.scalars(stmt.order_by(User.staff_country, User.email)).all()

    # throttling
    def recent_login_failures(self, login_key, client_key, since):
        """(failures from this client, failures from everywhere) against this login since then."""
        row = self.session.execute(select(
            func.count().filter(LoginFailure.client_key.is_not_distinct_from(client_key)), func.count()
        ).where(LoginFailure.login_key == login_key, LoginFailure.at >= since)).one()
        return tuple(row)

    def lock_key(self, key):
        """Until the transaction ends, no other request counted against ``key`` (a login, a
        client) checks or counts."""
        self.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))

    def record_login_failure(self, login_key, client_key, at):
        failure = LoginFailure(login_key=login_key, client_key=client_key, at=at)
        self.session.add(failure)
        self.session.flush()
        return failure.id

    def delete_login_failure(self, failure_id):
        self.session.query(LoginFailure).filter(LoginFailure.id == failure_id).delete(synchronize_session=False)

    def clear_login_failures(self, login_key, client_key=...):
        """Every failure against the login, or (``client_key``) only this client's."""
        query = self.session.query(LoginFailure).filter(LoginFailure.login_key == login_key)
        if client_key is not ...:
            query = query.filter(LoginFailure.client_key.is_not_distinct_from(client_key))
        query.delete(synchronize_session=False)

    def purge_login_failures(self, before):
        return self.session.query(LoginFailure).filter(LoginFailure.at < before).delete()

    def mail_requests_since(self, client_key, since):
        """(how many, the oldest's time) of this client's requests to email a link since then."""
        return tuple(self.session.execute(select(func.count(), func.min(MailRequest.at)).where(
            MailRequest.client_key == client_key, MailRequest.at >= since)).one())

    def record_mail_request(self, client_key, at):
        self.session.add(MailRequest(client_key=client_key, at=at))

    def purge_mail_requests(self, before):
        return self.session.query(MailRequest).filter(MailRequest.at < before).delete()

    # erasure
    def directors_asked_since(self, user_id, since):
        """How many directors were emailed about this applicant's tasks since then (A22)."""
        return self.session.scalar(select(func.count()).select_from(ValidationTask).where(
            ValidationTask.user_id == user_id, ValidationTask.director_asked_at >= since))

    def forget_director_contact(self, user, their_schools):
        """An erased person's address, and the names that went with it, out of the schools whose
        director they are written down as (a teacher may be their own school's director), and
        out of the change history of those and of ``their_schools``: their address and names
        wherever they appear, and the director's details they typed themselves. A school left
        without lacks its director's details, as any whose details are missing (R15)."""
        email = user.email.lower()
        schools = self.session.scalars(select(School).where(func.lower(School.director_email) == email)).all()
        own_name = " ".join(filter(None, (user.first_name, user.last_name)))
        forgotten = {email, *(n.lower() for n in (own_name, *(s.director_name for s in schools)) if n)}
        for school in schools:
            school.director_name = school.director_email = None
            school.director_details_updated_at = school.director_details_updated_by = None
        changes = self.session.scalars(select(SchoolChange).where(
            SchoolChange.school_id.in_({s.id for s in schools} | set(their_schools)))).all()
        for change in changes:
            change.changes = _blanked(change.changes, forgotten, director_too=change.changed_by == user.id)

    def erase_user_rows(self, user_id):
        """Delete every row that only exists for this person (tokens, throttling, pictures), and
        the events about them the broker already has (their names, address and links): the relay
        deletes published events only after a while (OutboxRelay.keep_published_seconds)."""
        for model in (OneTimeToken, RefreshToken, LoginRecord, WaitingRegistration):
            self.session.query(model).filter(model.user_id == user_id).delete()
        self.session.query(IdempotencyKey).filter(IdempotencyKey.caller == str(user_id)).delete()  # their answers
        self.session.query(OutboxMessage).filter(OutboxMessage.published_at.isnot(None),
                                                 OutboxMessage.payload["user_id"].astext == str(user_id)
                                                 ).delete(synchronize_session=False)


def _blanked(changes, forgotten, director_too):
    """A school change record ({field: {"from": ..., "to": ...}}) with every value in
    ``forgotten`` blanked, and, when ``director_too``, every value of the director's fields."""
    def kept(field, value):
        if isinstance(value, str) and (value.lower() in forgotten
                                       or (director_too and field in ("director_name", "director_email"))):
            return None
        return value

    return {field: {side: kept(field, value) for side, value in sides.items()} if isinstance(sides, dict) else sides
            for field, sides in changes.items()}


def _spelling_key(text_):
    """A name as same_school compares it: case, accents, spaces and punctuation aside (the
    expression of the index schools_same_school)."""
    return func.regexp_replace(func.f_unaccent(func.lower(text_)), "[^[:alnum:]]+", "", "g")


def _record(document, **extra):
    """A JSON object of the profile statement as an object with attributes, nested objects too;
    ``*_at`` values (JSON strings there) become datetimes again."""
    if document is None:
        return None
    fields = {key: _record(value) if isinstance(value, dict)
              else datetime.fromisoformat(value) if key.endswith("_at") and value is not None else value
              for key, value in document.items()}
    return SimpleNamespace(**fields, **extra)
