"""The rules of booked chats, at fixed times, without a database."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from directory.use_cases import chats as R

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
MINUTE = timedelta(minutes=1)


def chat(status="accepted", starts_at=NOW + 10 * MINUTE, minutes=30):
    return SimpleNamespace(status=status, starts_at=starts_at, ends_at=starts_at + minutes * MINUTE)


def test_a_booking_is_in_the_future_and_lasts_15_minutes_to_2_hours():
    assert R.booking_problems(NOW + MINUTE, 30 * MINUTE, NOW) == {}
    assert "starts_at" in R.booking_problems(NOW, 30 * MINUTE, NOW)
    assert "starts_at" in R.booking_problems(NOW + timedelta(days=400), 30 * MINUTE, NOW)
    assert "duration_minutes" in R.booking_problems(NOW + MINUTE, 121 * MINUTE, NOW)
    assert "duration_minutes" in R.booking_problems(NOW + MINUTE, 14 * MINUTE, NOW)


def test_the_room_opens_only_during_the_slot_of_an_accepted_chat():
    booked = chat()
    code, message = R.room_refusal(booked, NOW)
    assert code == "chat_not_open_yet" and message == "The chat room opens at 2027-03-01 12:10 UTC."
    assert R.room_refusal(booked, booked.starts_at) is None
    assert R.room_refusal(booked, booked.ends_at - MINUTE) is None
    code, message = R.room_refusal(booked, booked.ends_at)
    assert code == "chat_closed" and "12:40 UTC" in message


def test_the_room_stays_shut_for_chats_not_accepted():
    for status in ("pending", "read", "declined", "cancelled"):
        booked = chat(status=status)
        assert R.room_refusal(booked, booked.starts_at)[0] == "chat_not_accepted"


def test_an_unanswered_invitation_expires_with_its_slot():
    booked = chat(status="read")
    assert R.effective_status(booked, booked.ends_at - MINUTE) == "read"
    assert R.effective_status(booked, booked.ends_at) == "expired"
    assert R.effective_status(chat(status="accepted"), NOW + timedelta(days=1)) == "accepted"


def test_only_a_waiting_invitation_can_be_answered():
    assert R.answer_refusal(chat(status="pending"), NOW) is None
    assert R.answer_refusal(chat(status="read"), NOW) is None
    assert R.answer_refusal(chat(status="accepted"), NOW) == "This chat invitation is already accepted."
    late = chat(status="pending")
    assert R.answer_refusal(late, late.ends_at) == "This chat invitation is already expired."


def test_two_slots_overlap_when_they_share_a_moment():
    start, end = NOW, NOW + 30 * MINUTE
    assert R.overlapping(start, end, start, end)  # the same slot
    assert R.overlapping(start, end, start + 5 * MINUTE, end + 5 * MINUTE)  # a different start, still together
    assert R.overlapping(start, end, start - 60 * MINUTE, end + 60 * MINUTE)  # one inside the other
    assert not R.overlapping(start, end, end, end + 30 * MINUTE)  # back to back
    assert not R.overlapping(start, end, start - 30 * MINUTE, start)
