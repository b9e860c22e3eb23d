"""Schools, memberships and NSO validation on the real database (R4, R9, R13-R19, R32-R40, A21, A23)."""
import uuid
from datetime import timedelta

import pytest

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from etwinning_contracts.names import IdentityEvents as E
from identity import domain as D
from identity import use_cases as uc

CSS = Actor(user_id=str(uuid.uuid4()), roles=("user", "css_staff"))


def state_of(identity, person):
    return identity.user(person.id).state


def tasks_of(identity, officer, state="open"):
    page = identity(uc.list_validation_tasks, officer, state=state, country=None, limit=200)
    return {str(t["id"]) for t in page["items"]}


# ------------------------------------------------------------------ editing a school (R14, R37, R38)

def test_a_pending_applicant_cannot_redirect_the_director_confirmation_of_an_existing_school(identity_uc):
    founder = identity_uc.teacher(validated=True)
    applicant = identity_uc.registered()
    identity_uc.join(applicant, school_id=founder.school_id)

    with pytest.raises(Forbidden) as refused:
        identity_uc(uc.update_school, applicant.actor, school_id=founder.school_id,
                    changes={"director_email": "me@applicant.example.org"})
    assert refused.value.code == "not_school_editor"
    assert identity_uc.school(founder.school_id).director_email == "directora@school.example.org"

    edited = identity_uc(uc.update_school, founder.actor, school_id=founder.school_id,
                         changes={"director_name": "Dña. Nueva"})
    assert edited["director_name"] == "Dña. Nueva"


def test_the_creator_of_a_school_nobody_is_validated_for_may_fix_it_until_someone_is(identity_uc):
    creator = identity_uc.teacher()
    fixed = identity_uc(uc.update_school, creator.actor, school_id=creator.school_id,
                        changes={"director_email": "real.director@school.example.org"})
    assert fixed["director_email"] == "real.director@school.example.org"

    other = identity_uc.registered()
    identity_uc.join(other, school_id=creator.school_id)
    with pytest.raises(Forbidden):  # a pending member who did not register the school
        identity_uc(uc.update_school, other.actor, school_id=creator.school_id, changes={"town": "Cádiz"})

    identity_uc.validate(other.task_id, identity_uc.officer("ES"))
    with pytest.raises(Forbidden):  # someone is validated now: the still pending creator is not
        identity_uc(uc.update_school, creator.actor, school_id=creator.school_id, changes={"town": "Cádiz"})
    assert identity_uc(uc.update_school, other.actor, school_id=creator.school_id,
                       changes={"town": "Cádiz"})["town"] == "Cádiz"


# ------------------------------------------------------------------ each school once (R32)

def test_registering_a_school_that_exists_names_the_existing_one(identity_uc):
    name = f"Colegio San José {uuid.uuid4().hex[:6]}"
    first = identity_uc.teacher(name=name, town="Écija")
    second = identity_uc.registered()

    with pytest.raises(Conflict) as same:
        identity_uc.join(second, name=f"  colegio  SAN jose. {name.split()[-1]} ", town="ECIJA")
    assert same.value.code == "school_exists"
    assert same.value.errors == {"existing_school_id": [first.school_id]}
    assert identity_uc.user(second.id).memberships == []  # nothing was created

    elsewhere = identity_uc.join(second, name=name, town="Osuna")  # another town: another school
    assert str(elsewhere["school"]["id"]) != first.school_id
    with pytest.raises(Conflict):  # and an edit cannot make it a copy of the first either
        identity_uc(uc.update_school, second.actor, school_id=elsewhere["school"]["id"], changes={"town": "Écija"})


# ------------------------------------------------------------------ joining (R4, R8, R33, R34, R35)

def test_a_user_may_be_in_two_schools_at_once_validated_by_each_nso(identity_uc):
    teacher = identity_uc.teacher(country="ES", validated=True)
    first_school = teacher.school_id
    identity_uc.join(teacher, country="PT", town="Porto")
    assert state_of(identity_uc, teacher) == D.ACTIVE  # A23: kept through the validated membership

    identity_uc.validate(teacher.task_id, identity_uc.officer("PT"))
    user = identity_uc.user(teacher.id)
    current = {str(m.school_id): m.validation_state for m in user.memberships if m.ended_at is None}
    assert current == {first_school: "validated", teacher.school_id: "validated"}
    assert set(uc.claims_for(user)["schools"]) == {first_school, teacher.school_id}


def test_a_school_level_must_be_one_of_the_four_levels_of_school_education():
    from etwinning_contracts import identity as C

    school = {"name": "Berufskolleg", "town": "Köln", "country": "DE"}
    with pytest.raises(Exception) as refused:
        C.NewSchoolArgs().load({**school, "education_levels": ["vocational"]})
    assert "education_levels" in refused.value.messages
    assert C.NewSchoolArgs().load({**school, "education_levels": ["lower_secondary", "upper_secondary"]})
    assert set(C.SCHOOL_LEVELS) == {"pre_primary", "primary", "lower_secondary", "upper_secondary"}


