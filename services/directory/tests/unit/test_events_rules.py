"""The rules of events and professional-development activities, at fixed times, without a database."""
import inspect
import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from directory.use_cases import events as R

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def new_event(**changes):
    values = {"format": "online", "visibility": "public", "starts_at": NOW + HOUR, "ends_at": NOW + 2 * HOUR,
              "capacity": None, "location": None, "invitees": []}
    return {**values, **changes}


def event(**changes):
    values = {"visibility": "public", "state": "scheduled", "format": "online", "starts_at": NOW + HOUR,
              "ends_at": NOW + 2 * HOUR, "capacity": 100, "participant_count": 0}
    return SimpleNamespace(**{**values, **changes})


def refusal(ev, now=NOW, organiser=False, registered=False, invited=False):
    return R.registration_refusal(ev, now, is_organiser=organiser, registered=registered, invited=invited)


# ---------------------------------------------------------------- creating an event

def test_a_valid_online_event_has_no_problems():
    assert R.event_problems(new_event(), NOW) == {}


def test_online_events_are_capped_at_100_video_conference_participants():
    assert R.event_problems(new_event(capacity=100), NOW) == {}
    assert "100" in R.event_problems(new_event(capacity=101), NOW)["capacity"][0]


def test_face_to_face_events_need_a_capacity_and_a_place_but_no_100_cap():
    assert set(R.event_problems(new_event(format="face_to_face"), NOW)) == {"capacity", "location"}
    assert R.event_problems(new_event(format="face_to_face", capacity=500, location="Brussels"), NOW) == {}


def test_event_times_must_be_future_ordered_and_bounded():
    assert "starts_at" in R.event_problems(new_event(starts_at=NOW, ends_at=NOW + HOUR), NOW)
    assert "ends_at" in R.event_problems(new_event(ends_at=NOW + HOUR), NOW)
    assert "ends_at" in R.event_problems(new_event(ends_at=NOW + timedelta(days=15)), NOW)


def test_only_private_events_take_invitees():
    assert "invitees" in R.event_problems(new_event(invitees=["someone"]), NOW)
    assert R.event_problems(new_event(visibility="private", invitees=["someone"]), NOW) == {}


# ---------------------------------------------------------------- registering

def test_the_hundred_and_first_registration_is_refused():
    assert refusal(event(participant_count=99)) is None
    assert refusal(event(participant_count=100)) == "full"


def test_face_to_face_capacity_is_the_organisers():
    assert refusal(event(format="face_to_face", capacity=3, participant_count=2)) is None
    assert refusal(event(format="face_to_face", capacity=3, participant_count=3)) == "full"


def test_a_private_event_admits_only_invitees_and_does_not_exist_for_others():
    private = event(visibility="private")
    assert refusal(private) == "not_found"
    assert refusal(private, invited=True) is None
    assert not R.can_see(private, is_organiser=False, registered=False, invited=False)
    assert R.can_see(private, is_organiser=True, registered=False, invited=False)


def test_no_registration_when_cancelled_over_twice_or_as_organiser():
    assert refusal(event(state="cancelled")) == "cancelled"
    assert refusal(event(), now=NOW + 2 * HOUR) == "ended"
    assert refusal(event(), now=NOW + 90 * timedelta(minutes=1)) is None  # joining a running event is fine
    assert refusal(event(), registered=True) == "already_registered"
    assert refusal(event(), organiser=True) == "organiser"


def test_invitations_only_by_the_organiser_of_a_private_event_before_it_starts():
    private = event(visibility="private")
    assert R.invitation_refusal(private, NOW, is_organiser=True) is None
    assert R.invitation_refusal(private, NOW, is_organiser=False) == "not_organiser"
    assert R.invitation_refusal(event(), NOW, is_organiser=True) == "public"
    assert R.invitation_refusal(private, NOW + HOUR, is_organiser=True) == "started"


def test_the_full_message_names_the_video_conference_limit():
    with pytest.raises(R.Conflict) as full:
        R._refuse("full", event(participant_count=100))
    assert "100 video-conference participants" in full.value.detail and full.value.code == "event_full"


