"""Groups through the HTTP API: a validated teacher requests groups, only the Central Support
Service approves them, the three access policies decide who joins, and the discussion stays
with the members."""
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import known_to_directory

pytestmark = pytest.mark.system


def event_types(stack, group_id):
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as db:
        rows = db.execute(text("select event_type from outbox where payload->>'group_id' = :g order by id"),
                          {"g": group_id}).all()
    engine.dispose()
    return [r.event_type for r in rows]


@pytest.fixture(scope="module")
def people(register_teacher, staff):
    """Ana (validated, requests groups), Carl (validated), Pia (registered, validation pending), CSS staff."""
    ana = register_teacher(country="NL", first_name="Anouk", last_name=f"Jansen{uuid.uuid4().hex[:6]}")
    carl = register_teacher(country="BE", first_name="Carl", last_name=f"Peeters{uuid.uuid4().hex[:6]}")
    pia = register_teacher(country="DK", validated=False, first_name="Pia", last_name=f"Hansen{uuid.uuid4().hex[:6]}")
    ana.id, carl.id, pia.id = known_to_directory(ana), known_to_directory(carl), known_to_directory(pia, False)
    return ana, carl, pia, staff("css_staff")


def request(user, name, policy, **change):
    return user.post("/api/v1/groups", json={
        "name": name, "description": f"A group about {name.lower()} for teachers.", "subject": "music",
        "access_policy": policy, "moderated": True, "accept_code_of_conduct": True, **change})


def approved(user, css, name, policy):
    group = request(user, name, policy)
    assert group.status_code == 201, group.text
    assert css.post(f"/api/v1/groups/{group.json()['id']}/approve").status_code == 200
    return group.json()["id"]


def test_a_group_request_waits_for_css_approval(people, stack):
    ana, carl, pia, css = people
    # every mandatory field and the Code of Conduct accepted, its version kept (R81)
    assert request(ana, "Choir teachers", "all_registered_users", accept_code_of_conduct=False).status_code == 422
    assert request(ana, "Choir teachers", None).status_code == 422
    assert request(ana, "Choir teachers", "all_registered_users", subject=None).status_code == 422
    refused = request(pia, "Choir teachers", "all_registered_users")
    assert refused.status_code == 403 and refused.json()["code"] == "etwinners_only"  # A30

    name = f"Choir teachers {uuid.uuid4().hex[:6]}"
    requested = request(ana, name, "all_registered_users")
    assert requested.status_code == 201, requested.text
    group = requested.json()
    assert (group["state"], group["my_role"], group["code_of_conduct_version"]) == ("requested", "admin", "2024-1")

    # invisible and closed to others until CSS decides; not open to writing for its author either
    waiting = ana.post(f"/api/v1/groups/{group['id']}/messages", json={"kind": "chat", "body": "Hello?"})
    assert waiting.status_code == 409 and waiting.json()["code"] == "group_not_active"
    assert carl.get(f"/api/v1/groups/{group['id']}").status_code == 404
    assert carl.post(f"/api/v1/groups/{group['id']}/join").status_code == 404
    assert carl.post(f"/api/v1/groups/{group['id']}/approve").status_code == 403
    assert carl.get("/api/v1/groups", params={"state": "requested"}).status_code == 403
    queue = css.get("/api/v1/groups", params={"state": "requested", "limit": 100}).json()["items"]
    assert group["id"] in [g["id"] for g in queue]

    approval = css.post(f"/api/v1/groups/{group['id']}/approve")
    assert approval.status_code == 200 and approval.json()["state"] == "active"
    assert css.post(f"/api/v1/groups/{group['id']}/approve").status_code == 409
    assert group["id"] in [g["id"] for g in carl.get("/api/v1/groups", params={"q": name.lower()}).json()["items"]]

    # a pending (unvalidated) teacher may join a group open to all registered users; it is then
    # under My Groups and on the profiles of its members (R87)
    joined = pia.post(f"/api/v1/groups/{group['id']}/join")
    assert joined.status_code == 200 and joined.json()["my_role"] == "member"
    assert group["id"] in [g["id"] for g in pia.get("/api/v1/me/groups").json()["items"]]
    assert group["id"] in [g["id"] for g in carl.get(f"/api/v1/people/{ana.id}/groups").json()["items"]]

    # a rejection carries its reason to the requester
    other = request(ana, "Another choir", "all_registered_users").json()
    assert css.post(f"/api/v1/groups/{other['id']}/reject", json={}).status_code == 422
    rejected = css.post(f"/api/v1/groups/{other['id']}/reject", json={"reason": "Same as an existing group."})
    assert rejected.status_code == 200
    assert ana.get(f"/api/v1/groups/{other['id']}").json()["rejection_reason"] == "Same as an existing group."

    assert event_types(stack, group["id"]) == ["group_requested", "group_approved", "group_member_joined"]
    assert event_types(stack, other["id"]) == ["group_requested", "group_rejected"]


