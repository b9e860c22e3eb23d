"""Groups (R80-R88, §10.3, A28-A30): request, CSS decision, joining by access policy,
invitations, moderators, the members-only discussion and documents. Groups never expire (R88).
The rules that need no data come first, as plain functions."""
import uuid

from etwinning_contracts.directory.groups import CODE_OF_CONDUCT_VERSION, Events as E
from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound

from .. import domain as D
from .networking import record_activity
from .search import person_card, search_words

SEARCH_CURSOR = (int, float, D.cursor_time, uuid.UUID)  # a forged time is a 422, not a 500
PAGE_CURSOR = (D.cursor_time, uuid.UUID)
MEMBER_CURSOR = (int, D.cursor_time, uuid.UUID)
LEADERS = ("admin", "moderator")

# ---------------------------------------------------------------- rules

# §10.3: which decision moves a group from which state to which
TRANSITIONS = {
    ("requested", "approve"): "active",
    ("requested", "reject"): "rejected",
    ("requested", "withdraw"): "withdrawn",
    ("active", "archive"): "archived",
    ("archived", "restore"): "active",
}


def next_state(state, action):
    """The state after ``action``, or None when the group's state does not allow it."""
    return TRANSITIONS.get((state, action))


def visible(state, is_creator, is_css):
    """Approved groups (active, archived) are visible to all; a request only to its author and CSS."""
    return state in ("active", "archived") or is_creator or is_css


def join_refusal(policy, state, role, is_registered, is_etwinner):
    """Why this person may not join by themselves, or None (R83-R84, A28, A30). ``role`` is their
    current role, 'invited' when an invitation waits: joining then accepts it."""
    if state != "active":
        return "group_not_active"
    if role in ("admin", "moderator", "member"):
        return "already_member"
    if not is_registered:
        return "not_registered"
    if policy == "etwinners_only" and not is_etwinner:  # invited or not: validated since then? (A21)
        return "etwinners_only"
    if policy == "invitation_only" and role != "invited":
        return "invitation_only"
    return None


def invite_refusal(policy, state, inviter_role, invitee_role, invitee_registered, invitee_etwinner):
    if state != "active":
        return "group_not_active"
    if inviter_role not in LEADERS:
        return "not_group_admin"
    if not invitee_registered:
        return "not_registered"
    if invitee_role == "invited":
        return "already_invited"
    if invitee_role is not None:
        return "already_member"
    if policy == "etwinners_only" and not invitee_etwinner:
        return "etwinners_only"
    return None


REFUSAL_TEXT = {
    "group_not_active": "This group is not open: it is waiting for approval, archived or closed.",
    "already_member": "Already a member of this group.",
    "already_invited": "This person already has an invitation to this group.",
    "not_registered": "Only registered platform users can be group members.",
    "invitation_only": "This group is closed: members join only when a group administrator invites them.",
    "etwinners_only": "This group is open to eTwinning-validated teachers only.",
    "not_group_admin": "Only the group's administrator and moderators can invite.",
}


def raise_refusal(code):
    if code in ("already_member", "already_invited", "group_not_active"):
        raise Conflict(REFUSAL_TEXT[code], code=code)
    raise Forbidden(REFUSAL_TEXT[code], code=code)


def name_taken(name, state):
    """What a request for a name already held is told (names compared by domain.name_key)."""
    if state == "active":
        return f"A group named '{name}' already exists: join it, or choose another name."
    return f"A group named '{name}' is already waiting for approval; choose another name."


def may_post(role, kind, state):
    """Members discuss and chat; activities and tasks come from the admin and moderators (R86); an
    archived group is read-only."""
    return state == "active" and role in LEADERS + ("member",) and (kind in ("discussion", "chat") or role in LEADERS)


def may_remove_content(role, is_author, is_css):
    return is_author or is_css or role in LEADERS


