"""Sign-in activity, the lifecycle job, staff roles and reference data on the real database
(R1, R2, R4, R21, R23, R41-R48)."""
import uuid
from datetime import timedelta

import pytest

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import Conflict, Forbidden, Gone, Invalid, NotFound, RateLimited, Unauthorized
from etwinning_contracts.names import IdentityEvents as E
from identity import domain as D
from identity import use_cases as uc

CSS = Actor(user_id=str(uuid.uuid4()), roles=("user", "css_staff"))


def login(identity, person, login=None):
    return identity(uc.login, identity.security, login=login or person.email, password=person.password)


def refresh(identity, tokens):
    return identity(uc.refresh, identity.security, refresh_token=tokens["refresh_token"])


# ------------------------------------------------------------------ a refresh is a login (R21, R41, A14)

def test_an_app_that_only_refreshes_its_tokens_keeps_the_account_active(fresh_identity):
    app_user, idle = fresh_identity.teacher(validated=True), fresh_identity.teacher(validated=True)
    tokens = login(fresh_identity, app_user)
    login(fresh_identity, idle)
    started = fresh_identity.clock.now()
    while fresh_identity.clock.now() - started < D.INACTIVE_AFTER + timedelta(days=10):
        fresh_identity.clock.advance(timedelta(days=20))  # well within a refresh token's 30 days
        tokens = refresh(fresh_identity, tokens)

    fresh_identity(uc.run_lifecycle)
    assert fresh_identity.user(app_user.id).state == D.ACTIVE
    assert fresh_identity.user(idle.id).state == D.INACTIVE
    assert fresh_identity.user(app_user.id).last_login_at == fresh_identity.clock.now()


def test_a_refresh_is_recorded_at_most_once_a_day(identity_uc):
    teacher = identity_uc.teacher()
    tokens = login(identity_uc, teacher)
    signed_in = identity_uc.user(teacher.id).last_login_at
    identity_uc.clock.advance(timedelta(hours=3))
    tokens = refresh(identity_uc, tokens)
    assert identity_uc.user(teacher.id).last_login_at == signed_in
    identity_uc.clock.advance(D.ACTIVITY_RECORDED_EVERY)
    refresh(identity_uc, tokens)
    assert identity_uc.user(teacher.id).last_login_at == identity_uc.clock.now()
    history = identity_uc(uc.my_logins, teacher.actor, limit=100)
    assert [h["method"] for h in history] == ["refresh", "password"]


def test_a_refresh_reactivates_an_inactive_account_as_a_login_does(fresh_identity):
    teacher = fresh_identity.teacher(validated=True)
    tokens = login(fresh_identity, teacher)
    fresh_identity(uc.run_lifecycle, now=fresh_identity.clock.now() + D.INACTIVE_AFTER, settable_clock=True)
    assert fresh_identity.user(teacher.id).state == D.INACTIVE

    refresh(fresh_identity, tokens)
    assert fresh_identity.user(teacher.id).state == D.ACTIVE
    (reactivated,) = fresh_identity.events_of(E.USER_REACTIVATED, teacher.id)
    assert reactivated["reason"] == "login"
    assert fresh_identity.events_of(E.USER_CHANGED, teacher.id)[-1]["user"]["state"] == D.ACTIVE


def test_a_blocked_account_cannot_refresh(identity_uc):
    teacher = identity_uc.teacher()
    tokens = login(identity_uc, teacher)
    identity_uc(uc.block, identity_uc.officer("ES"), user_id=teacher.id, reason_category="technical", note=None)
    with pytest.raises(Unauthorized):
        refresh(identity_uc, tokens)


def test_an_officer_blocks_neither_themselves_nor_a_colleague_central_staff_may(identity_uc):
    """A blocked officer's sessions end and only central staff can undo it: an officer must not
    be able to do that to a colleague of their NSO, or to themselves by mistake."""
    officer, colleague = identity_uc.officer("ES"), identity_uc.officer("ES")
    css = Actor(user_id=str(uuid.uuid4()), roles=("user", "css_staff"))
    for target, code in ((officer, "own_account"), (colleague, "staff_account")):
        with pytest.raises(Forbidden) as refused:
            identity_uc(uc.block, officer, user_id=target.user_id, reason_category="technical", note=None)
        assert refused.value.code == code
        assert identity_uc.user(target.user_id).state == D.ACTIVE
    blocked = identity_uc(uc.block, css, user_id=colleague.user_id, reason_category="technical", note=None)
    assert blocked["state"] == D.BLOCKED


# ------------------------------------------------------------------ the lifecycle job (R41-R44)

def test_the_job_emits_inactivated_and_removed_and_the_nso_reactivates(fresh_identity):
    kept, lost = fresh_identity.teacher(validated=True), fresh_identity.teacher(country="PT", validated=True)
    start = fresh_identity.clock.now()
    fresh_identity(uc.run_lifecycle, now=start + D.INACTIVE_AFTER, settable_clock=True)
    assert {kept.id, lost.id} <= {e["user_id"] for e in fresh_identity.events_of(E.USER_INACTIVATED)}
    assert fresh_identity.events_of(E.USER_INACTIVATED, kept.id)[0]["state"] == D.INACTIVE

    fresh_identity.clock.advance(timedelta(days=400))  # the user asks their NSO later on
    with pytest.raises(Forbidden):  # R44: the NSO of the user's country
        fresh_identity(uc.reactivate, fresh_identity.officer("PT"), user_id=kept.id)
    assert fresh_identity(uc.reactivate, fresh_identity.officer("ES"), user_id=kept.id)["state"] == D.ACTIVE
    with pytest.raises(Conflict):  # nothing to reactivate any more
        fresh_identity(uc.reactivate, fresh_identity.officer("ES"), user_id=kept.id)

    fresh_identity(uc.run_lifecycle, now=start + D.REMOVED_AFTER, settable_clock=True)
    removed = {e["user_id"] for e in fresh_identity.events_of(E.USER_REMOVED)}
    assert lost.id in removed and kept.id not in removed  # the reactivation restarted the clock
    assert fresh_identity.user(kept.id).state == D.ACTIVE
    assert fresh_identity.user(lost.id).state == D.REMOVED and fresh_identity.user(lost.id).email is None



