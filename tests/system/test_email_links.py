"""The links in the emails open pages a person can use in a browser: a GET shows a button (mail
filters that fetch links change nothing), the form's POST does the work."""
import re
import uuid
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import Api, Mailbox

pytestmark = pytest.mark.system

PASSWORD = "correct horse battery staple"


def link_in(message, stack):
    url = urlsplit(re.search(r"https?://\S+token=[A-Za-z0-9_\-]+", message["text"]).group(0))
    assert url.port == urlsplit(stack.gateway_url).port  # the link opens the gateway's page
    return f"{stack.gateway_url}{url.path}?{url.query}"


def test_a_teacher_confirms_the_address_and_resets_the_password_from_the_emailed_links(stack, api, mailbox):
    email = f"links-{uuid.uuid4().hex[:8]}@school.example.org"
    assert api.post("/api/v1/registrations", json={
        "email": email, "password": PASSWORD, "username": f"links{uuid.uuid4().hex[:6]}", "first_name": "Lina",
        "last_name": "Berg", "member_type": "teacher", "works_in_pre_university_school": True,
        "preferences": {"languages": ["sv"], "subjects": ["history"], "age_groups": ["12-15"],
                        "ict_use": "basic"}}).status_code == 202
    link = link_in(mailbox.wait_for(email, "confirm"), stack)

    shown = requests.get(link, timeout=10)  # what a mail filter's fetch does: nothing happens
    assert shown.status_code == 200 and shown.headers["Content-Type"].startswith("text/html")
    assert "lang=en&" in link and "Confirm my address" in shown.text  # in the language of the email
    spanish = requests.get(link.replace("lang=en", "lang=es"), timeout=10)
    assert '<html lang="es">' in spanish.text and "Confirmar mi dirección" in spanish.text
    assert shown.headers["Cache-Control"] == "no-store" and '<form method="post"' in shown.text
    assert 'type="password" name="password"' in shown.text  # the link proves the mailbox, the password the person
    assert api.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD}).json()["code"] == \
        "email_unverified"

    token = Mailbox.link_token(mailbox.wait_for(email, "confirm"))
    form = link.split("?")[0]
    wrong = requests.post(form, data={"token": token, "password": "someone else's password"}, timeout=10)
    assert wrong.status_code == 422 and "This is not the password registered with this address" in wrong.text
    assert "Try again" in wrong.text  # the link still works
    confirmed = requests.post(form, data={"token": token, "password": PASSWORD}, timeout=10)
    assert confirmed.status_code == 200 and "Your address is confirmed" in confirmed.text
    assert api.post("/api/v1/auth/login", json={"login": email, "password": PASSWORD}).status_code == 200
    again = requests.post(form, data={"token": token, "password": PASSWORD}, timeout=10)
    assert again.status_code == 410 and "<html" in again.text  # single use, said in the page
    forged = requests.post(form, data={"token": "<script>x</script>", "password": PASSWORD}, timeout=10)
    assert forged.status_code == 422 and "<script>x" not in forged.text and "Try again" not in forged.text
    wrong_method = requests.put(form, data={"token": token}, timeout=10)
    assert wrong_method.status_code == 405 and set(wrong_method.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}

    assert api.post("/api/v1/auth/password-reset", json={"email": email}).status_code == 202
    reset = link_in(mailbox.wait_for(email, "Reset your"), stack)
    assert 'name="new_password"' in requests.get(reset, timeout=10).text
    reset_token = reset.split("token=")[1]
    short = requests.post(reset.split("?")[0], data={"token": reset_token, "new_password": "short"}, timeout=10)
    assert short.status_code == 422 and "at least 10 characters" in short.text
    assert f'href="/reset-password?lang=en&amp;token={reset_token}"' in short.text  # back to the form: it still works
    nul = requests.post(reset.split("?")[0], data={"token": reset_token, "new_password": "long enough\x00secret"},
                        timeout=10)
    assert nul.status_code == 422  # a password nobody could type at sign-in
    done = requests.post(reset.split("?")[0], data={"token": reset_token, "new_password": "a much better secret"},
                         timeout=10)
    assert done.status_code == 200 and "Your password is changed" in done.text
    assert Api(stack.gateway_url).post("/api/v1/auth/login", json={
        "login": email, "password": "a much better secret"}).status_code == 200


