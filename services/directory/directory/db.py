"""directory's core tables: the search read model built from identity's events, and the
networking tables (contacts, follows, activity, candidates). Other areas keep their tables
in ``db_<area>.py`` on the same ``Base``."""
import uuid
from datetime import datetime
from functools import cache
from itertools import combinations

from sqlalchemy import (ARRAY, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from etwinning_contracts.runtime.db import InboxMixin, OutboxMixin, ParkedEventMixin
from etwinning_contracts.runtime.idempotency import IdempotencyKeyMixin
from etwinning_contracts.runtime.inbox import forget_parked_events_of

from .domain import PHRASE_BONUS, UNLISTED_STATES, WORD_SIMILARITY, typo_variants

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    pass


class OutboxMessage(OutboxMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
    pass


class IdempotencyKey(IdempotencyKeyMixin, Base):
    pass


class ParkedEvent(ParkedEventMixin, Base):
    pass


# ---------------------------------------------------------------- read model (from identity's events)

class Person(Base):
    """A user as directory may show and search them. Rebuilt from ``user_changed`` snapshots;
    a snapshot older than ``revision`` is ignored, so replays and reordering are harmless."""

    __tablename__ = "people"
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(210))
    member_type: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    validated: Mapped[bool] = mapped_column(Boolean)
    profile_public: Mapped[bool] = mapped_column(Boolean)
    available: Mapped[bool] = mapped_column(Boolean)
    searchable: Mapped[bool] = mapped_column(Boolean)  # registered, not inactive/blocked/removed (R54)
    languages: Mapped[list] = mapped_column(ARRAY(String(5)), default=list)
    subjects: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)
    age_groups: Mapped[list] = mapped_column(ARRAY(String(10)), default=list)
    ict_use: Mapped[str | None] = mapped_column(String(20))
    has_picture: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str | None] = mapped_column(String(2))
    schools: Mapped[list] = mapped_column(JSONB, default=list)  # current schools as shown on cards
    last_login_at: Mapped[datetime | None] = mapped_column(TS)
    # unaccented, lower-case words of the name (and in Latin letters): what people search matches
    search_text: Mapped[str] = mapped_column(Text)
    # unaccented, lower-case words of the current schools' names and towns: search by school (R50)
    school_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # migration 0010: the words of the name, for search (WORDS_OF)
        Index("people_search_words", text("string_to_array(search_text, ' ')"), postgresql_using="gin",
              postgresql_where=text("searchable")),
        Index("people_school_trgm", "school_text", postgresql_using="gin",
              postgresql_ops={"school_text": "gin_trgm_ops"}, postgresql_where=text("searchable")),
        Index("people_twinfinder_languages", "languages", postgresql_using="gin",
              postgresql_where=text("searchable and validated")),
        Index("people_twinfinder_subjects", "subjects", postgresql_using="gin",
              postgresql_where=text("searchable and validated")),
        Index("people_country", "country", "user_id", postgresql_where=text("searchable")),
        # migration 0004: walking ids in order, and TwinFinder tiers
        Index("people_search_by_id", "user_id", postgresql_include=["search_text", "profile_public"],
              postgresql_where=text("searchable")),
        Index("people_twinfinder_preferences", "languages", "subjects", "age_groups", postgresql_using="gin",
              postgresql_where=text("searchable and validated")),
        Index("people_twinfinder_ict", "ict_use", postgresql_where=text("searchable and validated")),
        # migration 0009 (which also creates the function): TWINFINDER_KEYS below
        Index("people_twinfinder_keys", text("twinfinder_keys(languages, subjects, age_groups, ict_use)"),
              postgresql_using="gin", postgresql_where=text("searchable and validated")),
    )


class School(Base):
    __tablename__ = "schools"
    school_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(20))
    education_levels: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)
    registered_at: Mapped[datetime | None] = mapped_column(TS)
    search_text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("schools_search_words", text("string_to_array(search_text, ' ')"), postgresql_using="gin"),
        Index("schools_country", "country", "school_id"),
        # migration 0004
        Index("schools_search_by_id", "school_id", postgresql_include=["search_text"]),
    )


class PersonSchool(Base):
    """A person's current school membership, for search by school and school availability."""

    __tablename__ = "person_schools"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    validated: Mapped[bool] = mapped_column(Boolean)


# The words of each name, one row per (word, row), kept by triggers on search_text (migration
# 0006): the postings of a search engine, in id order within a word, so a page of everyone named
# exactly "García" is the first ids of its postings, read from the index, however many there are.
class PersonWord(Base):
    __tablename__ = "person_words"
    word: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("person_words_by_user", "user_id"),)


class SchoolWord(Base):
    __tablename__ = "school_words"
    word: Mapped[str] = mapped_column(Text, primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.school_id", ondelete="CASCADE"),
                                                 primary_key=True)

    __table_args__ = (Index("school_words_by_school", "school_id"),)


# Every distinct word of the search texts with how many rows have it, kept by triggers (migration
# 0010), with a trigram index: a misspelt word finds the words it is close to here, among a few
# thousand short entries, and then their rows through the word indexes. A word leaves with the
# last row having it, so an erased name leaves nothing behind.
class _Vocabulary:
    word: Mapped[str] = mapped_column(Text, primary_key=True)
    occurrences: Mapped[int] = mapped_column(Integer)

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"{cls.__tablename__}_trgm", "word", postgresql_using="gin",
                      postgresql_ops={"word": "gin_trgm_ops"}),)


class PeopleVocabulary(_Vocabulary, Base):
    __tablename__ = "people_vocabulary"


class SchoolsVocabulary(_Vocabulary, Base):
    __tablename__ = "schools_vocabulary"


class ErasedUser(Base):
    """Only the id of an erased account, so a replayed older snapshot can never bring it back."""

    __tablename__ = "erased_users"
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


# ---------------------------------------------------------------- networking

class ContactRequest(Base):
    __tablename__ = "contact_requests"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    requester_id: Mapped[uuid.UUID] = mapped_column(index=True)
    recipient_id: Mapped[uuid.UUID] = mapped_column(index=True)
    message: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # pending|accepted|declined|cancelled
    created_at: Mapped[datetime] = mapped_column(TS)
    decided_at: Mapped[datetime | None] = mapped_column(TS)

    __table_args__ = (
        # one pending request per direction; the database enforces it under concurrency
        Index("contact_requests_one_pending", "requester_id", "recipient_id", unique=True,
              postgresql_where=text("state = 'pending'")),
    )


class Contact(Base):
    """A symmetric relationship, stored once with the smaller id first."""

    __tablename__ = "contacts"
    user_a: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_b: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    since: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (CheckConstraint("user_a < user_b", name="contacts_ordered"),)


