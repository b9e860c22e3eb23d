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

from sqlalchemy.orm import sessionmaker

from etwinning_contracts.runtime.db import make_engine
from etwinning_contracts.runtime.operator import (add_parked_commands, database_errors_explained, print_table,
                                                  run_parked_command, time_text)
from etwinning_contracts.runtime.migrations import database_url

from .db import NotifyRepository, ParkedEvent
from .domain import FAILED, PENDING, STATES


def mail_list(factory, state=None, user_id=None, limit=50):
    with factory() as db:
        repo = NotifyRepository(db)
        rows = repo.list_mail(user_id=user_id, state=state, states=None if state else (PENDING, FAILED),
                              limit=limit)
        print_table([(m.id, m.state, m.kind, m.to_address, m.attempts, time_text(m.created_at), time_text(m.next_attempt_at),
                 (m.last_error or "")[:60]) for m in rows],
               ("id", "state", "kind", "to", "attempts", "queued", "next attempt", "last error"))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m notify.manage", description=__doc__.split("\n\n")[0])
    groups = parser.add_subparsers(dest="group", required=True)

    add_parked_commands(groups)

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
        with database_errors_explained("notify", url):
            if args.group == "parked":
                return run_parked_command(args, factory, ParkedEvent, "notify")
            return mail_list(factory, args.state, args.user_id, args.limit)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
