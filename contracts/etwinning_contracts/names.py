"""Service names and event names: the only strings services use to find each other."""

IDENTITY = "identity"
DIRECTORY = "directory"
PROJECTS = "projects"
TWINSPACE = "twinspace"
RECOGNITION = "recognition"
NOTIFY = "notify"
GATEWAY = "gateway"


class IdentityEvents:
    """Events emitted by identity (exchange ``identity.events``)."""

    USER_REGISTERED = "user_registered"
    EMAIL_VERIFICATION_REQUESTED = "email_verification_requested"
    # Carries the full directory-relevant snapshot of a user with a revision number;
    # consumers keep the highest revision, so replays and reordering are harmless.
    USER_CHANGED = "user_changed"
    VALIDATION_REQUESTED = "validation_requested"
    USER_VALIDATED = "user_validated"
    VALIDATION_REJECTED = "validation_rejected"
    USER_BLOCKED = "user_blocked"
    USER_UNBLOCKED = "user_unblocked"
    USER_INACTIVATED = "user_inactivated"
    USER_REACTIVATED = "user_reactivated"
    USER_REMOVED = "user_removed"
    USER_ERASED = "user_erased"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_CHANGED = "password_changed"
    ADDRESS_ALREADY_REGISTERED = "address_already_registered"  # someone registered again with it
    LIFECYCLE_WARNED = "lifecycle_warned"  # A14: told a month before inactivity or removal
    VALIDATIONS_LATE = "validations_late"  # A22: a staff member is told of validation tasks past 30 days
    DIRECTOR_CONFIRMATION_REQUESTED = "director_confirmation_requested"  # A22: the director is asked by mail
    ACCOUNT_DELETION_REQUESTED = "account_deletion_requested"
    EMAIL_CHANGE_REQUESTED = "email_change_requested"  # a link to the new address, to confirm it (R26)
    EMAIL_CHANGED = "email_changed"  # the old address is told
    SCHOOL_CHANGED = "school_changed"
    MEMBERSHIP_ADDED = "membership_added"
    MEMBERSHIP_ENDED = "membership_ended"
    MEMBERSHIP_VALIDATED = "membership_validated"
    SESSION_ENDED = "session_ended"  # signed out, or its refresh token was reused (stolen)
    STAFF_CHANGED = "staff_changed"  # a staff member's role, region or permissions changed