def test_access_policies_decide_who_joins(people):
    """Joining an open group needs no approval; a closed one is entered by invitation only (R84)."""
    ana, carl, pia, css = people
    etwinners = approved(ana, css, "Validated only", "etwinners_only")
    refused = pia.post(f"/api/v1/groups/{etwinners}/join")
    assert refused.status_code == 403 and refused.json()["code"] == "etwinners_only"
    assert carl.post(f"/api/v1/groups/{etwinners}/join").status_code == 200
    assert carl.post(f"/api/v1/groups/{etwinners}/join").status_code == 409

    closed = approved(ana, css, "Closed circle", "invitation_only")
    refused = carl.post(f"/api/v1/groups/{closed}/join")
    assert refused.status_code == 403 and refused.json()["code"] == "invitation_only"
    assert carl.post(f"/api/v1/groups/{closed}/invitations", json={"user_id": pia.id}).status_code == 403
    assert ana.post(f"/api/v1/groups/{closed}/invitations", json={"user_id": pia.id}).status_code == 201
    invitations = pia.get("/api/v1/me/group-invitations").json()["items"]
    assert [(i["group"]["id"], i["inviter"]["user_id"]) for i in invitations] == [(closed, ana.id)]
    accepted = pia.post(f"/api/v1/groups/{closed}/invitation/accept")
    assert accepted.status_code == 200 and accepted.json()["my_role"] == "member"
    # leaving is always possible, even a closed group (A28)
    assert pia.post(f"/api/v1/groups/{closed}/leave").status_code == 200
    assert pia.post(f"/api/v1/groups/{closed}/join").status_code == 403

    # an invitation sent by mistake is withdrawn by the group's leaders (requirements §10.3)
    assert ana.post(f"/api/v1/groups/{closed}/invitations", json={"user_id": carl.id}).status_code == 201
    invited = ana.get(f"/api/v1/groups/{closed}/invitations").json()["items"]
    assert [(i["person"]["user_id"], i["inviter"]["user_id"]) for i in invited] == [(carl.id, ana.id)]
    assert carl.get(f"/api/v1/groups/{closed}/invitations").status_code == 403  # not a leader
    assert carl.delete(f"/api/v1/groups/{closed}/invitations/{carl.id}").status_code == 403
    assert ana.delete(f"/api/v1/groups/{closed}/invitations/{carl.id}").status_code == 200
    assert ana.delete(f"/api/v1/groups/{closed}/invitations/{carl.id}").status_code == 404
    assert carl.get("/api/v1/me/group-invitations").json()["items"] == []
    assert carl.post(f"/api/v1/groups/{closed}/invitation/accept").status_code == 404