def successor(members):
    """Who runs the group when its admin goes: the longest-standing moderator, else the
    longest-standing member, else nobody (the group is left without members)."""
    ranked = sorted((m for m in members if m.role != "admin"),
                    key=lambda m: (m.role != "moderator", m.joined_at, str(m.user_id)))
    return ranked[0] if ranked else None


# ---------------------------------------------------------------- helpers

def _user_id(actor):
    return uuid.UUID(actor.user_id) if actor.user_id else None


def _me(uow, actor):
    me = uow.repo.person(uuid.UUID(actor.require_user()))
    if me is None:
        raise Forbidden("Finish your registration first.", code="no_profile")
    return me


def _group(uow, actor, group_id, lock=False):
    group = uow.repo.groups.group(uuid.UUID(str(group_id)), lock=lock)
    if group is None or not visible(group.state, group.created_by == _user_id(actor), actor.is_css):
        raise NotFound("No such group.", code="not_found")
    return group


def _role(uow, group, user_id):
    return uow.repo.groups.roles_of(user_id, [group.id]).get(group.id) if user_id else None


def _member_role(uow, actor, group):
    """The actor's member role; content is for members only (R85), CSS may read to moderate."""
    role = _role(uow, group, _user_id(actor))
    if role not in LEADERS + ("member",) and not actor.is_css:
        raise Forbidden("Only members of this group can see and use its content.", code="members_only")
    return role


def _join_refusal(group, person, role):
    registered = person is not None and person.searchable
    return join_refusal(group.access_policy, group.state, role, registered,
                        registered and D.is_eTwinner(person))


def group_views(uow, actor, groups, scores=None):
    me = _user_id(actor)
    people = uow.repo.people({g.created_by for g in groups if g.created_by})
    counts = uow.repo.groups.member_counts([g.id for g in groups])
    roles = uow.repo.groups.roles_of(me, [g.id for g in groups])
    person = uow.repo.person(me) if me else None
    views = []
    for g in groups:
        refusal = _join_refusal(g, person, roles.get(g.id))
        private = g.created_by == me or actor.is_css
        views.append({
            **{k: getattr(g, k) for k in ("id", "name", "description", "subject", "access_policy", "moderated",
                                          "state", "code_of_conduct_version", "code_of_conduct_accepted_at",
                                          "created_at", "decided_at", "archived_at")},
            "creator": person_card(people[g.created_by]) if g.created_by in people else None,
            "member_count": counts.get(g.id, 0), "my_role": roles.get(g.id),
            "can_join": refusal is None, "join_refusal": refusal,
            "rejection_reason": g.rejection_reason if private else None,
            "score": (scores or {}).get(g.id)})
    return views


def group_view(uow, actor, group):
    return group_views(uow, actor, [group])[0]


def _emit(uow, event, group, user_id, actor_id=None, reason=None):
    uow.emit(event, user_id=str(user_id), group_id=str(group.id), name=group.name,
             actor_id=str(actor_id) if actor_id else None, reason=reason)


def _public_activity(uow, group, user_id, kind):
    """Joining or founding a closed group is not shown in the feed: its membership is private (A58)."""
    if group.access_policy != "invitation_only":
        record_activity(uow, user_id, kind, {"group_id": str(group.id), "name": group.name})


def _add_member(uow, group, user_id, role):
    uow.repo.groups.new_member(group_id=group.id, user_id=user_id, role=role, joined_at=uow.now())
    invitation = uow.repo.groups.invitation(group.id, user_id)
    if invitation is not None:
        uow.repo.delete(invitation)
    uow.repo.flush()


# ---------------------------------------------------------------- requests and decisions (§10.3)