def test_school_search_filters_by_town_ignoring_case_and_accents(identity_uc):
    word = uuid.uuid4().hex[:8]
    identity_uc.teacher(name=f"Liceo {word}", town="Cádiz")
    identity_uc.teacher(name=f"Liceo {word}", town="Sevilla")
    found = identity_uc(uc.search_schools, q=word, town="cadiz", country="ES", limit=20, offset=0)
    assert [(s["name"], s["town"]) for s in found] == [(f"Liceo {word}", "Cádiz")]


# ------------------------------------------------------------------ account state follows the memberships (A21, A23)

def test_the_decision_events_say_whom_to_tell_and_why(identity_uc):
    accepted, refused = identity_uc.teacher(), identity_uc.teacher(town="Lugo")
    officer = identity_uc.officer("ES")
    identity_uc.validate(accepted.task_id, officer)
    identity_uc(uc.reject_teacher, officer, task_id=refused.task_id, reason="The director did not confirm.")
    (validated,) = identity_uc.events_of(E.USER_VALIDATED, accepted.id)
    (rejected,) = identity_uc.events_of(E.VALIDATION_REJECTED, refused.id)
    assert (validated["email"], validated["language"]) == (accepted.email, "en")
    assert validated["school_name"] == accepted.membership["school"]["name"] and validated["reason"] is None
    assert (rejected["email"], rejected["reason"]) == (refused.email, "The director did not confirm.")
    assert rejected["display_name"].startswith("Ana ")


def test_rejection_while_blocked_leaves_a_registered_not_validated_account(identity_uc):
    teacher = identity_uc.teacher()
    officer = identity_uc.officer("ES")
    identity_uc(uc.block, officer, user_id=teacher.id, reason_category="administrative", note=None)
    identity_uc(uc.reject_teacher, officer, task_id=teacher.task_id, reason="The director did not confirm.")
    identity_uc(uc.unblock, officer, user_id=teacher.id)
    assert state_of(identity_uc, teacher) == D.NOT_VALIDATED


def test_a_rejection_keeps_a_user_waiting_for_another_school_pending(identity_uc):
    teacher = identity_uc.teacher()
    rejected_task = teacher.task_id
    identity_uc.join(teacher, country="PT", town="Braga")
    identity_uc(uc.reject_teacher, identity_uc.officer("ES"), task_id=rejected_task, reason="Not on the staff.")
    assert state_of(identity_uc, teacher) == D.PENDING_VALIDATION
    assert teacher.task_id in tasks_of(identity_uc, identity_uc.officer("PT"))


def test_leaving_schools_moves_the_account_to_what_the_remaining_memberships_give(identity_uc):
    teacher = identity_uc.teacher(validated=True)
    validated = teacher.membership
    identity_uc.join(teacher, town="Huelva")
    pending = teacher.membership

    identity_uc(uc.leave_school, teacher.actor, membership_id=validated["id"])
    assert state_of(identity_uc, teacher) == D.PENDING_VALIDATION  # the other one still awaits the NSO
    assert not uc.claims_for(identity_uc.user(teacher.id))["validated"]

    identity_uc(uc.leave_school, teacher.actor, membership_id=pending["id"])
    assert state_of(identity_uc, teacher) == D.NOT_VALIDATED  # no open task left, no school
    assert teacher.task_id not in tasks_of(identity_uc, identity_uc.officer("ES"))

    identity_uc.join(teacher, town="Jaén")  # a school again: waiting for validation again
    assert state_of(identity_uc, teacher) == D.PENDING_VALIDATION


def test_leaving_one_of_two_validated_schools_keeps_etwinner_status(identity_uc):
    teacher = identity_uc.teacher(validated=True)
    first = teacher.membership
    identity_uc.join(teacher, town="Almería")
    identity_uc.validate(teacher.task_id, identity_uc.officer("ES"))
    identity_uc(uc.leave_school, teacher.actor, membership_id=first["id"])
    assert state_of(identity_uc, teacher) == D.ACTIVE


def test_the_nso_can_validate_after_a_rejection(identity_uc):
    teacher = identity_uc.teacher()
    officer = identity_uc.officer("ES")
    identity_uc(uc.reject_teacher, officer, task_id=teacher.task_id, reason="Director unreachable.")
    assert state_of(identity_uc, teacher) == D.NOT_VALIDATED
    assert teacher.task_id in tasks_of(identity_uc, officer, state="rejected")

    identity_uc(uc.record_director_confirmation, officer, task_id=teacher.task_id, channel="phone", note=None)
    with pytest.raises(Conflict) as unawares:  # as another officer deciding at the same time would
        identity_uc(uc.validate_teacher, officer, task_id=teacher.task_id)
    assert unawares.value.code == "task_closed" and "Director unreachable." in unawares.value.detail
    # the director answered later (A21): validated after all, the rejection kept on the task
    validated = identity_uc(uc.validate_teacher, officer, task_id=teacher.task_id, reconsider=True)
    assert validated["state"] == "validated" and validated["reason"] == "Director unreachable."
    assert validated["rejected_at"] is not None and validated["decided_at"] >= validated["rejected_at"]
    assert state_of(identity_uc, teacher) == D.ACTIVE
    with pytest.raises(Conflict):
        identity_uc(uc.reject_teacher, officer, task_id=teacher.task_id, reason="Changed my mind.")
    assert identity_uc(uc.get_validation_task, officer, task_id=teacher.task_id) == validated
    with pytest.raises(Forbidden):  # another country's officer reads it no more than decides it
        identity_uc(uc.get_validation_task, identity_uc.officer("FR"), task_id=teacher.task_id)


