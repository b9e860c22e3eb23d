"""identity's use cases: replay for read models."""

from etwinning_contracts.names import IdentityEvents as E

from .common import user_snapshot
from .schools import _publish_school


def republish_page(uow, *, after_user=None, after_school=None, limit=1000):
    """Publish the current snapshot of a page of schools and users again, unchanged (same
    revisions): consumers rebuild their read models from these events alone. Returns the
    last ids, to continue from, or None when done."""
    schools = uow.repo.schools_after(after_school, limit) if after_school != "done" else []
    for school in schools:
        _publish_school(uow, school)
    users = uow.repo.users_after(after_user, limit) if after_user != "done" else []
    for user in users:
        if user.revision:  # only accounts that were ever announced (not unconfirmed registrations)
            uow.emit(E.USER_CHANGED, user_id=str(user.id), user=user_snapshot(user))
    return (users[-1].id if len(users) == limit else "done", schools[-1].id if len(schools) == limit else "done")
