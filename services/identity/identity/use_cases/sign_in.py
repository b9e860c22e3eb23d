"""identity's use cases: login and tokens (R20-R25, R235)."""
import secrets
import uuid

from etwinning_contracts.errors import Conflict, Forbidden, Gone, Invalid, NotFound, RateLimited, Unauthorized
from etwinning_contracts.identity import PASSWORD_IS_A_LOGIN, password_is_a_login
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import (GENERIC_ACCEPTED, NSO_CONTACTS, SUPPORT_HINT, _back_to_standing, _changed, _current_memberships,
                     _client_key, _count_mail_request, _display_name, _end_sessions, _hash, _my_account, _send_link,
                     _staff_for, _use_token)
from .registration import _registration_matching


def _throttle_key(login):
    """What failed sign-ins are counted against, stored hashed (no address in clear): the login
    as typed, in any case. Not the account it names: a lock reached through the username that
    showed on the address would tell which address is whose, and an unknown login is locked
    alike, so a lock says nothing about accounts."""
    return _hash(login.strip().lower())


def _throttle_keys_of(user):
    """Every login an account can be typed as, to forget their failures."""
    return [_throttle_key(login) for login in (user.username, user.email) if login]


def begin_sign_in(uow, *, login, client=None):
    """Before the password is checked: refused when locked out (repeated failures from the same
    ``client``, the address the gateway saw, or very many from everywhere), else counted as a
    failure until the sign-in succeeds, so that guesses sent in parallel all count. Returns the
    attempt, for ``forget_sign_in_attempt``."""
    attempt = _counted_attempt(uow, _throttle_key(login), _client_key(client))
    if attempt is None:
        raise RateLimited("Too many failed sign-in attempts. Wait 15 minutes or reset your password." + SUPPORT_HINT,
                          {"support": [NSO_CONTACTS]}, code="login_locked",
                          retry_after=D.LOGIN_LOCK_WINDOW.total_seconds())  # at most
    return attempt


def _counted_attempt(uow, key, client_key):
    """A password attempt against ``key``, counted as a failure until it proves right; None when
    too many failed lately (from ``client_key``, or from everywhere). One check-and-count at a
    time per key, so that guesses sent in parallel all see each other."""
    uow.repo.lock_key(key)
    if D.login_locked(*uow.repo.recent_login_failures(key, client_key, uow.now() - D.LOGIN_LOCK_WINDOW)):
        return None
    return uow.repo.record_login_failure(key, client_key, uow.now())


def _password_check_key(user_id):
    """What wrong passwords typed in a signed-in session are counted against: the account (its
    owner, or whoever holds its token, knows whose it is)."""
    return _hash(f"signed-in:{user_id}")


def begin_password_check(uow, actor):
    """Before a signed-in request checks the password (change password, change address): as
    many wrong ones allowed as at sign-in, so that a stolen token is no way to guess the
    password. Counted as a failure until the password proves right, like ``begin_sign_in``."""
    attempt = _counted_attempt(uow, _password_check_key(actor.require_user()), None)
    if attempt is None:
        raise RateLimited("Too many wrong passwords. Wait 15 minutes, or sign out and reset your password.",
                          code="password_locked", retry_after=D.LOGIN_LOCK_WINDOW.total_seconds())
    return attempt


def begin_link_password(uow, *, token):
    """Before the password typed with a verification link is checked: as many wrong ones allowed
    per link as at sign-in, counted like ``begin_sign_in``'s, so that whoever holds a link
    cannot guess with it (nor make the service hash for ever)."""
    attempt = _counted_attempt(uow, _hash(f"link:{_hash(token)}"), None)
    if attempt is None:
        raise RateLimited("Too many wrong passwords with this link. Wait 15 minutes and type the one you chose "
                          "when you registered.", code="password_locked",
                          retry_after=D.LOGIN_LOCK_WINDOW.total_seconds())
    return attempt


def _password_proved(uow, user):
    uow.repo.clear_login_failures(_password_check_key(user.id))


def forget_sign_in_attempt(uow, attempt):
    """The password was right though the sign-in was refused (blocked, unverified): no failure."""
    uow.repo.delete_login_failure(attempt)


UNCONFIRMED = "Confirm your email address first: follow the link we sent you."


