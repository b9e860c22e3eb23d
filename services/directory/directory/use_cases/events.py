"""Events organised by users (R89-R94, A26, A27, A70) and official professional-development
activities (R95-R99, A60). The rules come first as plain functions, tested without a database."""
import uuid
from datetime import datetime, timedelta, timezone
from functools import partial

from etwinning_contracts.directory.events import Events as E
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound

from .. import domain as D
from .networking import forget_activity, record_activity
from .search import person_card, search_words

VIDEO_CONFERENCE_CAP = 100  # R91: the video-conference tool admits 100 participants (A26)
MAX_EVENT_LENGTH = timedelta(days=14)
SEMINAR_LENGTH = timedelta(hours=1)  # R96: a one-hour live video-conference
PD_LENGTH = {"online_seminar": SEMINAR_LENGTH, "workshop": timedelta(days=2), "conference": timedelta(days=3)}
# R97: a didactic meeting is 4-5 days of active work, then 4-5 days of reflection
PHASE_DAYS = (4, 5)
DEFAULT_PHASE_DAYS = 5
PD_APPLICATIONS_OPEN_BEFORE = timedelta(days=7)  # R96: registration opens about a week before
TIME_PAGE = (D.cursor_time, uuid.UUID)


def utc(value):
    return value.astimezone(timezone.utc) if isinstance(value, datetime) else value


