"""Use cases run in a unit of work of their own, and people in the read model as identity's
snapshots make them, for the integration tests."""
import uuid
from datetime import datetime, timezone
from types import SimpleNamespace

from directory.db import DirectoryRepository, OutboxMessage
from directory.use_cases import read_model
from etwinning_contracts.actor import Actor
from etwinning_contracts.runtime.clock import SystemClock
from etwinning_contracts.runtime.db import UnitOfWork


def run(Session, fn, *args, **kwargs):
    with Session() as session:
        uow = UnitOfWork(session, "directory", OutboxMessage, DirectoryRepository(session), SystemClock())
        result = fn(uow, *args, **kwargs)
        session.commit()
        return result


def teacher(Session, first="Ana", last=None, *, validated=True, available=True, member_type="teacher",
            languages=("en",), subjects=("history",)):
    """A registered user in the read model, as identity's snapshots make them."""
    user_id = uuid.uuid4()
    person = SimpleNamespace(id=user_id, actor=Actor(user_id=str(user_id), roles=("user",)), revision=0, snapshot={
        "username": None, "display_name": None, "first_name": first, "last_name": last or f"Doe{user_id.hex[:8]}",
        "member_type": member_type, "state": "active_etwinner" if validated else "registered_not_validated",
        "etwinning_validated": validated, "profile_public": True, "available_for_projects": available,
        "languages": list(languages), "subjects": list(subjects), "age_groups": ["12-15"], "ict_use": None,
        "has_picture": False, "schools": [], "last_login_at": None})
    change(Session, person)
    return person


def change(Session, person, **changes):
    person.revision += 1
    person.snapshot.update(changes, revision=person.revision)
    run(Session, read_model.apply_user_snapshot, person.id, dict(person.snapshot))


def block(Session, person):
    """As identity's block arrives: the new snapshot, then ``user_blocked``."""
    change(Session, person, state="blocked")
    run(Session, read_model.void_invitations_of_blocked, person.id, datetime.now(timezone.utc))
