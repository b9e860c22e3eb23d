"""Sending one email over SMTP with the standard library.

Under ``nameko run`` the process is monkey-patched by eventlet, so smtplib's socket is
cooperative: a slow SMTP server holds up only the greenthread that talks to it, and the
timeout bounds even that.
"""
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from etwinning_contracts.runtime.settings import env

log = logging.getLogger(__name__)

DEFAULT_FROM = "eTwinning <no-reply@etwinning.local>"


def _flag(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class SmtpSender:
    def __init__(self, host="127.0.0.1", port=1025, *, username=None, password=None, starttls=False,
                 timeout=10.0, sender=DEFAULT_FROM):
        self.host = host
        self.port = int(port)
        self.username = username or None
        self.password = password or ""
        self.starttls = starttls
        self.timeout = float(timeout)
        self.sender = sender or DEFAULT_FROM
        self.domain = parseaddr(self.sender)[1].rpartition("@")[2] or "etwinning.local"

    @classmethod
    def from_config(cls, config):
        sender = cls(
            host=config.get("SMTP_HOST") or "127.0.0.1",
            port=config.get("SMTP_PORT") or 1025,
            username=config.get("SMTP_USERNAME") or env("SMTP_USERNAME"),
            # SMTP_PASSWORD_FILE (a mounted secret) is read by env() when the config has none.
            password=config.get("SMTP_PASSWORD") or env("SMTP_PASSWORD"),
            starttls=_flag(config.get("SMTP_STARTTLS", False)),
            timeout=config.get("SMTP_TIMEOUT") or 10,
            sender=config.get("MAIL_FROM") or DEFAULT_FROM,
        )
        if sender.username and not sender.starttls and sender.host not in ("127.0.0.1", "localhost", "::1"):
            log.warning("SMTP credentials will cross the network unencrypted: set SMTP_STARTTLS=true")
        return sender

    def build(self, *, message_id, to, subject, text, html=None):
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = formatdate(usegmt=True)
        # Stable per mail: a mail delivered twice (at-least-once) shows up once in most clients.
        msg["Message-ID"] = f"<{message_id}@{self.domain}>"
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to no-reply
        msg.set_content(text)
        if html:
            msg.add_alternative(html, subtype="html")
        return msg

    def send(self, *, message_id, to, subject, text, html=None):
        msg = self.build(message_id=message_id, to=to, subject=subject, text=text, html=html)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(msg)
