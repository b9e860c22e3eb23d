"""Two teachers in different countries find each other and become contacts, through the
HTTP API only; privacy and validation rules hold on the way."""
import uuid

import pytest

from tests.conftest import eventually

pytestmark = pytest.mark.system


def test_two_teachers_find_each_other_and_become_contacts(register_teacher, api):
    surname = f"Müller{uuid.uuid4().hex[:4]}"
    ana = register_teacher(country="ES", first_name="Ana", last_name="Sánchez",
                           preferences={"languages": ["en", "de"], "subjects": ["history"], "age_groups": ["12-15"]})
    klaus = register_teacher(country="DE", first_name="Klaus", last_name=surname,
                             preferences={"languages": ["en", "de"], "subjects": ["history"], "age_groups": ["12-15"],
                                          "ict_use": "advanced"})
    klaus_id = klaus.get("/api/v1/me").json()["id"]
    klaus.patch("/api/v1/me", json={"available_for_projects": True})

    # a misspelt name without the umlaut still finds him
    misspelt = surname.replace("ü", "u").replace("ll", "l")
    found = eventually(lambda: [p for p in ana.get("/api/v1/search/people", params={"q": misspelt}).json()["items"]
                                if p["user_id"] == klaus_id])
    assert found and found[0]["country"] == "DE"
    # his name opens his profile page, which offers to add him as a contact and to follow him (R52)
    assert ana.get(f"/api/v1/users/{klaus_id}").json()["last_name"] == surname
    offered = ana.get(f"/api/v1/people/{klaus_id}/relationship").json()
    assert offered["can_request_contact"] is True and offered["following"] is False
    assert ana.post(f"/api/v1/people/{klaus_id}/follow").status_code == 200
    assert ana.get(f"/api/v1/people/{klaus_id}/relationship").json()["following"] is True

    # TwinFinder with no query ranks him by shared preferences, with his availability (R59)
    def in_twinfinder():
        items = ana.get("/api/v1/twinfinder/teachers", params={"limit": 100}).json()["items"]
        return [p for p in items if p["user_id"] == klaus_id]
    match = eventually(lambda: (in_twinfinder() or [{}])[0].get("availability") == "green" and in_twinfinder())
    assert match and match[0]["score"] >= 3 + 3 + 2
    schools = ana.get("/api/v1/twinfinder/schools", params={"country": "DE", "limit": 100}).json()["items"]
    assert klaus.membership["school"]["id"] in [s["school_id"] for s in schools]

    # private profile: never in the public search
    public = api.get("/api/v1/public/search/people", params={"q": misspelt}).json()["items"]
    assert klaus_id not in [p["user_id"] for p in public]

    # contact request, accepted by the recipient
    request = ana.post("/api/v1/contact-requests", json={"user_id": klaus_id, "message": "Projekt über Geschichte?"})
    assert request.status_code == 201, request.text
    assert ana.post("/api/v1/contact-requests", json={"user_id": klaus_id}).status_code == 409
    received = klaus.get("/api/v1/contact-requests").json()["items"]
    assert [r["id"] for r in received] == [request.json()["id"]]
    assert klaus.post(f"/api/v1/contact-requests/{request.json()['id']}/accept").status_code == 200
    assert [c["person"]["user_id"] for c in ana.get("/api/v1/contacts").json()["items"]] == [klaus_id]
    assert ana.get(f"/api/v1/people/{klaus_id}/relationship").json()["is_contact"] is True

    # Klaus lets his contacts see his address (R31): Ana, a contact, does; nobody else does
    assert ana.get(f"/api/v1/users/{klaus_id}").json()["email"] is None
    assert klaus.patch("/api/v1/me", json={"privacy": {"show_email_to_contacts": True}}).status_code == 200
    assert ana.get(f"/api/v1/users/{klaus_id}").json()["email"] == klaus.email
    stranger = register_teacher(country="FR", first_name="Chloé", last_name="Martin")
    assert stranger.get(f"/api/v1/users/{klaus_id}").json()["email"] is None


