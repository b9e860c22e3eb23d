"""Events and professional-development activities through the HTTP API only: the 100-participant
cap under a crowd, private events, the forum and archive, the feed, application windows, the
waitlist and what an erased account leaves behind."""
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Api, Mailbox

from tests.conftest import eventually

pytestmark = pytest.mark.system

PASSWORD = "a long enough password"


def at(**delta):
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def user_id(user):
    return user.get("/api/v1/me").json()["id"]


@pytest.fixture(scope="module")
def signed_up(stack, api, mailbox):
    """Signed-in users, quickly: register, confirm and sign in many in parallel, skipping the
    school step (any signed-in user may take part in events, A70)."""

    def make(count):
        tag = uuid.uuid4().hex[:8]
        emails = [f"crowd-{tag}-{i}@school.example.org" for i in range(count)]

        def register(email):
            body = {"email": email, "password": PASSWORD, "username": email.split("@")[0].replace("-", ""),
                    "first_name": "Eva", "last_name": "Crowd", "member_type": "teacher",
                    "works_in_pre_university_school": True, "preferences": {
                        "languages": ["en"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}}
            # a busy machine may answer 504; the mail wait below tells whether it went through
            assert api.post("/api/v1/registrations", json=body).status_code in (202, 503, 504)

        def confirm_and_sign_in(email, message):
            verified = patiently(lambda: api.post("/api/v1/registrations/verify",
                                                  json={"token": Mailbox.link_token(message), "password": PASSWORD}))
            assert verified.status_code in (200, 410)  # 410: a retry after a slow first answer
            user = Api(stack.gateway_url)
            login = patiently(lambda: user.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD}))
            assert login.status_code == 200, login.text
            user.token = login.json()["access_token"]
            return user

        # password hashing is deliberately slow: a few at a time keeps each call in the gateway's time limit
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(register, emails))
            for _ in range(3):
                links = _links(mailbox, tag, count, timeout=20)
                missing = [e for e in emails if e not in links]
                if not missing:
                    break
                list(pool.map(register, missing))  # asking again for an unconfirmed address resends the link
            assert not missing, f"{len(links)} of {count} confirmation mails arrived"
            return list(pool.map(lambda e: confirm_and_sign_in(e, links[e]), emails))

    return make


def patiently(call, attempts=5):
    """Confirming and signing in are safe to repeat: retry when a busy machine answers 503/504."""
    for _ in range(attempts):
        answer = call()
        if answer.status_code not in (503, 504):
            return answer
        time.sleep(1)
    return answer


def _links(mailbox, tag, count, timeout):
    """The confirmation mails of one crowd by address, reading the mail sink once per try."""
    from notify.mailsink import read_messages

    deadline = time.monotonic() + timeout
    while True:
        found = {}
        for message in read_messages(mailbox.directory):
            to = message["to"].lower().split("<")[-1].strip("> ")
            if to.startswith(f"crowd-{tag}-") and "confirm" in message["subject"].lower():
                found.setdefault(to, message)  # the newest link, should one have been resent
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_101_concurrent_registrations_for_an_online_event_admit_exactly_100(signed_up):
    organiser, *crowd = signed_up(102)
    event = organiser.post("/api/v1/events", json={
        "title": "Coding in primary school", "kind": "workshop", "format": "online",
        "starts_at": at(days=2), "ends_at": at(days=2, hours=1)})
    assert event.status_code == 201, event.text
    assert event.json()["capacity"] == 100 and event.json()["my_status"] == "organiser"
    path = f"/api/v1/events/{event.json()['id']}"

    with ThreadPoolExecutor(len(crowd)) as pool:
        answers = list(pool.map(lambda user: user.post(f"{path}/participants"), crowd))

    codes = sorted(a.status_code for a in answers)
    assert codes == [201] * 100 + [409], codes
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "event_full"
    assert "100 video-conference participants" in refused.json()["detail"]
    details = organiser.get(path).json()
    assert (details["participant_count"], details["seats_left"]) == (100, 0)
    listed, cursor = [], None
    while True:
        page = organiser.get(f"{path}/participants", params={"limit": 100, **({"cursor": cursor} if cursor else {})})
        listed += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert len({p["user_id"] for p in listed}) == 100

    # a place freed by an unregistration is free again for the one who was turned away
    winner = next(u for u, a in zip(crowd, answers) if a.status_code == 201)
    loser = crowd[answers.index(refused)]
    assert winner.delete(f"{path}/participants/me").status_code == 200
    assert loser.post(f"{path}/participants").status_code == 201
    assert loser.post(f"{path}/participants").json()["code"] == "already_registered"


