"""identity's operations, one function per use case.

Each takes a unit of work ``uow`` (``uow.repo`` for data, ``uow.emit`` for events,
``uow.now()`` for time), the acting user and explicit arguments. Password hashing and
token signing come in as ``security`` so this module stays free of I/O frameworks.
"""
import hashlib
import secrets
import uuid
from datetime import datetime, timezone

from etwinning_contracts.errors import Conflict, Forbidden, Gone, Invalid, NotFound, RateLimited, Unauthorized
from etwinning_contracts.names import IdentityEvents as E

from . import domain as D, pictures
from .security import offload
from .db import Membership, Nso, OneTimeToken, RefreshToken, School, SchoolChange, User, ValidationTask

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


def _current_memberships(user):
    return [m for m in user.memberships if m.ended_at is None]


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


def _send_link(uow, event_type, user, kind, ttl, path, links_base):
    """Email a fresh single-use link (earlier ones stop working). At most a few per hour and
    kind (A17); past that nothing is sent, and callers answer as usual so nothing is revealed."""
    uow.repo.lock_user(user.id)  # parallel requests count one after the other, so the cap holds
    if uow.repo.links_sent_since(user.id, kind, uow.now() - D.LINK_EMAIL_WINDOW) >= D.LINK_EMAILS_PER_WINDOW:
        return False
    token = secrets.token_urlsafe(32)
    expires_at = uow.now() + ttl
    uow.repo.void_tokens(user.id, kind, uow.now())
    uow.repo.add(OneTimeToken(token_hash=_hash(token), kind=kind, user_id=user.id,
                              created_at=uow.now(), expires_at=expires_at))
    _mail(uow, event_type, user, f"{links_base.rstrip('/')}/{path}?token={token}", expires_at)
    return True


def _mail(uow, event_type, user, link, expires_at):
    uow.emit(event_type, user_id=str(user.id), email=user.email, display_name=_display_name(user),
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


# ---------------------------------------------------------------- registration (R1-R12)

def register(uow, security, links_base, *, email, password, username, first_name, last_name, member_type,
             works_in_pre_university_school, interface_language, preferences):
    """Phase one. Answers the same, in about the same time, whether or not the email is known (no
    enumeration, design §6): the password is hashed first in both cases, as hashing is most of
    the time a registration takes."""
    password_hash = security.hash_password(password)
    existing = uow.repo.user_by_email(email)
    if existing is not None:
        if existing.state == D.EMAIL_UNVERIFIED:  # resend the link to the same address
            _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, existing, "verify_email", D.VERIFICATION_LINK_TTL,
                       "verify-email", links_base)
        return GENERIC_ACCEPTED
    if uow.repo.username_taken(username):
        raise Conflict("This username is taken; choose another.", {"username": ["Already taken."]},
                       code="username_taken")
    user = uow.repo.add(User(
        id=uuid.uuid4(), username=username, email=email.lower(), password_hash=password_hash,
        first_name=first_name, last_name=last_name, member_type=member_type, state=D.EMAIL_UNVERIFIED,
        interface_language=interface_language, preferences=_clean_preferences(preferences),
        created_at=uow.now(), revision=0, staff_permissions=[], role="user",
    ))
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
    return {"status": "verified", "detail": "Your email address is confirmed. Sign in to choose your school."}


def resend_verification(uow, links_base, *, email):
    user = uow.repo.user_by_email(email)
    if user is not None and user.state == D.EMAIL_UNVERIFIED:
        _send_link(uow, E.EMAIL_VERIFICATION_REQUESTED, user, "verify_email", D.VERIFICATION_LINK_TTL,
                   "verify-email", links_base)
    return GENERIC_ACCEPTED


# ---------------------------------------------------------------- schools and memberships (R8-R9, R32-R40)

def search_schools(uow, **criteria):
    return [_public_school_view(s, may_see_director=False) for s in uow.repo.search_schools(**criteria)]


def school_view(school):
    return {
        "id": school.id, "name": school.name, "address": school.address, "town": school.town,
        "postcode": school.postcode, "country": school.country, "region": school.region,
        "education_levels": list(school.education_levels or []), "director_name": school.director_name,
        "director_email": school.director_email, "director_details_missing": D.director_details_missing(school),
        "director_details_updated_at": school.director_details_updated_at,
        # against the wall clock: a view has no unit of work, and a year is not a matter of seconds
        "director_details_outdated": D.director_details_outdated(school, datetime.now(timezone.utc)),
        "registered_at": school.created_at,
    }


def _public_school_view(school, may_see_director):
    view = school_view(school)
    if not may_see_director:
        view["director_email"] = None
    return view


def _emit_school(uow, school):
    school.revision += 1
    _publish_school(uow, school)


def _publish_school(uow, school):
    uow.emit(E.SCHOOL_CHANGED, school_id=str(school.id), name=school.name, town=school.town,
             country=school.country, region=school.region, education_levels=list(school.education_levels or []),
             created_at=school.created_at, revision=school.revision)


def _check_region(uow, country, region):
    nso = uow.repo.nso(country)
    if region and nso and nso.regions and region not in {r["code"] for r in nso.regions}:
        raise Invalid("Unknown region for this country.", {"region": ["Not a region of this country's NSO."]})