def request_group(uow, actor, *, name, description, subject, access_policy, moderated, accept_code_of_conduct):
    """A validated eTwinner asks for a group (A30), accepting the current Code of Conduct (R81);
    nobody else sees it until CSS approves it (R80). The requester will be its admin (A29)."""
    me = _me(uow, actor)
    if not D.is_eTwinner(me):
        raise Forbidden("Only eTwinning-validated teachers can request a group.", code="etwinners_only")
    key = D.name_key(name)
    existing = uow.repo.groups.holding_name(key)
    if existing is not None:  # a second group of one name would split its members and confuse search
        raise Conflict(name_taken(existing.name, existing.state), {"name": ["Choose another name."]},
                       code="group_exists")
    now = uow.now()
    group = uow.repo.groups.new_group(
        name=name, description=description, subject=subject, access_policy=access_policy,
        moderated=moderated, created_by=me.user_id, created_at=now,
        code_of_conduct_version=CODE_OF_CONDUCT_VERSION, code_of_conduct_accepted_at=now,
        search_text=D.normalise(f"{name} {description}"), name_key=key)
    uow.repo.flush()
    _add_member(uow, group, me.user_id, "admin")
    _emit(uow, E.GROUP_REQUESTED, group, me.user_id)
    return group_view(uow, actor, group)


PAST = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn", "archive": "archived",
        "restore": "restored"}


def _decide(uow, actor, group_id, action, css_only=True):
    if css_only and not actor.is_css:
        raise Forbidden("Only the Central Support Service decides on groups.", code="css_only")
    group = _group(uow, actor, group_id, lock=True)
    state = next_state(group.state, action)
    if state is None:
        raise Conflict(f"A group that is {group.state} cannot be {PAST[action]}.", code="invalid_state")
    group.state = state
    return group


def approve_group(uow, actor, *, group_id):
    group = _decide(uow, actor, group_id, "approve")
    group.decided_at, group.decided_by = uow.now(), _user_id(actor)
    if group.created_by:
        _emit(uow, E.GROUP_APPROVED, group, group.created_by, _user_id(actor))
        _public_activity(uow, group, group.created_by, "group_created")
    return group_view(uow, actor, group)


def reject_group(uow, actor, *, group_id, reason):
    group = _decide(uow, actor, group_id, "reject")
    group.decided_at, group.decided_by, group.rejection_reason = uow.now(), _user_id(actor), reason
    if group.created_by:
        _emit(uow, E.GROUP_REJECTED, group, group.created_by, _user_id(actor), reason)
    return group_view(uow, actor, group)


def withdraw_group_request(uow, actor, *, group_id):
    group = _group(uow, actor, group_id, lock=True)
    if group.created_by != _user_id(actor):
        raise Forbidden("Only the person who requested this group can withdraw the request.", code="not_requester")
    _decide(uow, actor, group_id, "withdraw", css_only=False)
    return group_view(uow, actor, group)


def archive_group(uow, actor, *, group_id):
    group = _decide(uow, actor, group_id, "archive")
    group.archived_at = uow.now()
    if group.created_by:
        _emit(uow, E.GROUP_ARCHIVED, group, group.created_by, _user_id(actor))
    return group_view(uow, actor, group)


def restore_group(uow, actor, *, group_id):
    group = _decide(uow, actor, group_id, "restore")
    if not uow.repo.groups.members(group.id):  # its last member left: active again, nobody would run it
        raise Conflict("Nobody belongs to this group any more, so nobody would run it.", code="group_empty")
    existing = uow.repo.groups.holding_name(group.name_key, other_than=group.id)
    if existing is not None:  # its name went to a group made meanwhile
        raise Conflict(name_taken(existing.name, existing.state) + " Rename one of them first.",
                       {"name": ["Taken by another group."]}, code="group_exists")
    group.archived_at = None
    if group.created_by:
        _emit(uow, E.GROUP_RESTORED, group, group.created_by, _user_id(actor))
    return group_view(uow, actor, group)


# ---------------------------------------------------------------- finding groups (R82, R87)

def get_group(uow, actor, *, group_id):
    return group_view(uow, actor, _group(uow, actor, group_id))


