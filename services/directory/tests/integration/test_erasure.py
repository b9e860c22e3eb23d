"""An erased account (identity's user_erased and user_removed) leaves nothing of the person in
directory: a person who did a bit of everything, and a staff member who decided on groups and
organised an activity, are erased; then no table holds their id, their name or their words."""
import json
import uuid
from datetime import date, timedelta

from sqlalchemy import text

from directory.use_cases import chats, events, groups, networking, posts, read_model, resources
from etwinning_contracts.actor import Actor
from etwinning_contracts.directory import events as EV
from etwinning_contracts.directory import groups as G
from etwinning_contracts.directory import resources as R
from etwinning_contracts.runtime.clock import SystemClock

from .people import change, run, teacher

# Bookkeeping the brief of erasure does not reach: events already sent or received (their
# retention is the relay's and the inbox's: ids and times), and the list of erased ids that
# keeps them erased. Parked events are looked at: they keep whole payloads.
BOOKKEEPING = ("inbox", "outbox", "erased_users", "alembic_version")


def tables_holding(Session, needle):
    """Every (table, column) of directory's database whose value, as text, contains ``needle``
    (case aside), bookkeeping aside."""
    with Session() as session:
        columns = session.execute(text(
            "select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t "
            "on t.table_schema = c.table_schema and t.table_name = c.table_name "
            "where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' "
            "and not (c.table_name = any(:skip))"), {"skip": list(BOOKKEEPING)}).all()
        assert len({table for table, _ in columns}) > 20  # every area's tables are looked at
        return [(table, column) for table, column in columns if session.execute(text(
            f'select exists (select 1 from "{table}" where cast("{column}" as text) ilike :n)'),
            {"n": f"%{needle}%"}).scalar()]


def in_future(**delta):
    return (SystemClock().now() + timedelta(**delta)).isoformat()


def group(Session, who, staff, policy="all_registered_users", approve=True):
    request = G.GroupRequestArgs().load({
        "name": f"Group {uuid.uuid4().hex[:8]}", "description": "Teachers sharing ideas about music.",
        "subject": "music", "access_policy": policy, "accept_code_of_conduct": True})
    requested = run(Session, groups.request_group, who.actor, **request)
    return (run(Session, groups.approve_group, staff, group_id=requested["id"]) if approve else requested)["id"]


def event(Session, who, **values):
    body = {"title": "Music across borders", "kind": "workshop", "format": "online", "starts_at": in_future(days=3),
            "ends_at": in_future(days=3, hours=1), **values}
    return run(Session, events.create_event, who.actor, **EV.EventCreateArgs().load(body))["id"]