def test_a_deletion_asked_by_email_is_confirmed_by_the_owner_from_the_registered_address(identity_uc):
    """A16: the NSO answers a request that came by email with the app's own confirmation link."""
    teacher = identity_uc.teacher(country="ES", validated=True)
    with pytest.raises(Forbidden):  # another country's NSO
        identity_uc(uc.request_deletion_for, identity_uc.officer("PT"), user_id=teacher.id,
                    links_base="https://etwinning.example")
    identity_uc(uc.request_deletion_for, identity_uc.officer("ES"), user_id=teacher.id,
                links_base="https://etwinning.example")
    (asked,) = identity_uc.events_of(E.ACCOUNT_DELETION_REQUESTED, teacher.id)
    assert asked["email"] == teacher.email  # to the registered address, not to whoever wrote
    assert identity_uc.user(teacher.id).state == D.ACTIVE  # nothing happens until the owner confirms
    identity_uc(uc.confirm_deletion, token=asked["link"].split("token=")[1])
    assert identity_uc.user(teacher.id).state == D.DELETED and identity_uc.user(teacher.id).email is None
    with pytest.raises(NotFound):
        identity_uc(uc.request_deletion_for, CSS, user_id=teacher.id, links_base="https://etwinning.example")


def test_an_erased_director_of_their_own_school_leaves_neither_name_nor_address_on_it(identity_uc):
    """R42, R45: a teacher may be their school's director and type their own address; erased,
    the school lacks its director's details (R15 flags them), and its history forgets them."""
    teacher = identity_uc.registered()
    here = identity_uc(uc.join_school, teacher.actor, new_school={
        "name": f"Petite école {uuid.uuid4().hex[:6]}", "town": "Nantes", "country": "FR",
        "education_levels": ["primary"], "director_name": "Sabine Selfdirector", "director_email": teacher.email})
    school_id = here["school"]["id"]
    identity_uc(uc.update_school, teacher.actor, school_id=school_id,
                changes={"director_name": "Sabine S. Selfdirector"})  # in the history, from and to
    identity_uc(uc.request_deletion, teacher.actor, "https://etwinning.example")
    (asked,) = identity_uc.events_of(E.ACCOUNT_DELETION_REQUESTED, teacher.id)
    identity_uc(uc.confirm_deletion, token=asked["link"].split("token=")[1])
    school = identity_uc(uc.get_school, CSS, school_id=school_id)["school"]
    assert (school["director_name"], school["director_email"], school["director_details_missing"]) == (
        None, None, True)
    history = str(identity_uc(uc.school_history, CSS, school_id=school_id))
    assert teacher.email not in history and "Selfdirector" not in history, history


def test_no_detour_through_inactivity_and_a_block_validates_anyone(fresh_identity):
    """Inactive, then blocked, then unblocked, then signed in: still waiting for validation."""
    waiting = fresh_identity.teacher(country="ES")  # pending_validation
    officer = fresh_identity.officer("ES")
    start = fresh_identity.clock.now()
    fresh_identity(uc.run_lifecycle, now=start + D.INACTIVE_AFTER, settable_clock=True)
    assert fresh_identity.user(waiting.id).state == D.INACTIVE
    fresh_identity(uc.block, officer, user_id=waiting.id, reason_category="spam", note=None)
    fresh_identity(uc.unblock, officer, user_id=waiting.id)
    fresh_identity.clock.advance(D.INACTIVE_AFTER + timedelta(days=1))
    login(fresh_identity, waiting)
    assert fresh_identity.user(waiting.id).state == D.PENDING_VALIDATION


def test_an_idle_account_unblocked_is_inactive_again_not_active(fresh_identity):
    """Blocked while inactive, unblocked two years after its last sign-in: inactive, hidden from
    search as before, until its owner signs in (R41, A14)."""
    idle = fresh_identity.teacher(country="ES", validated=True)
    officer = fresh_identity.officer("ES")
    fresh_identity.clock.advance(D.INACTIVE_AFTER + timedelta(days=1))
    fresh_identity(uc.run_lifecycle)
    assert fresh_identity.user(idle.id).state == D.INACTIVE
    fresh_identity(uc.block, officer, user_id=idle.id, reason_category="spam", note=None)
    assert fresh_identity(uc.unblock, officer, user_id=idle.id)["state"] == D.INACTIVE
    assert fresh_identity.events_of(E.USER_INACTIVATED, idle.id)[-1]["state"] == D.INACTIVE
    login(fresh_identity, idle)
    assert fresh_identity.user(idle.id).state == D.ACTIVE