def test_asking_again_for_a_school_after_a_rejection_opens_a_new_task(identity_uc):
    teacher = identity_uc.teacher()
    officer = identity_uc.officer("ES")
    rejected = teacher.task_id
    identity_uc(uc.reject_teacher, officer, task_id=rejected, reason="Director unreachable.")

    again = identity_uc.join(teacher, school_id=teacher.school_id)
    assert again["validation_state"] == "pending" and teacher.task_id != rejected
    assert state_of(identity_uc, teacher) == D.PENDING_VALIDATION
    with pytest.raises(Conflict):  # the old task is superseded by the new one
        identity_uc.validate(rejected, officer)
    identity_uc.validate(teacher.task_id, officer)
    assert state_of(identity_uc, teacher) == D.ACTIVE
    assert len([m for m in identity_uc.user(teacher.id).memberships if m.ended_at is None]) == 1


# ------------------------------------------------------------------ who validates (R13, R16, A51)

def test_validation_tasks_are_routed_to_the_region_of_the_school(identity_uc):
    andalusian = identity_uc.teacher(region="AN")
    catalan = identity_uc.teacher(region="CT", town="Girona")
    officer_an, officer_ct = identity_uc.officer("ES", "AN"), identity_uc.officer("ES", "CT")
    country_wide = identity_uc.officer("ES")

    queue_an = tasks_of(identity_uc, officer_an)
    assert andalusian.task_id in queue_an and catalan.task_id not in queue_an
    assert {andalusian.task_id, catalan.task_id} <= tasks_of(identity_uc, country_wide)

    for refused_officer, task_id in ((officer_ct, andalusian.task_id), (officer_an, catalan.task_id)):
        with pytest.raises(Forbidden):
            identity_uc(uc.record_director_confirmation, refused_officer, task_id=task_id, channel="phone", note=None)
    identity_uc.validate(catalan.task_id, country_wide)
    identity_uc.validate(andalusian.task_id, officer_an)
    with pytest.raises(Forbidden):  # another country's NSO
        identity_uc(uc.validate_teacher, identity_uc.officer("PT"), task_id=catalan.task_id)

    # Spain's NSO works region by region: a Spanish school names its region, one of the NSO's
    for region, code in ((None, "region_required"), ("XX", "unknown_region")):
        with pytest.raises(Invalid) as refused:
            identity_uc(uc.join_school, identity_uc.registered().actor, new_school={
                "name": "Colegio Sin Región", "town": "Toledo", "country": "ES", "region": region,
                "education_levels": ["primary"]})
        assert refused.value.code == code
    assert identity_uc.teacher(country="PT", town="Faro").school_id  # Portugal's NSO has no regions


def test_a_region_on_an_officer_restricts_nothing_where_the_nso_has_no_regions():
    officer = Actor(user_id=str(uuid.uuid4()), roles=("user", "nso_staff"), country="PT", region="N",
                    permissions=("validator",))
    assert officer.can_act_for_country("PT", "validator", None, nso_has_regions=False)
    assert not officer.can_act_for_country("ES", None, None, nso_has_regions=False)
    assert not officer.can_act_for_country("PT", None, None, nso_has_regions=True)


def test_only_the_nso_moves_a_school_to_another_region_and_its_waiting_validations_follow(identity_uc):
    teacher = identity_uc.teacher(region="AN", validated=True)
    colleague, applicant = identity_uc.registered(), identity_uc.registered()
    identity_uc.join(colleague, school_id=teacher.school_id)  # both wait for the Andalusian officer
    identity_uc.join(applicant, school_id=teacher.school_id)
    newcomer = identity_uc.teacher(region="AN")  # picked a region when registering the school
    for member, school_id in ((teacher, teacher.school_id), (newcomer, newcomer.school_id)):
        with pytest.raises(Forbidden) as refused:  # no member sends files to another representative
            identity_uc(uc.update_school, member.actor, school_id=school_id, changes={"region": "MD"})
        assert refused.value.code == "region_set_by_nso"
    assert {colleague.task_id, applicant.task_id} <= tasks_of(identity_uc, identity_uc.officer("ES", "AN"))

    officer_an = identity_uc.officer("ES", "AN")
    for wrong in (None, "XX"):
        with pytest.raises(Invalid):
            identity_uc(uc.update_school, officer_an, school_id=teacher.school_id, changes={"region": wrong})
    identity_uc(uc.update_school, officer_an, school_id=teacher.school_id, changes={"region": "MD"})
    madrid, andalusia = (tasks_of(identity_uc, identity_uc.officer("ES", r)) for r in ("MD", "AN"))
    assert {colleague.task_id, applicant.task_id} <= madrid and not {colleague.task_id, applicant.task_id} & andalusia


# ------------------------------------------------------------------ staff acting on people (R25, R44, R48)

