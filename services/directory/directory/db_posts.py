"""Tables of partner-finding posts and their comments, and the queries that search them."""
import uuid
from datetime import date, datetime

from sqlalchemy import ARRAY, Date, DateTime, ForeignKey, Index, String, Text, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .db import TRIGRAM_THRESHOLD, Base
from .domain import PHRASE_BONUS

AREA = "posts"
TS = DateTime(timezone=True)


# What search and similar posts show: posts whose author is shown in search (R54).
AUTHOR_SHOWN = "exists (select 1 from people a where a.user_id = p.author_id and a.searchable)"

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    author_id: Mapped[uuid.UUID] = mapped_column(index=True)
    post_type: Mapped[str] = mapped_column(String(40))
    # draft | published | withdrawn | expired. A published post past visible_until is shown as
    # expired at once (computed at read time); the sweep stores it later and tells the author.
    state: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(20))
    school_id: Mapped[uuid.UUID | None] = mapped_column()
    school: Mapped[dict | None] = mapped_column(JSONB)  # the school as it was shown when chosen
    author_country: Mapped[str | None] = mapped_column(String(2))
    subjects: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)
    languages: Mapped[list] = mapped_column(ARRAY(String(5)), default=list)
    age_groups: Mapped[list] = mapped_column(ARRAY(String(10)), default=list)
    countries: Mapped[list] = mapped_column(ARRAY(String(2)), default=list)
    topics: Mapped[list] = mapped_column(ARRAY(String(60)), default=list)
    key_competences: Mapped[list] = mapped_column(ARRAY(String(60)), default=list)
    visible_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    published_at: Mapped[datetime | None] = mapped_column(TS)
    # unaccented, lower-case words of title, summary, description and topics: what keywords match
    search_text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("posts_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}, postgresql_where=text("state = 'published'")),
        Index("posts_visible", "visible_until", "published_at", postgresql_where=text("state = 'published'")),
        Index("posts_subjects", "subjects", postgresql_using="gin", postgresql_where=text("state = 'published'")),
    )


class PostComment(Base):
    __tablename__ = "post_comments"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("post_comments_thread", "post_id", "created_at", "id"),)


def ranked(session, model, table, text_column, time_column, words, where, params, limit, after):
    """Rows matching any query word (all rows without words), best first: most words matched,
    closest (the words as written, in order, closest of all), newest, then id. ``after`` is the (matched, score, time, id) of the last row seen."""
    alias = table.split()[-1]
    params = dict(params, limit=limit + 1)
    for i, word in enumerate(words):
        params[f"w{i}"] = word
    if words:
        where = where + ["(" + " or ".join(f"{text_column} %> :w{i}" for i in range(len(words))) + ")"]
        matched = " + ".join(f"({text_column} %> :w{i})::int" for i in range(len(words)))
        score = " + ".join(f"word_similarity(:w{i}, {text_column})" for i in range(len(words)))
        if len(words) > 1:  # A25: the words as written, in order, rank first among equals
            params["phrase"] = f" {' '.join(words)} "
            score += (f" + {PHRASE_BONUS} * "
                      f"(position(cast(:phrase as text) in ' ' || {text_column} || ' ') > 0)::int")
    else:
        matched, score = "0", "0"
    inner = (f"select {alias}.id as id, ({matched}) as matched, ({score})::float8 as score, {time_column} as at "
             f"from {table} where {' and '.join(where)}")
    page = ""
    if after is not None:
        params.update(am=after[0], asc=after[1], aat=after[2], aid=after[3])
        page = "where (matched, score, at, id) < (:am, :asc, cast(:aat as timestamptz), :aid)"
    rows = session.execute(text(f"{TRIGRAM_THRESHOLD}select id, matched, score, at from ({inner}) ranked "
                                f"{page} order by matched desc, score desc, at desc, id desc limit :limit"),
                           params).all()
    objects = {o.id: o for o in session.scalars(select(model).where(model.id.in_([r.id for r in rows])))}
    return [(objects[r.id], r.matched, r.score) for r in rows if r.id in objects]


