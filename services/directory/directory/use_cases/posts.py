"""Partner-finding posts (R73-R79, A31-A32, §10.7): draft, publish, edit, extend, withdraw,
search, similar posts and comments. The rules that need no data come first, as plain functions."""
import uuid

from etwinning_contracts.directory.posts import PROJECT_IDEA, Events as E
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound

from .. import domain as D
from .networking import forget_activity, record_activity
from .search import person_card, search_words

SEARCH_CURSOR = (int, float, D.cursor_time, uuid.UUID)  # a forged time is a 422, not a 500
PAGE_CURSOR = (D.cursor_time, uuid.UUID)
# What an eTwinning project idea needs besides the fields every post has (R74).
PROJECT_IDEA_FIELDS = ("scope", "school_id", "summary", "topics", "key_competences")
EDITABLE = ("post_type", "title", "summary", "description", "scope", "school_id", "subjects", "languages",
            "age_groups", "countries", "topics", "key_competences", "visible_until")


# ---------------------------------------------------------------- rules

def latest_visible_day(today):
    """Twelve months ahead (A31); 29 February falls back to the 28th."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def visibility_problem(visible_until, today):
    """Why this last visible day is not acceptable today, or None (R75, A31)."""
    if visible_until <= today:
        return "Choose tomorrow or a later day: the post stays visible until the end of the day you choose."
    if visible_until > latest_visible_day(today):
        return f"A post can stay visible for at most 12 months: choose {latest_visible_day(today)} or earlier."
    return None


def shown_state(state, visible_until, today):
    """A published post is expired from the day after its last visible day, exactly, whether or
    not the sweep has stored it yet (R75)."""
    if state == "published" and visible_until < today:
        return "expired"
    return state


def readable(state, is_author, is_css):
    """Drafts, withdrawn and expired posts are the author's (and CSS moderators') only."""
    return state == "published" or is_author or is_css


def type_refusal(post_type, is_etwinner):
    if post_type == PROJECT_IDEA and not is_etwinner:
        return ("Only eTwinning-validated teachers can post an eTwinning project idea (they alone can found "
                "projects); choose another type of post.")
    return None


def missing_fields(post_type, values):
    if post_type != PROJECT_IDEA:
        return []
    return [name for name in PROJECT_IDEA_FIELDS if values.get(name) in (None, "", [])]


def search_text(values):
    return D.normalise(" ".join([values["title"], values.get("summary") or "", values["description"],
                                 *(values.get("topics") or [])]))


# ---------------------------------------------------------------- helpers

def _me(uow, actor):
    me = uow.repo.person(uuid.UUID(actor.require_user()))
    if me is None:
        raise Forbidden("Finish your registration first.", code="no_profile")
    return me


def _today(uow):
    return uow.now().date()


def _post(uow, actor, post_id, lock=False):
    """The post if the actor may read it; a post they may not read does not exist for them."""
    post = uow.repo.posts.post(uuid.UUID(str(post_id)), lock=lock)
    is_author = post is not None and post.author_id == _user_id(actor)
    if post is None or not readable(shown_state(post.state, post.visible_until, _today(uow)), is_author, actor.is_css):
        raise NotFound("No such post.", code="not_found")
    if not (is_author or actor.is_css):  # a blocked or inactive author's posts are out of sight, as in search (R54)
        author = uow.repo.person(post.author_id)
        if author is None or not author.searchable:
            raise NotFound("No such post.", code="not_found")
    return post


def _own_post(uow, actor, post_id):
    post = _post(uow, actor, post_id, lock=True)
    if post.author_id != _user_id(actor):
        raise Forbidden("Only the author can change this post.", code="not_author")
    return post


def _user_id(actor):
    return uuid.UUID(actor.user_id) if actor.user_id else None


def post_view(uow, post, people=None, counts=None, score=None, matched=None):
    people = people if people is not None else uow.repo.people([post.author_id])
    counts = counts if counts is not None else uow.repo.posts.comment_counts([post.id])
    author = people.get(post.author_id)
    return {**{name: getattr(post, name) for name in (
        "id", "post_type", "title", "summary", "description", "scope", "school", "author_country", "subjects",
        "languages", "age_groups", "countries", "topics", "key_competences", "visible_until", "created_at",
        "updated_at", "published_at")},
        "author": person_card(author) if author else None,
        "state": shown_state(post.state, post.visible_until, _today(uow)),
        "comment_count": counts.get(post.id, 0), "score": score, "matched_words": matched}


def _views(uow, posts, scored=None):
    people = uow.repo.people({p.author_id for p in posts})
    counts = uow.repo.posts.comment_counts([p.id for p in posts])
    scored = scored or {}
    return [post_view(uow, p, people, counts, *scored.get(p.id, (None, None))) for p in posts]


def _check(me, values, today, changed):
    """Every rule on a post's fields, reported together so the author fixes them at once."""
    if "post_type" in changed:
        _require_type_allowed(me, values["post_type"])
    errors = {}
    if "visible_until" in changed:
        problem = visibility_problem(values["visible_until"], today)
        if problem:
            errors["visible_until"] = [problem]
    for name in missing_fields(values["post_type"], values):
        errors[name] = ["Required for an eTwinning project idea."]
    if "school_id" in changed and values.get("school_id") and not _school(me, values["school_id"]):
        errors["school_id"] = ["Choose one of your current schools."]
    if errors:
        raise Invalid("Some fields are missing or invalid.", errors, code="validation_failed")