def test_the_nso_of_any_country_the_user_is_validated_in_may_act_on_them(identity_uc):
    teacher = identity_uc.teacher(country="ES", validated=True)
    identity_uc.join(teacher, country="PT", town="Faro")  # asks to join a school there: pending
    portuguese, french, spanish = identity_uc.officer("PT"), identity_uc.officer("FR"), identity_uc.officer("ES")

    # asking to join a school abroad gives that NSO the validation task, not power over the account
    assert identity_uc(uc.view_profile, portuguese, user_id=teacher.id).get("email") is None
    for outsider in (portuguese, french):
        with pytest.raises(Forbidden):
            identity_uc(uc.block, outsider, user_id=teacher.id, reason_category="technical", note=None)
    identity_uc.validate(teacher.task_id, portuguese)  # validated there too: now both NSOs
    assert identity_uc(uc.view_profile, portuguese, user_id=teacher.id)["email"] == teacher.email
    blocked = identity_uc(uc.block, portuguese, user_id=teacher.id, reason_category="technical", note=None)
    assert blocked["state"] == D.BLOCKED
    assert identity_uc(uc.unblock, spanish, user_id=teacher.id)["state"] == D.ACTIVE

    # someone never validated anywhere belongs to the NSO of the school they wait for
    newcomer = identity_uc.teacher(country="PT")
    assert identity_uc(uc.view_profile, portuguese, user_id=newcomer.id)["email"] == newcomer.email


def test_director_details_not_confirmed_for_a_year_are_flagged_to_members_and_the_nso(identity_uc):
    from sqlalchemy import text

    teacher = identity_uc.teacher(country="ES")
    officer = identity_uc.officer("ES")

    def flagged():
        mine = identity_uc(uc.view_profile, teacher.actor, user_id=teacher.id)["schools"][0]["school"]
        page = identity_uc(uc.list_validation_tasks, officer, state="open", country=None, limit=100)
        task = next(t for t in page["items"] if str(t["id"]) == str(teacher.task_id))
        assert mine["director_details_outdated"] == task["school"]["director_details_outdated"]
        return mine["director_details_outdated"]

    assert flagged() is False  # just entered
    with identity_uc.engine.begin() as conn:  # a school year and more later
        conn.execute(text("update schools set director_details_updated_at = now() - interval '400 days' "
                          "where id = :s"), {"s": teacher.school_id})
    assert flagged() is True
    # the member sends the same details: confirmed as current, and the confirmation is audited
    identity_uc(uc.update_school, teacher.actor, school_id=teacher.school_id,
                changes={"director_email": "directora@school.example.org"})
    assert flagged() is False
    history = identity_uc(uc.school_history, teacher.actor, school_id=teacher.school_id)
    assert any("director_details_confirmed" in change["changes"] for change in history)
    # removing the director's address confirms nothing: the details are missing, not current
    removed = identity_uc(uc.update_school, teacher.actor, school_id=teacher.school_id,
                          changes={"director_email": None})
    assert removed["director_details_missing"] is True
    latest = identity_uc(uc.school_history, teacher.actor, school_id=teacher.school_id)
    assert sum("director_details_confirmed" in change["changes"] for change in latest) == 1


def test_a_rejected_validation_of_a_deleted_account_cannot_be_reopened(identity_uc):
    teacher = identity_uc.teacher(country="ES")
    officer = identity_uc.officer("ES")
    identity_uc(uc.reject_teacher, officer, task_id=teacher.task_id, reason="Director did not answer")
    identity_uc(uc.request_deletion, teacher.actor, "https://etwinning.example")
    link = identity_uc.events_of(E.ACCOUNT_DELETION_REQUESTED, teacher.id)[-1]["link"]
    identity_uc(uc.confirm_deletion, token=link.split("token=")[1])
    with pytest.raises(Conflict):
        identity_uc(uc.record_director_confirmation, officer, task_id=teacher.task_id, channel="phone", note=None)
    assert all(m.ended_at is not None for m in identity_uc.user(teacher.id).memberships)


def test_the_registry_finds_a_school_despite_a_typo_exact_spellings_first(identity_uc):
    tag = uuid.uuid4().hex[:6]
    cervantes = identity_uc.teacher(name=f"IES Miguel de Cervantes {tag}", town="Sevilla")
    cervantez = identity_uc.teacher(name=f"Colegio Cervantez {tag}", town="Sevilla")

    def found(q):
        return [s["name"] for s in identity_uc(uc.search_schools, q=q, country="ES", town=None, limit=20, offset=0)]

    assert found(f"cervantez {tag}") == [f"Colegio Cervantez {tag}", f"IES Miguel de Cervantes {tag}"]
    assert found(f"Cervantes Sevila {tag}") == [f"IES Miguel de Cervantes {tag}", f"Colegio Cervantez {tag}"]
    assert found(f"ies {tag}") == [f"IES Miguel de Cervantes {tag}"]  # a short word as typed only
    assert found(f"Cervantes Granada {tag}") == []  # every word still has to be there, or close
    assert cervantes.school_id != cervantez.school_id


def test_only_validated_members_and_the_nso_see_the_directors_email_on_the_school_page(identity_uc):
    teacher = identity_uc.teacher(country="ES", validated=True)
    claimant = identity_uc.registered()
    identity_uc.join(claimant, school_id=teacher.school_id)  # says they work there; not checked yet

    def director_email(actor):
        return identity_uc(uc.get_school, actor, school_id=teacher.school_id)["school"]["director_email"]

    assert director_email(teacher.actor) == "directora@school.example.org"
    assert director_email(identity_uc.officer("ES")) == "directora@school.example.org"
    assert director_email(claimant.actor) is None and director_email(Actor()) is None
    founder = identity_uc.teacher(country="ES")  # registered a new school; nobody validated there yet
    assert identity_uc(uc.get_school, founder.actor, school_id=founder.school_id)["school"][
        "director_email"] == "directora@school.example.org"


