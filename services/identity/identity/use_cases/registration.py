"""identity's use cases: registration (R1-R12)."""

from etwinning_contracts.errors import Conflict
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import (GENERIC_ACCEPTED, _changed, _count_mail_request, _hash, _issue_link, _may_send_link, _send_link,
                     _use_token, user_snapshot)


# what a registration sets on an account, and a verification link carries (_issue_link)
REGISTERED = ("username", "password_hash", "first_name", "last_name", "member_type", "interface_language",
              "preferences")


def register(uow, security, links_base, *, email, password, username, first_name, last_name, member_type,
             works_in_pre_university_school, interface_language, preferences, client=None, mail_cap=0):
    """Phase one. Answers the same, in about the same time, whether or not the email is known (no
    enumeration, design §6): the password is hashed first in both cases, as hashing is most of
    the time a registration takes. ``client``, the address the request came from, may ask for
    ``mail_cap`` links an hour (_count_mail_request)."""
    _count_mail_request(uow, client, mail_cap)
    registration = {"username": username, "password_hash": security.hash_password(password),
                    "first_name": first_name, "last_name": last_name, "member_type": member_type,
                    "interface_language": interface_language, "preferences": _clean_preferences(preferences)}
    # A taken username is refused before the address is looked at, whatever the address (even
    # the username's own): the answer then never tells which address goes with which username.
    if uow.repo.username_taken(username):
        raise Conflict("This username is taken; choose another.", {"username": ["Already taken."]},
                       code="username_taken")
    existing = uow.repo.user_by_email(email)
    if existing is not None:
        # An address not confirmed yet: this registration gets a link of its own, and the ones
        # waiting keep theirs. Whoever opens a link confirms what was registered with it, so
        # someone registering another's address, before or after its owner, cannot have the
        # owner confirm their password by opening the owner's own link.
        if existing.state == D.EMAIL_UNVERIFIED and _may_send_link(uow, existing, "verify_email"):
            _issue_link(uow, E.EMAIL_VERIFICATION_REQUESTED, existing, "verify_email", D.VERIFICATION_LINK_TTL,
                        "verify-email", links_base, registration=registration)
        elif D.can_log_in(existing.state) is None:  # the owner learns it by mail, with a way back in
            _send_link(uow, E.ADDRESS_ALREADY_REGISTERED, existing, "reset_password", D.PASSWORD_RESET_TTL,
                       "reset-password", links_base)
        return GENERIC_ACCEPTED
    user = uow.repo.new_user(email=email.lower(), state=D.EMAIL_UNVERIFIED, created_at=uow.now(),
                             staff_permissions=[], role="user", **registration)
    uow.repo.flush()
    _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL, "verify-email",
               links_base, registration=registration)
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
    link = uow.repo.one_time_token(_hash(token), "verify_email", lock=False)
    user = _use_token(uow, token, "verify_email")
    if link.registration:  # (links sent before links carried their registration confirm the account as it is)
        _take_registration(user, link.registration, uow.repo.username_taken)
    link.registration = None
    uow.repo.void_tokens(user.id, "verify_email", uow.now())  # the address's other registrations end here
    user.state, user.previous_state = D.transition(user.state, "verify_email", user.previous_state)
    user.email_verified_at = uow.now()
    _changed(uow, user)
    uow.emit(E.USER_REGISTERED, user_id=str(user.id), user=user_snapshot(user))
    # the username tells a person who opened a link of someone else's registration of their
    # address that this account is not the one they made
    return {"status": "verified", "detail": f"Your email address is confirmed for the username {user.username}. "
                                            "Sign in to choose your school."}


def _take_registration(user, registration, username_taken):
    """The account becomes what was registered with the link opened. Only the first
    registration's username is held while links wait: another's may have been taken since."""
    wanted = registration["username"]
    if wanted.lower() != (user.username or "").lower() and username_taken(wanted):
        raise Conflict("The username registered with this link has been taken since; register again with another.",
                       {"username": ["Already taken."]}, code="username_taken")
    for field, value in registration.items():
        setattr(user, field, value)


def resend_verification(uow, links_base, *, email, client=None, mail_cap=0):
    """A new link for the newest registration still waiting (one sent again is usually one that
    did not arrive); the links already sent keep working."""
    _count_mail_request(uow, client, mail_cap)
    user = uow.repo.user_by_email(email)
    if user is not None and user.state == D.EMAIL_UNVERIFIED:
        newest = uow.repo.newest_live_token(user.id, "verify_email", uow.now())
        registration = newest.registration if newest is not None and newest.registration else _registered(user)
        _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL,
                   "verify-email", links_base, registration=registration)
    return GENERIC_ACCEPTED


def _registered(user):
    """The registration an account was made with, as a verification link carries it."""
    return {field: getattr(user, field) for field in REGISTERED}
