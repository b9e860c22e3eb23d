"""The operator commands against the real database."""
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import sessionmaker

from notify import domain as D
from notify import manage
from notify import use_cases as uc
from notify.db import NotifyRepository, ParkedEvent

NOW = datetime.now(timezone.utc)


def test_mail_list_and_parked_replay(clean_db, notify_db_url, monkeypatch, capsys, query):
    monkeypatch.setenv("NOTIFY_DATABASE_URL", notify_db_url)
    factory = sessionmaker(bind=clean_db)
    with factory() as db:
        uc.queue_mail(NotifyRepository(db), NOW, kind=D.PASSWORD_RESET, event_id=uuid.uuid4(),
                      user_id=uuid.uuid4(), email="late@example.org", display_name="Late", language="en",
                      link="https://x.example/reset-password?token=t", expires_at=NOW + timedelta(hours=1))
        parked = ParkedEvent(event_id=uuid.uuid4(), handler="on_password_changed", queue="q", source="identity",
                             event_type="password_changed", payload={}, error="ValidationError: bad\n",
                             attempts=8, state="dead", updated_at=NOW)
        db.add(parked)
        db.commit()
        parked_id = parked.id

    assert manage.main(["mail", "list"]) is None
    out = capsys.readouterr().out
    assert "late@example.org" in out and "pending" in out and "password_reset" in out
    manage.main(["mail", "list", "--state", "sent"])
    assert capsys.readouterr().out.strip() == "(none)"

    manage.main(["parked", "list"])
    out = capsys.readouterr().out
    assert "dead" in out and "identity.password_changed" in out and "ValidationError: bad" in out
    assert manage.main(["parked", "replay", str(parked_id)]) == 0
    [row] = query("select state, attempts from parked_events where id = :i", i=parked_id)
    assert (row["state"], row["attempts"]) == ("retrying", 0)
    assert manage.main(["parked", "replay", "999999"]) == 1
