from datetime import datetime, timedelta, timezone

import pytest

from etwinning_contracts.errors import Conflict
from identity import domain as D

NOW = datetime(2026, 11, 26, tzinfo=timezone.utc)


@pytest.mark.parametrize("state,event,expected", [
    (D.EMAIL_UNVERIFIED, "verify_email", D.REGISTRATION_INCOMPLETE),
    (D.ACTIVE, "inactivate", D.INACTIVE),
    (D.INACTIVE, "remove", D.REMOVED),
])
def test_allowed_transitions(state, event, expected):
    assert D.transition(state, event)[0] == expected


@pytest.mark.parametrize("state,event", [
    (D.ACTIVE, "verify_email"), (D.REMOVED, "block"), (D.DELETED, "delete"),
    (D.ACTIVE, "unblock"), (D.ACTIVE, "remove"), (D.BLOCKED, "block"),
])
def test_refused_transitions(state, event):
    with pytest.raises(Conflict):
        D.transition(state, event)


def test_block_remembers_and_unblock_restores_the_previous_state():
    state, previous = D.transition(D.NOT_VALIDATED, "block")
    assert (state, previous) == (D.BLOCKED, D.NOT_VALIDATED)
    assert D.transition(state, "unblock", previous)[0] == D.NOT_VALIDATED


@pytest.mark.parametrize("standing", [D.NOT_VALIDATED, D.PENDING_VALIDATION, D.REGISTRATION_INCOMPLETE, D.ACTIVE])
def test_blocking_an_inactive_account_keeps_the_standing_beneath_both(standing):
    state, previous = D.transition(standing, "inactivate")
    state, previous = D.transition(state, "block", previous)
    assert (state, previous) == (D.BLOCKED, standing)
    assert D.transition(state, "unblock", previous)[0] == standing  # not validated by the detour


def test_a_return_with_nothing_remembered_is_to_the_least_standing():
    assert D.transition(D.INACTIVE, "reactivate", None)[0] == D.NOT_VALIDATED


def test_inactivity_keeps_the_state_to_return_to():
    state, previous = D.transition(D.ACTIVE, "inactivate")
    assert D.transition(state, "reactivate", previous)[0] == D.ACTIVE


@pytest.mark.parametrize("days,state,expected", [
    (729, D.ACTIVE, None), (730, D.ACTIVE, "inactivate"), (730, D.NOT_VALIDATED, "inactivate"),
    (800, D.INACTIVE, None), (1095, D.INACTIVE, "remove"), (1200, D.ACTIVE, "remove"),
    (800, D.BLOCKED, None), (1095, D.BLOCKED, "remove"), (2000, D.REMOVED, None),
])
def test_lifecycle_rules(days, state, expected):
    assert D.lifecycle_event(state, NOW - timedelta(days=days), NOW) == expected


def test_login_refusals_name_their_reason():
    assert D.can_log_in(D.EMAIL_UNVERIFIED) == "email_unverified"
    assert D.can_log_in(D.BLOCKED) == "blocked"
    assert D.can_log_in(D.DELETED) == "removed"
    assert D.can_log_in(D.INACTIVE) is None  # a login reactivates (A14)


@pytest.mark.parametrize("state,previous,memberships,expected", [
    (D.REGISTRATION_INCOMPLETE, None, ["pending"], (D.PENDING_VALIDATION, None)),
    (D.PENDING_VALIDATION, None, ["rejected"], (D.NOT_VALIDATED, None)),        # A21
    (D.PENDING_VALIDATION, None, ["rejected", "pending"], (D.PENDING_VALIDATION, None)),
    (D.ACTIVE, None, ["rejected", "validated"], (D.ACTIVE, None)),             # A23
    (D.ACTIVE, None, [], (D.NOT_VALIDATED, None)),                             # left the only school
    (D.NOT_VALIDATED, None, ["rejected", "pending"], (D.PENDING_VALIDATION, None)),
    (D.BLOCKED, D.PENDING_VALIDATION, ["rejected"], (D.BLOCKED, D.NOT_VALIDATED)),
    (D.INACTIVE, D.PENDING_VALIDATION, ["validated"], (D.INACTIVE, D.ACTIVE)),
    (D.REMOVED, None, [], (D.REMOVED, None)),
])
def test_the_account_state_follows_the_memberships(state, previous, memberships, expected):
    assert D.restate(state, previous, memberships) == expected


def test_lifecycle_dates():
    from etwinning_contracts.errors import Invalid

    assert D.lifecycle_date(None, NOW, settable=False) == NOW
    assert D.lifecycle_date(NOW - timedelta(minutes=1), NOW, settable=False) == NOW  # clock skew
    assert D.lifecycle_date(NOW + timedelta(days=731), NOW, settable=True) == NOW + timedelta(days=731)
    far_east = timezone(timedelta(hours=18))  # valid in RFC 3339, beyond what PostgreSQL takes
    in_utc = D.lifecycle_date((NOW + timedelta(days=8)).astimezone(far_east), NOW, settable=True)
    assert in_utc == NOW + timedelta(days=8) and in_utc.utcoffset() == timedelta(0)
    for requested, settable in ((NOW - timedelta(days=1), True), (NOW + timedelta(days=1), False),
                                (NOW + timedelta(days=365 * 101), True)):
        with pytest.raises(Invalid):
            D.lifecycle_date(requested, NOW, settable)


@pytest.mark.parametrize("membership,anyone_validated,creator,allowed", [
    ("validated", True, False, True),
    ("pending", False, True, True),     # the creator fixes a typo before anyone is validated
    ("pending", True, True, False),
    ("pending", False, False, False),   # R14: no redirecting the director's confirmation
    ("rejected", False, True, True),
    (None, False, True, False),         # left the school
])
def test_who_edits_a_school(membership, anyone_validated, creator, allowed):
    from etwinning_contracts.errors import Forbidden

    if allowed:
        D.require_school_editor(membership, anyone_validated, creator)
    else:
        with pytest.raises(Forbidden):
            D.require_school_editor(membership, anyone_validated, creator)


def test_the_next_step_follows_the_validation_pipeline():
    from types import SimpleNamespace

    opened = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)

    def task(state, **facts):
        school = SimpleNamespace(name="Escola do Mar")
        return SimpleNamespace(**{"state": state, "created_at": opened, "school": school, "reason": None,
                                  "director_confirmed_at": None, "director_asked_at": None, "director_answer": None,
                                  **facts})

    assert D.next_step(D.REGISTRATION_INCOMPLETE, [])["code"] == "add_school"
    waiting = D.next_step(D.PENDING_VALIDATION, [task("open")])
    assert waiting["code"] == "await_validation" and waiting["due_at"] == opened + timedelta(days=30)
    assert "Escola do Mar" in waiting["detail"] and "2026-12-02" in waiting["detail"]
    asked = D.next_step(D.PENDING_VALIDATION, [task("open", director_asked_at=opened)])["detail"]
    assert "was asked by email" in asked
    confirmed = D.next_step(D.PENDING_VALIDATION, [task("open", director_confirmed_at=opened)])["detail"]
    assert "confirmation that you work there is recorded" in confirmed
    refused = D.next_step(D.NOT_VALIDATED, [task("rejected", reason="Not on the staff list")])
    assert refused["code"] == "contact_nso" and "(Not on the staff list)" in refused["detail"]
    assert D.next_step(D.ACTIVE, [task("validated")]) is None and D.next_step(D.INACTIVE, []) is None
