"""notify on a real RabbitMQ, PostgreSQL and SMTP server (the development mail sink).

Events are published the way identity's outbox relay publishes them; what is checked is what
a person would see: the email in the mailbox, once, with a working link.
"""
import json
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ServiceRpcProxy
from nameko.testing.services import entrypoint_waiter

from etwinning_contracts.errors import Forbidden
from etwinning_contracts.names import IdentityEvents as E
from notify import domain as D


def mail_request(language="en", link_path="verify-email", ttl=timedelta(days=7), user_id=None):
    token = uuid.uuid4().hex
    return {
        "user_id": str(user_id or uuid.uuid4()),
        "email": f"teacher-{token[:12]}@example.org",
        "display_name": "Chiara Bianchi",
        "language": language,
        "link": f"http://localhost:3000/{link_path}?token={token}",
        "expires_at": datetime.now(timezone.utc) + ttl,
    }


def mails_of(query, user_id):
    return query("select * from outgoing_mail where user_id = :u order by created_at", u=user_id)


def test_a_verification_request_becomes_an_email_with_the_link(notify_factory, mail_sink, dispatch, query, wait_until):
    notify_factory(mail_sink.smtp_port)
    facts = mail_request(language="fr")
    dispatch(E.EMAIL_VERIFICATION_REQUESTED, **facts)

    [message] = mail_sink.wait_for(facts["email"])
    assert message["subject"] == "Confirmez votre adresse électronique pour eTwinning"
    assert message["from"] == "eTwinning <no-reply@etwinning.test>"
    assert f"\n{facts['link']}\n" in message["text"]
    assert "Chiara Bianchi" in message["text"]
    assert D.format_time(facts["expires_at"]) in message["text"]

    [row] = wait_until(lambda: [r for r in mails_of(query, facts["user_id"]) if r["state"] == "sent"],
                       message="the mail to be marked sent")
    assert row["attempts"] == 1 and row["sent_at"] is not None
    assert facts["link"] not in row["text_body"] and row["link"] is None  # no live link kept


def test_every_transactional_kind_is_sent_in_the_readers_language(notify_factory, mail_sink, dispatch):
    notify_factory(mail_sink.smtp_port)
    reset = mail_request("de", "reset-password", timedelta(hours=1))
    deletion = mail_request("es", "confirm-deletion", timedelta(days=2))
    changed = {k: v for k, v in mail_request("it").items() if k in ("user_id", "email", "display_name", "language")}
    dispatch(E.PASSWORD_RESET_REQUESTED, **reset)
    dispatch(E.ACCOUNT_DELETION_REQUESTED, **deletion)
    dispatch(E.PASSWORD_CHANGED, **changed)

    [m] = mail_sink.wait_for(reset["email"])
    assert m["subject"] == "Setzen Sie Ihr eTwinning-Passwort zurück" and reset["link"] in m["text"]
    [m] = mail_sink.wait_for(deletion["email"])
    assert m["subject"] == "Confirma la eliminación de tu cuenta de eTwinning" and deletion["link"] in m["text"]
    [m] = mail_sink.wait_for(changed["email"])
    assert m["subject"] == "La tua password eTwinning è stata modificata"


def test_the_teacher_hears_of_the_nso_decision_with_the_reason_of_a_rejection(notify_factory, mail_sink, dispatch):
    notify_factory(mail_sink.smtp_port)
    person = {k: v for k, v in mail_request("fr").items() if k in ("user_id", "email", "display_name", "language")}
    decision = {"task_id": str(uuid.uuid4()), "school_id": str(uuid.uuid4()), "country": "FR",
                "school_name": "Lycée Jean Moulin"}
    dispatch(E.VALIDATION_REJECTED, **person, **decision, reason="Le chef d'établissement n'a pas confirmé.")
    [m] = mail_sink.wait_for(person["email"])
    assert m["subject"] == "Votre inscription à eTwinning n'a pas été validée"
    assert "Lycée Jean Moulin" in m["text"] and "Motif : Le chef d'établissement n'a pas confirmé." in m["text"]

    validated = {**person, "email": "validated-" + person["email"], "language": "en"}
    dispatch(E.USER_VALIDATED, **validated, **decision, reason=None)
    [m] = mail_sink.wait_for(validated["email"])
    assert m["subject"] == "Your eTwinning registration is validated" and "Lycée Jean Moulin" in m["text"]