def _refuse_duplicate(uow, name, town, country, other_than=None):
    """Each school exists once (R32): the answer names the registered one, so the client can
    offer to pick it instead."""
    same = uow.repo.same_school(name, town, country, other_than)
    if same is not None:
        raise Conflict(f"This school is already registered ({same.name}, {same.town}): choose it instead.",
                       {"existing_school_id": [str(same.id)]}, code="school_exists")


def _create_school(uow, actor_id, data):
    D.check_school_country(uow.repo.country(data["country"]))
    _check_region(uow, data["country"], data.get("region"))
    _refuse_duplicate(uow, data["name"], data.get("town"), data["country"])
    school = uow.repo.add(School(id=uuid.uuid4(), created_at=uow.now(), created_by=actor_id, revision=0,
                                 director_details_updated_at=uow.now(), **data))
    uow.repo.flush()
    _emit_school(uow, school)
    return school


def join_school(uow, actor, *, school_id=None, new_school=None):
    """School step of registration, and later "Add organisation" (R8, R35, A23)."""
    user = uow.repo.user(actor.require_user(), lock=True)
    allowed = (D.REGISTRATION_INCOMPLETE, D.PENDING_VALIDATION, D.ACTIVE, D.NOT_VALIDATED)
    if user is None or user.state not in allowed:
        raise Forbidden("Confirm your email address before choosing a school.", code="email_unverified")
    if new_school is not None:
        school = _create_school(uow, user.id, new_school)
    else:
        school = uow.repo.school(school_id)
        if school is None:
            raise NotFound("No such school.", {"school_id": ["Unknown school."]})
        D.check_school_country(uow.repo.country(school.country))  # its country may have left (R4, R46)
    membership = next((m for m in _current_memberships(user) if m.school_id == school.id), None)
    if membership is not None and membership.validation_state != "rejected":
        raise Conflict("You are already a member of this school.", code="already_member")
    asked_again = membership is not None
    if asked_again:  # asking again after a rejection (A21): the same membership, a new task
        membership.validation_state = "pending"
    else:
        membership = uow.repo.add(Membership(id=uuid.uuid4(), user_id=user.id, school_id=school.id,
                                             started_at=uow.now(), validation_state="pending"))
        membership.school = school
        user.memberships.append(membership)
    uow.repo.flush()
    task = uow.repo.add(ValidationTask(id=uuid.uuid4(), user_id=user.id, membership_id=membership.id,
                                       school_id=school.id, country=school.country, region=school.region,
                                       state="open", created_at=uow.now()))
    _restate(user)
    uow.repo.flush()
    if not asked_again:
        uow.emit(E.MEMBERSHIP_ADDED, user_id=str(user.id), membership_id=str(membership.id),
                 school_id=str(school.id), started_at=membership.started_at, ended_at=None, validated=False)
    uow.emit(E.VALIDATION_REQUESTED, user_id=str(user.id), task_id=str(task.id), school_id=str(school.id),
             country=school.country, region=school.region)
    _changed(uow, user)
    return membership_view(membership)


def _restate(user):
    """Align the account state with the user's current memberships (A21, A23). Staff accounts
    are not validated through schools and keep theirs."""
    if user.role == "user":
        states = [m.validation_state for m in _current_memberships(user)]
        user.state, user.previous_state = D.restate(user.state, user.previous_state, states)


def membership_view(m):
    """One of the viewer's own memberships. The director's contacts only through a validated
    current one, or to the school's creator: asking to join a school does not show them (R14)."""
    sees_director = m.ended_at is None and (m.validation_state == "validated"
                                            or str(m.school.created_by) == str(m.user_id))
    return {"id": m.id, "school": _public_school_view(m.school, sees_director),
            "started_at": m.started_at, "ended_at": m.ended_at,
            "validation_state": m.validation_state}


def leave_school(uow, actor, *, membership_id):
    """End a membership; it stays in the school history (R36-R37)."""
    user = uow.repo.user(actor.require_user(), lock=True)
    membership = uow.repo.membership(membership_id)
    if membership is None or membership.user_id != user.id:
        raise NotFound("You have no such school membership.")
    if membership.ended_at is not None:
        raise Conflict("You have already left this school.", code="already_left")
    membership.ended_at = uow.now()
    for task in uow.repo.validation_tasks_of_user(user.id):
        if task.membership_id == membership.id and task.state == "open":
            task.state = "void"
    _restate(user)  # e.g. leaving the only validated school ends eTwinner status (A23)
    uow.emit(E.MEMBERSHIP_ENDED, user_id=str(user.id), membership_id=str(membership.id),
             school_id=str(membership.school_id), started_at=membership.started_at,
             ended_at=membership.ended_at, validated=membership.validation_state == "validated")
    _changed(uow, user)
    return membership_view(membership)


def my_memberships(uow, actor):
    user = uow.repo.user(actor.require_user())
    return [membership_view(m) for m in user.memberships]


