"""Event envelope and payload schemas.

Every event carries ``event_id`` (uuid), ``occurred_at`` (UTC ISO 8601) and
``version``, then the ids and facts that changed. Changes are additive; a
breaking change is a new event name.
"""
from marshmallow import INCLUDE, Schema, fields, validate

from .names import IDENTITY, IdentityEvents as E


class EventSchema(Schema):
    class Meta:
        unknown = INCLUDE  # consumers tolerate fields added later

    event_id = fields.UUID(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))


class UserEvent(EventSchema):
    user_id = fields.UUID(required=True)


class SchoolRef(Schema):
    school_id = fields.UUID(required=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)
    education_levels = fields.List(fields.String())
    validated = fields.Boolean(required=True)


class UserSnapshot(Schema):
    """What other services may know about a user (never the email or password)."""

    revision = fields.Integer(required=True)
    username = fields.String(allow_none=True)
    display_name = fields.String(allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    member_type = fields.String(allow_none=True)
    state = fields.String(required=True)
    etwinning_validated = fields.Boolean(required=True)
    profile_public = fields.Boolean(required=True)
    available_for_projects = fields.Boolean(required=True)
    languages = fields.List(fields.String())
    subjects = fields.List(fields.String())
    age_groups = fields.List(fields.String())
    ict_use = fields.String(allow_none=True)
    has_picture = fields.Boolean()
    schools = fields.List(fields.Nested(SchoolRef))
    last_login_at = fields.AwareDateTime(allow_none=True)


class UserChanged(UserEvent):
    user = fields.Nested(UserSnapshot, required=True)


class MailRequest(UserEvent):
    """A transactional email identity asks notify to send. The link is single-use and expiring."""

    email = fields.Email(required=True)
    display_name = fields.String(required=True)
    language = fields.String(required=True)
    link = fields.Url(required=True, require_tld=False)
    expires_at = fields.AwareDateTime(required=True)


class DirectorConfirmationRequested(MailRequest):
    """A22: the school's director is asked, by a single-use link, whether the applicant works
    there. ``user_id`` is the applicant's (their erasure erases this mail); ``email`` and
    ``display_name`` are the director's."""

    task_id = fields.UUID(required=True)
    applicant_name = fields.String(required=True)
    school_name = fields.String(required=True)


class LifecycleWarning(UserEvent):
    """A14: the account becomes inactive, or is removed with its personal data, on ``on``
    unless its owner signs in before."""

    email = fields.Email(required=True)
    display_name = fields.String(required=True)
    language = fields.String(required=True)
    step = fields.String(required=True, validate=validate.OneOf(("inactive", "removed")))
    on = fields.AwareDateTime(required=True)


class ValidationsLate(UserEvent):
    """A22: open validation tasks passed their 30 days. ``user_id``, ``email``: the staff member
    told (central staff, or a validator of the country); ``tasks``: how many newly late tasks
    they may decide, per country."""

    email = fields.Email(required=True)
    display_name = fields.String(required=True)
    language = fields.String(required=True)
    tasks = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class SessionEnded(UserEvent):
    """One session (a family of refresh tokens) ended: its access tokens must stop working too."""

    session_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(("signed_out", "refresh_reused")))


class PasswordChanged(UserEvent):
    email = fields.Email(required=True)
    display_name = fields.String(required=True)
    language = fields.String(required=True)


class EmailChanged(UserEvent):
    """The account's address changed (R26): ``email`` is the old one, told so in case the owner
    did not ask for it; ``new_email_hint`` shows enough of the new one to recognise it."""

    email = fields.Email(required=True)
    new_email_hint = fields.String(required=True)
    display_name = fields.String(required=True)
    language = fields.String(required=True)


class ValidationRequested(UserEvent):
    task_id = fields.UUID(required=True)
    school_id = fields.UUID(required=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)


