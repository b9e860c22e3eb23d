"""Groups' documents and leaving (R85, R80-R88), publishing a project idea (A32) and official
professional-development activities (R91, R96-R97) on a real database, through the use cases and
the wire schemas a request goes through."""
import uuid
from datetime import date, timedelta

import pytest
from marshmallow import ValidationError
from sqlalchemy import text

from directory.use_cases import events, groups, posts
from etwinning_contracts.actor import Actor
from etwinning_contracts.directory import events as EV
from etwinning_contracts.directory import groups as G
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from etwinning_contracts.runtime.clock import SystemClock

from .people import block, change, run, teacher

CSS = Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))


def group_request(name=None, policy="all_registered_users"):
    return G.GroupRequestArgs().load({
        "name": name or f"Robotics in primary {uuid.uuid4().hex[:8]}",  # one group per name
        "description": "Sharing robotics lessons for 6-11 year olds.", "subject": "stem", "access_policy": policy,
        "accept_code_of_conduct": True})


def active_group(Session, admin, policy="all_registered_users", name=None):
    group = run(Session, groups.request_group, admin.actor, **group_request(name, policy))
    return run(Session, groups.approve_group, CSS, group_id=group["id"])["id"]


# ---------------------------------------------------------------- groups

def test_group_documents_are_for_members_only(Session):
    admin, member, outsider = teacher(Session), teacher(Session, validated=False), teacher(Session)
    group_id = active_group(Session, admin)
    body = G.GroupDocumentArgs().load({"group_id": str(group_id), "title": "Lesson plan: Bee-Bot",
                                       "url": "https://example.org/bee-bot.pdf"})
    document = run(Session, groups.add_group_document, admin.actor, **body)
    assert document["added_by"]["user_id"] == admin.id
    for call, kwargs in ((groups.list_group_documents, {"group_id": group_id, "limit": 10}),
                         (groups.add_group_document, body)):
        with pytest.raises(Forbidden) as refused:  # like the wall (R85)
            run(Session, call, outsider.actor, **kwargs)
        assert refused.value.code == "members_only"
    with pytest.raises(ValidationError):  # a title and a web link: a 422 at the gateway and the service
        G.GroupDocumentArgs().load({"group_id": str(group_id), "title": "x", "url": "javascript:alert(1)"})

    run(Session, groups.join_group, member.actor, group_id=group_id)
    mine = run(Session, groups.add_group_document, member.actor, **{**body, "title": "My worksheet"})
    page = run(Session, groups.list_group_documents, member.actor, group_id=group_id, limit=1)
    more = run(Session, groups.list_group_documents, member.actor, group_id=group_id, limit=1,
               cursor=page["next_cursor"])
    assert [d["title"] for d in page["items"] + more["items"]] == ["My worksheet", "Lesson plan: Bee-Bot"]
    assert G.GroupDocumentPage().dump(page)["items"][0]["url"] == "https://example.org/bee-bot.pdf"
    with pytest.raises(Forbidden):  # not theirs, and they do not moderate
        run(Session, groups.delete_group_document, member.actor, group_id=group_id, document_id=document["id"])
    run(Session, groups.delete_group_document, admin.actor, group_id=group_id, document_id=mine["id"])
    with pytest.raises(NotFound):
        run(Session, groups.delete_group_document, admin.actor, group_id=group_id, document_id=mine["id"])
    assert [d["id"] for d in run(Session, groups.list_group_documents, CSS, group_id=group_id,
                                 limit=10)["items"]] == [document["id"]]
    run(Session, groups.archive_group, CSS, group_id=group_id)
    with pytest.raises(Conflict):  # an archived group is read-only
        run(Session, groups.add_group_document, admin.actor, **body)