def test_visitors_of_a_profile_or_the_registry_never_see_the_directors_email(identity_uc):
    teacher = identity_uc.teacher(country="ES", validated=True)
    colleague = identity_uc.registered()
    [school] = identity_uc(uc.view_profile, colleague.actor, user_id=teacher.id)["schools"]
    assert school["school"]["director_email"] is None and school["school"]["name"]
    [found] = [s for s in identity_uc(uc.search_schools, q=school["school"]["name"], country="ES", town=None,
                                      limit=20, offset=0) if str(s["id"]) == str(school["school"]["id"])]
    assert found["director_email"] is None
    assert identity_uc(uc.view_profile, teacher.actor, user_id=teacher.id)["schools"][0]["school"][
        "director_email"] == "directora@school.example.org"  # the member sees it
    # nor does joining the school show it: the applicant's own pipeline leaves it out
    identity_uc.join(colleague, school_id=teacher.school_id)
    [task] = identity_uc(uc.my_profile, colleague.actor)["validation"]
    assert task["school"]["director_email"] is None and task["school"]["director_name"]


def test_the_email_is_shown_only_to_contacts_and_only_when_the_owner_allows_it(identity_uc):
    owner, contact, stranger = identity_uc.teacher(validated=True), identity_uc.registered(), identity_uc.registered()
    asked = []

    def is_contact(owner_id, viewer_id):
        asked.append(viewer_id)
        return viewer_id == contact.id

    def email_seen_by(viewer):
        profile = identity_uc(uc.view_profile, viewer, user_id=owner.id)
        return uc.show_email_to_contact(profile, viewer.user_id, is_contact)["email"]

    assert email_seen_by(contact.actor) is None and asked == []  # not allowed: directory is not even asked
    identity_uc(uc.update_profile, owner.actor, privacy={"show_email_to_contacts": True})
    assert email_seen_by(contact.actor) == owner.email
    assert email_seen_by(stranger.actor) is None
    identity_uc(uc.update_profile, owner.actor, privacy={"profile_public": True})
    assert email_seen_by(Actor()) is None  # an anonymous visitor of a public profile


def test_regional_officers_act_only_on_people_of_their_region(identity_uc):
    teacher = identity_uc.teacher(region="AN")
    with pytest.raises(Forbidden):
        identity_uc(uc.block, identity_uc.officer("ES", "CT"), user_id=teacher.id, reason_category="policy", note=None)
    assert identity_uc(uc.view_profile, identity_uc.officer("ES", "CT"), user_id=teacher.id).get("email") is None
    assert identity_uc(uc.block, identity_uc.officer("ES", "AN"), user_id=teacher.id, reason_category="policy",
                       note=None)["state"] == D.BLOCKED


def test_get_school_lists_its_validated_teachers_and_registration_date(identity_uc):
    teacher = identity_uc.teacher(validated=True)
    pending = identity_uc.registered()
    identity_uc.join(pending, school_id=teacher.school_id)
    school = identity_uc(uc.get_school, Actor(), school_id=teacher.school_id)
    assert school["school"]["registered_at"] is not None
    assert school["school"]["director_email"] is None  # contacts are for members and the NSO
    assert school["teachers"] == []  # non-public profiles are hidden from anonymous visitors (A24)

    school = identity_uc(uc.get_school, pending.actor, school_id=teacher.school_id)
    assert [t["user_id"] for t in school["teachers"]] == [teacher.id]  # validated ones only (R40)
    assert school["teachers"][0]["current"] and school["teachers"][0]["active"]

    officer = identity_uc.officer("ES")
    identity_uc(uc.block, officer, user_id=teacher.id, reason_category="spam", note=None)
    assert identity_uc(uc.get_school, pending.actor, school_id=teacher.school_id)["teachers"] == []
    seen_by_nso = identity_uc(uc.get_school, officer, school_id=teacher.school_id)["teachers"]
    assert [(t["user_id"], t["active"]) for t in seen_by_nso] == [(teacher.id, False)]