def test_a_private_event_exists_only_for_its_organiser_and_invitees(register_teacher, signed_up):
    """A private event admits its invitees only, with no request to join (R93)."""
    organiser = register_teacher(country="PT", validated=False)
    guest = register_teacher(country="PL", validated=False)
    late_guest = register_teacher(country="CZ", validated=False)
    outsider, = signed_up(1)
    guest_id, late_id = user_id(guest), user_id(late_guest)
    # invitees must be known to directory: wait until their profiles are there
    assert eventually(lambda: organiser.get(f"/api/v1/people/{late_id}/events").status_code == 200)
    assert eventually(lambda: organiser.get(f"/api/v1/people/{guest_id}/events").status_code == 200)

    created = organiser.post("/api/v1/events", json={
        "title": "Our partners' meeting", "kind": "project_presentation", "format": "online",
        "visibility": "private", "starts_at": at(hours=3), "ends_at": at(hours=4), "invitees": [guest_id]})
    assert created.status_code == 201, created.text
    path = f"/api/v1/events/{created.json()['id']}"

    # for an outsider it does not exist: not readable, not joinable, not listed
    for answer in (outsider.get(path), outsider.post(f"{path}/participants"), outsider.get(f"{path}/messages")):
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert created.json()["id"] not in [e["id"] for e in outsider.get("/api/v1/events",
                                                                        params={"limit": 100}).json()["items"]]
    # the organiser invites more people until the event starts (A27); twice is harmless
    invited = organiser.post(f"{path}/invitations", json={"user_ids": [late_id, guest_id]})
    assert invited.status_code == 201 and {i["user_id"] for i in invited.json()["items"]} == {late_id, guest_id}
    assert guest.post(f"{path}/invitations", json={"user_ids": [guest_id]}).status_code == 403
    assert organiser.post(f"{path}/invitations", json={"user_ids": [str(uuid.uuid4())]}).status_code == 422

    # an invitee sees it among their invitations and joins; then the forum is theirs too
    assert guest.get(path).json()["my_status"] == "invited"
    assert created.json()["id"] in [e["id"] for e in guest.get("/api/v1/me/events",
                                                                params={"role": "invited"}).json()["items"]]
    assert guest.get(f"{path}/messages").status_code == 403  # invited, not registered yet
    assert guest.post(f"{path}/participants").status_code == 201
    assert guest.post(f"{path}/messages", json={"body": "Looking forward to it!"}).status_code == 201
    assert [m["body"] for m in organiser.get(f"{path}/messages").json()["items"]] == ["Looking forward to it!"]
    invitations = organiser.get(f"{path}/invitations").json()["items"]
    assert {i["user_id"]: i["registered"] for i in invitations} == {guest_id: True, late_id: False}
    # and a private event never shows on someone's public list of events
    assert guest.get(f"/api/v1/people/{user_id(organiser)}/events").json()["items"] == []


