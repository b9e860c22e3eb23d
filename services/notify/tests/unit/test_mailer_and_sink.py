"""The message notify builds, and the sink's storage and page, without any network."""
import json
from email import policy
from email.parser import BytesParser

from notify.mailer import SmtpSender
from notify.mailsink import StoreHandler, read_messages, render_page


def build(**overrides):
    sender = SmtpSender.from_config({"MAIL_FROM": "eTwinning <no-reply@etwinning.test>", **overrides})
    return sender, sender.build(message_id="1234", to="zoe@example.org", subject="Réinitialisez",
                                text="Bonjour Zoé,\n\nhttps://x.test/r?token=t\n")


def test_message_headers_and_body():
    _, msg = build()
    assert msg["From"] == "eTwinning <no-reply@etwinning.test>"
    assert msg["To"] == "zoe@example.org"
    assert msg["Subject"] == "Réinitialisez"
    assert msg["Message-ID"] == "<1234@etwinning.test>"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Date"]
    parsed = BytesParser(policy=policy.default).parsebytes(msg.as_bytes())
    assert parsed.get_body(("plain",)).get_content() == "Bonjour Zoé,\n\nhttps://x.test/r?token=t\n"


def test_settings_from_config():
    sender, _ = build(SMTP_HOST="smtp.example.org", SMTP_PORT="587", SMTP_STARTTLS="true",
                      SMTP_USERNAME="u", SMTP_PASSWORD="p", SMTP_TIMEOUT="4")
    assert (sender.host, sender.port, sender.starttls, sender.username, sender.password, sender.timeout) == \
        ("smtp.example.org", 587, True, "u", "p", 4.0)
    plain, _ = build(SMTP_STARTTLS=False, SMTP_USERNAME="")
    assert (plain.starttls, plain.username) == (False, None)


def test_sink_stores_messages_and_reads_them_newest_first(tmp_path):
    store = StoreHandler(str(tmp_path))
    for n in (1, 2):
        _, msg = build()
        msg.replace_header("Subject", f"message {n}")
        store.store(msg.as_bytes())
    messages = read_messages(str(tmp_path))
    assert [m["subject"] for m in messages] == ["message 2", "message 1"]
    assert messages[0]["to"] == "zoe@example.org"
    assert messages[0]["from"] == "eTwinning <no-reply@etwinning.test>"
    assert messages[0]["text"].startswith("Bonjour Zoé")
    assert messages[0]["date"]
    json.dumps(messages)  # what /messages.json serves
    assert [p.suffix for p in tmp_path.iterdir()] == [".eml", ".eml"]  # no partial files left


def test_sink_page_escapes_what_it_shows(tmp_path):
    page = render_page([{"id": "1", "to": "<b>@x", "from": "f", "subject": "<script>", "date": None,
                         "text": "a & b"}])
    assert "<script>" not in page and "&lt;script&gt;" in page and "a &amp; b" in page


def test_reading_a_missing_directory_gives_no_messages(tmp_path):
    assert read_messages(str(tmp_path / "nothing")) == []
