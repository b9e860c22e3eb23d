"""identity's use cases: staff acting on an account: block, unblock, reactivate, deletion asked
by email (R25, R44, R45)."""

from etwinning_contracts.errors import Forbidden, NotFound
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import _back_to_standing, _changed, _end_sessions, _staff_for
from .lifecycle import inactivate_if_idle, send_deletion_link
from .profile import _full_profile


def _staff_target(uow, actor, user_id):
    user = uow.repo.user(user_id, lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("No such account.")
    if not _staff_for(actor, user):
        raise Forbidden("Only the NSO of a country (and region) of this user's schools, or central staff, "
                        "can do this.")
    if str(user.id) == str(actor.user_id):
        raise Forbidden("Staff do not act on their own account: ask central support.", code="own_account")
    if user.role != "user" and not (actor.is_css or "system" in actor.roles):
        # an officer could otherwise lock a colleague out of the NSO's work
        raise Forbidden("Only central staff act on a staff account.", code="staff_account")
    return user


def block(uow, actor, *, user_id, reason_category, note):
    user = _staff_target(uow, actor, user_id)
    user.state, user.previous_state = D.transition(user.state, "block", user.previous_state)
    user.block_reason, user.block_note = reason_category, note
    _end_sessions(uow, user)  # and a blocked account moves to no new address
    _changed(uow, user, E.USER_BLOCKED, state=user.state, reason=reason_category)
    return _full_profile(user)


def unblock(uow, actor, *, user_id):
    """Back to the standing underneath; an account idle past the inactivity limit is inactive
    again at once (it was, or would have been, without the block): only its owner's sign-in
    or its NSO makes it active (R41, R44)."""
    user = _staff_target(uow, actor, user_id)
    _back_to_standing(user, "unblock")
    user.block_reason = user.block_note = None
    _changed(uow, user, E.USER_UNBLOCKED, state=user.state, reason=None)
    inactivate_if_idle(uow, user)
    return _full_profile(user)


def reactivate(uow, actor, *, user_id):
    user = _staff_target(uow, actor, user_id)
    _back_to_standing(user, "reactivate")
    user.last_login_at = uow.now()  # restart the inactivity clock from the reactivation
    user.inactivity_warned_at = user.removal_warned_at = None
    _changed(uow, user, E.USER_REACTIVATED, state=user.state, reason="nso")
    return _full_profile(user)


def request_deletion_for(uow, actor, *, user_id, links_base):
    """A deletion asked by email instead of in the app (A16's staff queue): the NSO or central
    staff send the same confirmation link to the registered address, so only its owner can
    confirm it (R45); nothing is deleted until they do."""
    user = _staff_target(uow, actor, user_id)
    send_deletion_link(uow, user, links_base)
    return {"status": "confirmation_sent",
            "detail": "A confirmation link was sent to the account's registered email address; the account is "
                      "deleted when its owner opens it."}