def test_an_event_from_creation_to_cancellation(register_teacher, signed_up, stack):
    """Any user organises an event (R89), face-to-face or online, of one of the five types (R90);
    a public one is open to any user's registration (R93)."""
    organiser = register_teacher(country="IT", validated=False)
    follower = register_teacher(country="AT", validated=False)
    organiser_id = user_id(organiser)
    assert eventually(lambda: follower.post(f"/api/v1/people/{organiser_id}/follow").status_code == 200)
    word = f"robotik{uuid.uuid4().hex[:6]}"

    bad = [
        organiser.post("/api/v1/events", json={"title": "Too big", "kind": "workshop", "format": "online",
                                                "capacity": 101, "starts_at": at(days=1),
                                                "ends_at": at(days=1, hours=1)}),
        organiser.post("/api/v1/events", json={"title": "Past", "kind": "workshop", "format": "online",
                                                "starts_at": at(hours=-2), "ends_at": at(hours=-1)}),
        organiser.post("/api/v1/events", json={"title": "Nowhere", "kind": "workshop", "format": "face_to_face",
                                                "starts_at": at(days=1), "ends_at": at(days=1, hours=1)}),
        organiser.post("/api/v1/events", json={"title": "Naive time", "kind": "workshop", "format": "online",
                                                "starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00"}),
        organiser.post("/api/v1/events", json={"title": "Odd kind", "kind": "party", "format": "online",
                                                "starts_at": at(days=1), "ends_at": at(days=1, hours=1)}),
        organiser.post("/api/v1/events", json={"title": "   ", "kind": "workshop", "format": "online",
                                                "starts_at": at(days=1), "ends_at": at(days=1, hours=1)}),
    ]
    assert [b.status_code for b in bad] == [422] * 6
    assert all(b.headers["Content-Type"] == "application/problem+json" for b in bad)
    assert "capacity" in bad[0].json()["errors"] and "starts_at" in bad[1].json()["errors"]
    assert set(bad[2].json()["errors"]) == {"capacity", "location"}
    assert list(bad[5].json()["errors"]) == ["title"]  # a title of spaces is no title

    created = organiser.post("/api/v1/events", json={
        "title": f"Workshop {word}", "description": "Robots in the classroom", "kind": "workshop",
        "format": "face_to_face", "capacity": 1, "location": "Roma", "language": "it",
        "starts_at": at(days=3), "ends_at": at(days=3, hours=2)})
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    path = f"/api/v1/events/{event_id}"

    # others find it by a word of its title, and followers see it in their feed (R72)
    first, second = signed_up(2)
    found = first.get("/api/v1/events", params={"q": word, "format": "face_to_face"}).json()["items"]
    assert [e["id"] for e in found] == [event_id]
    assert found[0]["organiser"]["user_id"] == organiser_id
    feed = eventually(lambda: [a for a in follower.get("/api/v1/feed").json()["items"]
                               if a["summary"].get("event_id") == event_id])
    assert feed and feed[0]["kind"] == "event_organised"

    # one place: the second registration is refused with the organiser's capacity
    assert first.post(f"{path}/participants").status_code == 201
    full = second.post(f"{path}/participants")
    assert full.status_code == 409 and "all 1 places are taken" in full.json()["detail"]
    # forum and archive are for participants (R92)
    assert second.post(f"{path}/messages", json={"body": "May I join?"}).status_code == 403
    assert first.post(f"{path}/documents", json={"title": "Slides", "url": "https://example.org/slides.pdf"}
                      ).status_code == 201
    assert organiser.post(f"{path}/documents", json={"title": "Bad", "url": "javascript:alert(1)"}).status_code == 422
    assert [d["title"] for d in organiser.get(f"{path}/documents").json()["items"]] == ["Slides"]
    # both sides list it (R94)
    assert event_id in [e["id"] for e in first.get("/api/v1/me/events", params={"role": "participant"}).json()["items"]]
    assert event_id in [e["id"] for e in first.get(f"/api/v1/people/{organiser_id}/events").json()["items"]]

    # cancellation: no more registrations, participants are told (event_cancelled for notify)
    assert second.post(f"{path}/cancel").status_code == 403
    assert organiser.post(f"{path}/cancel").json()["state"] == "cancelled"
    assert not [a for a in follower.get("/api/v1/feed").json()["items"] if a["summary"].get("event_id") == event_id]
    # a cancelled event is kept to read: nothing to join, nothing to leave
    assert first.delete(f"{path}/participants/me").json()["code"] == "cancelled"
    assert first.post(f"{path}/participants").json()["code"] == "cancelled"
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as conn:
        told = conn.execute(text("select payload->>'user_id' from outbox where event_type = 'event_cancelled' "
                                 "and payload->>'platform_event_id' = :e"), {"e": event_id}).scalars().all()
    engine.dispose()
    assert told == [user_id(first)]


# ---------------------------------------------------------------- professional-development activities

def apply(user, path):
    """Apply once directory knows the applicant from identity's events (moments after they
    confirmed their address): until then the answer is a 403 no_profile, which changes nothing."""
    answer = eventually(lambda: (lambda r: r if r.status_code != 403 else None)(user.post(f"{path}/applications")))
    assert answer is not None, "directory never learnt about the applicant"
    return answer.json()


