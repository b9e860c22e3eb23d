"""identity's rules in plain Python: the account state machine (requirements §10.1),
time limits and eligibility. No database, no messaging here."""
import unicodedata
from collections import Counter
from datetime import timedelta, timezone
from difflib import SequenceMatcher

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

# how a refusal names an event and a state to the person reading it
DONE = {"verify_email": "confirmed", "inactivate": "made inactive", "reactivate": "reactivated", "remove": "removed",
        "unblock": "unblocked"}
DESCRIBED = {EMAIL_UNVERIFIED: "waiting for its email address to be confirmed",
             REGISTRATION_INCOMPLETE: "registered without a school yet", PENDING_VALIDATION: "waiting for validation",
             ACTIVE: "active and validated", NOT_VALIDATED: "registered but not validated", INACTIVE: "inactive",
             BLOCKED: "blocked", REMOVED: "removed", DELETED: "deleted"}

VERIFICATION_LINK_TTL = timedelta(days=7)       # A17
WAITING_REGISTRATIONS_KEPT = 5                  # of one address not confirmed yet: the newest
PASSWORD_RESET_TTL = timedelta(hours=1)         # A19
DELETION_LINK_TTL = timedelta(days=2)
VALIDATION_DUE_AFTER = timedelta(days=30)       # A22: an open validation task past this is escalated
SUMMARY_WINDOW = timedelta(days=30)             # the pipeline summary's recent decisions
ESCALATION_HOUR = 6                             # UTC: late tasks are reported in one morning message a day
DIRECTOR_LINK_TTL = VALIDATION_DUE_AFTER        # the director's link lasts as long as the task should
INACTIVE_AFTER = timedelta(days=730)            # R41
REMOVED_AFTER = timedelta(days=1095)            # R42
WARNED_AHEAD = timedelta(days=30)               # A14: the owner is told this long before either
LINK_EMAILS_PER_WINDOW = 5                      # emailed links per kind and account...
LINK_EMAIL_WINDOW = timedelta(hours=1)          # ...within this window (A17: resend is rate limited)
# A director is emailed at an address the applicant may have typed: at most this many such
# emails per applicant and window, so joining and leaving schools cannot send mail to anyone
DIRECTOR_EMAILS_PER_WINDOW, DIRECTOR_EMAIL_WINDOW = 3, timedelta(days=1)
ACCESS_TOKEN_TTL = timedelta(minutes=15)
REFRESH_TOKEN_TTL = timedelta(days=30)
# A refresh token presented again this soon after its exchange, whose successor was never used,
# is a retry whose answer was lost (a dropped connection): exchanged again, not taken for theft.
REFRESH_RETRY_GRACE = timedelta(seconds=30)

ACTIVITY_RECORDED_EVERY = timedelta(days=1)     # a token refresh counts as a login at most this often
LOGIN_HISTORY_KEPT = 100                        # successful logins kept per account (R21)

# A lifecycle run at a chosen date (R43): never before the real clock (a little skew between the
# caller's and the service's clocks is tolerated), later only where the clock is settable (tests,
# development), and never absurdly far (the rules subtract years from it).
LIFECYCLE_CLOCK_SKEW = timedelta(minutes=5)
LIFECYCLE_FURTHEST_AHEAD = timedelta(days=100 * 365)

# Failed sign-ins against one login: a client (an address) is locked out of it after a few, for
# LOGIN_LOCK_WINDOW; everyone only after many, from many places, so that a stranger typing
# wrong passwords for an officer's address does not lock the officer out.
LOGIN_FAILURES_ALLOWED = 5                      # from one client
LOGIN_FAILURES_ALLOWED_EVERYWHERE = 50          # from all clients together
LOGIN_LOCK_WINDOW = timedelta(minutes=15)
# Anonymous requests that email a link (a registration, a link sent again, a forgotten
# password) from one client address: at most MAIL_REQUESTS_PER_CLIENT_PER_HOUR an hour, so
# nobody has the platform mail thousands of strangers; generous, as a school's teachers (a
# training session) often share one address. 0 lifts the cap (development, tests).
MAIL_REQUESTS_PER_CLIENT_PER_HOUR = 60
MAIL_REQUEST_WINDOW = timedelta(hours=1)
EMAIL_CHANGE_LINK_TTL = timedelta(days=2)       # R26: the link to the new address
# Answers to "send a link to this address" take this long, known address or not (R22)
UNIFORM_ANSWER_SECONDS = 0.25

