"""Contacts, following, the feed, My Candidates and people search filters on a real database,
through the use cases, as a signed-in teacher (or another service) sees them. Races run two
units of work of the service's own ``Transactions`` at once: the first is held open after its
change while the second, in another thread, waits on the same rows."""
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from directory.use_cases import networking, read_model, search
from etwinning_contracts.actor import SYSTEM, Actor
from etwinning_contracts.directory import networking as N
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from etwinning_contracts.runtime.clock import SystemClock

from .people import block, change, run, teacher


def ids(items, key="user_id"):
    return [item[key] for item in items]


# ---------------------------------------------------------------- races (R67, R71, A64)

def blocked_on_a_lock(Session, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session() as session:
            if session.execute(text("select count(*) from pg_stat_activity where datname = current_database() "
                                    "and wait_event_type = 'Lock'")).scalar():
                return True
        time.sleep(0.05)
    return False


def race(tx, Session, first, second):
    """``first`` in a unit held open after its change; meanwhile ``second`` in a unit of its own in
    another thread, which waits on the rows the first holds; then the first commits. Returns the
    first's result and the second's ({"value": ...} or {"error": ...})."""
    outcome = {}

    def other():
        try:
            with tx.unit() as uow:
                outcome["value"] = second(uow)
        except Exception as exc:  # what the entrypoint would send back
            outcome["error"] = exc

    with tx.unit() as uow:
        result = first(uow)
        uow.repo.flush()
        thread = threading.Thread(target=other)
        thread.start()
        assert blocked_on_a_lock(Session), "the second request should wait for the first"
    thread.join(15)
    assert not thread.is_alive()
    return result, outcome


def rows(Session, sql, **params):
    with Session() as session:
        return session.execute(text(sql), params).all()


def test_two_follows_at_once_both_answer_following_and_follow_once(tx, Session):
    ana, ben = teacher(Session), teacher(Session)
    follow = lambda uow: networking.follow(uow, ana.actor, user_id=ben.id)  # noqa: E731  (a double click)
    first, second = race(tx, Session, follow, follow)
    assert first["status"] == "following" and second["value"]["status"] == "following"
    assert len(rows(Session, "select 1 from follows where follower_id = :a and followee_id = :b",
                    a=ana.id, b=ben.id)) == 1
    assert len(rows(Session, "select 1 from outbox where event_type = 'follow_created' and payload->>'user_id' = :a "
                             "and payload->>'other_user_id' = :b", a=str(ana.id), b=str(ben.id))) == 1


def test_a_write_that_loses_a_race_on_a_key_is_a_conflict_to_retry(tx, Session):
    """Any check-then-insert that two requests race on: the loser changed nothing and gets a
    409 it may retry (Transactions.unit), never a 500."""
    from directory.db import Follow

    ana, ben = teacher(Session), teacher(Session)

    def insert(uow):
        uow.repo.add(Follow(follower_id=ana.id, followee_id=ben.id, since=uow.now()))
        uow.repo.flush()
        return "inserted"

    first, second = race(tx, Session, insert, insert)
    assert first == "inserted"
    assert isinstance(second.get("error"), Conflict) and second["error"].code == "concurrent_change"


def test_two_identical_contact_requests_at_once_make_one_request(tx, Session):
    ana, ben = teacher(Session), teacher(Session)
    ask = lambda uow: networking.request_contact(uow, ana.actor, user_id=ben.id)  # noqa: E731
    first, second = race(tx, Session, ask, ask)
    assert first["state"] == "pending"
    assert isinstance(second.get("error"), Conflict) and second["error"].code == "already_requested"
    assert len(rows(Session, "select 1 from contact_requests where requester_id = :a and recipient_id = :b",
                    a=ana.id, b=ben.id)) == 1


def test_crossed_requests_sent_at_the_same_moment_make_contacts(tx, Session):
    """A64: a request crossing one from the recipient accepts it, even when both are sent at once."""
    ana, ben = teacher(Session), teacher(Session)
    first, second = race(tx, Session, lambda uow: networking.request_contact(uow, ana.actor, user_id=ben.id),
                         lambda uow: networking.request_contact(uow, ben.actor, user_id=ana.id))
    assert first["state"] == "pending" and second["value"]["state"] == "accepted"
    assert second["value"]["id"] == first["id"]
    assert rows(Session, "select state from contact_requests where requester_id in (:a, :b) and "
                         "recipient_id in (:a, :b)", a=ana.id, b=ben.id) == [("accepted",)]
    with tx.unit() as uow:
        assert networking.relationship(uow, ana.actor, user_id=ben.id)["is_contact"]


def test_crossed_requests_accepted_at_once_both_succeed(tx, Session):
    ana, ben = teacher(Session), teacher(Session)
    # two crossed pending requests, as concurrent requests could leave them before A64 was enforced
    now = SystemClock().now()
    with Session() as session:
        for a, b in ((ana.id, ben.id), (ben.id, ana.id)):
            session.execute(text("insert into contact_requests (id, requester_id, recipient_id, state, created_at) "
                                 "values (:i, :a, :b, 'pending', :t)"), {"i": uuid.uuid4(), "a": a, "b": b, "t": now})
        session.commit()
    pending = {r.requester_id: r.id for r in rows(
        Session, "select id, requester_id from contact_requests where recipient_id in (:a, :b) and requester_id "
                 "in (:a, :b)", a=ana.id, b=ben.id)}
    first, second = race(
        tx, Session, lambda uow: networking.decide_contact_request(uow, ben.actor, request_id=pending[ana.id],
                                                                   accept=True),
        lambda uow: networking.decide_contact_request(uow, ana.actor, request_id=pending[ben.id], accept=True))
    assert first["state"] == "accepted" and second.get("value", {}).get("state") == "accepted", second
    assert len(rows(Session, "select 1 from contacts where user_a in (:a, :b) and user_b in (:a, :b)",
                    a=ana.id, b=ben.id)) == 1
    with tx.unit() as uow:  # accepting the same agreement again is harmless
        assert networking.decide_contact_request(uow, ben.actor, request_id=pending[ana.id],
                                                 accept=True)["state"] == "accepted"


# ---------------------------------------------------------------- contacts (R67-R70)

def make_contacts(Session, a, b):
    request = run(Session, networking.request_contact, a.actor, user_id=b.id)
    run(Session, networking.decide_contact_request, b.actor, request_id=request["id"], accept=True)


def test_a_blocked_persons_pending_requests_become_void_and_stay_so_after_the_unblock(Session):
    """A20: sent or received before the block, a pending request is void; one sent after the
    unblock is not touched by a block event that arrives late or again."""
    ana, ben, cleo = teacher(Session), teacher(Session), teacher(Session)
    run(Session, networking.request_contact, ana.actor, user_id=ben.id)
    run(Session, networking.request_contact, cleo.actor, user_id=ana.id)
    blocked_at = datetime.now(timezone.utc)
    block(Session, ana)
    assert run(Session, networking.list_contact_requests, ben.actor, box="received", limit=10)["items"] == []
    change(Session, ana, state="active_etwinner")
    for who, box in ((ben, "received"), (cleo, "sent"), (ana, "sent"), (ana, "received")):
        assert run(Session, networking.list_contact_requests, who.actor, box=box, limit=10)["items"] == []
    again = run(Session, networking.request_contact, ana.actor, user_id=ben.id)  # may be asked again
    run(Session, read_model.void_invitations_of_blocked, ana.id, blocked_at)  # the block's event, late
    assert ids(run(Session, networking.list_contact_requests, ben.actor, box="received", limit=10)["items"],
               "id") == [again["id"]]


def test_removing_a_contact_twice_at_once_removes_and_tells_once(tx, Session):
    ana, ben = teacher(Session), teacher(Session)
    make_contacts(Session, ana, ben)
    remove = lambda uow: networking.remove_contact(uow, ana.actor, user_id=ben.id)  # noqa: E731
    first, second = race(tx, Session, remove, remove)
    assert first["status"] == "removed" and isinstance(second.get("error"), NotFound)
    assert len(rows(Session, "select 1 from outbox where event_type = 'contact_removed' and payload->>'user_id' = :a",
                    a=str(ana.id))) == 1


def test_a_declined_request_makes_no_contact_and_can_be_sent_again_after_a_week(Session):
    ana, ben = teacher(Session), teacher(Session)
    request = run(Session, networking.request_contact, ana.actor, user_id=ben.id, message="Project on rivers?")
    received = run(Session, networking.list_contact_requests, ben.actor, box="received", limit=10)
    assert ids(received["items"], "id") == [request["id"]] and received["items"][0]["message"] == "Project on rivers?"
    with pytest.raises(NotFound):  # only the recipient decides
        run(Session, networking.decide_contact_request, ana.actor, request_id=request["id"], accept=True)
    assert run(Session, networking.decide_contact_request, ben.actor, request_id=request["id"],
               accept=False)["state"] == "declined"
    with pytest.raises(Conflict) as closed:
        run(Session, networking.decide_contact_request, ben.actor, request_id=request["id"], accept=True)
    assert closed.value.code == "request_closed"
    assert not run(Session, networking.relationship, ana.actor, user_id=ben.id)["is_contact"]
    assert run(Session, networking.list_contact_requests, ben.actor, box="received", limit=10)["items"] == []

    # asking again straight away is refused, saying when (§10.6), and changes nothing
    with pytest.raises(Conflict) as too_soon:
        run(Session, networking.request_contact, ana.actor, user_id=ben.id)
    until = (SystemClock().now() + timedelta(days=7)).strftime("%Y-%m-%d")
    assert too_soon.value.code == "request_cooldown" and f"ask again from {until}" in too_soon.value.detail
    assert run(Session, networking.relationship, ana.actor, user_id=ben.id)["reason"] == "request_cooldown"
    assert run(Session, networking.list_contact_requests, ana.actor, box="sent", limit=10)["items"] == []
    # ben, who declined, may still ask ana; and so may others
    assert run(Session, networking.relationship, ben.actor, user_id=ana.id)["can_request_contact"] is True
    with Session() as session:  # a week later
        session.execute(text("update contact_requests set decided_at = decided_at - interval '7 days' "
                             "where requester_id = :a"), {"a": ana.id})
        session.commit()
    assert run(Session, networking.relationship, ana.actor, user_id=ben.id)["can_request_contact"] is True
    assert run(Session, networking.request_contact, ana.actor, user_id=ben.id)["state"] == "pending"


def test_a_declined_requester_asked_in_turn_by_the_recipient_becomes_a_contact_at_once(Session):
    ana, ben = teacher(Session), teacher(Session)
    request = run(Session, networking.request_contact, ana.actor, user_id=ben.id)
    run(Session, networking.decide_contact_request, ben.actor, request_id=request["id"], accept=False)
    run(Session, networking.request_contact, ben.actor, user_id=ana.id)  # ben changed his mind
    assert run(Session, networking.request_contact, ana.actor, user_id=ben.id)["state"] == "accepted"  # A64


def test_a_request_can_be_cancelled_by_its_sender_only(Session):
    ana, ben = teacher(Session), teacher(Session)
    request = run(Session, networking.request_contact, ana.actor, user_id=ben.id)
    assert ids(run(Session, networking.list_contact_requests, ana.actor, box="sent", limit=10)["items"], "id") \
        == [request["id"]]
    with pytest.raises(NotFound):
        run(Session, networking.cancel_contact_request, ben.actor, request_id=request["id"])
    assert run(Session, networking.cancel_contact_request, ana.actor, request_id=request["id"])["state"] == "cancelled"
    assert run(Session, networking.list_contact_requests, ben.actor, box="received", limit=10)["items"] == []
    with pytest.raises(Conflict):  # too late to accept
        run(Session, networking.decide_contact_request, ben.actor, request_id=request["id"], accept=True)


def test_removing_a_contact_ends_it_for_both(Session):
    ana, ben = teacher(Session), teacher(Session)
    make_contacts(Session, ana, ben)
    assert ids([c["person"] for c in run(Session, networking.list_contacts, ben.actor, limit=10)["items"]]) == [ana.id]
    assert run(Session, networking.remove_contact, ben.actor, user_id=ana.id)["status"] == "removed"
    assert run(Session, networking.list_contacts, ana.actor, limit=10)["items"] == []
    with pytest.raises(NotFound):
        run(Session, networking.remove_contact, ana.actor, user_id=ben.id)


def test_only_validated_etwinners_become_contacts(Session):
    ana, pia = teacher(Session), teacher(Session, validated=False)
    change(Session, pia, schools=[{"school_id": str(uuid.uuid4()), "name": "Szkoła Podstawowa nr 3", "town": "Łódź",
                                   "country": "PL", "region": None, "education_levels": [], "validated": False}])
    for who, whom, code in ((ana, pia, "not_validated"), (pia, ana, "you_are_not_validated")):
        with pytest.raises(Forbidden) as refused:
            run(Session, networking.request_contact, who.actor, user_id=whom.id)
        assert refused.value.code == code
    # pia's validation was refused (A21): she is told so, not that it is pending
    with pytest.raises(Forbidden) as refused:
        run(Session, networking.request_contact, pia.actor, user_id=ana.id)
    assert "was not granted" in refused.value.detail and "pending" not in refused.value.detail
    change(Session, pia, state="pending_validation")
    with pytest.raises(Forbidden) as refused:
        run(Session, networking.request_contact, pia.actor, user_id=ana.id)
    assert refused.value.code == "you_are_not_validated" and refused.value.detail.endswith("validation is pending.")


def test_the_contact_request_carries_the_project_hint():
    """R69: the API says what contacts are for, and /openapi.json shows it."""
    assert "Invite as contact to run a project with this user" in N.CONTACT_HINT
    description = N.ContactRequestArgs().fields["user_id"].metadata["description"]
    assert N.CONTACT_HINT in description
    try:
        from gateway.service import OPENAPI
    except ImportError:  # the gateway is not installed alongside
        return
    operation = OPENAPI["paths"]["/api/v1/contact-requests"]["post"]
    assert N.CONTACT_HINT in operation["description"]
    assert N.CONTACT_HINT in OPENAPI["components"]["schemas"]["ContactRequestArgs"]["properties"]["user_id"][
        "description"]
    for card in ("PersonCard", "SchoolCard", "Relationship", "Candidate"):  # R60: for every result
        assert "can_propose_partnership" in OPENAPI["components"]["schemas"][card]["properties"]


def test_contact_list_leaves_out_blocked_people_and_is_searchable_by_name(Session):
    me = teacher(Session)
    zoe = teacher(Session, "Zoë", "Łukaszewicz")
    bo = teacher(Session, "Bo", "Zoellner")
    gone = teacher(Session, "Zoe", "Blocked")
    for other in (zoe, bo, gone):
        make_contacts(Session, me, other)
    block(Session, gone)

    def contacts(actor=me.actor, **query):
        return ids([c["person"] for c in run(Session, networking.list_contacts, actor, limit=10, **query)["items"]])

    assert set(contacts()) == {zoe.id, bo.id}  # R54: inactive and blocked people are not offered
    assert contacts(q="zoe") == [bo.id, zoe.id] or contacts(q="zoe") == [zoe.id, bo.id]  # words beginning "zoe"
    assert contacts(q="LUKASZ") == [zoe.id]  # accents and case aside, a word's beginning is enough
    assert contacts(q="zoe lukaszewicz") == [zoe.id]  # every word must match
    assert contacts(q="nobody") == []
    # a page at a time, the cursor going on from the last
    first = run(Session, networking.list_contacts, me.actor, limit=1)
    second = run(Session, networking.list_contacts, me.actor, limit=1, cursor=first["next_cursor"])
    assert second["next_cursor"] is None and {*ids([first["items"][0]["person"]]),
                                               *ids([second["items"][0]["person"]])} == {zoe.id, bo.id}
    # coming back makes them a contact again in the list
    change(Session, gone, state="active_etwinner")
    assert gone.id in contacts()


def test_other_services_read_a_users_contacts_and_nobody_else_does(Session):
    """R70: projects' co-founder picker and notify read a given user's contacts."""
    me, ben, eve = teacher(Session), teacher(Session, "Ben", "Contact"), teacher(Session)
    make_contacts(Session, me, ben)
    load = N.ContactListArgs().load  # the wire schema lets a service say whose contacts
    page = run(Session, networking.list_contacts, SYSTEM, **load({"user_id": str(me.id), "q": "ben"}))
    assert ids([c["person"] for c in page["items"]]) == [ben.id]
    assert run(Session, networking.list_contacts, me.actor, **load({"user_id": str(me.id)}))["items"]
    with pytest.raises(Forbidden):
        run(Session, networking.list_contacts, eve.actor, **load({"user_id": str(me.id)}))
    with pytest.raises(Invalid):
        run(Session, networking.list_contacts, SYSTEM, **load({}))

    check = {"user_id": me.id, "other_user_ids": [ben.id, eve.id]}
    assert run(Session, networking.check_contacts, SYSTEM, **check)["contacts"] == [ben.id]
    assert run(Session, networking.check_contacts, me.actor, **check)["contacts"] == [ben.id]
    for stranger in (eve.actor, Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))):
        with pytest.raises(Forbidden):
            run(Session, networking.check_contacts, stranger, **check)