def test_a_blocked_account_is_removed_three_years_after_its_last_login(fresh_identity):
    blocked = fresh_identity.teacher(country="ES", validated=True)
    fresh_identity(uc.block, fresh_identity.officer("ES"), user_id=blocked.id, reason_category="spam", note=None)
    start = fresh_identity.clock.now()
    fresh_identity(uc.run_lifecycle, now=start + D.INACTIVE_AFTER, settable_clock=True)
    assert fresh_identity.user(blocked.id).state == D.BLOCKED  # hidden already: not made inactive
    fresh_identity(uc.run_lifecycle, now=start + D.REMOVED_AFTER, settable_clock=True)
    gone = fresh_identity.user(blocked.id)
    assert gone.state == D.REMOVED and gone.email is None and gone.block_note is None

def test_an_unconfirmed_registration_is_purged_after_a_week_unless_a_resent_link_still_works(fresh_identity):
    """A17: a week to confirm; a link asked for again on the sixth day works its whole week."""
    def register(handle):
        fresh_identity(uc.register, fresh_identity.security, "https://etwinning.example",
                       email=f"{handle}@school.example.org", password="long enough password", username=handle,
                       first_name="Ana", last_name="Late", member_type="teacher",
                       works_in_pre_university_school=True, interface_language="en", preferences={})
        return [f for f in fresh_identity.events_of(E.EMAIL_VERIFICATION_REQUESTED)
                if f["email"] == f"{handle}@school.example.org"][-1]["user_id"]

    forgotten, busy = register(f"f{uuid.uuid4().hex[:8]}"), register(f"b{uuid.uuid4().hex[:8]}")
    spammer = register(f"s{uuid.uuid4().hex[:8]}")  # blocked before confirming: purged all the same
    fresh_identity(uc.block, CSS, user_id=spammer, reason_category="policy", note=None)
    fresh_identity.clock.advance(timedelta(days=6))
    fresh_identity(uc.resend_verification, "https://etwinning.example", email=fresh_identity.user(busy).email)
    fresh_identity.clock.advance(timedelta(days=1, hours=12))
    fresh_identity(uc.run_lifecycle)
    assert fresh_identity.user(forgotten).state == D.DELETED and fresh_identity.user(forgotten).email is None
    assert fresh_identity.user(spammer).state == D.DELETED and fresh_identity.user(spammer).email is None
    assert fresh_identity.user(busy).state == D.EMAIL_UNVERIFIED
    link = fresh_identity.events_of(E.EMAIL_VERIFICATION_REQUESTED, busy)[-1]["link"]
    fresh_identity(uc.verify_email, fresh_identity.security, token=link.split("token=")[1],
                   password="long enough password")
    assert fresh_identity.user(busy).state == D.REGISTRATION_INCOMPLETE


def test_a_password_kept_while_blocked_before_confirming_confirms_nothing_once_unblocked(identity_uc):
    """Registered again while blocked, the address keeps that password alone (register): once
    unblocked, the link is confirmed with the password first registered, not with that one."""
    email = f"held-{uuid.uuid4().hex[:8]}@school.example.org"
    _register_address(identity_uc, email, "the first passphrase")
    user_id = identity_uc.events_of(E.EMAIL_VERIFICATION_REQUESTED)[-1]["user_id"]
    identity_uc(uc.block, CSS, user_id=user_id, reason_category="policy", note=None)
    _register_address(identity_uc, email, "the second passphrase")
    identity_uc(uc.unblock, CSS, user_id=user_id)
    identity_uc(uc.resend_verification, "https://etwinning.example", email=email)
    token = identity_uc.events_of(E.EMAIL_VERIFICATION_REQUESTED, user_id)[-1]["link"].split("token=")[1]
    with pytest.raises(Invalid) as refused:
        identity_uc(uc.verify_email, identity_uc.security, token=token, password="the second passphrase")
    assert refused.value.code == "wrong_password"
    identity_uc(uc.verify_email, identity_uc.security, token=token, password="the first passphrase")
    assert identity_uc.user(user_id).state == D.REGISTRATION_INCOMPLETE


@pytest.mark.parametrize("offset,code", [
    (-timedelta(days=1), "date_in_past"),
    (timedelta(days=731), "clock_not_settable"),
    (timedelta(days=365 * 200), "date_out_of_range"),
])
def test_the_job_refuses_dates_it_must_not_run_at_and_changes_nothing(fresh_identity, offset, code):
    teacher = fresh_identity.teacher(validated=True)
    with pytest.raises(Invalid) as refused:
        fresh_identity(uc.run_lifecycle, now=fresh_identity.clock.now() + offset)
    assert refused.value.code == code and "now" in refused.value.errors
    assert fresh_identity.user(teacher.id).state == D.ACTIVE and not fresh_identity.events_of(E.USER_INACTIVATED)


def test_a_date_within_the_clock_skew_runs_at_the_current_time(fresh_identity):
    now = fresh_identity.clock.now()
    for at in (now - timedelta(minutes=1), now + timedelta(minutes=1), None):
        assert fresh_identity(uc.run_lifecycle, now=at)["inactivated"] == 0


# ------------------------------------------------------------------ login history (R21)

