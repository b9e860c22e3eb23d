"""Operator commands for directory.

    python -m directory.manage reset-read-model   empty the search read model (people, schools);
                                                  then run `python -m identity.manage republish`
                                                  and the running service rebuilds it from events
    python -m directory.manage parked list [--all] | parked replay ID
"""
import argparse
import sys

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from etwinning_contracts.names import DIRECTORY
from etwinning_contracts.runtime.db import make_engine
from etwinning_contracts.runtime.migrations import database_url
from etwinning_contracts.runtime.operator import add_parked_commands, database_errors_explained, run_parked_command

from .db import ParkedEvent

READ_MODEL_TABLES = ("person_schools", "person_words", "people", "school_words", "schools", "people_vocabulary",
                     "schools_vocabulary", "erased_users")


def reset_read_model(factory):
    """Only what identity's events build is emptied; contacts and other own data stay."""
    with factory() as db:
        db.execute(text(f"truncate {', '.join(READ_MODEL_TABLES)}"))
        db.commit()
    print("read model emptied; now run: python -m identity.manage republish")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m directory.manage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    groups = parser.add_subparsers(dest="group", required=True)
    groups.add_parser("reset-read-model", help="empty the search read model before a replay")
    add_parked_commands(groups)
    args = parser.parse_args(argv)
    url = database_url(DIRECTORY)
    factory = sessionmaker(bind=make_engine(url, pool_size=1, max_overflow=0))
    with database_errors_explained(DIRECTORY, url):
        if args.group == "reset-read-model":
            return reset_read_model(factory)
        return run_parked_command(args, factory, ParkedEvent, DIRECTORY)


if __name__ == "__main__":
    sys.exit(main())