def login(uow, security, *, login, password, client=None):
    """Same answer for an unknown login and a wrong password. The lock is checked, and the
    attempt counted, by ``begin_sign_in`` first; success forgets this client's failures."""
    user = uow.repo.user_by_login(login.strip())
    own = user.password_hash if user is not None else None
    if own is None or not security.verify_password(own, password):
        if own is None:
            security.verify_password(security.dummy_hash, password)  # same cost as a real check
        # A password registered for the address and not confirmed yet is refused with its
        # reason (R235), whether the address is new or has an account (which keeps such a
        # password too, see register), and asked of every login for one more hash: neither the
        # answer nor its time tells whether the address has an account. Only when the address
        # is typed: through the username it would tell whose address it is.
        typed_address = user if user is not None and (user.email or "").lower() == login.strip().lower() else None
        if _registration_matching(uow, security, typed_address, password, to_confirm=False) is not None:
            raise Forbidden(UNCONFIRMED, code="email_unverified")
        raise Unauthorized("Wrong login or password.", code="bad_credentials")
    if user.state == D.EMAIL_UNVERIFIED:  # registered before registrations waited apart
        raise Forbidden(UNCONFIRMED, code="email_unverified")
    refusal = D.can_log_in(user.state)
    if refusal == "blocked":  # the password was right: this person may be told who their NSO is
        nso = _home_nso(user)
        contact = f" ({nso.name}, {nso.email})" if nso else ""
        why = f" ({user.block_reason} reason)" if user.block_reason else ""  # A20's category, not the note
        raise Forbidden(f"Your profile is blocked{why}. Please contact your National Support Organisation{contact}. "
                        f"Every NSO's contacts are listed at {NSO_CONTACTS}.", {"support": [NSO_CONTACTS]},
                        code=refusal)
    if refusal:
        raise Forbidden("This account no longer exists.", code=refusal)
    uow.repo.clear_login_failures(_throttle_key(login), _client_key(client))  # others' still count
    _signed_in(uow, user, "password")
    if security.needs_rehash(user.password_hash):
        user.password_hash = security.hash_password(password)
    return _issue_tokens(uow, security, user, family_id=uuid.uuid4())


def _signed_in(uow, user, method):
    """A successful login, or a token refresh (which is one too, for the inactivity rules: a
    mobile app may never ask for the password again): recorded (R21), the inactivity clock
    restarts (R41), and an inactive account is active again (A14, R44)."""
    user.last_login_at = uow.now()
    user.inactivity_warned_at = user.removal_warned_at = None  # a new idle spell starts
    uow.repo.record_login(user.id, uow.now(), method, D.LOGIN_HISTORY_KEPT)
    if user.state == D.INACTIVE:
        _back_to_standing(user, "reactivate")
        _changed(uow, user, E.USER_REACTIVATED, state=user.state, reason="login")


def _home_nso(user):
    """The NSO shown to the user: of a school they are validated in, else of a current school,
    else of the staff member's country."""
    current = sorted(_current_memberships(user), key=lambda m: m.validation_state != "validated")
    return current[0].school.nso if current else user.staff_nso


def claims_for(user):
    roles = ["user"] if user.role == "user" else ["user", user.role]
    return {
        "sub": str(user.id), "roles": roles, "country": user.staff_country, "region": user.staff_region,
        "perms": list(user.staff_permissions or []), "validated": D.is_validated(user.state),
        "schools": [str(m.school_id) for m in _current_memberships(user) if m.validation_state == "validated"],
    }


def _issue_tokens(uow, security, user, family_id, replaces=None):
    refresh = secrets.token_urlsafe(32)
    uow.repo.new_refresh_token(token_hash=_hash(refresh), user_id=user.id, family_id=family_id, replaces=replaces,
                               created_at=uow.now(), expires_at=uow.now() + D.REFRESH_TOKEN_TTL)
    # sid: the session, so that signing out ends its access tokens too (gateway revocations)
    access = security.sign({**claims_for(user), "sid": str(family_id)}, uow.now(), D.ACCESS_TOKEN_TTL)
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "expires_in": int(D.ACCESS_TOKEN_TTL.total_seconds())}


def refresh(uow, security, *, refresh_token):
    """Rotate a refresh token. Reusing an old one revokes the whole family (stolen token), unless
    it is a retry (_a_retry). The user is locked before the token, in the order of block and
    password changes (see _use_token)."""
    row = uow.repo.refresh_token(_hash(refresh_token), lock=False)
    if row is not None:
        uow.repo.lock_user(row.user_id)
        row = uow.repo.refresh_token(_hash(refresh_token))
    if row is None or row.expires_at <= uow.now():
        raise Unauthorized("Sign in again.", code="refresh_invalid")
    if row.revoked_at is None:
        row.revoked_at = uow.now()
    elif _a_retry(uow, row):  # the unseen successor stops working; the client gets a new pair
        uow.repo.revoke_refresh_tokens(uow.now(), family_id=row.family_id)
    elif uow.repo.rotated_after(row.family_id, row.created_at):  # exchanged already: a copy is in other hands
        raise Unauthorized("This sign-in was used from two places, so it is ended everywhere; sign in again.",
                           code="refresh_reused")  # the service then ends the session (see logout)
    else:
        raise Unauthorized("This session has ended (signed out, password changed or account blocked); "
                           "sign in again.", code="refresh_revoked")
    user = uow.repo.user(row.user_id, lock=True)
    if user is None or D.can_log_in(user.state):
        raise Unauthorized("Sign in again.", code="account_unavailable")
    if user.state == D.INACTIVE or D.activity_due(user.last_login_at, uow.now()):
        _signed_in(uow, user, "refresh")
    return _issue_tokens(uow, security, user, row.family_id, replaces=row.token_hash)