def test_the_login_history_is_kept_bounded_and_shown_to_the_user_and_their_nso(identity_uc):
    teacher = identity_uc.teacher(country="IT")
    login(identity_uc, teacher)
    identity_uc.clock.advance(timedelta(minutes=5))
    login(identity_uc, teacher)
    mine = identity_uc(uc.my_logins, teacher.actor, limit=100)
    assert [h["at"] for h in mine] == [identity_uc.clock.now(), identity_uc.clock.now() - timedelta(minutes=5)]
    assert identity_uc(uc.user_logins, identity_uc.officer("IT"), user_id=teacher.id, limit=1) == mine[:1]
    with pytest.raises(Forbidden):
        identity_uc(uc.user_logins, identity_uc.officer("FR"), user_id=teacher.id, limit=100)

    def many_logins(uow):
        for n in range(D.LOGIN_HISTORY_KEPT + 5):
            uow.repo.record_login(uuid.UUID(teacher.id), identity_uc.clock.now() + timedelta(seconds=n), "password",
                                  D.LOGIN_HISTORY_KEPT)
    identity_uc(many_logins)
    kept = identity_uc(uc.user_logins, CSS, user_id=teacher.id, limit=100)
    assert len(kept) == D.LOGIN_HISTORY_KEPT
    assert kept[0]["at"] == identity_uc.clock.now() + timedelta(seconds=D.LOGIN_HISTORY_KEPT + 4)


def test_a_reset_link_opened_twice_at_once_sets_one_password_and_refuses_the_other(identity_uc):
    """Both requests read the link before either holds the account; the second, once the first
    has committed, must see the link used (R22: single use), not its own stale copy of it."""
    import threading
    import time

    from sqlalchemy import text
    from sqlalchemy.orm import Session

    teacher = identity_uc.teacher()
    identity_uc(uc.request_password_reset, "https://etwinning.example", email=teacher.email)
    token = identity_uc.events_of(E.PASSWORD_RESET_REQUESTED, teacher.id)[-1]["link"].split("token=")[1]
    outcomes = []

    def open_link(n):
        try:
            identity_uc(uc.reset_password, identity_uc.security, token=token, new_password=f"race passphrase {n}")
            outcomes.append("changed")
        except Gone as refused:
            outcomes.append(refused.code)

    with Session(identity_uc.engine) as in_flight:  # the account held, as by another request
        in_flight.execute(text("select 1 from users where id = :u for update"), {"u": teacher.id})
        both = [threading.Thread(target=open_link, args=(n,)) for n in range(2)]
        for thread in both:
            thread.start()
        time.sleep(0.5)
        in_flight.commit()
    for thread in both:
        thread.join(20)
    assert sorted(outcomes) == ["changed", "token_used"]


def _register_address(identity, email, password):
    identity(uc.register, identity.security, "https://etwinning.example", email=email, password=password,
             username=f"u{uuid.uuid4().hex[:10]}", first_name="Eva", last_name="Probe", member_type="teacher",
             works_in_pre_university_school=True, interface_language="en", preferences={})


def test_signing_in_with_a_password_registered_for_an_address_tells_not_whether_it_has_an_account(fresh_identity):
    """Someone registers an address with a password of their own, then signs in with it: the
    same 403 email_unverified for an address with an account as for a new one, at the same
    cost (two hashes for any refusal, however many registrations wait), and the password kept
    for the account's address is forgotten as a new address's registration would be."""
    import identity.security as hashing

    teacher = fresh_identity.teacher()
    links = len(fresh_identity.events_of(E.EMAIL_VERIFICATION_REQUESTED, teacher.id))
    new_address = f"new-{uuid.uuid4().hex[:8]}@school.example.org"
    for address in (teacher.email, new_address):
        for n in range(D.WAITING_REGISTRATIONS_KEPT):
            _register_address(fresh_identity, address, f"prober passphrase {n}")
    assert len(fresh_identity.events_of(E.EMAIL_VERIFICATION_REQUESTED, teacher.id)) == links  # nothing to confirm

    hashes = []
    real_verify, real_like = fresh_identity.security.verify_password, hashing._hashed_like
    fresh_identity.security.verify_password = lambda *a: hashes.append("verify") or real_verify(*a)
    hashing._hashed_like = lambda *a: hashes.append("like") or real_like(*a)
    try:
        for address in (teacher.email, teacher.username, new_address, f"nobody-{uuid.uuid4().hex[:8]}@x.example.org"):
            for password, refusal in (("prober passphrase 0", Forbidden), ("a third passphrase", Unauthorized)):
                if address == teacher.username or address.startswith("nobody"):
                    refusal = Unauthorized  # no registration waits under a username or an unknown address
                hashes.clear()
                with pytest.raises(refusal) as refused:
                    fresh_identity(uc.login, fresh_identity.security, login=address, password=password)
                assert refused.value.code == ("email_unverified" if refusal is Forbidden else "bad_credentials")
                assert len(hashes) == 2, (address, password, hashes)
    finally:
        fresh_identity.security.verify_password, hashing._hashed_like = real_verify, real_like
    assert fresh_identity(uc.login, fresh_identity.security, login=teacher.email, password=teacher.password)

    fresh_identity.clock.advance(D.VERIFICATION_LINK_TTL + timedelta(minutes=1))
    fresh_identity(uc.run_lifecycle)
    with pytest.raises(Unauthorized):
        fresh_identity(uc.login, fresh_identity.security, login=teacher.email, password="prober passphrase 0")


