"""Groups (R80-R88, §10.3, A28-A30): requested by a validated eTwinner who accepts the Code of
Conduct, approved or rejected by the Central Support Service, joined according to one of three
access policies, with a members-only discussion that moderators lead."""
from marshmallow import Schema, fields, validate

from .. import vocabularies as V
from ..events import UserEvent, register
from ..names import DIRECTORY
from ..fields import Link, StrictBoolean
from .common import PageArgs, PersonCard, Strict, page_schema, text

ACCESS_POLICIES = ("all_registered_users", "etwinners_only", "invitation_only")  # exactly these three (R83)
# Groups are classified by subject or by a wider area of interest (R82).
AREAS_OF_INTEREST = ("inclusion", "digital_citizenship", "school_leadership", "stem", "climate_and_sustainability",
                     "language_learning", "teacher_wellbeing", "project_management", "other")
TOPICS = V.SUBJECTS + AREAS_OF_INTEREST
STATES = ("requested", "active", "rejected", "withdrawn", "archived")
ROLES = ("admin", "moderator", "member")
# chat: the group's chat room (D18), short lines any member writes, read by kind; activities and
# tasks come from moderators (R86)
MESSAGE_KINDS = ("discussion", "chat", "activity", "task")
CODE_OF_CONDUCT_VERSION = "2024-1"  # the version a request accepts; stored with the time (R81)


class Events:
    GROUP_REQUESTED = "group_requested"
    GROUP_APPROVED = "group_approved"
    GROUP_REJECTED = "group_rejected"
    GROUP_ARCHIVED = "group_archived"
    GROUP_RESTORED = "group_restored"
    MEMBER_JOINED = "group_member_joined"
    MEMBER_LEFT = "group_member_left"
    INVITATION_SENT = "group_invitation_sent"


class GroupEvent(UserEvent):
    """``user_id`` is the person the event is about and whom notify tells (the requester, the
    member, the invitee); ``actor_id`` did it (CSS staff, the inviting admin) when it is someone else."""

    group_id = fields.UUID(required=True)
    name = fields.String(required=True)
    actor_id = fields.UUID(allow_none=True)
    reason = fields.String(allow_none=True)


for _name in (Events.GROUP_REQUESTED, Events.GROUP_APPROVED, Events.GROUP_REJECTED, Events.GROUP_ARCHIVED,
              Events.GROUP_RESTORED, Events.MEMBER_JOINED, Events.MEMBER_LEFT, Events.INVITATION_SENT):
    register(DIRECTORY, _name, GroupEvent)


class GroupRequestArgs(Strict):
    name = text(3, 120, required=True)
    description = text(10, 5000, required=True)
    subject = fields.String(required=True, validate=validate.OneOf(TOPICS),
                            metadata={"description": "A subject or an area of interest (R82)."})
    access_policy = fields.String(required=True, validate=validate.OneOf(ACCESS_POLICIES))
    moderated = StrictBoolean(load_default=False, metadata={
        "description": "Moderators publish activities and tasks for members (R86, A29)."})
    accept_code_of_conduct = StrictBoolean(required=True, validate=validate.Equal(
        True, error="Read and accept the Code of Conduct to request a group."))


class GroupIdArgs(Strict):
    group_id = fields.UUID(required=True)


class GroupReasonBody(Strict):
    reason = text(3, 1000, required=True)


class GroupRejectArgs(GroupReasonBody, GroupIdArgs):
    pass


class GroupMemberArgs(GroupIdArgs):
    user_id = fields.UUID(required=True)


class ModeratorArgs(GroupMemberArgs):
    moderator = StrictBoolean(required=True, metadata={"description": "Appoint (true) or dismiss (false)."})


class GroupInviteBody(Strict):
    user_id = fields.UUID(required=True, metadata={"description": "Who to invite."})


class GroupSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=200))
    subject = fields.String(load_default=None, validate=validate.OneOf(TOPICS))
    access_policy = fields.String(load_default=None, validate=validate.OneOf(ACCESS_POLICIES))
    state = fields.String(load_default="active", validate=validate.OneOf(STATES), metadata={
        "description": "Other than active: Central Support Service only (e.g. requested: the review queue)."})