def _a_retry(uow, row):
    """Whether an exchanged refresh token presented again is the same client trying again (the
    answer to its exchange was lost): within REFRESH_RETRY_GRACE, every token issued after it
    issued in exchange for it, the newest never used. The successor a retry replaces is no
    token to retry with (it replaced nothing presented again): presented, it is a copy in
    other hands. A thief who beats the owner to a retry is caught at the owner's next refresh,
    which finds its token replaced (refresh_reused) and ends the session everywhere."""
    if uow.now() - row.revoked_at > D.REFRESH_RETRY_GRACE:
        return False
    successors = sorted(uow.repo.refresh_successors(row.family_id, row.created_at), key=lambda t: t.created_at)
    return (bool(successors) and all(t.replaces == row.token_hash for t in successors)
            and successors[-1].revoked_at is None)


def logout(uow, *, refresh_token, reason="signed_out"):
    """End the session the refresh token belongs to: its refresh tokens here, its access tokens
    at the gateway (SESSION_ENDED)."""
    row = uow.repo.refresh_token(_hash(refresh_token))
    if row is not None:
        uow.repo.revoke_refresh_tokens(uow.now(), family_id=row.family_id)
        uow.emit(E.SESSION_ENDED, user_id=str(row.user_id), session_id=str(row.family_id), reason=reason)
    return {"status": "signed_out", "detail": "You are signed out.", "session_id": row.family_id if row else None}


def request_password_reset(uow, links_base, *, email, client=None, mail_cap=0):
    """Never reveals whether the address is registered; never sends a password (R22, A19)."""
    _count_mail_request(uow, client, mail_cap)
    user = uow.repo.user_by_email(email)
    if user is not None and user.state not in D.TERMINAL and user.state != D.EMAIL_UNVERIFIED:
        _send_link(uow, E.PASSWORD_RESET_REQUESTED, user, "reset_password", D.PASSWORD_RESET_TTL, "reset-password",
                   links_base)
    return GENERIC_ACCEPTED


def reset_password(uow, security, *, token, new_password):
    try:
        user = _use_token(uow, token, "reset_password")
    except (NotFound, Gone) as exc:  # self-service recovery failed: say where help is (R23)
        raise type(exc)(exc.detail + _support_hint(uow, token), {"support": [NSO_CONTACTS]}, exc.code) from None
    _not_a_login(user, new_password)  # (the link stays usable: nothing is kept of a refused request)
    user.password_hash = security.hash_password(new_password)
    _end_sessions(uow, user)  # every session ends (A19), and an address change asked for before
    for key in _throttle_keys_of(user):
        uow.repo.clear_login_failures(key)
    uow.emit(E.PASSWORD_CHANGED, user_id=str(user.id), email=user.email, display_name=_display_name(user),
             language=user.interface_language)
    return {"status": "password_changed", "detail": "Your password is changed. Sign in with the new one."}


EMAIL_CHANGE_ASKED = {"status": "accepted",
                      "detail": "Unless the new address is already in use, a link was sent to it: your address "
                                "changes when you open it."}


def request_email_change(uow, security, links_base, actor, *, new_email, password):
    """R26: the address is personal information its owner changes, proving the password and
    that the new address is theirs (the link goes there, R7). An address in use answers the
    same and gets nothing, yet counts toward the hourly cap like one that gets a link: neither
    the answer nor the moment the cap is reached tells whose an address is."""
    user = _my_account(uow, actor, lock=True)
    if not security.verify_password(user.password_hash, password):
        raise Invalid("The password is wrong.", {"password": ["Wrong password."]}, code="bad_credentials")
    _password_proved(uow, user)
    if new_email.lower() == (user.email or "").lower():
        raise Invalid("This is already your address.", {"new_email": ["The same as the current address."]},
                      code="same_email")
    if not _send_link(uow, E.EMAIL_CHANGE_REQUESTED, user, "change_email", D.EMAIL_CHANGE_LINK_TTL,
                      "confirm-email", links_base, new_email=new_email.lower(),
                      deliver=_address_free(uow.repo.user_by_email(new_email))):
        raise RateLimited("A confirmation link was sent several times in the last hour; use the latest one.",
                          code="too_many_links", retry_after=D.LINK_EMAIL_WINDOW.total_seconds())
    return EMAIL_CHANGE_ASKED