def get_school(uow, actor, *, school_id):
    """School profile with registration date and its current and past teachers (R40, R55)."""
    school = uow.repo.school(school_id)
    if school is None:
        raise NotFound("No such school.")
    members = uow.repo.school_members(school.id)
    mine = next((m for m in members if actor.user_id and str(m.user_id) == actor.user_id and m.ended_at is None), None)
    # the director's contacts: for those who may edit the school (D.may_edit_school) and its NSO
    is_member = D.may_edit_school(mine and mine.validation_state,
                                  any(m.ended_at is None and m.validation_state == "validated" for m in members),
                                  str(school.created_by) == actor.user_id)
    staff = _staff_for_school(actor, school)
    teachers = []
    for m in members:
        u = m.user
        if u.state in D.TERMINAL or m.validation_state != "validated":
            continue
        if not (u.profile_public or actor.user_id):
            continue  # non-public teachers are hidden from anonymous visitors (A24)
        teachers.append({"user_id": str(u.id), "display_name": _display_name(u), "member_type": u.member_type,
                         "current": m.ended_at is None, "started_at": m.started_at.isoformat(),
                         "ended_at": m.ended_at.isoformat() if m.ended_at else None,
                         "active": u.state == D.ACTIVE})
    return {"school": _public_school_view(school, is_member or staff), "teachers": teachers}


def _staff_for_school(actor, school):
    return D.staff_may_act(actor, school.country, school.region, bool(school.nso and school.nso.regions))


def update_school(uow, actor, *, school_id, changes):
    """Validated members edit the school profile (its creator too, until someone is validated
    there: D.may_edit_school); every edit is audited (R38). The country is fixed."""
    school = uow.repo.school(school_id, lock=True)
    if school is None:
        raise NotFound("No such school.")
    user = uow.repo.user(actor.require_user())
    if user is None:
        raise NotFound("This account no longer exists.")
    membership = next((m for m in _current_memberships(user) if m.school_id == school.id), None)
    D.require_school_editor(membership and membership.validation_state,
                            uow.repo.school_has_validated_member(school.id), school.created_by == user.id)
    _check_region(uow, school.country, changes.get("region"))
    if "name" in changes or "town" in changes:
        _refuse_duplicate(uow, changes.get("name", school.name), changes.get("town", school.town), school.country,
                          other_than=school.id)
    if changes.get("region", school.region) != school.region:
        # the editor's own waiting validation follows the corrected region (R13); a colleague's
        # stays with the officer who has it, so no member can move another's file elsewhere
        for task in uow.repo.open_tasks_of_school(school.id):
            if task.user_id == user.id:
                task.region = changes["region"]
    diff = {}
    for field, value in changes.items():
        old = getattr(school, field)
        if old != value:
            diff[field] = {"from": old, "to": value}
            setattr(school, field, value)
    if changes.keys() & {"director_name", "director_email"}:  # sent unchanged: confirmed as current (R15)
        school.director_details_updated_at = uow.now()
        diff.setdefault("director_details_confirmed", {"from": None, "to": uow.now().isoformat()})
    if diff:
        uow.repo.add(SchoolChange(school_id=school.id, changed_by=user.id, changed_at=uow.now(), changes=diff))
        _emit_school(uow, school)
    return school_view(school)


def school_history(uow, actor, *, school_id):
    school = uow.repo.school(school_id)
    if school is None:
        raise NotFound("No such school.")
    if not _staff_for_school(actor, school):  # the trail holds the director's contacts too
        user = uow.repo.user(actor.require_user())
        membership = next((m for m in _current_memberships(user) if m.school_id == school.id), None) if user else None
        D.require_school_editor(membership and membership.validation_state,
                                uow.repo.school_has_validated_member(school.id),
                                user is not None and school.created_by == user.id)
    return [{"changed_at": c.changed_at, "changed_by": c.changed_by, "changes": c.changes}
            for c in uow.repo.school_changes(school.id)]


# ---------------------------------------------------------------- NSO validation (R13-R19)

def task_view(task, include_contact=True):
    u = task.user
    return {
        "id": task.id, "user_id": task.user_id,
        "applicant_name": _display_name(u) if u.state not in D.TERMINAL else D.ANONYMISED_NAME,
        "applicant_email": u.email if include_contact else None, "member_type": u.member_type,
        "school": school_view(task.school), "country": task.country, "region": task.region, "state": task.state,
        "created_at": task.created_at, "director_confirmed_at": task.director_confirmed_at,
        "director_confirmation_channel": task.director_confirmation_channel,
        "director_confirmation_note": task.director_confirmation_note if include_contact else None,
        "decided_at": task.decided_at, "reason": task.reason,
    }


def list_validation_tasks(uow, actor, *, state, country, limit, offset):
    """The NSO's queue: its own country (and region) only; CSS sees every country."""
    if actor.is_css:
        countries = [country] if country else None
        region = None
    elif "nso_staff" in actor.roles and "validator" in actor.permissions:
        if country and country != actor.country:
            raise Forbidden("NSO staff see only their own country's queue.")
        nso = uow.repo.nso(actor.country)
        countries = [actor.country]
        region = actor.region if nso is not None and nso.regions else None  # see domain.staff_may_act
    else:
        raise Forbidden("Only NSO validators and central staff can see validation tasks.")
    return [task_view(t) for t in uow.repo.validation_tasks(state, countries, region, limit, offset)]