def test_staff_hear_of_validation_tasks_past_their_30_days(notify_factory, mail_sink, dispatch):
    notify_factory(mail_sink.smtp_port)
    officer = {k: v for k, v in mail_request("it").items() if k in ("user_id", "email", "display_name", "language")}
    dispatch(E.VALIDATIONS_LATE, **officer, tasks={"IT": 3})
    [m] = mail_sink.wait_for(officer["email"])
    assert m["subject"] == "Convalide eTwinning in attesa da oltre 30 giorni" and "  IT: 3\n" in m["text"]


def test_the_same_event_delivered_twice_sends_one_email(notify_factory, mail_sink, dispatch, query, wait_until):
    container = notify_factory(mail_sink.smtp_port)
    facts = mail_request()
    event_id = uuid.uuid4()
    for _ in range(2):  # at-least-once delivery: the relay may publish an event again
        with entrypoint_waiter(container, "on_email_verification_requested", timeout=10):
            dispatch(E.EMAIL_VERIFICATION_REQUESTED, event_id=event_id, **facts)

    mail_sink.wait_for(facts["email"])
    wait_until(lambda: [r for r in mails_of(query, facts["user_id"]) if r["state"] == "sent"])
    assert len(mail_sink.messages(facts["email"])) == 1
    assert len(mails_of(query, facts["user_id"])) == 1
    assert query("select count(*) as n from inbox where event_id = :e", e=event_id)[0]["n"] == 1


def test_with_the_smtp_server_down_mail_waits_and_leaves_once_it_is_back(
        notify_factory, mail_sink_factory, dispatch, query, wait_until):
    sink = mail_sink_factory(start=False)  # its port has nobody listening yet
    container = notify_factory(sink.smtp_port)
    facts = mail_request(link_path="reset-password", ttl=timedelta(hours=1))
    dispatch(E.PASSWORD_RESET_REQUESTED, **facts)

    [row] = wait_until(lambda: [r for r in mails_of(query, facts["user_id"]) if r["attempts"] >= 1],
                       message="a failed delivery attempt")
    assert row["state"] == "pending"
    assert row["last_error"] and "refused" in row["last_error"].lower()
    assert row["next_attempt_at"] > row["created_at"]
    assert facts["link"] in row["text_body"]  # nothing lost

    sink.start()
    container.clock.advance(D.retry_delay(row["attempts"]) + timedelta(seconds=1))  # the retry falls due
    [message] = sink.wait_for(facts["email"])
    assert facts["link"] in message["text"]
    [row] = wait_until(lambda: [r for r in mails_of(query, facts["user_id"]) if r["state"] == "sent"])
    assert row["attempts"] == 2 and row["last_error"] is None
    assert len(sink.messages(facts["email"])) == 1


@pytest.mark.parametrize("event_type, handler", [
    (E.USER_ERASED, "on_user_erased"), (E.USER_REMOVED, "on_user_removed"),
])
def test_erasure_deletes_every_mail_of_that_person(
        notify_factory, mail_sink_factory, dispatch, query, wait_until, event_type, handler, rabbit_config):
    sink = mail_sink_factory()
    container = notify_factory(sink.smtp_port)
    ana, ben = uuid.uuid4(), uuid.uuid4()
    sent = mail_request(user_id=ana)
    dispatch(E.EMAIL_VERIFICATION_REQUESTED, **sent)
    sink.wait_for(sent["email"])
    wait_until(lambda: [r for r in mails_of(query, ana) if r["state"] == "sent"])
    sink.stop()  # the next mails stay pending
    pending = mail_request(user_id=ana, link_path="confirm-deletion")
    other = mail_request(user_id=ben)
    dispatch(E.ACCOUNT_DELETION_REQUESTED, **pending)
    dispatch(E.EMAIL_VERIFICATION_REQUESTED, **other)
    broken = {**mail_request(user_id=ana), "event_id": str(uuid.uuid4()), "version": 1, "expires_at": "never",
              "occurred_at": datetime.now(timezone.utc).isoformat()}  # parked, with ana's address in it
    event_dispatcher(rabbit_config)("identity", E.PASSWORD_RESET_REQUESTED, broken)
    wait_until(lambda: len(mails_of(query, ana)) == 2 and mails_of(query, ben)
               and query("select 1 from parked_events where event_id = :e", e=broken["event_id"]))

    with entrypoint_waiter(container, handler, timeout=10):
        dispatch(event_type, user_id=str(ana), state="deleted" if event_type == E.USER_ERASED else "removed",
                 reason=None)

    assert mails_of(query, ana) == []
    assert len(mails_of(query, ben)) == 1
    assert query("select 1 from parked_events where cast(payload as text) like :a", a=f"%{ana}%") == []
    # a mail request arriving after the erasure (a replayed event) brings nothing back
    with entrypoint_waiter(container, "on_password_reset_requested", timeout=10):
        dispatch(E.PASSWORD_RESET_REQUESTED, **mail_request(user_id=ana, link_path="reset-password"))
    assert mails_of(query, ana) == []