def _address_free(holder):
    """Whether an address may become an account's: no account has it, or only registrations
    of it that nobody confirmed (anyone may register any address)."""
    return holder is None or holder.state == D.EMAIL_UNVERIFIED


def confirm_email_change(uow, *, token):
    """The link in the new address's mailbox was opened: that address is the account's now,
    and the old one is told (someone else may have asked)."""
    from .lifecycle import _erase  # (lifecycle builds on this module)

    row = uow.repo.one_time_token(_hash(token), "change_email", lock=False)
    user = _use_token(uow, token, "change_email")
    holder = uow.repo.user_by_email(row.new_email)
    if not _address_free(holder):
        raise Conflict("This address has meanwhile been registered by another account.", code="email_taken")
    if holder is not None:  # registrations never confirmed: this link proved the mailbox is the user's
        _erase(uow, uow.repo.user(holder.id, lock=True), D.DELETED, E.USER_ERASED)
        uow.repo.flush()  # the address freed before it is taken
    old = user.email
    user.email, user.email_verified_at = row.new_email, uow.now()
    for kind in ("reset_password", "delete_account", "verify_email"):  # links sent to the old address end
        uow.repo.void_tokens(user.id, kind, uow.now())
    uow.emit(E.EMAIL_CHANGED, user_id=str(user.id), email=old, new_email_hint=D.email_hint(row.new_email),
             display_name=_display_name(user), language=user.interface_language)
    _changed(uow, user)
    return {"status": "email_changed", "detail": "Your address is changed: sign in with it from now on."}


def _support_hint(uow, token):
    """Where to get help: the account's own NSO when the link was a real one (expired or used:
    only its owner had it, so naming the NSO tells a stranger nothing), else every NSO's list."""
    row = uow.repo.one_time_token(_hash(token), "reset_password", lock=False)
    user = uow.repo.user(row.user_id) if row is not None else None
    nso = _home_nso(user) if user is not None and user.state not in D.TERMINAL else None
    if nso is None:
        return SUPPORT_HINT
    return (f" If you cannot get back into your account, your National Support Organisation can help: "
            f"{nso.name}, {nso.email}.")


def change_password(uow, security, actor, *, current_password, new_password):
    user = _my_account(uow, actor, lock=True)
    if not security.verify_password(user.password_hash, current_password):
        raise Invalid("The current password is wrong.", {"current_password": ["Wrong password."]},
                      code="bad_credentials")
    _password_proved(uow, user)
    if new_password == current_password:  # it would end every other session for nothing
        raise Invalid("Choose a password different from the current one.",
                      {"new_password": ["The same as the current password."]}, code="same_password")
    _not_a_login(user, new_password)
    user.password_hash = security.hash_password(new_password)
    _end_sessions(uow, user)  # every session ends (A19), and an address change asked for before
    uow.emit(E.PASSWORD_CHANGED, user_id=str(user.id), email=user.email, display_name=_display_name(user),
             language=user.interface_language)
    # every session ends, this one too (the gateway refuses tokens older than the change), so
    # this one goes on with new tokens: issued after the event, they are not older than it
    return _issue_tokens(uow, security, user, family_id=uuid.uuid4())


def _not_a_login(user, new_password):
    if password_is_a_login(new_password, user.email, user.username):
        raise Invalid(PASSWORD_IS_A_LOGIN, {"new_password": [PASSWORD_IS_A_LOGIN]}, code="validation_failed")


# login history (R21)

def _login_view(record):
    return {"at": record.at, "method": record.method}


def my_logins(uow, actor, *, limit):
    user = _my_account(uow, actor)
    return [_login_view(r) for r in uow.repo.login_history(user.id, limit)]


def user_logins(uow, actor, *, user_id, limit):
    """A user's logins, for the staff who may act on them (the user sees theirs with my_logins)."""
    user = uow.repo.user(user_id)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("No such account.")
    if actor.user_id != str(user.id) and not _staff_for(actor, user):
        raise Forbidden("Only the NSO of a country (and region) of this user's schools, or central staff, "
                        "can see this.")
    return [_login_view(r) for r in uow.repo.login_history(user.id, limit)]