ANONYMISED_NAME = "Former eTwinner"             # A15

# event --> {from_state: to_state}; "previous" means the state remembered before block/inactivity.
# What people and staff do to an account. Between registration_incomplete, pending_validation,
# registered_not_validated and active_etwinner the memberships decide (restate, A21, A23).
TRANSITIONS = {
    "verify_email": {EMAIL_UNVERIFIED: REGISTRATION_INCOMPLETE},
    "inactivate": {ACTIVE: INACTIVE, NOT_VALIDATED: INACTIVE, PENDING_VALIDATION: INACTIVE,
                   REGISTRATION_INCOMPLETE: INACTIVE},
    "reactivate": {INACTIVE: "previous"},
    "remove": {INACTIVE: REMOVED, BLOCKED: REMOVED},
    "unblock": {BLOCKED: "previous"},
}


def transition(state, event, previous=None):
    """Return ``(new_state, remembered_previous)`` or raise ``Conflict``."""
    if event == "block":
        if state in TERMINAL or state == BLOCKED:
            raise Conflict("This account is blocked already." if state == BLOCKED else
                           f"This account cannot be blocked: it is {DESCRIBED[state]}.", code="invalid_state")
        # remember the standing beneath, not "inactive": what an unblock returns to must not be
        # an inactive account with nothing remembered (which reactivation would make validated)
        return BLOCKED, (previous if state == INACTIVE else state)
    if event == "delete":
        if state in TERMINAL:
            raise Conflict("This account no longer exists.", code="invalid_state")
        return DELETED, None
    target = TRANSITIONS[event].get(state)
    if target is None:
        raise Conflict(f"This account cannot be {DONE[event]}: it is {DESCRIBED[state]}.", code="invalid_state")
    if target == "previous":  # nothing remembered: the least a user can be; memberships then decide
        return previous or NOT_VALIDATED, None
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
    """What the daily job does to an account: 'remove', 'inactivate' or None (R41-R43). A blocked
    account is not made inactive (it is hidden already) but is removed like any other: three
    years without a login, whatever the reason, and its personal data go (R42)."""
    if state in TERMINAL or state == EMAIL_UNVERIFIED or last_seen is None:
        return None
    idle = now - last_seen
    if idle >= REMOVED_AFTER:
        return "remove"  # the use case inactivates first if a run was missed
    if idle >= INACTIVE_AFTER and state not in (INACTIVE, BLOCKED):
        return "inactivate"
    return None


def lifecycle_warning(state, last_seen, now, inactivity_warned, removal_warned):
    """Which warning the job sends (A14): ('inactive' | 'removed', the day it happens), or None.
    A warning comes once per idle spell (a login clears both), and only while signing in still
    prevents the step: never to a blocked account or one not confirmed yet."""
    if state in TERMINAL or state in (BLOCKED, EMAIL_UNVERIFIED) or last_seen is None:
        return None
    idle = now - last_seen
    if not removal_warned and REMOVED_AFTER - WARNED_AHEAD <= idle < REMOVED_AFTER:
        return "removed", last_seen + REMOVED_AFTER
    if not inactivity_warned and state != INACTIVE and INACTIVE_AFTER - WARNED_AHEAD <= idle < INACTIVE_AFTER:
        return "inactive", last_seen + INACTIVE_AFTER
    return None


def lifecycle_date(requested, real_now, settable):
    """The date a lifecycle run evaluates the rules at: ``requested`` if allowed, else ``Invalid``."""
    if requested is None:
        return real_now
    requested = requested.astimezone(timezone.utc)  # PostgreSQL takes offsets up to 15:59 only
    if requested < real_now - LIFECYCLE_CLOCK_SKEW:
        raise Invalid("The lifecycle job cannot run at a date in the past.",
                      {"now": ["Must not be before the current time."]}, code="date_in_past")
    if requested > real_now + LIFECYCLE_FURTHEST_AHEAD:
        raise Invalid("That date is too far in the future.", {"now": ["At most 100 years ahead."]},
                      code="date_out_of_range")
    if requested > real_now + LIFECYCLE_CLOCK_SKEW and not settable:
        # A future date would inactivate and erase accounts that are still in use.
        raise Invalid("The lifecycle job runs at the current time on this installation.",
                      {"now": ["Must not be in the future: the clock is not settable here."]},
                      code="clock_not_settable")
    return max(requested, real_now)


