"""People and school search, public search and TwinFinder (R49-R61)."""
import uuid

from etwinning_contracts.errors import Forbidden, Invalid

from .. import domain as D

SEARCH_CURSOR = (int, int, float, uuid.UUID)  # matched, whole, score, id
RANK_CURSOR = (int, int, uuid.UUID)
MAP_CURSOR = (int, int, int, uuid.UUID)  # part (1: sharing a language or subject, 0: not), score, green, id


UNJUDGED = object()  # a card whose partnership flag says only whether the result is green


def offers_partnership(person, viewer):
    """Whether ``viewer`` (None: anonymous) is offered partnership actions for ``person``: never
    for themselves."""
    return person.user_id != getattr(viewer, "user_id", None) and D.can_propose_partnership(
        D.is_green(person), viewer, [s["school_id"] for s in person.schools])


def person_card(person, score=None, matched=None, viewer=UNJUDGED):
    """A person as results show them; ``viewer``: the person looking (None: anonymous), to offer
    partnership actions to those who may take them."""
    green = D.is_green(person)
    return {
        "user_id": person.user_id, "display_name": person.display_name, "member_type": person.member_type,
        "etwinning_validated": D.is_eTwinner(person), "available": green, "availability": "green" if green else "red",
        "can_propose_partnership": green if viewer is UNJUDGED else offers_partnership(person, viewer),
        "country": person.country,
        "languages": person.languages, "subjects": person.subjects, "age_groups": person.age_groups,
        "ict_use": person.ict_use, "has_picture": person.has_picture,
        "schools": [{k: s[k] for k in ("school_id", "name", "town", "country")} for s in person.schools],
        "score": score, "matched_words": matched,
    }


def school_card(school, green, score=None, viewer=UNJUDGED):
    return {"school_id": school.school_id, "name": school.name, "town": school.town, "country": school.country,
            "region": school.region, "education_levels": school.education_levels, "available": green,
            "availability": "green" if green else "red",
            "can_propose_partnership": green if viewer is UNJUDGED
            else D.can_propose_partnership(green, viewer, [school.school_id]),
            "registered_at": school.registered_at, "score": score}


def _page(items, limit, cursor_of):
    more = len(items) > limit
    items = items[:limit]
    return items, (cursor_of(items[-1]) if more and items else None)


def search_words(name, value, words_of=D.name_query_words):
    """The words to look for in query parameter ``name``. Text with no word search could use
    (only punctuation, emoji, one-letter tokens) is refused rather than read as "everyone"."""
    words = words_of(value)
    if value and value.strip() and not words:
        raise Invalid("Type at least one word of two letters or digits.", {name: ["No word to search for."]},
                      code="no_search_words")
    return words


def search_people(uow, actor, *, q=None, school=None, limit, cursor=None, public_only=False, **filters):
    """People search for signed-in users; public search (R53) sees public profiles only."""
    if actor.is_anonymous:
        public_only = True
    scope = "public_search_people" if public_only else "search_people"  # the two lists hold different people
    after = D.decode_cursor(cursor, SEARCH_CURSOR, scope=scope) if cursor else None
    rows = uow.repo.search_people(search_words("q", q), search_words("school", school), filters, public_only, limit,
                                  after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(*r[1:], r[0].user_id, scope=scope))
    viewer = _viewer(uow, actor)
    return {"items": [person_card(p, score if q else None, matched if q else None, viewer)
                      for p, matched, _, score in rows], "next_cursor": next_cursor}


def search_schools(uow, actor, *, q=None, town=None, limit, cursor=None, **filters):
    after = D.decode_cursor(cursor, SEARCH_CURSOR, scope="search_schools") if cursor else None
    rows = uow.repo.search_schools(search_words("q", q), search_words("town", town), filters, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(*r[1:], r[0].school_id, scope="search_schools"))
    viewer = _viewer(uow, actor)
    return {"items": [school_card(s, s.green, score if q else None, viewer) for s, _, _, score in rows],
            "next_cursor": next_cursor}


def _viewer(uow, actor):
    """The person looking, as the read model knows them; None when anonymous."""
    return None if actor.user_id is None else uow.repo.person(uuid.UUID(actor.user_id))


def _requester(uow, actor):
    me = uow.repo.person(uuid.UUID(actor.require_user()))
    if me is None:
        raise Forbidden("TwinFinder is for registered teachers with a profile.", code="no_profile")
    return me


def twinfinder_teachers(uow, actor, *, limit, cursor=None, country=None, **explicit):
    """With no criteria, teachers ranked by how well their preferences match mine (R56-R57);
    a country gives the map mode (R58); every result carries its availability (R59)."""
    me = _requester(uow, actor)
    criteria = D.twinfinder_criteria(me, explicit)
    after = D.decode_cursor(cursor, RANK_CURSOR, scope="twinfinder_teachers") if cursor else None
    rows = uow.repo.twinfinder_teachers(me.user_id, criteria, country, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(r[1], int(r[2]), r[0].user_id,
                                                                     scope="twinfinder_teachers"))
    return {"items": [person_card(p, float(score), viewer=me) for p, score, _ in rows], "next_cursor": next_cursor}


def twinfinder_schools(uow, actor, *, limit, cursor=None, country=None, **explicit):
    """Schools ranked by their best-matching teacher. In map mode (a country, R58) every school
    of that country with a validated, active teacher is reachable: after the ranked ones come
    those whose teachers share no language or subject, ranked the same way."""
    me = _requester(uow, actor)
    criteria = D.twinfinder_criteria(me, explicit)
    if not country:
        after = D.decode_cursor(cursor, RANK_CURSOR, scope="twinfinder_schools") if cursor else None
        rows = uow.repo.twinfinder_schools(me.user_id, criteria, country, limit, after)
        rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(r[1], int(r[2]), r[0].school_id,
                                                                         scope="twinfinder_schools"))
    else:
        rows, next_cursor = _map_schools(uow, me, criteria, country, limit, cursor)
    green = uow.repo.green_schools([s.school_id for s, _, _ in rows])
    return {"items": [school_card(s, s.school_id in green, float(score), me) for s, score, _ in rows],
            "next_cursor": next_cursor}


def _map_schools(uow, me, criteria, country, limit, cursor):
    """A page of map mode: the ranked schools (part 1), then the others (part 0); the cursor says
    which part and where in it."""
    part, *after = D.decode_cursor(cursor, MAP_CURSOR, scope="_map_schools") if cursor else (1, None)
    after = tuple(after) if cursor else None
    rows = []
    if part == 1:
        rows = [(1, r) for r in uow.repo.twinfinder_schools(me.user_id, criteria, country, limit, after)]
        after = None
    if len(rows) <= limit:
        rows += [(0, r) for r in uow.repo.twinfinder_schools_without_overlap(
            me.user_id, criteria, country, limit - len(rows), after)]
    more, rows = len(rows) > limit, rows[:limit]
    last_part, last = rows[-1] if rows else (None, None)
    next_cursor = D.encode_cursor(last_part, last[1], int(last[2]), last[0].school_id,
                                  scope="_map_schools") if more else None
    return [r for _, r in rows], next_cursor