class Repository:
    def __init__(self, session):
        self.session = session

    def new_post(self, **values):
        """A new draft, added to the session; the caller fills it in before the flush."""
        post = Post(id=uuid.uuid4(), state="draft", **values)
        self.session.add(post)
        return post

    def new_comment(self, **values):
        comment = PostComment(id=uuid.uuid4(), **values)
        self.session.add(comment)
        return comment

    def post(self, post_id, lock=False):
        return self.session.get(Post, post_id, with_for_update=lock, populate_existing=lock)

    def comment_counts(self, post_ids):
        if not post_ids:
            return {}
        rows = self.session.execute(text("select post_id, count(*) from post_comments where post_id = any(:ids) "
                                         "group by post_id"), {"ids": list(post_ids)})
        return dict(rows.all())

    # a blocked or inactive author's posts wait unseen until they are back (R54), as in people search
    def search(self, words, filters, today, limit, after=None):
        """Published posts still visible today, matching the filters (R76)."""
        where, params = ["p.state = 'published'", "p.visible_until >= :today", AUTHOR_SHOWN], {"today": today}
        for key, column in (("post_type", "p.post_type"), ("country", "p.author_country")):
            if filters.get(key):
                where.append(f"{column} = :{key}")
                params[key] = filters[key]
        for key, column in (("subject", "p.subjects"), ("language", "p.languages"), ("age_group", "p.age_groups"),
                            ("seeking", "p.countries")):
            if filters.get(key):
                where.append(f"{column} @> array[:{key}]::varchar[]")
                params[key] = filters[key]
        return ranked(self.session, Post, "posts p", "p.search_text", "p.published_at", words, where, params,
                      limit, after)

    def similar(self, words, subjects, languages, today, limit):
        """Visible posts sharing subjects or keywords, languages adding weight (R78)."""
        params = {"S": list(subjects), "L": list(languages), "today": today, "limit": limit}
        for i, word in enumerate(words):
            params[f"w{i}"] = word
        matched = " + ".join(f"(p.search_text %> :w{i})::int" for i in range(len(words))) or "0"
        shared = ("2 * cardinality(array(select unnest(p.subjects) intersect select unnest(cast(:S as varchar[])))) "
                  "+ cardinality(array(select unnest(p.languages) intersect select unnest(cast(:L as varchar[]))))")
        rows = self.session.execute(text(
            f"{TRIGRAM_THRESHOLD}select id from (select p.id, p.published_at, ({matched}) as matched, "
            f"{shared} as shared from posts p "
            f"where p.state = 'published' and p.visible_until >= :today and {AUTHOR_SHOWN}) s "
            "where matched > 0 or shared >= 2 order by 3 * matched + shared desc, published_at desc limit :limit"),
            params).all()
        ids = [r.id for r in rows]
        posts = {p.id: p for p in self.session.scalars(select(Post).where(Post.id.in_(ids)))}
        return [posts[i] for i in ids if i in posts]

    def by_author(self, author_id, state, today, limit, after=None):
        """An author's posts, newest first; ``state`` as shown (expired is partly computed)."""
        where, params = ["author_id = :a"], {"a": author_id, "n": limit + 1, "today": today}
        if state:
            where.append({"published": "state = 'published' and visible_until >= :today",
                          "expired": "(state = 'expired' or state = 'published' and visible_until < :today)"
                          }.get(state, "state = :s"))
            params["s"] = state
        if after:
            where.append("(created_at, id) < (cast(:t as timestamptz), :i)")
            params.update(t=after[0], i=after[1])
        ids = [r.id for r in self.session.execute(text(
            f"select id from posts where {' and '.join(where)} order by created_at desc, id desc limit :n"), params)]
        posts = {p.id: p for p in self.session.scalars(select(Post).where(Post.id.in_(ids)))}
        return [posts[i] for i in ids]

    def comments(self, post_id, limit, after=None):
        query = select(PostComment).where(PostComment.post_id == post_id)
        if after:
            query = query.where(text("(created_at, id) > (cast(:t as timestamptz), :i)")
                                .bindparams(t=after[0], i=after[1]))
        return self.session.scalars(query.order_by(PostComment.created_at, PostComment.id).limit(limit + 1)).all()

    def due_for_expiry(self, today, limit):
        """Published posts whose last visible day has passed, locked so replicas share the sweep."""
        return self.session.scalars(
            select(Post).where(Post.state == "published", Post.visible_until < today)
            .order_by(Post.visible_until).limit(limit).with_for_update(skip_locked=True)).all()


def erase_person(session, user_id):
    """An erased account's posts go, with every comment on them, and so do its comments on
    other people's posts: a reply to a partner search is a personal contact offer that no one
    else's history depends on, so nothing is kept in anonymised form."""
    session.execute(text("delete from post_comments where author_id = :u"), {"u": user_id})
    session.execute(text("delete from posts where author_id = :u"), {"u": user_id})