class ValidationDecided(UserEvent):
    task_id = fields.UUID(required=True)
    school_id = fields.UUID(required=True)
    country = fields.String(required=True)
    reason = fields.String(allow_none=True)
    # whom notify tells, and in which language (R19); optional: events of version 1 lack them
    email = fields.Email(allow_none=True, load_default=None)
    display_name = fields.String(allow_none=True, load_default=None)
    language = fields.String(allow_none=True, load_default=None)
    school_name = fields.String(allow_none=True, load_default=None)


class UserStateChanged(UserEvent):
    state = fields.String(required=True)
    reason = fields.String(allow_none=True)


class StaffChanged(UserEvent):
    """A staff member's role, region or permissions changed (R48): their sessions end."""

    role = fields.String(required=True)
    country = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    permissions = fields.List(fields.String())


class SchoolChanged(EventSchema):
    school_id = fields.UUID(required=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)
    education_levels = fields.List(fields.String())
    created_at = fields.AwareDateTime(required=True)
    revision = fields.Integer(required=True)


class MembershipChanged(UserEvent):
    membership_id = fields.UUID(required=True)
    school_id = fields.UUID(required=True)
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(allow_none=True)
    validated = fields.Boolean(required=True)


SCHEMAS = {
    (IDENTITY, E.USER_REGISTERED): UserChanged,
    (IDENTITY, E.EMAIL_VERIFICATION_REQUESTED): MailRequest,
    (IDENTITY, E.USER_CHANGED): UserChanged,
    (IDENTITY, E.VALIDATION_REQUESTED): ValidationRequested,
    (IDENTITY, E.USER_VALIDATED): ValidationDecided,
    (IDENTITY, E.VALIDATION_REJECTED): ValidationDecided,
    (IDENTITY, E.USER_BLOCKED): UserStateChanged,
    (IDENTITY, E.USER_UNBLOCKED): UserStateChanged,
    (IDENTITY, E.USER_INACTIVATED): UserStateChanged,
    (IDENTITY, E.USER_REACTIVATED): UserStateChanged,
    (IDENTITY, E.USER_REMOVED): UserStateChanged,
    (IDENTITY, E.USER_ERASED): UserStateChanged,
    (IDENTITY, E.PASSWORD_RESET_REQUESTED): MailRequest,
    (IDENTITY, E.PASSWORD_CHANGED): PasswordChanged,
    (IDENTITY, E.ADDRESS_ALREADY_REGISTERED): MailRequest,
    (IDENTITY, E.DIRECTOR_CONFIRMATION_REQUESTED): DirectorConfirmationRequested,
    (IDENTITY, E.LIFECYCLE_WARNED): LifecycleWarning,
    (IDENTITY, E.VALIDATIONS_LATE): ValidationsLate,
    (IDENTITY, E.ACCOUNT_DELETION_REQUESTED): MailRequest,
    (IDENTITY, E.EMAIL_CHANGE_REQUESTED): MailRequest,
    (IDENTITY, E.EMAIL_CHANGED): EmailChanged,
    (IDENTITY, E.SCHOOL_CHANGED): SchoolChanged,
    (IDENTITY, E.MEMBERSHIP_ADDED): MembershipChanged,
    (IDENTITY, E.MEMBERSHIP_ENDED): MembershipChanged,
    (IDENTITY, E.MEMBERSHIP_VALIDATED): MembershipChanged,
    (IDENTITY, E.STAFF_CHANGED): StaffChanged,
    (IDENTITY, E.SESSION_ENDED): SessionEnded,
}

CURRENT_VERSION = 1


def register(source, event_type, schema):
    """Contract modules of other services add their events here (see ``directory``)."""
    SCHEMAS[(source, event_type)] = schema


def schema_for(source, event_type):
    from . import directory  # noqa: F401  (registers directory's events)

    try:
        return SCHEMAS[(source, event_type)]()
    except KeyError:
        raise LookupError(f"no contract for event {source}.{event_type}") from None
