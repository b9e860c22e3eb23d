"""People and school search, public search and TwinFinder (R49-R61)."""
import uuid

from etwinning_contracts.errors import Forbidden

from .. import domain as D

SEARCH_CURSOR = (int, int, float, uuid.UUID)  # matched, whole, score, id
RANK_CURSOR = (int, int, uuid.UUID)


def person_card(person, score=None, matched=None):
    green = D.is_green(person)
    return {
        "user_id": person.user_id, "display_name": person.display_name, "member_type": person.member_type,
        "etwinning_validated": D.is_eTwinner(person.state, person.validated), "available": green,
        "availability": "green" if green else "red", "country": person.country,
        "languages": person.languages, "subjects": person.subjects, "age_groups": person.age_groups,
        "ict_use": person.ict_use, "has_picture": person.has_picture,
        "schools": [{k: s[k] for k in ("school_id", "name", "town", "country")} for s in person.schools],
        "score": score, "matched_words": matched,
    }


def school_card(school, green, score=None):
    return {"school_id": school.school_id, "name": school.name, "town": school.town, "country": school.country,
            "region": school.region, "education_levels": school.education_levels, "available": green,
            "availability": "green" if green else "red", "registered_at": school.registered_at, "score": score}


def _page(items, limit, cursor_of):
    more = len(items) > limit
    items = items[:limit]
    return items, (cursor_of(items[-1]) if more and items else None)


def search_people(uow, actor, *, q=None, school=None, limit, cursor=None, public_only=False, **filters):
    """People search for signed-in users; public search (R53) sees public profiles only."""
    if actor.is_anonymous:
        public_only = True
    after = D.decode_cursor(cursor, SEARCH_CURSOR) if cursor else None
    rows = uow.repo.search_people(D.name_query_words(q), D.name_query_words(school), filters, public_only, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(*r[1:], r[0].user_id))
    return {"items": [person_card(p, score if q else None, matched if q else None) for p, matched, _, score in rows],
            "next_cursor": next_cursor}


def search_schools(uow, actor, *, q=None, town=None, limit, cursor=None, **filters):
    after = D.decode_cursor(cursor, SEARCH_CURSOR) if cursor else None
    rows = uow.repo.search_schools(D.name_query_words(q), D.name_query_words(town), filters, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(*r[1:], r[0].school_id))
    return {"items": [school_card(s, s.green, score if q else None) for s, _, _, score in rows],
            "next_cursor": next_cursor}


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
    after = D.decode_cursor(cursor, RANK_CURSOR) if cursor else None
    rows = uow.repo.twinfinder_teachers(me.user_id, criteria, country, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(r[1], int(r[2]), r[0].user_id))
    return {"items": [person_card(p, float(score)) for p, score, _ in rows], "next_cursor": next_cursor}


def twinfinder_schools(uow, actor, *, limit, cursor=None, country=None, **explicit):
    me = _requester(uow, actor)
    criteria = D.twinfinder_criteria(me, explicit)
    after = D.decode_cursor(cursor, RANK_CURSOR) if cursor else None
    rows = uow.repo.twinfinder_schools(me.user_id, criteria, country, limit, after)
    rows, next_cursor = _page(rows, limit, lambda r: D.encode_cursor(r[1], int(r[2]), r[0].school_id))
    green = uow.repo.green_schools([s.school_id for s, _, _ in rows])
    return {"items": [school_card(s, s.school_id in green, float(score)) for s, score, _ in rows],
            "next_cursor": next_cursor}