def _require_type_allowed(me, post_type):
    """A project idea is for validated eTwinners only (A32): checked when the type is chosen and
    again at every (re)publication, as the author may have lost validation since."""
    refusal = type_refusal(post_type, D.is_eTwinner(me))
    if refusal:
        raise Forbidden(refusal, code="etwinners_only")


def _school(me, school_id):
    return next((s for s in me.schools if s["school_id"] == str(school_id)), None)


def _apply(post, me, values, changed, now):
    for name in EDITABLE:
        setattr(post, name, values.get(name))
    post.topics, post.key_competences = list(values.get("topics") or []), list(values.get("key_competences") or [])
    if "school_id" in changed:  # kept as shown when chosen, even after the author leaves the school
        school = _school(me, values["school_id"]) if values.get("school_id") else None
        post.school = {k: school[k] for k in ("school_id", "name", "town", "country")} if school else None
        post.author_country = school["country"] if school else me.country
    post.search_text = search_text(values)
    post.updated_at = now


# ---------------------------------------------------------------- operations

def create_post(uow, actor, **values):
    """A new post is a draft: nobody else sees it until the author publishes it (R75)."""
    me = _me(uow, actor)
    _check(me, values, _today(uow), changed=EDITABLE)
    post = uow.repo.posts.new_post(author_id=me.user_id, created_at=uow.now())
    _apply(post, me, values, EDITABLE, uow.now())
    uow.repo.flush()
    return post_view(uow, post)


def update_post(uow, actor, *, post_id, **changes):
    post = _own_post(uow, actor, post_id)
    if post.state == "withdrawn":
        raise Conflict("This post was withdrawn; write a new one.", code="post_withdrawn")
    me = _me(uow, actor)
    values = {name: getattr(post, name) for name in EDITABLE} | changes
    _check(me, values, _today(uow), changed=changes)
    # a new future date brings an expired post back (§10.7): a publication, checked as one
    republished = "visible_until" in changes and shown_state(post.state, post.visible_until, _today(uow)) == "expired"
    if republished:
        _require_type_allowed(me, values["post_type"])
    _apply(post, me, values, changes, uow.now())
    if republished:
        post.state = "published"
    return post_view(uow, post)


def publish_post(uow, actor, *, post_id):
    """Publishing is explicit (R75); publishing again changes nothing, so a retry is harmless."""
    post = _own_post(uow, actor, post_id)
    state = shown_state(post.state, post.visible_until, _today(uow))
    if state == "published":
        return post_view(uow, post)
    if state != "draft":
        raise Conflict(f"This post is {state}; " + ("extend its visibility instead." if state == "expired"
                                                   else "write a new one."), code=f"post_{state}")
    problem = visibility_problem(post.visible_until, _today(uow))
    if problem:
        raise Invalid("The visibility end date has passed.", {"visible_until": [problem]}, code="validation_failed")
    _require_type_allowed(_me(uow, actor), post.post_type)
    post.state, post.published_at = "published", uow.now()
    uow.emit(E.POST_PUBLISHED, user_id=str(post.author_id), author_id=str(post.author_id), post_id=str(post.id),
             title=post.title, comment_id=None)
    record_activity(uow, post.author_id, "post_published", {"post_id": str(post.id), "title": post.title})
    return post_view(uow, post)


def extend_post(uow, actor, *, post_id, visible_until):
    """Move the last visible day, which brings an expired post back (A31, §10.7)."""
    post = _own_post(uow, actor, post_id)
    if post.state not in ("published", "expired"):
        raise Conflict("Only a published or expired post can be extended; edit a draft instead.",
                       code="not_published")
    problem = visibility_problem(visible_until, _today(uow))
    if problem:
        raise Invalid("Choose another date.", {"visible_until": [problem]}, code="validation_failed")
    published_again = shown_state(post.state, post.visible_until, _today(uow)) == "expired"
    if published_again:
        _require_type_allowed(_me(uow, actor), post.post_type)
    post.visible_until, post.state, post.updated_at = visible_until, "published", uow.now()
    if published_again:  # back in followers' feeds, as new
        forget_activity(uow, post.author_id, "post_published", post_id=str(post.id))
        record_activity(uow, post.author_id, "post_published", {"post_id": str(post.id), "title": post.title})
    return post_view(uow, post)