def search_groups(uow, actor, *, q=None, state="active", limit, cursor=None, **filters):
    """Browse and search approved groups; CSS also reviews requests with state=requested."""
    actor.require_user()
    if state != "active" and not actor.is_css:
        raise Forbidden("Only the Central Support Service can list groups that are not active.", code="css_only")
    after = D.decode_cursor(cursor, SEARCH_CURSOR, scope="search_groups") if cursor else None
    rows = uow.repo.groups.search(search_words("q", q, D.query_words), filters, state, limit, after)
    more, rows = len(rows) > limit, rows[:limit]
    last = rows[-1] if rows else None
    return {"items": group_views(uow, actor, [g for g, _, _ in rows], {g.id: s for g, _, s in rows} if q else None),
            "next_cursor": D.encode_cursor(last[1], last[2], last[0].created_at.isoformat(), last[0].id,
                                           scope="search_groups")
            if more else None}


def list_member_groups(uow, actor, *, user_id=None, limit, cursor=None):
    """My Groups, or the groups shown on someone's profile (R87): only of someone found in
    search, as their events are (R54)."""
    me = _user_id(actor) or uuid.UUID(actor.require_user())
    whose = uuid.UUID(str(user_id)) if user_id else me
    if whose != me:
        person = uow.repo.person(whose)
        if person is None or not person.searchable:
            raise NotFound("No such person.", code="not_found")
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_member_groups") if cursor else None
    rows = uow.repo.groups.groups_of(whose, whose != me and not actor.is_css, limit, after)
    more, rows = len(rows) > limit, rows[:limit]
    return {"items": group_views(uow, actor, [g for g, _ in rows]),
            "next_cursor": D.encode_cursor(rows[-1][1].isoformat(), rows[-1][0].id,
                                           scope="list_member_groups") if more else None}


# ---------------------------------------------------------------- membership (R83-R84, A28)

def join_group(uow, actor, *, group_id):
    me = _me(uow, actor)
    group = _group(uow, actor, group_id, lock=True)
    refusal = _join_refusal(group, me, _role(uow, group, me.user_id))
    if refusal:
        raise_refusal(refusal)
    _add_member(uow, group, me.user_id, "member")
    _emit(uow, E.MEMBER_JOINED, group, me.user_id)
    _public_activity(uow, group, me.user_id, "group_joined")
    return group_view(uow, actor, group)


def leave_group(uow, actor, *, group_id):
    """Leaving is always possible, closed groups included (A28). An admin who leaves hands the
    group to the longest-standing moderator, else member; when the last member leaves an active
    group, it is archived (read-only, as it was): nobody is left to run it, and groups do not
    expire (R88)."""
    me = _me(uow, actor)
    group = _group(uow, actor, group_id, lock=True)
    membership = uow.repo.groups.member(group.id, me.user_id)
    if membership is None:
        raise NotFound("You are not a member of this group.", code="not_a_member")
    if group.state == "requested":
        raise Conflict("This group is still a request: withdraw the request instead.", code="withdraw_instead")
    _remove_member(uow, group, membership)
    _emit(uow, E.MEMBER_LEFT, group, me.user_id)
    return group_view(uow, actor, group)


def _remove_member(uow, group, membership):
    """The member goes; an admin's role passes on (see leave_group), and an active group left
    with nobody is archived, whoever removed its last member."""
    uow.repo.delete(membership)
    uow.repo.flush()
    remaining = uow.repo.groups.members(group.id)
    if membership.role == "admin":
        heir = successor(remaining)
        if heir is not None:
            heir.role = "admin"
    if not remaining and group.state == "active":
        group.state, group.archived_at = next_state(group.state, "archive"), uow.now()