def test_an_admin_who_leaves_hands_over_and_the_last_one_out_archives_the_group(Session):
    """A28: leaving is always possible. The admin's group passes to a member; when the last
    member leaves, nobody is left to run it: it is archived, and stays so."""
    admin, member = teacher(Session), teacher(Session)
    group_id = active_group(Session, admin)
    run(Session, groups.join_group, member.actor, group_id=group_id)
    run(Session, groups.leave_group, admin.actor, group_id=group_id)  # someone takes over
    assert run(Session, groups.get_group, member.actor, group_id=group_id)["my_role"] == "admin"
    left = run(Session, groups.leave_group, member.actor, group_id=group_id)
    assert left["state"] == "archived" and left["my_role"] is None
    with pytest.raises(Conflict) as refused:  # restored, nobody would run it
        run(Session, groups.restore_group, CSS, group_id=group_id)
    assert refused.value.code == "group_empty"


def test_a_group_whose_last_member_is_removed_or_erased_is_archived(Session):
    """However the last member goes (removed by central staff, erased), an active group with
    nobody to run it is archived, as when the last member leaves: never active and empty."""
    from directory.use_cases import read_model

    for goes in ("removed", "erased"):
        admin, creator = teacher(Session), teacher(Session)
        group_id = active_group(Session, creator)
        run(Session, groups.join_group, admin.actor, group_id=group_id)
        run(Session, groups.leave_group, creator.actor, group_id=group_id)  # admin is now the only member
        if goes == "removed":
            run(Session, groups.remove_group_member, CSS, group_id=group_id, user_id=admin.id)
        else:
            run(Session, read_model.erase_user, admin.id)
        group = run(Session, groups.get_group, CSS, group_id=group_id)
        assert (group["state"], group["member_count"]) == ("archived", 0), goes


def test_a_blocked_persons_groups_are_not_shown(Session):
    admin, viewer = teacher(Session), teacher(Session)
    active_group(Session, admin)
    assert run(Session, groups.list_member_groups, viewer.actor, user_id=admin.id, limit=10)["items"]
    block(Session, admin)  # R54, as for their events
    for user_id in (admin.id, uuid.uuid4()):
        with pytest.raises(NotFound):
            run(Session, groups.list_member_groups, viewer.actor, user_id=user_id, limit=10)


