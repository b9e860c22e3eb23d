"""identity's use cases: registration (R1-R12)."""

from etwinning_contracts.errors import Conflict, Invalid
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from ..security import salt_of
from .common import GENERIC_ACCEPTED, _changed, _count_mail_request, _send_link, _use_token, user_snapshot


# what a registration sets on an account once confirmed, kept apart until then
REGISTERED = ("username", "password_hash", "first_name", "last_name", "member_type", "interface_language",
              "preferences")


def register(uow, security, links_base, *, email, password, username, first_name, last_name, member_type,
             works_in_pre_university_school, interface_language, preferences, client=None, mail_cap=0):
    """Phase one. Answers the same, in about the same time, whether or not the email is known (no
    enumeration, design §6): the password is hashed first in both cases, as hashing is most of
    the time a registration takes. ``client``, the address the request came from, may ask for
    ``mail_cap`` links an hour (_count_mail_request).

    The registration waits apart from the account until a link emailed to the address is opened
    with its password (verify_email): someone registering another's address, before or after
    the owner, cannot have the owner confirm their password. Nor does it hold its username
    meanwhile, or a second registration with that username would tell the address was new."""
    _count_mail_request(uow, client, mail_cap)
    user = uow.repo.user_by_email(email)
    password_hash = security.hash_password(password, salt=_salt_of_address(uow, user))
    registration = {"username": username, "password_hash": password_hash,
                    "first_name": first_name, "last_name": last_name, "member_type": member_type,
                    "interface_language": interface_language, "preferences": _clean_preferences(preferences)}
    # A taken username is refused before the address is looked at, whatever the address (even
    # the username's own): the answer then never tells which address goes with which username.
    if uow.repo.username_taken(username):
        raise Conflict("This username is taken; choose another.", {"username": ["Already taken."]},
                       code="username_taken")
    if user is None:
        user = uow.repo.new_user(email=email.lower(), state=D.EMAIL_UNVERIFIED, created_at=uow.now(),
                                 interface_language=interface_language, preferences={}, staff_permissions=[],
                                 role="user")
        uow.repo.flush()
    else:
        user = uow.repo.user(user.id, lock=True)  # as it is now: it may have been confirmed a moment ago
    if user.state == D.EMAIL_UNVERIFIED:
        uow.repo.add_waiting_registration(user.id, registration, uow.now(), keep=D.WAITING_REGISTRATIONS_KEPT)
        _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL,
                   "verify-email", links_base)
        return GENERIC_ACCEPTED
    # An account's address: its password alone is kept, apart, so that signing in with it is
    # refused as for a new address (email_unverified) and tells nobody the address had an
    # account. It confirms nothing (no link is sent for it) and is forgotten after a while.
    uow.repo.add_waiting_registration(user.id, {"password_hash": password_hash}, uow.now(),
                                      keep=D.WAITING_REGISTRATIONS_KEPT)
    if D.can_log_in(user.state) is None:  # the owner learns it by mail, with a way back in
        _send_link(uow, E.ADDRESS_ALREADY_REGISTERED, user, "reset_password", D.PASSWORD_RESET_TTL,
                   "reset-password", links_base)
    return GENERIC_ACCEPTED


def _salt_of_address(uow, user):
    """The salt the passwords registered for this address share, so that signing in checks all
    of them with one hash (security.matching); None (a new one) for the first."""
    waiting = uow.repo.waiting_registrations(user.id) if user is not None else []
    return salt_of(waiting[0]["password_hash"]) if waiting else None


def _clean_preferences(prefs):
    prefs = dict(prefs or {})
    return {
        "languages": sorted(set(prefs.get("languages", []))),
        "subjects": sorted(set(prefs.get("subjects", []))),
        "age_groups": sorted(set(prefs.get("age_groups", []))),
        "ict_use": prefs.get("ict_use"),
    }


def verify_email(uow, security, *, token, password):
    """The link proves the mailbox; the password picks, among the registrations of the address,
    the one that is the person's own, which the account becomes. A wrong password changes
    nothing and leaves the link working."""
    user = _use_token(uow, token, "verify_email")
    registration = _registration_matching(uow, security, user, password)
    if registration is None:
        raise Invalid("This is not the password registered with this address. Type the one you chose when you "
                      "registered; if you did not register, ignore the email.",
                      {"password": ["Not the password registered with this address."]}, code="wrong_password")
    wanted = registration["username"]
    if wanted.lower() != (user.username or "").lower() and uow.repo.username_taken(wanted):
        raise Conflict("The username you registered has been taken by another account since; register again "
                       "with another.", {"username": ["Already taken."]}, code="username_taken")
    for field, value in registration.items():
        setattr(user, field, value)
    uow.repo.forget_waiting_registrations(user.id)  # the others' passwords and names are kept no longer
    user.state, user.previous_state = D.transition(user.state, "verify_email", user.previous_state)
    user.email_verified_at = uow.now()
    _changed(uow, user)
    uow.emit(E.USER_REGISTERED, user_id=str(user.id), user=user_snapshot(user))
    return {"status": "verified", "detail": f"Your email address is confirmed for the username {user.username}. "
                                            "Sign in to choose your school."}


def _registration_matching(uow, security, user, password, to_confirm=True):
    """The newest registration of ``user``'s address (None: an unknown address) whose password
    is ``password``, or None, for the cost of one hash however many there are. ``to_confirm``:
    only those an account can be made of (not a password kept alone, see register), and the
    one an unconfirmed account registered before registrations waited apart holds on its row."""
    waiting = list(uow.repo.waiting_registrations(user.id)) if user is not None else []
    if to_confirm:
        waiting = [r for r in waiting if "username" in r]
        if user is not None and user.state == D.EMAIL_UNVERIFIED and user.password_hash:
            waiting.append({field: getattr(user, field) for field in REGISTERED})
    found = security.matching(password, [r["password_hash"] for r in waiting])
    return None if found is None else waiting[found]


def resend_verification(uow, links_base, *, email, client=None, mail_cap=0):
    _count_mail_request(uow, client, mail_cap)
    user = uow.repo.user_by_email(email)
    if user is not None:
        user = uow.repo.user(user.id, lock=True)  # as it is now: it may have been confirmed a moment ago
    if user is not None and user.state == D.EMAIL_UNVERIFIED:
        _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL,
                   "verify-email", links_base)
    return GENERIC_ACCEPTED
