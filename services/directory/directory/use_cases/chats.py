"""Booked chats with a contact or a candidate (R64-R66, A33, §10.7). The rules come first as
plain functions, tested without a database."""
import uuid
from datetime import timedelta

from etwinning_contracts.directory.chats import Events as E
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound

from .. import domain as D
from .events import after_time, stamp, utc
from .networking import _are_contacts
from .search import person_card

MIN_LENGTH, MAX_LENGTH = timedelta(minutes=15), timedelta(hours=2)
MAX_AHEAD = timedelta(days=365)
OPEN = ("pending", "read")  # waiting for the invitee's answer


# ================================================================ rules

def booking_problems(starts_at, duration, now):
    """What is wrong with a booking, by field ({} when nothing)."""
    problems = {}
    if starts_at <= now:
        problems["starts_at"] = ["Book a chat for a time in the future."]
    elif starts_at - now > MAX_AHEAD:
        problems["starts_at"] = ["Book a chat at most a year ahead."]
    if not MIN_LENGTH <= duration <= MAX_LENGTH:
        problems["duration_minutes"] = ["A chat lasts between 15 minutes and 2 hours."]
    return problems


def effective_status(chat, now):
    """The stored status, except that an invitation left unanswered past its slot is void (§10.7)."""
    if chat.status in OPEN and now >= chat.ends_at:
        return "expired"
    return chat.status


def room_refusal(chat, now):
    """(code, message) while the room is closed, None while it admits its two participants:
    an accepted chat, during the booked slot only (R65)."""
    status = effective_status(chat, now)
    if status != "accepted":
        return "chat_not_accepted", f"The chat room opens only for an accepted chat; this one is {status}."
    if now < chat.starts_at:
        return "chat_not_open_yet", f"The chat room opens at {stamp(chat.starts_at)}."
    if now >= chat.ends_at:
        return "chat_closed", f"The chat room closed at {stamp(chat.ends_at)}."
    return None


def answer_refusal(chat, now):
    """Only an invitation still waiting, whose slot has not passed, can be accepted or declined."""
    status = effective_status(chat, now)
    return None if status in OPEN else f"This chat invitation is already {status}."


# ================================================================ use cases

def _user(actor):
    return uuid.UUID(actor.require_user())


def chat_view(uow, chat, me, cards=None):
    cards = cards if cards is not None else _cards(uow, [chat])
    now = uow.now()
    return {"id": chat.id, "requester": cards.get(chat.requester_id), "invitee": cards.get(chat.invitee_id),
            "my_role": "requester" if chat.requester_id == me else "invitee",
            "starts_at": chat.starts_at, "ends_at": chat.ends_at,
            "duration_minutes": int((chat.ends_at - chat.starts_at).total_seconds() // 60),
            "message": chat.message, "status": effective_status(chat, now),
            "room_open": room_refusal(chat, now) is None,
            "created_at": chat.created_at, "read_at": chat.read_at, "decided_at": chat.decided_at}


def _cards(uow, chats):
    ids = {i for c in chats for i in (c.requester_id, c.invitee_id)}
    return {i: person_card(p) for i, p in uow.repo.people(ids).items()}


def _seen(uow, chat, me):
    """The requester sees that the invitee has listed or opened the invitation (R66)."""
    if chat.invitee_id == me and chat.status == "pending":
        chat.status, chat.read_at = "read", uow.now()


def _my_chat(uow, me, chat_id, lock=False):
    chat = uow.repo.chats.chat(uuid.UUID(str(chat_id)), lock=lock)
    if chat is None or me not in (chat.requester_id, chat.invitee_id):
        raise NotFound("No such chat of yours.", code="not_found")  # others never learn it exists
    return chat


def overlapping(starts_at, ends_at, other_starts_at, other_ends_at):
    """Whether two slots share a moment; one ending exactly when the other starts does not."""
    return starts_at < other_ends_at and other_starts_at < ends_at


def book_chat(uow, actor, *, user_id, starts_at, duration_minutes, message=None):
    """A validated eTwinner books a chat with a contact or with a teacher in My Candidates (R64);
    straight from a TwinFinder result too (R61), when that teacher is open to partners (green):
    they are then saved to My Candidates, where R64 books chats."""
    me = D.require_eTwinner(uow.repo.person(uuid.UUID(actor.require_user())), "book chats", "you_are_not_validated")
    other = uow.repo.person(uuid.UUID(str(user_id)))
    if other is None or not other.searchable:
        raise NotFound("No such person.", code="not_found")
    if other.user_id == me.user_id:
        raise Forbidden("You cannot book a chat with yourself.", code="self")
    if not D.is_eTwinner(other):  # chats are between eTwinners, as contacts are (R64, R68)
        raise Forbidden("This teacher is not eTwinning-validated yet, so they cannot be invited to a chat.",
                        code="not_validated")
    known = _are_contacts(uow, me.user_id, other.user_id) or uow.repo.chats.is_candidate(me.user_id, other.user_id)
    if not known and not D.is_green(other):
        raise Forbidden("You can book a chat with your contacts, with teachers in My Candidates, or with teachers "
                        "open to partners.", code="not_a_contact_or_candidate")
    starts, duration = utc(starts_at), timedelta(minutes=duration_minutes)
    problems = booking_problems(starts, duration, uow.now())
    if problems:
        raise Invalid("The chat cannot be booked for that time.", problems, code="invalid_booking")
    # both people's rows, smaller id first: bookings between the two, either way round (a retry,
    # crossed bookings), run one after the other, so the later one sees the earlier one's slot
    uow.repo.lock_people(sorted({me.user_id, other.user_id}, key=str))
    open_chat = next((c for c in uow.repo.chats.open_between(me.user_id, other.user_id, starts)
                      if overlapping(starts, starts + duration, c.starts_at, c.ends_at)), None)
    if open_chat is not None:
        raise Conflict(f"You already have a chat with this person from {stamp(open_chat.starts_at)} to "
                       f"{stamp(open_chat.ends_at)}; choose a time outside it.", code="already_booked")
    if not known:
        uow.repo.new_candidate(owner_id=me.user_id, person_id=other.user_id, created_at=uow.now())
    chat = uow.repo.chats.new_chat(requester_id=me.user_id, invitee_id=other.user_id, starts_at=starts,
                                   ends_at=starts + duration, message=message, created_at=uow.now())
    _notice(uow, E.CHAT_BOOKED, me.user_id, chat)
    return chat_view(uow, chat, me.user_id)


def _notice(uow, name, actor_id, chat):
    uow.emit(name, user_id=str(actor_id), chat_id=str(chat.id), requester_id=str(chat.requester_id),
             invitee_id=str(chat.invitee_id), starts_at=chat.starts_at.isoformat(),
             ends_at=chat.ends_at.isoformat())


def list_chats(uow, actor, *, box, limit, cursor=None):
    """Both sides list their chats, newest booking first."""
    me = _user(actor)
    rows = uow.repo.chats.chats_of(me, box, limit, after_time(cursor, "list_chats"))
    more, rows = len(rows) > limit, rows[:limit]
    for chat in rows:
        _seen(uow, chat, me)
    cards = _cards(uow, rows)
    return {"items": [chat_view(uow, c, me, cards) for c in rows],
            "next_cursor": D.encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id,
                                           scope="list_chats") if more else None}


