"""A teacher's whole way in, through the HTTP API only: register, confirm the email from the
mail sink, choose a school, get validated by the NSO of that country, sign in, edit the profile,
reset a forgotten password, and finally delete the account."""
import hashlib
import re
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Api, Mailbox, eventually

pytestmark = pytest.mark.system

PASSWORD = "correct horse battery staple"


def registration(email, username, **extra):
    body = {"email": email, "password": PASSWORD, "username": username, "first_name": "Zoë",
            "last_name": "Ångström", "member_type": "teacher", "works_in_pre_university_school": True,
            "interface_language": "fr",
            "preferences": {"languages": ["fr", "en"], "subjects": ["history"], "age_groups": ["6-11"],
                            "ict_use": "advanced"}}
    body.update(extra)
    return body


def test_teacher_registers_is_validated_and_manages_the_account(stack, api, mailbox, staff):
    email = f"zoe-{uuid.uuid4().hex[:8]}@ecole.example.org"
    username = f"zoe{uuid.uuid4().hex[:6]}"

    # Phase one (R5), then the single-use link arrives by email (R6, R229); nothing continues before
    # it is followed.
    assert api.post("/api/v1/registrations", json=registration(email, username)).status_code == 202
    refused = api.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "email_unverified"
    message = mailbox.wait_for(email, "Confirmez votre adresse")  # in the teacher's language
    token = Mailbox.link_token(message)
    wrong = api.post("/api/v1/registrations/verify", json={"token": token, "password": "not the one registered"})
    assert wrong.status_code == 422 and wrong.json()["code"] == "wrong_password"  # the link still works
    assert api.post("/api/v1/registrations/verify", json={"token": token, "password": PASSWORD}).status_code == 200
    reused = api.post("/api/v1/registrations/verify", json={"token": token, "password": PASSWORD})
    assert reused.status_code == 410 and reused.headers["Content-Type"] == "application/problem+json"

    # the username chosen at registration and the password are the credentials (R12); every
    # private area asks for them (R20)
    teacher = Api(stack.gateway_url)
    assert teacher.get("/api/v1/me").status_code == 401
    login = teacher.post("/api/v1/auth/login", json={"login": username, "password": PASSWORD})
    assert login.status_code == 200
    teacher.token = login.json()["access_token"]
    me = teacher.get("/api/v1/me").json()
    # free text as entered, controlled vocabularies as codes (R11)
    assert (me["first_name"], me["last_name"]) == ("Zoë", "Ångström")
    assert me["preferences"]["languages"] == ["en", "fr"] and me["interface_language"] == "fr"
    assert me["state"] == "registration_incomplete" and me["next_step"]["code"] == "add_school"

    # School step: the registry is searched first, accent-insensitively, then the school is picked.
    school_name = f"Lycée Jean-Moulin {uuid.uuid4().hex[:4]}"
    founder = Api(stack.gateway_url)
    founder.token = teacher.token
    created = teacher.post("/api/v1/me/schools", json={"new_school": {
        "name": school_name, "town": "Besançon", "country": "FR", "education_levels": ["upper_secondary"],
        "director_name": "M. Dupont", "director_email": "direction@lycee.example.org"}})
    assert created.status_code == 201, created.text
    found = api.get("/api/v1/schools", params={"q": "lycee " + school_name.split()[-1], "country": "FR"}).json()
    assert [s["name"] for s in found] == [school_name]
    assert found[0]["director_email"] is None  # director contacts are not public

    me = teacher.get("/api/v1/me").json()
    assert me["state"] == "pending_validation" and me["etwinning_validated"] is False
    assert [t["state"] for t in me["validation"]] == ["open"]  # the pipeline is visible to the teacher
    assert me["next_step"]["code"] == "await_validation" and school_name in me["next_step"]["detail"]
    assert me["next_step"]["due_at"] == me["validation"][0]["due_at"]
    assert me["nso"]["country"] == "FR"

    # An NSO officer of another country neither sees nor decides the task.
    spanish = staff("nso_staff", "ES")
    assert all(t["applicant_email"] != email for t in spanish.get("/api/v1/validation-tasks").json()["items"])
    task_id = me["validation"][0]["id"]
    assert spanish.post(f"/api/v1/validation-tasks/{task_id}/validate").status_code == 403
    assert spanish.get("/api/v1/validation-tasks", params={"country": "FR"}).status_code == 403

    french = staff("nso_staff", "FR")
    # the pipeline at a glance: the French officer's country, this task waiting for the director
    pipeline = french.get("/api/v1/validation-tasks/summary").json()
    assert [c["country"] for c in pipeline["countries"]] == ["FR"]
    assert pipeline["countries"][0]["awaiting_director"] >= 1 and pipeline["countries"][0]["oldest_open_at"]
    assert spanish.get("/api/v1/validation-tasks/summary", params={"country": "FR"}).status_code == 403
    assert teacher.get("/api/v1/validation-tasks/summary").status_code == 403
    for bad in ({"country": "XX"}, {"state": "open"}):  # an unknown country, a filter it does not take
        refused = french.get("/api/v1/validation-tasks/summary", params=bad)
        assert refused.status_code == 422 and refused.headers["Content-Type"] == "application/problem+json"
    documented = api.get("/openapi.json").json()["paths"]["/api/v1/validation-tasks/summary"]["get"]["responses"]
    assert {"200", "403", "422"} <= set(documented)
    queue = french.get("/api/v1/validation-tasks", params={"limit": 200}).json()["items"]
    task = next(t for t in queue if t["id"] == task_id)
    assert task["school"]["director_email"] == "direction@lycee.example.org"
    early = french.post(f"/api/v1/validation-tasks/{task_id}/validate")
    assert early.status_code == 409 and early.json()["code"] == "director_confirmation_missing"
    assert french.post(f"/api/v1/validation-tasks/{task_id}/director-confirmation",
                       json={"channel": "email", "note": "confirmed by the head"}).status_code == 200
    validated = french.post(f"/api/v1/validation-tasks/{task_id}/validate")
    assert validated.status_code == 200 and validated.json()["state"] == "validated"

    login = teacher.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD})
    teacher.token = login.json()["access_token"]
    me = teacher.get("/api/v1/me").json()
    assert me["state"] == "active_etwinner" and me["etwinning_validated"] is True
    assert me["schools"][0]["validation_state"] == "validated" and me["next_step"] is None

    # Profile and privacy (R27): private by default, so anonymous visitors do not see it.
    profile_path = f"/api/v1/users/{me['id']}"
    assert api.get(profile_path).status_code == 404
    seen = french.get(profile_path)
    assert seen.status_code == 200 and seen.headers["X-Robots-Tag"].startswith("noindex")
    edited = teacher.patch("/api/v1/me", json={"privacy": {"profile_public": True}, "available_for_projects": True,
                                               "about": "Histoire et géographie", "preferences": {"subjects": ["history", "geography"]}})
    assert edited.status_code == 200
    assert edited.json()["preferences"]["subjects"] == ["geography", "history"]
    assert edited.json()["about"] == "Histoire et géographie"
    public = api.get(profile_path)
    assert public.status_code == 200 and "X-Robots-Tag" not in public.headers
    assert "email" not in public.json() or public.json()["email"] is None  # never shown to others

    # Forgot password: a single-use link (R229); the old password stops working.
    assert api.post("/api/v1/auth/password-reset", json={"email": email}).status_code == 202
    unknown = api.post("/api/v1/auth/password-reset", json={"email": f"nobody-{uuid.uuid4().hex}@x.example.org"})
    assert unknown.status_code == 202 and unknown.json() == api.post(
        "/api/v1/auth/password-reset", json={"email": email}).json()  # no account enumeration
    reset_token = Mailbox.link_token(mailbox.wait_for(email, "Réinitialisez votre mot de passe", count=2))
    new_password = "another long password 42"
    assert api.post("/api/v1/auth/password-reset/confirm",
                    json={"token": reset_token, "new_password": new_password}).status_code == 200
    assert api.post("/api/v1/auth/password-reset/confirm",
                    json={"token": reset_token, "new_password": new_password}).status_code == 410
    assert api.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD}).status_code == 401
    login = api.post("/api/v1/auth/login", json={"login": email, "password": new_password})
    assert login.status_code == 200
    teacher.token = login.json()["access_token"]

    # Deletion, confirmed from the registered address (R229), leaves nothing personal in identity.
    assert teacher.post("/api/v1/me/deletion-request").status_code == 202
    delete_token = Mailbox.link_token(mailbox.wait_for(email, "suppression"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": delete_token}).status_code == 200
    engine = create_engine(stack.db_url("identity"))
    with engine.connect() as conn:
        row = conn.execute(text("select * from users where id = :id"), {"id": me["id"]}).mappings().one()
        dump = " ".join(str(v) for v in row.values())
        for personal in (email, username, "Zoë", "Ångström", "Histoire"):
            assert personal not in dump
        # nor anywhere else: every row of every table, the events identity sent included
        tables = conn.execute(text("select tablename from pg_tables where schemaname = 'public'")).scalars().all()
        assert {"users", "outbox", "one_time_tokens"} <= set(tables)
        everything = " ".join(conn.execute(text(f"select string_agg(t::text, ' ') from {table} t")).scalar() or ""
                              for table in tables)
        assert me["id"] in everything  # the anonymised row stays (other services' history points at it)
        assert email not in everything and username not in everything
        for table in ("one_time_tokens", "refresh_tokens"):
            assert conn.execute(text(f"select count(*) from {table} where user_id = :id"),
                                {"id": me["id"]}).scalar() == 0
        hashed = [hashlib.sha256(k.lower().encode()).hexdigest() for k in (email, username, f"account:{me['id']}")]
        assert conn.execute(text("select count(*) from login_failures where login_key in (:e, :u) or "
                                 "login_key in (:he, :hu, :ha)"), {"e": email, "u": username, "he": hashed[0],
                                                                    "hu": hashed[1], "ha": hashed[2]}).scalar() == 0
    engine.dispose()
    assert api.post("/api/v1/auth/login", json={"login": email, "password": new_password}).status_code == 401
    assert french.get(profile_path).status_code == 404



def test_rejected_teacher_keeps_a_non_validated_account(stack, register_teacher, staff, mailbox):
    teacher = register_teacher(country="PT", validated=False)
    officer = staff("nso_staff", "PT")
    queue = officer.get("/api/v1/validation-tasks", params={"limit": 200}).json()["items"]
    task = next(t for t in queue if t["applicant_email"] == teacher.email)
    rejected = officer.post(f"/api/v1/validation-tasks/{task['id']}/reject",
                            json={"reason": "Director did not confirm"})
    assert rejected.status_code == 200
    me = teacher.get("/api/v1/me").json()
    assert me["state"] == "registered_not_validated"
    assert me["validation"][0]["reason"] == "Director did not confirm"
    assert me["next_step"]["code"] == "contact_nso" and "Director did not confirm" in me["next_step"]["detail"]
    # told by email, with the reason (R19)
    assert "Director did not confirm" in mailbox.wait_for(teacher.email, "not validated")["text"]
    # the NSO can validate later, once the director has confirmed (A21)
    reconsider = {"reconsider": True}
    early = officer.post(f"/api/v1/validation-tasks/{task['id']}/validate", json=reconsider)
    assert early.status_code == 409 and early.json()["code"] == "director_confirmation_missing"
    assert officer.post(f"/api/v1/validation-tasks/{task['id']}/director-confirmation",
                        json={"channel": "phone"}).status_code == 200
    unawares = officer.post(f"/api/v1/validation-tasks/{task['id']}/validate")  # a rejected task is closed...
    assert unawares.status_code == 409 and unawares.json()["code"] == "task_closed"
    validated = officer.post(f"/api/v1/validation-tasks/{task['id']}/validate", json=reconsider)  # ...unless reopened
    assert validated.status_code == 200 and validated.json()["reason"] == "Director did not confirm"
    assert teacher.get("/api/v1/me").json()["state"] == "active_etwinner"
    assert "validated" in mailbox.wait_for(teacher.email, "is validated")["subject"]


def test_blocked_teacher_cannot_sign_in_and_is_told_to_contact_the_nso(stack, api, register_teacher, staff):
    teacher = register_teacher(country="IT")
    user_id = teacher.get("/api/v1/me").json()["id"]
    assert staff("nso_staff", "DE").post(f"/api/v1/users/{user_id}/block",
                                         json={"reason_category": "administrative"}).status_code == 403
    officer = staff("nso_staff", "IT")
    assert officer.post(f"/api/v1/users/{user_id}/block", json={"reason_category": "administrative"}).status_code == 200
    # the session already open ends at once, not when its access token expires
    deadline = time.monotonic() + 5
    while teacher.get("/api/v1/me").status_code != 401:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert teacher.get("/api/v1/me").json()["code"] == "token_revoked"
    refused = api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password})
    assert refused.status_code == 403 and refused.json()["code"] == "blocked"
    assert "blocked (administrative reason)" in refused.json()["detail"]  # the category (A20), not the note
    assert "National Support Organisation" in refused.json()["detail"]
    assert officer.post(f"/api/v1/users/{user_id}/unblock").status_code == 200
    assert api.post("/api/v1/auth/login", json={"login": teacher.email,
                                                "password": teacher.password}).status_code == 200


