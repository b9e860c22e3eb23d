"""Entrypoints of groups (R80-R88); ``DirectoryService`` mixes them in."""
from etwinning_contracts.directory import groups as G
from etwinning_contracts.identity import AcceptedSchema
from etwinning_contracts.runtime.rpc import rpc_method

from .use_cases import groups


class GroupsEntrypoints:
    @rpc_method(G.GroupRequestArgs, G.GroupSchema, idempotent=True)
    def request_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.request_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def approve_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.approve_group(uow, actor, **args)

    @rpc_method(G.GroupRejectArgs, G.GroupSchema)
    def reject_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.reject_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def withdraw_group_request(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.withdraw_group_request(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def archive_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.archive_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def restore_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.restore_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def get_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.get_group(uow, actor, **args)

    @rpc_method(G.GroupSearchArgs, G.GroupPage)
    def search_groups(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.search_groups(uow, actor, **args)

    @rpc_method(G.MemberGroupsArgs, G.GroupPage)
    def list_member_groups(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_member_groups(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def join_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.join_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def leave_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.leave_group(uow, actor, **args)

    @rpc_method(G.GroupMemberArgs, AcceptedSchema)
    def remove_group_member(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.remove_group_member(uow, actor, **args)

    @rpc_method(G.GroupPageArgs, G.GroupMemberPage)
    def list_group_members(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_group_members(uow, actor, **args)

    @rpc_method(G.ModeratorArgs, G.GroupMemberSchema)
    def set_group_moderator(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.set_moderator(uow, actor, **args)

    @rpc_method(G.GroupMemberArgs, AcceptedSchema)
    def invite_to_group(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.invite_to_group(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, G.GroupSchema)
    def accept_group_invitation(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.accept_group_invitation(uow, actor, **args)

    @rpc_method(G.GroupIdArgs, AcceptedSchema)
    def decline_group_invitation(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.decline_group_invitation(uow, actor, **args)

    @rpc_method(G.GroupMemberArgs, AcceptedSchema)
    def withdraw_group_invitation(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.withdraw_group_invitation(uow, actor, **args)

    @rpc_method(G.GroupPageArgs, G.InvitedPage)
    def list_invited(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_invited(uow, actor, **args)

    @rpc_method(G.PageArgs, G.GroupInvitationPage)
    def list_group_invitations(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_group_invitations(uow, actor, **args)

    @rpc_method(G.GroupMessageArgs, G.GroupMessageSchema, idempotent=True)
    def post_group_message(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.post_group_message(uow, actor, **args)

    @rpc_method(G.GroupMessageListArgs, G.GroupMessagePage)
    def list_group_messages(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_group_messages(uow, actor, **args)

    @rpc_method(G.MessageIdArgs, AcceptedSchema)
    def delete_group_message(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.delete_group_message(uow, actor, **args)

    @rpc_method(G.GroupDocumentArgs, G.GroupDocumentSchema, idempotent=True)
    def add_group_document(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.add_group_document(uow, actor, **args)

    @rpc_method(G.GroupPageArgs, G.GroupDocumentPage)
    def list_group_documents(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.list_group_documents(uow, actor, **args)

    @rpc_method(G.DocumentIdArgs, AcceptedSchema)
    def delete_group_document(self, actor, **args):
        with self.tx.unit() as uow:
            return groups.delete_group_document(uow, actor, **args)