def test_the_director_answers_by_the_emailed_link_and_the_nso_sees_it(identity_uc):
    """A22: the director of a registered school is asked by mail; a yes is the confirmation the
    NSO needs, a no is shown."""
    from datetime import timedelta

    founder = identity_uc.teacher(validated=True)  # the school and its director's address are known

    def ask(teacher):
        teacher.member = identity_uc.registered()
        identity_uc(uc.join_school, teacher.member.actor, links_base="https://etwinning.example",
                    school_id=founder.school_id)
        (asked,) = identity_uc.events_of(E.DIRECTOR_CONFIRMATION_REQUESTED, teacher.member.id)
        teacher.task_id = asked["task_id"]
        return asked

    officer = identity_uc.officer("ES")
    yes, no, late = (type("Applicant", (), {})() for _ in range(3))
    asked = ask(yes)
    assert asked["email"] == "directora@school.example.org" and asked["applicant_name"].startswith("Ana")
    token = asked["link"].split("token=")[1]
    assert identity_uc(uc.answer_as_director, token=token, answer="confirmed")["status"] == "confirmed"
    with pytest.raises(NotFound):  # single use
        identity_uc(uc.answer_as_director, token=token, answer="denied")
    page = identity_uc(uc.list_validation_tasks, officer, state="open", country=None, limit=200)
    task = next(t for t in page["items"] if str(t["id"]) == yes.task_id)
    assert (task["director_answer"], task["director_confirmation_channel"]) == ("confirmed", "director_link")
    identity_uc(uc.validate_teacher, officer, task_id=yes.task_id)  # nothing else to record first

    identity_uc(uc.answer_as_director, token=ask(no)["link"].split("token=")[1], answer="denied")
    with pytest.raises(Conflict) as refused:  # a no is not a confirmation: the NSO finds out more, or rejects
        identity_uc(uc.validate_teacher, officer, task_id=no.task_id)
    assert "does not work at the school" in refused.value.detail

    late_token = ask(late)["link"].split("token=")[1]
    identity_uc.clock.advance(timedelta(days=31))
    with pytest.raises(Gone):
        identity_uc(uc.answer_as_director, token=late_token, answer="confirmed")


def test_a_yes_from_an_address_the_applicant_typed_is_not_the_confirmation(identity_uc):
    """A22 with R14: a yes by link from an address the applicant entered may be their own: the
    task says whose the details are, shows the yes, and waits for the NSO's own confirmation.
    Joining a school someone else entered shows them as not the applicant's."""
    officer = identity_uc.officer("ES")
    founder = identity_uc.teacher(validated=True)
    joiner = identity_uc.registered()
    identity_uc.join(joiner, school_id=founder.school_id)
    creator = identity_uc.registered()  # registers a new school, typing its director's address (their own?)
    identity_uc(uc.join_school, creator.actor, links_base="https://etwinning.example", new_school={
        "name": f"Escuela {uuid.uuid4().hex[:8]}", "town": "Sevilla", "country": "ES", "region": "AN",
        "education_levels": ["primary"], "director_name": "Me", "director_email": "me-again@home.example.org"})
    (asked,) = identity_uc.events_of(E.DIRECTOR_CONFIRMATION_REQUESTED, creator.id)
    identity_uc(uc.answer_as_director, token=asked["link"].split("token=")[1], answer="confirmed")

    tasks = {str(t["id"]): t for t in identity_uc(uc.list_validation_tasks, officer, state="open", country=None,
                                                  limit=200)["items"]}
    mine = tasks[asked["task_id"]]
    assert (mine["director_contact_from_applicant"], mine["director_answer"]) == (True, "confirmed")
    assert mine["director_confirmed_at"] is None
    assert tasks[str(joiner.task_id)]["director_contact_from_applicant"] is False
    with pytest.raises(Conflict) as refused:
        identity_uc(uc.validate_teacher, officer, task_id=asked["task_id"])
    assert refused.value.code == "director_confirmation_missing" and "address the applicant entered" \
        in refused.value.detail
    identity_uc(uc.record_director_confirmation, officer, task_id=asked["task_id"], channel="phone",
                note="Called the school's office.")
    assert identity_uc(uc.validate_teacher, officer, task_id=asked["task_id"])["state"] == "validated"


def test_a_yes_from_an_address_another_unvalidated_member_typed_is_not_the_confirmation(identity_uc):
    """Two people working together: one registers a school with their own address as the
    director's, the other joins it; the yes to the second one's question proves nothing either."""
    officer = identity_uc.officer("ES")
    creator = identity_uc.registered()
    identity_uc(uc.join_school, creator.actor, links_base="https://etwinning.example", new_school={
        "name": f"Escuela {uuid.uuid4().hex[:8]}", "town": "Sevilla", "country": "ES", "region": "AN",
        "education_levels": ["primary"], "director_name": "Me", "director_email": "friend@home.example.org"})
    [created] = identity_uc(uc.my_profile, creator.actor)["validation"]
    friend = identity_uc.registered()
    identity_uc(uc.join_school, friend.actor, links_base="https://etwinning.example",
                school_id=created["school"]["id"])
    (asked,) = identity_uc.events_of(E.DIRECTOR_CONFIRMATION_REQUESTED, friend.id)
    identity_uc(uc.answer_as_director, token=asked["link"].split("token=")[1], answer="confirmed")

    tasks = {str(t["id"]): t for t in identity_uc(uc.list_validation_tasks, officer, state="open", country=None,
                                                  limit=200)["items"]}
    friends = tasks[asked["task_id"]]
    assert friends["director_answer"] == "confirmed" and friends["director_confirmed_at"] is None
    with pytest.raises(Conflict) as refused:
        identity_uc(uc.validate_teacher, officer, task_id=asked["task_id"])
    assert refused.value.code == "director_confirmation_missing"