# ---------------------------------------------------------------- following (R71) and the feed (R72)

def test_follow_unfollow_and_the_lists_of_followers(Session):
    ana, ben, cy = teacher(Session), teacher(Session), teacher(Session, validated=False)
    run(Session, networking.follow, ana.actor, user_id=ben.id)
    run(Session, networking.follow, cy.actor, user_id=ben.id)  # no acceptance, no validation needed
    run(Session, networking.follow, ana.actor, user_id=cy.id)
    assert set(ids(run(Session, networking.list_follows, ana.actor, direction="following", limit=10)["items"])) \
        == {ben.id, cy.id}
    assert set(ids(run(Session, networking.list_follows, ben.actor, direction="followers", limit=10)["items"])) \
        == {ana.id, cy.id}
    relation = run(Session, networking.relationship, ben.actor, user_id=ana.id)
    assert relation["followed_by"] and not relation["following"] and not relation["is_contact"]  # no contact rights
    block(Session, cy)  # R54: blocked people leave the lists
    assert ids(run(Session, networking.list_follows, ben.actor, direction="followers", limit=10)["items"]) == [ana.id]
    assert ids(run(Session, networking.list_follows, ana.actor, direction="following", limit=10)["items"]) == [ben.id]
    assert run(Session, networking.unfollow, ana.actor, user_id=ben.id)["status"] == "not_following"
    assert run(Session, networking.list_follows, ben.actor, direction="followers", limit=10)["items"] == []
    with pytest.raises(NotFound):
        run(Session, networking.unfollow, ana.actor, user_id=ben.id)
    with pytest.raises(Forbidden):
        run(Session, networking.follow, ana.actor, user_id=ana.id)