def test_applications_first_come_first_served_then_the_waitlist(staff, register_teacher, signed_up):
    """Online seminars and didactic meetings are organised by CSS or NSO staff (R95); applications
    are taken inside the activity's window, up to its seats (R98)."""
    css = staff("css_staff")
    nso = staff("nso_staff", "ES")
    teacher = register_teacher(country="ES", validated=False)
    seminar = {"kind": "online_seminar", "title": "eTwinning and AI", "seats": 2, "starts_at": at(days=3),
               "applications_open_at": at(minutes=-1), "led_by": "Dr. Expert"}
    assert teacher.post("/api/v1/pd-activities", json=seminar).status_code == 403
    assert nso.post("/api/v1/pd-activities", json={**seminar, "country": "FR"}).status_code == 403
    refused = css.post("/api/v1/pd-activities", json={**seminar, "applications_open_at": at(days=4)})
    assert refused.status_code == 422 and "applications_close_at" in refused.json()["errors"]
    created = css.post("/api/v1/pd-activities", json=seminar)
    assert created.status_code == 201, created.text
    activity = created.json()
    assert activity["applications_open"] and activity["country"] is None
    path = f"/api/v1/pd-activities/{activity['id']}"

    first, second, third = signed_up(3)
    assert apply(first, path)["status"] == "accepted"
    assert apply(second, path)["status"] == "accepted"
    waiting = apply(third, path)
    assert (waiting["status"], waiting["waitlist_position"]) == ("waitlisted", 1)
    assert first.post(f"{path}/applications").json()["code"] == "already_applied"
    # a freed seat goes to the first on the waitlist, without anyone doing anything
    assert first.delete(f"{path}/applications/me").status_code == 200
    mine = third.get("/api/v1/me/pd-applications").json()["items"]
    assert [(a["activity_id"], a["status"]) for a in mine] == [(activity["id"], "accepted")]
    assert [a["status"] for a in css.get(f"{path}/applications").json()["items"]] == ["accepted", "accepted"]
    assert teacher.get(f"{path}/applications").status_code == 403
    # the recording is published afterwards (R96): not before the seminar took place; materials any time
    early = css.patch(path, json={"recording_url": "https://example.org/recording"})
    assert early.status_code == 409 and early.json()["code"] == "no_recording_yet"
    assert css.patch(path, json={"materials_url": "https://example.org/slides"}).json()["materials_url"] \
        == "https://example.org/slides"

    # an NSO's activity whose applications open next week refuses applications now, saying when
    later = nso.post("/api/v1/pd-activities", json={**seminar, "kind": "didactic_meeting", "starts_at": at(days=14),
                                                    "applications_open_at": None})
    assert later.status_code == 201 and later.json()["country"] == "ES"
    early = teacher.post(f"/api/v1/pd-activities/{later.json()['id']}/applications")
    assert early.status_code == 409 and early.json()["code"] == "applications_not_open"
    assert early.json()["detail"].startswith("Applications for this activity open on ")


def test_seats_reserved_for_a_country_wait_for_its_teachers(staff, register_teacher):
    css = staff("css_staff")
    spaniards = [register_teacher(country="ES", validated=False) for _ in range(2)]
    portuguese = register_teacher(country="PT", validated=False)
    for person in spaniards + [portuguese]:  # their country comes from the read model
        assert eventually(lambda: css.get(f"/api/v1/people/{user_id(person)}/events").status_code == 200)
    created = css.post("/api/v1/pd-activities", json={
        "kind": "workshop", "title": "PDW Lisboa", "seats": 2, "reserved_seats": {"PT": 1}, "location": "Lisboa",
        "starts_at": at(days=20), "applications_open_at": at(minutes=-1), "applications_close_at": at(days=10)})
    assert created.status_code == 201, created.text
    path = f"/api/v1/pd-activities/{created.json()['id']}/applications"
    assert spaniards[0].post(path).json()["status"] == "accepted"
    assert spaniards[1].post(path).json()["status"] == "waitlisted"  # the last seat is held for Portugal
    assert portuguese.post(path).json()["status"] == "accepted"