def test_an_applicant_cannot_make_the_platform_email_directors_without_end(identity_uc):
    """Each new school asks its director; past DIRECTOR_EMAILS_PER_WINDOW a day, the NSO is left
    to confirm another way, and the next day the applicant's next school is asked again."""
    from datetime import timedelta

    applicant = identity_uc.registered()

    def join_a_new_school():
        identity_uc(uc.join_school, applicant.actor, links_base="https://etwinning.example",
                    new_school={"name": f"Escuela {uuid.uuid4().hex[:8]}", "town": "Sevilla", "country": "ES",
                                "region": "AN", "education_levels": ["primary"],
                                "director_email": f"d{uuid.uuid4().hex[:6]}@x.es"})
        return len(identity_uc.events_of(E.DIRECTOR_CONFIRMATION_REQUESTED, applicant.id))

    asked = [join_a_new_school() for _ in range(D.DIRECTOR_EMAILS_PER_WINDOW + 2)]
    assert asked == list(range(1, D.DIRECTOR_EMAILS_PER_WINDOW + 1)) + [D.DIRECTOR_EMAILS_PER_WINDOW] * 2
    identity_uc.clock.advance(D.DIRECTOR_EMAIL_WINDOW + timedelta(minutes=1))
    assert join_a_new_school() == D.DIRECTOR_EMAILS_PER_WINDOW + 1


def test_a_member_corrects_the_school_but_cannot_turn_it_into_another_one(identity_uc):
    """R37: a teacher who moved must not rewrite the old school's record as the new school. A
    member corrects the spelling of the name, or the town, not both, measured against the school
    as registered or as the NSO last set it: small steps do not add up to another school."""
    founder = identity_uc.teacher(validated=True, name=f"Escuela {uuid.uuid4().hex[:8]}")
    sid = founder.school_id
    name = identity_uc.school(sid).name
    assert identity_uc(uc.update_school, founder.actor, school_id=sid,
                       changes={"name": f"{name} Norte"})["name"] == f"{name} Norte"
    for changes in ({"name": "Instituto Completamente Distinto"},
                    {"name": f"{name} Sur", "town": "Madrid"},
                    {"town": "Dos Hermanas"},  # the name is corrected already: not the town as well
                    {"name": f"Instituto {name.split()[1]} Norte"}):  # close to the last, far from the first
        with pytest.raises(Forbidden) as refused:
            identity_uc(uc.update_school, founder.actor, school_id=sid, changes=changes)
        assert refused.value.code == "school_identity_change"
    assert (identity_uc.school(sid).name, identity_uc.school(sid).town) == (f"{name} Norte", "Sevilla")
    renamed = identity_uc(uc.update_school, identity_uc.officer("ES"), school_id=sid,
                          changes={"name": f"IES Nuevo {uuid.uuid4().hex[:6]}", "town": "Dos Hermanas"})
    assert renamed["town"] == "Dos Hermanas" and renamed["name"].startswith("IES Nuevo")
    # what the NSO set is the school now: a member corrects its town again
    assert identity_uc(uc.update_school, founder.actor, school_id=sid, changes={"town": "Dos Hermanas (Sevilla)"})
    with pytest.raises(Forbidden):  # another country's NSO is no member and not this school's NSO
        identity_uc(uc.update_school, identity_uc.officer("FR"), school_id=sid, changes={"town": "Lyon"})


def test_leaving_a_school_while_waiting_withdraws_the_request(identity_uc):
    teacher = identity_uc.teacher()
    (membership,) = identity_uc(uc.my_memberships, teacher.actor)
    left = identity_uc(uc.leave_school, teacher.actor, membership_id=membership["id"])
    assert left["validation_state"] == "withdrawn" and left["ended_at"]


def test_an_nso_integration_pages_through_the_queue_deciding_as_it_goes_and_skips_no_one(fresh_identity):
    """Design §7: limit and an opaque cursor. Validating the tasks of a page moves the rest of
    the open queue up; an offset would now skip as many, the cursor (the last task's place) none."""
    from datetime import timedelta

    officer = fresh_identity.officer("PT")
    waiting = []
    for _ in range(5):
        waiting.append(fresh_identity.teacher(country="PT"))
        fresh_identity.clock.advance(timedelta(minutes=1))
    seen, cursor = [], None
    while True:
        page = fresh_identity(uc.list_validation_tasks, officer, state="open", country=None, limit=2, cursor=cursor)
        for task in page["items"]:
            seen.append(str(task["id"]))
            fresh_identity.validate(task["id"], officer)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(t.task_id) for t in waiting]  # oldest first, each once
    with pytest.raises(Invalid) as forged:
        fresh_identity(uc.list_validation_tasks, officer, state="open", country=None, limit=2, cursor="bm90IGEgY3Vyc29y")
    assert forged.value.code == "bad_cursor"


def test_a_directors_link_stops_working_once_the_nso_corrects_the_address(identity_uc):
    """The applicant typed their own address as the director's; the officer puts the real one:
    the link in the applicant's mailbox no longer answers for the director (A22, R14)."""
    officer = identity_uc.officer("ES")
    applicant = identity_uc.registered()
    identity_uc(uc.join_school, applicant.actor, links_base="https://etwinning.example", new_school={
        "name": f"Escuela {uuid.uuid4().hex[:8]}", "town": "Sevilla", "country": "ES", "region": "AN",
        "education_levels": ["primary"], "director_name": "Me", "director_email": "me@home.example.org"})
    (asked,) = identity_uc.events_of(E.DIRECTOR_CONFIRMATION_REQUESTED, applicant.id)
    school_id = identity_uc(uc.my_memberships, applicant.actor)[0]["school"]["id"]
    identity_uc(uc.update_school, officer, school_id=school_id,
                changes={"director_name": "Dña. Real", "director_email": "direccion@colegio.example.es"})
    with pytest.raises(NotFound):
        identity_uc(uc.answer_as_director, token=asked["link"].split("token=")[1], answer="confirmed")
    task = next(t for t in identity_uc(uc.list_validation_tasks, officer, state="open", country=None,
                                       limit=200)["items"] if str(t["id"]) == asked["task_id"])
    assert task["director_confirmed_at"] is None and task["director_contact_from_applicant"] is False