def test_the_feed_merges_news_with_followed_peoples_and_contacts_activity(Session):
    me, followed, contact, stranger = (teacher(Session) for _ in range(4))
    run(Session, networking.follow, me.actor, user_id=followed.id)
    make_contacts(Session, me, contact)
    css = Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))

    def act(person, title):
        run(Session, networking.record_activity, person.id, "post_published", {"title": title})

    act(followed, "followed 1")
    news = run(Session, networking.publish_news, css, title="eTwinning Week 2027", body="Join us!",
               link="https://etwinning.example/week")
    act(contact, "contact 1")
    act(stranger, "stranger")
    act(followed, "followed 2")
    with pytest.raises(Forbidden):  # news come from the Central Support Service only
        run(Session, networking.publish_news, me.actor, title="My news", body="...")

    seen, cursor = [], None
    while True:  # every page, two at a time
        page = run(Session, networking.feed, me.actor, limit=2, cursor=cursor)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len({item["id"] for item in seen}) == len(seen)
    assert [item["id"] for item in seen] == sorted((item["id"] for item in seen), reverse=True)  # newest first
    mine = [(item["kind"], item["summary"].get("title")) for item in seen
            if item["kind"] != "news" or item["id"] == news["id"]]
    assert mine == [("post_published", "followed 2"), ("post_published", "contact 1"),
                    ("news", "eTwinning Week 2027"), ("post_published", "followed 1")]
    item = next(item for item in seen if item["id"] == news["id"])
    assert item["actor"] is None and item["summary"]["link"] == "https://etwinning.example/week"
    assert N.ActivityPage().dump({"items": seen, "next_cursor": None})  # the wire shape holds news
    block(Session, followed)  # R54
    titles = [i["summary"].get("title") for i in run(Session, networking.feed, me.actor, limit=50)["items"]]
    assert "followed 2" not in titles and "contact 1" in titles


