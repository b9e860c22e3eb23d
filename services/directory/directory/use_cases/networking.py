"""Contacts, following, the home feed and My Candidates (R62-R63, R67-R72)."""
import uuid
from datetime import datetime

from etwinning_contracts.directory.networking import Events as E
from etwinning_contracts.errors import Conflict, Forbidden, NotFound

from .. import domain as D
from ..db import Activity, Candidate, Contact, ContactRequest, Follow
from .search import person_card, school_card

PAGE_CURSOR = (datetime.fromisoformat, uuid.UUID)  # a forged time is refused here, not by SQL


def _me(uow, actor):
    me = uow.repo.person(uuid.UUID(actor.require_user()))
    if me is None:
        raise Forbidden("Finish your registration first.", code="no_profile")
    return me


def _person(uow, user_id):
    person = uow.repo.person(uuid.UUID(str(user_id)))
    if person is None or not person.searchable:
        raise NotFound("No such person.", code="not_found")
    return person


def _are_contacts(uow, a, b):
    return uow.repo.get(Contact, D.ordered_pair(a, b)) is not None


def _pending(uow, requester_id, recipient_id):
    return uow.repo.execute(
        "select id from contact_requests where requester_id = :a and recipient_id = :b and state = 'pending'",
        a=requester_id, b=recipient_id).scalar()


def _make_contacts(uow, a, b):
    uow.repo.merge(Contact(user_a=D.ordered_pair(a, b)[0], user_b=D.ordered_pair(a, b)[1], since=uow.now()))


def request_view(uow, request):
    people = uow.repo.people([request.requester_id, request.recipient_id])
    return {"id": request.id, "requester": person_card(people[request.requester_id]),
            "recipient": person_card(people[request.recipient_id]), "message": request.message,
            "state": request.state, "created_at": request.created_at, "decided_at": request.decided_at}


def request_contact(uow, actor, *, user_id, message=None):
    """Invite a validated eTwinner to become a contact. A crossed request is accepted at once (A64)."""
    me = _me(uow, actor)
    other = uow.repo.person(uuid.UUID(str(user_id)))
    refusal = D.contact_refusal(me, other, other is not None and _are_contacts(uow, me.user_id, other.user_id),
                                other is not None and _pending(uow, me.user_id, other.user_id) is not None)
    if refusal:
        D.raise_refusal(refusal)
    crossed = _pending(uow, other.user_id, me.user_id)
    if crossed is not None:
        return decide_contact_request(uow, actor, request_id=crossed, accept=True)
    request = uow.repo.add(ContactRequest(id=uuid.uuid4(), requester_id=me.user_id, recipient_id=other.user_id,
                                          message=message, state="pending", created_at=uow.now()))
    uow.repo.flush()
    uow.emit(E.CONTACT_REQUESTED, user_id=str(me.user_id), other_user_id=str(other.user_id),
             request_id=str(request.id))
    return request_view(uow, request)


def decide_contact_request(uow, actor, *, request_id, accept):
    me = _me(uow, actor)
    request = uow.repo.get(ContactRequest, uuid.UUID(str(request_id)), lock=True)
    if request is None or request.recipient_id != me.user_id:
        raise NotFound("No such contact request for you.", code="not_found")
    if request.state != "pending":
        raise Conflict(f"This request is already {request.state}.", code="request_closed")
    if accept:
        refusal = D.contact_refusal(me, uow.repo.person(request.requester_id), False, False)
        if refusal == "YOU_ARE_NOT_VALIDATED" or refusal == "NOT_VALIDATED" or refusal == "NOT_FOUND":
            D.raise_refusal(refusal)
        _make_contacts(uow, me.user_id, request.requester_id)
    request.state, request.decided_at = ("accepted" if accept else "declined"), uow.now()
    event = E.CONTACT_ACCEPTED if accept else E.CONTACT_DECLINED
    uow.emit(event, user_id=str(me.user_id), other_user_id=str(request.requester_id), request_id=str(request.id))
    return request_view(uow, request)


def cancel_contact_request(uow, actor, *, request_id):
    me = _me(uow, actor)
    request = uow.repo.get(ContactRequest, uuid.UUID(str(request_id)), lock=True)
    if request is None or request.requester_id != me.user_id:
        raise NotFound("No such contact request of yours.", code="not_found")
    if request.state != "pending":
        raise Conflict(f"This request is already {request.state}.", code="request_closed")
    request.state, request.decided_at = "cancelled", uow.now()
    return request_view(uow, request)