class Follow(Base):
    __tablename__ = "follows"
    follower_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    followee_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    since: Mapped[datetime] = mapped_column(TS)


class Activity(Base):
    """Public activity shown in followers' and contacts' home feed (R72, A58), and eTwinning's
    news (kind "news", no actor), shown in everyone's."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("activities_news", "id", postgresql_where=text("actor_id is null")),)  # migration 0012


class Candidate(Base):
    """My Candidates: a private bookmark of a school or a person, with a note (R62)."""

    __tablename__ = "candidates"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(index=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column()
    person_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        UniqueConstraint("owner_id", "school_id", name="candidates_one_school"),
        UniqueConstraint("owner_id", "person_id", name="candidates_one_person"),
        CheckConstraint("(school_id is null) <> (person_id is null)", name="candidates_one_target"),
    )


__all__ = ["Base", "Person", "School", "PersonSchool", "ErasedUser", "ContactRequest", "Contact", "Follow",
           "Activity", "Candidate", "OutboxMessage", "InboxEntry", "ParkedEvent"]


# ---------------------------------------------------------------- repository

# Settings go in the same query string as the one statement they are for: PostgreSQL runs the
# string as one implicit transaction, so in autocommit (search reads, Transactions.read) they end
# with it, at no extra round trip; inside a transaction they last until its end. This one makes
# `%>` (and word similarity's "matched") mean domain.WORD_SIMILARITY, for every search.
TRIGRAM_THRESHOLD = f"select set_config('pg_trgm.word_similarity_threshold', '{WORD_SIMILARITY}', true); "

# The words of a search text, as the word indexes (migration 0010) hold them.
WORDS_OF = "string_to_array({}, ' ')"

# The planner settings search statements change, each for the one statement it is sent with.
PLANNER_KNOBS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan", "enable_hashjoin",
                 "enable_material", "join_collapse_limit", "max_parallel_workers_per_gather")


def planner(**settings):
    """SQL to send before a statement: ``settings`` for it, every other knob of PLANNER_KNOBS at
    its default. Sent like TRIGRAM_THRESHOLD, in the same string: in autocommit the settings end
    with the statement; inside a transaction they would outlast it, hence the resets."""
    resets = "".join(f"reset {knob}; " for knob in PLANNER_KNOBS if knob not in settings)
    return resets + ("select " + ", ".join(f"set_config('{knob}', '{value}', true)" for knob, value in settings.items())
                     + "; " if settings else "")


@cache  # found once: a repository is made for every request
def _area_modules():
    """Table modules of the other areas (db_groups.py, ...), each with an ``AREA`` name and a
    ``Repository`` class; their repositories hang on the core one as ``repo.<area>``."""
    import importlib
    import pkgutil

    import directory

    return tuple(importlib.import_module(f"directory.{module.name}")
                 for module in pkgutil.iter_modules(directory.__path__) if module.name.startswith("db_"))


# Every pair and triple of a person's languages, subjects and age groups, as "es|foreign_languages|",
# "es||6-11", "|foreign_languages|6-11" and "es|foreign_languages|6-11", and each triple with the
# ICT use ("es|foreign_languages|6-11|intermediate"): its GIN index (migration 0009) finds people
# sharing several preferences at once.
TWINFINDER_KEYS = "twinfinder_keys(p.languages, p.subjects, p.age_groups, p.ict_use)"

# A school's teacher (ps: person_schools, gp: people) who makes it green: a current, validated
# member whose account is validated, active and open to partnerships (R60).
OPEN_TEACHER = "ps.validated and gp.available and gp.validated and gp.state = 'active_etwinner'"


class DirectoryRepository:
    def __init__(self, session):
        self.session = session
        for module in _area_modules():
            if hasattr(module, "Repository"):
                setattr(self, module.AREA, module.Repository(session))

    def add(self, obj):
        self.session.add(obj)
        return obj

    def delete(self, obj):
        self.session.delete(obj)

    def get(self, model, key, lock=False):
        return self.session.get(model, key, with_for_update=lock, populate_existing=lock)

    def merge(self, obj):
        return self.session.merge(obj)

    def flush(self):
        self.session.flush()

    def execute(self, sql, **params):
        return self.session.execute(text(sql), params)

    # networking: the rows use cases create and look up by key
    def new_contact_request(self, **values):
        return self.add(ContactRequest(id=uuid.uuid4(), state="pending", **values))

    def contact_request(self, request_id, lock=False):
        return self.get(ContactRequest, request_id, lock)

    def contact(self, pair, lock=False):
        """The contact between the two people of ``pair``, in ``ordered_pair`` order."""
        return self.get(Contact, pair, lock)

    def follow(self, follower_id, followee_id, lock=False):
        return self.get(Follow, (follower_id, followee_id), lock)

    def new_activity(self, **values):
        return self.add(Activity(**values))

    def new_candidate(self, **values):
        return self.add(Candidate(id=uuid.uuid4(), **values))

    def candidate(self, candidate_id, lock=False):
        return self.get(Candidate, candidate_id, lock)

    # read model
    def person(self, user_id, lock=False):
        return self.session.get(Person, user_id, with_for_update=lock, populate_existing=lock)

    def lock_people(self, user_ids):
        """Lock these people's rows for update, in the order given (callers use one fixed order)."""
        self.execute("select p.user_id from unnest(cast(:ids as uuid[])) with ordinality i(id, n) "
                     "join people p on p.user_id = i.id order by i.n for update of p", ids=list(user_ids))

    def people(self, user_ids, listed=False):
        """The people of ``user_ids``; ``listed``: only those shown in lists of people now (not
        blocked, inactive or removed: domain.UNLISTED_STATES)."""
        from sqlalchemy import select

        if not user_ids:
            return {}
        query = select(Person).where(Person.user_id.in_(list(user_ids)))
        if listed:
            query = query.where(Person.state.notin_(UNLISTED_STATES))
        return {p.user_id: p for p in self.session.scalars(query)}

    def school(self, school_id, lock=False):
        return self.session.get(School, school_id, with_for_update=lock, populate_existing=lock)

    def lock_school(self, school_id, **new_row):
        """The school locked for update; created first from ``new_row`` if absent."""
        return self._locked(School, school_id, **new_row)

    def add_school_if_missing(self, **row):
        """A school as a membership carries it (revision 0: any school_changed event wins)."""
        self.session.execute(insert(School).values(revision=0, **row).on_conflict_do_nothing(
            index_elements=["school_id"]))

    def lock_person(self, user_id):
        """The person locked for update; created first as an unsearchable placeholder if absent."""
        return self._locked(Person, user_id, display_name="", state="pending", validated=False,
                            profile_public=False, available=False, searchable=False, search_text="",
                            school_text="")

    def _locked(self, model, key, **placeholder):
        """The row with primary key ``key``, locked for update; inserted first from ``placeholder``
        with revision -1 (older than any event) if absent, so two first events for one id
        applied at once queue on the row instead of one failing on the primary key."""
        pk = list(model.__table__.primary_key.columns)[0].name
        self.session.execute(insert(model).values({pk: key, "revision": -1, **placeholder})
                             .on_conflict_do_nothing(index_elements=[pk]))
        return self.session.get(model, key, with_for_update=True, populate_existing=True)

    def schools(self, school_ids):
        from sqlalchemy import select

        if not school_ids:
            return {}
        return {s.school_id: s for s in self.session.scalars(select(School).where(School.school_id.in_(list(school_ids))))}

    def is_erased(self, user_id):
        return self.session.get(ErasedUser, user_id) is not None

    def replace_person_schools(self, user_id, schools):
        self.execute("delete from person_schools where user_id = :u", u=user_id)
        for school in schools:
            self.session.add(PersonSchool(user_id=user_id, school_id=school["school_id"], validated=school["validated"]))

    def green_schools(self, school_ids):
        """Which of these schools have at least one current, validated, active, available teacher (R60)."""
        if not school_ids:
            return set()
        rows = self.execute(
            "select distinct ps.school_id from person_schools ps join people gp on gp.user_id = ps.user_id "
            f"where ps.school_id = any(:ids) and {OPEN_TEACHER}", ids=list(school_ids))
        return {r[0] for r in rows}

    def people_of_school(self, school_id):
        from sqlalchemy import select

        return self.session.scalars(select(Person).join(PersonSchool, PersonSchool.user_id == Person.user_id)
                                    .where(PersonSchool.school_id == school_id).with_for_update(of=Person)).all()

    def school_teachers(self, school_id):
        from sqlalchemy import select

        return self.session.scalars(
            select(Person).join(PersonSchool, PersonSchool.user_id == Person.user_id)
            .where(PersonSchool.school_id == school_id, PersonSchool.validated, Person.searchable)
            .order_by(Person.display_name)).all()

    def add_follow(self, follower_id, followee_id, now):
        """Follow unless already following; whether this call added it (the key decides, even
        when two requests race)."""
        return self.session.execute(
            insert(Follow).values(follower_id=follower_id, followee_id=followee_id, since=now)
            .on_conflict_do_nothing().returning(Follow.follower_id)).first() is not None

    def erase_person(self, user_id):
        """Remove every row about a person: read model and everything they did or received here.
        The person's row is locked first, as a snapshot's update takes it: an erasure and a
        snapshot (or two erasures, ``user_changed`` to removed and ``user_erased``) applied at once
        queue on it instead of deadlocking further on."""
        self.execute("select 1 from people where user_id = :u for update", u=user_id)
        for sql in ("delete from person_schools where user_id = :u",
                    "delete from people where user_id = :u",
                    "delete from contact_requests where requester_id = :u or recipient_id = :u",
                    "delete from contacts where user_a = :u or user_b = :u",
                    "delete from follows where follower_id = :u or followee_id = :u",
                    "delete from activities where actor_id = :u",
                    "delete from candidates where owner_id = :u or person_id = :u"):
            self.execute(sql, u=user_id)
        # the answers kept for retries hold what they wrote (a post, a message), or show them to
        # whoever asked (a chat booked with them shows their card)
        self.execute("delete from idempotency_keys where caller = :u or cast(response as text) like :anywhere",
                     u=str(user_id), anywhere=f"%{user_id}%")
        forget_parked_events_of(self.session, ParkedEvent, user_id)
        for module in _area_modules():
            if hasattr(module, "erase_person"):
                module.erase_person(self.session, user_id)
        self.session.execute(insert(ErasedUser).values(user_id=user_id).on_conflict_do_nothing())

    def void_invitations(self, user_id, before, now):
        """A20: a blocked person's pending invitations, sent or received before ``before`` (the
        block), become void: they do not come back with an unblock."""
        self.execute("update contact_requests set state = 'cancelled', decided_at = :now where state = 'pending' "
                     "and (requester_id = :u or recipient_id = :u) and created_at <= :before",
                     u=user_id, before=before, now=now)
        for module in _area_modules():
            if hasattr(module, "void_invitations"):
                module.void_invitations(self.session, user_id, before, now)

    # search (R49-R55): word-by-word OR matching, ranked by matched words, typo and accent tolerant
    def search_people(self, words, school_words, filters, public_only, limit, after=None):
        where, params = ["p.searchable"], {"limit": limit + 1}
        if public_only:
            where.append("p.profile_public")
        for key, column in (("member_type", "p.member_type"), ("country", "p.country")):
            if filters.get(key):
                where.append(f"{column} = :{key}")
                params[key] = filters[key]
        for key, column in (("language", "p.languages"), ("subject", "p.subjects"), ("age_group", "p.age_groups")):
            if filters.get(key):
                where.append(f"{column} @> array[:{key}]::varchar[]")
                params[key] = filters[key]
        if filters.get("validated_only"):
            where.append("p.validated and p.state = 'active_etwinner'")
        if filters.get("available_only"):
            where.append("p.available and p.validated and p.state = 'active_etwinner'")
        for i, word in enumerate(school_words):
            where.append(f"p.school_text %> :s{i}")
            params[f"s{i}"] = word
        return self._ranked(Person, "people p", "p.user_id", "p.search_text", "person_words", "people_vocabulary",
                            words, where, params, after, names=True)

    def search_schools(self, words, town_words, filters, limit, after=None):
        where, params = ["true"], {"limit": limit + 1}
        if filters.get("country"):
            where.append("s.country = :country")
            params["country"] = filters["country"]
        if filters.get("level"):
            where.append("s.education_levels @> array[:level]::varchar[]")
            params["level"] = filters["level"]
        # a town word is matched as a name word is: a word of the school's text similar to it; the
        # vocabulary is read once for the name's words and the town's
        similar, occurrences = self.similar_words("schools_vocabulary", list(words) + list(town_words))
        for i, close in enumerate(similar[len(words):]):
            where.append(f"{WORDS_OF.format('s.search_text')} && cast(:t{i} as text[])")
            params[f"t{i}"] = list(close)
        return self._ranked(School, "schools s", "s.school_id", "s.search_text", "school_words", "schools_vocabulary",
                            words, where, params, after, looked_up=(similar[:len(words)], occurrences[:len(words)]))

    # A query word matches at most this many words of the vocabulary, the most similar (then
    # in alphabetical order): a word of two letters is close to every word it begins ("ma":
    # 0.67 to every "ma..."), and reading the rows of hundreds of words took 0.6 s.
    SIMILAR_WORDS = 32

    def similar_words(self, vocabulary, words):
        """For each query word, {word: similarity} of the vocabulary's words it matches
        (word_similarity >= domain.WORD_SIMILARITY, itself included with 1.0; at most
        SIMILAR_WORDS), and how many rows have the word itself (0: no row has it whole): one
        short trigram scan of a table of distinct words per query word, in one statement; for a
        word no row has, also the words one typing slip away (domain.typo_variants, at most
        SIMILAR_WORDS more), looked up whole in a second."""
        if not words:
            return [], []
        params = {f"q{i}": word for i, word in enumerate(words)}
        rows = self.execute(self.VOCABULARY_BY_INDEX + " union all ".join(
            f"(select {i} as n, word, word_similarity(:q{i}, word)::float8 as similarity, occurrences "
            f"from {vocabulary} where word %> :q{i} order by similarity desc, word limit {self.SIMILAR_WORDS})"
            for i in range(len(words))), **params).all()
        similar, occurrences = [{word: 1.0} for word in words], [0] * len(words)
        for row in rows:
            similar[row.n][row.word] = row.similarity
            if row.word == words[row.n]:
                occurrences[row.n] = row.occurrences
        # A word nobody's text has may be a typing slip: the words one slip away count as matched,
        # however few trigrams they share with it. (A word found whole is taken as typed.)
        slips = {i: typo_variants(word) for i, word in enumerate(words) if not occurrences[i]}
        slips = {i: variants for i, variants in slips.items() if variants}
        if slips:
            for row in self.execute(self.WORDS_BY_KEY + " union all ".join(
                    f"(select {i} as n, word, greatest(word_similarity(:q{i}, word), {WORD_SIMILARITY})::float8 "
                    f"as similarity from {vocabulary} where word = any(cast(:v{i} as text[])) "
                    f"order by occurrences desc, word limit {self.SIMILAR_WORDS})" for i in slips),
                    **params, **{f"v{i}": variants for i, variants in slips.items()}).all():
                similar[row.n][row.word] = max(row.similarity, similar[row.n].get(row.word, 0.0))
        return similar, occurrences

    # The planner would read a small vocabulary whole (or its primary key), computing every
    # word's similarity, rather than a few entries of its trigram index.
    VOCABULARY_BY_INDEX = TRIGRAM_THRESHOLD + planner(enable_seqscan="off", enable_indexscan="off",
                                                      enable_indexonlyscan="off")
    DEFAULTS = planner()

    # Whole words of a vocabulary by its primary key: the trigram index answers "=" too, but only
    # through a bitmap, reading every entry of the word's trigrams.
    WORDS_BY_KEY = planner(enable_bitmapscan="off")

    # The phrase bonus ranks the whole-word matches of a query whose rarest word is in at most
    # this many texts (see _ranked): sorting more namesakes costs more than it tells apart.
    PHRASE_RANKED_UP_TO = 2_000

    # How many approximate matches a tier of the ranking ranks at most (see _ranked).
    SEARCH_WINDOW = 200

    # An approximate tier reads its matches through the word index's bitmap, in one process:
    # block order, so the same window for every page.
    BITMAPS_ONLY = planner(enable_indexscan="off", enable_seqscan="off", max_parallel_workers_per_gather="0")

    # The other way round, for a window read from postings: each posting in id order (pairs of
    # words intersected by merging their postings), its row by primary key, until the window is full.
    POSTINGS_IN_ID_ORDER = planner(enable_bitmapscan="off", enable_hashjoin="off", enable_material="off",
                                   max_parallel_workers_per_gather="0")

    # Every word whole, with four words or more (school names): their postings joined in the order
    # given, rarest first; choosing the order of eight joins took the planner 12-16 ms.
    POSTINGS_AS_WRITTEN = planner(join_collapse_limit="1")

    def _ranked(self, model, table, key, text_column, postings, vocabulary, words, where, params, after,
                names=False, looked_up=None):
        """Rows matching any word, best first: most words matched, then most words found whole,
        then closest (the sum of the similarities), then id. Returns (row, matched, whole, score),
        ``whole`` being how many query words the row has as whole words.

        Matching is word by word: a query word matches a row when one of the row's words is
        similar to it (pg_trgm's word_similarity >= domain.WORD_SIMILARITY; 1 for the word itself),
        and its similarity to the row is that of its most similar word. The words similar to each
        query word come first from the ``vocabulary`` (every distinct word of the texts, with a
        trigram index: a few thousand short entries instead of a million names); then rows are
        found by their words alone, through the index on the array of words or the ``postings``.

        The ranking is read in tiers, each a range of it, so a page needs only its first tiers:
        1. every word as a whole word of the name (the best rank there is), in id order, from
           the ``postings`` of the words (PersonWord, SchoolWord), those having the words as
           written, in order, first; complete, so an exact name pages through every namesake;
        2. every word matched, not all of them whole (with one word: the near misses);
        3. some of the words matched, not all (with several words): with three, first those
           matching two, then those matching one.
        A common name misspelt matches tens of thousands of people: tiers 2 and 3 rank the first
        SEARCH_WINDOW rows of their own tier, so the many rows of an earlier tier never crowd a
        later tier's rows out: the first by id, read from the postings of the words close to the
        query's, or, for tier 2 with several query words (rows close to all of them), the first
        in table order from the word index's bitmap; either is the same for every page while
        the rows do not change.

        With ``names`` (people's names: two or three words), each "some words" tier is read in
        two parts, each with its own window: first those having the words they match whole
        (Michael Smith for "Michael Murray", Carmen Delgado López for "Carmen Delgado Sanz"),
        from the postings of the words in id order, then the others (Micheal Smith), only when
        the first part does not fill the page. Both parts rank as the definition says (more
        words whole first).

        ``looked_up``: what ``similar_words`` says of ``words``, when the caller has read it."""
        import json

        limit = params["limit"]
        base = " and ".join(where)
        trigram = TRIGRAM_THRESHOLD if "%>" in base else ""  # a school filter matches approximately
        if after is not None:
            params.update(am=after[0], aw=after[1], asc=after[2], aid=after[3])
        # the rank, as a row compared lexicographically: descending but for the id
        page = "(-matched, -whole, -score, id) > (-(:am), -(:aw), -(:asc), :aid)" if after is not None else "true"
        if not words:
            rows = self.execute(trigram + self.DEFAULTS + self._with_cards(
                model, f"select id, matched, whole, score from (select {key} as id, 0 as matched, 0 as whole, "
                       f"0::float8 as score from {table} where {base}) ranked where {page} order by id limit :limit",
                "r.id"), **params).all()
            return self._found(rows)

        k = len(words)
        column = key.split(".")[1]
        similar, occurrences = looked_up or self.similar_words(vocabulary, words)
        for i, word in enumerate(words):
            params.update({f"w{i}": word, f"e{i}": list(similar[i]), f"n{i}": [w for w in similar[i] if w != word],
                           f"m{i}": json.dumps(similar[i])})
        params.update(threshold=float(WORD_SIMILARITY))
        found = []

        # 1. every word whole: rank (k, k, k), ordered by id alone; the postings of the words,
        # merged in id order, read from the rarest word's (none when a word is in no text).
        # With several words of which the rarest is in at most PHRASE_RANKED_UP_TO texts, those
        # having the words as written, in order, come first, with a score of k + PHRASE_BONUS
        # (A25: "Maria Ruiz Serrano" finds María Ruiz Serrano before María Serrano Ruiz): one
        # read of all of them, sorted. Above that, reading every namesake of a common name to
        # sort them would cost a page of "Garcia Maria" 40 ms instead of 5: id order alone.
        if (after is None or (after[0], after[1]) == (k, k)) and all(occurrences):
            rarest = sorted(range(k), key=lambda i: occurrences[i])
            first = f"w{rarest[0]}.{column}"
            rows = (f"from {self._postings_of_all(postings, column, rarest)} join {table} on {key} = {first} "
                    f"where w{rarest[0]}.word = :w{rarest[0]} and {base}")
            if k > 1 and occurrences[rarest[0]] <= self.PHRASE_RANKED_UP_TO:
                params.update(phrase=f" {' '.join(words)} ")
                score = (f"({k} + {PHRASE_BONUS} * (position(cast(:phrase as text) in ' ' || {text_column} || ' ') "
                         "> 0)::int)::float8")
                resume = "where (-score, id) > (-(:asc), :aid)" if after is not None else ""
                ranked = (f"select * from (select {key} as id, {k} as matched, {k} as whole, {score} as score "
                          f"{rows}) t {resume} order by score desc, id limit :limit")
            else:
                resume = f"and {first} > :aid" if after is not None else ""
                ranked = (f"select {key} as id, {k} as matched, {k} as whole, {k}::float8 as score {rows} {resume} "
                          f"order by {first} limit :limit")
            found += self.execute(trigram + (self.POSTINGS_AS_WRITTEN if k >= 4 else self.DEFAULTS) + self._with_cards(
                model, ranked, "r.score desc, r.id"), **params).all()
            if len(found) >= limit:
                return self._found(found[:limit])

        row_words = WORDS_OF.format(text_column)
        # word i's similarity to a row: its most similar word's, 0 when none is similar enough
        sims = ", ".join(f"coalesce((select max(cast(cast(:m{i} as jsonb) ->> w as float8)) "
                         f"from unnest({row_words}) w), 0) as s{i}" for i in range(k))
        matched = " + ".join(f"(s{i} >= cast(:threshold as float8))::int" for i in range(k))
        score = "(" + " + ".join(f"s{i}" for i in range(k)) + ")::float8"
        wholes = " + ".join(f"({row_words} @> array[cast(:w{i} as text)])::int" for i in range(k))

        # 2. every word, not all whole; 3. some words, not all: with three words (a first name
        # and two surnames), those missing one word first (María Molina Pérez for "María Molina
        # Morales"), then the rest, each with a window of its own, so namesakes of one common
        # word do not fill it. Longer queries (school names) keep one window.
        # Each tier: (least words matched, its condition on the similarities, the words whose
        # postings hold all its rows). Its rows are read from those postings merged in id order
        # (at most 8 x SIMILAR_WORDS ordered reads, each only as far as the window needs), but for
        # tier 2 of several words (a word near one query word, and every other word matched):
        # those the word index intersects.
        near_words = list(dict.fromkeys(w for i in range(k) for w in params[f"n{i}"]))
        any_words = list(dict.fromkeys(w for i in range(k) for w in similar[i]))
        is_matched = [f"s{i} >= cast(:threshold as float8)" for i in range(k)]
        every = " and ".join(is_matched)
        tiers = [(k, f"{every} and whole < {k}", near_words if k == 1 else None)]
        if k == 3:
            all_but_one = " or ".join("(" + " and ".join(f for j, f in enumerate(is_matched) if j != i) + ")"
                                      for i in range(k))
            tiers.append((k - 1, f"({all_but_one}) and not ({every})", any_words))
            tiers.append((1, f"({' or '.join(is_matched)}) and not ({all_but_one})", any_words))
        elif k > 1:
            tiers.append((1, f"({' or '.join(is_matched)}) and not ({every})", any_words))
        close_to_every = " and ".join(f"{row_words} && cast(:e{i} as text[])" for i in range(k)) + " and (" + \
            " or ".join(f"{row_words} && cast(:n{i} as text[])" for i in range(k)) + ")"
        ranked = (f"select id, matched, whole, score from (select id, {matched} as matched, whole, {score} as score "
                  "from ({candidates}) c) ranked where " + page +
                  " order by matched desc, whole desc, score desc, id limit :need")
        order = "r.matched desc, r.whole desc, r.score desc, r.id"

        def rows_from_postings(ids_in_order, cond):
            """The tier's first rows (``cond``) in id order, read from postings (``ids_in_order``)."""
            return self.execute(trigram + self.POSTINGS_IN_ID_ORDER + self._with_cards(model, ranked.format(candidates=(
                f"select * from (select distinct on (w.{column}) {key} as id, {sims}, {wholes} as whole "
                f"from ({ids_in_order}) w join {table} on {key} = w.{column} where {base} order by w.{column} "
                f"offset 0) x where {cond} limit :window")), order), **params).all()

        for least_matched, cond, words_read in tiers:
            if len(found) >= limit or (after is not None and after[0] < least_matched):
                continue
            # with names, a "some words" tier (exactly least_matched words matched): those having
            # these words whole rank first, and almost everyone having them matches only them
            split = names and k in (2, 3) and least_matched < k
            params.update(window=max(self.SEARCH_WINDOW, limit))
            if split:
                if not (after is not None and after[0] == least_matched and after[1] < least_matched):
                    params.update(need=limit - len(found))
                    found += rows_from_postings(self._postings_of_any(postings, column, k, least_matched), cond)
                    if len(found) >= limit:
                        continue
                # the others have a word near one of the query words
                cond, words_read = f"({cond}) and whole < {least_matched}", near_words
            params.update(need=limit - len(found))
            if words_read is None and near_words:  # (no near word: no row of tier 2)
                found += self.execute(trigram + self.BITMAPS_ONLY + self._with_cards(
                    model, ranked.format(candidates=(
                        f"select * from (select {key} as id, {sims}, {wholes} as whole from {table} "
                        f"where {base} and {close_to_every} offset 0) x where {cond} limit :window")), order),
                    **params).all()
            elif words_read:  # (none: no word is near the query words, so the tier has no row)
                # read only as far as the window: a misspelt Müller is close to 28,000 Mullers
                found += rows_from_postings(self._postings_of_words(postings, column, words_read, params), cond)
        return self._found(found[:limit])

    @staticmethod
    def _postings_of_all(postings, column, words):
        """FROM the postings of the words :w{i} (``words``: their indexes) joined on the id, as
        w{i}; the first, w{words[0]}, still to be restricted to its word by the caller."""
        first, *others = words
        return f"{postings} w{first}" + "".join(
            f" join {postings} w{i} on w{i}.{column} = w{first}.{column} and w{i}.word = :w{i}" for i in others)

    @staticmethod
    def _postings_of_words(postings, column, words, params):
        """The ids having any of ``words`` whole, in id order (with repeats): each word's postings
        read in order and merged, only as far as the statement needs."""
        params.update({f"p{j}": word for j, word in enumerate(words)})
        reads = [f"select {column} from {postings} where word = :p{j} order by {column}" for j in range(len(words))]
        return reads[0] if len(reads) == 1 else " union all ".join(f"({read})" for read in reads) + " order by 1"

    @classmethod
    def _postings_of_any(cls, postings, column, k, m):
        """The ids having any m of the words :w0…:w{k-1} whole, in id order (with repeats): the
        postings of each combination of m words joined on the id, merged."""
        return " union all ".join(
            f"(select w{words[0]}.{column} from {cls._postings_of_all(postings, column, words)} "
            f"where w{words[0]}.word = :w{words[0]} order by w{words[0]}.{column})"
            for words in combinations(range(k), m)) + " order by 1"

    # What a search card shows, read with the ranking in the same statement (no second round
    # trip to load the page): every column but the search texts, and a school's green flag (R60).
    _CARD_EXTRAS = {"schools": ", exists (select 1 from person_schools ps join people gp on gp.user_id = ps.user_id "
                               f"where ps.school_id = t.school_id and {OPEN_TEACHER}) as green"}

    def _with_cards(self, model, ranked_sql, order):
        """``ranked_sql`` (rows of id, matched, whole, score) joined to the rows they rank, in ``order``."""
        table = model.__table__
        columns = ", ".join(f"t.{c.name}" for c in table.columns if c.name not in ("search_text", "school_text"))
        key = next(iter(table.primary_key.columns)).name
        return (f"select r.matched, r.whole, r.score, {columns}{self._CARD_EXTRAS.get(table.name, '')} "
                f"from ({ranked_sql}) r join {table.name} t on t.{key} = r.id order by {order}")

    @staticmethod
    def _found(rows):
        return [(row, row.matched, row.whole, row.score) for row in rows]

    def activities(self, ids):
        """{id: Activity} of these ids, in one query."""
        return self._load(Activity, ids)

    def _load(self, model, ids):
        from sqlalchemy import select

        if not ids:
            return {}
        pk = list(model.__table__.primary_key.columns)[0]
        return {getattr(o, pk.key): o for o in self.session.scalars(select(model).where(pk.in_(ids)))}

    # TwinFinder (R56-R60): ranked by shared preferences. A tier reads a few thousand rows in one
    # process: parallel workers only add their start-up and a merge on a machine whose cores
    # serve other requests meanwhile (39 instead of 58 ms for a tier of 10,000 teachers).
    SERIAL = planner(max_parallel_workers_per_gather="0")

    def twinfinder_teachers(self, me, criteria, country, limit, after=None):
        params = {"me": me, "L": criteria["languages"], "S": criteria["subjects"], "I": criteria["ict_use"],
                  "limit": limit + 1}
        base = self._twinfinder_base(criteria, "p", overlap=False)
        if country:
            base += " and p.country = :country"
            params["country"] = country
        score = self._twinfinder_score(criteria, params, "p")
        page = self._twinfinder_page(after, params)

        def query(condition):
            return self.execute(
                self.SERIAL + f"select id, score, available from (select p.user_id as id, p.available as available, {score} as score "
                f"from people p where {base} and ({condition})) ranked where score >= :tau and {page} "
                "order by score desc, available desc, id limit :limit", **params).all()

        rows = self._twinfinder_tiers(criteria, params, query)
        objects = self._load(Person, [r.id for r in rows])
        return [(objects[r.id], r.score, r.available) for r in rows if r.id in objects]

    def twinfinder_schools(self, me, criteria, country, limit, after=None):
        """Schools ranked by their best-matching current validated teacher; green first on ties."""
        params = {"me": me, "L": criteria["languages"], "S": criteria["subjects"], "I": criteria["ict_use"],
                  "limit": limit + 1}
        # A teacher's schools come from their card (people.schools, written with person_schools
        # from the same event): the row the ranking reads anyway, no join per candidate.
        base = self._twinfinder_base(criteria, "p", overlap=False) + " and (ps ->> 'validated')::boolean"
        joins = "cross join lateral jsonb_array_elements(p.schools) ps"
        if country:
            base += " and ps ->> 'country' = :country"
            params["country"] = country
        score = self._twinfinder_score(criteria, params, "p")

        # a school is green when any of its current teachers is (R60), matching or not: the
        # rule of the card (green_schools), so that the order and the colour agree
        def green(ids):  # ids and answer as text, like the levels
            return {str(i) for i in self.green_schools([uuid.UUID(i) for i in ids])}

        def query(condition):
            # one row per score, best first, with the schools' ids in order as text: a tier of
            # thousands of schools costs two arrays, not thousands of rows made into UUIDs in Python
            levels = self.execute(
                self.SERIAL + "select score, coalesce(array_agg(id::text order by id) filter (where seen), '{}') as seen, "
                "coalesce(array_agg(id::text order by id) filter (where not seen), '{}') as unseen from ("
                f"select cast(ps ->> 'school_id' as uuid) as id, max({score}) as score, bool_or(p.available) as seen "
                f"from people p {joins} where {base} and ({condition}) and {score} >= :tau group by 1) best "
                "group by score order by score desc", **params).all()
            return self._school_page(levels, green, after, params["limit"])

        rows = self._twinfinder_tiers(criteria, params, query)
        objects = self._load(School, [r.id for r in rows])
        return [(objects[r.id], r.score, r.available) for r in rows if r.id in objects]

    def twinfinder_schools_without_overlap(self, me, criteria, country, limit, after=None):
        """Map mode's rest (R58): the schools of ``country`` none of whose validated, active
        teachers (other than me) shares a language or a subject with the criteria, ranked as the
        others are (best teacher's score, green first, id). Read from the country's schools, so
        its cost is that country's memberships; asked for only once the ranked schools are done."""
        params = {"me": me, "L": criteria["languages"], "S": criteria["subjects"], "I": criteria["ict_use"],
                  "country": country, "limit": limit + 1}
        base = self._twinfinder_base(criteria, "p", overlap=False)
        overlap = self._twinfinder_overlap(criteria)
        if overlap == "true":  # no language or subject asked: every teacher is ranked already
            return []
        score = self._twinfinder_score(criteria, params, "p")
        page = self._twinfinder_page(after, params)
        rows = self.execute(
            self.SERIAL + "select id, score, available from (select s.school_id as id, max(" + score + ") as score, "
            f"exists (select 1 from person_schools ps join people gp on gp.user_id = ps.user_id "
            f"where ps.school_id = s.school_id and {OPEN_TEACHER}) as available "
            "from schools s join person_schools m on m.school_id = s.school_id and m.validated "
            f"join people p on p.user_id = m.user_id where s.country = :country and {base} "
            f"group by s.school_id having not bool_or({overlap})) ranked where {page} "
            "order by score desc, available desc, id limit :limit", **params).all()
        objects = self._load(School, [r.id for r in rows])
        return [(objects[r.id], r.score, r.available) for r in rows if r.id in objects]

    @staticmethod
    def _school_page(levels, green, after, limit):
        """Order schools by (score desc, green first, id) past the cursor. ``levels``: per score,
        best first, the ids (text, in order) of the schools whose matching teachers in the tier
        include an available one (``seen``: green) and of the others (``unseen``), which are
        asked about (all their current teachers, R60) only when they could rank within the page."""
        import uuid
        from collections import namedtuple
        from heapq import merge

        Row = namedtuple("Row", "id score available")
        after_id = str(after[2]) if after is not None else None  # canonical text sorts like the UUID

        def past_cursor(score, available, school_id):
            return after is None or (score, available) < (after[0], after[1]) or (
                (score, available) == (after[0], after[1]) and school_id > after_id)

        page = []
        for level in levels:
            score = level.score
            if len(page) >= limit:
                break
            if after is not None and score > after[0]:
                continue
            known = [i for i in level.seen if past_cursor(score, 1, i)]
            remaining = limit - len(page)
            complete = len(known) < remaining  # else only schools before the last green one needed matter
            ask = [i for i in level.unseen if complete or i < known[remaining - 1]]
            greens = set(level.seen) | green(ask)
            asked = set(ask)
            ids = list(merge(level.seen, level.unseen))
            ordered = [Row(i, score, True) for i in ids if i in greens] + \
                      [Row(i, score, False) for i in ids if i not in greens and (complete or i in asked)]
            page += [r for r in ordered if past_cursor(score, int(r.available), r.id)][:remaining]
        return [Row(uuid.UUID(r.id), r.score, r.available) for r in page[:limit]]

    @staticmethod
    def _twinfinder_base(criteria, p, overlap=True):
        """Who TwinFinder may show: validated, active teachers other than me sharing a language or
        a subject (``overlap``: the tiers' conditions say it themselves, see _twinfinder_condition)."""
        where = [f"{p}.searchable", f"{p}.validated", f"{p}.state = 'active_etwinner'", f"{p}.user_id <> :me"]
        if overlap:
            where.append(DirectoryRepository._twinfinder_overlap(criteria, p))
        return " and ".join(where)

    @staticmethod
    def _twinfinder_overlap(criteria, p="p"):
        shared = []
        if criteria["languages"]:
            shared.append(f"{p}.languages && cast(:L as varchar[])")
        if criteria["subjects"]:
            shared.append(f"{p}.subjects && cast(:S as varchar[])")
        return "(" + " or ".join(shared) + ")" if shared else "true"

    _PREFERENCES = (("languages", 3), ("subjects", 3), ("age_groups", 2))  # domain.WEIGHTS; ict_use weighs 1

    def _twinfinder_features(self, criteria):
        """Each criterion value as (column, value, weight): a person's score is the sum of the
        weights of the values they share (each distinct value once), plus 1 for the same ICT use."""
        features = [(column, value, weight) for column, weight in self._PREFERENCES
                    for value in dict.fromkeys(criteria[column] or [])]
        if criteria["ict_use"]:
            features.append(("ict_use", criteria["ict_use"], 1))
        return features

    def _twinfinder_score(self, criteria, params, p):
        terms = []
        for i, (column, value, weight) in enumerate(self._twinfinder_features(criteria)):
            if column != "ict_use":
                params[f"v{i}"] = value
                terms.append(f"{weight} * (cast(:v{i} as varchar) = any({p}.{column}))::int")
        terms.append(f"(coalesce({p}.ict_use = :I, false))::int")
        return "(" + " + ".join(terms) + ")::int"

    @staticmethod
    def _twinfinder_page(after, params):  # the cursor's place, in SQL
        if after is None:
            return "true"
        params.update(asc=after[0], aav=after[1], aid=after[2])
        return ("((score < :asc) or (score = :asc and available::int < :aav) "
                "or (score = :asc and available::int = :aav and id > :aid))")

    def _twinfinder_tiers(self, criteria, params, query):
        """The best-ranked page without scoring every teacher who shares a language or a subject
        (most of them share English): ask first for people missing nothing, then for people
        missing at most a few points, then more. People missing at most ``slack`` points are those
        who have every value but those of one set worth at most ``slack``: the indexes on the
        preferences find them, and a page full of them is the page, since everyone else scores
        lower. The last tier is every candidate."""
        features = self._twinfinder_features(criteria)
        total = sum(weight for _, _, weight in features)
        sums = {0}
        for _, _, weight in features:
            sums |= {s + weight for s in sums}
        steps, reach = [], 0
        for slack in sorted(sums):  # 0, then about 1.5 times the slack of the step before
            if slack >= reach or slack == total:
                steps.append(slack)
                reach = max(slack + 1, int(slack * 1.5) + 1)
        overlap = self._twinfinder_overlap(criteria)
        rows = []
        for slack in steps:
            params["tau"] = total - slack
            condition = overlap if slack == total else self._twinfinder_condition(features, slack, params, overlap)
            rows = query(condition)
            if len(rows) >= params["limit"]:
                break
        return rows

    # Values most teachers share (English, 16-19) make the GIN scan read long posting lists and
    # narrow little: such a value is checked on the rows the other values find instead, when
    # those rows cost less to read (about 2 µs each) than its postings (about 10 ns an entry).
    ROW_COST_IN_POSTINGS = 200
    _frequencies = (0.0, {})  # (when read, {(column, value): share of people}), per process
    FREQUENCIES_TTL = 600.0

    def _preference_frequencies(self):
        """How common each language, subject and age group is, from PostgreSQL's statistics
        (``most_common_elems``), read at most every FREQUENCIES_TTL seconds."""
        import time

        read_at, frequencies = DirectoryRepository._frequencies
        if time.monotonic() - read_at < self.FREQUENCIES_TTL:
            return frequencies
        rows = self.execute(
            "select attname, most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs from pg_stats "
            "where schemaname = current_schema() and tablename = 'people' "
            "and attname in ('languages', 'subjects', 'age_groups')").all()
        frequencies = {(r.attname, value): share for r in rows if r.elems
                       for value, share in zip(r.elems, r.freqs)}
        DirectoryRepository._frequencies = (time.monotonic(), frequencies)
        return frequencies

    def _checked_on_rows(self, wanted, frequency):
        """Which (column, value) of a tier term's required values to check on the rows rather
        than in the index: commonest first, while the rest still narrows enough."""
        values = sorted(((frequency.get((c, v), 0.0), c, v) for c, vs in wanted.items() for v in vs), reverse=True)
        share = {(c, v): f if f > 0 else 0.001 for f, c, v in values}  # not among the most common: rare
        kept, checked = set(share), set()
        for f, c, v in values:
            rest = 1.0
            for other in kept - {(c, v)}:
                rest *= share[other]
            if len(kept) > 1 and rest * (1 - f) * self.ROW_COST_IN_POSTINGS < f:
                kept.discard((c, v))
                checked.add((c, v))
        return checked

    MAX_KEYS = 16

    def _twinfinder_keys(self, wanted, ict_use=None):
        """The combination keys (migration 0009) a person has when they have every wanted value of
        at least two of languages, subjects and age groups (and the ICT use, with all three),
        taking those values out of ``wanted``: one short posting list for "Spanish and foreign
        languages and 6-11" instead of three long ones intersected. None when fewer than two
        preferences are wanted, or too many keys."""
        from itertools import product
        from math import prod

        keyed = [column for column, _ in self._PREFERENCES if wanted.get(column)]
        values = [wanted[column] if column in keyed else [""] for column, _ in self._PREFERENCES]
        if len(keyed) < 2 or prod(len(v) for v in values) > self.MAX_KEYS:
            return None
        for column in keyed:
            del wanted[column]
        if ict_use and len(keyed) == 3:
            values.append([ict_use])
        return ["|".join(combination) for combination in product(*values)]

    def _twinfinder_condition(self, features, slack, params, overlap):
        """SQL true for every candidate who misses at most ``slack`` points (and a few more when
        the exact condition would take too many terms). A term that requires a language or a
        subject implies the overlap every candidate needs; the others say it."""
        missing_sets, budget = [], [2000]

        def extend(start, chosen, weight):
            """Collect the largest sets of values one may miss within ``slack`` (at most 24)."""
            budget[0] -= 1
            if budget[0] < 0 or len(missing_sets) > 24:
                return
            grown = False
            for i in range(start, len(features)):
                if weight + features[i][2] <= slack:
                    grown = True
                    extend(i + 1, chosen + [i], weight + features[i][2])
            if not grown and all(weight + features[i][2] > slack for i in range(len(features)) if i not in chosen):
                missing_sets.append(set(chosen))

        extend(0, [], 0)
        if budget[0] < 0 or len(missing_sets) > 24:  # too many ways: per preference, how many must be shared
            missing_sets = None
        frequency = self._preference_frequencies()
        terms, searched = [], []
        for n, missing in enumerate(missing_sets if missing_sets is not None else [None]):
            parts, wanted = [], {}
            for column, weight in self._PREFERENCES + (("ict_use", 1),):
                values = [(i, v) for i, (c, v, _) in enumerate(features) if c == column]
                if not values:
                    continue
                if missing is not None:
                    required = [v for i, v in values if i not in missing]
                    present_at_least = len(required)
                else:
                    required = [v for _, v in values]
                    present_at_least = len(values) - slack // weight
                if present_at_least <= 0 or not required:
                    continue
                if column == "ict_use":
                    parts.append("p.ict_use = :I")
                    continue
                name = f"r{n}_{column}"
                if present_at_least >= len(required):
                    wanted[column] = required  # all of them: the GIN index, or a check on the rows
                    continue
                params[name] = required
                parts.append(f"p.{column} && cast(:{name} as varchar[])")
            before_keys = dict(wanted)
            keys = self._twinfinder_keys(wanted, params["I"] if "p.ict_use = :I" in parts else None)
            # what the keys say, in plain array conditions: checked on the rows the index finds
            # (the keys function costs ~10 µs a row; an array comparison a fraction of that)
            on_rows = []
            if keys:
                params[f"r{n}_keys"] = keys
                parts.append(f"{TWINFINDER_KEYS} @> cast(:r{n}_keys as text[])")
                for column in before_keys.keys() - wanted.keys():
                    params[f"r{n}_{column}_keyed"] = before_keys[column]
                    on_rows.append(f"p.{column} @> cast(:r{n}_{column}_keyed as varchar[])")
            checked = self._checked_on_rows(wanted, frequency)
            for column, required in wanted.items():
                for kind, chosen in (("", [v for v in required if (column, v) not in checked]),
                                     ("_rows", [v for v in required if (column, v) in checked])):
                    if chosen:
                        params[f"r{n}_{column}{kind}"] = chosen
                        part = f"p.{column} @> cast(:r{n}_{column}{kind} as varchar[])"
                        parts.append(f"({part}) is true" if kind else part)  # "is true": not an index condition
            if not any(part.lstrip("(").startswith(("p.languages", "p.subjects", TWINFINDER_KEYS)) for part in parts):
                parts.append(overlap)
            indexed = [p for p in parts if p.startswith(self._INDEXED) and not p.endswith(" is true")]
            searched.append("(" + " and ".join(indexed or ["true"]) + ")")
            terms.append("(" + " and ".join([p for p in parts if not p.startswith(TWINFINDER_KEYS)] + on_rows) + ")")
        # what the indexes read (each term's indexed parts), then the rows' exact condition, kept
        # from the planner ("is true"): read through an index, its plain array conditions would
        # leave the keys to be computed on every row
        return f"({' or '.join(searched)}) and (({' or '.join(terms)}) is true)"

    # Conditions the TwinFinder indexes answer (an overlap condition starts with "(p."; one
    # wrapped in "(...) is true" is meant for the rows, not the index).
    _INDEXED = ("p.languages", "p.subjects", "p.age_groups", "(p.languages", "(p.subjects", TWINFINDER_KEYS)