def withdraw_post(uow, actor, *, post_id):
    post = _own_post(uow, actor, post_id)
    post.state, post.updated_at = "withdrawn", uow.now()
    forget_activity(uow, post.author_id, "post_published", post_id=str(post.id))  # out of followers' feeds too
    return post_view(uow, post)


def get_post(uow, actor, *, post_id):
    return post_view(uow, _post(uow, actor, post_id))


def search_posts(uow, actor, *, q=None, limit, cursor=None, **filters):
    """Published posts still visible, by keywords (typo- and accent-tolerant) and filters (R76)."""
    actor.require_user()
    after = D.decode_cursor(cursor, SEARCH_CURSOR, scope="search_posts") if cursor else None
    rows = uow.repo.posts.search(search_words("q", q, D.query_words), filters, _today(uow), limit, after)
    more, rows = len(rows) > limit, rows[:limit]
    scored = {p.id: (score, matched) for p, matched, score in rows} if q else {}
    last = rows[-1] if rows else None
    return {"items": _views(uow, [p for p, _, _ in rows], scored),
            "next_cursor": D.encode_cursor(last[1], last[2], last[0].published_at.isoformat(), last[0].id,
                                           scope="search_posts")
            if more else None}


def similar_posts(uow, actor, *, q=None, subject=(), language=(), limit=5):
    """Before writing a post: visible posts about the same thing, to answer instead (R78)."""
    actor.require_user()
    words = D.query_words(q)
    if not (words or subject):
        return {"items": []}
    return {"items": _views(uow, uow.repo.posts.similar(words, subject, language, _today(uow), limit))}


def list_my_posts(uow, actor, *, state=None, limit, cursor=None):
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_my_posts") if cursor else None
    posts = uow.repo.posts.by_author(me.user_id, state, _today(uow), limit, after)
    more, posts = len(posts) > limit, posts[:limit]
    return {"items": _views(uow, posts),
            "next_cursor": D.encode_cursor(posts[-1].created_at.isoformat(), posts[-1].id,
                                           scope="list_my_posts") if more else None}


def comment_on_post(uow, actor, *, post_id, body):
    """Any signed-in user may answer a visible post; the author is told (R77)."""
    me = _me(uow, actor)
    post = _post(uow, actor, post_id)
    state = shown_state(post.state, post.visible_until, _today(uow))
    if state != "published":
        raise Conflict(f"This post is {state}; it cannot be answered.", code=f"post_{state}")
    comment = uow.repo.posts.new_comment(post_id=post.id, author_id=me.user_id, body=body, created_at=uow.now())
    uow.repo.flush()
    if post.author_id != me.user_id:  # the author answering in their own thread needs no notice
        uow.emit(E.POST_COMMENTED, user_id=str(me.user_id), author_id=str(post.author_id), post_id=str(post.id),
                 title=post.title, comment_id=str(comment.id))
    return _comment_view(comment, {me.user_id: me})


def _comment_view(comment, people):
    author = people.get(comment.author_id)
    return {"id": comment.id, "post_id": comment.post_id, "author": person_card(author) if author else None,
            "body": comment.body, "created_at": comment.created_at}


def list_comments(uow, actor, *, post_id, limit, cursor=None):
    post = _post(uow, actor, post_id)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_comments") if cursor else None
    comments = uow.repo.posts.comments(post.id, limit, after)
    more, comments = len(comments) > limit, comments[:limit]
    people = uow.repo.people({c.author_id for c in comments})
    return {"items": [_comment_view(c, people) for c in comments],
            "next_cursor": D.encode_cursor(comments[-1].created_at.isoformat(), comments[-1].id,
                                           scope="list_comments") if more else None}


def expire_due_posts(uow, limit=200):
    """The scheduled sweep: store the expiry readers already see and tell each author (§10.7)."""
    posts = uow.repo.posts.due_for_expiry(_today(uow), limit)
    for post in posts:
        post.state = "expired"
        forget_activity(uow, post.author_id, "post_published", post_id=str(post.id))  # hidden from feeds too (R75)
        uow.emit(E.POST_EXPIRED, user_id=str(post.author_id), author_id=str(post.author_id), post_id=str(post.id),
                 title=post.title, comment_id=None)
    return len(posts)