def remove_group_member(uow, actor, *, group_id, user_id):
    group = _group(uow, actor, group_id, lock=True)
    if _role(uow, group, _user_id(actor)) != "admin" and not actor.is_css:
        raise Forbidden("Only the group's administrator or the Central Support Service can remove members.",
                        code="not_group_admin")
    membership = uow.repo.groups.member(group.id, uuid.UUID(str(user_id)))
    if membership is None:
        raise NotFound("This person is not a member of this group.", code="not_a_member")
    if membership.user_id == _user_id(actor):
        raise Conflict("Leave the group instead of removing yourself.", code="use_leave")
    _remove_member(uow, group, membership)
    _emit(uow, E.MEMBER_LEFT, group, membership.user_id, _user_id(actor))
    return {"status": "removed", "detail": "The member was removed from the group."}


def list_group_members(uow, actor, *, group_id, limit, cursor=None):
    group = _group(uow, actor, group_id)
    _member_role(uow, actor, group)
    after = D.decode_cursor(cursor, MEMBER_CURSOR, scope="list_group_members") if cursor else None
    members = uow.repo.groups.member_page(group.id, limit, after)
    more, members = len(members) > limit, members[:limit]
    people = uow.repo.people({m.user_id for m in members}, listed=True)  # (hidden while blocked or inactive)
    rank = {"admin": 0, "moderator": 1, "member": 2}
    last = members[-1] if members else None
    return {"items": [{"person": person_card(people[m.user_id]), "role": m.role, "joined_at": m.joined_at}
                      for m in members if m.user_id in people],
            "next_cursor": D.encode_cursor(rank[last.role], last.joined_at.isoformat(), last.user_id,
                                           scope="list_group_members")
            if more else None}


def set_moderator(uow, actor, *, group_id, user_id, moderator):
    """The admin appoints and dismisses moderators among the members (A29)."""
    group = _group(uow, actor, group_id, lock=True)
    if _role(uow, group, _user_id(actor)) != "admin":
        raise Forbidden("Only the group's administrator appoints moderators.", code="not_group_admin")
    membership = uow.repo.groups.member(group.id, uuid.UUID(str(user_id)), lock=True)
    if membership is None:
        raise NotFound("This person is not a member of this group.", code="not_a_member")
    if membership.role == "admin":
        raise Conflict("The administrator already has every right.", code="is_admin")
    membership.role = "moderator" if moderator else "member"
    person = uow.repo.person(membership.user_id)
    return {"person": person_card(person), "role": membership.role, "joined_at": membership.joined_at}


# ---------------------------------------------------------------- invitations

def invite_to_group(uow, actor, *, group_id, user_id):
    me = _me(uow, actor)
    group = _group(uow, actor, group_id, lock=True)
    invitee = uow.repo.person(uuid.UUID(str(user_id)))
    registered = invitee is not None and invitee.searchable
    refusal = invite_refusal(group.access_policy, group.state, _role(uow, group, me.user_id),
                             _role(uow, group, invitee.user_id) if invitee else None, registered,
                             registered and D.is_eTwinner(invitee))
    if refusal == "not_registered":
        raise NotFound("No such person.", code="not_found")
    if refusal:
        raise_refusal(refusal)
    uow.repo.groups.new_invitation(group_id=group.id, invitee_id=invitee.user_id, inviter_id=me.user_id,
                                   created_at=uow.now())
    uow.repo.flush()
    _emit(uow, E.INVITATION_SENT, group, invitee.user_id, me.user_id)
    return {"status": "invited", "detail": f"{invitee.display_name} is invited to {group.name}."}


def accept_group_invitation(uow, actor, *, group_id):
    me = _me(uow, actor)
    group = _group(uow, actor, group_id, lock=True)
    if uow.repo.groups.invitation(group.id, me.user_id) is None:
        raise NotFound("You have no invitation to this group.", code="no_invitation")
    return join_group(uow, actor, group_id=group_id)


def decline_group_invitation(uow, actor, *, group_id):
    me = _me(uow, actor)
    # the group's row, as accepting takes it: an accept and a decline at once are one after the other
    group = _group(uow, actor, group_id, lock=True)
    invitation = uow.repo.groups.invitation(group.id, me.user_id)
    if invitation is None:
        raise NotFound("You have no invitation to this group.", code="no_invitation")
    uow.repo.delete(invitation)
    return {"status": "declined", "detail": "Invitation declined."}