def run_lifecycle(css, now):
    """What an operator does: call the job until no batch is full; the totals of the calls."""
    totals = {"inactivated": 0, "removed": 0, "purged_unverified": 0}
    while True:
        run = css.post("/api/v1/admin/lifecycle-runs", json={"now": now})
        assert run.status_code == 200, run.text
        totals = {k: totals[k] + run.json()[k] for k in totals}
        if not run.json()["more"]:
            return totals


def test_inactivity_then_login_reactivates_and_three_years_removes(stack, api, register_teacher, staff):
    teacher = register_teacher(country="AT")
    user_id = teacher.get("/api/v1/me").json()["id"]
    css = staff("css_staff")
    from datetime import datetime, timedelta, timezone

    in_two_years = (datetime.now(timezone.utc) + timedelta(days=731)).isoformat()
    assert teacher.post("/api/v1/admin/lifecycle-runs", json={"now": in_two_years}).status_code == 403
    assert run_lifecycle(css, in_two_years)["inactivated"] >= 1
    assert css.get(f"/api/v1/users/{user_id}").json()["state"] == "inactive"
    login = api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password})
    assert login.status_code == 200  # a login reactivates
    assert css.get(f"/api/v1/users/{user_id}").json()["state"] == "active_etwinner"

    in_four_years = (datetime.now(timezone.utc) + timedelta(days=4 * 365)).isoformat()
    assert run_lifecycle(css, in_four_years)["removed"] >= 1
    assert css.get(f"/api/v1/users/{user_id}").status_code == 404
    assert api.post("/api/v1/auth/login", json={"login": teacher.email,
                                                "password": teacher.password}).status_code == 401


