"""identity's use cases: NSO validation (R13-R19), and the director's answer by link (A22)."""
import uuid

from etwinning_contracts.cursors import cursor_time, decode_cursor, encode_cursor
from etwinning_contracts.errors import Conflict, Forbidden, Gone, NotFound
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import _changed, _current_memberships, _display_name, _hash, _restate
from .schools import _public_school_view


def _contact_from_applicant(task):
    """Whether the school's director details were last entered by the applicant themselves."""
    return task.school.director_details_updated_by == task.user_id


def _contact_vouched_for(uow, task):
    """Whether the director's address on the school can be trusted to reach its director, so that
    a yes through the emailed link confirms the applicant (R14): as the registry had it, or last
    entered by NSO or central staff, or by a teacher validated at that school. An address typed
    by the applicant, or by anyone else not validated there (the school's creator, a friend
    joining with them), may be their own."""
    entered_by = task.school.director_details_updated_by
    if entered_by is None:
        return True
    if entered_by == task.user_id:
        return False
    who = uow.repo.user(entered_by)
    if who is None:
        return False
    if who.role in ("nso_staff", "css_staff"):
        return True
    return any(m.school_id == task.school_id and m.validation_state == "validated" for m in _current_memberships(who))


def task_view(task, include_contact=True):
    u = task.user
    return {
        "id": task.id, "user_id": task.user_id,
        "applicant_name": _display_name(u) if u.state not in D.TERMINAL else D.ANONYMISED_NAME,
        "applicant_email": u.email if include_contact else None, "member_type": u.member_type,
        # to the applicant, no director's address they did not type: joining a school must not
        # be a way to collect directors' addresses
        "school": _public_school_view(task.school, include_contact or _contact_from_applicant(task)),
        "country": task.country, "region": task.region, "state": task.state,
        "created_at": task.created_at, "due_at": task.created_at + D.VALIDATION_DUE_AFTER,
        "director_confirmed_at": task.director_confirmed_at,
        "director_confirmation_channel": task.director_confirmation_channel,
        "director_confirmation_note": task.director_confirmation_note if include_contact else None,
        "director_asked_at": task.director_asked_at, "director_answer": task.director_answer,
        "director_contact_from_applicant": _contact_from_applicant(task),
        "decided_at": task.decided_at, "reason": task.reason, "rejected_at": task.rejected_at,
    }


TASK_CURSOR = (cursor_time, uuid.UUID)


def _queue_scope(uow, actor, country):
    """The (countries, region) of the tasks the actor may see: NSO validators their own country
    (and region, where their NSO has regions); CSS every country, or the one asked for."""
    if actor.is_css:
        return ([country] if country else None), None
    if "nso_staff" in actor.roles and "validator" in actor.permissions:
        if country and country != actor.country:
            raise Forbidden("NSO staff see only their own country's queue.")
        nso = uow.repo.nso(actor.country)
        return [actor.country], (actor.region if nso is not None and nso.regions else None)  # see Actor.can_act_for_country
    raise Forbidden("Only NSO validators and central staff can see validation tasks.")


def list_validation_tasks(uow, actor, *, state, country, limit, cursor=None, overdue=False):
    """The NSO's queue, oldest first, a page at a time: its own country (and region) only; CSS
    sees every country. ``overdue``: only the open tasks past their due date, the escalation
    list (A22). The cursor is the last task's place, so tasks decided meanwhile skip none."""
    countries, region = _queue_scope(uow, actor, country)
    after = decode_cursor(cursor, TASK_CURSOR, scope="list_validation_tasks") if cursor else None
    if overdue and state != "open":
        return {"items": [], "next_cursor": None}  # a decided task is never late
    created_before = uow.now() - D.VALIDATION_DUE_AFTER if overdue else None
    tasks = uow.repo.validation_tasks(state, countries, region, limit + 1, after, created_before)
    more, tasks = len(tasks) > limit, tasks[:limit]
    return {"items": [task_view(t) for t in tasks],
            "next_cursor": encode_cursor(tasks[-1].created_at.isoformat(), tasks[-1].id,
                                         scope="list_validation_tasks") if more else None}


def validation_summary(uow, actor, *, country=None):
    """The pipeline at a glance, per country in the actor's scope: what waits, on whom (the
    director's confirmation, or the officers' decision), what is late, and how fast the last
    30 days' decisions came. A country in scope with nothing to show is listed with zeros."""
    countries, region = _queue_scope(uow, actor, country)
    now = uow.now()
    since = now - D.SUMMARY_WINDOW
    rows = {r["country"]: r for r in uow.repo.validation_summary(countries, region, now - D.VALIDATION_DUE_AFTER,
                                                                 since)}
    for code in countries or ():
        rows.setdefault(code, None)
    return {"decided_since": since, "region": region,
            "countries": [D.pipeline_summary(code, row) for code, row in sorted(rows.items())]}


def _task_in_scope(uow, actor, task_id, lock=False):
    task = uow.repo.validation_task(task_id, lock=lock)
    if task is None:
        raise NotFound("No such validation task.")
    nso = uow.repo.nso(task.country)
    if not actor.can_act_for_country(task.country, "validator", task.region, bool(nso and nso.regions)):
        raise Forbidden("Only the validators of this school's country (and region) can do this.")
    return task


def get_validation_task(uow, actor, *, task_id):
    """One task as it stands, whatever its state (void: the teacher left the school before a
    decision), for an integration following up on it without paging the queue."""
    return task_view(_task_in_scope(uow, actor, task_id))


