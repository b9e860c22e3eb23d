"""Contacts, following, the home feed with eTwinning news and My Candidates (R62-R63, R67-R72)."""
import json
import uuid

from etwinning_contracts.directory.networking import Events as E
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound

from .. import domain as D
from .search import offers_partnership, person_card, school_card, search_words

PAGE_CURSOR = (D.cursor_time, uuid.UUID)  # a forged time is refused here, not by SQL


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
    return uow.repo.contact(D.ordered_pair(a, b)) is not None


def _pending(uow, requester_id, recipient_id):
    return uow.repo.execute(
        "select id from contact_requests where requester_id = :a and recipient_id = :b and state = 'pending'",
        a=requester_id, b=recipient_id).scalar()


def _declined_at(uow, requester_id, recipient_id):
    """When the recipient last declined a request of this requester (None: never)."""
    return uow.repo.execute(
        "select max(decided_at) from contact_requests where requester_id = :a and recipient_id = :b "
        "and state = 'declined'", a=requester_id, b=recipient_id).scalar()


def _lock_pair(uow, a, b):
    """Both people's rows locked, smaller id first: two requests about the same pair (crossed
    requests, crossed accepts) then run one after the other instead of each missing the other's."""
    uow.repo.lock_people(sorted({a, b}, key=str))


def _make_contacts(uow, a, b):
    """Idempotent: two crossed requests accepted at once both succeed, with one contact row."""
    user_a, user_b = D.ordered_pair(a, b)
    uow.repo.execute("insert into contacts (user_a, user_b, since) values (:a, :b, :t) on conflict do nothing",
                     a=user_a, b=user_b, t=uow.now())


def request_view(uow, request):
    people = uow.repo.people([request.requester_id, request.recipient_id])
    return {"id": request.id, "requester": person_card(people[request.requester_id]),
            "recipient": person_card(people[request.recipient_id]), "message": request.message,
            "state": request.state, "created_at": request.created_at, "decided_at": request.decided_at}


def request_contact(uow, actor, *, user_id, message=None):
    """Invite a validated eTwinner to become a contact. A crossed request is accepted at once (A64)."""
    me = _me(uow, actor)
    other = uow.repo.person(uuid.UUID(str(user_id)))
    if other is not None and other.user_id != me.user_id:
        _lock_pair(uow, me.user_id, other.user_id)  # a crossed request sent at the same moment waits for this one
    refusal = D.contact_refusal(me, other, other is not None and _are_contacts(uow, me.user_id, other.user_id),
                                other is not None and _pending(uow, me.user_id, other.user_id) is not None)
    if refusal:
        D.raise_refusal(refusal, me)
    crossed = _pending(uow, other.user_id, me.user_id)
    if crossed is not None:  # they ask me too: agreed, whatever I was told before
        return decide_contact_request(uow, actor, request_id=crossed, accept=True)
    wait_until = D.contact_cooldown_end(_declined_at(uow, me.user_id, other.user_id), uow.now())
    if wait_until is not None:  # §10.6: no asking again straight after a "no"
        raise Conflict(D.contact_cooldown_text(wait_until), code="request_cooldown")
    request = uow.repo.new_contact_request(requester_id=me.user_id, recipient_id=other.user_id, message=message,
                                           created_at=uow.now())
    uow.repo.flush()
    uow.emit(E.CONTACT_REQUESTED, user_id=str(me.user_id), other_user_id=str(other.user_id),
             request_id=str(request.id))
    return request_view(uow, request)


def decide_contact_request(uow, actor, *, request_id, accept):
    me = _me(uow, actor)
    request_id = uuid.UUID(str(request_id))
    requester = uow.repo.execute("select requester_id from contact_requests where id = :i and recipient_id = :me",
                                 i=request_id, me=me.user_id).scalar()
    if requester is None:
        raise NotFound("No such contact request for you.", code="not_found")
    if accept:
        _lock_pair(uow, me.user_id, requester)
    request = uow.repo.contact_request(request_id, lock=True)
    if request is None:  # erased meanwhile
        raise NotFound("No such contact request for you.", code="not_found")
    if accept and request.state == "accepted":
        return request_view(uow, request)  # accepted already (a retry, or with the crossed request): done
    if request.state != "pending":
        raise Conflict(f"This request is already {request.state}.", code="request_closed")
    if accept:
        refusal = D.contact_refusal(me, uow.repo.person(request.requester_id), False, False)
        if refusal == "you_are_not_validated" or refusal == "not_validated" or refusal == "not_found":
            D.raise_refusal(refusal, me)
        _make_contacts(uow, me.user_id, request.requester_id)
        # my own request to them, if I sent one meanwhile, is answered by the same agreement (A64)
        uow.repo.execute("update contact_requests set state = 'accepted', decided_at = :t "
                         "where requester_id = :me and recipient_id = :other and state = 'pending'",
                         t=uow.now(), me=me.user_id, other=request.requester_id)
    request.state, request.decided_at = ("accepted" if accept else "declined"), uow.now()
    event = E.CONTACT_ACCEPTED if accept else E.CONTACT_DECLINED
    uow.emit(event, user_id=str(me.user_id), other_user_id=str(request.requester_id), request_id=str(request.id))
    return request_view(uow, request)


