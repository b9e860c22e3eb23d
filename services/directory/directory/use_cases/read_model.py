"""Applying identity's events to the search read model: idempotent and order-tolerant, so the
model can be rebuilt from scratch by replaying them."""
import uuid
from datetime import datetime

from .. import domain as D


def _uuid(value):
    return uuid.UUID(str(value))


def _time(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def apply_user_snapshot(uow, user_id, snapshot):
    """Upsert a person from a ``user_changed`` snapshot unless a newer one was applied or the
    account was erased. Returns True when the read model changed."""
    user_id = _uuid(user_id)
    if uow.repo.is_erased(user_id):
        return False
    if snapshot["state"] in ("deleted", "removed"):
        uow.repo.erase_person(user_id)
        return True
    person = uow.repo.lock_person(user_id)
    if person is None or uow.repo.is_erased(user_id):
        # erased while this waited for the row: what the lock may have left (a placeholder) goes too
        uow.repo.erase_person(user_id)
        return False
    if person.revision >= snapshot["revision"]:
        return False
    schools = snapshot.get("schools") or []
    person.revision = snapshot["revision"]
    person.username = snapshot.get("username")
    person.display_name = snapshot.get("display_name") or snapshot.get("username") or "eTwinner"
    person.member_type = snapshot.get("member_type")
    person.state = snapshot["state"]
    person.validated = bool(snapshot["etwinning_validated"])
    person.profile_public = bool(snapshot["profile_public"])
    person.available = bool(snapshot["available_for_projects"])
    person.searchable = D.is_searchable(person.state, person.member_type)
    person.languages = list(snapshot.get("languages") or [])
    person.subjects = list(snapshot.get("subjects") or [])
    person.age_groups = list(snapshot.get("age_groups") or [])
    person.ict_use = snapshot.get("ict_use")
    person.has_picture = bool(snapshot.get("has_picture"))
    validated_schools = [s for s in schools if s["validated"]] or schools
    person.country = validated_schools[0]["country"] if validated_schools else None
    person.schools = [{"school_id": str(s["school_id"]), "name": s["name"], "town": s.get("town"),
                       "country": s["country"], "validated": s["validated"]} for s in schools]
    person.last_login_at = _time(snapshot.get("last_login_at"))
    person.search_text = D.name_text(snapshot.get("first_name"), snapshot.get("last_name"),
                                     snapshot.get("display_name"))
    person.school_text = _school_text(schools)
    uow.repo.flush()
    uow.repo.replace_person_schools(user_id, [{"school_id": _uuid(s["school_id"]), "validated": s["validated"]}
                                              for s in schools])
    # A school first seen through a membership is searchable at once. One known already is left
    # as it is, unlocked: school_changed locks the school and then its people, this handler the
    # person; taking a school here too would let the two deadlock.
    for school in schools:
        uow.repo.add_school_if_missing(
            school_id=_uuid(school["school_id"]), name=school["name"], town=school.get("town"),
            country=school["country"], region=school.get("region"),
            education_levels=list(school.get("education_levels") or []),
            search_text=D.school_text(school["name"], school.get("town")))
    return True


def apply_school(uow, payload):
    school_id = _uuid(payload["school_id"])
    # Inserted first as "older than any event" (revision -1) when new: two events that bring the
    # same new school at once (two teachers joining it) cannot both insert it.
    school = uow.repo.lock_school(school_id, name=payload["name"], country=payload["country"], search_text="")
    # revision 0 is the copy a membership brought (add_school_if_missing): every event is newer
    if school.revision >= payload["revision"]:
        return False
    school.revision = payload["revision"]
    school.name = payload["name"]
    school.town = payload.get("town")
    school.country = payload["country"]
    school.region = payload.get("region")
    school.education_levels = list(payload.get("education_levels") or [])
    school.registered_at = _time(payload.get("created_at")) or school.registered_at
    school.search_text = D.school_text(school.name, school.town)
    uow.repo.flush()
    for person in uow.repo.people_of_school(school_id):  # their cards and school search show the new name
        # new dicts, not the loaded ones changed in place: the JSON column is saved only when
        # its new value differs from the value it was loaded with
        person.schools = [{**card, "name": school.name, "town": school.town, "country": school.country}
                          if card["school_id"] == str(school_id) else card for card in person.schools]
        person.school_text = _school_text(person.schools)
    return True


def _school_text(schools):
    return " ".join(D.school_text(s["name"], s.get("town")) for s in schools)


def erase_user(uow, user_id):
    uow.repo.erase_person(_uuid(user_id))


def void_invitations_of_blocked(uow, user_id, blocked_at):
    """A20: a blocked person's pending invitations (contact requests, chat invitations, group
    invitations, sent or received) become void; only those made before the block, so a late or
    repeated event never voids what came after an unblock."""
    uow.repo.void_invitations(_uuid(user_id), _time(blocked_at), uow.now())
