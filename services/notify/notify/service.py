"""notify's entrypoints: identity's events become queued emails, a dispatcher sends them."""
import logging
from datetime import timedelta

from nameko.dependency_providers import Config
from nameko.timer import timer

from etwinning_contracts.events import schema_for
from etwinning_contracts.names import IDENTITY, NOTIFY, IdentityEvents as E
from etwinning_contracts.runtime.db import Transactions
from etwinning_contracts.runtime.health import HealthEndpoints
from etwinning_contracts.runtime.inbox import Inbox, on_event
from etwinning_contracts.runtime.loop import BackgroundLoop
from etwinning_contracts.runtime.outbox import OutboxRelay
from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.runtime.settings import required_secrets

from . import domain as D
from . import schemas as S
from . import use_cases as uc
from .db import InboxEntry, NotifyRepository, OutboxMessage, ParkedEvent, after_commit
from .mailer import SmtpSender

log = logging.getLogger(__name__)


class MailDispatcher(BackgroundLoop):
    """Sends pending mail in the background: every ``MAIL_POLL_SECONDS``, and at once when woken
    after a mail was queued. Each mail is sent in its own transaction, its row locked with
    ``FOR UPDATE SKIP LOCKED``, so several replicas share the work without sending twice."""

    batch_size = 100  # per round; a longer backlog goes on in the next round at once

    def setup(self):
        config = self.container.config
        self.poll_seconds = float(config.get("MAIL_POLL_SECONDS", self.poll_seconds))
        self.sender = SmtpSender.from_config(config)

    def _transactions(self):
        for ext in self.container.dependencies:
            if isinstance(ext, Transactions):
                return ext
        raise RuntimeError("MailDispatcher needs a Transactions dependency on the same service")

    def run_once(self):
        return self.deliver_due()

    def deliver_due(self):
        """Send due mail, up to ``batch_size``. Returns True when more may be waiting."""
        tx = self._transactions()
        for _ in range(self.batch_size):
            if not self._running:
                return False
            with tx.unit() as uow:
                mail = uc.deliver_next(uow.repo, self.sender, uow.now())
            if mail is None:
                return False
            if mail.state != D.SENT:
                # The server is probably down: stop the round rather than fail every due mail
                # (each one waiting out the SMTP timeout); the next round comes soon enough.
                return False
        return True


def _mail_on(event_type, kind):
    """The handler that writes the email ``kind`` (or ``kind(facts)``) for each ``event_type``."""
    def handler(self, db, payload):
        self._queue(db, kind, event_type, payload)

    return on_event(IDENTITY, event_type)(handler)


class NotifyService(HealthEndpoints):
    name = NOTIFY

    tx = Transactions(OutboxMessage, NotifyRepository)
    relay = OutboxRelay(OutboxMessage)  # notify emits no events yet; kept so it is ready when it does
    inbox = Inbox(InboxEntry, ParkedEvent)
    dispatcher = MailDispatcher()
    config = Config()
    smtp_credentials = required_secrets("SMTP_USERNAME", "SMTP_PASSWORD", optional=True)  # none, or real ones

    # transactional email (R229): each is written with the inbox row of its event
    on_email_verification_requested = _mail_on(E.EMAIL_VERIFICATION_REQUESTED, D.EMAIL_VERIFICATION)
    on_password_reset_requested = _mail_on(E.PASSWORD_RESET_REQUESTED, D.PASSWORD_RESET)
    on_password_changed = _mail_on(E.PASSWORD_CHANGED, D.PASSWORD_CHANGED)
    on_account_deletion_requested = _mail_on(E.ACCOUNT_DELETION_REQUESTED, D.ACCOUNT_DELETION)
    on_address_already_registered = _mail_on(E.ADDRESS_ALREADY_REGISTERED, D.ACCOUNT_EXISTS)
    on_director_confirmation_requested = _mail_on(E.DIRECTOR_CONFIRMATION_REQUESTED, D.DIRECTOR_CONFIRMATION)
    on_lifecycle_warned = _mail_on(E.LIFECYCLE_WARNED, lambda facts: D.INACTIVITY_WARNING
                                    if facts["step"] == "inactive" else D.REMOVAL_WARNING)
    on_user_validated = _mail_on(E.USER_VALIDATED, D.VALIDATION_ACCEPTED)
    on_validation_rejected = _mail_on(E.VALIDATION_REJECTED, D.VALIDATION_REJECTED)
    on_email_change_requested = _mail_on(E.EMAIL_CHANGE_REQUESTED, D.EMAIL_CHANGE)
    on_email_changed = _mail_on(E.EMAIL_CHANGED, D.EMAIL_CHANGED)
    on_validations_late = _mail_on(E.VALIDATIONS_LATE, D.VALIDATIONS_LATE)

    def _queue(self, db, kind, event_type, payload):
        # A payload that breaks the contract raises here: the inbox parks it for an operator.
        facts = schema_for(IDENTITY, event_type).load(payload)
        if not facts.get("email"):  # a decision about an account erased meanwhile, or an older event
            return
        mail_id = uc.queue_mail(
            NotifyRepository(db), self.tx.clock.now(), kind=kind(facts) if callable(kind) else kind, event_id=facts["event_id"],
            user_id=facts["user_id"], email=facts["email"], display_name=facts["display_name"],
            language=facts["language"], link=facts.get("link"), expires_at=facts.get("expires_at"),
            occurred_at=facts.get("on") or facts["occurred_at"],  # the day a lifecycle warning is about
            school=facts.get("school_name"), reason=facts.get("reason"),
            applicant=facts.get("applicant_name"), address=facts.get("new_email_hint"), tasks=facts.get("tasks"),
        )
        if mail_id is not None:
            after_commit(db, self.dispatcher.wake)

    # erasure: no personal data of that person is left here
    @on_event(IDENTITY, E.USER_ERASED)
    def on_user_erased(self, db, payload):
        self._erase(db, E.USER_ERASED, payload)

    @on_event(IDENTITY, E.USER_REMOVED)
    def on_user_removed(self, db, payload):
        self._erase(db, E.USER_REMOVED, payload)

    def _erase(self, db, event_type, payload):
        facts = schema_for(IDENTITY, event_type).load(payload)
        uc.erase_user(NotifyRepository(db), self.tx.clock.now(), user_id=facts["user_id"])

    # operators
    @rpc_method(S.ListOutgoingMailArgs, S.OutgoingMailSchema, many=True)
    def list_outgoing_mail(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.list_outgoing_mail(uow.repo, actor, **args)

    @timer(interval=3600)
    def purge_sent_mail(self):
        keep = timedelta(days=int(self.config.get("SENT_MAIL_RETENTION_DAYS") or 30))
        with self.tx.unit() as uow:
            purged = uc.purge_sent_mail(uow.repo, uow.now(), keep=keep)
        if purged:
            log.info("deleted %d sent mails older than %s", purged, keep)