def test_tasks_past_30_days_are_reported_once_a_morning_to_central_staff_and_those_who_may_decide(fresh_identity):
    """A22: a late task is escalated to central staff and told to the validators of its country
    (and region), in one message each per day, each task once."""
    idt = fresh_identity
    css = idt(uc.create_staff, idt.security, email="css@eun.example.org", password="staff password 12345",
              role="css_staff")
    andalucia = idt.officer("ES", region="AN")
    # not told: another region's validator, another country's, an officer who does not validate
    idt.officer("ES", region="CT"), idt.officer("FR"), idt.officer("ES", permissions=("project_approver",))
    waiting = idt.teacher("ES", region="AN")
    idt.teacher("FR", validated=True)  # decided: never late
    start = idt.clock.now()
    morning = (start + D.VALIDATION_DUE_AFTER + timedelta(days=1)).replace(hour=D.ESCALATION_HOUR, minute=30)

    def told(at):
        before = len(idt.events_of(E.VALIDATIONS_LATE))
        result = idt(uc.run_lifecycle, now=at, settable_clock=True)
        return result["escalated"], {f["user_id"]: f["tasks"] for f in idt.events_of(E.VALIDATIONS_LATE)[before:]}

    assert told(morning - timedelta(hours=1)) == (0, {})  # late, but not the hour of the daily report
    assert told(morning) == (1, {str(css.id): {"ES": 1}, andalucia.user_id: {"ES": 1}})
    assert told(morning + timedelta(minutes=10)) == (0, {})  # reported once
    mail = idt.events_of(E.VALIDATIONS_LATE, css.id)[-1]
    assert mail["email"] == "css@eun.example.org"
    assert idt(uc.get_validation_task, andalucia, task_id=waiting.task_id)["state"] == "open"


def test_the_pipeline_summary_shows_what_waits_on_whom_what_is_late_and_how_fast_decisions_come(fresh_identity):
    """The validation pipeline made visible to the NSO: per country, open tasks split between
    the director's confirmation and the officers' decision, the late ones, and the last 30
    days' decisions with their median time; each officer sees their own country (region)."""
    idt = fresh_identity
    officer = idt.officer("PT")
    opened_first = idt.clock.now()
    late = idt.teacher("PT")
    idt.clock.advance(D.VALIDATION_DUE_AFTER + timedelta(days=1))
    idt.teacher("PT")  # waits for the director
    confirmed = idt.teacher("PT")
    idt(uc.record_director_confirmation, officer, task_id=confirmed.task_id, channel="email", note=None)
    validated, rejected = idt.teacher("PT"), idt.teacher("PT")
    idt.clock.advance(timedelta(hours=2))
    idt.validate(validated.task_id, officer)
    idt.clock.advance(timedelta(hours=2))
    idt(uc.reject_teacher, officer, task_id=rejected.task_id, reason="Not a teacher at this school.")

    summary = idt(uc.validation_summary, officer)
    assert summary["region"] is None and summary["decided_since"] == idt.clock.now() - D.SUMMARY_WINDOW
    (portugal,) = summary["countries"]
    assert portugal == {"country": "PT", "open": 3, "awaiting_director": 2, "ready_to_decide": 1, "overdue": 1,
                        "oldest_open_at": opened_first, "validated": 1, "rejected": 1,
                        "median_hours_to_decision": 3.0}
    idt.validate(late.task_id, officer)  # decided after 31 days: the median follows
    (portugal,) = idt(uc.validation_summary, officer)["countries"]
    assert (portugal["open"], portugal["overdue"], portugal["validated"]) == (2, 0, 2)
    assert portugal["median_hours_to_decision"] == 4.0

    # another country's officer sees their own, empty, and not Portugal's; central staff see any
    french = idt.officer("FR")
    assert [c["country"] for c in idt(uc.validation_summary, french)["countries"]] == ["FR"]
    assert idt(uc.validation_summary, french)["countries"][0]["open"] == 0
    with pytest.raises(Forbidden):
        idt(uc.validation_summary, french, country="PT")
    with pytest.raises(Forbidden):
        idt(uc.validation_summary, validated.actor)
    assert [c["country"] for c in idt(uc.validation_summary, CSS)["countries"]] == ["PT"]
    assert idt(uc.validation_summary, CSS, country="FR")["countries"][0]["open"] == 0

    # a regional validator counts their region's tasks only
    idt.teacher("ES", region="AN"), idt.teacher("ES", region="CT")
    andalucia = idt(uc.validation_summary, idt.officer("ES", region="AN"))
    assert andalucia["region"] == "AN" and andalucia["countries"][0]["open"] == 1
    assert idt(uc.validation_summary, CSS, country="ES")["countries"][0]["open"] == 2
