"""Use cases against an in-memory repository and a recording sender: no database, no SMTP."""
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import Forbidden
from notify import domain as D
from notify import use_cases as uc

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
LINK = "https://etwinning.example/reset-password?token=s3cret"


@dataclass
class Mail:
    id: uuid.UUID
    event_id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    to_address: str
    subject: str
    text_body: str
    html_body: str | None
    link: str | None
    state: str
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    last_error: str | None = None
    sent_at: datetime | None = None


class FakeRepo:
    def __init__(self):
        self.mails = []
        self.erased = {}

    def add_mail(self, **fields):
        mail = Mail(**fields)
        self.mails.append(mail)
        return mail

    def is_erased(self, user_id):
        return user_id in self.erased

    def next_due_mail(self, now):
        due = [m for m in self.mails if m.state == D.PENDING and m.next_attempt_at <= now]
        return min(due, key=lambda m: m.next_attempt_at, default=None)

    def list_mail(self, user_id=None, state=None, states=None, limit=50):
        rows = [m for m in self.mails if (user_id is None or m.user_id == user_id)
                and (state is None or m.state == state) and (states is None or m.state in states)]
        return sorted(rows, key=lambda m: m.created_at, reverse=True)[:limit]

    def record_erasure(self, user_id, now):
        self.erased.setdefault(user_id, now)

    def delete_mail_of_user(self, user_id):
        before = len(self.mails)
        self.mails = [m for m in self.mails if m.user_id != user_id]
        return before - len(self.mails)

    def delete_sent_before(self, before):
        keep = [m for m in self.mails if not (m.state == D.SENT and m.sent_at < before)]
        purged = len(self.mails) - len(keep)
        self.mails = keep
        return purged


class RecordingSender:
    def __init__(self, failures=0):
        self.failures = failures
        self.sent = []

    def send(self, **message):
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError(111, "Connection refused")
        self.sent.append(message)


def queue(repo, user_id=None, kind=D.PASSWORD_RESET, now=T0, language="fr"):
    return uc.queue_mail(repo, now, kind=kind, event_id=uuid.uuid4(), user_id=user_id or uuid.uuid4(),
                         email="ana@example.org", display_name="Ana", language=language, link=LINK,
                         expires_at=now + timedelta(hours=1), occurred_at=now)


def test_queue_mail_writes_a_pending_mail_due_now_in_the_readers_language():
    repo = FakeRepo()
    mail_id = queue(repo)
    [mail] = repo.mails
    assert mail.id == mail_id
    assert (mail.state, mail.attempts, mail.next_attempt_at) == (D.PENDING, 0, T0)
    assert mail.subject == "Réinitialisez votre mot de passe eTwinning"
    assert LINK in mail.text_body and mail.link == LINK
    assert mail.to_address == "ana@example.org"


def test_no_mail_is_queued_for_a_user_already_erased():
    repo = FakeRepo()
    user = uuid.uuid4()
    uc.erase_user(repo, T0, user_id=user)
    assert queue(repo, user) is None
    assert repo.mails == []


def test_deliver_next_sends_the_mail_and_removes_the_link_from_what_is_kept():
    repo, sender = FakeRepo(), RecordingSender()
    queue(repo)
    mail = uc.deliver_next(repo, sender, T0)
    [sent] = sender.sent
    assert sent["to"] == "ana@example.org"
    assert LINK in sent["text"]
    assert sent["message_id"] == str(mail.id)
    assert (mail.state, mail.attempts, mail.sent_at, mail.next_attempt_at) == (D.SENT, 1, T0, None)
    assert LINK not in mail.text_body and mail.link is None
    assert uc.deliver_next(repo, sender, T0) is None  # nothing left


def test_mail_not_yet_due_is_not_sent():
    repo, sender = FakeRepo(), RecordingSender()
    queue(repo, now=T0 + timedelta(minutes=1))
    assert uc.deliver_next(repo, sender, T0) is None
    assert sender.sent == []


