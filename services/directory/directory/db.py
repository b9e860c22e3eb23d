"""directory's core tables: the search read model built from identity's events, and the
networking tables (contacts, follows, activity, candidates). Other areas keep their tables
in ``db_<area>.py`` on the same ``Base``."""
import uuid
from datetime import datetime

from sqlalchemy import (ARRAY, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from etwinning_contracts.runtime.db import InboxMixin, OutboxMixin, ParkedEventMixin

from .domain import WORD_SIMILARITY

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    pass


class OutboxMessage(OutboxMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
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
    # unaccented, lower-case words of the name and username: what people search matches
    search_text: Mapped[str] = mapped_column(Text)
    # unaccented, lower-case words of the current schools' names and towns: search by school (R50)
    school_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("people_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}, postgresql_where=text("searchable")),
        Index("people_school_trgm", "school_text", postgresql_using="gin",
              postgresql_ops={"school_text": "gin_trgm_ops"}, postgresql_where=text("searchable")),
        Index("people_twinfinder_languages", "languages", postgresql_using="gin",
              postgresql_where=text("searchable and validated")),
        Index("people_twinfinder_subjects", "subjects", postgresql_using="gin",
              postgresql_where=text("searchable and validated")),
        Index("people_country", "country", "user_id", postgresql_where=text("searchable")),
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
        Index("schools_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
        Index("schools_country", "country", "school_id"),
    )


class PersonSchool(Base):
    """A person's current school membership, for search by school and school availability."""

    __tablename__ = "person_schools"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.user_id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    validated: Mapped[bool] = mapped_column(Boolean)


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
    """Public activity shown in followers' and contacts' home feed (R72, A58)."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(TS)


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

def _area_modules():
    """Table modules of the other areas (db_groups.py, ...), each with an ``AREA`` name and a
    ``Repository`` class; their repositories hang on the core one as ``repo.<area>``."""
    import importlib
    import pkgutil

    import directory

    for module in pkgutil.iter_modules(directory.__path__):
        if module.name.startswith("db_"):
            yield importlib.import_module(f"directory.{module.name}")


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
        return self.session.get(model, key, with_for_update=lock)

    def merge(self, obj):
        return self.session.merge(obj)

    def flush(self):
        self.session.flush()

    def execute(self, sql, **params):
        return self.session.execute(text(sql), params)

    # read model
    def person(self, user_id, lock=False):
        return self.session.get(Person, user_id, with_for_update=lock)

    def people(self, user_ids):
        from sqlalchemy import select

        if not user_ids:
            return {}
        return {p.user_id: p for p in self.session.scalars(select(Person).where(Person.user_id.in_(list(user_ids))))}

    def school(self, school_id, lock=False):
        return self.session.get(School, school_id, with_for_update=lock)

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
            "select distinct ps.school_id from person_schools ps join people p on p.user_id = ps.user_id "
            "where ps.school_id = any(:ids) and ps.validated and p.available and p.validated "
            "and p.state = 'active_etwinner'", ids=list(school_ids))
        return {r[0] for r in rows}

    def school_teachers(self, school_id):
        from sqlalchemy import select

        return self.session.scalars(
            select(Person).join(PersonSchool, PersonSchool.user_id == Person.user_id)
            .where(PersonSchool.school_id == school_id, PersonSchool.validated, Person.searchable)
            .order_by(Person.display_name)).all()

    def erase_person(self, user_id):
        """Remove every row about a person: read model and everything they did or received here."""
        for sql in ("delete from person_schools where user_id = :u",
                    "delete from people where user_id = :u",
                    "delete from contact_requests where requester_id = :u or recipient_id = :u",
                    "delete from contacts where user_a = :u or user_b = :u",
                    "delete from follows where follower_id = :u or followee_id = :u",
                    "delete from activities where actor_id = :u",
                    "delete from candidates where owner_id = :u or person_id = :u"):
            self.execute(sql, u=user_id)
        for module in _area_modules():
            if hasattr(module, "erase_person"):
                module.erase_person(self.session, user_id)
        self.session.merge(ErasedUser(user_id=user_id))

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
        return self._ranked(Person, "people p", "p.user_id", "p.search_text", words, where, params, after)

    def search_schools(self, words, town_words, filters, limit, after=None):
        where, params = ["true"], {"limit": limit + 1}
        if filters.get("country"):
            where.append("s.country = :country")
            params["country"] = filters["country"]
        if filters.get("level"):
            where.append("s.education_levels @> array[:level]::varchar[]")
            params["level"] = filters["level"]
        for i, word in enumerate(town_words):
            where.append(f"s.search_text %> :t{i}")
            params[f"t{i}"] = word
        return self._ranked(School, "schools s", "s.school_id", "s.search_text", words, where, params, after)

    def _ranked(self, model, table, key, text_column, words, where, params, after):
        """Rows matching any word, best first: most words matched, then closest, then id."""
        self.execute("select set_config('pg_trgm.word_similarity_threshold', :t, true)", t=str(WORD_SIMILARITY))
        if words:
            for i, word in enumerate(words):
                params[f"w{i}"] = word
            any_word = " or ".join(f"{text_column} %> :w{i}" for i in range(len(words)))
            matched = " + ".join(f"({text_column} %> :w{i})::int" for i in range(len(words)))
            score = " + ".join(f"word_similarity(:w{i}, {text_column})" for i in range(len(words)))
            where = where + [f"({any_word})"]
        else:
            matched, score = "0", "0::real"
        inner = (f"select {key} as id, ({matched}) as matched, ({score})::float8 as score "
                 f"from {table} where {' and '.join(where)}")
        page = ""
        if after is not None:
            params.update(am=after[0], asc=after[1], aid=after[2])
            page = ("where (matched < :am) or (matched = :am and score < :asc) "
                    "or (matched = :am and score = :asc and id > :aid)")
        rows = self.execute(f"select id, matched, score from ({inner}) ranked {page} "
                            "order by matched desc, score desc, id limit :limit", **params).all()
        objects = self._load(model, [r.id for r in rows])
        return [(objects[r.id], r.matched, r.score) for r in rows if r.id in objects]

    def _load(self, model, ids):
        from sqlalchemy import select

        if not ids:
            return {}
        pk = list(model.__table__.primary_key.columns)[0]
        return {getattr(o, pk.key): o for o in self.session.scalars(select(model).where(pk.in_(ids)))}

    # TwinFinder (R56-R60): ranked by shared preferences
    def twinfinder_teachers(self, me, criteria, country, limit, after=None):
        params = {"me": me, "L": criteria["languages"], "S": criteria["subjects"], "A": criteria["age_groups"],
                  "I": criteria["ict_use"], "limit": limit + 1}
        where = ["p.searchable", "p.validated", "p.state = 'active_etwinner'", "p.user_id <> :me"]
        overlap = []
        if criteria["languages"]:
            overlap.append("p.languages && cast(:L as varchar[])")
        if criteria["subjects"]:
            overlap.append("p.subjects && cast(:S as varchar[])")
        if overlap:
            where.append("(" + " or ".join(overlap) + ")")
        if country:
            where.append("p.country = :country")
            params["country"] = country
        inner = (
            "select p.user_id as id, p.available as available, ("
            "3 * cardinality(array(select unnest(p.languages) intersect select unnest(cast(:L as varchar[])))) + "
            "3 * cardinality(array(select unnest(p.subjects) intersect select unnest(cast(:S as varchar[])))) + "
            "2 * cardinality(array(select unnest(p.age_groups) intersect select unnest(cast(:A as varchar[])))) + "
            "(coalesce(p.ict_use = :I, false))::int)::int as score "
            f"from people p where {' and '.join(where)}")
        page = ""
        if after is not None:
            params.update(asc=after[0], aav=after[1], aid=after[2])
            page = ("where (score < :asc) or (score = :asc and available::int < :aav) "
                    "or (score = :asc and available::int = :aav and id > :aid)")
        rows = self.execute(f"select id, score, available from ({inner}) ranked {page} "
                            "order by score desc, available desc, id limit :limit", **params).all()
        objects = self._load(Person, [r.id for r in rows])
        return [(objects[r.id], r.score, r.available) for r in rows if r.id in objects]

    def twinfinder_schools(self, me, criteria, country, limit, after=None):
        """Schools ranked by their best-matching current validated teacher; green first on ties."""
        params = {"me": me, "L": criteria["languages"], "S": criteria["subjects"], "A": criteria["age_groups"],
                  "I": criteria["ict_use"], "limit": limit + 1}
        where = ["p.searchable", "p.validated", "p.state = 'active_etwinner'", "p.user_id <> :me", "ps.validated"]
        overlap = []
        if criteria["languages"]:
            overlap.append("p.languages && cast(:L as varchar[])")
        if criteria["subjects"]:
            overlap.append("p.subjects && cast(:S as varchar[])")
        if overlap:
            where.append("(" + " or ".join(overlap) + ")")
        if country:
            where.append("s.country = :country")
            params["country"] = country
        inner = (
            "select ps.school_id as id, bool_or(p.available) as available, max("
            "3 * cardinality(array(select unnest(p.languages) intersect select unnest(cast(:L as varchar[])))) + "
            "3 * cardinality(array(select unnest(p.subjects) intersect select unnest(cast(:S as varchar[])))) + "
            "2 * cardinality(array(select unnest(p.age_groups) intersect select unnest(cast(:A as varchar[])))) + "
            "(coalesce(p.ict_use = :I, false))::int)::int as score "
            "from people p join person_schools ps on ps.user_id = p.user_id "
            "join schools s on s.school_id = ps.school_id "
            f"where {' and '.join(where)} group by ps.school_id")
        page = ""
        if after is not None:
            params.update(asc=after[0], aav=after[1], aid=after[2])
            page = ("where (score < :asc) or (score = :asc and available::int < :aav) "
                    "or (score = :asc and available::int = :aav and id > :aid)")
        rows = self.execute(f"select id, score, available from ({inner}) ranked {page} "
                            "order by score desc, available desc, id limit :limit", **params).all()
        objects = self._load(School, [r.id for r in rows])
        return [(objects[r.id], r.score, r.available) for r in rows if r.id in objects]
