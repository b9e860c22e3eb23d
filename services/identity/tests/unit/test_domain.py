from datetime import datetime, timedelta, timezone

import pytest

from etwinning_contracts.errors import Conflict
from identity import domain as D

NOW = datetime(2026, 11, 26, tzinfo=timezone.utc)


@pytest.mark.parametrize("state,event,expected", [
    (D.EMAIL_UNVERIFIED, "verify_email", D.REGISTRATION_INCOMPLETE),
    (D.REGISTRATION_INCOMPLETE, "link_school", D.PENDING_VALIDATION),
    (D.PENDING_VALIDATION, "validate", D.ACTIVE),
    (D.PENDING_VALIDATION, "reject", D.NOT_VALIDATED),
    (D.NOT_VALIDATED, "validate", D.ACTIVE),
    (D.INACTIVE, "remove", D.REMOVED),
])
def test_allowed_transitions(state, event, expected):
    assert D.transition(state, event)[0] == expected


@pytest.mark.parametrize("state,event", [
    (D.EMAIL_UNVERIFIED, "validate"), (D.ACTIVE, "reject"), (D.REMOVED, "block"), (D.DELETED, "delete"),
    (D.ACTIVE, "unblock"), (D.ACTIVE, "remove"), (D.BLOCKED, "block"),
])
def test_refused_transitions(state, event):
    with pytest.raises(Conflict):
        D.transition(state, event)


def test_block_remembers_and_unblock_restores_the_previous_state():
    state, previous = D.transition(D.NOT_VALIDATED, "block")
    assert (state, previous) == (D.BLOCKED, D.NOT_VALIDATED)
    assert D.transition(state, "unblock", previous)[0] == D.NOT_VALIDATED


def test_inactivity_keeps_the_state_to_return_to():
    state, previous = D.transition(D.ACTIVE, "inactivate")
    assert D.transition(state, "reactivate", previous)[0] == D.ACTIVE


@pytest.mark.parametrize("days,state,expected", [
    (729, D.ACTIVE, None), (730, D.ACTIVE, "inactivate"), (730, D.NOT_VALIDATED, "inactivate"),
    (800, D.INACTIVE, None), (1095, D.INACTIVE, "remove"), (1200, D.ACTIVE, "remove"),
    (2000, D.BLOCKED, None), (2000, D.REMOVED, None),
])
def test_lifecycle_rules(days, state, expected):
    assert D.lifecycle_event(state, NOW - timedelta(days=days), NOW) == expected


def test_login_refusals_name_their_reason():
    assert D.can_log_in(D.EMAIL_UNVERIFIED) == "email_unverified"
    assert D.can_log_in(D.BLOCKED) == "blocked"
    assert D.can_log_in(D.DELETED) == "removed"
    assert D.can_log_in(D.INACTIVE) is None  # a login reactivates (A14)