def test_a_validation_left_past_30_days_is_escalated_by_mail_to_central_staff(stack, register_teacher, staff,
                                                                             mailbox):
    """A22: the morning after a task's 30 days, central staff are mailed the count per country."""
    from datetime import datetime, timedelta, timezone

    css = staff("css_staff")
    register_teacher(country="HR", validated=False)  # a task nobody decides
    morning = (datetime.now(timezone.utc) + timedelta(days=32)).replace(hour=6, minute=30)
    escalated = css.post("/api/v1/admin/lifecycle-runs", json={"now": morning.isoformat()})
    assert escalated.status_code == 200 and escalated.json()["escalated"] >= 1
    mail = mailbox.wait_for(css.get("/api/v1/me").json()["email"], "waiting over 30 days")
    assert re.search(r"^  HR: [1-9]", mail["text"], re.MULTILINE) and "overdue=true" in mail["text"]


def test_school_history_and_audited_school_edits(stack, register_teacher):
    """Leaving an organisation ends the membership and keeps it, dated, in the history (R36, R39)."""
    teacher = register_teacher(country="ES")
    membership = teacher.membership
    school_id = membership["school"]["id"]
    edit = teacher.patch(f"/api/v1/schools/{school_id}", json={"director_name": "Dña. Nueva Directora"})
    assert edit.status_code == 200
    changes = teacher.get(f"/api/v1/schools/{school_id}/changes").json()
    assert changes[-1]["changes"]["director_name"]["to"] == "Dña. Nueva Directora"
    assert teacher.patch(f"/api/v1/schools/{school_id}", json={"country": "FR"}).status_code == 422

    left = teacher.delete(f"/api/v1/me/schools/{membership['id']}")
    assert left.status_code == 200 and left.json()["ended_at"]
    history = teacher.get("/api/v1/me/schools").json()
    assert [m["school"]["id"] for m in history] == [school_id] and history[0]["ended_at"]
    assert teacher.patch(f"/api/v1/schools/{school_id}", json={"town": "Cádiz"}).status_code == 403
    assert teacher.post("/api/v1/me/schools", json={"school_id": school_id}).status_code == 201


