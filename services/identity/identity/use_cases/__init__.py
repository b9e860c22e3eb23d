"""identity's operations, one function per use case.

Each takes a unit of work ``uow`` (``uow.repo`` for data, ``uow.emit`` for events,
``uow.now()`` for time), the acting user and explicit arguments. Password hashing and
token signing come in as ``security`` so these modules stay free of I/O frameworks.

One module per area, as the sections of requirements.md go; this package answers every use case
by name (``uc.register``, ``uc.view_profile``) wherever it lives.
"""
from .common import (
    GENERIC_ACCEPTED, NSO_CONTACTS, SUPPORT_HINT, user_snapshot,
)
from .registration import (
    register, resend_verification, verify_email,
)
from .schools import (
    get_school, join_school, leave_school, membership_view, my_memberships, school_history, school_view,
    search_schools, update_school,
)
from .validation import (
    answer_as_director, director_question, get_validation_task, list_validation_tasks, record_director_confirmation,
    reject_teacher, task_view, validate_teacher, validation_summary,
)
from .sign_in import (
    EMAIL_CHANGE_ASKED, begin_link_password, begin_password_check, begin_sign_in, change_password, claims_for, confirm_email_change,
    forget_sign_in_attempt, login, logout, my_logins, refresh,
    request_email_change, request_password_reset, reset_password, user_logins,
)
from .profile import (
    MAX_PICTURE_BYTES, get_picture, my_profile, set_picture, show_email_to_contact, update_profile,
    view_profile,
)
from .staff_actions import (
    block, reactivate, request_deletion_for, unblock,
)
from .lifecycle import (
    confirm_deletion, request_deletion, run_lifecycle,
)
from .reference import (
    create_staff, list_countries, list_nsos, list_staff, revoke_staff, update_country, update_nso, update_staff,
)
from .replay import (
    republish_page,
)

__all__ = [
    "GENERIC_ACCEPTED", "NSO_CONTACTS", "SUPPORT_HINT", "user_snapshot", "register", "resend_verification",
    "verify_email", "get_school", "join_school", "leave_school", "membership_view", "my_memberships",
    "school_history", "school_view", "search_schools", "update_school", "list_validation_tasks", "get_validation_task",
    "answer_as_director", "director_question", "record_director_confirmation", "reject_teacher", "task_view",
    "validate_teacher", "change_password", "confirm_email_change", "EMAIL_CHANGE_ASKED", "request_email_change",
    "claims_for", "login", "logout", "my_logins", "begin_link_password", "begin_password_check", "begin_sign_in", "forget_sign_in_attempt", "refresh",
    "request_password_reset",
    "reset_password", "user_logins", "MAX_PICTURE_BYTES", "get_picture", "my_profile", "set_picture",
    "show_email_to_contact", "update_profile", "view_profile", "block", "reactivate", "request_deletion_for", "unblock",
    "confirm_deletion", "request_deletion", "run_lifecycle", "create_staff", "list_countries", "list_nsos",
    "list_staff", "revoke_staff", "update_country", "update_nso", "update_staff", "republish_page",
]