def test_a_new_password_is_never_the_address_or_the_username(identity_uc):
    """As at registration: a reset or a change to what anyone may know of the account is refused,
    and the reset link still works."""
    teacher = identity_uc.teacher()
    identity_uc(uc.request_password_reset, "https://etwinning.example", email=teacher.email)
    token = identity_uc.events_of(E.PASSWORD_RESET_REQUESTED, teacher.id)[-1]["link"].split("token=")[1]
    for known in (teacher.username.upper(), teacher.email, teacher.email.partition("@")[0]):
        with pytest.raises(Invalid) as refused:
            identity_uc(uc.reset_password, identity_uc.security, token=token, new_password=known)
        assert list(refused.value.errors) == ["new_password"]
        with pytest.raises(Invalid) as refused:
            identity_uc(uc.change_password, identity_uc.security, teacher.actor, current_password=teacher.password,
                        new_password=known)
        assert list(refused.value.errors) == ["new_password"]
    assert identity_uc.security.verify_password(identity_uc.user(teacher.id).password_hash, teacher.password)
    identity_uc(uc.reset_password, identity_uc.security, token=token, new_password="my own secret phrase")


# ------------------------------------------------------------------ recovery points to the NSOs (R23)

def test_failed_self_service_recovery_points_to_the_nso_contacts(identity_uc):
    with pytest.raises(NotFound) as unknown:
        identity_uc(uc.reset_password, identity_uc.security, token="x" * 43, new_password="new long password")
    assert unknown.value.errors == {"support": ["/api/v1/nsos"]} and "/api/v1/nsos" in unknown.value.detail

    teacher = identity_uc.teacher()
    identity_uc(uc.request_password_reset, "https://etwinning.example", email=teacher.email)
    link = identity_uc.events_of(E.PASSWORD_RESET_REQUESTED, teacher.id)[-1]["link"]
    identity_uc.clock.advance(D.PASSWORD_RESET_TTL + timedelta(seconds=1))
    with pytest.raises(Gone) as expired:
        identity_uc(uc.reset_password, identity_uc.security, token=link.split("token=")[1],
                    new_password="new long password")
    assert expired.value.code == "token_expired" and expired.value.errors == {"support": ["/api/v1/nsos"]}
    # the link was real: its owner is told their own NSO (Spain's, the school's country)
    assert "nso-es@support.etwinning.invalid" in expired.value.detail
    assert "/api/v1/nsos" in unknown.value.detail and "nso-es" not in unknown.value.detail

    identity_uc(uc.block, identity_uc.officer("ES"), user_id=teacher.id, reason_category="technical", note=None)
    with pytest.raises(Forbidden) as blocked:
        login(identity_uc, teacher)
    assert blocked.value.code == "blocked" and blocked.value.errors == {"support": ["/api/v1/nsos"]}
    assert "nso-es@support.etwinning.invalid" in blocked.value.detail


# ------------------------------------------------------------------ registration (R1, R2, R4)

@pytest.mark.parametrize("member_type", ["head_teacher", "librarian", "other_staff", "educational_advisor"])
def test_other_school_staff_register_with_their_member_type(identity_uc, member_type):
    person = identity_uc.registered(member_type=member_type)
    identity_uc.join(person)
    profile = identity_uc(uc.my_profile, person.actor)
    assert profile["member_type"] == member_type and profile["state"] == D.PENDING_VALIDATION


def test_registration_needs_the_pre_university_declaration():
    from etwinning_contracts import identity as C

    body = {"email": "a@school.example.org", "password": "long enough password", "username": "ana123",
            "first_name": "Ana", "last_name": "B", "member_type": "teacher",
            "preferences": {"languages": ["es"], "subjects": ["history"], "age_groups": ["6-11"], "ict_use": "basic"}}
    with pytest.raises(Exception) as refused:
        C.RegisterArgs().load({**body, "works_in_pre_university_school": False})
    assert "works_in_pre_university_school" in refused.value.messages
    with pytest.raises(Exception) as missing:
        C.RegisterArgs().load(body)
    assert "works_in_pre_university_school" in missing.value.messages


def test_registration_asks_for_what_twinfinder_matches_on():
    """R10: languages, subjects, pupils' age groups and ICT use, at least one of each."""
    from etwinning_contracts import identity as C

    body = {"email": "a@school.example.org", "password": "long enough password", "username": "ana123",
            "first_name": "Ana", "last_name": "B", "member_type": "teacher", "works_in_pre_university_school": True}
    preferences = {"languages": ["es"], "subjects": ["history"], "age_groups": ["6-11"], "ict_use": "basic"}
    assert C.RegisterArgs().load({**body, "preferences": preferences})["preferences"] == preferences
    with pytest.raises(Exception) as missing:
        C.RegisterArgs().load(body)
    assert "preferences" in missing.value.messages
    for name in preferences:
        with pytest.raises(Exception) as incomplete:
            C.RegisterArgs().load({**body, "preferences": {**preferences, name: [] if name != "ict_use" else None}})
        assert name in incomplete.value.messages["preferences"]


def test_an_existing_school_of_a_country_that_left_cannot_be_joined(fresh_identity):
    founder = fresh_identity.teacher(country="NO", town="Bergen")
    fresh_identity(uc.update_country, CSS, code="NO", participating=False)
    newcomer = fresh_identity.registered()
    with pytest.raises(Invalid) as refused:
        fresh_identity.join(newcomer, school_id=founder.school_id)
    assert refused.value.code == "country_not_participating"
    assert fresh_identity.user(newcomer.id).memberships == []


# ------------------------------------------------------------------ staff roles (R48)