def activity_due(last_seen, now):
    """Whether a token refresh should be recorded as a login (R21): at most once a day."""
    return last_seen is None or now - last_seen >= ACTIVITY_RECORDED_EVERY


def email_hint(address):
    """Enough of an address for its owner to recognise it, not enough to write to it:
    'ana.garcia@colegio.es' -> 'a***@colegio.es'."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def login_locked(failures_from_client, failures_everywhere):
    return failures_from_client >= LOGIN_FAILURES_ALLOWED or failures_everywhere >= LOGIN_FAILURES_ALLOWED_EVERYWHERE


def participates(country_row, today):
    """A country takes part when it is marked so and ``today`` is within its dates (A49)."""
    return country_row is not None and country_row.participating and (
        country_row.participating_from is None or country_row.participating_from <= today) and (
        country_row.participating_until is None or today < country_row.participating_until)


def check_school_country(country_row, today):
    if not participates(country_row, today):
        raise Invalid("Schools can only be registered in a participating country.",
                      {"country": ["Not a participating country."]}, code="country_not_participating")


def may_edit_school(membership_state, school_has_validated_member, is_creator):
    """Who may edit a school profile (R37, R38), see its audit trail and its director's contacts:
    a current member whose membership of it is validated. Before anyone has been validated for
    the school, its creator may still fix it. A pending applicant must not, or they could
    redirect the director's confirmation (R14): anyone can say they work somewhere."""
    return membership_state == "validated" or (
        membership_state is not None and is_creator and not school_has_validated_member)


def require_school_editor(membership_state, school_has_validated_member, is_creator):
    if not may_edit_school(membership_state, school_has_validated_member, is_creator):
        raise Forbidden("Only validated members of this school (and its creator, until someone is validated "
                        "there) can change its profile or see its history.",
                        code="not_school_editor")