class MemberGroupsArgs(PageArgs):
    user_id = fields.UUID(load_default=None, metadata={"description": "Whose groups; default: mine."})


class GroupPageArgs(PageArgs, GroupIdArgs):
    pass


class MessageQuery(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(MESSAGE_KINDS), metadata={
        "description": "Only messages of this kind, e.g. chat for the group's chat room."})


class GroupMessageListArgs(MessageQuery, GroupIdArgs):
    pass


class GroupMessageBody(Strict):
    kind = fields.String(load_default="discussion", validate=validate.OneOf(MESSAGE_KINDS))
    title = text(0, 200, load_default=None, allow_none=True)
    body = text(1, 10_000, required=True)


class GroupMessageArgs(GroupMessageBody, GroupIdArgs):
    pass


class MessageIdArgs(GroupIdArgs):
    message_id = fields.UUID(required=True)


class GroupDocumentBody(Strict):
    title = text(1, 200, required=True)
    url = Link(required=True, validate=validate.Length(max=2000))


class GroupDocumentArgs(GroupDocumentBody, GroupIdArgs):
    pass


class DocumentIdArgs(GroupIdArgs):
    document_id = fields.Integer(required=True, strict=False, validate=validate.Range(min=1, max=2**63 - 1))


class GroupSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    subject = fields.String(required=True)
    access_policy = fields.String(required=True)
    moderated = fields.Boolean(required=True)
    state = fields.String(required=True)
    creator = fields.Nested(PersonCard, allow_none=True)
    member_count = fields.Integer(required=True)
    my_role = fields.String(allow_none=True, metadata={"description": "admin, moderator, member, invited or null."})
    can_join = fields.Boolean(required=True)
    join_refusal = fields.String(allow_none=True, metadata={"description": "Why joining is not possible."})
    code_of_conduct_version = fields.String(required=True)
    code_of_conduct_accepted_at = fields.AwareDateTime(required=True)
    created_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True)
    archived_at = fields.AwareDateTime(allow_none=True)
    score = fields.Float(allow_none=True)


class GroupMemberSchema(Schema):
    person = fields.Nested(PersonCard, required=True)
    role = fields.String(required=True)
    joined_at = fields.AwareDateTime(required=True)


class GroupInvitationSchema(Schema):
    group = fields.Nested(GroupSchema, required=True)
    inviter = fields.Nested(PersonCard, allow_none=True)
    created_at = fields.AwareDateTime(required=True)


class InvitedSchema(Schema):
    person = fields.Nested(PersonCard, required=True, metadata={"description": "Who is invited."})
    inviter = fields.Nested(PersonCard, allow_none=True)
    created_at = fields.AwareDateTime(required=True)


class GroupMessageSchema(Schema):
    id = fields.UUID(required=True)
    group_id = fields.UUID(required=True)
    author = fields.Nested(PersonCard, allow_none=True, metadata={"description": "null: a former member, or one blocked or inactive for now."})
    kind = fields.String(required=True)
    title = fields.String(allow_none=True)
    body = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


class GroupDocumentSchema(Schema):
    id = fields.Integer(required=True)
    group_id = fields.UUID(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    added_by = fields.Nested(PersonCard, allow_none=True, metadata={"description": "null: a former member, or one blocked or inactive for now."})
    created_at = fields.AwareDateTime(required=True)


GroupPage = page_schema(GroupSchema, "GroupPage")
GroupMemberPage = page_schema(GroupMemberSchema, "GroupMemberPage")
GroupInvitationPage = page_schema(GroupInvitationSchema, "GroupInvitationPage")
InvitedPage = page_schema(InvitedSchema, "InvitedPage")
GroupMessagePage = page_schema(GroupMessageSchema, "GroupMessagePage")
GroupDocumentPage = page_schema(GroupDocumentSchema, "GroupDocumentPage")