def test_central_staff_change_and_revoke_an_officers_permissions_and_region(identity_uc):
    officer = identity_uc.officer("ES")
    tokens = identity_uc(uc.login, identity_uc.security, login=identity_uc.user(officer.user_id).email,
                         password="staff password 12345")
    with pytest.raises(Forbidden):
        identity_uc(uc.update_staff, officer, user_id=officer.user_id, permissions=[])
    with pytest.raises(Forbidden):  # NSO staff do not manage staff roles
        identity_uc(uc.update_staff, identity_uc.officer("ES"), user_id=officer.user_id, permissions=[])
    with pytest.raises(Invalid) as wrong_region:
        identity_uc(uc.update_staff, CSS, user_id=officer.user_id, region="ZZ")
    assert wrong_region.value.code == "unknown_region"

    changed = identity_uc(uc.update_staff, CSS, user_id=officer.user_id, permissions=["project_approver"],
                          region="GA")
    assert (changed["permissions"], changed["region"]) == (["project_approver"], "GA")
    assert identity_uc.events_of("staff_changed", officer.user_id)[-1]["permissions"] == ["project_approver"]
    with pytest.raises(Unauthorized):  # the sessions ended: the next sign-in carries the new rights
        refresh(identity_uc, tokens)
    claims = uc.claims_for(identity_uc.user(officer.user_id))
    assert (claims["perms"], claims["region"]) == (["project_approver"], "GA")
    assert identity_uc(uc.update_staff, CSS, user_id=officer.user_id, region=None)["region"] is None

    revoked = identity_uc(uc.revoke_staff, CSS, user_id=officer.user_id)
    assert (revoked["role"], revoked["country"], revoked["permissions"]) == ("user", None, [])
    assert uc.claims_for(identity_uc.user(officer.user_id))["roles"] == ["user"]
    assert revoked["state"] == D.NOT_VALIDATED  # no school validated it as a teacher
    with pytest.raises(Conflict):
        identity_uc(uc.update_staff, CSS, user_id=officer.user_id, permissions=["validator"])
    assert officer.user_id not in {str(s["id"]) for s in identity_uc(uc.list_staff, CSS, country="ES")}


@pytest.mark.parametrize("country,region,code", [
    ("ES", "ZZ", "unknown_region"),      # not a region of Spain's NSO
    ("PT", "AN", "unknown_region"),      # a Spanish region for Portugal
    ("GB", None, "country_not_participating"),
])
def test_staff_are_created_only_within_a_participating_country_and_its_regions(identity_uc, country, region, code):
    with pytest.raises(Invalid) as refused:
        identity_uc.officer(country, region)
    assert refused.value.code == code


def test_nso_staff_see_their_own_countrys_staff_only(identity_uc):
    spanish, italian = identity_uc.officer("ES"), identity_uc.officer("IT")
    listed = {str(s["id"]) for s in identity_uc(uc.list_staff, spanish, country=None)}
    assert spanish.user_id in listed and italian.user_id not in listed
    with pytest.raises(Forbidden):
        identity_uc(uc.list_staff, spanish, country="IT")
    with pytest.raises(Forbidden):
        identity_uc(uc.list_staff, identity_uc.teacher().actor, country=None)


# ------------------------------------------------------------------ countries and NSOs (R46, R47)

def test_every_participating_country_has_one_nso_with_public_contacts(identity_uc):
    countries = identity_uc(uc.list_countries)
    nsos = {n["country"]: n for n in identity_uc(uc.list_nsos)}
    assert countries and all(c["participating"] for c in countries)
    assert "GB" not in {c["code"] for c in countries}
    for country in countries:
        assert nsos[country["code"]]["email"] and country["nso"]["name"] == nsos[country["code"]]["name"]
    assert {c["code"] for c in countries if c["etwinning_plus"]} >= {"AM", "AZ", "GE", "MD", "TN", "UA"}
    assert nsos["ES"]["regions"]


def test_central_staff_maintain_countries_and_nso_contacts(fresh_identity):
    with pytest.raises(Forbidden):
        fresh_identity(uc.update_nso, fresh_identity.officer("ES"), country="ES", phone="+34 900 000 000")
    updated = fresh_identity(uc.update_nso, CSS, country="ES", email="etwinning@educacion.example.es",
                             phone="+34 900 000 000", website="https://etwinning.example.es")
    assert {n["country"]: n for n in fresh_identity(uc.list_nsos)}["ES"] == updated
    assert updated["phone"] == "+34 900 000 000" and updated["regions"]

    assert fresh_identity(uc.update_country, CSS, code="FR", etwinning_plus=True)["etwinning_plus"] is True
    assert {c["code"]: c for c in fresh_identity(uc.list_countries)}["FR"]["etwinning_plus"] is True
    with pytest.raises(Forbidden):
        fresh_identity(uc.update_country, fresh_identity.officer("FR"), code="FR", participating=False)

    with pytest.raises(Conflict) as no_nso:  # GB has no NSO: it cannot participate without one (R47)
        fresh_identity(uc.update_country, CSS, code="GB", participating=True)
    assert no_nso.value.code == "nso_missing"
    assert "GB" not in {c["code"] for c in fresh_identity(uc.list_countries)}
    with pytest.raises(Invalid):
        fresh_identity(uc.update_nso, CSS, country="GB", phone="+44 20 0000 0000")
    fresh_identity(uc.update_nso, CSS, country="GB", name="eTwinning UK", email="etwinning@uk.example.org")
    assert fresh_identity(uc.update_country, CSS, code="GB", participating=True)["nso"]["name"] == "eTwinning UK"
    assert "GB" in {c["code"] for c in fresh_identity(uc.list_countries)}


