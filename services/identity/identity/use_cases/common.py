"""identity's use cases: shared by the use cases."""
import hashlib
import secrets

from etwinning_contracts.errors import Gone, NotFound, RateLimited
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D


GENERIC_ACCEPTED = {
    "status": "accepted",
    "detail": "If the address can be used, a message with a link has been sent to it.",
}

# Where someone who cannot get back into their account finds help (R23): the public list of
# every NSO's contacts (R47), the same for everybody, so it tells nothing about any account.
NSO_CONTACTS = "/api/v1/nsos"
SUPPORT_HINT = (" If you cannot get back into your account, your National Support Organisation can help: "
                f"their contacts are listed at {NSO_CONTACTS}.")

def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _display_name(user):
    return " ".join(p for p in (user.first_name, user.last_name) if p) or user.username or "eTwinner"


def _my_account(uow, actor, lock=False):
    """The caller's own account; an access token can outlive an erasure by a few minutes."""
    user = uow.repo.user(actor.require_user(), lock=lock)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
    return user


def _current_memberships(user):
    return [m for m in user.memberships if m.ended_at is None]


def _restate(user):
    """Align the account state with the user's current memberships (A21, A23). Staff accounts
    are not validated through schools and keep theirs."""
    if user.role == "user":
        states = [m.validation_state for m in _current_memberships(user)]
        user.state, user.previous_state = D.restate(user.state, user.previous_state, states)


def _back_to_standing(user, event):
    """Unblock or reactivate: back to the state remembered underneath, which the memberships
    then confirm, since they alone make a teacher validated (A21, A23)."""
    user.state, user.previous_state = D.transition(user.state, event, user.previous_state)
    _restate(user)


def user_snapshot(user):
    """The directory-relevant view of a user, carried by user events (never email or password)."""
    return {
        "revision": user.revision,
        "username": user.username,
        "display_name": _display_name(user) if user.state not in D.TERMINAL else D.ANONYMISED_NAME,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "member_type": user.member_type,
        "state": user.state,
        "etwinning_validated": D.is_validated(user.state),
        "profile_public": user.profile_public,
        "available_for_projects": user.available_for_projects,
        "languages": user.preferences.get("languages", []),
        "subjects": user.preferences.get("subjects", []),
        "age_groups": user.preferences.get("age_groups", []),
        "ict_use": user.preferences.get("ict_use"),
        "has_picture": user.picture_type is not None,
        "schools": [{
            "school_id": str(m.school.id), "name": m.school.name, "town": m.school.town,
            "country": m.school.country, "region": m.school.region,
            "education_levels": list(m.school.education_levels or []),
            "validated": m.validation_state == "validated",
        } for m in _current_memberships(user)],
        "last_login_at": user.last_login_at,
    }


def _changed(uow, user, event_type=E.USER_CHANGED, **facts):
    """Bump the user's revision and publish the new snapshot (and a specific event if given)."""
    user.revision += 1
    uow.repo.flush()
    uow.emit(E.USER_CHANGED, user_id=str(user.id), user=user_snapshot(user))
    if event_type != E.USER_CHANGED:
        uow.emit(event_type, user_id=str(user.id), **facts)


def link_to(links_base, path, token, language):
    """An emailed link; the page it opens speaks the email's language (``lang``, before the token
    so that whatever reads ``token=`` to the end still reads the token)."""
    return f"{links_base.rstrip('/')}/{path}?lang={language or 'en'}&token={token}"


def _end_sessions(uow, user):
    """Every session of ``user`` ends, and so does an address change asked for with the
    credentials of before (after a new password or a block, whoever asked may not be the owner)."""
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)
    uow.repo.void_tokens(user.id, "change_email", uow.now())


def _client_key(client):
    """The client's address, hashed like a login (None: a caller that did not say)."""
    return _hash(f"client:{client}") if client else None


def _count_mail_request(uow, client, cap):
    """An anonymous request to email a link, counted against the address it came from: past
    ``cap`` in the window (0: no cap) a 429, whatever the address asked about, so the answer
    tells nothing about accounts. Checked first, before any work: one loop cannot keep us busy."""
    if not client or not cap:
        return
    key = _client_key(client)
    uow.repo.lock_key(key)  # parallel requests count one after the other, so the cap holds
    count, oldest = uow.repo.mail_requests_since(key, uow.now() - D.MAIL_REQUEST_WINDOW)
    if count >= cap:
        raise RateLimited("Many requests to email a link came from your network in the last hour; "
                          "try again later.", code="too_many_mail_requests",
                          retry_after=(oldest + D.MAIL_REQUEST_WINDOW - uow.now()).total_seconds())
    uow.repo.record_mail_request(key, uow.now())