def list_contact_requests(uow, actor, *, box, limit, cursor=None):
    me = _me(uow, actor)
    column = "recipient_id" if box == "received" else "requester_id"
    after = D.decode_cursor(cursor, PAGE_CURSOR) if cursor else None
    rows = uow.repo.execute(
        f"select id, created_at from contact_requests where {column} = :me and state = 'pending' "
        + ("and (created_at, id) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by created_at desc, id desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    requests = [uow.repo.get(ContactRequest, r.id) for r in rows]
    return {"items": [request_view(uow, r) for r in requests],
            "next_cursor": D.encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id) if more else None}


def list_contacts(uow, actor, *, limit, cursor=None, user_id=None):
    """My contacts, newest first (also used by projects' co-founder picker and notify)."""
    me = uuid.UUID(str(user_id)) if user_id else _me(uow, actor).user_id
    after = D.decode_cursor(cursor, PAGE_CURSOR) if cursor else None
    rows = uow.repo.execute(
        "select case when user_a = :me then user_b else user_a end as other, since from contacts "
        "where (user_a = :me or user_b = :me) "
        + ("and (since, case when user_a = :me then user_b else user_a end) < (cast(:t as timestamptz), :i) "
           if after else "")
        + "order by since desc, other desc limit :n",
        me=me, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    people = uow.repo.people([r.other for r in rows])
    return {"items": [{"person": person_card(people[r.other]), "since": r.since} for r in rows if r.other in people],
            "next_cursor": D.encode_cursor(rows[-1].since.isoformat(), rows[-1].other) if more else None}


def remove_contact(uow, actor, *, user_id):
    me = _me(uow, actor)
    contact = uow.repo.get(Contact, D.ordered_pair(me.user_id, uuid.UUID(str(user_id))))
    if contact is None:
        raise NotFound("This person is not one of your contacts.", code="not_a_contact")
    uow.repo.delete(contact)
    uow.emit(E.CONTACT_REMOVED, user_id=str(me.user_id), other_user_id=str(user_id), request_id=None)
    return {"status": "removed", "detail": "You are no longer contacts."}


def check_contacts(uow, actor, *, user_id, other_user_ids):
    """For other services: which of these are contacts of ``user_id``, and which are eTwinners."""
    me = uuid.UUID(str(user_id))
    others = [uuid.UUID(str(o)) for o in other_user_ids]
    contacts = [o for o in others if _are_contacts(uow, me, o)]
    people = uow.repo.people(others)
    validated = [o for o, p in people.items() if D.is_eTwinner(p.state, p.validated)]
    return {"contacts": contacts, "validated": validated}


def relationship(uow, actor, *, user_id):
    """What a profile page offers: Add as contact, Follow, Send a message (R52)."""
    me = _me(uow, actor)
    other = _person(uow, user_id)
    is_contact = _are_contacts(uow, me.user_id, other.user_id)
    pending = ("sent" if _pending(uow, me.user_id, other.user_id) else
               "received" if _pending(uow, other.user_id, me.user_id) else None)
    refusal = D.contact_refusal(me, other, is_contact, pending == "sent")
    return {"user_id": other.user_id, "is_contact": is_contact, "pending_request": pending,
            "following": uow.repo.get(Follow, (me.user_id, other.user_id)) is not None,
            "followed_by": uow.repo.get(Follow, (other.user_id, me.user_id)) is not None,
            "can_request_contact": refusal is None, "reason": refusal}


# ---------------------------------------------------------------- following and the feed (R71-R72)

def follow(uow, actor, *, user_id):
    me = _me(uow, actor)
    other = _person(uow, user_id)
    if other.user_id == me.user_id:
        raise Forbidden("You cannot follow yourself.", code="SELF")
    if uow.repo.get(Follow, (me.user_id, other.user_id)) is None:
        uow.repo.add(Follow(follower_id=me.user_id, followee_id=other.user_id, since=uow.now()))
        uow.emit(E.FOLLOW_CREATED, user_id=str(me.user_id), other_user_id=str(other.user_id), request_id=None)
    return {"status": "following", "detail": f"You follow {other.display_name}."}


def unfollow(uow, actor, *, user_id):
    me = _me(uow, actor)
    row = uow.repo.get(Follow, (me.user_id, uuid.UUID(str(user_id))))
    if row is None:
        raise NotFound("You do not follow this person.", code="not_following")
    uow.repo.delete(row)
    return {"status": "not_following", "detail": "You no longer follow this person."}


def list_follows(uow, actor, *, direction, limit, cursor=None):
    me = _me(uow, actor)
    mine, theirs = ("follower_id", "followee_id") if direction == "following" else ("followee_id", "follower_id")
    after = D.decode_cursor(cursor, PAGE_CURSOR) if cursor else None
    rows = uow.repo.execute(
        f"select {theirs} as other, since from follows where {mine} = :me "
        + (f"and (since, {theirs}) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by since desc, other desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    people = uow.repo.people([r.other for r in rows])
    return {"items": [person_card(people[r.other]) for r in rows if r.other in people],
            "next_cursor": D.encode_cursor(rows[-1].since.isoformat(), rows[-1].other) if more else None}


def record_activity(uow, actor_id, kind, summary):
    """Other areas call this for public activity (joined a group, published a post, ...)."""
    uow.repo.add(Activity(actor_id=uuid.UUID(str(actor_id)), kind=kind, summary=summary, created_at=uow.now()))


def feed(uow, actor, *, limit, cursor=None):
    """Home feed: public activity of the people I follow and my contacts, newest first (R72, A58)."""
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, (int,)) if cursor else None
    rows = uow.repo.execute(
        "select a.id from activities a where a.actor_id in ("
        " select followee_id from follows where follower_id = :me union "
        " select case when user_a = :me then user_b else user_a end from contacts where user_a = :me or user_b = :me)"
        + (" and a.id < :after" if after else "") + " order by a.id desc limit :n",
        me=me.user_id, n=limit + 1, **({"after": after[0]} if after else {})).all()
    more, ids = len(rows) > limit, [r.id for r in rows[:limit]]
    activities = [uow.repo.get(Activity, i) for i in ids]
    people = uow.repo.people({a.actor_id for a in activities})
    items = [{"id": a.id, "actor": person_card(people[a.actor_id]), "kind": a.kind, "summary": a.summary,
              "created_at": a.created_at} for a in activities
             if a.actor_id in people and people[a.actor_id].searchable]
    return {"items": items, "next_cursor": D.encode_cursor(ids[-1]) if more else None}


# ---------------------------------------------------------------- My Candidates (R62-R63)

def _candidate_view(uow, c):
    view = {"id": c.id, "note": c.note, "created_at": c.created_at, "school": None, "person": None, "teachers": []}
    if c.school_id:
        school = uow.repo.school(c.school_id)
        if school is not None:
            green = uow.repo.green_schools([school.school_id])
            view["school"] = school_card(school, school.school_id in green)
            view["teachers"] = [person_card(p) for p in uow.repo.school_teachers(school.school_id)]
    else:
        person = uow.repo.person(c.person_id)
        view["person"] = person_card(person) if person else None
    return view


def add_candidate(uow, actor, *, school_id=None, user_id=None, note=None):
    me = _me(uow, actor)
    if school_id and uow.repo.school(uuid.UUID(str(school_id))) is None:
        raise NotFound("No such school.", code="not_found")
    if user_id:
        _person(uow, user_id)
    column, value = ("school_id", school_id) if school_id else ("person_id", user_id)
    if uow.repo.execute(f"select 1 from candidates where owner_id = :me and {column} = :v",
                        me=me.user_id, v=uuid.UUID(str(value))).first():
        raise Conflict("Already in My Candidates.", code="already_candidate")
    candidate = uow.repo.add(Candidate(id=uuid.uuid4(), owner_id=me.user_id, note=note, created_at=uow.now(),
                                       school_id=uuid.UUID(str(school_id)) if school_id else None,
                                       person_id=uuid.UUID(str(user_id)) if user_id else None))
    uow.repo.flush()
    return _candidate_view(uow, candidate)


def _my_candidate(uow, actor, candidate_id):
    me = _me(uow, actor)
    candidate = uow.repo.get(Candidate, uuid.UUID(str(candidate_id)))
    if candidate is None or candidate.owner_id != me.user_id:
        raise NotFound("No such candidate in your list.", code="not_found")
    return candidate


def update_candidate_note(uow, actor, *, candidate_id, note):
    candidate = _my_candidate(uow, actor, candidate_id)
    candidate.note = note
    return _candidate_view(uow, candidate)


def remove_candidate(uow, actor, *, candidate_id):
    uow.repo.delete(_my_candidate(uow, actor, candidate_id))
    return {"status": "removed", "detail": "Removed from My Candidates."}


def list_candidates(uow, actor, *, limit, cursor=None):
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, PAGE_CURSOR) if cursor else None
    rows = uow.repo.execute(
        "select id, created_at from candidates where owner_id = :me "
        + ("and (created_at, id) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by created_at desc, id desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    return {"items": [_candidate_view(uow, uow.repo.get(Candidate, r.id)) for r in rows],
            "next_cursor": D.encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id) if more else None}