def test_an_unvalidated_teacher_cannot_send_or_receive_contact_requests(register_teacher):
    pending = register_teacher(country="FI", validated=False)
    validated = register_teacher(country="EE")
    pending_id = pending.get("/api/v1/me").json()["id"]
    validated_id = validated.get("/api/v1/me").json()["id"]
    eventually(lambda: validated.get(f"/api/v1/people/{pending_id}/relationship").status_code == 200)
    sent = pending.post("/api/v1/contact-requests", json={"user_id": validated_id})
    assert sent.status_code == 403 and sent.json()["code"] == "you_are_not_validated"
    received = validated.post("/api/v1/contact-requests", json={"user_id": pending_id})
    assert received.status_code == 403 and received.json()["code"] == "not_validated"
    # but a registered, non-validated teacher is in People search (R18)
    assert eventually(lambda: pending_id in [p["user_id"] for p in validated.get(
        "/api/v1/search/people", params={"q": "Ana", "limit": 100}).json()["items"]])


def test_candidates_lead_to_a_contact_request(register_teacher):
    owner = register_teacher(country="IE")
    teacher = register_teacher(country="LT")
    school_id = teacher.membership["school"]["id"]
    teacher_id = teacher.get("/api/v1/me").json()["id"]
    added = eventually(lambda: owner.post("/api/v1/me/candidates", json={"school_id": school_id, "note": "maths"})
                       if owner.get("/api/v1/search/schools", params={"q": teacher.membership["school"]["name"]}
                                    ).json()["items"] else None)
    assert added.status_code == 201
    candidate = added.json()
    assert candidate["note"] == "maths" and teacher_id in [t["user_id"] for t in candidate["teachers"]]
    assert owner.patch(f"/api/v1/me/candidates/{candidate['id']}", json={"note": "maths and science"}).json()["note"] \
        == "maths and science"

    def where_i_stand():  # the card says what to offer next for each teacher (R63)
        (card,) = [c for c in owner.get("/api/v1/me/candidates").json()["items"] if c["id"] == candidate["id"]]
        return {t["user_id"]: t["contact"] for t in card["teachers"]}[teacher_id]

    assert where_i_stand() == "none"
    request = owner.post("/api/v1/contact-requests", json={"user_id": teacher_id})
    assert request.status_code == 201 and where_i_stand() == "request_sent"
    assert teacher.post(f"/api/v1/contact-requests/{request.json()['id']}/accept").status_code == 200
    assert where_i_stand() == "contact"