def _staff_task(uow, actor, task_id, reconsider=False):
    """A validation task the actor may decide (R16). With ``reconsider``, a rejected one too, as
    long as its membership is still current and has not been asked for again (A21: the NSO can
    validate later)."""
    task = uow.repo.validation_task(task_id, lock=True)
    if task is None:
        raise NotFound("No such validation task.")
    nso = uow.repo.nso(task.country)
    if not D.staff_may_act(actor, task.country, task.region, bool(nso and nso.regions), "validator"):
        raise Forbidden("Only the validators of this school's country (and region) can do this.")
    if task.state == "open":
        return task
    if reconsider and task.state == "rejected":
        membership = uow.repo.membership(task.membership_id)
        if membership.ended_at is None and membership.validation_state == "rejected":
            return task
    raise Conflict(f"This task is already {task.state}.", code="task_closed")


def record_director_confirmation(uow, actor, *, task_id, channel, note):
    task = _staff_task(uow, actor, task_id, reconsider=True)
    task.director_confirmed_at = uow.now()
    task.director_confirmation_channel = channel
    task.director_confirmation_note = note
    task.director_confirmed_by = uuid.UUID(actor.user_id) if actor.user_id else None
    return task_view(task)


def validate_teacher(uow, actor, *, task_id):
    task = _staff_task(uow, actor, task_id, reconsider=True)
    if task.director_confirmed_at is None:
        raise Conflict("Record the school director's confirmation before validating.",
                       code="director_confirmation_missing")
    task.state, task.decided_at, task.reason = "validated", uow.now(), None
    task.decided_by = uuid.UUID(actor.user_id) if actor.user_id else None
    user = uow.repo.user(task.user_id, lock=True)
    membership = uow.repo.membership(task.membership_id)
    membership.validation_state = "validated"
    _restate(user)  # blocked or inactive: validated underneath, for when it ends
    uow.emit(E.MEMBERSHIP_VALIDATED, user_id=str(user.id), membership_id=str(membership.id),
             school_id=str(membership.school_id), started_at=membership.started_at,
             ended_at=membership.ended_at, validated=True)
    _changed(uow, user, E.USER_VALIDATED, reason=None, **_decision(user, task))
    return task_view(task)


def reject_teacher(uow, actor, *, task_id, reason):
    task = _staff_task(uow, actor, task_id)
    task.state, task.decided_at, task.reason = "rejected", uow.now(), reason
    task.decided_by = uuid.UUID(actor.user_id) if actor.user_id else None
    user = uow.repo.user(task.user_id, lock=True)
    uow.repo.membership(task.membership_id).validation_state = "rejected"
    _restate(user)  # registered_not_validated, unless another school keeps them validated or waiting (A21)
    _changed(uow, user, E.VALIDATION_REJECTED, reason=reason, **_decision(user, task))
    return task_view(task)


def _decision(user, task):
    """What a validation decision event carries: notify tells the teacher, in their language (R19)."""
    return {"task_id": str(task.id), "school_id": str(task.school_id), "country": task.country,
            "email": user.email, "display_name": _display_name(user), "language": user.interface_language,
            "school_name": task.school.name}


# ---------------------------------------------------------------- login and tokens (R20-R25, R235)

def _login_key(login):
    """Throttling counts attempts per typed login, stored hashed: no address in clear."""
    return _hash(login.strip().lower())


def record_login_failure(uow, *, login):
    uow.repo.record_login_failure(_login_key(login), uow.now())


def login(uow, security, *, login, password, client_ip=None):
    """Same answer for an unknown login and a wrong password; locked after repeated failures."""
    key = _login_key(login)
    if D.login_locked(uow.repo.recent_login_failures(key, uow.now() - D.LOGIN_LOCK_WINDOW)):
        raise RateLimited("Too many failed sign-in attempts. Wait 15 minutes or reset your password.",
                          code="login_locked")
    user = uow.repo.user_by_login(login.strip())
    if user is None or user.password_hash is None or not security.verify_password(user.password_hash, password):
        if user is None:
            security.verify_password(security.dummy_hash, password)  # same cost as a real check
        raise Unauthorized("Wrong login or password.", code="bad_credentials")
    refusal = D.can_log_in(user.state)
    if refusal == "email_unverified":
        raise Forbidden("Confirm your email address first: follow the link we sent you.", code=refusal)
    if refusal == "blocked":  # the password was right: this person may be told who their NSO is
        nso = _home_nso(user)
        contact = f" ({nso.name}, {nso.email})" if nso else ""
        raise Forbidden(f"Your profile is blocked. Please contact your National Support Organisation{contact}. "
                        f"Every NSO's contacts are listed at {NSO_CONTACTS}.", {"support": [NSO_CONTACTS]},
                        code=refusal)
    if refusal:
        raise Forbidden("This account no longer exists.", code=refusal)
    uow.repo.clear_login_failures(key)
    _signed_in(uow, user, "password")
    if security.needs_rehash(user.password_hash):
        user.password_hash = security.hash_password(password)
    return _issue_tokens(uow, security, user, family_id=uuid.uuid4())


def _signed_in(uow, user, method):
    """A successful login, or a token refresh (which is one too, for the inactivity rules: a
    mobile app may never ask for the password again): recorded (R21), the inactivity clock
    restarts (R41), and an inactive account is active again (A14, R44)."""
    user.last_login_at = uow.now()
    uow.repo.record_login(user.id, uow.now(), method, D.LOGIN_HISTORY_KEPT)
    if user.state == D.INACTIVE:
        user.state, user.previous_state = D.transition(user.state, "reactivate", user.previous_state)
        _changed(uow, user, E.USER_REACTIVATED, state=user.state, reason="login")