def _may_send_link(uow, user, kind):
    """Whether another link of ``kind`` may go to ``user`` now: at most a few per hour (A17)."""
    uow.repo.lock_user(user.id)  # parallel requests count one after the other, so the cap holds
    return uow.repo.links_sent_since(user.id, kind, uow.now() - D.LINK_EMAIL_WINDOW) < D.LINK_EMAILS_PER_WINDOW


def _send_link(uow, event_type, user, kind, ttl, path, links_base, new_email=None, deliver=True):
    """Email a fresh single-use link (earlier ones stop working): to the account's address, or
    to ``new_email``, the address it confirms. At most a few per hour and kind (A17); past that
    nothing is sent, and callers answer as usual so nothing is revealed. Not ``deliver``ed, the
    link is counted as one sent but opens nothing and goes nowhere."""
    if not _may_send_link(uow, user, kind):
        return False
    token = secrets.token_urlsafe(32)
    expires_at = uow.now() + ttl
    uow.repo.void_tokens(user.id, kind, uow.now())
    uow.repo.new_one_time_token(token_hash=_hash(token), kind=kind, user_id=user.id, created_at=uow.now(),
                                # an address not delivered to may be another account's: not kept
                                expires_at=expires_at, new_email=new_email if deliver else None,
                                used_at=None if deliver else uow.now())
    if deliver:
        _mail(uow, event_type, user, link_to(links_base, path, token, user.interface_language), expires_at,
              to=new_email)
    return True


def _mail(uow, event_type, user, link, expires_at, to=None):
    uow.emit(event_type, user_id=str(user.id), email=to or user.email, display_name=_display_name(user),
             language=user.interface_language, link=link, expires_at=expires_at)


def _use_token(uow, token, kind):
    """Consume a single-use link, or explain why it cannot be used. Locks the user, then the
    link: the order every change of a user's tokens takes (_send_link, block), so two such
    requests wait for each other instead of deadlocking."""
    row = uow.repo.one_time_token(_hash(token), kind, lock=False)
    if row is not None:
        uow.repo.lock_user(row.user_id)
        row = uow.repo.one_time_token(_hash(token), kind)
    if row is None:
        # (an erased account's links go with it: a second click on a deletion link lands here)
        raise NotFound("This link is not valid, or its account no longer exists. Ask for a new one if "
                       "you still need it.", code="token_invalid")
    if row.used_at is not None:
        # a newer link voids the older ones (_send_link): say so, the person may have clicked an old email
        raise Gone("This link has already been used, or a newer one was sent since: use the latest email, or "
                   "ask for a new link.", code="token_used")
    if row.expires_at <= uow.now():
        raise Gone("This link has expired. Ask for a new one.", code="token_expired")
    row.used_at = uow.now()
    user = uow.repo.user(row.user_id, lock=True)
    if user is None or user.state in D.TERMINAL:
        raise Gone("This account no longer exists.", code="account_gone")
    return user


def _places(user):
    """Where a user belongs for staff scope, as (country, region, NSO has regions): the schools
    they are validated in; without one, their current schools awaiting validation (their NSO is
    the one validating them), else any current school, else the schools they had; and a staff
    member's own country. Asking to join a school abroad gives that NSO the validation task,
    not power over the account."""
    current = _current_memberships(user)
    memberships = ([m for m in current if m.validation_state == "validated"]
                   or [m for m in current if m.validation_state != "rejected"] or current or list(user.memberships))
    places = [(m.school.country, m.school.region, bool(m.school.nso and m.school.nso.regions)) for m in memberships]
    if user.staff_country:
        nso = user.staff_nso
        places.append((user.staff_country, user.staff_region, bool(nso and nso.regions)))
    return places


def _staff_for(actor, user):
    """An NSO officer of any country (and region) the user belongs to, or central staff (R25, R44)."""
    return actor.is_css or "system" in actor.roles or any(actor.can_act_for_country(country, None, region, regional)
                               for country, region, regional in _places(user))