# ---------------------------------------------------------------- My Candidates (R62) and red results (R60)

def test_person_candidates_are_added_noted_removed_and_hidden_while_blocked(Session):
    me, green, red = teacher(Session), teacher(Session), teacher(Session, available=False)
    added = run(Session, networking.add_candidate, me.actor, user_id=green.id, note="Science fair?")
    assert added["person"]["user_id"] == green.id and added["can_propose_partnership"]
    other = run(Session, networking.add_candidate, me.actor, user_id=red.id)
    assert other["person"]["availability"] == "red" and not other["can_propose_partnership"]
    with pytest.raises(Conflict):
        run(Session, networking.add_candidate, me.actor, user_id=green.id)
    with pytest.raises(Forbidden) as myself:  # a candidate is a potential partner, never oneself
        run(Session, networking.add_candidate, me.actor, user_id=me.id)
    assert myself.value.code == "self"
    assert run(Session, networking.update_candidate_note, me.actor, candidate_id=added["id"],
               note="Maybe in May")["note"] == "Maybe in May"
    listed = lambda: ids(run(Session, networking.list_candidates, me.actor, limit=10)["items"], "id")  # noqa: E731
    assert set(listed()) == {added["id"], other["id"]}
    block(Session, red)  # R54: left out while blocked, back when active again
    assert listed() == [added["id"]]
    change(Session, red, state="active_etwinner")
    assert set(listed()) == {added["id"], other["id"]}
    with pytest.raises(NotFound):  # someone else's candidate does not exist for me
        run(Session, networking.remove_candidate, green.actor, candidate_id=added["id"])
    assert run(Session, networking.remove_candidate, me.actor, candidate_id=added["id"])["status"] == "removed"
    assert listed() == [other["id"]]
    for schema in (N.CandidateSchema, N.RelationshipSchema):
        assert "can_propose_partnership" in schema().fields