def test_operators_list_outgoing_mail_over_rpc(notify_factory, mail_sink, dispatch, rabbit_config, query, wait_until):
    container = notify_factory(mail_sink.smtp_port)
    facts = mail_request()
    dispatch(E.EMAIL_VERIFICATION_REQUESTED, **facts)
    wait_until(lambda: [r for r in mails_of(query, facts["user_id"]) if r["state"] == "sent"])

    with ServiceRpcProxy(container.service_name, rabbit_config) as notify:
        [row] = notify.list_outgoing_mail(actor={"roles": ["css_staff"], "user_id": str(uuid.uuid4())},
                                          user_id=facts["user_id"])
        assert (row["kind"], row["state"], row["to_address"]) == ("email_verification", "sent", facts["email"])
        assert "text_body" not in row
        assert notify.list_outgoing_mail(actor={"roles": ["system"]}, state="failed") == []
        with pytest.raises(Forbidden):
            notify.list_outgoing_mail(actor={"roles": ["user"], "user_id": facts["user_id"]})


def test_health_endpoints_and_the_sink_page(notify_factory, mail_sink, dispatch):
    container = notify_factory(mail_sink.smtp_port)
    port = container.config["WEB_SERVER_ADDRESS"].rsplit(":", 1)[1]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
        assert json.load(answer) == {"status": "ok", "checks": {"broker": "ok", "database": "ok"}}

    facts = mail_request()
    dispatch(E.EMAIL_VERIFICATION_REQUESTED, **facts)
    mail_sink.wait_for(facts["email"])
    base = f"http://127.0.0.1:{mail_sink.http_port}"
    with urllib.request.urlopen(f"{base}/messages.json", timeout=5) as answer:
        [message] = json.load(answer)
    assert message["to"] == facts["email"] and facts["link"] in message["text"]
    with urllib.request.urlopen(f"{base}/", timeout=5) as answer:
        page = answer.read().decode()
    assert facts["email"] in page and "Confirm your email address for eTwinning" in page


def test_an_event_that_fails_is_delivered_again_to_its_handler(notify_factory, mail_sink, rabbit_config, query,
                                                               wait_until):
    """A failed handler's event is parked and re-published to that handler's own queue: here
    it fails again (its payload breaks the contract), so the second attempt is seen arriving."""
    container = notify_factory(mail_sink.smtp_port, EVENT_MAX_ATTEMPTS=2)
    event_id = str(uuid.uuid4())
    broken = {**mail_request(), "event_id": event_id, "occurred_at": datetime.now(timezone.utc).isoformat(),
              "version": 1, "expires_at": "not a time"}
    event_dispatcher(rabbit_config)("identity", E.EMAIL_VERIFICATION_REQUESTED, broken)

    [row] = wait_until(lambda: [r for r in query("select * from parked_events where event_id = :e", e=event_id)
                                if r["state"] == "dead"], timeout=20, message="the second attempt")
    assert row["attempts"] == 2 and row["handler"] == "on_email_verification_requested"
    assert row["queue"] == f"evt-identity-{E.EMAIL_VERIFICATION_REQUESTED}--{container.service_name}." \
                           "on_email_verification_requested"
    assert query("select * from outgoing_mail") == []
