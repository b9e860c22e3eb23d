"""Tables of groups, their members, invitations, members-only discussion and documents."""
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base
from .db_posts import ranked

AREA = "groups"
TS = DateTime(timezone=True)


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(40))
    access_policy: Mapped[str] = mapped_column(String(30))
    moderated: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(20))  # requested|active|rejected|withdrawn|archived (§10.3)
    created_by: Mapped[uuid.UUID | None] = mapped_column(index=True)  # null once that account is erased
    code_of_conduct_version: Mapped[str] = mapped_column(String(20))
    code_of_conduct_accepted_at: Mapped[datetime] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    decided_at: Mapped[datetime | None] = mapped_column(TS)
    decided_by: Mapped[uuid.UUID | None] = mapped_column()
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(TS)
    search_text: Mapped[str] = mapped_column(Text)  # unaccented words of name and description
    # the name without case, accents, spaces or punctuation (domain.name_key): one group per name
    name_key: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("groups_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}, postgresql_where=text("state = 'active'")),
        Index("groups_state", "state", "created_at"),
        # migration 0013: the group already holding a name, among requests and active groups
        Index("groups_name_key", "name_key", postgresql_where=text("state in ('requested', 'active')")),
    )


class GroupMember(Base):
    __tablename__ = "group_members"
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))  # admin|moderator|member
    joined_at: Mapped[datetime] = mapped_column(TS)


class GroupInvitation(Base):
    __tablename__ = "group_invitations"
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    invitee_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    inviter_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class GroupMessage(Base):
    __tablename__ = "group_messages"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(index=True)  # null in rows written before 0013 only
    kind: Mapped[str] = mapped_column(String(20))  # discussion|activity|task
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("group_messages_thread", "group_id", "created_at", "id"),)


class GroupDocument(Base):
    """A document shared with the group's members (R85): a title and a link."""

    __tablename__ = "group_documents"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    added_by: Mapped[uuid.UUID | None] = mapped_column(index=True)  # null in rows written before 0013 only
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (Index("group_documents_by_group", "group_id", "id"),)


class Repository:
    def __init__(self, session):
        self.session = session

    def new_group(self, **values):
        return self._add(Group(id=uuid.uuid4(), state="requested", **values))

    def new_member(self, **values):
        return self._add(GroupMember(**values))

    def new_invitation(self, **values):
        return self._add(GroupInvitation(**values))

    def new_message(self, **values):
        return self._add(GroupMessage(id=uuid.uuid4(), **values))

    def new_document(self, **values):
        return self._add(GroupDocument(**values))

    def _add(self, row):
        self.session.add(row)
        return row

    def group(self, group_id, lock=False):
        return self.session.get(Group, group_id, with_for_update=lock, populate_existing=lock)

    def member(self, group_id, user_id, lock=False):
        return self.session.get(GroupMember, (group_id, user_id), with_for_update=lock, populate_existing=lock)

    def members(self, group_id):
        return self.session.scalars(select(GroupMember).where(GroupMember.group_id == group_id)).all()

    def invitation(self, group_id, user_id):
        return self.session.get(GroupInvitation, (group_id, user_id))

    def message(self, message_id):
        return self.session.get(GroupMessage, message_id)

    def holding_name(self, name_key, other_than=None):
        """The requested or active group with this name key (other than ``other_than``), if any.
        The key is locked for the rest of the transaction first, so two requests for one name at
        once run one after the other."""
        self.session.execute(text("select pg_advisory_xact_lock(hashtext('groups.name_key'), hashtext(:k))"),
                             {"k": name_key})
        query = select(Group).where(Group.name_key == name_key, Group.state.in_(("requested", "active")))
        if other_than is not None:
            query = query.where(Group.id != other_than)
        return self.session.scalars(query).first()

    def member_counts(self, group_ids):
        if not group_ids:
            return {}
        return dict(self.session.execute(text(
            "select group_id, count(*) from group_members where group_id = any(:ids) group by group_id"),
            {"ids": list(group_ids)}).all())

    def roles_of(self, user_id, group_ids):
        """The user's role in each of these groups: a member role, or 'invited'."""
        if user_id is None or not group_ids:
            return {}
        rows = self.session.execute(text(
            "select group_id, 'invited' from group_invitations where invitee_id = :u and group_id = any(:ids) "
            "union all select group_id, role from group_members where user_id = :u and group_id = any(:ids)"),
            {"u": user_id, "ids": list(group_ids)}).all()
        return dict(rows)  # never both: joining deletes the invitation, members are not invited

    def search(self, words, filters, state, limit, after=None):
        where, params = ["g.state = :state"], {"state": state}
        for key in ("subject", "access_policy"):
            if filters.get(key):
                where.append(f"g.{key} = :{key}")
                params[key] = filters[key]
        return ranked(self.session, Group, "groups g", "g.search_text", "g.created_at", words, where, params,
                      limit, after)

    def groups_of(self, user_id, public_only, limit, after=None):
        """The groups a user belongs to, newest membership first (My Groups, the profile: R87)."""
        where = ["m.user_id = :u", "g.state not in ('rejected', 'withdrawn')"]
        if public_only:  # what others see on a profile: active groups that are not invitation-only
            where += ["g.state = 'active'", "g.access_policy <> 'invitation_only'"]
        params = {"u": user_id, "n": limit + 1}
        if after:
            where.append("(m.joined_at, g.id) < (cast(:t as timestamptz), :i)")
            params.update(t=after[0], i=after[1])
        rows = self.session.execute(text(
            f"select g.id, m.joined_at from group_members m join groups g on g.id = m.group_id "
            f"where {' and '.join(where)} order by m.joined_at desc, g.id desc limit :n"), params).all()
        groups = {g.id: g for g in self.session.scalars(select(Group).where(Group.id.in_([r.id for r in rows])))}
        return [(groups[r.id], r.joined_at) for r in rows]

    def invitations_for(self, user_id, limit, after=None):
        query = (select(GroupInvitation).join(Group, Group.id == GroupInvitation.group_id)
                 .where(GroupInvitation.invitee_id == user_id, Group.state == "active"))
        if after:
            query = query.where(text("(group_invitations.created_at, group_invitations.group_id) < "
                                     "(cast(:t as timestamptz), :i)").bindparams(t=after[0], i=after[1]))
        return self.session.scalars(query.order_by(GroupInvitation.created_at.desc(), GroupInvitation.group_id.desc())
                                    .limit(limit + 1)).all()

    def invitations_of_group(self, group_id, limit, after=None):
        query = select(GroupInvitation).where(GroupInvitation.group_id == group_id)
        if after:
            query = query.where(text("(group_invitations.created_at, group_invitations.invitee_id) < "
                                     "(cast(:t as timestamptz), :i)").bindparams(t=after[0], i=after[1]))
        return self.session.scalars(query.order_by(GroupInvitation.created_at.desc(),
                                                   GroupInvitation.invitee_id.desc()).limit(limit + 1)).all()

    def member_page(self, group_id, limit, after=None):
        """Admin first, then moderators, then members by seniority."""
        params = {"g": group_id, "n": limit + 1}
        rank = "case role when 'admin' then 0 when 'moderator' then 1 else 2 end"
        page = ""
        if after:
            page = f"and ({rank}, joined_at, user_id) > (:r, cast(:t as timestamptz), :i)"
            params.update(r=after[0], t=after[1], i=after[2])
        ids = [r.user_id for r in self.session.execute(text(
            f"select user_id from group_members where group_id = :g {page} "
            f"order by {rank}, joined_at, user_id limit :n"), params)]
        members = {m.user_id: m for m in self.session.scalars(
            select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.user_id.in_(ids)))}
        return [members[i] for i in ids]

    def messages(self, group_id, limit, after=None, kind=None):
        """Newest first, like a discussion wall; of one kind (the chat room) when asked."""
        query = select(GroupMessage).where(GroupMessage.group_id == group_id)
        if kind:
            query = query.where(GroupMessage.kind == kind)
        if after:
            query = query.where(text("(created_at, id) < (cast(:t as timestamptz), :i)")
                                .bindparams(t=after[0], i=after[1]))
        return self.session.scalars(query.order_by(GroupMessage.created_at.desc(), GroupMessage.id.desc())
                                    .limit(limit + 1)).all()


    def document(self, document_id):
        return self.session.get(GroupDocument, document_id)

    def documents(self, group_id, limit, after=None):
        """Newest first, like the wall."""
        query = select(GroupDocument).where(GroupDocument.group_id == group_id)
        if after:
            query = query.where(GroupDocument.id < after)
        return self.session.scalars(query.order_by(GroupDocument.id.desc()).limit(limit + 1)).all()