def test_a_failed_delivery_is_scheduled_again_with_back_off_then_succeeds():
    repo, sender = FakeRepo(), RecordingSender(failures=2)
    queue(repo)
    mail = uc.deliver_next(repo, sender, T0)
    assert (mail.state, mail.attempts) == (D.PENDING, 1)
    assert mail.next_attempt_at == T0 + D.retry_delay(1)
    assert "Connection refused" in mail.last_error
    assert uc.deliver_next(repo, sender, T0 + timedelta(seconds=10)) is None  # still waiting

    now = mail.next_attempt_at
    uc.deliver_next(repo, sender, now)
    assert mail.next_attempt_at == now + D.retry_delay(2)
    uc.deliver_next(repo, sender, mail.next_attempt_at)
    assert (mail.state, mail.attempts, mail.last_error) == (D.SENT, 3, None)
    assert len(sender.sent) == 1


def test_a_mail_failing_for_a_day_is_marked_failed_and_kept():
    repo, sender = FakeRepo(), RecordingSender(failures=10_000)
    queue(repo)
    now = T0
    while (mail := uc.deliver_next(repo, sender, now)) is not None and mail.state == D.PENDING:
        now = mail.next_attempt_at
    assert mail.state == D.FAILED
    assert now - T0 >= timedelta(hours=24)
    assert repo.mails == [mail]  # kept for operators
    assert mail.link == LINK  # never sent, so nothing to hide from whoever resends it
    assert uc.deliver_next(repo, sender, now + timedelta(days=2)) is None


def test_erase_user_deletes_all_their_mail_sent_or_not_and_nobody_elses():
    repo, sender = FakeRepo(), RecordingSender()
    ana, ben = uuid.uuid4(), uuid.uuid4()
    queue(repo, ana)
    uc.deliver_next(repo, sender, T0)
    queue(repo, ana, kind=D.EMAIL_VERIFICATION)
    queue(repo, ben)
    assert uc.erase_user(repo, T0, user_id=ana) == 2
    assert [m.user_id for m in repo.mails] == [ben]
    assert uc.erase_user(repo, T0, user_id=ana) == 0  # a replayed event changes nothing


def test_sent_mail_is_purged_after_the_retention_period_pending_mail_never():
    repo, sender = FakeRepo(), RecordingSender()
    queue(repo)
    uc.deliver_next(repo, sender, T0)
    queue(repo, now=T0 + timedelta(days=40))  # pending, far from due
    assert uc.purge_sent_mail(repo, T0 + timedelta(days=29), keep=timedelta(days=30)) == 0
    assert uc.purge_sent_mail(repo, T0 + timedelta(days=31), keep=timedelta(days=30)) == 1
    assert [m.state for m in repo.mails] == [D.PENDING]


@pytest.mark.parametrize("actor", [Actor(roles=("system",)), Actor(user_id=str(uuid.uuid4()), roles=("css_staff",))])
def test_operators_list_outgoing_mail_without_bodies(actor):
    repo = FakeRepo()
    ana = uuid.uuid4()
    queue(repo, ana)
    queue(repo)
    rows = uc.list_outgoing_mail(repo, actor, user_id=ana)
    assert [r["user_id"] for r in rows] == [ana]
    assert "text_body" not in rows[0] and "link" not in rows[0]
    assert len(uc.list_outgoing_mail(repo, actor, state=D.PENDING)) == 2


@pytest.mark.parametrize("actor", [
    Actor(), Actor(user_id=str(uuid.uuid4()), roles=("user",)),
    Actor(user_id=str(uuid.uuid4()), roles=("nso_staff",), country="FR"),
])
def test_nobody_else_may_list_outgoing_mail(actor):
    with pytest.raises(Forbidden):
        uc.list_outgoing_mail(FakeRepo(), actor)


def test_rules_and_use_cases_stay_free_of_frameworks():
    import ast
    import inspect

    for module in (D, uc):
        tree = ast.parse(inspect.getsource(module))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module}
        assert not imported & {"nameko", "eventlet", "sqlalchemy"}, module.__name__