def _home_nso(user):
    """The NSO shown to the user: of a school they are validated in, else of a current school,
    else of the staff member's country."""
    current = sorted(_current_memberships(user), key=lambda m: m.validation_state != "validated")
    return current[0].school.nso if current else user.staff_nso


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
    return actor.is_css or "system" in actor.roles or any(D.staff_may_act(actor, country, region, regional)
                               for country, region, regional in _places(user))


def claims_for(user):
    roles = ["user"] if user.role == "user" else ["user", user.role]
    return {
        "sub": str(user.id), "roles": roles, "country": user.staff_country, "region": user.staff_region,
        "perms": list(user.staff_permissions or []), "validated": D.is_validated(user.state),
        "schools": [str(m.school_id) for m in _current_memberships(user) if m.validation_state == "validated"],
    }


def _issue_tokens(uow, security, user, family_id):
    refresh = secrets.token_urlsafe(32)
    uow.repo.add(RefreshToken(token_hash=_hash(refresh), user_id=user.id, family_id=family_id,
                              created_at=uow.now(), expires_at=uow.now() + D.REFRESH_TOKEN_TTL))
    access = security.sign(claims_for(user), uow.now(), D.ACCESS_TOKEN_TTL)
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "expires_in": int(D.ACCESS_TOKEN_TTL.total_seconds())}


def refresh(uow, security, *, refresh_token):
    """Rotate a refresh token. Reusing an old one revokes the whole family (stolen token). The
    user is locked before the token, in the order of block and password changes (see _use_token)."""
    row = uow.repo.refresh_token(_hash(refresh_token), lock=False)
    if row is not None:
        uow.repo.lock_user(row.user_id)
        row = uow.repo.refresh_token(_hash(refresh_token))
    if row is None or row.expires_at <= uow.now():
        raise Unauthorized("Sign in again.", code="refresh_invalid")
    if row.revoked_at is not None:
        uow.repo.revoke_refresh_tokens(uow.now(), family_id=row.family_id)
        raise Unauthorized("Sign in again.", code="refresh_reused")
    row.revoked_at = uow.now()
    user = uow.repo.user(row.user_id, lock=True)
    if user is None or D.can_log_in(user.state):
        raise Unauthorized("Sign in again.", code="account_unavailable")
    if user.state == D.INACTIVE or D.activity_due(user.last_login_at, uow.now()):
        _signed_in(uow, user, "refresh")
    return _issue_tokens(uow, security, user, row.family_id)


def logout(uow, *, refresh_token):
    row = uow.repo.refresh_token(_hash(refresh_token))
    if row is not None:
        uow.repo.revoke_refresh_tokens(uow.now(), family_id=row.family_id)
    return {"status": "signed_out", "detail": "You are signed out."}


def request_password_reset(uow, links_base, *, email):
    """Never reveals whether the address is registered; never sends a password (R22, A19)."""
    user = uow.repo.user_by_email(email)
    if user is not None and user.state not in D.TERMINAL and user.state != D.EMAIL_UNVERIFIED:
        _send_link(uow, E.PASSWORD_RESET_REQUESTED, user, "reset_password", D.PASSWORD_RESET_TTL, "reset-password",
                   links_base)
    return GENERIC_ACCEPTED


def reset_password(uow, security, *, token, new_password):
    try:
        user = _use_token(uow, token, "reset_password")
    except (NotFound, Gone) as exc:  # self-service recovery failed: say where help is (R23)
        raise type(exc)(exc.detail + SUPPORT_HINT, {"support": [NSO_CONTACTS]}, exc.code) from None
    user.password_hash = security.hash_password(new_password)
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)  # every session ends (A19)
    uow.repo.clear_login_failures(_login_key(user.email))
    uow.repo.clear_login_failures(_login_key(user.username or ""))
    uow.emit(E.PASSWORD_CHANGED, user_id=str(user.id), email=user.email, display_name=_display_name(user),
             language=user.interface_language)
    return {"status": "password_changed", "detail": "Your password is changed. Sign in with the new one."}


def change_password(uow, security, actor, *, current_password, new_password):
    user = uow.repo.user(actor.require_user(), lock=True)
    if not security.verify_password(user.password_hash, current_password):
        raise Invalid("The current password is wrong.", {"current_password": ["Wrong password."]},
                      code="bad_credentials")
    user.password_hash = security.hash_password(new_password)
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)
    uow.emit(E.PASSWORD_CHANGED, user_id=str(user.id), email=user.email, display_name=_display_name(user),
             language=user.interface_language)
    return {"status": "password_changed", "detail": "Your password is changed; other sessions were signed out."}


# ---------------------------------------------------------------- profile (R26-R31)

def _nso_view(nso):
    if nso is None:
        return None
    return {"country": nso.country, "name": nso.name, "email": nso.email, "phone": nso.phone,
            "website": nso.website, "regions": nso.regions or []}


def my_profile(uow, actor):
    user = uow.repo.user_profile(actor.require_user())
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
    return _full_profile(user)