def _staff_task(uow, actor, task_id, reconsider=False):
    """A validation task the actor may decide (R16). With ``reconsider``, a rejected one too, as
    long as its membership is still current and has not been asked for again (A21: the NSO can
    validate later); asked for in so many words, so that two officers deciding at once do not
    overturn each other unawares."""
    task = _task_in_scope(uow, actor, task_id, lock=True)
    if task.state == "open":
        return task
    if task.state == "rejected":
        membership = uow.repo.membership(task.membership_id)
        if membership.ended_at is None and membership.validation_state == "rejected":
            if reconsider:
                return task
            raise Conflict(f"This task was rejected on {task.rejected_at:%Y-%m-%d %H:%M} UTC ({task.reason}). To "
                           "validate the teacher after all, validate with reconsider: true.", code="task_closed")
    raise Conflict(f"This task is already {task.state}.", code="task_closed")


def record_director_confirmation(uow, actor, *, task_id, channel, note):
    """The director's confirmation the NSO got (R14), recorded once: the same again changes
    nothing; another record would hide the first one's evidence."""
    task = _staff_task(uow, actor, task_id, reconsider=True)
    if task.director_confirmed_at is not None:
        if (task.director_confirmation_channel, task.director_confirmation_note) == (channel, note):
            return task_view(task)
        raise Conflict(f"The director's confirmation is already recorded ({task.director_confirmation_channel}, "
                       f"{task.director_confirmed_at:%Y-%m-%d %H:%M} UTC): validate or reject.",
                       code="director_confirmation_recorded")
    task.director_confirmed_at = uow.now()
    task.director_confirmation_channel = channel
    task.director_confirmation_note = note
    task.director_confirmed_by = uuid.UUID(actor.user_id) if actor.user_id else None
    return task_view(task)


def validate_teacher(uow, actor, *, task_id, reconsider=False):
    """``reconsider``: validate after a rejection (A21); its date and reason stay on the task."""
    task = _staff_task(uow, actor, task_id, reconsider=reconsider)
    if task.director_confirmed_at is None:
        raise Conflict("Record the school director's confirmation before validating." + _answer_hint(task),
                       code="director_confirmation_missing")
    task.state, task.decided_at = "validated", uow.now()
    task.decided_by = uuid.UUID(actor.user_id) if actor.user_id else None
    user = uow.repo.user(task.user_id, lock=True)
    membership = uow.repo.membership(task.membership_id)
    membership.validation_state = "validated"
    _restate(user)  # blocked or inactive: validated underneath, for when it ends
    uow.emit(E.MEMBERSHIP_VALIDATED, user_id=str(user.id), membership_id=str(membership.id),
             school_id=str(membership.school_id), started_at=membership.started_at,
             ended_at=membership.ended_at, validated=True)
    _changed(uow, user, E.USER_VALIDATED, reason=None, **_decision(user, task))
    return task_view(task)


def _answer_hint(task):
    if task.director_answer == "denied":
        return (" The director answered through the emailed link that this person does not work at the school: "
                "confirm it another way, or reject.")
    if task.director_answer == "confirmed":  # the address was the applicant's own entry (see answer_as_director)
        return (" The director's yes came to an address the applicant entered: check with the school through a "
                "contact you trust, then record it.")
    return ""


def reject_teacher(uow, actor, *, task_id, reason):
    task = _staff_task(uow, actor, task_id)
    task.state, task.decided_at, task.reason = "rejected", uow.now(), reason
    task.rejected_at = uow.now()
    task.decided_by = uuid.UUID(actor.user_id) if actor.user_id else None
    user = uow.repo.user(task.user_id, lock=True)
    uow.repo.membership(task.membership_id).validation_state = "rejected"
    _restate(user)  # registered_not_validated, unless another school keeps them validated or waiting (A21)
    _changed(uow, user, E.VALIDATION_REJECTED, reason=reason, **_decision(user, task))
    return task_view(task)


def _decision(user, task):
    """What a validation decision event carries: notify tells the teacher, in their language (R19)."""
    return {"task_id": str(task.id), "school_id": str(task.school_id), "country": task.country,
            "email": user.email, "display_name": _display_name(user), "language": user.interface_language,
            "school_name": task.school.name}


# the director's answer by link (A22): the NSO still decides, with the answer on the task

def _asked_task(uow, token, lock=True):
    task = uow.repo.task_by_director_link(_hash(token), lock=lock)
    if task is None:
        raise NotFound("This link is not valid, or it has been answered already.", code="link_invalid")
    if task.director_link_expires_at <= uow.now() or task.state != "open":
        raise Gone("This question is closed: the National Support Organisation has decided already, or the "
                   "link is too old.", code="link_expired")
    return task


def director_question(uow, *, token):
    """What the director's page asks about: who, and which school (the email said so already)."""
    task = _asked_task(uow, token, lock=False)
    return {"applicant_name": _display_name(task.user), "school_name": task.school.name}


def answer_as_director(uow, *, token, answer):
    """The director's "yes, this person works here" or "no". A yes counts as the confirmation
    the NSO needs before validating (R14), unless the director's address was entered by the
    applicant or someone else not vouched for (_contact_vouched_for): then, like a no, it is
    shown to the NSO, who decides."""
    task = _asked_task(uow, token)
    task.director_link_hash, task.director_answer = None, answer
    if answer == "confirmed" and task.director_confirmed_at is None and _contact_vouched_for(uow, task):
        task.director_confirmed_at, task.director_confirmation_channel = uow.now(), "director_link"
        task.director_confirmation_note = "Confirmed by the director through the emailed link."
    return {"status": answer,
            "detail": "Thank you: your answer is passed on to the National Support Organisation."}