def test_a_deletion_asked_by_email_goes_through_the_nso_and_the_owners_link(stack, api, mailbox, staff,
                                                                           register_teacher):
    teacher = register_teacher(country="ES", validated=False)
    me = teacher.get("/api/v1/me").json()
    other_country = staff("nso_staff", "PT")
    assert other_country.post(f"/api/v1/users/{me['id']}/deletion-request").status_code == 403
    officer = staff("nso_staff", "ES")
    sent = officer.post(f"/api/v1/users/{me['id']}/deletion-request")
    assert sent.status_code == 202 and sent.json()["status"] == "confirmation_sent"
    assert teacher.get("/api/v1/me").status_code == 200  # nothing deleted until the owner confirms

    link = link_in(mailbox.wait_for(teacher.email, "delet"), stack)
    deleted = requests.post(link.split("?")[0], data={"token": link.split("token=")[1]}, timeout=10)
    assert deleted.status_code == 200
    assert api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password}).status_code == 401
    assert officer.post(f"/api/v1/users/{me['id']}/deletion-request").status_code == 404


def test_the_director_confirms_a_teacher_from_the_emailed_page_and_the_nso_validates(stack, api, mailbox, staff,
                                                                                   register_teacher):
    surname = f"Kovač{uuid.uuid4().hex[:6]}"
    teacher = register_teacher(country="HR", validated=False, first_name="Ivana", last_name=surname)
    asked = mailbox.wait_for("dir@school.example.org", surname)  # "does Ivana Kovač… work at your school?"
    link = link_in(asked, stack)
    question = requests.get(link, timeout=10).text  # a GET only shows the question, naming who and where
    assert 'name="answer"' in question and surname in question and teacher.membership["school"]["name"] in question
    assert requests.head(link, timeout=10).status_code == 200  # so does a scanner's HEAD
    no_answer = requests.post(link.split("?")[0], data={"token": link.split("token=")[1], "lang": "es"}, timeout=10)
    assert no_answer.status_code == 422 and "Elige sí o no." in no_answer.text  # in the reader's words
    answered = requests.post(link.split("?")[0], data={"token": link.split("token=")[1], "answer": "confirmed"},
                             timeout=10)
    assert answered.status_code == 200 and "passed on" in answered.text

    officer = staff("nso_staff", "HR")
    queue = officer.get("/api/v1/validation-tasks", params={"limit": 200}).json()["items"]
    task = next(t for t in queue if t["applicant_email"] == teacher.email)
    assert (task["director_answer"], task["director_contact_from_applicant"]) == ("confirmed", True)
    # Ivana registered the school and typed the director's address herself: the yes is shown, and
    # the officer confirms with the school before validating (a school already known needs no call)
    validate = f"/api/v1/validation-tasks/{task['id']}/validate"
    unconfirmed = officer.post(validate)
    assert unconfirmed.status_code == 409 and unconfirmed.json()["code"] == "director_confirmation_missing"
    assert officer.post(f"/api/v1/validation-tasks/{task['id']}/director-confirmation",
                        json={"channel": "phone", "note": "Called the school office."}).status_code == 200
    assert officer.post(validate).status_code == 200
    again = api.post("/api/v1/director-answers", json={"token": link.split("token=")[1], "answer": "denied"})
    assert again.status_code == 404 and again.headers["Content-Type"] == "application/problem+json"
    closed = requests.get(link.replace("lang=en", "lang=de"), timeout=10)  # answered: said before asking again
    assert closed.status_code == 404 and "schon beantwortet" in closed.text


def test_a_teacher_moves_to_a_new_address_through_the_link_sent_to_it(stack, api, mailbox, register_teacher):
    """R26: the address is changed like the rest of the profile, but only once the new mailbox
    answers (R7); the old address is told, and sign-in follows the new one."""
    teacher = register_teacher(country="IT", validated=False)
    new_email = f"nuovo-{uuid.uuid4().hex[:8]}@scuola.example.org"
    wrong = teacher.post("/api/v1/me/email-change", json={"new_email": new_email, "password": "not it at all"})
    assert wrong.status_code == 422 and wrong.json()["code"] == "bad_credentials"
    asked = teacher.post("/api/v1/me/email-change", json={"new_email": new_email, "password": teacher.password})
    assert asked.status_code == 202

    link = link_in(mailbox.wait_for(new_email, "new email address"), stack)
    shown = requests.get(link, timeout=10)
    assert shown.status_code == 200 and "Use this address" in shown.text
    assert api.post("/api/v1/auth/login", json={"login": new_email, "password": teacher.password}).status_code == 401
    done = requests.post(link.split("?")[0], data={"token": link.split("token=")[1]}, timeout=10)
    assert done.status_code == 200 and "now uses this address" in done.text

    notice = mailbox.wait_for(teacher.email, "was changed")
    assert "n***@scuola.example.org" in notice["text"] and "http" not in notice["text"]
    assert api.post("/api/v1/auth/login", json={"login": new_email, "password": teacher.password}).status_code == 200
    assert api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password}).status_code \
        == 401
    assert teacher.get("/api/v1/me").json()["email"] == new_email