def _full_profile(user):
    return {
        "id": user.id, "username": user.username, "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "member_type": user.member_type, "state": user.state,
        "etwinning_validated": D.is_validated(user.state), "interface_language": user.interface_language,
        "preferences": user.preferences, "available_for_projects": user.available_for_projects,
        "privacy": {"profile_public": user.profile_public, "show_email_to_contacts": user.show_email_to_contacts},
        "about": user.about, "has_picture": user.picture_type is not None,
        "schools": [membership_view(m) for m in user.memberships],
        "roles": claims_for(user)["roles"], "staff_country": user.staff_country,
        "nso": _nso_view(_home_nso(user)),
        "registered_at": user.created_at, "last_login_at": user.last_login_at, "block_reason": user.block_reason,
        "validation": [task_view(t, include_contact=False) for t in user.validation_tasks],
    }


def view_profile(uow, actor, *, user_id):
    """Another user's profile: hidden from anonymous callers unless public (R29, A24). The email
    only to the owner's contacts, and only when the owner allows it (R31): then the profile
    carries it as ``email_for_contacts``, for the caller to show if directory, which keeps the
    contacts, says the two are (show_email_to_contact)."""
    user = uow.repo.user_profile(user_id)
    hidden = user is None or user.state in D.TERMINAL or user.state == D.EMAIL_UNVERIFIED
    if not hidden and user.state in (D.BLOCKED,) and not _staff_for(actor, user):
        hidden = True
    if not hidden and actor.is_anonymous and not user.profile_public:
        hidden = True
    if hidden:
        raise NotFound("No such profile.")
    if actor.user_id == str(user.id) or _staff_for(actor, user):
        return _full_profile(user)
    may_show_email = bool(user.show_email_to_contacts and actor.user_id)
    return {
        "id": user.id, "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": None, **({"email_for_contacts": user.email} if may_show_email else {}),
        "member_type": user.member_type, "etwinning_validated": D.is_validated(user.state),
        "preferences": user.preferences, "available_for_projects": user.available_for_projects,
        "privacy": {"profile_public": user.profile_public}, "about": user.about,
        "has_picture": user.picture_type is not None,
        # the director's contacts are for the school's members and the NSO, not for profile visitors
        "schools": [{**membership_view(m), "school": _public_school_view(m.school, may_see_director=False)}
                    for m in _current_memberships(user) if m.validation_state == "validated"],
    }


def show_email_to_contact(profile, viewer_id, is_contact):
    """The profile as sent: the owner's email only if ``is_contact(owner_id, viewer_id)``."""
    email = profile.pop("email_for_contacts", None)
    if email and is_contact(profile["id"], viewer_id):
        profile["email"] = email
    return profile


