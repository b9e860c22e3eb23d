"""Operator commands for identity.

    python -m identity.manage create-staff --email E --role css_staff [--password-stdin]
    python -m identity.manage create-staff --email E --role nso_staff --country ES --permission validator
    python -m identity.manage run-lifecycle [--at 2030-01-01T00:00:00+00:00]
    python -m identity.manage republish            (rebuild other services' read models)
    python -m identity.manage parked list [--all] | parked replay ID

They work on the database directly; events they record leave through the outbox relay of
the running service.
"""
import argparse
import getpass
import secrets
import sys
from datetime import datetime, timezone

from marshmallow import ValidationError, fields, validate
from sqlalchemy.orm import sessionmaker

from etwinning_contracts.actor import STAFF_PERMISSIONS
from etwinning_contracts.errors import ContractError
from etwinning_contracts.identity import PASSWORD
from etwinning_contracts.names import IDENTITY
from etwinning_contracts.runtime.clock import SystemClock
from etwinning_contracts.runtime.db import UnitOfWork, make_engine
from etwinning_contracts.runtime.operator import add_parked_commands, database_errors_explained, run_parked_command
from etwinning_contracts.runtime.migrations import database_url
from etwinning_contracts.runtime.settings import env, is_production

from . import use_cases as uc
from .db import IdentityRepository, OutboxMessage, ParkedEvent
from .security import Security


def _email(text):
    try:
        return validate.Email()(text.strip())
    except ValidationError:
        raise argparse.ArgumentTypeError(f"not an email address: {text!r}") from None


def _sessions():
    return sessionmaker(bind=make_engine(database_url(IDENTITY)), expire_on_commit=False)


def _unit(session):
    return UnitOfWork(session, IDENTITY, OutboxMessage, IdentityRepository(session), SystemClock())


def create_staff(args):
    password = sys.stdin.readline().strip() if args.password_stdin else None
    generated = False
    if not password:
        if sys.stdin.isatty() and not args.password_stdin:
            password = getpass.getpass("Password for the new staff account: ")
        else:
            password, generated = secrets.token_urlsafe(18), True
    try:  # the rules every password meets (length, not easy to guess): staff accounts most of all
        fields.String(validate=PASSWORD).deserialize(password)
    except ValidationError as exc:
        sys.exit(f"error: {' '.join(exc.messages)}")
    pem = env("JWT_PRIVATE_KEY")
    if not pem:
        from .security import generate_key_pair

        pem = generate_key_pair()[0]  # only hashing is needed here, not signing
    with _sessions()() as session:
        user = uc.create_staff(_unit(session), Security(pem), email=args.email, password=password, role=args.role,
                               country=args.country, region=args.region, permissions=args.permission or ())
        session.commit()
        print(f"created {args.role} {user.email} (id {user.id})")
        if generated:
            print(f"password: {password}")


def run_lifecycle(args):
    at = datetime.fromisoformat(args.at) if args.at else None
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    settable = str(env("SETTABLE_CLOCK", "off")).lower() in ("on", "true", "1", "yes")
    if settable and is_production():
        sys.exit("error: SETTABLE_CLOCK is for development and tests only")
    with _sessions()() as session:
        result = uc.run_lifecycle(_unit(session), now=at, settable_clock=settable)
        session.commit()
    print(result)


def republish(args):
    """Re-emit every user and school snapshot, so read models elsewhere can be rebuilt."""
    after_user = after_school = None
    count = 0
    while (after_user, after_school) != ("done", "done"):
        with _sessions()() as session:
            after_user, after_school = uc.republish_page(_unit(session), after_user=after_user,
                                                         after_school=after_school, limit=args.batch)
            session.commit()
        count += 1
    print(f"republished snapshots in {count} page(s); the running identity service publishes them")


def parked(args):
    return run_parked_command(args, _sessions(), ParkedEvent, IDENTITY)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m identity.manage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    staff = sub.add_parser("create-staff", help="create an NSO or CSS staff account")
    staff.add_argument("--email", required=True, type=_email)
    staff.add_argument("--role", required=True, choices=("nso_staff", "css_staff"))
    staff.add_argument("--country", help="ISO code of the NSO's country (nso_staff)")
    staff.add_argument("--region", help="region code, for regionally scoped validators")
    staff.add_argument("--permission", action="append", choices=STAFF_PERMISSIONS)
    staff.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    staff.set_defaults(func=create_staff)
    life = sub.add_parser("run-lifecycle", help="run the inactivity/removal job now")
    life.add_argument("--at", help="ISO date-time to evaluate the rules at (default: now; a future one "
                                   "only with SETTABLE_CLOCK=on, outside production)")
    life.set_defaults(func=run_lifecycle)
    again = sub.add_parser("republish", help="emit every user and school snapshot again (read-model rebuild)")
    again.add_argument("--batch", type=int, default=1000)
    again.set_defaults(func=republish)
    add_parked_commands(sub)
    sub.choices["parked"].set_defaults(func=parked)
    args = parser.parse_args(argv)
    try:
        with database_errors_explained(IDENTITY, database_url(IDENTITY)):
            return args.func(args)
    except ContractError as exc:
        sys.exit(f"error: {exc.detail}")


if __name__ == "__main__":
    sys.exit(main())
