from datetime import datetime, timedelta, timezone

import pytest

from notify import domain as D

LINK = "https://etwinning.example/verify-email?token=abc123"
EXPIRES = datetime(2026, 12, 3, 14, 5, tzinfo=timezone.utc)
WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)


def render(kind, language="en", name="Maria Rossi"):
    return D.render(kind, language, display_name=name, link=LINK, expires_at=EXPIRES, when=WHEN)


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it"])
@pytest.mark.parametrize("kind", D.KINDS_WITH_LINK)
def test_link_emails_carry_the_link_its_expiry_and_the_name_in_each_language(kind, language):
    mail = render(kind, language)
    assert mail.kind == kind
    assert mail.subject and "$" not in mail.subject
    assert f"\n{LINK}\n" in mail.text_body  # on a line of its own, so mail clients make it clickable
    assert "2026-12-03 14:05 UTC" in mail.text_body
    assert "Maria Rossi" in mail.text_body
    assert "$" not in mail.text_body


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it"])
def test_password_changed_says_when_and_has_no_link(language):
    mail = D.render(D.PASSWORD_CHANGED, language, display_name="Jan", when=WHEN)
    assert "2026-11-26 09:30 UTC" in mail.text_body
    assert "http" not in mail.text_body
    assert "Jan" in mail.text_body


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it"])
def test_the_old_address_is_told_when_and_to_what_it_was_changed_without_a_link(language):
    mail = D.render(D.EMAIL_CHANGED, language, display_name="Jan", when=WHEN, address="j***@szkola.pl")
    assert "2026-11-26 09:30 UTC" in mail.text_body and "j***@szkola.pl" in mail.text_body
    assert "http" not in mail.text_body and "$" not in mail.text_body


def test_each_language_has_its_own_words():
    subjects = {lang: render(D.PASSWORD_RESET, lang).subject for lang in ("en", "fr", "de", "es", "it")}
    assert len(set(subjects.values())) == 5
    assert "mot de passe" in subjects["fr"]
    assert "Passwort" in subjects["de"]
    assert "contraseña" in subjects["es"]


def test_every_language_has_every_kind():
    for language in D.LANGUAGES:
        for kind in D.KINDS:
            assert D.render(kind, language, display_name="A", link=LINK, expires_at=EXPIRES, when=WHEN,
                            tasks={"ES": 1}).subject


def test_staff_are_told_how_many_tasks_are_late_per_country_and_where_to_find_them():
    mail = D.render(D.VALIDATIONS_LATE, "es", display_name="Marta", tasks={"PT": 2, "ES": 14})
    assert "  ES: 14\n  PT: 2" in mail.text_body and "overdue=true" in mail.text_body
    assert "30" in mail.subject and mail.text_body.startswith("Hola Marta")
    with pytest.raises(ValueError):
        D.render(D.VALIDATIONS_LATE, "en", display_name="Marta", tasks={})


@pytest.mark.parametrize("language, expected", [
    ("fr-BE", "fr"), ("DE", "de"), ("es_ES", "es"), ("pt", "en"), ("", "en"), (None, "en"), ("xx", "en"),
])
def test_language_falls_back_to_its_base_then_english(language, expected):
    assert D.template_language(language) == expected
    assert render(D.EMAIL_VERIFICATION, language).subject == render(D.EMAIL_VERIFICATION, expected).subject


def test_a_dollar_in_a_name_is_printed_as_is():
    mail = render(D.EMAIL_VERIFICATION, name="$link ${expires} $$")
    assert "Hello $link ${expires} $$," in mail.text_body


def test_an_empty_name_gets_a_neutral_greeting():
    assert "Hello eTwinner," in render(D.EMAIL_VERIFICATION, name="  ").text_body


def test_expiry_is_written_in_utc_whatever_the_offset():
    cet = timezone(timedelta(hours=1))
    mail = D.render(D.PASSWORD_RESET, "en", display_name="A", link=LINK,
                    expires_at=datetime(2026, 12, 3, 15, 5, tzinfo=cet))
    assert "expires on 2026-12-03 14:05 UTC" in mail.text_body


def test_a_link_email_without_a_link_is_a_bug():
    with pytest.raises(ValueError):
        D.render(D.PASSWORD_RESET, "en", display_name="A", link=None, expires_at=EXPIRES)
    with pytest.raises(D.UnknownKind):
        D.render("newsletter", "en", display_name="A")


def test_without_link_removes_every_copy_of_the_link():
    body = render(D.ACCOUNT_DELETION).text_body
    cleaned = D.without_link(body, LINK)
    assert LINK not in cleaned and "abc123" not in cleaned
    assert D.LINK_REMOVED in cleaned
    assert D.without_link("no link here", None) == "no link here"


def test_retry_delays_grow_exponentially_then_stay_at_one_hour():
    delays = [D.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert all(a <= b for a, b in zip(delays, delays[1:]))
    assert delays[-1] == timedelta(hours=1)
    assert D.retry_delay(10_000) == timedelta(hours=1)
    with pytest.raises(ValueError):
        D.retry_delay(0)


def test_a_failing_mail_is_retried_for_at_least_24_hours_then_given_up():
    queued = datetime(2026, 1, 1, tzinfo=timezone.utc)
    now, attempts, state = queued, 0, D.PENDING
    while state == D.PENDING:
        attempts += 1
        state, next_at = D.after_failure(queued, attempts, now)
        if state == D.PENDING:
            assert next_at > now
            assert next_at - now <= D.MAX_RETRY_DELAY
            now = next_at
    assert state == D.FAILED and next_at is None
    assert now - queued >= timedelta(hours=24)
    assert now - queued < timedelta(hours=25)  # given up soon after, not kept forever
    assert attempts > 20


def test_never_given_up_before_24_hours_even_after_many_attempts():
    queued = datetime(2026, 1, 1, tzinfo=timezone.utc)
    state, _ = D.after_failure(queued, 500, queued + timedelta(hours=23, minutes=59))
    assert state == D.PENDING


def test_a_lifecycle_warning_names_the_day_it_happens():
    mail = D.render(D.REMOVAL_WARNING, "de", display_name="Jonas", when=WHEN)
    assert D.format_time(WHEN) in mail.text_body and "gelöscht" in mail.subject
    with pytest.raises(ValueError):
        D.render(D.INACTIVITY_WARNING, "en", display_name="Jonas")


def test_the_director_is_asked_about_the_applicant_by_name():
    mail = D.render(D.DIRECTOR_CONFIRMATION, "es", display_name="Dña. Pilar", link=LINK, expires_at=EXPIRES,
                    school="IES Cervantes", applicant="Ana García")
    assert mail.subject == "eTwinning: ¿trabaja Ana García en tu centro?"
    assert "IES Cervantes" in mail.text_body and LINK in mail.text_body


def test_a_validated_teacher_is_told_how_to_become_available_for_projects():
    """R28: availability is off by default; the good news says where to turn it on (R60)."""
    mail = D.render(D.VALIDATION_ACCEPTED, "en", display_name="Jan", school="Szkoła nr 1")
    assert '"available for eTwinning project"' in mail.text_body