def update_profile(uow, actor, **changes):
    user = uow.repo.user(actor.require_user(), lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
    if "preferences" in changes:
        user.preferences = _clean_preferences({**user.preferences, **changes.pop("preferences")})
    for key, value in changes.pop("privacy", {}).items():
        setattr(user, key, value)
    for key, value in changes.items():
        setattr(user, key, value)
    _changed(uow, user)
    return _full_profile(user)


MAX_PICTURE_BYTES = 2 * 1024 * 1024


def set_picture(uow, actor, *, content_type, data):
    """Profile picture (R30): checked by decoding it, not by the declared header, and kept
    without its metadata (pictures.py)."""
    if len(data) > MAX_PICTURE_BYTES:
        raise Invalid("The picture is larger than 2 MB.", {"picture": ["At most 2 MB."]}, code="too_large")
    try:
        data = offload(pictures.cleaned, data, content_type)  # decoding is CPU work: off the hub
    except pictures.NotAnImage:
        raise Invalid("The file is not a PNG, JPEG or WebP image of the declared type (at most 4096 pixels "
                      "a side).", {"picture": ["Unsupported image."]}, code="bad_image") from None
    user = uow.repo.user(actor.require_user(), lock=True)
    user.picture, user.picture_type = data, content_type
    _changed(uow, user)
    return {"status": "stored", "detail": "Your profile picture is updated."}


def get_picture(uow, actor, *, user_id):
    view_profile(uow, actor, user_id=user_id)  # same visibility as the profile
    user = uow.repo.user(user_id)
    if user.picture is None:
        raise NotFound("No profile picture.")
    return user.picture_type, user.picture


# ---------------------------------------------------------------- staff actions (R25, R44)

def _staff_target(uow, actor, user_id):
    user = uow.repo.user(user_id, lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("No such account.")
    if not _staff_for(actor, user):
        raise Forbidden("Only the NSO of a country (and region) of this user's schools, or central staff, "
                        "can do this.")
    return user


# ---------------------------------------------------------------- login history (R21)

def _login_view(record):
    return {"at": record.at, "method": record.method}


def my_logins(uow, actor, *, limit):
    user = uow.repo.user(actor.require_user())
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
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


def block(uow, actor, *, user_id, reason_category, note):
    user = _staff_target(uow, actor, user_id)
    user.state, user.previous_state = D.transition(user.state, "block", user.previous_state)
    user.block_reason, user.block_note = reason_category, note
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)
    _changed(uow, user, E.USER_BLOCKED, state=user.state, reason=reason_category)
    return _full_profile(user)


def unblock(uow, actor, *, user_id):
    user = _staff_target(uow, actor, user_id)
    user.state, user.previous_state = D.transition(user.state, "unblock", user.previous_state)
    user.block_reason = user.block_note = None
    _changed(uow, user, E.USER_UNBLOCKED, state=user.state, reason=None)
    return _full_profile(user)


def reactivate(uow, actor, *, user_id):
    user = _staff_target(uow, actor, user_id)
    user.state, user.previous_state = D.transition(user.state, "reactivate", user.previous_state)
    user.last_login_at = uow.now()  # restart the inactivity clock from the reactivation
    _changed(uow, user, E.USER_REACTIVATED, state=user.state, reason="nso")
    return _full_profile(user)


# ---------------------------------------------------------------- lifecycle and erasure (R41-R45)

def _erase(uow, user, final_state, event_type):
    """Anonymise: keep the row (other services' history points at it), drop everything personal."""
    user.state, user.previous_state = final_state, None
    for field in ("username", "email", "password_hash", "first_name", "last_name", "about", "picture",
                  "picture_type", "block_note", "email_verified_at", "last_login_at", "staff_country",
                  "staff_region"):
        setattr(user, field, None)
    user.preferences, user.staff_permissions = {}, []
    user.profile_public = user.available_for_projects = user.show_email_to_contacts = False
    user.erased_at = uow.now()
    uow.repo.erase_user_rows(user.id)
    for membership in user.memberships:  # gone from their schools; no task of theirs can be reopened
        if membership.ended_at is None:
            membership.ended_at = uow.now()
    for task in uow.repo.validation_tasks_of_user(user.id):
        task.director_confirmation_note = None
        if task.state == "open":
            task.state = "void"
    _changed(uow, user, event_type, state=final_state, reason=None)


def run_lifecycle(uow, *, now=None, batch=200, settable_clock=False):
    """One batch of the daily job: inactive after 730 days without login, removed after 1095
    (R41-R43, A17), unverified registrations purged. ``more``: a batch was full, run again.
    ``now``: the date to apply the rules at, never in the past, in the future only with a
    ``settable_clock`` (tests and development)."""
    now = D.lifecycle_date(now, uow.now(), settable_clock)
    inactivated = removed = purged = 0
    due = uow.repo.users_for_lifecycle(now - D.INACTIVE_AFTER, now - D.REMOVED_AFTER, batch)
    for user in due:
        action = D.lifecycle_event(user.state, user.last_login_at or user.created_at, now)
        if action is None:
            continue
        if user.state != D.INACTIVE:
            user.state, user.previous_state = D.transition(user.state, "inactivate", user.previous_state)
            _changed(uow, user, E.USER_INACTIVATED, state=user.state, reason="no_login_730_days")
            inactivated += 1
        if action == "remove":
            login_keys = [k for k in (user.email, user.username) if k]
            for k in login_keys:
                uow.repo.clear_login_failures(_login_key(k))
            _erase(uow, user, D.REMOVED, E.USER_REMOVED)
            removed += 1
    stale = uow.repo.stale_unverified(now - D.VERIFICATION_LINK_TTL, batch)
    for user in stale:
        _erase(uow, user, D.DELETED, E.USER_ERASED)
        purged += 1
    uow.repo.purge_login_failures(now - D.LOGIN_LOCK_WINDOW)  # throttling data is kept no longer than needed
    return {"inactivated": inactivated, "removed": removed, "purged_unverified": purged,
            "more": len(due) == batch or len(stale) == batch}


def request_deletion(uow, actor, links_base):
    """In-app "delete my account": confirmed through a link to the registered address (R45, A16)."""
    user = uow.repo.user(actor.require_user(), lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
    if not _send_link(uow, E.ACCOUNT_DELETION_REQUESTED, user, "delete_account", D.DELETION_LINK_TTL,
                      "confirm-deletion", links_base):
        raise RateLimited("A confirmation link was sent several times in the last hour; use the latest one.",
                          code="too_many_links")
    return {"status": "confirmation_sent",
            "detail": "We sent a confirmation link to your registered email address."}


def confirm_deletion(uow, *, token):
    user = _use_token(uow, token, "delete_account")
    for k in (user.email, user.username):
        if k:
            uow.repo.clear_login_failures(_login_key(k))
    _erase(uow, user, D.DELETED, E.USER_ERASED)
    return {"status": "deleted", "detail": "Your account and personal data are deleted."}


# ---------------------------------------------------------------- reference data (R46-R48)

def list_countries(uow):
    nsos = uow.repo.nsos()
    return [{"code": c.code, "participating": c.participating, "etwinning_plus": c.etwinning_plus,
             "nso": _nso_view(nsos.get(c.code))} for c in uow.repo.countries() if c.participating]


def list_nsos(uow):
    return [_nso_view(n) for n in uow.repo.nsos().values()]


def update_country(uow, actor, *, code, **flags):
    if not actor.is_css:
        raise Forbidden("Only central staff maintain the country list.")
    country = uow.repo.country(code)
    if country is None:
        raise NotFound("Unknown country code.")
    nso = uow.repo.nso(code)
    if flags.get("participating") and nso is None:
        # every participating country has exactly one NSO (R47): its contacts come first
        raise Conflict("Give this country's National Support Organisation first (PATCH /api/v1/nsos/{code} "
                       "with its name and email), then make it participating.", code="nso_missing")
    for key, value in flags.items():
        setattr(country, key, value)
    return {"code": country.code, "participating": country.participating, "etwinning_plus": country.etwinning_plus,
            "nso": _nso_view(nso)}


def update_nso(uow, actor, *, country, **changes):
    """Central staff keep each NSO's public contact details (R47). A country without an NSO gets
    one when its name and email are given."""
    if not actor.is_css:
        raise Forbidden("Only central staff maintain the NSO contact details.")
    if uow.repo.country(country) is None:
        raise NotFound("Unknown country code.")
    nso = uow.repo.nso(country)
    if nso is None:
        if not changes.get("name") or not changes.get("email"):
            raise Invalid("This country has no NSO yet: give at least its name and email.",
                          {key: ["Required to create the NSO."] for key in ("name", "email") if not changes.get(key)},
                          code="nso_details_required")
        nso = uow.repo.add(Nso(country=country, name=changes["name"], regions=[]))
    for key, value in changes.items():
        setattr(nso, key, value)
    uow.repo.flush()
    return _nso_view(nso)


def _staff_view(user):
    return {"id": user.id, "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "role": user.role, "country": user.staff_country, "region": user.staff_region,
            "permissions": list(user.staff_permissions or []), "state": user.state,
            "last_login_at": user.last_login_at}


def list_staff(uow, actor, *, country):
    """Staff accounts: central staff see all of them, NSO staff their own country's (R48)."""
    if not actor.is_css:
        if "nso_staff" not in actor.roles:
            raise Forbidden("Only staff can see the staff list.")
        if country and country != actor.country:
            raise Forbidden("NSO staff see only their own country's staff.")
        country = actor.country
    return [_staff_view(u) for u in uow.repo.staff_members(country) if u.state not in D.TERMINAL]


def _staff_member(uow, actor, user_id):
    if not actor.is_css:
        raise Forbidden("Only central staff change staff roles and permissions.")
    if actor.user_id == str(user_id):
        raise Forbidden("Staff cannot change their own role or permissions.", code="own_account")
    user = uow.repo.user(user_id, lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("No such account.")
    if user.role == "user":
        raise Conflict("This account has no staff role.", code="not_staff")
    return user


def _staff_changed(uow, user):
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)  # the next sign-in carries the new rights
    _changed(uow, user, E.STAFF_CHANGED, role=user.role, country=user.staff_country, region=user.staff_region,
             permissions=list(user.staff_permissions or []))


def update_staff(uow, actor, *, user_id, **changes):
    """Change an NSO staff member's permissions or region (R48); ``region`` None: the whole country."""
    user = _staff_member(uow, actor, user_id)
    if user.role != "nso_staff":
        raise Conflict("Only NSO staff have a region and permissions.", code="not_nso_staff")
    if "region" in changes:
        D.check_staff_scope(user.role, uow.repo.country(user.staff_country), changes["region"],
                            uow.repo.nso(user.staff_country))
        user.staff_region = changes["region"]
    if "permissions" in changes:
        user.staff_permissions = sorted(set(changes["permissions"]))
    _staff_changed(uow, user)
    return _staff_view(user)


def revoke_staff(uow, actor, *, user_id):
    """Take a staff role away (R48): the account stays, as a user validated through schools only."""
    user = _staff_member(uow, actor, user_id)
    user.role, user.staff_country, user.staff_region, user.staff_permissions = "user", None, None, []
    _restate(user)
    _staff_changed(uow, user)
    return _staff_view(user)


def create_staff(uow, security, *, email, password, role, country=None, region=None, permissions=(),
                 first_name="Staff", last_name=None):
    """Used by the operator command that creates the first staff accounts."""
    if role not in ("nso_staff", "css_staff"):
        raise Invalid("role must be nso_staff or css_staff")
    if role == "nso_staff" and not country:
        raise Invalid("nso_staff needs a participating country code.", {"country": ["Required for nso_staff."]})
    D.check_staff_scope(role, uow.repo.country(country) if country else None, region,
                        uow.repo.nso(country) if country else None)
    if uow.repo.user_by_email(email) is not None:
        raise Conflict("An account with this email already exists.")
    username = email.split("@")[0].lower()[:30] + "-" + secrets.token_hex(3)
    user = uow.repo.add(User(
        id=uuid.uuid4(), username=username, email=email.lower(), password_hash=security.hash_password(password),
        first_name=first_name, last_name=last_name or (country or "CSS"), member_type=None, state=D.ACTIVE,
        email_verified_at=uow.now(), created_at=uow.now(), last_login_at=uow.now(), revision=0,
        interface_language="en", preferences={}, role=role, staff_country=country, staff_region=region,
        staff_permissions=list(permissions) if role == "nso_staff" else [],
    ))
    _changed(uow, user)  # other services learn of every account the same way
    return user


# ---------------------------------------------------------------- replay for read models

def republish_page(uow, *, after_user=None, after_school=None, limit=1000):
    """Publish the current snapshot of a page of schools and users again, unchanged (same
    revisions): consumers rebuild their read models from these events alone. Returns the
    last ids, to continue from, or None when done."""
    schools = uow.repo.schools_after(after_school, limit) if after_school != "done" else []
    for school in schools:
        _publish_school(uow, school)
    users = uow.repo.users_after(after_user, limit) if after_user != "done" else []
    for user in users:
        if user.revision:  # only accounts that were ever announced (not unconfirmed registrations)
            uow.emit(E.USER_CHANGED, user_id=str(user.id), user=user_snapshot(user))
    return (users[-1].id if len(users) == limit else "done", schools[-1].id if len(schools) == limit else "done")