def test_the_profile_offers_partnership_only_for_green_people(Session):
    me, green, red = teacher(Session), teacher(Session), teacher(Session, available=False)
    assert run(Session, networking.relationship, me.actor, user_id=green.id)["can_propose_partnership"]
    assert not run(Session, networking.relationship, me.actor, user_id=red.id)["can_propose_partnership"]


# ---------------------------------------------------------------- people search filters (R49)

def test_people_search_filters_by_member_type_validation_and_availability(Session):
    family = f"Filterson{uuid.uuid4().hex[:4]}"
    head = teacher(Session, "Hana", family, member_type="head_teacher")
    open_ = teacher(Session, "Otto", family)
    busy = teacher(Session, "Bea", family, available=False)
    pending = teacher(Session, "Pat", family, validated=False)
    ours = {head.id, open_.id, busy.id, pending.id}

    def found(**filters):
        page = run(Session, search.search_people, open_.actor, q=family, limit=50, **filters)
        return {p["user_id"] for p in page["items"]} & ours

    assert found() == ours
    assert found(member_type="head_teacher") == {head.id}
    assert found(validated_only=True) == {head.id, open_.id, busy.id}
    assert found(available_only=True) == {head.id, open_.id}
    assert found(member_type="teacher", available_only=True) == {open_.id}