def test_a_blocked_member_or_participant_is_not_listed_while_blocked(Session):
    """R54 in every list of people: a blocked member keeps their place in the group and their
    seat at the event, but their card is not shown until they are unblocked."""
    admin, member = teacher(Session), teacher(Session)
    group_id = active_group(Session, admin)
    run(Session, groups.join_group, member.actor, group_id=group_id)
    run(Session, groups.post_group_message, member.actor, group_id=group_id, kind="discussion", title="Hi",
        body="Hello all")
    starts = SystemClock().now() + timedelta(days=3)
    event = run(Session, events.create_event, admin.actor, **EV.EventCreateArgs().load({
        "title": "Robots on stage", "kind": "workshop", "format": "online", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    run(Session, events.register_for_event, member.actor, event_id=event["id"])

    def shown():
        members = run(Session, groups.list_group_members, admin.actor, group_id=group_id, limit=10)["items"]
        participants = run(Session, events.list_participants, admin.actor, event_id=event["id"], limit=10)["items"]
        (message,) = run(Session, groups.list_group_messages, admin.actor, group_id=group_id, limit=10)["items"]
        return ({m["person"]["user_id"] for m in members}, {p["user_id"] for p in participants},
                message["author"] and message["author"]["user_id"])

    assert shown() == ({admin.id, member.id}, {member.id}, member.id)
    block(Session, member)
    assert shown() == ({admin.id}, set(), None)
    change(Session, member, state="active_etwinner")
    assert shown() == ({admin.id, member.id}, {member.id}, member.id)


def test_a_group_name_is_taken_whatever_its_case_accents_and_spaces(Session):
    first, second = teacher(Session), teacher(Session)
    name = f"Música en el aula {uuid.uuid4().hex[:6]}"
    requested = run(Session, groups.request_group, first.actor, **group_request(name))
    for other in (name, f"  MUSICA en el  aula {name[-6:]}", f"musica-en-el-aula-{name[-6:]}"):
        with pytest.raises(Conflict) as taken:  # waiting for approval: still taken
            run(Session, groups.request_group, second.actor, **group_request(other))
        assert taken.value.code == "group_exists" and f"'{name}'" in taken.value.detail
        assert "waiting for approval" in taken.value.detail and "name" in taken.value.errors
    run(Session, groups.approve_group, CSS, group_id=requested["id"])
    with pytest.raises(Conflict) as taken:
        run(Session, groups.request_group, second.actor, **group_request(name.upper()))
    assert taken.value.code == "group_exists" and "join it" in taken.value.detail
    assert run(Session, groups.search_groups, second.actor, q=name, limit=10)["items"][0]["id"] == requested["id"]
    # a rejected request leaves its name free
    rejected = run(Session, groups.request_group, second.actor, **group_request(f"{name} bis"))
    run(Session, groups.reject_group, CSS, group_id=rejected["id"], reason="Too close to an existing group.")
    assert run(Session, groups.request_group, first.actor, **group_request(f"{name} BIS"))["state"] == "requested"


def test_a_decision_the_group_state_does_not_allow_is_an_invalid_state(Session):
    group_id = active_group(Session, teacher(Session))
    with pytest.raises(Conflict) as refused:
        run(Session, groups.approve_group, CSS, group_id=group_id)
    assert refused.value.code == "invalid_state"  # as identity says it


# ---------------------------------------------------------------- posts

def test_a_draft_project_idea_is_not_published_once_its_author_lost_validation(Session):
    author = teacher(Session)
    draft = project_idea(Session, author)
    change(Session, author, state="registered_not_validated", etwinning_validated=False)
    with pytest.raises(Forbidden) as refused:
        run(Session, posts.publish_post, author.actor, post_id=draft["id"])
    assert refused.value.code == "etwinners_only"
    assert run(Session, posts.get_post, author.actor, post_id=draft["id"])["state"] == "draft"


def project_idea(Session, author):
    school = {"school_id": str(uuid.uuid4()), "name": "Liceo Galilei", "town": "Pisa", "country": "IT",
              "region": None, "education_levels": [], "validated": True}
    change(Session, author, schools=[school])
    return run(Session, posts.create_post, author.actor, post_type="etwinning_project_idea",
               title="Stars over Europe", summary="Astronomy together", description="Watching the same sky.",
               scope="european", school_id=uuid.UUID(school["school_id"]), subjects=["physics"], languages=["en"],
               age_groups=["12-15"], countries=["DE"], topics=["STEM"], key_competences=["digital"],
               visible_until=date.today() + timedelta(days=30))


def expire(Session, post_id):
    """As days pass: the last visible day is behind us (the sweep may not have stored it yet)."""
    with Session() as session:
        session.execute(text("update posts set visible_until = current_date - 1 where id = :p"), {"p": post_id})
        session.commit()


def test_an_expired_project_idea_is_not_brought_back_once_its_author_lost_validation(Session):
    author = teacher(Session)
    post = project_idea(Session, author)
    run(Session, posts.publish_post, author.actor, post_id=post["id"])
    expire(Session, post["id"])
    change(Session, author, state="registered_not_validated", etwinning_validated=False)
    later = date.today() + timedelta(days=60)
    for call, kwargs in ((posts.extend_post, {"visible_until": later}),
                         (posts.update_post, {"visible_until": later}),
                         (posts.update_post, {"visible_until": later, "title": "Stars over Europe, again"})):
        with pytest.raises(Forbidden) as refused:  # a publication again, checked as publish_post checks it (A32)
            run(Session, call, author.actor, post_id=post["id"], **kwargs)
        assert refused.value.code == "etwinners_only"
        shown = run(Session, posts.get_post, author.actor, post_id=post["id"])
        assert (shown["state"], shown["title"]) == ("expired", "Stars over Europe")  # nothing changed
    change(Session, author, state="active_etwinner", etwinning_validated=True)  # validated again: it comes back
    assert run(Session, posts.update_post, author.actor, post_id=post["id"], visible_until=later)["state"] \
        == "published"
    expire(Session, post["id"])
    assert run(Session, posts.extend_post, author.actor, post_id=post["id"], visible_until=later)["state"] \
        == "published"


def test_the_author_answering_their_own_post_is_not_told_about_it(Session):
    author, reader = teacher(Session), teacher(Session)
    post = project_idea(Session, author)
    run(Session, posts.publish_post, author.actor, post_id=post["id"])
    run(Session, posts.comment_on_post, reader.actor, post_id=post["id"], body="Count us in!")
    run(Session, posts.comment_on_post, author.actor, post_id=post["id"], body="  Welcome aboard!  ")
    with Session() as session:
        told = session.execute(text("select payload->>'user_id' from outbox where event_type = 'post_commented' "
                                    "and payload->>'post_id' = :p"), {"p": str(post["id"])}).scalars().all()
    assert told == [str(reader.id)]  # notify tells the author of the reader's comment only (R77)
    assert len(run(Session, posts.list_comments, author.actor, post_id=post["id"], limit=10)["items"]) == 2


def test_a_blocked_authors_posts_wait_unseen_and_expired_or_withdrawn_posts_leave_the_feed(Session):
    from directory.use_cases import networking

    author, reader = teacher(Session), teacher(Session)
    run(Session, networking.follow, reader.actor, user_id=author.id)
    post = run(Session, posts.create_post, author.actor, post_type="collaboration", title="Comics in class",
               summary=None, description="Drawing comics in two languages.", scope=None, school_id=None,
               subjects=["art"], languages=["en"], age_groups=["12-15"], countries=["PL"],
               visible_until=date.today() + timedelta(days=30))
    run(Session, posts.publish_post, author.actor, post_id=post["id"])

    def found():
        return [p["id"] for p in run(Session, posts.search_posts, reader.actor, q="comics", limit=20)["items"]]

    def in_feed():
        return [i for i in run(Session, networking.feed, reader.actor, limit=50)["items"]
                if i["kind"] == "post_published" and i["summary"]["post_id"] == str(post["id"])]

    assert found() == [post["id"]] and in_feed()
    block(Session, author)
    assert found() == []  # as in people search (R54)
    with pytest.raises(NotFound):  # nor opened by its address
        run(Session, posts.get_post, reader.actor, post_id=post["id"])
    assert run(Session, posts.get_post, author.actor, post_id=post["id"])["state"] == "published"  # still theirs
    change(Session, author, state="active_etwinner")
    assert found() == [post["id"]]
    assert run(Session, posts.get_post, reader.actor, post_id=post["id"])["id"] == post["id"]
    expire(Session, post["id"])
    run(Session, posts.expire_due_posts)  # the sweep: hidden, from the feed too (R75)
    assert found() == [] and in_feed() == []
    run(Session, posts.extend_post, author.actor, post_id=post["id"], visible_until=date.today() + timedelta(days=9))
    assert found() == [post["id"]] and len(in_feed()) == 1  # published again: back once
    run(Session, posts.withdraw_post, author.actor, post_id=post["id"])
    assert found() == [] and in_feed() == []


def test_a_post_with_the_words_as_written_ranks_before_one_with_them_apart(Session):
    """A25: both posts have every word of "comics workshop"; the one saying it so ranks first."""
    author, reader = teacher(Session), teacher(Session)
    tag = uuid.uuid4().hex[:8]
    ids = []
    for title in (f"A {tag} comics workshop", f"Workshop on {tag} comics"):  # newest first would put it last
        post = run(Session, posts.create_post, author.actor, post_type="collaboration", title=title, summary=None,
                   description="Drawing in two languages.", scope=None, school_id=None, subjects=["art"],
                   languages=["en"], age_groups=["12-15"], countries=["PL"],
                   visible_until=date.today() + timedelta(days=30))
        run(Session, posts.publish_post, author.actor, post_id=post["id"])
        ids.append(post["id"])
    found = run(Session, posts.search_posts, reader.actor, q=f"{tag} comics workshop", limit=20)["items"]
    assert [p["id"] for p in found if p["id"] in ids] == ids


# ---------------------------------------------------------------- professional-development activities

def create(Session, **values):
    starts = SystemClock().now() + timedelta(days=10)
    body = {"kind": "online_seminar", "title": "eTwinning and AI", "seats": 100,
            "starts_at": starts.isoformat(), **values}
    return run(Session, events.create_pd_activity, CSS, **EV.PdActivityCreateArgs().load(body))


def test_a_seminar_is_a_one_hour_video_conference_open_for_registration_a_week_before(Session):
    seminar = create(Session)
    assert seminar["ends_at"] - seminar["starts_at"] == timedelta(hours=1)
    assert seminar["starts_at"] - seminar["applications_open_at"] == timedelta(days=7)
    assert not seminar["applications_open"]
    with pytest.raises(Conflict) as early:  # registration opens a week before, not earlier
        run(Session, events.apply_for_pd_activity, teacher(Session).actor, activity_id=seminar["id"])
    assert early.value.code == "applications_not_open"
    starts = seminar["starts_at"]
    for wrong in ({"ends_at": (starts + timedelta(hours=3)).isoformat()},
                  {"applications_open_at": (starts - timedelta(days=30)).isoformat()},
                  {"seats": 150}):
        with pytest.raises(Invalid) as refused:
            create(Session, **wrong)
        assert set(refused.value.errors) == {next(iter(wrong))}
    # official face-to-face events are not bound by the video-conference cap (R99)
    assert create(Session, kind="conference", seats=600, location="Brussels")["seats"] == 600


def test_a_didactic_meeting_has_an_active_and_a_reflection_phase(Session):
    meeting = create(Session, kind="didactic_meeting", led_by="Dr. Ana Expert", active_phase_days=4, reflection_phase_days=5,
                     materials_url="https://example.org/materials")
    assert meeting["reflection_starts_at"] - meeting["starts_at"] == timedelta(days=4)
    assert meeting["ends_at"] - meeting["reflection_starts_at"] == timedelta(days=5)
    seen = run(Session, events.get_pd_activity, teacher(Session).actor, activity_id=meeting["id"])
    assert seen["materials_url"] == "https://example.org/materials"  # online, for anyone, at any time
    assert EV.PdActivity().dump(seen)["reflection_starts_at"]
    with pytest.raises(ValidationError) as refused:  # 4 or 5 days, said by the wire schema too
        create(Session, kind="didactic_meeting", led_by="Dr. Ana Expert", active_phase_days=7)
    assert "active_phase_days" in refused.value.messages
    default = create(Session, kind="didactic_meeting", led_by="Dr. Ana Expert")
    assert default["ends_at"] - default["starts_at"] == timedelta(days=10)  # 5 + 5


def test_an_application_stays_once_the_activity_has_started_and_needs_a_teachers_profile(Session):
    seminar = create(Session, starts_at=(SystemClock().now() + timedelta(days=2)).isoformat())  # applications open
    applicant = teacher(Session)
    run(Session, events.apply_for_pd_activity, applicant.actor, activity_id=seminar["id"])
    with pytest.raises(Forbidden) as refused:  # signed in, but unknown to directory: no country for its seats
        run(Session, events.apply_for_pd_activity, Actor(user_id=str(uuid.uuid4()), roles=("user",)),
            activity_id=seminar["id"])
    assert refused.value.code == "no_profile"
    officer = teacher(Session, member_type=None)  # a staff account: it organises, takes no seat
    with pytest.raises(Forbidden) as staff:
        run(Session, events.apply_for_pd_activity, officer.actor, activity_id=seminar["id"])
    assert staff.value.code == "staff_account"
    assert run(Session, events.get_pd_activity, applicant.actor, activity_id=seminar["id"])["accepted_count"] == 1
    with Session() as session:  # the seminar begins
        session.execute(text("update pd_activities set starts_at = now() - interval '1 minute', "
                             "applications_close_at = now() - interval '1 minute' where id = :a"),
                        {"a": seminar["id"]})
        session.commit()
    with pytest.raises(Conflict) as started:
        run(Session, events.withdraw_pd_application, applicant.actor, activity_id=seminar["id"])
    assert started.value.code == "activity_started"
    assert run(Session, events.get_pd_activity, applicant.actor, activity_id=seminar["id"])["my_status"] == "accepted"


# ---------------------------------------------------------------- events

def test_a_cancelled_public_event_leaves_the_home_feeds(Session):
    from directory.use_cases import networking

    organiser, participant, follower = teacher(Session), teacher(Session), teacher(Session)
    for followed in (organiser, participant):
        run(Session, networking.follow, follower.actor, user_id=followed.id)
    starts = SystemClock().now() + timedelta(days=3)
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": "  Robots on stage ", "kind": "workshop", "format": "online", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    assert event["title"] == "Robots on stage"
    run(Session, events.register_for_event, participant.actor, event_id=event["id"])

    def about_the_event():
        return sorted(i["kind"] for i in run(Session, networking.feed, follower.actor, limit=50)["items"]
                      if i["summary"].get("event_id") == str(event["id"]))

    assert about_the_event() == ["event_joined", "event_organised"]
    run(Session, events.unregister_from_event, participant.actor, event_id=event["id"])
    assert about_the_event() == ["event_organised"]  # no longer joined
    run(Session, events.register_for_event, participant.actor, event_id=event["id"])
    run(Session, events.cancel_event, organiser.actor, event_id=event["id"])
    assert about_the_event() == []  # as a withdrawn post leaves it (R72)


def test_event_search_matches_words_forgiving_typos_not_parts_of_words(Session):
    """A25: a query word matches a word of the title or description, as written or nearly
    ("Robotcs"), never a run of letters inside another word ("art" in "start")."""
    organiser = teacher(Session)
    starts = SystemClock().now() + timedelta(days=2)
    tag = uuid.uuid4().hex[:6]
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": f"Robotics restart {tag}", "description": "Starting with Bee-Bots", "kind": "workshop",
        "format": "online", "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}))

    def found(q):
        items = run(Session, events.search_events, organiser.actor, q=f"{q} {tag}", limit=50)["items"]
        return [i["id"] for i in items if i["id"] == event["id"]]

    def found_alone(q):
        return [i["id"] for i in run(Session, events.search_events, organiser.actor, q=q, limit=100)["items"]
                if i["id"] == event["id"]]

    assert [found("Robotics"), found_alone("robotcs"), found_alone("BEE bots")] == [[event["id"]]] * 3
    assert found_alone("bot") == [event["id"]]  # nearly "bots"
    assert found_alone("art") == found_alone("tics") == []


def test_after_the_event_its_organiser_records_who_attended_and_who_did_not_show(Session):
    """Requirements §10.7: registered --event_end--> attended | no_show, as the organiser says."""
    organiser, came, absent, stranger = (teacher(Session) for _ in range(4))
    starts = SystemClock().now() + timedelta(days=1)
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": "Bee-Bot workshop", "kind": "workshop", "format": "online", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    for person in (came, absent):
        run(Session, events.register_for_event, person.actor, event_id=event["id"])

    def record(actor, attended):
        return run(Session, events.record_attendance, actor, event_id=event["id"], attended=attended)

    with pytest.raises(Conflict) as early:
        record(organiser.actor, [came.id])
    assert early.value.code == "not_ended"
    with Session() as session:  # the day passes: the event took place
        session.execute(text("update events set starts_at = now() - interval '2 hours', "
                             "ends_at = now() - interval '1 hour' where id = :e"), {"e": event["id"]})
        session.commit()
    with pytest.raises(Forbidden):
        record(came.actor, [came.id])
    with pytest.raises(Invalid) as unknown:
        record(organiser.actor, [came.id, stranger.id])
    assert unknown.value.code == "not_participants" and str(stranger.id) in unknown.value.errors["attended"][0]
    assert record(organiser.actor, [came.id, came.id]) == {"attended": 1, "no_show": 1}
    page = run(Session, events.list_participants, organiser.actor, event_id=event["id"], limit=10)
    assert {p["user_id"]: p["attendance"] for p in page["items"]} == {came.id: "attended", absent.id: "no_show"}
    assert EV.EventParticipantPage().dump(page)["items"][0]["attendance"] in ("attended", "no_show")


def test_a_blocked_persons_group_and_chat_invitations_become_void(Session):
    """A20: invitations sent to or by a person who is blocked (group, chat, private event) are
    void, and do not come back with the unblock."""
    from directory.use_cases import chats, networking

    admin, invitee, friend = teacher(Session), teacher(Session), teacher(Session)
    closed = active_group(Session, admin, policy="invitation_only")
    run(Session, groups.invite_to_group, admin.actor, group_id=closed, user_id=invitee.id)
    request = run(Session, networking.request_contact, friend.actor, user_id=invitee.id)
    run(Session, networking.decide_contact_request, invitee.actor, request_id=request["id"], accept=True)
    chat = run(Session, chats.book_chat, friend.actor, user_id=invitee.id,
               starts_at=SystemClock().now() + timedelta(days=2), duration_minutes=30)
    private = run(Session, events.create_event, friend.actor, **EV.EventCreateArgs().load({
        "title": "Our classes meet", "description": "A private video call.", "visibility": "private",
        "kind": "workshop", "format": "online", "starts_at": (SystemClock().now() + timedelta(days=3)).isoformat(),
        "ends_at": (SystemClock().now() + timedelta(days=3, hours=1)).isoformat()}))
    run(Session, events.invite_to_event, friend.actor, event_id=private["id"], user_ids=[invitee.id])

    block(Session, invitee)
    change(Session, invitee, state="active_etwinner")
    assert run(Session, groups.list_group_invitations, invitee.actor, limit=10)["items"] == []
    with pytest.raises(NotFound):
        run(Session, groups.accept_group_invitation, invitee.actor, group_id=closed)
    assert run(Session, chats.get_chat, friend.actor, chat_id=chat["id"])["status"] == "cancelled"
    with pytest.raises(NotFound):  # the private event is again as if never heard of
        run(Session, events.get_event, invitee.actor, event_id=private["id"])


def test_an_archived_group_whose_name_was_taken_meanwhile_is_not_restored_as_a_twin(Session):
    admin = teacher(Session)
    name = f"Choir teachers {uuid.uuid4().hex[:8]}"
    old = active_group(Session, admin, name=name)
    run(Session, groups.archive_group, CSS, group_id=old)
    active_group(Session, teacher(Session), name=name.upper())  # the name is free again: taken
    with pytest.raises(Conflict) as refused:
        run(Session, groups.restore_group, CSS, group_id=old)
    assert refused.value.code == "group_exists"
    assert run(Session, groups.get_group, CSS, group_id=old)["state"] == "archived"


def test_a_cancelled_private_event_is_announced_to_each_participant_and_invitee_once(Session):
    organiser, going, invited, stranger = (teacher(Session) for _ in range(4))
    starts = SystemClock().now() + timedelta(days=4)
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": "Twin classes meet", "kind": "workshop", "format": "online", "visibility": "private",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    run(Session, events.invite_to_event, organiser.actor, event_id=event["id"], user_ids=[going.id, invited.id])
    run(Session, events.register_for_event, going.actor, event_id=event["id"])
    run(Session, events.cancel_event, organiser.actor, event_id=event["id"])
    with Session() as session:
        told = session.execute(text("select payload->>'user_id' from outbox where event_type = 'event_cancelled' "
                                    "and payload->>'platform_event_id' = :e"),
                               {"e": str(event["id"])}).scalars().all()
    assert sorted(told) == sorted([str(going.id), str(invited.id)]) and str(stranger.id) not in told
    # its forum and documents stay to read and take nothing new; there is nothing to leave
    for attempt in (lambda: run(Session, events.post_event_message, going.actor, event_id=event["id"], body="Why?"),
                    lambda: run(Session, events.add_event_document, organiser.actor, event_id=event["id"],
                                title="Slides", url="https://example.org/slides.pdf"),
                    lambda: run(Session, events.unregister_from_event, going.actor, event_id=event["id"])):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "cancelled"
    assert run(Session, events.list_event_messages, going.actor, event_id=event["id"], limit=10)["items"] == []
    assert [p["user_id"] for p in run(Session, events.list_participants, organiser.actor, event_id=event["id"],
                                      limit=10)["items"]] == [going.id]


def test_an_organiser_inviting_only_themselves_is_told_so(Session):
    organiser = teacher(Session)
    starts = SystemClock().now() + timedelta(days=4)
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": "Twin classes meet", "kind": "workshop", "format": "online", "visibility": "private",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    with pytest.raises(Invalid) as refused:
        run(Session, events.invite_to_event, organiser.actor, event_id=event["id"], user_ids=[organiser.id])
    assert refused.value.code == "no_invitees" and "user_ids" in refused.value.errors


def test_a_registration_waiting_on_a_cancellation_is_told_the_event_was_cancelled(Session):
    """The seat is taken by an UPDATE that waits while the organiser's cancellation holds the
    event's row; once it commits, the registration is refused for what happened, not as full."""
    import threading

    organiser, late = teacher(Session), teacher(Session)
    starts = SystemClock().now() + timedelta(days=2)
    event = run(Session, events.create_event, organiser.actor, **EV.EventCreateArgs().load({
        "title": "Poetry slam", "kind": "workshop", "format": "online", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat()}))
    outcome = {}

    def register():
        try:
            run(Session, events.register_for_event, late.actor, event_id=event["id"])
        except Conflict as refused:
            outcome["code"] = refused.code

    with Session() as cancelling:
        cancelling.execute(text("update events set state = 'cancelled' where id = :e"), {"e": str(event["id"])})
        waiting = threading.Thread(target=register)
        waiting.start()
        waiting.join(1)
        assert waiting.is_alive()  # queued on the event's row
        cancelling.commit()
    waiting.join(10)
    assert outcome == {"code": "cancelled"}
    assert run(Session, events.get_event, organiser.actor, event_id=event["id"])["participant_count"] == 0


def test_one_group_request_sent_twice_at_once_with_one_key_is_answered_as_a_retry(tx, Session):
    """A double click with one Idempotency-Key: the second request, refused once the first has
    made the group ("name taken"), is answered as the retry it is, never as someone else's name."""
    import threading

    from etwinning_contracts.runtime import idempotency

    from .test_networking import blocked_on_a_lock

    admin, body = teacher(Session), group_request()
    outcome = {}

    def send():
        idempotency.begin(str(admin.id), "request_group", "double-click", body)
        return tx.unit()

    def twin():
        try:
            with send() as uow:
                groups.request_group(uow, admin.actor, **body)
        except Exception as refused:
            outcome["code"] = getattr(refused, "code", repr(refused))

    with send() as uow:
        group = groups.request_group(uow, admin.actor, **body)
        thread = threading.Thread(target=twin)
        thread.start()
        assert blocked_on_a_lock(Session), "the twin should wait for the first request"
    thread.join(15)
    assert outcome == {"code": "idempotency_in_progress"}  # its answer is not kept yet: "try again in a moment"
    assert run(Session, groups.get_group, admin.actor, group_id=group["id"])["state"] == "requested"


def test_a_query_with_no_word_to_search_for_is_refused_by_every_search_not_read_as_everything(Session):
    from directory.use_cases import resources

    viewer = teacher(Session)
    for search in (events.search_events, groups.search_groups, posts.search_posts, resources.search_resources):
        for blank in ("\u3164", "%", "a"):
            with pytest.raises(Invalid) as refused:
                run(Session, search, viewer.actor, q=blank, limit=5)
            assert refused.value.code == "no_search_words", (search.__name__, blank)
