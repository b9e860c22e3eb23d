"""Booked chats on a real database, through the use cases: one open chat at a time between two
people (R64)."""
import uuid
from datetime import timedelta

import pytest

from directory.use_cases import chats, networking
from etwinning_contracts.errors import Conflict, Forbidden
from etwinning_contracts.runtime.clock import SystemClock

from .people import change, run, teacher


def contacts(Session):
    ana, ben = teacher(Session), teacher(Session)
    request = run(Session, networking.request_contact, ana.actor, user_id=ben.id)
    run(Session, networking.decide_contact_request, ben.actor, request_id=request["id"], accept=True)
    return ana, ben


def book(Session, who, whom, starts, minutes=30):
    return run(Session, chats.book_chat, who.actor, user_id=whom.id, starts_at=starts, duration_minutes=minutes)


def test_a_chat_overlapping_an_open_one_between_the_same_two_people_is_refused(Session):
    ana, ben = contacts(Session)
    nine = (SystemClock().now() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = book(Session, ana, ben, nine, minutes=60)
    for who, whom, starts in ((ana, ben, nine),  # the same slot again
                              (ana, ben, nine + timedelta(minutes=5)),  # five minutes later: still the same hour
                              (ben, ana, nine - timedelta(minutes=15))):  # the other way round
        with pytest.raises(Conflict) as refused:
            book(Session, who, whom, starts)
        assert refused.value.code == "already_booked" and "09:00 UTC to" in refused.value.detail
    assert [c["id"] for c in run(Session, chats.list_chats, ana.actor, box="all", limit=10)["items"]] \
        == [first["id"]]  # nothing else was booked
    assert book(Session, ana, ben, nine + timedelta(hours=1))["status"] == "pending"  # right after it: fine

    # an accepted chat holds its slot too; a declined or cancelled one frees it
    run(Session, chats.answer_chat, ben.actor, chat_id=first["id"], accept=True)
    with pytest.raises(Conflict):
        book(Session, ben, ana, nine + timedelta(minutes=30))
    run(Session, chats.cancel_chat, ana.actor, chat_id=first["id"])
    assert book(Session, ben, ana, nine + timedelta(minutes=30), minutes=15)["status"] == "pending"


def test_a_stranger_is_told_who_can_be_booked_in_snake_case(Session):
    busy, stranger = teacher(Session, available=False), teacher(Session)
    with pytest.raises(Forbidden) as refused:
        book(Session, stranger, busy, SystemClock().now() + timedelta(days=1))
    assert refused.value.code == "not_a_contact_or_candidate"


def test_a_chat_is_proposed_straight_from_a_green_result_and_saves_the_candidate(Session):
    """R61: from a TwinFinder result, a teacher open to partners can be offered a chat at once."""
    open_to_partners, seeker = teacher(Session), teacher(Session)
    chat = book(Session, seeker, open_to_partners, SystemClock().now() + timedelta(days=1))
    assert chat["status"] == "pending"
    saved = run(Session, networking.list_candidates, seeker.actor, limit=10)["items"]
    assert [str(c["person"]["user_id"]) for c in saved] == [str(open_to_partners.id)]


def a_school(validated=False):
    return {"school_id": str(uuid.uuid4()), "name": "Escola Bàsica", "town": "Girona", "country": "ES",
            "region": "CT", "education_levels": [], "validated": validated}


def test_a_teacher_whose_validation_was_refused_is_told_so_when_booking(Session):
    ana, rejected = teacher(Session), teacher(Session, validated=False)  # registered_not_validated (A21)
    change(Session, rejected, schools=[a_school()])
    with pytest.raises(Forbidden) as refused:
        book(Session, rejected, ana, SystemClock().now() + timedelta(days=1))
    assert refused.value.code == "you_are_not_validated" and "was not granted" in refused.value.detail
    change(Session, rejected, schools=[])  # left their school: nothing to validate, not a refusal
    with pytest.raises(Forbidden) as refused:
        book(Session, rejected, ana, SystemClock().now() + timedelta(days=1))
    assert "add your school" in refused.value.detail


def test_only_validated_teachers_are_invited_to_chats_and_accept_them(Session):
    """R64 with R68: a chat is between eTwinners, on both sides, as a contact is."""
    ana, pending, later_gone = teacher(Session), teacher(Session, validated=False), teacher(Session)
    run(Session, networking.add_candidate, ana.actor, user_id=pending.id)
    with pytest.raises(Forbidden) as refused:
        book(Session, ana, pending, SystemClock().now() + timedelta(days=1))
    assert refused.value.code == "not_validated"
    chat = book(Session, ana, later_gone, SystemClock().now() + timedelta(days=1))
    change(Session, later_gone, state="registered_not_validated", etwinning_validated=False)  # left the school
    with pytest.raises(Forbidden) as refused:
        run(Session, chats.answer_chat, later_gone.actor, chat_id=chat["id"], accept=True)
    assert refused.value.code == "you_are_not_validated"
    declined = run(Session, chats.answer_chat, later_gone.actor, chat_id=chat["id"], accept=False)
    assert declined["status"] == "declined"  # saying no is always possible