def test_login_is_throttled_without_revealing_accounts(stack, api, register_teacher):
    teacher = register_teacher(country="BE", validated=False)
    guesser = {"X-Forwarded-For": "203.0.113.9"}  # what the ingress saw (TRUSTED_PROXY_HOPS=1)

    def login(login, password, headers=guesser):
        return api.post("/api/v1/auth/login", json={"login": login, "password": password}, headers=dict(headers))

    answers = [login(teacher.email, "wrong password!") for _ in range(5)]
    assert {a.status_code for a in answers} == {401}
    locked = login(teacher.email, teacher.password)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) == 900
    assert locked.json()["code"] == "login_locked" and locked.json()["support"] == ["/api/v1/nsos"]
    # the login typed is locked, not the account: the username answers as any login would, so a
    # lock never tells which address goes with which username
    assert login(teacher.username.upper(), "wrong password!").status_code == 401
    # an address the guesser writes in front of the ingress's is not believed
    assert login(teacher.email, teacher.password, {"X-Forwarded-For": "192.0.2.1, 203.0.113.9"}).status_code == 429
    # the teacher, elsewhere, is not locked out by a stranger's guesses
    assert login(teacher.email, teacher.password, {}).status_code == 200
    unknown = [login("ghost@nowhere.example.org", "x") for _ in range(6)]
    assert [a.status_code for a in unknown] == [401] * 5 + [429]


