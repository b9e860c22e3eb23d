"""identity's use cases: registration (R1-R12)."""

from etwinning_contracts.errors import Conflict
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import GENERIC_ACCEPTED, _changed, _issue_link, _may_send_link, _send_link, _use_token, user_snapshot


def register(uow, security, links_base, *, email, password, username, first_name, last_name, member_type,
             works_in_pre_university_school, interface_language, preferences):
    """Phase one. Answers the same, in about the same time, whether or not the email is known (no
    enumeration, design §6): the password is hashed first in both cases, as hashing is most of
    the time a registration takes."""
    password_hash = security.hash_password(password)
    # A taken username is refused before the address is looked at, whatever the address (even
    # the username's own): the answer then never tells which address goes with which username.
    if uow.repo.username_taken(username):
        raise Conflict("This username is taken; choose another.", {"username": ["Already taken."]},
                       code="username_taken")
    existing = uow.repo.user_by_email(email)
    if existing is not None:
        # An address not confirmed yet: the newest registration replaces the one waiting, whose
        # link stops working. Otherwise whoever registered someone else's address first would
        # keep their password, and the owner, opening the link, would confirm it for them.
        if existing.state == D.EMAIL_UNVERIFIED and _may_send_link(uow, existing, "verify_email"):
            existing.username, existing.password_hash = username, password_hash
            existing.first_name, existing.last_name, existing.member_type = first_name, last_name, member_type
            existing.interface_language, existing.preferences = interface_language, _clean_preferences(preferences)
            _issue_link(uow, E.EMAIL_VERIFICATION_REQUESTED, existing, "verify_email", D.VERIFICATION_LINK_TTL,
                        "verify-email", links_base)
        elif D.can_log_in(existing.state) is None:  # the owner learns it by mail, with a way back in
            _send_link(uow, E.ADDRESS_ALREADY_REGISTERED, existing, "reset_password", D.PASSWORD_RESET_TTL,
                       "reset-password", links_base)
        return GENERIC_ACCEPTED
    user = uow.repo.new_user(
        username=username, email=email.lower(), password_hash=password_hash,
        first_name=first_name, last_name=last_name, member_type=member_type, state=D.EMAIL_UNVERIFIED,
        interface_language=interface_language, preferences=_clean_preferences(preferences),
        created_at=uow.now(), staff_permissions=[], role="user",
    )
    uow.repo.flush()
    _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL, "verify-email",
               links_base)
    return GENERIC_ACCEPTED


def _clean_preferences(prefs):
    prefs = dict(prefs or {})
    return {
        "languages": sorted(set(prefs.get("languages", []))),
        "subjects": sorted(set(prefs.get("subjects", []))),
        "age_groups": sorted(set(prefs.get("age_groups", []))),
        "ict_use": prefs.get("ict_use"),
    }


def verify_email(uow, *, token):
    user = _use_token(uow, token, "verify_email")
    user.state, user.previous_state = D.transition(user.state, "verify_email", user.previous_state)
    user.email_verified_at = uow.now()
    _changed(uow, user)
    uow.emit(E.USER_REGISTERED, user_id=str(user.id), user=user_snapshot(user))
    # the username tells a person who opened someone else's registration link (the newest
    # registration for the address wins) that this account is not the one they made
    return {"status": "verified", "detail": f"Your email address is confirmed for the username {user.username}. "
                                            "Sign in to choose your school."}


def resend_verification(uow, links_base, *, email):
    user = uow.repo.user_by_email(email)
    if user is not None and user.state == D.EMAIL_UNVERIFIED:
        _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL,
                   "verify-email", links_base)
    return GENERIC_ACCEPTED
