import re
from datetime import timedelta

import pytest

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import Conflict, Forbidden, Gone, Invalid, NotFound, RateLimited, Unauthorized
from etwinning_contracts.names import IdentityEvents as E
from identity import domain as D
from identity import use_cases as uc


LINKS = "https://etwinning.example"


PASSWORD = "long password 1"


def register(uow, email="ana@school.example", username="ana", password=PASSWORD):
    return uc.register(uow, uow.security, LINKS, email=email, password=password, username=username,
                       first_name="Ana", last_name="García", member_type="teacher",
                       works_in_pre_university_school=True, interface_language="es",
                       preferences={"languages": ["es", "en", "es"]})


def link_token(uow, event=E.EMAIL_VERIFICATION_REQUESTED):
    return re.search(r"token=(\S+)", uow.events_of(event)[-1]["link"]).group(1)


def test_registration_stores_an_unverified_account_and_emails_a_link(make_uow):
    uow = make_uow()
    assert register(uow)["status"] == "accepted"
    (user,) = uow.repo.users.values()
    assert user.state == D.EMAIL_UNVERIFIED and user.password_hash is None  # the registration waits apart
    (waiting,) = uow.repo.waiting_registrations(user.id)
    assert waiting["password_hash"] == "h:long password 1" and waiting["preferences"]["languages"] == ["en", "es"]
    mail = uow.events_of(E.EMAIL_VERIFICATION_REQUESTED)[0]
    assert mail["email"] == "ana@school.example" and mail["link"].startswith(LINKS + "/verify-email?lang=es&token=")
    assert mail["expires_at"] == uow.now() + D.VERIFICATION_LINK_TTL


def test_registering_a_known_address_answers_the_same_and_creates_nothing(make_uow):
    uow = make_uow()
    first = register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    again = register(uow, username="other")
    assert again == first and len(uow.repo.users) == 1
    # the owner is told by mail, with a way back in: a password-reset link
    (notice,) = uow.events_of(E.ADDRESS_ALREADY_REGISTERED)
    assert notice["email"] == "ana@school.example" and "/reset-password?lang=" in notice["link"]
    uc.reset_password(uow, uow.security, token=link_token(uow, E.ADDRESS_ALREADY_REGISTERED),
                      new_password="new long password")
    assert uc.login(uow, uow.security, login="ana", password="new long password")


@pytest.mark.parametrize("attacker_first", [True, False])
def test_the_owner_confirms_their_own_registration_whoever_registered_the_address_too(make_uow, attacker_first):
    """Someone registers the owner's address, before or after the owner does, and has links sent
    again. Any link proves the mailbox; the password typed with it picks the registration: the
    owner's password gives the owner's account, the other's password is never confirmed."""
    uow = make_uow()
    attempts = [dict(username="attacker", password="attacker password"),
                dict(username="ana", password="the owner's password")]
    for attempt in attempts if attacker_first else attempts[::-1]:
        register(uow, **attempt)
    uc.resend_verification(uow, LINKS, email="ana@school.example")  # whoever asks, one link works for both
    confirmed = uc.verify_email(uow, uow.security, token=link_token(uow), password="the owner's password")
    assert "ana" in confirmed["detail"]
    (user,) = uow.repo.users.values()
    assert (user.username, user.password_hash) == ("ana", "h:the owner's password")
    assert uc.login(uow, uow.security, login="ana@school.example", password="the owner's password")
    for login, password in (("ana@school.example", "attacker password"), ("attacker", "attacker password")):
        with pytest.raises(Unauthorized):
            uc.login(uow, uow.security, login=login, password=password)
    assert uow.repo.waiting == []  # no other registration's password or names stay


def test_a_waiting_registration_holds_no_username_and_signs_in_to_be_told_to_confirm(make_uow):
    """A second registration with the username of one waiting answers as for any address: a
    held username would tell that the first address was new. Signing in before confirming says
    so, with the registered password only."""
    uow = make_uow()
    register(uow, username="probe")
    anas_link = link_token(uow)
    assert register(uow, email="other@school.example", username="probe") == uc.GENERIC_ACCEPTED
    with pytest.raises(Forbidden) as unconfirmed:
        uc.login(uow, uow.security, login="ana@school.example", password=PASSWORD)
    assert unconfirmed.value.code == "email_unverified"
    with pytest.raises(Unauthorized):
        uc.login(uow, uow.security, login="ana@school.example", password="another password")
    uc.verify_email(uow, uow.security, token=anas_link, password=PASSWORD)
    with pytest.raises(Conflict) as taken:  # the username went to the first confirmed
        uc.verify_email(uow, uow.security, token=link_token(uow), password=PASSWORD)
    assert taken.value.code == "username_taken"