def _plain(text):
    """Lower case, accents and punctuation aside: how two spellings of a name are compared."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


SAME_SCHOOL_NAME = 0.6  # difflib's ratio above which a new spelling is a correction, not another name


def check_school_region(region_codes, region):
    """R13: where the NSO validates region by region, a school names one of its regions, so that
    its teachers' validation reaches that region's representative."""
    if region_codes and region is None:
        raise Invalid("Choose the school's region: this country's National Support Organisation validates "
                      "teachers region by region.", {"region": ["Required in this country."]}, code="region_required")
    if region_codes and region not in region_codes:
        raise Invalid("Unknown region for this country.", {"region": ["Not a region of this country's NSO."]},
                      code="unknown_region")


def check_member_school_edit(name, town, new_name, new_town):
    """R37: a teacher who changes schools must not turn the old school's record into the new one.
    Measured against the school as registered or as its NSO last set it (so that edits made one
    after another cannot walk it to another school), a member corrects the name or the town,
    not both, and the name only as far as a spelling goes (a typo, an accent, a word added);
    another school's name is for the NSO to set. ``name``, ``town``: as registered or last set
    by the NSO."""
    renamed, moved = _plain(new_name) != _plain(name), _plain(new_town) != _plain(town)
    if (renamed and moved) or (renamed and SequenceMatcher(None, _plain(name), _plain(new_name)).ratio()
                               < SAME_SCHOOL_NAME):
        raise Forbidden("A member corrects a school's name or town, not both, and its name only as far as its "
                        "spelling: if you changed schools, leave this one and add the new one; if the school was "
                        "renamed, ask your National Support Organisation.", code="school_identity_change")


def validation_standing(membership_states):
    """The account state the user's current memberships give (A21, A23): an eTwinner through any
    validated one, else waiting while one awaits validation, else registered but not validated."""
    states = set(membership_states)
    if "validated" in states:
        return ACTIVE
    if "pending" in states:
        return PENDING_VALIDATION
    return NOT_VALIDATED


STANDING_STATES = {REGISTRATION_INCOMPLETE, PENDING_VALIDATION, ACTIVE, NOT_VALIDATED}


def restate(state, previous, membership_states):
    """``(state, previous)`` after a membership was added, validated, rejected or ended. A blocked
    or inactive account keeps that state; what it returns to follows the memberships."""
    standing = validation_standing(membership_states)
    if state == REGISTRATION_INCOMPLETE and not membership_states:
        return state, previous  # the school step is still to do
    if state in STANDING_STATES:
        return standing, previous
    if state in (BLOCKED, INACTIVE) and previous in STANDING_STATES:
        return state, standing
    return state, previous


def check_staff_scope(role, country_row, region, nso):
    """An NSO staff member belongs to a participating country with an NSO, and a region, if
    any, of that NSO (R47, R48); central staff have neither."""
    if role == "css_staff":
        if country_row is not None or region:
            raise Invalid("Central staff have no country or region.", {"country": ["Leave empty for css_staff."]})
        return
    if country_row is None or not country_row.participating:
        raise Invalid("NSO staff belong to a participating country.", {"country": ["Not a participating country."]},
                      code="country_not_participating")
    if nso is None:
        raise Conflict("This country has no National Support Organisation yet: give its contacts first "
                       "(PATCH /api/v1/nsos/{code}).", {"country": ["No NSO."]}, code="nso_missing")
    if region and region not in {r["code"] for r in (nso.regions or [])}:
        raise Invalid("Unknown region for this country.", {"region": ["Not a region of this country's NSO."]},
                      code="unknown_region")


def director_details_missing(school):
    return not (school.director_name and school.director_email)


# Directors change with school years: details nobody has entered or confirmed for a year are
# flagged to the school's members and to the NSO (R15), as the NSO asks that director.
DIRECTOR_DETAILS_FRESH_FOR = timedelta(days=365)


def director_details_outdated(school, now):
    updated = school.director_details_updated_at
    return not director_details_missing(school) and (updated is None or updated < now - DIRECTOR_DETAILS_FRESH_FOR)


def late_tasks_seen_by(actor, late, regional_countries):
    """Of the ``late`` tasks' (country, region) pairs, how many per country ``actor`` may decide
    (all of them for central staff, their country's or region's for a validator)."""
    counts = Counter(country for country, region in late
                     if actor.can_act_for_country(country, "validator", region, country in regional_countries))
    return dict(sorted(counts.items()))


NOTHING_TO_COUNT = {"open": 0, "awaiting_director": 0, "overdue": 0, "oldest_open_at": None, "validated": 0,
                    "rejected": 0, "median_seconds": None}


def pipeline_summary(country, row):
    """One country's line of the validation pipeline summary, from the counts the database
    gave (``row``; None where the country has no task to count): open tasks split into those
    waiting for the director's confirmation and those ready for the officers' decision."""
    row = row or NOTHING_TO_COUNT
    median = row["median_seconds"]
    return {"country": country, "open": row["open"], "awaiting_director": row["awaiting_director"],
            "ready_to_decide": row["open"] - row["awaiting_director"], "overdue": row["overdue"],
            "oldest_open_at": row["oldest_open_at"], "validated": row["validated"], "rejected": row["rejected"],
            "median_hours_to_decision": None if median is None else round(median / 3600, 1)}


def next_step(state, tasks):
    """What the owner of an account in ``state`` does, or waits for, next on the way to taking
    part (the validation pipeline made visible, R11-R19): ``{"code", "detail", "due_at"}``, or
    None once there is nothing to do. ``tasks``: the account's validation tasks, oldest first."""
    if state == REGISTRATION_INCOMPLETE:
        return {"code": "add_school", "due_at": None,
                "detail": "Add the school you work in (pick it in the registry, or register it) so that your "
                          "National Support Organisation can validate you."}
    open_tasks = [t for t in tasks if t.state == "open"]
    if state == PENDING_VALIDATION and open_tasks:
        task = open_tasks[-1]
        due_at = task.created_at + VALIDATION_DUE_AFTER
        if task.director_confirmed_at is not None:
            progress = "the director's confirmation that you work there is recorded; the decision comes next"
        elif task.director_asked_at is not None and task.director_answer is None:
            progress = "the school's director was asked by email to confirm that you work there"
        else:
            progress = "it checks with the school's director that you work there"
        return {"code": "await_validation", "due_at": due_at,
                "detail": f"Your National Support Organisation is validating your registration with "
                          f"{task.school.name}: {progress}. It is due by {due_at:%Y-%m-%d}."}
    if state == NOT_VALIDATED:
        rejected = [t for t in tasks if t.state == "rejected"]
        reason = f" ({rejected[-1].reason})" if rejected and rejected[-1].reason else ""
        return {"code": "contact_nso", "due_at": None,
                "detail": f"Your validation was not granted{reason}. Your National Support Organisation can "
                          "validate you once the matter is settled; their contact details are on this page."}
    return None