def _leader(uow, actor, group_id, lock=False):
    """The group and me, one of its admin or moderators (who invite, so who withdraw)."""
    me = _me(uow, actor)
    group = _group(uow, actor, group_id, lock=lock)
    if _role(uow, group, me.user_id) not in LEADERS:
        raise Forbidden("Only the group's administrator and moderators manage its invitations.", code="not_leader")
    return me, group


def withdraw_group_invitation(uow, actor, *, group_id, user_id):
    """An invitation sent by mistake, or to someone who never answers (requirements §10.3)."""
    _, group = _leader(uow, actor, group_id, lock=True)  # as accepting takes it: one after the other
    invitation = uow.repo.groups.invitation(group.id, uuid.UUID(str(user_id)))
    if invitation is None:
        raise NotFound("This person has no invitation to this group.", code="no_invitation")
    uow.repo.delete(invitation)
    return {"status": "withdrawn", "detail": "Invitation withdrawn."}


def list_invited(uow, actor, *, group_id, limit, cursor=None):
    """Who the group has invited and has not answered yet, newest first (its leaders)."""
    _, group = _leader(uow, actor, group_id)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_invited") if cursor else None
    invitations = uow.repo.groups.invitations_of_group(group.id, limit, after)
    more, invitations = len(invitations) > limit, invitations[:limit]
    people = uow.repo.people({i.invitee_id for i in invitations} | {i.inviter_id for i in invitations if i.inviter_id},
                             listed=True)
    last = invitations[-1] if invitations else None
    return {"items": [{"person": person_card(people[i.invitee_id]), "created_at": i.created_at,
                       "inviter": person_card(people[i.inviter_id]) if i.inviter_id in people else None}
                      for i in invitations if i.invitee_id in people],  # (hidden while inactive or blocked)
            "next_cursor": D.encode_cursor(last.created_at.isoformat(), last.invitee_id,
                                           scope="list_invited") if more else None}


def list_group_invitations(uow, actor, *, limit, cursor=None):
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_group_invitations") if cursor else None
    invitations = uow.repo.groups.invitations_for(me.user_id, limit, after)
    more, invitations = len(invitations) > limit, invitations[:limit]
    groups = {g["id"]: g for g in group_views(uow, actor, [uow.repo.groups.group(i.group_id) for i in invitations])}
    inviters = uow.repo.people({i.inviter_id for i in invitations if i.inviter_id})
    last = invitations[-1] if invitations else None
    return {"items": [{"group": groups[i.group_id], "created_at": i.created_at,
                       "inviter": person_card(inviters[i.inviter_id]) if i.inviter_id in inviters else None}
                      for i in invitations],
            "next_cursor": D.encode_cursor(last.created_at.isoformat(), last.group_id,
                                           scope="list_group_invitations") if more else None}


# ---------------------------------------------------------------- members-only discussion (R85-R86)

def _message_view(message, people):
    author = people.get(message.author_id)
    return {"id": message.id, "group_id": message.group_id, "author": person_card(author) if author else None,
            "kind": message.kind, "title": message.title, "body": message.body, "created_at": message.created_at}


def post_group_message(uow, actor, *, group_id, kind, title, body):
    me = _me(uow, actor)
    group = _group(uow, actor, group_id)
    role = _role(uow, group, me.user_id)
    if role not in LEADERS + ("member",):
        raise Forbidden("Only members of this group can take part in it.", code="members_only")
    if group.state == "archived":
        raise Conflict("This group is archived: it can be read, not written to.", code="group_archived")
    if group.state != "active":
        raise Conflict("This group is not open yet: the Central Support Service has to approve it first.",
                       code="group_not_active")
    if kind == "chat" and title:
        raise Invalid("A chat line has no title.", {"title": ["Leave it out for kind chat."]}, code="validation_failed")
    if not may_post(role, kind, group.state):
        raise Forbidden("Activities and tasks are published by the group's moderators.", code="moderators_only")
    message = uow.repo.groups.new_message(group_id=group.id, author_id=me.user_id, kind=kind,
                                          title=title, body=body, created_at=uow.now())
    uow.repo.flush()
    return _message_view(message, {me.user_id: me})


