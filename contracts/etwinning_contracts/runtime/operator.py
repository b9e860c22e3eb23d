"""Operator commands every service's ``manage`` module shares: listing and replaying
parked events (events whose handler failed), printed as plain tables."""
import sys
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from .inbox import replay_parked


def time_text(value):
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def print_table(rows, headers):
    if not rows:
        print("(none)")
        return
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    for line in [headers, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip())


def add_parked_commands(groups):
    """Adds ``parked list [--all]`` and ``parked replay ID`` to an argparse sub-parser group."""
    parked = groups.add_parser("parked", help="events whose handler failed").add_subparsers(dest="action",
                                                                                         required=True)
    listing = parked.add_parser("list", help="unresolved parked events")
    listing.add_argument("--all", action="store_true", help="resolved ones too")
    replay = parked.add_parser("replay", help="retry a parked event now")
    replay.add_argument("id", type=int)


def run_parked_command(args, factory, parked_model, service):
    if args.action == "list":
        return parked_list(factory, parked_model, args.all)
    return parked_replay(factory, parked_model, args.id, service)


def parked_list(factory, parked_model, show_all=False):
    with factory() as db:
        stmt = select(parked_model).order_by(parked_model.id)
        if not show_all:
            stmt = stmt.where(parked_model.state != "resolved")
        rows = db.scalars(stmt).all()
        print_table([(p.id, p.state, p.attempts, f"{p.source}.{p.event_type}", p.handler, time_text(p.next_attempt_at),
                      (p.error or "").strip().splitlines()[-1][:80] if p.error else "") for p in rows],
                    ("id", "state", "attempts", "event", "handler", "next attempt", "error"))
    return 0


def parked_replay(factory, parked_model, parked_id, service):
    if replay_parked(factory, parked_model, parked_id):
        print(f"parked event {parked_id} will be retried within seconds by a running {service} service")
        return 0
    print(f"no unresolved parked event with id {parked_id}", file=sys.stderr)
    return 1


@contextmanager
def database_errors_explained(service, url):
    """A clear message instead of a traceback when the service's database is not reachable."""
    try:
        yield
    except OperationalError as exc:
        from sqlalchemy.engine import make_url

        hidden = make_url(url).render_as_string(hide_password=True)
        sys.exit(f"Cannot reach {service}'s database at {hidden}: {exc.orig}\n"
                 f"Start PostgreSQL, set {service.upper()}_DATABASE_URL, and run the "
                 f"migrations: alembic -c services/{service}/alembic.ini upgrade heads")