def test_the_discussion_is_for_members_and_moderators_lead_it(people, stack):
    ana, carl, pia, css = people
    group = approved(ana, css, "Music makers", "invitation_only")
    said = ana.post(f"/api/v1/groups/{group}/messages", json={"body": "Welcome, everyone!"})
    assert said.status_code == 201, said.text

    # a non-member can see the group exists, not what is said in it
    assert carl.get(f"/api/v1/groups/{group}").status_code == 200
    assert carl.get(f"/api/v1/groups/{group}/messages").status_code == 403
    assert carl.post(f"/api/v1/groups/{group}/messages", json={"body": "Hello?"}).status_code == 403
    assert carl.get(f"/api/v1/groups/{group}/members").status_code == 403

    ana.post(f"/api/v1/groups/{group}/invitations", json={"user_id": carl.id})
    assert carl.post(f"/api/v1/groups/{group}/invitation/accept").status_code == 200
    wall = carl.get(f"/api/v1/groups/{group}/messages").json()["items"]
    assert [(m["author"]["user_id"], m["body"]) for m in wall] == [(ana.id, "Welcome, everyone!")]
    # the group's chat room (D18): any member writes, and it reads apart from the discussion
    assert carl.post(f"/api/v1/groups/{group}/messages", json={"kind": "chat", "body": "Hi! Anyone online?"}
                     ).status_code == 201
    titled = carl.post(f"/api/v1/groups/{group}/messages", json={"kind": "chat", "title": "Hi", "body": "Hi"})
    assert titled.status_code == 422 and "title" in titled.json()["errors"]
    chat = ana.get(f"/api/v1/groups/{group}/messages", params={"kind": "chat"}).json()["items"]
    assert [(m["author"]["user_id"], m["body"]) for m in chat] == [(carl.id, "Hi! Anyone online?")]

    # activities and tasks come from moderators, whom the admin appoints (R86, A29)
    task = {"kind": "task", "title": "Week 1", "body": "Record a song in your language."}
    assert carl.post(f"/api/v1/groups/{group}/messages", json=task).status_code == 403
    appointed = ana.put(f"/api/v1/groups/{group}/moderators/{carl.id}")
    assert appointed.status_code == 200 and appointed.json()["role"] == "moderator"
    assert carl.post(f"/api/v1/groups/{group}/messages", json=task).status_code == 201
    assert pia.put(f"/api/v1/groups/{group}/moderators/{carl.id}").status_code == 403

    # moderators remove discussion posts
    assert carl.delete(f"/api/v1/groups/{group}/messages/{said.json()['id']}").status_code == 200
    assert [m["kind"] for m in carl.get(f"/api/v1/groups/{group}/messages").json()["items"]] == ["task", "chat"]
    members = ana.get(f"/api/v1/groups/{group}/members").json()["items"]
    assert [(m["person"]["user_id"], m["role"]) for m in members] == [(ana.id, "admin"), (carl.id, "moderator")]

    # an archived group is read-only (CSS only)
    assert ana.post(f"/api/v1/groups/{group}/archive").status_code == 403
    assert css.post(f"/api/v1/groups/{group}/archive").json()["state"] == "archived"
    assert carl.post(f"/api/v1/groups/{group}/messages", json={"body": "Still here?"}).status_code == 409
    assert len(carl.get(f"/api/v1/groups/{group}/messages").json()["items"]) == 2
    assert "group_invitation_sent" in event_types(stack, group)


def test_groups_are_browsed_by_subject_and_a_name_is_one_group(people):
    ana, carl, pia, css = people
    tag = uuid.uuid4().hex[:6]
    music = approved(ana, css, f"Songwriters {tag}", "all_registered_users")
    stem = request(carl, f"Robot builders {tag}", "all_registered_users", subject="stem").json()["id"]
    assert css.post(f"/api/v1/groups/{stem}/approve").status_code == 200

    def browse(**query):
        return carl.get("/api/v1/groups", params={"limit": 100, **query}).json()["items"]

    # classified by subject or area of interest, and browsed that way (R82)
    by_stem = browse(subject="stem")
    assert stem in [g["id"] for g in by_stem] and music not in [g["id"] for g in by_stem]
    assert {g["subject"] for g in by_stem} == {"stem"}
    assert [g["id"] for g in browse(subject="music", q=f"songwriters {tag}")] == [music]
    assert browse(subject="inclusion", q=f"songwriters {tag}") == []
    assert carl.get("/api/v1/groups", params={"subject": "gardening"}).status_code == 422

    # one group per name, case, accents and spaces aside: the request says which one exists
    again = request(carl, f"  SONGWRITERS  {tag.upper()}", "all_registered_users")
    assert again.status_code == 409 and again.json()["code"] == "group_exists"
    assert f"'Songwriters {tag}'" in again.json()["detail"]
    assert [g["id"] for g in browse(subject="music", q=f"songwriters {tag}")] == [music]  # nothing was created


def test_bad_group_input_is_refused(people):
    ana, carl, pia, css = people
    cases = [
        request(ana, "   ", "all_registered_users"),  # a name of spaces is no name
        request(ana, "x" * 10_000, "all_registered_users"),
        request(ana, "Open group", "open"),
        request(ana, "Open group", "all_registered_users", subject="gardening"),
        ana.get("/api/v1/groups", params={"cursor": "forged!!"}),
        ana.post(f"/api/v1/groups/{uuid.uuid4()}/messages", json={"body": ""}),
    ]
    assert [c.status_code for c in cases] == [422] * len(cases)
    assert all(c.headers["Content-Type"] == "application/problem+json" for c in cases)
    assert list(cases[0].json()["errors"]) == ["name"]
    assert ana.get(f"/api/v1/groups/{uuid.uuid4()}").status_code == 404
    assert ana.post("/api/v1/groups/not-a-uuid/join").status_code == 404
