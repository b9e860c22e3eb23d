"""Groups' documents and leaving (R85, R80-R88), publishing a project idea (A32) and official
professional-development activities (R91, R96-R97) on a real database, through the use cases and
the wire schemas a request goes through."""
import uuid
from datetime import date, timedelta

import pytest
from marshmallow import ValidationError

from directory.use_cases import events, groups, posts
from etwinning_contracts.actor import Actor
from etwinning_contracts.directory import events as EV
from etwinning_contracts.directory import groups as G
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from etwinning_contracts.runtime.clock import SystemClock

from .people import block, change, run, teacher

CSS = Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))


def active_group(Session, admin, policy="all_registered_users"):
    request = G.GroupRequestArgs().load({
        "name": "Robotics in primary", "description": "Sharing robotics lessons for 6-11 year olds.",
        "subject": "stem", "access_policy": policy, "accept_code_of_conduct": True})
    group = run(Session, groups.request_group, admin.actor, **request)
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


def test_the_only_admin_cannot_leave_an_active_group_empty(Session):
    admin, member = teacher(Session), teacher(Session)
    group_id = active_group(Session, admin)
    with pytest.raises(Conflict) as refused:
        run(Session, groups.leave_group, admin.actor, group_id=group_id)
    assert refused.value.code == "sole_admin" and "archive" in refused.value.detail
    assert run(Session, groups.get_group, admin.actor, group_id=group_id)["my_role"] == "admin"  # nothing changed
    run(Session, groups.join_group, member.actor, group_id=group_id)
    run(Session, groups.leave_group, admin.actor, group_id=group_id)  # someone takes over
    assert run(Session, groups.get_group, member.actor, group_id=group_id)["my_role"] == "admin"


def test_a_blocked_persons_groups_are_not_shown(Session):
    admin, viewer = teacher(Session), teacher(Session)
    active_group(Session, admin)
    assert run(Session, groups.list_member_groups, viewer.actor, user_id=admin.id, limit=10)["items"]
    block(Session, admin)  # R54, as for their events
    for user_id in (admin.id, uuid.uuid4()):
        with pytest.raises(NotFound):
            run(Session, groups.list_member_groups, viewer.actor, user_id=user_id, limit=10)


# ---------------------------------------------------------------- posts

def test_a_draft_project_idea_is_not_published_once_its_author_lost_validation(Session):
    school = {"school_id": str(uuid.uuid4()), "name": "Liceo Galilei", "town": "Pisa", "country": "IT",
              "region": None, "education_levels": [], "validated": True}
    author = teacher(Session)
    change(Session, author, schools=[school])
    draft = run(Session, posts.create_post, author.actor, post_type="etwinning_project_idea",
                title="Stars over Europe", summary="Astronomy together", description="Watching the same sky.",
                scope="european", school_id=uuid.UUID(school["school_id"]), subjects=["physics"], languages=["en"],
                age_groups=["12-15"], countries=["DE"], topics=["STEM"], key_competences=["digital"],
                visible_until=date.today() + timedelta(days=30))
    change(Session, author, state="registered_not_validated", etwinning_validated=False)
    with pytest.raises(Forbidden) as refused:
        run(Session, posts.publish_post, author.actor, post_id=draft["id"])
    assert refused.value.code == "etwinners_only"
    assert run(Session, posts.get_post, author.actor, post_id=draft["id"])["state"] == "draft"


def test_a_blocked_authors_posts_wait_unseen_and_a_withdrawn_post_leaves_the_feed(Session):
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
    change(Session, author, state="active_etwinner")
    assert found() == [post["id"]]
    run(Session, posts.withdraw_post, author.actor, post_id=post["id"])
    assert found() == [] and in_feed() == []


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
    meeting = create(Session, kind="didactic_meeting", active_phase_days=4, reflection_phase_days=5,
                     materials_url="https://example.org/materials")
    assert meeting["reflection_starts_at"] - meeting["starts_at"] == timedelta(days=4)
    assert meeting["ends_at"] - meeting["reflection_starts_at"] == timedelta(days=5)
    seen = run(Session, events.get_pd_activity, teacher(Session).actor, activity_id=meeting["id"])
    assert seen["materials_url"] == "https://example.org/materials"  # online, for anyone, at any time
    assert EV.PdActivity().dump(seen)["reflection_starts_at"]
    with pytest.raises(ValidationError) as refused:  # 4 or 5 days, said by the wire schema too
        create(Session, kind="didactic_meeting", active_phase_days=7)
    assert "active_phase_days" in refused.value.messages
    default = create(Session, kind="didactic_meeting")
    assert default["ends_at"] - default["starts_at"] == timedelta(days=10)  # 5 + 5