def cancel_contact_request(uow, actor, *, request_id):
    me = _me(uow, actor)
    request = uow.repo.contact_request(uuid.UUID(str(request_id)), lock=True)
    if request is None or request.requester_id != me.user_id:
        raise NotFound("No such contact request of yours.", code="not_found")
    if request.state != "pending":
        raise Conflict(f"This request is already {request.state}.", code="request_closed")
    request.state, request.decided_at = "cancelled", uow.now()
    return request_view(uow, request)


def list_contact_requests(uow, actor, *, box, limit, cursor=None):
    me = _me(uow, actor)
    column = "recipient_id" if box == "received" else "requester_id"
    other = "requester_id" if box == "received" else "recipient_id"
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_contact_requests") if cursor else None
    rows = uow.repo.execute(  # requests of people blocked or inactive meanwhile wait unseen (R54)
        f"select id, created_at from contact_requests r where {column} = :me and state = 'pending' "
        f"and exists (select 1 from people p where p.user_id = r.{other} and p.searchable) "
        + ("and (created_at, id) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by created_at desc, id desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    requests = [uow.repo.contact_request(r.id) for r in rows]
    return {"items": [request_view(uow, r) for r in requests],
            "next_cursor": D.encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id,
                                           scope="list_contact_requests") if more else None}


def _name_words_match(words, params):
    """SQL true when every query word begins a word of the person's name (``p``), accents and
    case aside, as people search normalises them (R70: the contact list is searchable by name)."""
    conditions = []
    for i, word in enumerate(words):
        params[f"q{i}"] = word + "%"  # normalised words hold only letters and digits: nothing to escape
        conditions.append(f"exists (select 1 from unnest(string_to_array(p.search_text, ' ')) w where w like :q{i})")
    return "".join(f" and {c}" for c in conditions)


def list_contacts(uow, actor, *, limit, cursor=None, user_id=None, q=None):
    """My contacts, newest first, optionally those whose name has the words of ``q``; other
    services read a given user's (projects' co-founder picker, notify). Inactive and blocked
    people are left out until they come back (R54)."""
    owner = D.contact_list_reader(actor, user_id)
    if owner is None and "system" in actor.roles:
        raise Invalid("Say whose contacts to list.", {"user_id": ["Required for a service."]}, code="validation_failed")
    me = uuid.UUID(str(owner)) if owner else _me(uow, actor).user_id
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_contacts") if cursor else None
    params = {"me": me, "n": limit + 1, **({"t": after[0], "i": after[1]} if after else {})}
    rows = uow.repo.execute(
        "select c.other, c.since from (select case when user_a = :me then user_b else user_a end as other, since "
        "from contacts where user_a = :me or user_b = :me) c join people p on p.user_id = c.other "
        "where p.searchable" + _name_words_match(search_words("q", q), params)
        + (" and (c.since, c.other) < (cast(:t as timestamptz), :i)" if after else "")
        + " order by c.since desc, c.other desc limit :n", **params).all()
    more, rows = len(rows) > limit, rows[:limit]
    people = uow.repo.people([r.other for r in rows])
    return {"items": [{"person": person_card(people[r.other]), "since": r.since} for r in rows if r.other in people],
            "next_cursor": D.encode_cursor(rows[-1].since.isoformat(), rows[-1].other,
                                           scope="list_contacts") if more else None}


def remove_contact(uow, actor, *, user_id):
    me = _me(uow, actor)
    # locked: of removals at the same moment one removes (and tells), the others find nothing
    contact = uow.repo.contact(D.ordered_pair(me.user_id, uuid.UUID(str(user_id))), lock=True)
    if contact is None:
        raise NotFound("This person is not one of your contacts.", code="not_a_contact")
    uow.repo.delete(contact)
    uow.emit(E.CONTACT_REMOVED, user_id=str(me.user_id), other_user_id=str(user_id), request_id=None)
    return {"status": "removed", "detail": "You are no longer contacts."}


def check_contacts(uow, actor, *, user_id, other_user_ids):
    """For other services (and the user themself): which of these are contacts of ``user_id``,
    and which are eTwinners."""
    me = uuid.UUID(str(D.contact_list_reader(actor, user_id)))
    others = [uuid.UUID(str(o)) for o in other_user_ids]
    among = _contacts_among(uow, me, others)
    contacts = [o for o in others if o in among]
    people = uow.repo.people(others)
    validated = [o for o, p in people.items() if D.is_eTwinner(p)]
    return {"contacts": contacts, "validated": validated}


def relationship(uow, actor, *, user_id):
    """What a profile page offers: Add as contact, Follow, Send a message (R52)."""
    me = _me(uow, actor)
    other = _person(uow, user_id)
    state = _contact_states(uow, me.user_id, [other.user_id]).get(other.user_id)  # (None: myself)
    is_contact = state == "contact"
    pending = {"request_sent": "sent", "request_received": "received"}.get(state)
    refusal = D.contact_refusal(me, other, is_contact, pending == "sent")
    if refusal is None and pending != "received" and D.contact_cooldown_end(
            _declined_at(uow, me.user_id, other.user_id), uow.now()):
        refusal = "request_cooldown"
    return {"user_id": other.user_id, "is_contact": is_contact, "pending_request": pending,
            "following": uow.repo.follow(me.user_id, other.user_id) is not None,
            "followed_by": uow.repo.follow(other.user_id, me.user_id) is not None,
            "can_request_contact": refusal is None, "reason": refusal,
            "can_propose_partnership": offers_partnership(other, me)}


# ---------------------------------------------------------------- following and the feed (R71-R72)

def follow(uow, actor, *, user_id):
    me = _me(uow, actor)
    other = _person(uow, user_id)
    if other.user_id == me.user_id:
        raise Forbidden("You cannot follow yourself.", code="self")
    if uow.repo.add_follow(me.user_id, other.user_id, uow.now()):  # a double click follows once, both answered
        uow.emit(E.FOLLOW_CREATED, user_id=str(me.user_id), other_user_id=str(other.user_id), request_id=None)
    return {"status": "following", "detail": f"You follow {other.display_name}."}


def unfollow(uow, actor, *, user_id):
    me = _me(uow, actor)
    row = uow.repo.follow(me.user_id, uuid.UUID(str(user_id)), lock=True)  # see remove_contact
    if row is None:
        raise NotFound("You do not follow this person.", code="not_following")
    uow.repo.delete(row)
    return {"status": "not_following", "detail": "You no longer follow this person."}


def list_follows(uow, actor, *, direction, limit, cursor=None):
    me = _me(uow, actor)
    mine, theirs = ("follower_id", "followee_id") if direction == "following" else ("followee_id", "follower_id")
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_follows") if cursor else None
    rows = uow.repo.execute(  # inactive and blocked people are left out (R54)
        f"select f.{theirs} as other, f.since from follows f join people p on p.user_id = f.{theirs} "
        f"where f.{mine} = :me and p.searchable "
        + (f"and (f.since, f.{theirs}) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by f.since desc, other desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    people = uow.repo.people([r.other for r in rows])
    return {"items": [person_card(people[r.other]) for r in rows if r.other in people],
            "next_cursor": D.encode_cursor(rows[-1].since.isoformat(), rows[-1].other,
                                           scope="list_follows") if more else None}


def record_activity(uow, actor_id, kind, summary):
    """Other areas call this for public activity (joined a group, published a post, ...)."""
    uow.repo.new_activity(actor_id=uuid.UUID(str(actor_id)), kind=kind, summary=summary, created_at=uow.now())


def forget_activity(uow, actor_ids, kind, **about):
    """Take back an activity whose subject is no longer public (a withdrawn post, a cancelled
    event), of one actor or of each of a list of them."""
    actor_ids = actor_ids if isinstance(actor_ids, (list, tuple, set)) else [actor_ids]
    uow.repo.execute("delete from activities where actor_id = any(:a) and kind = :k and summary @> cast(:s as jsonb)",
                     a=[uuid.UUID(str(a)) for a in actor_ids], k=kind, s=json.dumps(about))


NEWS = "news"  # an Activity with no actor: eTwinning's own news, in everyone's feed (R72)


def publish_news(uow, actor, *, title, body, link=None):
    """The Central Support Service publishes eTwinning news to every home feed (R72)."""
    if not actor.is_css:
        raise Forbidden("Only the Central Support Service publishes eTwinning news.", code="css_only")
    news = uow.repo.new_activity(actor_id=None, kind=NEWS, summary={"title": title, "body": body, "link": link},
                                 created_at=uow.now())
    uow.repo.flush()
    return _activity_view(news, {})


def _activity_view(activity, people):
    actor = people.get(activity.actor_id)
    return {"id": activity.id, "actor": person_card(actor) if actor else None, "kind": activity.kind,
            "summary": activity.summary, "created_at": activity.created_at}


def feed(uow, actor, *, limit, cursor=None):
    """Home feed: eTwinning news and the public activity of the people I follow and my contacts,
    newest first (R72, A58); people inactive or blocked meanwhile are left out (R54)."""
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, (int,), scope="feed") if cursor else None
    page = " and a.id < :after" if after else ""
    rows = uow.repo.execute(
        "(select a.id from activities a join people p on p.user_id = a.actor_id and p.searchable "
        " where a.actor_id in ("
        "  select followee_id from follows where follower_id = :me union "
        "  select case when user_a = :me then user_b else user_a end from contacts where user_a = :me or user_b = :me)"
        + page + " order by a.id desc limit :n) union all "
        f"(select a.id from activities a where a.kind = '{NEWS}' and a.actor_id is null{page} "
        "order by a.id desc limit :n) order by id desc limit :n",
        me=me.user_id, n=limit + 1, **({"after": after[0]} if after else {})).all()
    return _activities_page(uow, rows, limit, "feed")


def _activities_page(uow, rows, limit, scope):
    """The page of activities whose ids ``rows`` lists, newest first (``limit + 1`` were read:
    one more says there is a next page), read in one query with their actors' cards."""
    more, ids = len(rows) > limit, [r.id for r in rows[:limit]]
    loaded = uow.repo.activities(ids)
    activities = [loaded[i] for i in ids if i in loaded]
    people = uow.repo.people({a.actor_id for a in activities if a.actor_id})
    return {"items": [_activity_view(a, people) for a in activities],
            "next_cursor": D.encode_cursor(ids[-1], scope=scope) if more else None}


def _activity_page(uow, actor_ids, limit, cursor, scope):
    """The public activity of these people, newest first, one page."""
    after = D.decode_cursor(cursor, (int,), scope=scope) if cursor else None
    rows = uow.repo.execute(
        "select a.id from activities a where a.actor_id = any(:ids)" + (" and a.id < :after" if after else "")
        + " order by a.id desc limit :n", ids=list(actor_ids), n=limit + 1, **({"after": after[0]} if after else {})
    ).all()
    return _activities_page(uow, rows, limit, scope)


def person_activity(uow, actor, *, user_id, limit, cursor=None):
    """The activity section of a person's profile (R29): their public activity, to signed-in
    users, and to visitors when the profile is public (A24), as the profile itself; of someone
    found in search only, as their events and groups are (R54)."""
    person = _person(uow, user_id)
    if actor.is_anonymous and not person.profile_public:
        raise NotFound("No such person.", code="not_found")  # as the private profile answers them
    return _activity_page(uow, [person.user_id], limit, cursor, "person_activity")


def school_activity(uow, actor, *, school_id, limit, cursor=None):
    """The activities on a school's public profile (R55): the public activity of its current
    validated teachers; to a visitor who is not signed in, only of those whose profile is
    public (A24)."""
    if uow.repo.school(uuid.UUID(str(school_id))) is None:
        raise NotFound("No such school.", code="not_found")
    teachers = [p.user_id for p in uow.repo.school_teachers(uuid.UUID(str(school_id)))
                if p.profile_public or not actor.is_anonymous]
    return _activity_page(uow, teachers, limit, cursor, "school_activity")


# ---------------------------------------------------------------- My Candidates (R62-R63)

def _contacts_among(uow, me, user_ids):
    """The ones of ``user_ids`` who are my contacts, in one query."""
    if not user_ids:
        return set()
    return set(uow.repo.execute(
        "select case when user_a = :me then user_b else user_a end as other from contacts "
        "where (user_a = :me and user_b = any(:ids)) or (user_b = :me and user_a = any(:ids))",
        me=me, ids=list(user_ids)).scalars())


def _contact_states(uow, me, user_ids):
    """{user_id: contact | request_sent | request_received | none} of these people (but me) for
    me, in two queries: what a profile or a candidate's card offers next (R52, R63: a request,
    or a project once contacts)."""
    ids = [i for i in user_ids if i != me]
    if not ids:
        return {}
    states = dict.fromkeys(ids, "none")
    for row in uow.repo.execute(
            "select requester_id, recipient_id from contact_requests where state = 'pending' and "
            "((requester_id = :me and recipient_id = any(:ids)) or (recipient_id = :me and requester_id = any(:ids)))",
            me=me, ids=ids):
        states[row.recipient_id if row.requester_id == me else row.requester_id] = \
            "request_sent" if row.requester_id == me else "request_received"
    for other in _contacts_among(uow, me, ids):
        states[other] = "contact"
    return states


def _candidate_view(uow, c):
    owner = uow.repo.person(c.owner_id)
    view = {"id": c.id, "note": c.note, "created_at": c.created_at, "school": None, "person": None, "teachers": [],
            "can_propose_partnership": False, "contact": None}
    if c.school_id:
        school = uow.repo.school(c.school_id)
        if school is not None:
            green = school.school_id in uow.repo.green_schools([school.school_id])
            view["school"] = school_card(school, green, viewer=owner)
            teachers = uow.repo.school_teachers(school.school_id)
            states = _contact_states(uow, c.owner_id, [p.user_id for p in teachers])
            view["teachers"] = [dict(person_card(p, viewer=owner), contact=states.get(p.user_id)) for p in teachers]
            view["can_propose_partnership"] = view["school"]["can_propose_partnership"]
    else:
        person = uow.repo.person(c.person_id)
        if person is not None and person.searchable:
            view["person"] = person_card(person, viewer=owner)
            view["contact"] = _contact_states(uow, c.owner_id, [person.user_id]).get(person.user_id)
            view["can_propose_partnership"] = view["person"]["can_propose_partnership"]
    return view


def add_candidate(uow, actor, *, school_id=None, user_id=None, note=None):
    me = _me(uow, actor)
    if school_id and uow.repo.school(uuid.UUID(str(school_id))) is None:
        raise NotFound("No such school.", code="not_found")
    if user_id:
        _person(uow, user_id)
        if uuid.UUID(str(user_id)) == me.user_id:
            raise Forbidden("You cannot add yourself to My Candidates.", code="self")
    column, value = ("school_id", school_id) if school_id else ("person_id", user_id)
    uow.repo.lock_person(me.user_id)  # the same candidate added twice at once: the second is told it is there
    if uow.repo.execute(f"select 1 from candidates where owner_id = :me and {column} = :v",
                        me=me.user_id, v=uuid.UUID(str(value))).first():
        raise Conflict("Already in My Candidates.", code="already_candidate")
    candidate = uow.repo.new_candidate(owner_id=me.user_id, note=note, created_at=uow.now(),
                                       school_id=uuid.UUID(str(school_id)) if school_id else None,
                                       person_id=uuid.UUID(str(user_id)) if user_id else None)
    uow.repo.flush()
    return _candidate_view(uow, candidate)


def _my_candidate(uow, actor, candidate_id):
    me = _me(uow, actor)
    candidate = uow.repo.candidate(uuid.UUID(str(candidate_id)), lock=True)  # see remove_contact
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
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_candidates") if cursor else None
    rows = uow.repo.execute(  # a person inactive or blocked meanwhile is hidden until they come back (R54)
        "select id, created_at from candidates c where owner_id = :me and (person_id is null or exists "
        "(select 1 from people p where p.user_id = c.person_id and p.searchable)) "
        + ("and (created_at, id) < (cast(:t as timestamptz), :i) " if after else "")
        + "order by created_at desc, id desc limit :n",
        me=me.user_id, n=limit + 1, **({"t": after[0], "i": after[1]} if after else {})).all()
    more, rows = len(rows) > limit, rows[:limit]
    return {"items": [_candidate_view(uow, uow.repo.candidate(r.id)) for r in rows],
            "next_cursor": D.encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id,
                                           scope="list_candidates") if more else None}