def test_a_signed_in_session_cannot_be_used_to_guess_the_password(stack, api, register_teacher):
    """Changing the password or the address proves the current password: wrong ones are counted
    for the account as at sign-in, so whoever holds a stolen token gets 5 guesses, not a stream."""
    teacher = register_teacher(country="BE", validated=False)
    guesses = [teacher.post("/api/v1/me/password", json={"current_password": f"wrong guess {n}",
                                                          "new_password": "a brand new passphrase"})
               for n in range(3)]
    guesses += [teacher.post("/api/v1/me/email-change", json={"new_email": f"new{n}@example.org",
                                                              "password": f"wrong guess {n + 3}"}) for n in range(2)]
    assert [g.json()["code"] for g in guesses] == ["bad_credentials"] * 5
    right = teacher.post("/api/v1/me/password", json={"current_password": teacher.password,
                                                      "new_password": "a brand new passphrase"})
    assert right.status_code == 429 and right.json()["code"] == "password_locked" and right.headers["Retry-After"]
    # signing in is another matter: the owner typing the right password is not locked out
    assert api.post("/api/v1/auth/login", json={"login": teacher.email,
                                                "password": teacher.password}).status_code == 200


def test_refresh_tokens_rotate_and_a_reused_one_ends_the_session(stack, api, register_teacher):
    teacher = register_teacher(country="NL", validated=False)
    tokens = api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password}).json()
    exchanged = api.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert exchanged.status_code == 200
    # the owner goes on with the new token; the old one, used again, is in other hands
    rotated = api.post("/api/v1/auth/refresh", json={"refresh_token": exchanged.json()["refresh_token"]})
    assert rotated.status_code == 200
    stolen = api.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert stolen.status_code == 401 and stolen.json()["code"] == "refresh_reused"
    # the reuse revoked the whole family, including the rotated token and its access token
    assert api.post("/api/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]}).status_code == 401
    assert eventually(lambda: api.get("/api/v1/me", headers={
        "Authorization": f"Bearer {rotated.json()['access_token']}"}).status_code == 401)


def test_signing_out_ends_that_session_only_and_says_so(stack, api, register_teacher):
    teacher = register_teacher(country="NL", validated=False)

    def sign_in():
        return api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password}).json()

    def me(tokens):
        return api.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code

    laptop, phone = sign_in(), sign_in()
    signed_out = api.post("/api/v1/auth/logout", json={"refresh_token": phone["refresh_token"]})
    assert signed_out.status_code == 200 and set(signed_out.json()) == {"status", "detail"}
    assert me(phone) == 401  # its access token ends with it, at once, not 15 minutes later
    again = api.post("/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    assert again.status_code == 401 and again.json()["code"] == "refresh_revoked"  # not taken for a theft
    assert me(laptop) == 200  # the other session goes on