# ---------------------------------------------------------------- professional-development activities

def activity(**changes):
    return {"kind": "online_seminar", "starts_at": NOW + timedelta(days=10), "seats": 30, "reserved_seats": {},
            **changes}


def test_a_seminar_lasts_an_hour_and_applications_open_a_week_before_by_default():
    values, problems = R.pd_schedule(activity(), NOW)
    assert problems == {}
    assert values["ends_at"] - values["starts_at"] == HOUR
    assert values["applications_open_at"] == values["starts_at"] - timedelta(days=7)
    assert values["applications_close_at"] == values["starts_at"]
    meeting, _ = R.pd_schedule(activity(kind="didactic_meeting", led_by="Dr. Ana Expert"), NOW)
    assert meeting["ends_at"] - meeting["starts_at"] == timedelta(days=10)


def test_a_seminar_is_a_one_hour_video_conference_with_registration_a_week_before():
    start = NOW + timedelta(days=10)
    values, problems = R.pd_schedule(activity(ends_at=start + HOUR), NOW)  # the hour, said explicitly: fine
    assert problems == {} and values["reflection_starts_at"] is None
    assert "ends_at" in R.pd_schedule(activity(ends_at=start + 2 * HOUR), NOW)[1]  # R96: one hour
    early = R.pd_schedule(activity(applications_open_at=start - timedelta(days=20)), NOW)[1]
    assert "a week before" in early["applications_open_at"][0]  # R96: registration opens about a week before
    assert R.pd_schedule(activity(applications_open_at=start - timedelta(days=3)), NOW)[1] == {}  # later: fine
    assert "100" in R.pd_schedule(activity(seats=101), NOW)[1]["seats"][0]  # R91: the video-conference cap
    assert R.pd_schedule(activity(seats=100), NOW)[1] == {}
    # face-to-face official events are not bound by the cap (R99)
    assert R.pd_schedule(activity(kind="conference", seats=500, location="Brussels"), NOW)[1] == {}


def test_a_didactic_meeting_has_an_active_then_a_reflection_phase_of_four_or_five_days():
    start = NOW + timedelta(days=10)
    meeting, problems = R.pd_schedule(activity(kind="didactic_meeting", led_by="Dr. Ana Expert", active_phase_days=4,
                                               reflection_phase_days=5), NOW)
    assert problems == {} and "active_phase_days" not in meeting
    assert meeting["reflection_starts_at"] == start + timedelta(days=4)
    assert meeting["ends_at"] == start + timedelta(days=9)
    for days in (3, 6):
        assert "active_phase_days" in R.pd_schedule(activity(kind="didactic_meeting", led_by="Dr. Ana Expert", active_phase_days=days), NOW)[1]
        assert "reflection_phase_days" in R.pd_schedule(
            activity(kind="didactic_meeting", led_by="Dr. Ana Expert", reflection_phase_days=days), NOW)[1]
    # the end follows from the phases: another one is refused, not silently moved
    assert "ends_at" in R.pd_schedule(activity(kind="didactic_meeting", led_by="Dr. Ana Expert", ends_at=start + timedelta(days=30)), NOW)[1]
    assert "active_phase_days" in R.pd_schedule(activity(active_phase_days=4), NOW)[1]  # a seminar has no phases
    # R97: led by an expert, named
    assert R.pd_schedule(activity(kind="didactic_meeting"), NOW)[1] == {
        "led_by": ["A didactic meeting is led by an expert: name them (R97)."]}


def test_activity_schedule_problems():
    start = NOW + timedelta(days=10)
    assert "applications_close_at" in R.pd_schedule(activity(applications_open_at=start - HOUR,
                                                             applications_close_at=start - 2 * HOUR), NOW)[1]
    assert "applications_close_at" in R.pd_schedule(activity(applications_close_at=start + 2 * HOUR), NOW)[1]
    assert "reserved_seats" in R.pd_schedule(activity(seats=5, reserved_seats={"ES": 3, "PT": 3}), NOW)[1]
    assert "starts_at" in R.pd_schedule(activity(starts_at=NOW - HOUR), NOW)[1]