def void_invitations(session, user_id, before, now):
    """A blocked person's group invitations, sent or received, are withdrawn (A20)."""
    session.execute(text("delete from group_invitations where (invitee_id = :u or inviter_id = :u) "
                         "and created_at <= :before"), {"u": user_id, "before": before})


def erase_person(session, user_id):
    """An erased account leaves every group, and what it wrote there goes: its discussion
    messages and the documents it shared hold its words, and nothing of the person may stay
    (A15 keeps project history, not a group's chatter). A group the person requested that was
    never approved, or that nobody else belongs to, goes; any other group they ran passes to
    its longest-standing moderator, or else member (as when an admin leaves), and stays without
    its creator; one left with nobody is archived."""
    from .use_cases.groups import successor

    memberships = session.execute(text("select group_id, role from group_members where user_id = :u"),
                                  {"u": user_id}).all()
    for group_id, role in memberships:
        session.execute(text("delete from group_members where group_id = :g and user_id = :u"),
                        {"g": group_id, "u": user_id})
        if role == "admin":
            heir = successor(session.scalars(select(GroupMember).where(GroupMember.group_id == group_id)).all())
            if heir is not None:
                heir.role = "admin"
    session.flush()
    session.execute(text(
        "delete from groups g where g.created_by = :u and (g.state in ('requested', 'rejected', 'withdrawn') "
        "or not exists (select 1 from group_members m where m.group_id = g.id))"), {"u": user_id})
    # another's group they were the last member of is archived, as when the last member leaves
    session.execute(text(
        "update groups g set state = 'archived', archived_at = now() where g.state = 'active' "
        "and g.id = any(:groups) and not exists (select 1 from group_members m where m.group_id = g.id)"),
        {"groups": [group_id for group_id, _ in memberships]})
    for sql in ("update groups set created_by = null where created_by = :u",
                "update groups set decided_by = null where decided_by = :u",
                "delete from group_invitations where invitee_id = :u",
                "update group_invitations set inviter_id = null where inviter_id = :u",
                "delete from group_messages where author_id = :u",
                "delete from group_documents where added_by = :u"):
        session.execute(text(sql), {"u": user_id})