def test_tasks_open_for_more_than_thirty_days_make_the_escalation_list(fresh_identity):
    """A22: validation within 30 days, then escalated; central staff see every late task."""
    waiting = fresh_identity.teacher(country="ES")

    def late(actor):
        return [str(t["id"]) for t in fresh_identity(uc.list_validation_tasks, actor, state="open", country=None,
                                                     limit=50, overdue=True)["items"]]

    assert late(CSS) == []
    fresh_identity.clock.advance(D.VALIDATION_DUE_AFTER + timedelta(minutes=1))
    assert late(CSS) == [waiting.task_id] == late(fresh_identity.officer("ES"))
    assert late(fresh_identity.officer("PT")) == []
    fresh_identity.validate(waiting.task_id, fresh_identity.officer("ES"))
    assert late(CSS) == []


def test_the_owner_is_warned_a_month_before_inactivity_and_before_removal_once_each(fresh_identity):
    """A14: a month ahead, once per idle spell; signing in starts a new spell."""
    idle = fresh_identity.teacher(validated=True)
    officer = fresh_identity.officer("ES")  # staff are revoked by central staff, not by idleness
    start = fresh_identity.clock.now()

    def run(days):
        fresh_identity(uc.run_lifecycle, now=start + timedelta(days=days), settable_clock=True)
        return [(w["step"], w["on"][:10]) for w in fresh_identity.events_of(E.LIFECYCLE_WARNED, idle.id)]

    seen = fresh_identity.user(idle.id).last_login_at or fresh_identity.user(idle.id).created_at
    inactive_on = (seen + D.INACTIVE_AFTER).date().isoformat()
    removed_on = (seen + D.REMOVED_AFTER).date().isoformat()
    assert run(690) == []
    assert run(701) == [("inactive", inactive_on)]
    assert run(720) == [("inactive", inactive_on)]  # once
    assert run(1066) == [("inactive", inactive_on), ("removed", removed_on)]
    assert fresh_identity.user(idle.id).state == D.INACTIVE
    (warning,) = [w for w in fresh_identity.events_of(E.LIFECYCLE_WARNED, idle.id) if w["step"] == "removed"]
    assert warning["email"] == idle.email
    assert fresh_identity.events_of(E.LIFECYCLE_WARNED, officer.user_id) == []
    assert fresh_identity.user(officer.user_id).state != D.INACTIVE


def test_a_country_leaves_on_the_date_central_staff_set_and_its_eligibility_is_kept(fresh_identity):
    """A49: joining and leaving on a date, no release needed; A50: per-country eligibility flags."""
    from datetime import date

    today = fresh_identity.clock.now().date()
    set_ = fresh_identity(uc.update_country, CSS, code="MD", participating_until=today + timedelta(days=30),
                          eligible_for_awards=False)
    assert (set_["participating_until"], set_["eligible_for_nql"], set_["eligible_for_awards"]) == \
        (today + timedelta(days=30), True, False)
    before = fresh_identity.registered()
    fresh_identity.join(before, country="MD")  # still taking part
    fresh_identity.clock.advance(timedelta(days=30))
    with pytest.raises(Invalid) as left:
        fresh_identity.join(fresh_identity.registered(), country="MD")
    assert left.value.code == "country_not_participating"
    assert "MD" not in [c["code"] for c in fresh_identity(uc.list_countries)]
    moldova = {c["code"]: c for c in fresh_identity(uc.list_countries, include_all=True)}["MD"]
    assert (moldova["participating"], moldova["taking_part"]) == (True, False)  # marked so, but past its date
    with pytest.raises(Invalid):  # leaving before joining is a mistake, refused
        fresh_identity(uc.update_country, CSS, code="MD", participating_from=date(2030, 1, 1))


# ------------------------------------------------------------------ changing the email address (R26)

def test_a_teacher_changes_the_address_by_a_link_sent_to_the_new_one(identity_uc):
    """R26, with R7: the password, then the link in the new mailbox; the old address is told."""
    teacher = identity_uc.teacher()
    new_email = f"new-{uuid.uuid4().hex[:8]}@school.example.org"

    def ask(email, password=teacher.password, actor=teacher.actor):
        return identity_uc(uc.request_email_change, identity_uc.security, "https://etwinning.example", actor,
                           new_email=email, password=password)

    with pytest.raises(Invalid) as wrong:
        ask(new_email, password="not my password")
    assert wrong.value.code == "bad_credentials"
    with pytest.raises(Invalid) as same:
        ask(teacher.email.upper())
    assert same.value.code == "same_email"
    other = identity_uc.registered()
    assert ask(other.email) == uc.EMAIL_CHANGE_ASKED  # taken: the same answer, and no link anywhere
    assert identity_uc.events_of(E.EMAIL_CHANGE_REQUESTED, teacher.id) == []

    assert ask(new_email.upper()) == uc.EMAIL_CHANGE_ASKED
    (asked,) = identity_uc.events_of(E.EMAIL_CHANGE_REQUESTED, teacher.id)
    assert asked["email"] == new_email and "/confirm-email?" in asked["link"]
    assert identity_uc.user(teacher.id).email == teacher.email  # nothing changes before the link is opened
    identity_uc(uc.request_password_reset, "https://etwinning.example", email=teacher.email)
    old_reset = identity_uc.events_of(E.PASSWORD_RESET_REQUESTED, teacher.id)[-1]["link"].split("token=")[1]
    token = asked["link"].split("token=")[1]
    assert identity_uc(uc.confirm_email_change, token=token)["status"] == "email_changed"
    assert identity_uc.user(teacher.id).email == new_email
    (told,) = identity_uc.events_of(E.EMAIL_CHANGED, teacher.id)
    assert told["email"] == teacher.email and told["new_email_hint"] == f"n***@{new_email.split('@')[1]}"
    assert identity_uc.events_of(E.USER_CHANGED, teacher.id)
    with pytest.raises(Gone):
        identity_uc(uc.confirm_email_change, token=token)
    with pytest.raises(Gone):  # a link in the old mailbox no longer opens the account
        identity_uc(uc.reset_password, identity_uc.security, token=old_reset, new_password="taken over 12345")
    assert login(identity_uc, teacher, login=new_email)["access_token"]
    with pytest.raises(Unauthorized):
        login(identity_uc, teacher, login=teacher.email)