def test_an_erased_person_leaves_no_id_name_or_words_in_any_table(Session):
    words = f"Quetzalword{uuid.uuid4().hex[:8]}"  # in everything the leaver writes
    leaver = teacher(Session, "Leocadia", f"Erasmus{uuid.uuid4().hex[:8]}")
    school = {"school_id": str(uuid.uuid4()), "name": "Escola Bàsica", "town": "Girona", "country": "ES",
              "region": None, "education_levels": [], "validated": True}
    change(Session, leaver, schools=[school])
    ana, ben = teacher(Session), teacher(Session)
    staff = Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))

    # contacts, requests, follows, candidates and the feed
    request = run(Session, networking.request_contact, leaver.actor, user_id=ana.id, message=words)
    run(Session, networking.decide_contact_request, ana.actor, request_id=request["id"], accept=True)
    run(Session, networking.request_contact, leaver.actor, user_id=ben.id, message=words)
    run(Session, networking.follow, ben.actor, user_id=leaver.id)
    run(Session, networking.follow, leaver.actor, user_id=ana.id)
    run(Session, networking.add_candidate, leaver.actor, user_id=ana.id, note=words)
    run(Session, networking.add_candidate, ana.actor, user_id=leaver.id, note="Met at the conference")

    # posts and comments
    common = {"summary": None, "scope": None, "school_id": None, "subjects": ["music"], "languages": ["en"],
              "age_groups": ["12-15"], "countries": ["PL"], "visible_until": date.today() + timedelta(days=30)}
    theirs = run(Session, posts.create_post, ana.actor, post_type="collaboration", title="Songs of Europe",
                 description="Singing together across borders.", **common)
    run(Session, posts.publish_post, ana.actor, post_id=theirs["id"])
    run(Session, posts.comment_on_post, leaver.actor, post_id=theirs["id"], body=words)
    mine = run(Session, posts.create_post, leaver.actor, post_type="collaboration", title=words,
               description=f"{words} in every class.", **common)
    run(Session, posts.publish_post, leaver.actor, post_id=mine["id"])

    # groups: a member's wall and documents, a group they ran and others joined, a request, invitations
    anas = group(Session, ana, staff)
    run(Session, groups.join_group, leaver.actor, group_id=anas)
    run(Session, groups.post_group_message, leaver.actor, group_id=anas, kind="discussion", title=words, body=words)
    run(Session, groups.add_group_document, leaver.actor, group_id=anas, title=words, url="https://example.org/a")
    ran = group(Session, leaver, staff)
    run(Session, groups.join_group, ana.actor, group_id=ran)
    run(Session, groups.invite_to_group, leaver.actor, group_id=ran, user_id=ben.id)
    group(Session, leaver, staff, approve=False)  # never approved: it goes
    closed = group(Session, ana, staff, policy="invitation_only")
    run(Session, groups.invite_to_group, ana.actor, group_id=closed, user_id=leaver.id)

    # events: one they organise, one they take part in (forum, archive), an invitation
    organised = event(Session, leaver)
    run(Session, events.register_for_event, ben.actor, event_id=organised)
    joined = event(Session, ana)
    run(Session, events.register_for_event, leaver.actor, event_id=joined)
    run(Session, events.post_event_message, leaver.actor, event_id=joined, body=words)
    run(Session, events.add_event_document, leaver.actor, event_id=joined, title=words, url="https://example.org/b")
    run(Session, events.invite_to_event, ana.actor, event_id=event(Session, ana, visibility="private"),
        user_ids=[leaver.id])

    # a professional-development activity the staff member organises, the leaver applies for
    seminar = run(Session, events.create_pd_activity, staff, **EV.PdActivityCreateArgs().load(
        {"kind": "online_seminar", "title": "Music and AI", "seats": 20, "starts_at": in_future(days=2)}))
    run(Session, events.apply_for_pd_activity, leaver.actor, activity_id=seminar["id"])

    # a booked chat, a shared resource, and an answer kept for a retry
    run(Session, chats.book_chat, leaver.actor, user_id=ana.id, starts_at=SystemClock().now() + timedelta(days=1),
        duration_minutes=30, message=words)
    run(Session, resources.create_resource, leaver.actor, **R.CreateResourceArgs().load({
        "title": words, "description": f"{words}: a worksheet.", "resource_type": "worksheet", "subjects": ["music"],
        "languages": ["en"], "age_groups": ["12-15"], "school_id": school["school_id"], "searchable": True,
        "url": "https://example.org/c"}))
    with Session() as session:
        session.execute(text("insert into idempotency_keys (caller, operation, key, fingerprint, response, created_at) "
                             "values (:c, 'create_post', :k, 'f', cast(:r as jsonb), now())"),
                        {"c": str(leaver.id), "k": str(uuid.uuid4()), "r": json.dumps({"title": words})})
        # someone else's kept answer that shows the leaver, and a snapshot of theirs parked for an operator
        session.execute(text("insert into idempotency_keys (caller, operation, key, fingerprint, response, created_at) "
                             "values (:c, 'book_chat', :k, 'f', cast(:r as jsonb), now())"),
                        {"c": str(ana.id), "k": str(uuid.uuid4()),
                         "r": json.dumps({"with": {"user_id": str(leaver.id)}})})
        session.execute(text("insert into parked_events (event_id, handler, queue, source, event_type, payload, "
                             "error, attempts, state, updated_at) values (:e, 'on_user_changed', 'q', 'identity', 'user_changed', "
                             "cast(:p as jsonb), 'deadlock detected', 8, 'dead', now())"),
                        {"e": str(uuid.uuid4()),
                         "p": json.dumps({"user_id": str(leaver.id), "user": {"last_name": words}})})
        session.commit()

    name = leaver.snapshot["last_name"]
    for needle in (str(leaver.id), staff.user_id, words, name):
        assert tables_holding(Session, needle), f"the test should have written {needle} somewhere"

    run(Session, read_model.erase_user, leaver.id)  # user_erased
    run(Session, read_model.erase_user, staff.user_id)  # user_removed: the same

    for needle in (str(leaver.id), staff.user_id, words, name):
        assert tables_holding(Session, needle) == [], needle
    # what others share stays, without them: the group they ran, the event they organised (cancelled)
    assert run(Session, groups.get_group, ana.actor, group_id=ran)["my_role"] == "admin"
    kept = run(Session, events.get_event, ben.actor, event_id=organised)
    assert (kept["state"], kept["organiser"]) == ("cancelled", None)