def test_applications_are_accepted_only_inside_the_window():
    opens, closes = NOW, NOW + timedelta(days=2)
    assert R.window_refusal(opens, closes, NOW) is None
    code, message = R.window_refusal(opens, closes, NOW - timedelta(seconds=1))
    assert code == "applications_not_open" and "2027-03-01 12:00 UTC" in message
    code, message = R.window_refusal(opens, closes, closes)
    assert code == "applications_closed" and "closed on 2027-03-03 12:00 UTC" in message


def test_first_come_first_served_up_to_the_seats():
    assert R.free_seats_for("ES", 2, {}, {"ES": 1}) == 1
    assert R.free_seats_for("ES", 2, {}, {"ES": 1, "FR": 1}) == 0


def test_reserved_seats_are_held_for_their_country():
    reserved = {"PT": 2}
    assert R.free_seats_for("ES", 5, reserved, {"ES": 3}) == 0  # the last 2 wait for Portugal
    assert R.free_seats_for("PT", 5, reserved, {"ES": 3}) == 2
    assert R.free_seats_for("ES", 5, reserved, {"ES": 2, "PT": 2}) == 1  # Portugal's seats are taken up
    assert R.free_seats_for(None, 5, reserved, {}) == 3  # an applicant without a country: unreserved seats


def test_a_freed_seat_goes_to_the_first_waitlisted_applicant():
    waitlist = [("first", "ES"), ("second", "ES")]
    assert R.promotions(3, {}, {"ES": 2}, waitlist) == ["first"]
    assert R.promotions(3, {}, {"ES": 3}, waitlist) == []
    assert R.promotions(4, {}, {"ES": 2}, waitlist) == ["first", "second"]


def test_a_seat_held_for_a_country_skips_waitlisted_applicants_of_other_countries():
    waitlist = [("es", "ES"), ("pt", "PT")]
    assert R.promotions(4, {"PT": 1}, {"ES": 3}, waitlist) == ["pt"]


def test_an_application_can_be_withdrawn_until_the_activity_starts():
    starts = NOW + HOUR
    assert R.withdrawal_refusal(starts, NOW) is None
    code, message = R.withdrawal_refusal(starts, starts)
    assert code == "activity_started" and "2027-03-01 13:00 UTC" in message
    assert R.withdrawal_refusal(starts, starts + timedelta(days=2))[0] == "activity_started"


def test_a_recording_is_published_after_the_seminar_and_only_for_a_seminar():
    ends = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)
    code, message = R.recording_refusal("online_seminar", ends, ends - timedelta(minutes=5))
    assert code == "no_recording_yet" and "after the seminar" in message
    assert R.recording_refusal("online_seminar", ends, ends) is None
    code, message = R.recording_refusal("didactic_meeting", ends, ends + timedelta(days=1))
    assert code == "not_a_seminar" and "materials" in message


def test_who_organises_activities():
    css = SimpleNamespace(is_css=True, roles=("css_staff",), can_act_for_country=lambda c: True)
    nso = SimpleNamespace(is_css=False, roles=("nso_staff",), can_act_for_country=lambda c: c == "ES")
    teacher = SimpleNamespace(is_css=False, roles=("user",), can_act_for_country=lambda c: False)
    assert R.pd_staff_refusal(css, None) is None
    assert R.pd_staff_refusal(nso, "ES") is None
    assert R.pd_staff_refusal(nso, "FR") and R.pd_staff_refusal(nso, None) and R.pd_staff_refusal(teacher, "ES")


def test_every_directory_method_the_event_and_chat_routes_call_exists():
    from directory.service import DirectoryService
    from gateway import chats_routes, events_routes

    called = {m for module in (events_routes, chats_routes)
              for m in re.findall(r'self\._(?:events|chats)\("(\w+)"', inspect.getsource(module))}
    assert len(called) >= 25
    assert {name for name in called if not hasattr(DirectoryService, name)} == set()