def test_a_link_opened_with_a_password_no_registration_has_confirms_nothing(make_uow):
    uow = make_uow()
    register(uow)
    with pytest.raises(Invalid) as refused:
        uc.verify_email(uow, uow.security, token=link_token(uow), password="a guess")
    assert refused.value.code == "wrong_password" and "password" in refused.value.errors


def test_past_the_link_cap_a_registration_is_still_kept(make_uow):
    uow = make_uow()
    register(uow)
    for _ in range(D.LINK_EMAILS_PER_WINDOW - 1):
        uc.resend_verification(uow, LINKS, email="ana@school.example")
    register(uow, username="late", password="a late password")  # no link sent: the last one works for it
    assert len(uow.events_of(E.EMAIL_VERIFICATION_REQUESTED)) == D.LINK_EMAILS_PER_WINDOW
    uc.verify_email(uow, uow.security, password="a late password", token=link_token(uow))
    (user,) = uow.repo.users.values()
    assert user.username == "late" and user.password_hash == "h:a late password"


def test_a_taken_username_is_a_conflict(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    with pytest.raises(Conflict):
        register(uow, email="other@school.example")


def test_a_taken_username_says_nothing_about_the_address_given_with_it(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    register(uow, email="ben@school.example", username="ben")
    answers = []
    for email in ("ben@school.example", "nobody@school.example"):  # known, unknown: the same refusal
        with pytest.raises(Conflict) as refused:
            register(uow, email=email, username="ana")
        answers.append((refused.value.code, refused.value.detail))
    assert answers[0] == answers[1] and len(uow.repo.users) == 2
    with pytest.raises(Conflict):  # with its own address too: nothing tells whose address it is
        register(uow, username="ana")


def test_verification_links_are_single_use_and_expire(make_uow):
    uow = make_uow()
    register(uow)
    token = link_token(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=token)
    assert next(iter(uow.repo.users.values())).state == D.REGISTRATION_INCOMPLETE
    with pytest.raises(Gone):
        uc.verify_email(uow, uow.security, password=PASSWORD, token=token)
    with pytest.raises(NotFound):
        uc.verify_email(uow, uow.security, password=PASSWORD, token="x" * 43)

    late = make_uow()
    register(late)
    late.clock.advance(D.VERIFICATION_LINK_TTL + timedelta(seconds=1))
    with pytest.raises(Gone):
        uc.verify_email(late, late.security, password=PASSWORD, token=link_token(late))


def test_login_needs_a_verified_email_and_gives_the_same_error_for_unknown_and_wrong(make_uow):
    uow = make_uow()
    register(uow)
    with pytest.raises(Forbidden):
        uc.login(uow, uow.security, login="ana@school.example", password="long password 1")
    with pytest.raises(Unauthorized) as unknown:
        uc.login(uow, uow.security, login="nobody", password="long password 1")
    with pytest.raises(Unauthorized) as wrong:
        uc.login(uow, uow.security, login="ana", password="wrong")
    assert unknown.value.detail == wrong.value.detail


def sign_in(uow, login, password, client=None):
    """As identity's login entrypoint does it: the attempt is counted first, then checked."""
    attempt = uc.begin_sign_in(uow, login=login, client=client)
    try:
        return uc.login(uow, uow.security, login=login, password=password, client=client)
    except Unauthorized:
        raise
    except Exception:
        uc.forget_sign_in_attempt(uow, attempt)
        raise


def test_login_is_locked_after_repeated_failures(make_uow):
    uow = make_uow()
    for _ in range(D.LOGIN_FAILURES_ALLOWED):
        with pytest.raises(Unauthorized):
            sign_in(uow, "ana", "anything", client="203.0.113.7")
    with pytest.raises(RateLimited):
        sign_in(uow, "ANA ", "anything", client="203.0.113.7")
    uow.clock.advance(D.LOGIN_LOCK_WINDOW + timedelta(seconds=1))
    with pytest.raises(Unauthorized):
        sign_in(uow, "ana", "anything", client="203.0.113.7")


def test_attempts_still_being_checked_count_so_parallel_guesses_are_locked_too(make_uow):
    uow = make_uow()
    for _ in range(D.LOGIN_FAILURES_ALLOWED):  # sent at once: none has been answered yet
        uc.begin_sign_in(uow, login="ana", client="203.0.113.7")
    with pytest.raises(RateLimited):
        uc.begin_sign_in(uow, login="ana", client="203.0.113.7")


def test_failures_from_one_place_do_not_lock_the_owner_out_from_another(make_uow):
    """Anyone can type wrong passwords for a known address (an officer's): that locks their own
    address out, not the owner's; only very many failures from everywhere lock the login."""
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    guesser = "198.51.100.66"
    for _ in range(D.LOGIN_FAILURES_ALLOWED):
        with pytest.raises(Unauthorized):
            sign_in(uow, "ana@school.example", "wrong password", client=guesser)
    with pytest.raises(RateLimited):
        sign_in(uow, "ana@school.example", "long password 1", client=guesser)
    # the lock is on what was typed: the username answers as any other login would, so a lock
    # never tells which address belongs to which username
    with pytest.raises(Unauthorized):
        sign_in(uow, "ana", "wrong password", client=guesser)
    assert sign_in(uow, "ana@school.example", "long password 1", client="192.0.2.10")["refresh_token"]
    for n in range(D.LOGIN_FAILURES_ALLOWED_EVERYWHERE):
        with pytest.raises((Unauthorized, RateLimited)):
            sign_in(uow, "ana@school.example", "wrong password", client=f"198.51.100.{n}")
    with pytest.raises(RateLimited):
        sign_in(uow, "ana@school.example", "long password 1", client="192.0.2.10")


def test_a_right_password_refused_for_another_reason_is_no_failure(make_uow):
    uow = make_uow()
    register(uow)  # not confirmed yet: refused, but the password was right
    for _ in range(D.LOGIN_FAILURES_ALLOWED + 1):
        with pytest.raises(Forbidden):
            sign_in(uow, "ana@school.example", "long password 1", client="203.0.113.7")


def test_login_records_the_time_and_reactivates_an_inactive_account(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    user = next(iter(uow.repo.users.values()))
    user.state, user.previous_state = D.INACTIVE, D.REGISTRATION_INCOMPLETE
    tokens = uc.login(uow, uow.security, login="ana@school.example", password="long password 1")
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    assert user.last_login_at == uow.now() and user.state == D.REGISTRATION_INCOMPLETE
    assert uow.events_of(E.USER_REACTIVATED)


def test_password_reset_never_reveals_the_address_and_ends_every_session(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    tokens = uc.login(uow, uow.security, login="ana", password="long password 1")
    assert uc.request_password_reset(uow, LINKS, email="nobody@x.example") == \
        uc.request_password_reset(uow, LINKS, email="ana@school.example")
    assert len(uow.events_of(E.PASSWORD_RESET_REQUESTED)) == 1
    uc.reset_password(uow, uow.security, token=link_token(uow, E.PASSWORD_RESET_REQUESTED),
                      new_password="new long password")
    with pytest.raises(Unauthorized):
        uc.refresh(uow, uow.security, refresh_token=tokens["refresh_token"])
    assert uc.login(uow, uow.security, login="ana", password="new long password")


def test_schools_only_in_participating_countries(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    user = next(iter(uow.repo.users.values()))
    actor = Actor(user_id=str(user.id), roles=("user",))
    with pytest.raises(Invalid):
        uc.join_school(uow, actor, new_school={"name": "Old School", "town": "York", "country": "GB",
                                               "education_levels": ["primary"]})


def test_deletion_anonymises_the_account(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    user = next(iter(uow.repo.users.values()))
    uc.request_deletion(uow, Actor(user_id=str(user.id), roles=("user",)), LINKS)
    uc.confirm_deletion(uow, token=link_token(uow, E.ACCOUNT_DELETION_REQUESTED))
    assert user.state == D.DELETED
    assert (user.email, user.username, user.first_name, user.last_name, user.password_hash) == (None,) * 5
    assert uow.events_of(E.USER_ERASED) and not uow.repo.tokens
    assert uow.events_of(E.USER_CHANGED)[-1]["user"]["display_name"] == D.ANONYMISED_NAME


def test_links_are_rate_limited_without_changing_the_answer(make_uow):
    uow = make_uow()
    register(uow)
    answers = {str(uc.resend_verification(uow, LINKS, email="ana@school.example")) for _ in range(8)}
    assert len(answers) == 1
    assert len(uow.events_of(E.EMAIL_VERIFICATION_REQUESTED)) == D.LINK_EMAILS_PER_WINDOW
    uow.clock.advance(D.LINK_EMAIL_WINDOW + timedelta(seconds=1))
    uc.resend_verification(uow, LINKS, email="ana@school.example")
    assert len(uow.events_of(E.EMAIL_VERIFICATION_REQUESTED)) == D.LINK_EMAILS_PER_WINDOW + 1


def test_registration_costs_one_password_hash_whether_or_not_the_address_is_known(make_uow):
    """Timing must not tell which addresses have accounts (design §6): hashing is most of a
    registration's time, so both answers pay for exactly one."""
    uow = make_uow()
    hashed = []
    real_hash = uow.security.hash_password
    uow.security.hash_password = lambda password, salt=None: hashed.append(password) or real_hash(password)

    register(uow)
    assert len(hashed) == 1
    register(uow, username="someone-else")  # known, unverified: the link is sent again
    assert len(hashed) == 2
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    register(uow, username="third-try")  # known and verified
    assert len(hashed) == 3 and len(uow.repo.users) == 1


def test_a_refresh_counts_as_a_login_and_reactivates(make_uow):
    uow = make_uow()
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    user = next(iter(uow.repo.users.values()))
    tokens = uc.login(uow, uow.security, login="ana", password="long password 1")
    user.state, user.previous_state = D.INACTIVE, D.REGISTRATION_INCOMPLETE
    uow.clock.advance(timedelta(hours=1))
    uc.refresh(uow, uow.security, refresh_token=tokens["refresh_token"])
    assert user.state == D.REGISTRATION_INCOMPLETE and user.last_login_at == uow.now()
    assert uow.events_of(E.USER_REACTIVATED)[-1]["reason"] == "login"
    assert [method for _, _, method in uow.repo.logins] == ["password", "refresh"]


def signed_in(uow):
    register(uow)
    uc.verify_email(uow, uow.security, password=PASSWORD, token=link_token(uow))
    return uc.login(uow, uow.security, login="ana", password="long password 1")


def refresh(uow, tokens):
    uow.clock.advance(timedelta(seconds=1))  # each token is issued after the one before it
    return uc.refresh(uow, uow.security, refresh_token=tokens["refresh_token"])


def test_a_refresh_retried_because_its_answer_was_lost_gets_a_new_pair(make_uow):
    uow = make_uow()
    first = signed_in(uow)
    lost = refresh(uow, first)  # the client never receives this answer
    again = refresh(uow, first)
    assert again["refresh_token"] not in (lost["refresh_token"], first["refresh_token"])
    assert refresh(uow, again)["access_token"]  # the session goes on
    with pytest.raises(Unauthorized) as unseen:  # the lost pair opens nothing
        refresh(uow, lost)
    assert unseen.value.code == "refresh_reused"


def test_a_refresh_retried_twice_still_gets_a_new_pair(make_uow):
    uow = make_uow()
    first = signed_in(uow)
    refresh(uow, first), refresh(uow, first)  # both answers lost
    assert refresh(uow, refresh(uow, first))["access_token"]


@pytest.mark.parametrize("case", ["its successor used", "long after its exchange", "replaced by a retry"])
def test_a_refresh_token_in_other_hands_is_caught(make_uow, case):
    """A token exchanged already, presented again once its successor was used or long after,
    is a copy (the service then ends the session); so is the successor a retry replaced, which
    the client that retried never saw."""
    uow = make_uow()
    first = stolen = signed_in(uow)
    if case == "its successor used":
        refresh(uow, refresh(uow, first))
    elif case == "long after its exchange":
        refresh(uow, first)
        uow.clock.advance(D.REFRESH_RETRY_GRACE)
    else:
        stolen = refresh(uow, first)
        refresh(uow, first)
    with pytest.raises(Unauthorized) as reused:
        refresh(uow, stolen)
    assert reused.value.code == "refresh_reused"


def test_a_client_past_the_mail_cap_waits_for_the_hour_to_pass(make_uow):
    uow = make_uow()
    for n in range(2):
        uc.request_password_reset(uow, LINKS, email=f"n{n}@school.example", client="203.0.113.9", mail_cap=2)
    with pytest.raises(RateLimited) as refused:
        uc.resend_verification(uow, LINKS, email="ana@school.example", client="203.0.113.9", mail_cap=2)
    assert refused.value.retry_after == D.MAIL_REQUEST_WINDOW.total_seconds()
    uow.clock.advance(D.MAIL_REQUEST_WINDOW + timedelta(seconds=1))
    assert uc.resend_verification(uow, LINKS, email="ana@school.example", client="203.0.113.9", mail_cap=2)
    assert register(uow) == uc.GENERIC_ACCEPTED  # no client said (an internal caller), no cap