def stamp(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# ================================================================ rules: user events

def event_problems(values, now):
    """What is wrong with a new event, by field ({} when nothing)."""
    problems = {}
    starts, ends = values["starts_at"], values["ends_at"]
    if starts <= now:
        problems["starts_at"] = ["An event must start in the future."]
    if ends <= starts:
        problems["ends_at"] = ["An event must end after it starts."]
    elif ends - starts > MAX_EVENT_LENGTH:
        problems["ends_at"] = ["An event lasts at most 14 days."]
    if values["format"] == "online":
        if (values.get("capacity") or 0) > VIDEO_CONFERENCE_CAP:
            problems["capacity"] = [f"Online events admit at most {VIDEO_CONFERENCE_CAP} video-conference "
                                    "participants."]
    else:
        if not values.get("capacity"):
            problems["capacity"] = ["Give the number of places of a face-to-face event."]
        if not values.get("location"):
            problems["location"] = ["Say where a face-to-face event takes place."]
    if values.get("invitees") and values.get("visibility") != "private":
        problems["invitees"] = ["Only private events have invitations; anyone may register for a public event."]
    return problems


def can_see(event, *, is_organiser, registered, invited):
    """Public events are for everyone; a private one only for its organiser and invitees (R93)."""
    return event.visibility == "public" or is_organiser or registered or invited


def registration_refusal(event, now, *, is_organiser, registered, invited):
    """Why a user may not register now, or None (R91, R93, §10.7). The caller holds the event's
    row lock, so ``participant_count`` cannot change before the registration is written."""
    if not can_see(event, is_organiser=is_organiser, registered=registered, invited=invited):
        return "not_found"  # a private event does not exist for those not invited: no request-to-join
    if event.state == "cancelled":
        return "cancelled"
    if now >= event.ends_at:
        return "ended"
    if is_organiser:
        return "organiser"
    if registered:
        return "already_registered"
    if event.participant_count >= event.capacity:
        return "full"
    return None


def invitation_refusal(event, now, *, is_organiser):
    """Only the organiser invites, to a private event, until it starts (A27)."""
    if not is_organiser:
        return "not_organiser"
    if event.state == "cancelled":
        return "cancelled"
    if event.visibility != "private":
        return "public"
    if now >= event.starts_at:
        return "started"
    return None


def my_status(*, is_organiser, registered, invited):
    return "organiser" if is_organiser else "registered" if registered else "invited" if invited else None


def _refuse(code, event=None):
    if code == "full":
        limit = (f"online events admit at most {VIDEO_CONFERENCE_CAP} video-conference participants"
                 if event.format == "online" and event.capacity == VIDEO_CONFERENCE_CAP
                 else f"all {event.capacity} places are taken")
        raise Conflict(f"This event is full: {limit}.", code="event_full")
    error, text = {
        "not_found": (NotFound, "No such event."),
        "cancelled": (Conflict, "This event was cancelled."),
        "ended": (Conflict, "This event is over."),
        "organiser": (Conflict, "You organise this event, so you take part without registering."),
        "already_registered": (Conflict, "You are already registered for this event."),
        "not_registered": (NotFound, "You are not registered for this event."),
        "not_organiser": (Forbidden, "Only the organiser of this event can do this."),
        "public": (Conflict, "Anyone may register for a public event; invitations are for private events."),
        "started": (Conflict, "The event has started: invitations are closed."),
        "not_participant": (Forbidden, "The forum and documents are for the organiser and registered "
                                       "participants; register for the event first."),
    }[code]
    raise error(text, code=code)


# ================================================================ rules: professional-development activities

def _phases(values, problems):
    """A didactic meeting's phases (R97): (when reflection starts, when it ends), the days of each
    phase defaulting to 5 and checked to be 4 or 5; (None, None) for other kinds, which have none."""
    active, reflection = values.get("active_phase_days"), values.get("reflection_phase_days")
    if values["kind"] != "didactic_meeting":
        for name, days in (("active_phase_days", active), ("reflection_phase_days", reflection)):
            if days is not None:
                problems[name] = ["Only didactic meetings have an active and a reflection phase."]
        return None, None
    active, reflection = active or DEFAULT_PHASE_DAYS, reflection or DEFAULT_PHASE_DAYS
    for name, days in (("active_phase_days", active), ("reflection_phase_days", reflection)):
        if not PHASE_DAYS[0] <= days <= PHASE_DAYS[1]:
            problems[name] = [f"Each phase of a didactic meeting lasts {PHASE_DAYS[0]} or {PHASE_DAYS[1]} days."]
    reflection_starts = values["starts_at"] + timedelta(days=active)
    return reflection_starts, reflection_starts + timedelta(days=reflection)


def pd_schedule(values, now):
    """A new activity's dates with their defaults filled in, and what is wrong ({} when nothing).
    A seminar is one hour long, a didactic meeting its two phases: their end follows from the
    start, and another end is refused rather than silently changed."""
    problems = {}
    starts, kind = values["starts_at"], values["kind"]
    reflection_starts, meeting_ends = _phases(values, problems)
    fixed_end = starts + SEMINAR_LENGTH if kind == "online_seminar" else meeting_ends
    ends = values.get("ends_at") or fixed_end or starts + PD_LENGTH[kind]
    if fixed_end is not None and ends != fixed_end:
        problems["ends_at"] = [
            "An online seminar is a one-hour video-conference: leave the end out, it is an hour after the start."
            if kind == "online_seminar" else
            "A didactic meeting ends with its reflection phase: leave the end out, it follows from the phases."]
    opens = values.get("applications_open_at") or starts - PD_APPLICATIONS_OPEN_BEFORE
    closes = values.get("applications_close_at") or starts
    if kind == "online_seminar":
        if opens < starts - PD_APPLICATIONS_OPEN_BEFORE:
            problems["applications_open_at"] = ["Registration for an online seminar opens a week before it "
                                                "starts, not earlier."]
        if values["seats"] > VIDEO_CONFERENCE_CAP:
            problems["seats"] = [f"An online seminar is a video-conference: at most {VIDEO_CONFERENCE_CAP} "
                                 "participants."]
    if kind == "didactic_meeting" and not values.get("led_by"):
        problems["led_by"] = ["A didactic meeting is led by an expert: name them (R97)."]
    if starts <= now:
        problems["starts_at"] = ["An activity must start in the future."]
    if ends <= starts:
        problems["ends_at"] = ["An activity must end after it starts."]
    if closes <= opens:
        problems["applications_close_at"] = ["Applications must close after they open."]
    elif closes <= now:
        problems["applications_close_at"] = ["Applications must close in the future."]
    elif closes > ends:
        problems["applications_close_at"] = ["Applications must close by the end of the activity."]
    reserved = values.get("reserved_seats") or {}
    if sum(reserved.values()) > values["seats"]:
        problems["reserved_seats"] = [f"More seats reserved than the {values['seats']} seats of the activity."]
    values = {k: v for k, v in values.items() if k not in ("active_phase_days", "reflection_phase_days")}
    return {**values, "ends_at": ends, "applications_open_at": opens, "applications_close_at": closes,
            "reflection_starts_at": reflection_starts}, problems


def withdrawal_refusal(starts_at, now):
    """(code, message) once the activity has started: its seat can no longer go to someone else
    (A60), so the application stays; else None."""
    if now >= starts_at:
        return "activity_started", (f"The activity started on {stamp(starts_at)}: the application can no longer "
                                    "be withdrawn.")
    return None


def window_refusal(opens, closes, now):
    """(code, message) when ``now`` is outside the application period [opens, closes) (R98), else None."""
    if now < opens:
        return "applications_not_open", f"Applications for this activity open on {stamp(opens)}."
    if now >= closes:
        return "applications_closed", f"Applications for this activity closed on {stamp(closes)}."
    return None


def free_seats_for(country, seats, reserved, accepted):
    """Seats an applicant from ``country`` may take: the seats left, less those still held for
    other countries (A60). ``accepted`` counts accepted applicants by country."""
    held_for_others = sum(max(0, n - accepted.get(c, 0)) for c, n in reserved.items() if c != country)
    return seats - sum(accepted.values()) - held_for_others


def promotions(seats, reserved, accepted, waitlist):
    """Who on the waitlist (``[(key, country)]``, first come first) gets a seat now (A60)."""
    accepted, chosen = dict(accepted), []
    for key, country in waitlist:
        if free_seats_for(country, seats, reserved, accepted) > 0:
            chosen.append(key)
            accepted[country] = accepted.get(country, 0) + 1
    return chosen


def pd_staff_refusal(actor, country):
    """CSS organises any activity, European ones included; NSO staff only for their own country (R95)."""
    if actor.is_css:
        return None
    if "nso_staff" in actor.roles and country is not None and actor.can_act_for_country(country):
        return None
    return ("Professional-development activities are organised by CSS staff, or by NSO staff for their own "
            "country.")


# ================================================================ user events

def _me(actor):
    return uuid.UUID(actor.require_user())


def _card(uow, user_id):
    person = uow.repo.person(user_id) if user_id else None
    return person_card(person) if person else None


def _cards(uow, user_ids, listed=False):
    """People's cards; ``listed``: only of those shown in lists now (not blocked or inactive)."""
    return {i: person_card(p) for i, p in uow.repo.people(set(user_ids), listed).items()}


def after_time(cursor, scope):
    """A (time, id) page cursor; a forged one is the same 422 as any bad cursor."""
    if not cursor:
        return None
    return D.decode_cursor(cursor, TIME_PAGE, scope=scope)


def _page(rows, limit, view, cursor_of, scope):
    more, rows = len(rows) > limit, rows[:limit]
    return {"items": [view(r) for r in rows], "next_cursor": D.encode_cursor(*cursor_of(rows[-1]),
                                                                             scope=scope) if more else None}


EVENT_FIELDS = ("id", "title", "description", "kind", "format", "visibility", "starts_at", "ends_at", "capacity",
                "participant_count", "location", "language", "state", "created_at")


def event_view(uow, event, me, relation=None):
    registered, invited = relation or uow.repo.events.relation(event.id, me)
    return {**{f: getattr(event, f) for f in EVENT_FIELDS},
            "seats_left": max(0, event.capacity - event.participant_count),
            "organiser": _card(uow, event.organiser_id),
            "my_status": my_status(is_organiser=event.organiser_id == me, registered=registered, invited=invited)}


def _visible_event(uow, me, event_id, lock=False):
    """The event with the user's (registered, invited), or 404 when it is not theirs to see."""
    event = uow.repo.events.event(uuid.UUID(str(event_id)), lock=lock)
    if event is None:
        _refuse("not_found")
    registered, invited = uow.repo.events.relation(event.id, me)
    if not can_see(event, is_organiser=event.organiser_id == me, registered=registered, invited=invited):
        _refuse("not_found")
    return event, (registered, invited)


def _public_facts(event):
    return {"event_id": str(event.id), "title": event.title, "starts_at": event.starts_at.isoformat()}


def _notice(uow, name, user_id, event):
    uow.emit(name, user_id=str(user_id), organiser_id=str(event.organiser_id) if event.organiser_id else None,
             platform_event_id=str(event.id), title=event.title, starts_at=event.starts_at.isoformat())


def create_event(uow, actor, *, invitees=(), **values):
    """Any signed-in user may organise an event (R89, A70)."""
    me = _me(actor)
    values = {k: utc(v) for k, v in values.items()}
    problems = event_problems({**values, "invitees": invitees}, uow.now())
    if problems:
        raise Invalid("Some details of the event need fixing.", problems, code="invalid_event")
    values["capacity"] = values["capacity"] or VIDEO_CONFERENCE_CAP
    event = uow.repo.events.new_event(organiser_id=me, created_at=uow.now(),
                                      search_text=D.normalise(f"{values['title']} {values['description']}"),
                                      **values)
    _notice(uow, E.EVENT_CREATED, me, event)
    if event.visibility == "public":  # private events stay out of the feed
        record_activity(uow, me, "event_organised", _public_facts(event))
    _invite(uow, event, me, invitees, field="invitees")
    return event_view(uow, event, me)


def _invite(uow, event, me, user_ids, field="user_ids"):
    """``field``: the request's name for the list, where an unknown person is shown."""
    user_ids = [u for u in dict.fromkeys(uuid.UUID(str(u)) for u in user_ids) if u != me]
    if not user_ids and field == "user_ids":  # asked to invite, but only themselves
        raise Invalid("You organise this event; invite other people.",
                      {field: ["The organiser takes part without an invitation."]}, code="no_invitees")
    people = uow.repo.people(user_ids)
    unknown = [str(u) for u in user_ids if u not in people or not people[u].searchable]
    if unknown:
        raise Invalid("Only registered platform users can be invited.",
                      {field: [f"No such user: {u}" for u in unknown]}, code="unknown_invitee")
    for user_id in uow.repo.events.invite(event.id, user_ids, uow.now()):
        _notice(uow, E.EVENT_INVITATION, user_id, event)
    return user_ids


def get_event(uow, actor, *, event_id):
    me = _me(actor)
    event, relation = _visible_event(uow, me, event_id)
    return event_view(uow, event, me, relation)


def search_events(uow, actor, *, q=None, limit, cursor=None, **filters):
    """Upcoming public events, soonest first (R93)."""
    me = _me(actor)
    filters = {k: utc(v) for k, v in filters.items()}
    words = search_words("q", q, D.query_words)
    rows = uow.repo.events.upcoming_public(uow.now(), words, filters, limit, after_time(cursor, "search_events"))
    return _page(rows, limit, lambda e: event_view(uow, e, me), lambda e: (e.starts_at.isoformat(), e.id),
                 "search_events")


def list_user_events(uow, actor, *, role, limit, cursor=None, user_id=None):
    """The events someone organises or takes part in (R94): all of mine, only public ones of others."""
    me = _me(actor)
    target = uuid.UUID(str(user_id)) if user_id else me
    if target != me:
        person = uow.repo.person(target)
        if person is None or not person.searchable:
            raise NotFound("No such person.", code="not_found")
        if role == "invited":
            raise Forbidden("Only the invitee sees their invitations.", code="not_yours")
    rows = uow.repo.events.user_events(target, role, target != me, limit, after_time(cursor, "list_user_events"))
    return _page(rows, limit, lambda e: event_view(uow, e, me), lambda e: (e.starts_at.isoformat(), e.id),
                 "list_user_events")


def register_for_event(uow, actor, *, event_id):
    """Register, keeping the cap however many arrive at once (R91): the seat is taken by a
    conditional UPDATE of the event's counter in the same transaction as the registration row,
    and as its last statement, so concurrent registrations queue on the event's row only from
    that UPDATE to the commit."""
    me = _me(actor)
    events = uow.repo.events
    event = events.event(uuid.UUID(str(event_id)))
    if event is None:
        _refuse("not_found")
    registered, invited = events.relation(event.id, me) if event.visibility == "private" else (False, False)
    refusal = registration_refusal(event, uow.now(), is_organiser=event.organiser_id == me,
                                   registered=registered, invited=invited)
    if refusal == "full" and events.relation(event.id, me)[0]:
        refusal = "already_registered"  # the better answer for someone who holds one of the places
    if refusal:
        _refuse(refusal, event)
    if not events.join(event.id, me, uow.now()):
        _refuse("already_registered")
    _notice(uow, E.EVENT_REGISTERED, me, event)
    if event.visibility == "public":
        record_activity(uow, me, "event_joined", _public_facts(event))
    view = event_view(uow, event, me, (True, invited))
    count = events.take_seat(event.id, uow.now())
    if count is None:  # the transaction, registration row included, is rolled back
        events.reread(event)  # full, or cancelled or over while we waited for the seat: say which
        _refuse(registration_refusal(event, uow.now(), is_organiser=False, registered=False, invited=True)
                or "full", event)
    return {**view, "participant_count": count, "seats_left": event.capacity - count}


def unregister_from_event(uow, actor, *, event_id):
    me = _me(actor)
    event, _ = _visible_event(uow, me, event_id, lock=True)
    if event.state == "cancelled":  # nothing to leave: its participants were told, its feed entries gone
        _refuse("cancelled")
    if uow.now() >= event.ends_at:
        _refuse("ended")
    if not uow.repo.events.remove_participant(event, me):
        _refuse("not_registered")
    if event.visibility == "public":  # no longer "joined" in followers' feeds
        forget_activity(uow, me, "event_joined", event_id=str(event.id))
    return {"status": "unregistered", "detail": "You are no longer registered; your place is free again."}


def _my_scheduled_event(uow, actor, event_id):
    """(me, the event locked, my relation to it): an event I organise, not cancelled."""
    me = _me(actor)
    event, relation = _visible_event(uow, me, event_id, lock=True)
    if event.organiser_id != me:
        _refuse("not_organiser")
    if event.state == "cancelled":
        _refuse("cancelled")
    return me, event, relation


def cancel_event(uow, actor, *, event_id):
    me, event, relation = _my_scheduled_event(uow, actor, event_id)
    if uow.now() >= event.ends_at:
        _refuse("ended")
    _cancel(uow, event)
    return event_view(uow, event, me, relation)


def _cancel(uow, event):
    """Cancel, tell every participant, and take the event out of the feeds it was in (R72): the
    organiser's "organised" entry and the participants' "joined" ones, as for a withdrawn post."""
    event.state = "cancelled"
    public = event.visibility == "public"
    if public and event.organiser_id:
        forget_activity(uow, event.organiser_id, "event_organised", event_id=str(event.id))
    for page in _pages(partial(uow.repo.events.participants, event.id), lambda r: (r.registered_at, r.user_id)):
        for row in page:
            _notice(uow, E.EVENT_CANCELLED, row.user_id, event)
        if public and page:
            forget_activity(uow, [row.user_id for row in page], "event_joined", event_id=str(event.id))
    if not public:  # those invited who had not registered yet are told too: they may have planned on it
        for page in _pages(partial(uow.repo.events.invitations, event.id), lambda r: (r.invited_at, r.user_id)):
            registered = uow.repo.events.registered_among(event.id, [row.user_id for row in page])
            for row in page:
                if row.user_id not in registered:
                    _notice(uow, E.EVENT_CANCELLED, row.user_id, event)


def _pages(fetch, position, size=500):
    """The rows ``fetch(limit, after)`` reads, a page at a time: it reads a page of ``size`` and
    one more if there is a next, which starts after the ``position`` of the page's last row."""
    after = None
    while True:
        rows = fetch(size, after)
        yield rows[:size]
        if len(rows) <= size:
            return
        after = position(rows[size - 1])


def cancel_events_of_erased_organiser(uow, organiser_id):
    """An erased organiser's events that have not ended are cancelled, and their participants
    told, as when the organiser cancels them (nobody is left to run them)."""
    for event in uow.repo.events.running_events_of(organiser_id, uow.now()):
        _cancel(uow, event)


def invite_to_event(uow, actor, *, event_id, user_ids):
    """The organiser invites registered users to a private event until it starts (A27, A70)."""
    me = _me(actor)
    event, _ = _visible_event(uow, me, event_id)
    refusal = invitation_refusal(event, uow.now(), is_organiser=event.organiser_id == me)
    if refusal:
        _refuse(refusal, event)
    invited = _invite(uow, event, me, user_ids)
    rows = uow.repo.events.invitations(event.id, len(invited) or 1, user_ids=invited)
    return _invitation_page(uow, event, rows, len(rows))


def _invitation_page(uow, event, rows, limit):
    shown = rows[:limit]
    cards = _cards(uow, [r.user_id for r in shown])
    registered = uow.repo.events.registered_among(event.id, [r.user_id for r in shown])
    return _page(rows, limit, lambda r: {"user_id": r.user_id, "person": cards.get(r.user_id),
                                         "invited_at": r.invited_at, "registered": r.user_id in registered},
                 lambda r: (r.invited_at.isoformat(), r.user_id), "list_invitations")


def list_invitations(uow, actor, *, event_id, limit, cursor=None):
    me = _me(actor)
    event, _ = _visible_event(uow, me, event_id)
    if event.organiser_id != me:
        _refuse("not_organiser")
    rows = uow.repo.events.invitations(event.id, limit, after_time(cursor, "list_invitations"))
    return _invitation_page(uow, event, rows, limit)


def list_participants(uow, actor, *, event_id, limit, cursor=None):
    me = _me(actor)
    event, _ = _visible_event(uow, me, event_id)
    rows = uow.repo.events.participants(event.id, limit, after_time(cursor, "list_participants"))
    cards = _cards(uow, [r.user_id for r in rows], listed=True)
    page = _page(rows, limit, lambda r: {"user_id": r.user_id, "person": cards.get(r.user_id),
                                         "registered_at": r.registered_at, "attendance": r.attendance},
                 lambda r: (r.registered_at.isoformat(), r.user_id), "list_participants")
    # a blocked or inactive participant keeps the seat, but is not shown while so
    return {**page, "items": [item for item in page["items"] if item["person"] is not None]}


def record_attendance(uow, actor, *, event_id, attended):
    """Once the event is over, its organiser says who took part; the other registered
    participants did not show (requirements §10.7). Said again, the later list stands."""
    _, event, _ = _my_scheduled_event(uow, actor, event_id)
    if uow.now() < event.ends_at:
        raise Conflict(f"Attendance is recorded once the event is over: it ends at {event.ends_at:%Y-%m-%d %H:%M} "
                       "UTC.", code="not_ended")
    came, no_show, strangers = uow.repo.events.record_attendance(event.id, list(dict.fromkeys(attended)))
    if strangers:
        raise Invalid("Only registered participants can have attended.",
                      {"attended": [f"Not registered for this event: {', '.join(map(str, strangers))}."]},
                      code="not_participants")
    return {"attended": came, "no_show": no_show}


def _participant_event(uow, actor, event_id, writing=False):
    """The forum and the documents (R92) are for the organiser and registered participants; a
    cancelled event's are kept to read, and take nothing new."""
    me = _me(actor)
    event, (registered, _) = _visible_event(uow, me, event_id)
    if event.organiser_id != me and not registered:
        _refuse("not_participant")
    if writing and event.state == "cancelled":
        _refuse("cancelled")
    return me, event


def _after_id(cursor, scope):
    return D.decode_cursor(cursor, (int,), scope=scope)[0] if cursor else None


def post_event_message(uow, actor, *, event_id, body):
    me, event = _participant_event(uow, actor, event_id, writing=True)
    message = uow.repo.events.add_message(event.id, me, body, uow.now())
    return {"id": message.id, "author": _card(uow, me), "body": message.body, "created_at": message.created_at}


def list_event_messages(uow, actor, *, event_id, limit, cursor=None):
    """Oldest first, as a forum thread reads."""
    _, event = _participant_event(uow, actor, event_id)
    rows = uow.repo.events.messages(event.id, limit, _after_id(cursor, "list_event_messages"))
    cards = _cards(uow, [r.author_id for r in rows], listed=True)
    return _page(rows, limit, lambda m: {"id": m.id, "author": cards.get(m.author_id), "body": m.body,
                                         "created_at": m.created_at}, lambda m: (m.id,), "list_event_messages")


def add_event_document(uow, actor, *, event_id, title, url):
    me, event = _participant_event(uow, actor, event_id, writing=True)
    doc = uow.repo.events.add_document(event.id, me, title, url, uow.now())
    return {"id": doc.id, "title": doc.title, "url": doc.url, "added_by": _card(uow, me),
            "created_at": doc.created_at}


def list_event_documents(uow, actor, *, event_id, limit, cursor=None):
    _, event = _participant_event(uow, actor, event_id)
    rows = uow.repo.events.documents(event.id, limit, _after_id(cursor, "list_event_documents"))
    cards = _cards(uow, [r.added_by for r in rows], listed=True)
    return _page(rows, limit, lambda d: {"id": d.id, "title": d.title, "url": d.url,
                                         "added_by": cards.get(d.added_by), "created_at": d.created_at},
                 lambda d: (d.id,), "list_event_documents")


# ================================================================ professional-development activities

PD_FIELDS = ("id", "kind", "title", "description", "country", "starts_at", "reflection_starts_at", "ends_at",
             "applications_open_at", "applications_close_at", "seats", "reserved_seats", "language", "led_by",
             "location", "materials_url", "recording_url", "created_at")


def pd_view(uow, activity, me):
    counts = uow.repo.events.counts(activity.id)
    mine = uow.repo.events.application(activity.id, me)
    return {**{f: getattr(activity, f) for f in PD_FIELDS},
            "applications_open": window_refusal(activity.applications_open_at, activity.applications_close_at,
                                                uow.now()) is None,
            "accepted_count": sum(counts["accepted"].values()), "waitlist_count": counts["waitlisted"],
            "my_status": mine.status if mine else None}


def application_view(uow, application, activity, cards=None):
    position = uow.repo.events.waitlist_position(application) if application.status == "waitlisted" else None
    cards = cards if cards is not None else _cards(uow, [application.user_id])
    return {"id": application.id, "activity_id": activity.id, "activity_title": activity.title,
            "user_id": application.user_id, "applicant": cards.get(application.user_id),
            "country": application.country, "status": application.status, "waitlist_position": position,
            "applied_at": application.applied_at, "accepted_at": application.accepted_at}


def _activity(uow, activity_id, lock=False):
    activity = uow.repo.events.activity(uuid.UUID(str(activity_id)), lock=lock)
    if activity is None:
        raise NotFound("No such activity.", code="not_found")
    return activity


def _require_staff(actor, country):
    refusal = pd_staff_refusal(actor, country)
    if refusal:
        raise Forbidden(refusal, code="not_pd_staff")


def create_pd_activity(uow, actor, **values):
    me = _me(actor)
    values = {k: utc(v) for k, v in values.items()}
    values["country"] = values["country"] or (None if actor.is_css else actor.country)
    _require_staff(actor, values["country"])
    values, problems = pd_schedule(values, uow.now())
    if problems:
        raise Invalid("Some details of the activity need fixing.", problems, code="invalid_activity")
    activity = uow.repo.events.new_activity(created_by=me, created_at=uow.now(), **values)
    return pd_view(uow, activity, me)


def recording_refusal(kind, ends_at, now):
    """(code, message) when a recording may not be published now, else None: a seminar's, once
    it is over (R96)."""
    if kind != "online_seminar":
        return "not_a_seminar", "Only an online seminar has a recording (R96); a didactic meeting has its materials."
    if now < ends_at:
        return "no_recording_yet", f"The recording is published after the seminar, which ends on {stamp(ends_at)}."
    return None


def update_pd_activity(uow, actor, *, activity_id, **changes):
    """Publish the recording afterwards (R96) or the materials (R97)."""
    activity = _activity(uow, activity_id)
    _require_staff(actor, activity.country)
    refusal = changes.get("recording_url") and recording_refusal(activity.kind, activity.ends_at, uow.now())
    if refusal:
        raise Conflict(refusal[1], code=refusal[0])
    for key, value in changes.items():
        setattr(activity, key, value)
    return pd_view(uow, activity, _me(actor))


def get_pd_activity(uow, actor, *, activity_id):
    return pd_view(uow, _activity(uow, activity_id), _me(actor))


def list_pd_activities(uow, actor, *, limit, cursor=None, **filters):
    me = _me(actor)
    rows = uow.repo.events.activities(uow.now(), filters, limit, after_time(cursor, "list_pd_activities"))
    return _page(rows, limit, lambda a: pd_view(uow, a, me), lambda a: (a.starts_at.isoformat(), a.id),
                 "list_pd_activities")


def apply_for_pd_activity(uow, actor, *, activity_id):
    """First come, first served up to the seats, then the waitlist (A60); only inside the
    application period (R98). The activity's row lock orders concurrent applicants."""
    me = _me(actor)
    person = uow.repo.person(me)
    if person is None:  # reserved seats go by the applicant's country (A60): who they are must be known
        raise Forbidden("Finish your registration first.", code="no_profile")
    if person.member_type is None:  # the seats are for teachers; staff organise (R95)
        raise Forbidden("Staff accounts organise activities; apply with a teacher's account.", code="staff_account")
    activity = _activity(uow, activity_id, lock=True)
    now = uow.now()
    refusal = window_refusal(activity.applications_open_at, activity.applications_close_at, now)
    if refusal:
        raise Conflict(refusal[1], code=refusal[0])
    existing = uow.repo.events.application(activity.id, me)
    if existing is not None:
        raise Conflict(f"You have already applied; your application is {existing.status}.", code="already_applied")
    country = person.country
    accepted = uow.repo.events.counts(activity.id)["accepted"]
    seat = free_seats_for(country, activity.seats, activity.reserved_seats, accepted) > 0
    application = uow.repo.events.add_application(
        activity_id=activity.id, user_id=me, country=country, status="accepted" if seat else "waitlisted",
        applied_at=now, accepted_at=now if seat else None)
    _pd_notice(uow, E.PD_APPLICATION_ACCEPTED if seat else E.PD_APPLICATION_WAITLISTED, application, activity)
    return application_view(uow, application, activity)


def _pd_notice(uow, name, application, activity, promoted=False):
    uow.emit(name, user_id=str(application.user_id), activity_id=str(activity.id),
             application_id=str(application.id), title=activity.title, starts_at=activity.starts_at.isoformat(),
             promoted=promoted)


def fill_freed_seats(uow, activity):
    """Give freed seats to the first waitlisted applicants who may take them (A60)."""
    waitlist = uow.repo.events.waitlist(activity.id)
    accepted = uow.repo.events.counts(activity.id)["accepted"]
    chosen = set(promotions(activity.seats, activity.reserved_seats, accepted, [(a.id, a.country) for a in waitlist]))
    for application in waitlist:
        if application.id in chosen:
            application.status, application.accepted_at = "accepted", uow.now()
            _pd_notice(uow, E.PD_APPLICATION_ACCEPTED, application, activity, promoted=True)


def withdraw_pd_application(uow, actor, *, activity_id):
    me = _me(actor)
    activity = _activity(uow, activity_id, lock=True)
    application = uow.repo.events.application(activity.id, me)
    if application is None:
        raise NotFound("You have not applied for this activity.", code="not_applied")
    refusal = withdrawal_refusal(activity.starts_at, uow.now())
    if refusal:
        raise Conflict(refusal[1], code=refusal[0])
    uow.repo.events.delete_application(application)
    if application.status == "accepted":
        fill_freed_seats(uow, activity)
    return {"status": "withdrawn", "detail": "Your application was withdrawn."}


def list_pd_applications(uow, actor, *, activity_id, limit, cursor=None):
    """For the organising staff: who applied, in order."""
    activity = _activity(uow, activity_id)
    _require_staff(actor, activity.country)
    rows = uow.repo.events.applications(limit, after_time(cursor, "list_pd_applications"), activity_id=activity.id)
    cards = _cards(uow, [r.user_id for r in rows])
    return _page(rows, limit, lambda a: application_view(uow, a, activity, cards),
                 lambda a: (a.applied_at.isoformat(), a.id), "list_pd_applications")


def my_pd_applications(uow, actor, *, limit, cursor=None):
    me = _me(actor)
    rows = uow.repo.events.applications(limit, after_time(cursor, "my_pd_applications"), user_id=me)
    activities = uow.repo.events.activities_by_id({r.activity_id for r in rows})
    return _page(rows, limit, lambda a: application_view(uow, a, activities[a.activity_id]),
                 lambda a: (a.applied_at.isoformat(), a.id), "my_pd_applications")
