"""identity's use cases: schools and memberships (R8-R9, R32-R40)."""
import secrets
from datetime import datetime, timezone

from etwinning_contracts.errors import Conflict, Forbidden, NotFound
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import _changed, _current_memberships, _display_name, _hash, _my_account, _restate, link_to


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
    D.check_school_region([r["code"] for r in nso.regions] if nso else [], region)


def _refuse_duplicate(uow, name, town, country, other_than=None):
    """Each school exists once (R32): the answer names the registered one, so the client can
    offer to pick it instead."""
    same = uow.repo.same_school(name, town, country, other_than)
    if same is not None:
        raise Conflict(f"This school is already registered ({same.name}, {same.town}): choose it instead.",
                       {"existing_school_id": [str(same.id)]}, code="school_exists")


def _create_school(uow, actor_id, data):
    D.check_school_country(uow.repo.country(data["country"]), uow.now().date())
    _check_region(uow, data["country"], data.get("region"))
    _refuse_duplicate(uow, data["name"], data.get("town"), data["country"])
    school = uow.repo.new_school(created_at=uow.now(), created_by=actor_id, director_details_updated_at=uow.now(),
                                 director_details_updated_by=actor_id, official_name=data["name"],
                                 official_town=data.get("town"), **data)
    uow.repo.flush()
    _emit_school(uow, school)
    return school


def join_school(uow, actor, *, school_id=None, new_school=None, links_base=None):
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
        D.check_school_country(uow.repo.country(school.country), uow.now().date())  # it may have left (R4, R46)
    membership = next((m for m in _current_memberships(user) if m.school_id == school.id), None)
    if membership is not None and membership.validation_state != "rejected":
        raise Conflict("You are already a member of this school.", code="already_member")
    asked_again = membership is not None
    if asked_again:  # asking again after a rejection (A21): the same membership, a new task
        membership.validation_state = "pending"
    else:
        membership = uow.repo.new_membership(user_id=user.id, school_id=school.id, started_at=uow.now(),
                                             validation_state="pending")
        membership.school = school
        user.memberships.append(membership)
    uow.repo.flush()
    task = uow.repo.new_validation_task(user_id=user.id, membership_id=membership.id, school_id=school.id,
                                        country=school.country, region=school.region, created_at=uow.now())
    _restate(user)
    uow.repo.flush()
    if not asked_again:
        uow.emit(E.MEMBERSHIP_ADDED, user_id=str(user.id), membership_id=str(membership.id),
                 school_id=str(school.id), started_at=membership.started_at, ended_at=None, validated=False)
    uow.emit(E.VALIDATION_REQUESTED, user_id=str(user.id), task_id=str(task.id), school_id=str(school.id),
             country=school.country, region=school.region)
    if links_base:
        task.school = school
        _ask_director(uow, task, user, links_base)
    _changed(uow, user)
    return membership_view(membership)


def _ask_director(uow, task, user, links_base):
    """Mail the school's director a single-use link to say whether the applicant works there
    (A22); the answer comes back through validation.answer_as_director."""
    school = task.school
    if not school.director_email or uow.repo.directors_asked_since(
            user.id, uow.now() - D.DIRECTOR_EMAIL_WINDOW) >= D.DIRECTOR_EMAILS_PER_WINDOW:
        return  # the NSO records the director's confirmation another way (R14)
    token = secrets.token_urlsafe(32)
    task.director_link_hash, task.director_asked_at = _hash(token), uow.now()
    task.director_link_expires_at = uow.now() + D.DIRECTOR_LINK_TTL
    uow.emit(E.DIRECTOR_CONFIRMATION_REQUESTED, user_id=str(user.id), task_id=str(task.id),
             email=school.director_email, display_name=school.director_name or "",
             language=user.interface_language,
             link=link_to(links_base, "director-answer", token, user.interface_language),
             expires_at=task.director_link_expires_at, applicant_name=_display_name(user), school_name=school.name)


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
    user = _my_account(uow, actor, lock=True)
    membership = uow.repo.membership(membership_id)
    if membership is None or membership.user_id != user.id:
        raise NotFound("You have no such school membership.")
    if membership.ended_at is not None:
        raise Conflict("You have already left this school.", code="already_left")
    membership.ended_at = uow.now()
    if membership.validation_state == "pending":  # its task is void: nothing is pending any more
        membership.validation_state = "withdrawn"
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
    user = _my_account(uow, actor)
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
        if u.state == D.BLOCKED and not staff:
            continue  # hidden as their profile is, until unblocked; their NSO still sees them
        teachers.append({"user_id": str(u.id), "display_name": _display_name(u), "member_type": u.member_type,
                         "current": m.ended_at is None, "started_at": m.started_at.isoformat(),
                         "ended_at": m.ended_at.isoformat() if m.ended_at else None,
                         "active": u.state == D.ACTIVE})
    return {"school": _public_school_view(school, is_member or staff), "teachers": teachers}


def _staff_for_school(actor, school):
    return actor.can_act_for_country(school.country, None, school.region, bool(school.nso and school.nso.regions))


def update_school(uow, actor, *, school_id, changes):
    """Validated members edit the school profile (its creator too, until someone is validated
    there: D.may_edit_school), correcting its name or town but not making it another school
    (R37); its NSO edits anything. Every edit is audited (R38). The country is fixed."""
    school = uow.repo.school(school_id, lock=True)
    if school is None:
        raise NotFound("No such school.")
    user = _my_account(uow, actor)
    by_nso = _staff_for_school(actor, school)
    moves_region = changes.get("region", school.region) != school.region
    if not by_nso:
        membership = next((m for m in _current_memberships(user) if m.school_id == school.id), None)
        D.require_school_editor(membership and membership.validation_state,
                                uow.repo.school_has_validated_member(school.id), school.created_by == user.id)
        D.check_member_school_edit(school.official_name, school.official_town,
                                   changes.get("name", school.name), changes.get("town", school.town))
        if moves_region:
            raise Forbidden("A school's region decides which regional representative validates its teachers: "
                            "ask your National Support Organisation to change it.", code="region_set_by_nso")
    if moves_region:
        _check_region(uow, school.country, changes["region"])
    if "name" in changes or "town" in changes:
        _refuse_duplicate(uow, changes.get("name", school.name), changes.get("town", school.town), school.country,
                          other_than=school.id)
    if moves_region:
        # the NSO corrected the region: the waiting validations go to that region's representative
        for task in uow.repo.open_tasks_of_school(school.id):
            task.region = changes["region"]
    diff = {}
    for field, value in changes.items():
        old = getattr(school, field)
        if old != value:
            diff[field] = {"from": old, "to": value}
            setattr(school, field, value)
    if by_nso and changes.keys() & {"name", "town"}:  # what members' corrections are measured against
        school.official_name, school.official_town = school.name, school.town
    # sent, even unchanged: confirmed as current (R15); details removed are no details to confirm
    if changes.keys() & {"director_name", "director_email"} and not D.director_details_missing(school):
        if "director_email" in diff or school.director_details_updated_by != user.id:
            # a director's link already sent went to an address now replaced, or whose author
            # changes: its answer could no longer be judged (A22), so it stops working
            for task in uow.repo.open_tasks_of_school(school.id):
                task.director_link_hash = None
        school.director_details_updated_at, school.director_details_updated_by = uow.now(), user.id
        diff.setdefault("director_details_confirmed", {"from": None, "to": uow.now().isoformat()})
    if diff:
        uow.repo.new_school_change(school_id=school.id, changed_by=user.id, changed_at=uow.now(), changes=diff)
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