def list_group_messages(uow, actor, *, group_id, limit, cursor=None, kind=None):
    group = _group(uow, actor, group_id)
    _member_role(uow, actor, group)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_group_messages") if cursor else None
    messages = uow.repo.groups.messages(group.id, limit, after, kind)
    more, messages = len(messages) > limit, messages[:limit]
    people = uow.repo.people({m.author_id for m in messages if m.author_id}, listed=True)
    return {"items": [_message_view(m, people) for m in messages],
            "next_cursor": D.encode_cursor(messages[-1].created_at.isoformat(), messages[-1].id,
                                           scope="list_group_messages") if more else None}


def delete_group_message(uow, actor, *, group_id, message_id):
    group = _group(uow, actor, group_id)
    role = _member_role(uow, actor, group)
    message = uow.repo.groups.message(uuid.UUID(str(message_id)))
    if message is None or message.group_id != group.id:
        raise NotFound("No such message in this group.", code="not_found")
    if not may_remove_content(role, message.author_id == _user_id(actor), actor.is_css):
        raise Forbidden("Only the author and the group's moderators can remove a message.", code="moderators_only")
    uow.repo.delete(message)
    return {"status": "removed", "detail": "The message was removed."}


# ---------------------------------------------------------------- members-only documents (R85)

def _document_view(document, people):
    added_by = people.get(document.added_by)
    return {"id": document.id, "group_id": document.group_id, "title": document.title, "url": document.url,
            "added_by": person_card(added_by) if added_by else None, "created_at": document.created_at}


def add_group_document(uow, actor, *, group_id, title, url):
    """Any member shares a document with the group; an archived group is read-only."""
    me = _me(uow, actor)
    group = _group(uow, actor, group_id)
    if _role(uow, group, me.user_id) not in LEADERS + ("member",):
        raise Forbidden("Only members of this group can take part in it.", code="members_only")
    if group.state != "active":
        raise Conflict("This group is archived: it can be read, not written to.", code="group_archived")
    document = uow.repo.groups.new_document(group_id=group.id, added_by=me.user_id, title=title, url=url,
                                            created_at=uow.now())
    uow.repo.flush()
    return _document_view(document, {me.user_id: me})


def list_group_documents(uow, actor, *, group_id, limit, cursor=None):
    group = _group(uow, actor, group_id)
    _member_role(uow, actor, group)
    after = D.decode_cursor(cursor, (int,), scope="list_group_documents")[0] if cursor else None
    documents = uow.repo.groups.documents(group.id, limit, after)
    more, documents = len(documents) > limit, documents[:limit]
    people = uow.repo.people({d.added_by for d in documents if d.added_by}, listed=True)
    return {"items": [_document_view(d, people) for d in documents],
            "next_cursor": D.encode_cursor(documents[-1].id, scope="list_group_documents") if more else None}


def delete_group_document(uow, actor, *, group_id, document_id):
    group = _group(uow, actor, group_id)
    role = _member_role(uow, actor, group)
    document = uow.repo.groups.document(document_id)
    if document is None or document.group_id != group.id:
        raise NotFound("No such document in this group.", code="not_found")
    if not may_remove_content(role, document.added_by == _user_id(actor), actor.is_css):
        raise Forbidden("Only whoever added it and the group's moderators can remove a document.",
                        code="moderators_only")
    uow.repo.delete(document)
    return {"status": "removed", "detail": "The document was removed."}
