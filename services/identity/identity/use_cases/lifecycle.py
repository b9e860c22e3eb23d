"""identity's use cases: lifecycle and erasure (R41-R45)."""

from datetime import timezone

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import RateLimited
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import _changed, _display_name, _my_account, _send_link, _use_token
from .sign_in import _throttle_keys_of


def _erase(uow, user, final_state, event_type):
    """Anonymise: keep the row (other services' history points at it), drop everything personal."""
    if user.email:
        uow.repo.forget_director_contact(user, [m.school_id for m in user.memberships])
    user.state, user.previous_state = final_state, None
    for key in _throttle_keys_of(user):
        uow.repo.clear_login_failures(key)
    for field in ("username", "email", "password_hash", "first_name", "last_name", "about", "picture",
                  "picture_type", "block_note", "email_verified_at", "last_login_at", "staff_country",
                  "staff_region"):
        setattr(user, field, None)
    user.preferences, user.staff_permissions = {}, []
    user.profile_public = user.available_for_projects = user.show_email_to_contacts = False
    user.erased_at = uow.now()
    uow.repo.erase_user_rows(user.id)
    for membership in user.memberships:  # gone from their schools; no task of theirs can be reopened
        if membership.ended_at is None:
            membership.ended_at = uow.now()
    for task in uow.repo.validation_tasks_of_user(user.id):
        task.director_confirmation_note = None
        if task.state == "open":
            task.state = "void"
    _changed(uow, user, event_type, state=final_state, reason=None)


def _inactivate(uow, user):
    user.state, user.previous_state = D.transition(user.state, "inactivate", user.previous_state)
    _changed(uow, user, E.USER_INACTIVATED, state=user.state, reason="no_login_730_days")


def inactivate_if_idle(uow, user):
    """An account the daily job would act on now is made inactive at once (the job removes it
    when due): for an account back from a block, which the job left alone."""
    if user.role == "user" and D.lifecycle_event(user.state, user.last_login_at or user.created_at, uow.now()):
        _inactivate(uow, user)


def run_lifecycle(uow, *, now=None, batch=200, settable_clock=False):
    """One batch of the daily job: inactive after 730 days without login, removed after 1095
    (R41-R43, A17), unverified registrations purged. ``more``: a batch was full, run again.
    ``now``: the date to apply the rules at, never in the past, in the future only with a
    ``settable_clock`` (tests and development)."""
    now = D.lifecycle_date(now, uow.now(), settable_clock)
    inactivated = removed = purged = 0
    due = uow.repo.users_for_lifecycle(now - D.INACTIVE_AFTER, now - D.REMOVED_AFTER, batch)
    for user in due:
        action = D.lifecycle_event(user.state, user.last_login_at or user.created_at, now)
        if action is None:
            continue
        if user.state not in (D.INACTIVE, D.BLOCKED):
            _inactivate(uow, user)
            inactivated += 1
        if action == "remove":
            _erase(uow, user, D.REMOVED, E.USER_REMOVED)
            removed += 1
    warned = 0
    for user in uow.repo.users_to_warn(now - D.INACTIVE_AFTER + D.WARNED_AHEAD, now - D.REMOVED_AFTER + D.WARNED_AHEAD,
                                       batch):
        warning = D.lifecycle_warning(user.state, user.last_login_at or user.created_at, now,
                                      user.inactivity_warned_at, user.removal_warned_at)
        if warning is None:
            continue
        step, on = warning
        if step == "inactive":
            user.inactivity_warned_at = now
        else:
            user.removal_warned_at = now
        uow.emit(E.LIFECYCLE_WARNED, user_id=str(user.id), email=user.email, display_name=_display_name(user),
                 language=user.interface_language, step=step, on=on)
        warned += 1
    stale = uow.repo.stale_unverified(now - D.VERIFICATION_LINK_TTL, now, batch)
    for user in stale:
        _erase(uow, user, D.DELETED, E.USER_ERASED)
        purged += 1
    escalated = escalate_late_validations(uow, now)
    uow.repo.purge_login_failures(now - D.LOGIN_LOCK_WINDOW)  # throttling data is kept no longer than needed
    uow.repo.purge_mail_requests(now - D.MAIL_REQUEST_WINDOW)
    uow.repo.forget_kept_passwords(now - D.VERIFICATION_LINK_TTL)  # as long as a new address's wait
    return {"inactivated": inactivated, "removed": removed, "warned": warned, "purged_unverified": purged,
            "escalated": escalated, "more": len(due) == batch or len(stale) == batch or warned == batch}


def escalate_late_validations(uow, now):
    """A22: each open validation task past its 30 days is reported once, to central staff and to
    the validators who may decide it, in one message a day (the run of ``ESCALATION_HOUR``)
    rather than one per task. Returns how many tasks were reported."""
    if now.astimezone(timezone.utc).hour != D.ESCALATION_HOUR:
        return 0
    late = uow.repo.escalate_late_tasks(now - D.VALIDATION_DUE_AFTER, now)
    if not late:
        return 0
    countries = sorted({country for country, _ in late})
    regional = {c for c in countries if (nso := uow.repo.nso(c)) is not None and nso.regions}
    for staff in uow.repo.validators_to_alert(countries):
        tasks = D.late_tasks_seen_by(_staff_actor(staff), late, regional)
        if tasks:
            uow.emit(E.VALIDATIONS_LATE, user_id=str(staff.id), email=staff.email,
                     display_name=_display_name(staff), language=staff.interface_language, tasks=tasks)
    return len(late)


def _staff_actor(user):
    return Actor(user_id=str(user.id), roles=(user.role,), country=user.staff_country, region=user.staff_region,
                 permissions=tuple(user.staff_permissions or ()))


def request_deletion(uow, actor, links_base):
    """In-app "delete my account": confirmed through a link to the registered address (R45, A16)."""
    user = _my_account(uow, actor, lock=True)
    send_deletion_link(uow, user, links_base)
    return {"status": "confirmation_sent",
            "detail": "We sent a confirmation link to your registered email address."}


def send_deletion_link(uow, user, links_base):
    if not _send_link(uow, E.ACCOUNT_DELETION_REQUESTED, user, "delete_account", D.DELETION_LINK_TTL,
                      "confirm-deletion", links_base):
        raise RateLimited("A confirmation link was sent several times in the last hour; use the latest one.",
                          code="too_many_links", retry_after=D.LINK_EMAIL_WINDOW.total_seconds())  # at most


def confirm_deletion(uow, *, token):
    user = _use_token(uow, token, "delete_account")
    _erase(uow, user, D.DELETED, E.USER_ERASED)
    return {"status": "deleted", "detail": "Your account and personal data are deleted."}
