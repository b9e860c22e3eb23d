"""Routes of groups (R80-R88), served by directory."""
from marshmallow import RAISE, Schema, fields, validate

from etwinning_contracts.directory import groups as G
from etwinning_contracts.identity import AcceptedSchema

from .api import route
from .schemas import UserPath

ERR_INPUT = (400, 422)
TAGS = ["groups"]


class GroupPath(Schema):
    class Meta:
        unknown = RAISE

    group_id = fields.UUID(required=True)


class GroupMemberPath(GroupPath):
    user_id = fields.UUID(required=True)


class GroupMessagePath(GroupPath):
    message_id = fields.UUID(required=True)


class GroupDocumentPath(GroupPath):
    document_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**63 - 1))


class GroupsRoutes:
    def _group_call(self, method, actor, **kwargs):
        return self.rpc("directory", method, actor, **kwargs)

    # ------------------------------------------------------------ requests and CSS decisions
    @route("POST", "/api/v1/groups", summary="Request a new group (approved by the Central Support Service)",
           tags=TAGS, body=G.GroupRequestArgs, response=G.GroupSchema, status=201, errors=ERR_INPUT + (403, 409),
           description="For eTwinning-validated teachers. The Code of Conduct must be accepted; the group is "
                       "visible and joinable only once CSS approves it. The requester becomes its administrator. "
                       "409 group_exists when a group of that name (case, accents and spaces aside) is active or "
                       "waiting for approval.",
           idempotent=True)
    def request_group(self, actor, **body):
        return 201, self._group_call("request_group", actor, **body)

    @route("POST", "/api/v1/groups/<group_id>/approve", summary="Approve a group request (CSS)", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409))
    def approve_group(self, actor, group_id):
        return 200, self._group_call("approve_group", actor, group_id=group_id)

    @route("POST", "/api/v1/groups/<group_id>/reject", summary="Reject a group request with a reason (CSS)",
           tags=TAGS, path_schema=GroupPath, body=G.GroupReasonBody, response=G.GroupSchema,
           errors=ERR_INPUT + (403, 404, 409))
    def reject_group(self, actor, group_id, **body):
        return 200, self._group_call("reject_group", actor, group_id=group_id, **body)

    @route("POST", "/api/v1/groups/<group_id>/withdraw", summary="Withdraw my group request", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409))
    def withdraw_group_request(self, actor, group_id):
        return 200, self._group_call("withdraw_group_request", actor, group_id=group_id)

    @route("POST", "/api/v1/groups/<group_id>/archive", summary="Archive a group: read-only (CSS)", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409))
    def archive_group(self, actor, group_id):
        return 200, self._group_call("archive_group", actor, group_id=group_id)

    @route("POST", "/api/v1/groups/<group_id>/restore", summary="Restore an archived group (CSS)", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409))
    def restore_group(self, actor, group_id):
        return 200, self._group_call("restore_group", actor, group_id=group_id)

    # ------------------------------------------------------------ finding groups
    @route("GET", "/api/v1/groups", summary="Browse and search groups", tags=TAGS, query=G.GroupSearchArgs,
           response=G.GroupPage, errors=ERR_INPUT + (403,))
    def search_groups(self, actor, **query):
        return 200, self._group_call("search_groups", actor, **query)

    @route("GET", "/api/v1/me/groups", summary="My Groups", tags=TAGS, query=G.PageArgs, response=G.GroupPage,
           errors=ERR_INPUT)
    def my_groups(self, actor, **query):
        return 200, self._group_call("list_member_groups", actor, **query)

    @route("GET", "/api/v1/people/<user_id>/groups", summary="The groups shown on a person's profile", tags=TAGS,
           path_schema=UserPath, query=G.PageArgs, response=G.GroupPage, errors=ERR_INPUT + (404,))
    def person_groups(self, actor, user_id, **query):
        return 200, self._group_call("list_member_groups", actor, user_id=user_id, **query)

    @route("GET", "/api/v1/groups/<group_id>", summary="A group", tags=TAGS, path_schema=GroupPath,
           response=G.GroupSchema, errors=(404,))
    def get_group(self, actor, group_id):
        return 200, self._group_call("get_group", actor, group_id=group_id)

    # ------------------------------------------------------------ membership
    @route("POST", "/api/v1/groups/<group_id>/join", summary="Join a group my access allows", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409),
           description="all_registered_users: any registered user; etwinners_only: validated eTwinners; "
                       "invitation_only: only with an invitation (joining then accepts it).")
    def join_group(self, actor, group_id):
        return 200, self._group_call("join_group", actor, group_id=group_id)

    @route("POST", "/api/v1/groups/<group_id>/leave", summary="Leave a group", tags=TAGS,
           path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409),
           description="Always possible, closed groups included (A28). An administrator who leaves hands the "
                       "group to the longest-standing moderator, else member; the last member to leave an active "
                       "group archives it (read-only).")
    def leave_group(self, actor, group_id):
        return 200, self._group_call("leave_group", actor, group_id=group_id)

    @route("GET", "/api/v1/groups/<group_id>/members", summary="Members of a group (members only)", tags=TAGS,
           path_schema=GroupPath, query=G.PageArgs, response=G.GroupMemberPage, errors=ERR_INPUT + (403, 404))
    def group_members(self, actor, group_id, **query):
        return 200, self._group_call("list_group_members", actor, group_id=group_id, **query)

    @route("DELETE", "/api/v1/groups/<group_id>/members/<user_id>", summary="Remove a member (group admin, CSS)",
           tags=TAGS, path_schema=GroupMemberPath, response=AcceptedSchema, errors=(403, 404, 409))
    def remove_group_member(self, actor, group_id, user_id):
        return 200, self._group_call("remove_group_member", actor, group_id=group_id, user_id=user_id)

    @route("PUT", "/api/v1/groups/<group_id>/moderators/<user_id>", summary="Appoint a member as moderator (admin)",
           tags=TAGS, path_schema=GroupMemberPath, response=G.GroupMemberSchema, errors=(403, 404, 409))
    def appoint_group_moderator(self, actor, group_id, user_id):
        return 200, self._group_call("set_group_moderator", actor, group_id=group_id, user_id=user_id, moderator=True)

    @route("DELETE", "/api/v1/groups/<group_id>/moderators/<user_id>", summary="Dismiss a moderator (admin)",
           tags=TAGS, path_schema=GroupMemberPath, response=G.GroupMemberSchema, errors=(403, 404, 409))
    def dismiss_group_moderator(self, actor, group_id, user_id):
        return 200, self._group_call("set_group_moderator", actor, group_id=group_id, user_id=user_id, moderator=False)

    # ------------------------------------------------------------ invitations
    @route("POST", "/api/v1/groups/<group_id>/invitations", summary="Invite someone (group admin, moderators)",
           tags=TAGS, path_schema=GroupPath, body=G.GroupInviteBody, response=AcceptedSchema, status=201,
           errors=ERR_INPUT + (403, 404, 409))
    def invite_to_group(self, actor, group_id, **body):
        return 201, self._group_call("invite_to_group", actor, group_id=group_id, **body)

    @route("GET", "/api/v1/groups/<group_id>/invitations", summary="Who is invited and has not answered (leaders)",
           tags=TAGS, path_schema=GroupPath, query=G.PageArgs, response=G.InvitedPage, errors=ERR_INPUT + (403, 404))
    def group_invited(self, actor, group_id, **query):
        return 200, self._group_call("list_invited", actor, group_id=group_id, **query)

    @route("DELETE", "/api/v1/groups/<group_id>/invitations/<user_id>",
           summary="Withdraw an invitation (group admin, moderators)", tags=TAGS, path_schema=GroupMemberPath,
           response=AcceptedSchema, errors=(403, 404))
    def withdraw_group_invitation(self, actor, group_id, user_id):
        return 200, self._group_call("withdraw_group_invitation", actor, group_id=group_id, user_id=user_id)

    @route("GET", "/api/v1/me/group-invitations", summary="Group invitations waiting for my answer", tags=TAGS,
           query=G.PageArgs, response=G.GroupInvitationPage, errors=ERR_INPUT + (403,))
    def my_group_invitations(self, actor, **query):
        return 200, self._group_call("list_group_invitations", actor, **query)

    @route("POST", "/api/v1/groups/<group_id>/invitation/accept", summary="Accept my invitation to a group",
           tags=TAGS, path_schema=GroupPath, response=G.GroupSchema, errors=(403, 404, 409))
    def accept_group_invitation(self, actor, group_id):
        return 200, self._group_call("accept_group_invitation", actor, group_id=group_id)

    @route("POST", "/api/v1/groups/<group_id>/invitation/decline", summary="Decline my invitation to a group",
           tags=TAGS, path_schema=GroupPath, response=AcceptedSchema, errors=(403, 404))
    def decline_group_invitation(self, actor, group_id):
        return 200, self._group_call("decline_group_invitation", actor, group_id=group_id)

    # ------------------------------------------------------------ members-only discussion
    @route("GET", "/api/v1/groups/<group_id>/messages", summary="The group's discussion, newest first (members)",
           tags=TAGS, path_schema=GroupPath, query=G.MessageQuery, response=G.GroupMessagePage,
           errors=ERR_INPUT + (403, 404), description="kind=chat reads the group's chat room alone.")
    def group_messages(self, actor, group_id, **query):
        return 200, self._group_call("list_group_messages", actor, group_id=group_id, **query)

    @route("POST", "/api/v1/groups/<group_id>/messages", summary="Write in the group's discussion (members)",
           tags=TAGS, path_schema=GroupPath, body=G.GroupMessageBody, response=G.GroupMessageSchema, status=201,
           errors=ERR_INPUT + (403, 404, 409),
           description="kind=chat writes in the group's chat room; kind=activity or task (R86) is for the "
                       "group's administrator and moderators.", idempotent=True)
    def post_group_message(self, actor, group_id, **body):
        return 201, self._group_call("post_group_message", actor, group_id=group_id, **body)

    @route("DELETE", "/api/v1/groups/<group_id>/messages/<message_id>",
           summary="Remove a message (its author, moderators, CSS)", tags=TAGS, path_schema=GroupMessagePath,
           response=AcceptedSchema, errors=(403, 404))
    def delete_group_message(self, actor, group_id, message_id):
        return 200, self._group_call("delete_group_message", actor, group_id=group_id, message_id=message_id)

    # ------------------------------------------------------------ members-only documents
    @route("GET", "/api/v1/groups/<group_id>/documents", summary="The group's documents, newest first (members)",
           tags=TAGS, path_schema=GroupPath, query=G.PageArgs, response=G.GroupDocumentPage,
           errors=ERR_INPUT + (403, 404))
    def group_documents(self, actor, group_id, **query):
        return 200, self._group_call("list_group_documents", actor, group_id=group_id, **query)

    @route("POST", "/api/v1/groups/<group_id>/documents", summary="Share a document with the group (members)",
           tags=TAGS, path_schema=GroupPath, body=G.GroupDocumentBody, response=G.GroupDocumentSchema, status=201,
           errors=ERR_INPUT + (403, 404, 409), idempotent=True)
    def add_group_document(self, actor, group_id, **body):
        return 201, self._group_call("add_group_document", actor, group_id=group_id, **body)

    @route("DELETE", "/api/v1/groups/<group_id>/documents/<document_id>",
           summary="Remove a document (whoever added it, moderators, CSS)", tags=TAGS, path_schema=GroupDocumentPath,
           response=AcceptedSchema, errors=(403, 404))
    def delete_group_document(self, actor, group_id, document_id):
        return 200, self._group_call("delete_group_document", actor, group_id=group_id, document_id=document_id)
