"""identity's rules in plain Python: the account state machine (requirements §10.1),
time limits and eligibility. No database, no messaging here."""
from datetime import timedelta

from etwinning_contracts.errors import Conflict, Forbidden, Invalid

EMAIL_UNVERIFIED = "email_unverified"
REGISTRATION_INCOMPLETE = "registration_incomplete"
PENDING_VALIDATION = "pending_validation"
ACTIVE = "active_etwinner"
NOT_VALIDATED = "registered_not_validated"
INACTIVE = "inactive"
BLOCKED = "blocked"
REMOVED = "removed"
DELETED = "deleted"

TERMINAL = {REMOVED, DELETED}

VERIFICATION_LINK_TTL = timedelta(days=7)       # A17
PASSWORD_RESET_TTL = timedelta(hours=1)         # A19
DELETION_LINK_TTL = timedelta(days=2)
INACTIVE_AFTER = timedelta(days=730)            # R41
REMOVED_AFTER = timedelta(days=1095)            # R42
LINK_EMAILS_PER_WINDOW = 5                      # emailed links per kind and account...
LINK_EMAIL_WINDOW = timedelta(hours=1)          # ...within this window (A17: resend is rate limited)
ACCESS_TOKEN_TTL = timedelta(minutes=15)
REFRESH_TOKEN_TTL = timedelta(days=30)

LOGIN_FAILURES_ALLOWED = 5                      # then locked for LOGIN_LOCK_WINDOW
LOGIN_LOCK_WINDOW = timedelta(minutes=15)

ANONYMISED_NAME = "Former eTwinner"             # A15

# event --> {from_state: to_state}; "previous" means the state remembered before block/inactivity.
TRANSITIONS = {
    "verify_email": {EMAIL_UNVERIFIED: REGISTRATION_INCOMPLETE},
    "link_school": {REGISTRATION_INCOMPLETE: PENDING_VALIDATION},
    "validate": {PENDING_VALIDATION: ACTIVE, NOT_VALIDATED: ACTIVE},
    "reject": {PENDING_VALIDATION: NOT_VALIDATED},
    "inactivate": {ACTIVE: INACTIVE, NOT_VALIDATED: INACTIVE, PENDING_VALIDATION: INACTIVE,
                   REGISTRATION_INCOMPLETE: INACTIVE},
    "reactivate": {INACTIVE: "previous"},
    "remove": {INACTIVE: REMOVED},
    "unblock": {BLOCKED: "previous"},
}


def transition(state, event, previous=None):
    """Return ``(new_state, remembered_previous)`` or raise ``Conflict``."""
    if event == "block":
        if state in TERMINAL or state == BLOCKED:
            raise Conflict(f"An account that is {state} cannot be blocked.", code="invalid_state")
        return BLOCKED, state
    if event == "delete":
        if state in TERMINAL:
            raise Conflict("This account no longer exists.", code="invalid_state")
        return DELETED, None
    target = TRANSITIONS[event].get(state)
    if target is None:
        raise Conflict(f"Cannot {event.replace('_', ' ')} an account that is {state.replace('_', ' ')}.",
                       code="invalid_state")
    if target == "previous":
        return previous or ACTIVE, None
    if event == "inactivate":
        return target, state
    return target, previous


def is_validated(state, previous=None):
    """An eTwinner: validated and currently usable (inactive/blocked keep the flag underneath)."""
    return state == ACTIVE


def can_log_in(state):
    """Returns ``None`` when allowed, or a reason code the user is told (R235)."""
    if state == EMAIL_UNVERIFIED:
        return "email_unverified"
    if state == BLOCKED:
        return "blocked"
    if state in TERMINAL:
        return "removed"
    return None


def lifecycle_event(state, last_seen, now):
    """What the daily job does to an account: 'remove', 'inactivate' or None (R41-R43)."""
    if state in TERMINAL or state in (BLOCKED, EMAIL_UNVERIFIED) or last_seen is None:
        return None
    idle = now - last_seen
    if idle >= REMOVED_AFTER:
        return "remove"  # the use case inactivates first if a run was missed
    if idle >= INACTIVE_AFTER and state != INACTIVE:
        return "inactivate"
    return None


def login_locked(recent_failures):
    return recent_failures >= LOGIN_FAILURES_ALLOWED


def check_school_country(country_row):
    if country_row is None or not country_row.participating:
        raise Invalid("Schools can only be registered in a participating country.",
                      {"country": ["Not a participating country."]}, code="country_not_participating")


def require_member_of(active_school_ids, school_id):
    if str(school_id) not in {str(s) for s in active_school_ids}:
        raise Forbidden("Only current members of this school can change its profile.")


def director_details_missing(school):
    return not (school.director_name and school.director_email)