def get_chat(uow, actor, *, chat_id):
    me = _user(actor)
    chat = _my_chat(uow, me, chat_id)
    _seen(uow, chat, me)
    return chat_view(uow, chat, me)


def answer_chat(uow, actor, *, chat_id, accept):
    """The invitee accepts or declines; the requester is notified either way (R64)."""
    me = _user(actor)
    chat = _my_chat(uow, me, chat_id, lock=True)
    if chat.invitee_id != me:
        raise Forbidden("Only the invited person can accept or decline.", code="not_invitee")
    refusal = answer_refusal(chat, uow.now())
    if refusal:
        raise Conflict(refusal, code="chat_answered")
    if accept:  # validated when invited, but maybe no longer (a school left)
        D.require_eTwinner(uow.repo.person(me), "take part in chats", "you_are_not_validated")
    requester = uow.repo.person(chat.requester_id)
    if accept and (requester is None or not requester.searchable):  # blocked or inactive meanwhile (R54)
        raise Conflict("The person who booked this chat cannot take part at the moment; you can decline it.",
                       code="requester_unavailable")
    chat.status, chat.decided_at = ("accepted" if accept else "declined"), uow.now()
    chat.read_at = chat.read_at or uow.now()
    _notice(uow, E.CHAT_ACCEPTED if accept else E.CHAT_DECLINED, me, chat)
    return chat_view(uow, chat, me)


def cancel_chat(uow, actor, *, chat_id):
    """Either side calls a chat off before its slot ends."""
    me = _user(actor)
    chat = _my_chat(uow, me, chat_id, lock=True)
    status = effective_status(chat, uow.now())
    if status not in OPEN + ("accepted",) or uow.now() >= chat.ends_at:
        raise Conflict(f"This chat can no longer be cancelled; it is {status}.", code="chat_over")
    chat.status, chat.decided_at = "cancelled", uow.now()
    _notice(uow, E.CHAT_CANCELLED, me, chat)
    return chat_view(uow, chat, me)


def cancel_chats_of_erased_person(uow, user_id):
    """Before an erased person's chats go, the other side of each one still to come is told."""
    for chat in uow.repo.chats.coming_chats_of(user_id, uow.now()):
        if effective_status(chat, uow.now()) in OPEN + ("accepted",):
            _notice(uow, E.CHAT_CANCELLED, user_id, chat)


def _open_room(uow, actor, chat_id):
    me = _user(actor)
    chat = _my_chat(uow, me, chat_id)
    refusal = room_refusal(chat, uow.now())
    if refusal:
        raise Forbidden(refusal[1], code=refusal[0])
    return me, chat


def post_chat_message(uow, actor, *, chat_id, body):
    me, chat = _open_room(uow, actor, chat_id)
    message = uow.repo.chats.add_message(chat.id, me, body, uow.now())
    person = uow.repo.person(me)
    return {"id": message.id, "author": person_card(person) if person else None, "body": message.body,
            "created_at": message.created_at}


def list_chat_messages(uow, actor, *, chat_id, limit, cursor=None):
    """Oldest first."""
    _, chat = _open_room(uow, actor, chat_id)
    after = D.decode_cursor(cursor, (int,), scope="list_chat_messages")[0] if cursor else None
    rows = uow.repo.chats.messages(chat.id, limit, after)
    more, rows = len(rows) > limit, rows[:limit]
    cards = _cards(uow, [chat])
    return {"items": [{"id": m.id, "author": cards.get(m.author_id), "body": m.body, "created_at": m.created_at}
                      for m in rows],
            "next_cursor": D.encode_cursor(rows[-1].id, scope="list_chat_messages") if more else None}
