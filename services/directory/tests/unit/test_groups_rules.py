"""Rules of groups: the §10.3 state machine, access policies, roles and succession."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError

from directory.use_cases import groups as R
from etwinning_contracts.directory import groups as G
from etwinning_contracts.errors import Conflict, Forbidden


def test_css_decisions_follow_the_state_machine():
    assert R.next_state("requested", "approve") == "active"
    assert R.next_state("requested", "reject") == "rejected"
    assert R.next_state("requested", "withdraw") == "withdrawn"
    assert R.next_state("active", "archive") == "archived"
    assert R.next_state("archived", "restore") == "active"
    for state, action in (("active", "approve"), ("rejected", "approve"), ("withdrawn", "restore"),
                          ("requested", "archive"), ("archived", "reject")):
        assert R.next_state(state, action) is None


def test_a_request_is_seen_only_by_its_author_and_css():
    assert R.visible("active", False, False) and R.visible("archived", False, False)
    for state in ("requested", "rejected", "withdrawn"):
        assert not R.visible(state, is_creator=False, is_css=False)
        assert R.visible(state, is_creator=True, is_css=False) and R.visible(state, False, True)


@pytest.mark.parametrize("policy, registered, etwinner, expected", [
    ("all_registered_users", True, False, None),
    ("all_registered_users", False, False, "not_registered"),
    ("etwinners_only", True, False, "etwinners_only"),
    ("etwinners_only", True, True, None),
    ("invitation_only", True, True, "invitation_only"),
])
def test_who_may_join_by_themselves(policy, registered, etwinner, expected):
    assert R.join_refusal(policy, "active", None, registered, etwinner) == expected


def test_an_invitation_opens_a_closed_group_and_only_an_active_group_can_be_joined():
    assert R.join_refusal("invitation_only", "active", "invited", True, False) is None
    # invited while validated, no longer validated: an etwinners_only group stays closed (R83, A21)
    assert R.join_refusal("etwinners_only", "active", "invited", True, False) == "etwinners_only"
    assert R.join_refusal("all_registered_users", "requested", None, True, True) == "group_not_active"
    assert R.join_refusal("all_registered_users", "archived", None, True, True) == "group_not_active"
    assert R.join_refusal("all_registered_users", "active", "member", True, True) == "already_member"


def test_who_may_invite_whom():
    assert R.invite_refusal("invitation_only", "active", "admin", None, True, False) is None
    assert R.invite_refusal("invitation_only", "active", "moderator", None, True, False) is None
    assert R.invite_refusal("invitation_only", "active", "member", None, True, True) == "not_group_admin"
    assert R.invite_refusal("etwinners_only", "active", "admin", None, True, False) == "etwinners_only"
    assert R.invite_refusal("invitation_only", "active", "admin", "invited", True, True) == "already_invited"
    assert R.invite_refusal("invitation_only", "active", "admin", "member", True, True) == "already_member"
    assert R.invite_refusal("invitation_only", "archived", "admin", None, True, True) == "group_not_active"


def test_refusals_are_conflicts_or_forbidden():
    with pytest.raises(Conflict):
        R.raise_refusal("already_member")
    with pytest.raises(Forbidden) as refused:
        R.raise_refusal("invitation_only")
    assert refused.value.code == "invitation_only"


def test_members_discuss_and_moderators_publish_activities_and_tasks():
    assert R.may_post("member", "discussion", "active") and R.may_post("member", "chat", "active")
    assert not R.may_post("member", "task", "active")
    assert R.may_post("moderator", "activity", "active") and R.may_post("admin", "task", "active")
    assert not R.may_post("admin", "discussion", "archived")
    assert not R.may_post(None, "discussion", "active") and not R.may_post("invited", "discussion", "active")


def test_who_may_remove_a_message():
    assert R.may_remove_content("member", is_author=True, is_css=False)
    assert not R.may_remove_content("member", is_author=False, is_css=False)
    assert R.may_remove_content("moderator", False, False) and R.may_remove_content(None, False, True)


def _member(user_id, role, days_ago):
    return SimpleNamespace(user_id=user_id, role=role,
                           joined_at=datetime(2025, 1, 1, tzinfo=timezone.utc) - timedelta(days=days_ago))


def test_a_departing_admin_hands_over_to_the_longest_standing_moderator_else_member():
    members = [_member("a", "admin", 100), _member("m1", "member", 90), _member("mod", "moderator", 10)]
    assert R.successor(members).user_id == "mod"
    assert R.successor([_member("a", "admin", 9), _member("new", "member", 1), _member("old", "member", 5)]
                       ).user_id == "old"
    assert R.successor([_member("a", "admin", 9)]) is None


def test_a_request_needs_the_code_of_conduct_and_one_of_three_policies():
    body = {"name": "Maths teachers", "description": "Sharing maths activities", "subject": "mathematics",
            "access_policy": "all_registered_users", "accept_code_of_conduct": True}
    assert G.GroupRequestArgs().load(body)["moderated"] is False
    for change in ({"accept_code_of_conduct": False}, {"access_policy": "open"}, {"subject": "gardening"}):
        with pytest.raises(ValidationError):
            G.GroupRequestArgs().load({**body, **change})
    assert set(G.ACCESS_POLICIES) == {"all_registered_users", "etwinners_only", "invitation_only"}


