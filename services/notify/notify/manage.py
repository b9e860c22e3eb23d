"""Operator commands for notify, run beside the service against its database
(``NOTIFY_DATABASE_URL``, or the local development database):

    python -m notify.manage parked list [--all]      events whose handler failed
    python -m notify.manage parked replay ID         put a parked event back into the retry queue
    python -m notify.manage mail list [--state S] [--user-id U] [--limit N]
                                                     mail not sent yet or given up (or state S)
"""
import argparse
import sys
import uuid

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from etwinning_contracts.runtime.db import make_engine
from etwinning_contracts.runtime.inbox import replay_parked
from etwinning_contracts.runtime.migrations import database_url

from .db import NotifyRepository, ParkedEvent
from .domain import FAILED, PENDING, STATES


def _time(value):
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _table(rows, headers):
    if not rows:
        print("(none)")
        return
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    for line in [headers, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip())


def parked_list(factory, show_all=False):
    with factory() as db:
        stmt = select(ParkedEvent).order_by(ParkedEvent.id)
        if not show_all:
            stmt = stmt.where(ParkedEvent.state != "resolved")
        rows = db.scalars(stmt).all()
        _table([(p.id, p.state, p.attempts, f"{p.source}.{p.event_type}", p.handler, _time(p.next_attempt_at),
                 (p.error or "").strip().splitlines()[-1][:80] if p.error else "") for p in rows],
               ("id", "state", "attempts", "event", "handler", "next attempt", "error"))


def parked_replay(factory, parked_id):
    if replay_parked(factory, ParkedEvent, parked_id):
        print(f"parked event {parked_id} will be retried within seconds by a running notify service")
        return 0
    print(f"no unresolved parked event with id {parked_id}", file=sys.stderr)
    return 1


def mail_list(factory, state=None, user_id=None, limit=50):
    with factory() as db:
        repo = NotifyRepository(db)
        rows = repo.list_mail(user_id=user_id, state=state, states=None if state else (PENDING, FAILED),
                              limit=limit)
        _table([(m.id, m.state, m.kind, m.to_address, m.attempts, _time(m.created_at), _time(m.next_attempt_at),
                 (m.last_error or "")[:60]) for m in rows],
               ("id", "state", "kind", "to", "attempts", "queued", "next attempt", "last error"))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m notify.manage", description=__doc__.split("\n\n")[0])
    groups = parser.add_subparsers(dest="group", required=True)

    parked = groups.add_parser("parked", help="events whose handler failed")
    parked = parked.add_subparsers(dest="action", required=True)
    p_list = parked.add_parser("list", help="unresolved parked events")
    p_list.add_argument("--all", action="store_true", help="resolved ones too")
    p_replay = parked.add_parser("replay", help="retry a parked event now")
    p_replay.add_argument("id", type=int)

    mail = groups.add_parser("mail", help="outgoing mail")
    mail = mail.add_subparsers(dest="action", required=True)
    m_list = mail.add_parser("list", help="pending and failed mail, newest first")
    m_list.add_argument("--state", choices=STATES)
    m_list.add_argument("--user-id", type=uuid.UUID)
    m_list.add_argument("--limit", type=int, default=50)

    args = parser.parse_args(argv)
    url = database_url("notify")
    engine = make_engine(url, pool_size=1, max_overflow=0)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    try:
        if args.group == "parked" and args.action == "list":
            return parked_list(factory, args.all)
        if args.group == "parked" and args.action == "replay":
            return parked_replay(factory, args.id)
        return mail_list(factory, args.state, args.user_id, args.limit)
    except OperationalError as exc:
        hidden = engine.url.render_as_string(hide_password=True)
        sys.exit(f"Cannot reach notify's database at {hidden}: {exc.orig}\n"
                 "Start PostgreSQL (or `docker compose up`), set NOTIFY_DATABASE_URL, and run the migrations: "
                 "alembic -c services/notify/alembic.ini upgrade head")
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