def test_erasure_removes_the_person_from_every_result(register_teacher, api, mailbox):
    seeker = register_teacher(country="SI")
    leaver = register_teacher(country="HR", first_name="Vesna", last_name=f"Horvat{uuid.uuid4().hex[:4]}")
    leaver_id = leaver.get("/api/v1/me").json()["id"]
    name = leaver.get("/api/v1/me").json()["last_name"]
    assert eventually(lambda: seeker.get("/api/v1/search/people", params={"q": name}).json()["items"])
    assert seeker.post("/api/v1/contact-requests", json={"user_id": leaver_id}).status_code == 201
    assert leaver.post("/api/v1/me/deletion-request").status_code == 202
    from tests.conftest import Mailbox

    token = Mailbox.link_token(mailbox.wait_for(leaver.email, "delet"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": token}).status_code == 200
    assert eventually(lambda: not seeker.get("/api/v1/search/people", params={"q": name}).json()["items"])
    assert seeker.get("/api/v1/contact-requests", params={"box": "sent"}).json()["items"] == []


def test_anyone_finds_a_school_in_the_public_search(register_teacher, api):
    """R53: the public page searches schools without signing in."""
    teacher = register_teacher(country="PT", validated=False)
    school = teacher.membership["school"]

    def found():
        items = api.get("/api/v1/public/search/schools", params={"q": school["name"], "country": "PT"}).json()["items"]
        return [s for s in items if s["school_id"] == school["id"]]
    match = eventually(found)
    assert match and (match[0]["name"], match[0]["town"], match[0]["country"]) == (school["name"], "Sevilla", "PT")
    elsewhere = api.get("/api/v1/public/search/schools", params={"q": school["name"], "country": "FR"}).json()["items"]
    assert school["id"] not in [s["school_id"] for s in elsewhere]


def test_search_rejects_bad_input_with_problem_documents(register_teacher, api):
    teacher = register_teacher(country="LV", validated=False)
    cases = [
        teacher.get("/api/v1/search/people", params={"limit": -5}),
        teacher.get("/api/v1/search/people", params={"limit": 100000}),
        teacher.get("/api/v1/search/people", params={"cursor": "forged!!"}),
        teacher.get("/api/v1/search/people", params={"q": "x" * 5_000}),
        teacher.get("/api/v1/search/people", params={"colour": "blue"}),
        teacher.get("/api/v1/search/people", params={"country": "Spain"}),
        api.get("/api/v1/public/search/schools", params={"level": "university"}),
        api.get("/api/v1/public/search/people", params={"q": "\U0001F600 !!"}),  # no word: not "everyone"
        teacher.get("/api/v1/search/schools", params={"q": "Lyceum", "town": "-"}),
    ]
    assert [c.status_code for c in cases] == [422] * 9
    assert all(c.headers["Content-Type"] == "application/problem+json" for c in cases)
    # a 10 kB query string is refused by the HTTP server itself, before any work, as a problem too
    too_long = teacher.get("/api/v1/search/people", params={"q": "x" * 10_000})
    assert too_long.status_code == 414
    assert too_long.headers["Content-Type"] == "application/problem+json"
    assert too_long.json()["code"] == "uri_too_long"
    injection = teacher.get("/api/v1/search/people", params={"q": "'; drop table people; --"})
    assert injection.status_code == 200
    assert teacher.get("/api/v1/search/people", params={"q": "ab%_\\"}).status_code == 200


def test_a_profile_and_a_school_page_show_their_activity_as_privacy_allows(register_teacher, api):
    """R29: a person's activity section; R55: a school's activities, public profiles only to visitors."""
    from datetime import datetime, timedelta, timezone

    teacher, reader = register_teacher(country="PT"), register_teacher(country="EE")
    teacher_id, school_id = teacher.get("/api/v1/me").json()["id"], teacher.membership["school"]["id"]
    starts = datetime.now(timezone.utc) + timedelta(days=5)
    assert eventually(lambda: (lambda r: r if r.status_code == 201 else None)(teacher.post("/api/v1/events", json={
        "title": "Fado and poetry", "kind": "workshop", "format": "online", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat()})))

    def titles(answer):
        assert answer.status_code == 200, answer.text
        return [a["summary"].get("title") for a in answer.json()["items"]]

    assert "Fado and poetry" in titles(reader.get(f"/api/v1/people/{teacher_id}/activity"))
    assert titles(reader.get(f"/api/v1/schools/{school_id}/activity")) == ["Fado and poetry"]
    assert titles(api.get(f"/api/v1/schools/{school_id}/activity")) == []  # a private profile's activity
    assert teacher.patch("/api/v1/me", json={"privacy": {"profile_public": True}}).status_code == 200
    assert eventually(lambda: titles(api.get(f"/api/v1/schools/{school_id}/activity")) == ["Fado and poetry"])
    assert titles(api.get(f"/api/v1/people/{teacher_id}/activity")) == ["Fado and poetry"]  # public now
    assert teacher.patch("/api/v1/me", json={"privacy": {"profile_public": False}}).status_code == 200
    assert eventually(lambda: api.get(f"/api/v1/people/{teacher_id}/activity").status_code == 404)
    assert reader.get(f"/api/v1/schools/{uuid.uuid4()}/activity").status_code == 404
