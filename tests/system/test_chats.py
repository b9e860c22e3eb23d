"""Booked chats through the HTTP API only: who may be booked, the invitation's status as the
requester sees it, a room open to its two participants during the slot only, and erasure."""
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Mailbox

from tests.conftest import eventually

pytestmark = pytest.mark.system


def at(**delta):
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def user_id(user):
    return user.get("/api/v1/me").json()["id"]


def statuses(user, box="sent"):
    return [c["status"] for c in user.get("/api/v1/me/chats", params={"box": box}).json()["items"]]


def test_a_chat_with_a_contact_opens_only_to_the_two_of_them_during_the_slot(register_teacher, stack):
    """A booked chat room is private: its invited participants only, during the slot only (R65)."""
    ana, ben, carl = (register_teacher(country=c) for c in ("ES", "FR", "DE"))
    ana_id, ben_id = user_id(ana), user_id(ben)
    request = eventually(lambda: (lambda r: r if r.status_code == 201 else None)(
        ana.post("/api/v1/contact-requests", json={"user_id": ben_id})))
    assert ben.post(f"/api/v1/contact-requests/{request.json()['id']}/accept").status_code == 200

    # neither a contact nor a candidate: refused, saying who can be booked
    stranger = carl.post("/api/v1/chats", json={"user_id": ana_id, "starts_at": at(hours=1)})
    assert stranger.status_code == 403 and stranger.json()["code"] == "not_a_contact_or_candidate"
    bad = [ana.post("/api/v1/chats", json={"user_id": ben_id, "starts_at": at(hours=1), "duration_minutes": 121}),
           ana.post("/api/v1/chats", json={"user_id": ben_id, "starts_at": at(minutes=-5)}),
           ana.post("/api/v1/chats", json={"user_id": ben_id, "starts_at": "2030-01-01T10:00:00"})]
    assert [b.status_code for b in bad] == [422] * 3
    assert all(b.headers["Content-Type"] == "application/problem+json" for b in bad)

    starts = datetime.now(timezone.utc) + timedelta(seconds=10)
    booked = ana.post("/api/v1/chats", json={"user_id": ben_id, "starts_at": starts.isoformat(),
                                              "duration_minutes": 15, "message": "Shall we plan the project?"})
    assert booked.status_code == 201, booked.text
    chat = booked.json()
    path = f"/api/v1/chats/{chat['id']}"
    assert (chat["status"], chat["my_role"], chat["room_open"]) == ("pending", "requester", False)
    assert ana.post("/api/v1/chats", json={"user_id": ben_id, "starts_at": starts.isoformat(),
                                           "duration_minutes": 15}).status_code == 409
    # nor a few minutes later, nor the other way round: one open chat at a time for the two of them
    for who, whom, minutes in ((ana, ben_id, 5), (ben, ana_id, 10)):
        overlapping = who.post("/api/v1/chats", json={"user_id": whom, "duration_minutes": 15,
                                                      "starts_at": (starts + timedelta(minutes=minutes)).isoformat()})
        assert overlapping.status_code == 409 and overlapping.json()["code"] == "already_booked"

    # the requester sees when the invitation has been read (R66)
    assert statuses(ana) == ["pending"]
    assert [c["message"] for c in ben.get("/api/v1/me/chats", params={"box": "received"}).json()["items"]] \
        == ["Shall we plan the project?"]
    assert statuses(ana) == ["read"]
    assert ana.post(f"{path}/accept").status_code == 403  # only the invitee answers
    closed = ana.post(f"{path}/messages", json={"body": "Hello?"})
    assert closed.status_code == 403 and closed.json()["code"] == "chat_not_accepted"

    accepted = ben.post(f"{path}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert statuses(ana) == ["accepted"]
    assert ben.post(f"{path}/decline").status_code == 409
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as conn:  # notify tells the requester (R64)
        notice = conn.execute(text("select payload from outbox where event_type = 'chat_accepted' "
                                   "and payload->>'chat_id' = :c"), {"c": chat["id"]}).scalar_one()
    engine.dispose()
    assert (notice["requester_id"], notice["user_id"]) == (ana_id, ben_id)

    # before the slot the room is shut and says when it opens; others never see it at all
    early = ana.post(f"{path}/messages", json={"body": "Too early"})
    assert early.status_code == 403 and early.json()["code"] == "chat_not_open_yet"
    assert early.json()["detail"] == f"The chat room opens at {starts.strftime('%Y-%m-%d %H:%M')} UTC."
    assert carl.get(path).status_code == 404 and carl.get(f"{path}/messages").status_code == 404

    time.sleep(max(0.0, (starts - datetime.now(timezone.utc)).total_seconds()) + 0.2)
    assert ana.get(path).json()["room_open"] is True
    assert ana.post(f"{path}/messages", json={"body": "¡Hola Ben!"}).status_code == 201
    assert ben.post(f"{path}/messages", json={"body": "Bonjour Ana !"}).status_code == 201
    assert [m["body"] for m in ben.get(f"{path}/messages").json()["items"]] == ["¡Hola Ben!", "Bonjour Ana !"]
    assert carl.post(f"{path}/messages", json={"body": "Let me in"}).status_code == 404


def test_a_candidate_can_be_booked_and_an_erased_account_leaves_nothing_behind(register_teacher, api, mailbox,
                                                                             stack):
    dora = register_teacher(country="IE")
    emil = register_teacher(country="LT")
    pending = register_teacher(country="LV", validated=False)
    emil_id = user_id(emil)
    school = emil.membership["school"]
    added = eventually(lambda: (lambda r: r if r.status_code == 201 else None)(
        dora.post("/api/v1/me/candidates", json={"school_id": school["id"]})))
    assert added and emil_id in [t["user_id"] for t in added.json()["teachers"]]

    # a teacher of a school in My Candidates may be booked without being a contact
    first = dora.post("/api/v1/chats", json={"user_id": emil_id, "starts_at": at(days=1)})
    assert first.status_code == 201, first.text
    assert emil.post(f"/api/v1/chats/{first.json()['id']}/decline").json()["status"] == "declined"
    assert statuses(dora) == ["declined"]
    second = dora.post("/api/v1/chats", json={"user_id": emil_id, "starts_at": at(days=2)})
    assert emil.post(f"/api/v1/chats/{second.json()['id']}/accept").json()["status"] == "accepted"
    # booking is for eTwinning-validated teachers
    refused = pending.post("/api/v1/chats", json={"user_id": emil_id, "starts_at": at(days=1)})
    assert refused.status_code == 403 and refused.json()["code"] == "you_are_not_validated"

    # emil also takes part in dora's event, then erases his account
    event = dora.post("/api/v1/events", json={"title": "Partner search", "kind": "partner_search",
                                              "format": "online", "starts_at": at(days=3),
                                              "ends_at": at(days=3, hours=1)})
    assert emil.post(f"/api/v1/events/{event.json()['id']}/participants").status_code == 201
    words = f"Labas visiems {uuid.uuid4().hex[:8]}"
    assert emil.post(f"/api/v1/events/{event.json()['id']}/messages", json={"body": words}).status_code == 201
    # ... and organises one dora registers for
    his = emil.post("/api/v1/events", json={"title": "Lithuanian folk tales", "kind": "workshop", "format": "online",
                                            "starts_at": at(days=4), "ends_at": at(days=4, hours=1)}).json()
    assert dora.post(f"/api/v1/events/{his['id']}/participants").status_code == 201
    assert emil.post("/api/v1/me/deletion-request").status_code == 202
    token = Mailbox.link_token(mailbox.wait_for(emil.email, "delet"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": token}).status_code == 200

    assert eventually(lambda: dora.get("/api/v1/me/chats").json()["items"] == [])
    # dora is told both are off: the accepted chat, and the event nobody is left to run
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as conn:
        told = conn.execute(text("select event_type, payload from outbox where event_type in "
                                 "('chat_cancelled', 'event_cancelled') and (payload->>'chat_id' = :c "
                                 "or payload->>'platform_event_id' = :e)"), {"c": second.json()["id"], "e": his["id"]}).all()
    engine.dispose()
    assert sorted((kind, p["user_id"]) for kind, p in told) == [("chat_cancelled", emil_id),
                                                                ("event_cancelled", user_id(dora))]
    assert dora.get(f"/api/v1/events/{his['id']}").json()["state"] == "cancelled"
    details = dora.get(f"/api/v1/events/{event.json()['id']}").json()
    assert (details["participant_count"], details["seats_left"]) == (0, 100)
    assert dora.get(f"/api/v1/events/{event.json()['id']}/participants").json()["items"] == []
    assert dora.get(f"/api/v1/events/{event.json()['id']}/messages").json()["items"] == []

    # nothing of emil is left in any of directory's tables: not his id, not his words
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as conn:
        columns = conn.execute(text(
            "select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t "
            "on (t.table_schema, t.table_name) = (c.table_schema, c.table_name) where c.table_schema = "
            "current_schema() and t.table_type = 'BASE TABLE' and c.table_name not in "
            "('inbox', 'outbox', 'parked_events', 'erased_users', 'alembic_version')")).all()
        left = [(table, column, needle) for table, column in columns for needle in (emil_id, words)
                if conn.execute(text(f'select exists (select 1 from "{table}" where cast("{column}" as text) like :n)'),
                                {"n": f"%{needle}%"}).scalar()]
    engine.dispose()
    assert len({table for table, _ in columns}) > 20 and left == []
