"""notify's operations, one function per use case.

Each takes the repository ``repo`` (see ``db.NotifyRepository``), the current time ``now``
and explicit arguments; the caller owns the transaction. SMTP comes in as ``sender`` (see
``mailer.SmtpSender``) so this module stays free of I/O frameworks.
"""
import logging
import uuid

from etwinning_contracts.errors import Forbidden

from . import domain as D

log = logging.getLogger(__name__)

OPERATOR_ROLES = ("system", "css_staff")
MAX_ERROR_LENGTH = 2000


def queue_mail(repo, now, *, kind, event_id, user_id, email, display_name, language,
               link=None, expires_at=None, occurred_at=None, school=None, reason=None, applicant=None, address=None,
               tasks=None):
    """Write a transactional email to send. Returns its id, or None when the person's data has
    already been erased (the request came too late to be honoured)."""
    if repo.is_erased(user_id):
        log.info("not queueing a %s mail: user %s was erased", kind, user_id)
        return None
    content = D.render(kind, language, display_name=display_name, link=link, expires_at=expires_at,
                       when=occurred_at, school=school, reason=reason, applicant=applicant, address=address,
                       tasks=tasks)
    mail = repo.add_mail(
        id=uuid.uuid4(), event_id=event_id, user_id=user_id, kind=kind, to_address=email,
        subject=content.subject, text_body=content.text_body, html_body=content.html_body,
        link=link, state=D.PENDING, attempts=0, next_attempt_at=now, created_at=now,
    )
    return mail.id


def deliver_next(repo, sender, now):
    """Send the next due mail, if any, and record the outcome. Returns the mail or None.

    At-least-once: if the commit after a successful send fails, the mail is sent again later.
    """
    mail = repo.next_due_mail(now)
    if mail is None:
        return None
    mail.attempts += 1
    try:
        sender.send(message_id=str(mail.id), to=mail.to_address, subject=mail.subject,
                    text=mail.text_body, html=mail.html_body)
    except Exception as exc:  # any failure is one failed attempt, never a lost mail
        mail.last_error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
        mail.state, mail.next_attempt_at = D.after_failure(mail.created_at, mail.attempts, now)
        if mail.state == D.FAILED:
            log.error("giving up %s mail %s after %d attempts: %s", mail.kind, mail.id, mail.attempts,
                      mail.last_error)
        else:
            log.warning("%s mail %s not delivered (attempt %d), next try at %s: %s", mail.kind, mail.id,
                        mail.attempts, mail.next_attempt_at.isoformat(), mail.last_error)
        return mail
    mail.state = D.SENT
    mail.sent_at = now
    mail.next_attempt_at = None
    mail.last_error = None
    mail.text_body = D.without_link(mail.text_body, mail.link)
    if mail.html_body:
        mail.html_body = D.without_link(mail.html_body, mail.link)
    mail.link = None
    log.info("sent %s mail %s", mail.kind, mail.id)
    return mail


def erase_user(repo, now, *, user_id):
    """On erasure or removal of an account: delete every mail of that person, sent or not, and
    remember the erasure so a late mail request is not honoured. Returns how many were deleted."""
    repo.record_erasure(user_id, now)
    deleted = repo.delete_mail_of_user(user_id)
    log.info("erased user %s: %d mails deleted", user_id, deleted)
    return deleted


def purge_sent_mail(repo, now, *, keep):
    """Sent mail is kept ``keep`` for support questions ("did it leave?"), then deleted."""
    return repo.delete_sent_before(now - keep)


def list_outgoing_mail(repo, actor, *, user_id=None, state=None, limit=50):
    """For operators: what notify has sent or still tries to send. Bodies are left out: a pending
    mail carries a live single-use link."""
    if not any(role in actor.roles for role in OPERATOR_ROLES):
        raise Forbidden("Only central staff can look at outgoing mail.")
    return [mail_view(m) for m in repo.list_mail(user_id=user_id, state=state, limit=limit)]


def mail_view(mail):
    return {
        "id": mail.id, "user_id": mail.user_id, "kind": mail.kind, "to_address": mail.to_address,
        "subject": mail.subject, "state": mail.state, "attempts": mail.attempts,
        "next_attempt_at": mail.next_attempt_at, "last_error": mail.last_error,
        "created_at": mail.created_at, "sent_at": mail.sent_at,
    }