def test_an_address_taken_while_its_link_waited_is_not_given_twice(identity_uc):
    """Confirmed by another account meanwhile, the address stays theirs (409); only registered
    (anyone may register any address), it goes to the user whose link proved the mailbox, and
    the registrations of it end with their links."""
    def ask(teacher, wanted):
        identity_uc(uc.request_email_change, identity_uc.security, "https://etwinning.example", teacher.actor,
                    new_email=wanted, password=teacher.password)
        return identity_uc.events_of(E.EMAIL_CHANGE_REQUESTED, teacher.id)[-1]["link"].split("token=")[1]

    def register(wanted):
        _register_address(identity_uc, wanted, "long enough password")
        return [e for e in identity_uc.events_of(E.EMAIL_VERIFICATION_REQUESTED)
                if e["email"] == wanted][-1]["link"].split("token=")[1]

    teacher, confirmed = identity_uc.teacher(), f"wanted-{uuid.uuid4().hex[:8]}@school.example.org"
    token = ask(teacher, confirmed)
    identity_uc(uc.verify_email, identity_uc.security, token=register(confirmed), password="long enough password")
    with pytest.raises(Conflict) as taken:
        identity_uc(uc.confirm_email_change, token=token)
    assert taken.value.code == "email_taken" and identity_uc.user(teacher.id).email == teacher.email

    for registered_first in (False, True):
        teacher, wanted = identity_uc.teacher(), f"wanted-{uuid.uuid4().hex[:8]}@school.example.org"
        if registered_first:
            waiting_link = register(wanted)
            token = ask(teacher, wanted)
        else:
            token = ask(teacher, wanted)
            waiting_link = register(wanted)
        assert identity_uc(uc.confirm_email_change, token=token)["status"] == "email_changed"
        assert identity_uc.user(teacher.id).email == wanted
        with pytest.raises((Gone, NotFound)):
            identity_uc(uc.verify_email, identity_uc.security, token=waiting_link, password="long enough password")


def test_an_address_change_asked_for_dies_with_the_password_or_a_block(identity_uc):
    """Whoever asked for it knew the password: once the owner changes it (or resets it, or the
    NSO blocks the account), the link to the new address opens nothing."""
    def asked_link(teacher):
        identity_uc(uc.request_email_change, identity_uc.security, "https://etwinning.example", teacher.actor,
                    new_email=f"elsewhere-{uuid.uuid4().hex[:8]}@evil.example.org", password=teacher.password)
        return identity_uc.events_of(E.EMAIL_CHANGE_REQUESTED, teacher.id)[-1]["link"].split("token=")[1]

    changed = identity_uc.teacher()
    token = asked_link(changed)
    identity_uc(uc.change_password, identity_uc.security, changed.actor, current_password=changed.password,
                new_password="a brand new passphrase")
    blocked = identity_uc.teacher()
    token_of_blocked = asked_link(blocked)
    identity_uc(uc.block, identity_uc.officer("ES"), user_id=blocked.id, reason_category="policy", note=None)
    for dead, person in ((token, changed), (token_of_blocked, blocked)):
        with pytest.raises(Gone):
            identity_uc(uc.confirm_email_change, token=dead)
        assert identity_uc.user(person.id).email == person.email


def test_addresses_in_use_count_toward_the_hourly_cap_like_free_ones(identity_uc):
    """The cap on email-change links is reached after the same number of requests whether the
    addresses asked for are someone's or nobody's: it tells nothing about who is registered."""
    taken, free = identity_uc.teacher(), identity_uc.teacher()
    others = [identity_uc.registered().email for _ in range(D.LINK_EMAILS_PER_WINDOW)]

    def ask(person, email):
        return identity_uc(uc.request_email_change, identity_uc.security, "https://etwinning.example", person.actor,
                           new_email=email, password=person.password)

    for n in range(D.LINK_EMAILS_PER_WINDOW):
        assert ask(taken, others[n]) == ask(free, f"free-{n}-{uuid.uuid4().hex[:6]}@school.example.org")
    for person in (taken, free):
        with pytest.raises(RateLimited):
            ask(person, f"one-more-{uuid.uuid4().hex[:6]}@school.example.org")
    assert identity_uc.events_of(E.EMAIL_CHANGE_REQUESTED, taken.id) == []  # no link for a taken address
