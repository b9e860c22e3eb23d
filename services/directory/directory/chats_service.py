"""Entrypoints of booked chats (R64-R66)."""
from etwinning_contracts.directory import chats as C
from etwinning_contracts.runtime.rpc import rpc_method

from .use_cases import chats


class ChatsEntrypoints:
    @rpc_method(C.ChatBookingArgs, C.BookedChat, idempotent=True)
    def book_chat(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.book_chat(uow, actor, **args)

    @rpc_method(C.ChatListArgs, C.BookedChatPage)
    def list_chats(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.list_chats(uow, actor, **args)

    @rpc_method(C.ChatIdArgs, C.BookedChat)
    def get_chat(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.get_chat(uow, actor, **args)

    @rpc_method(C.ChatIdArgs, C.BookedChat)
    def accept_chat(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.answer_chat(uow, actor, accept=True, **args)

    @rpc_method(C.ChatIdArgs, C.BookedChat)
    def decline_chat(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.answer_chat(uow, actor, accept=False, **args)

    @rpc_method(C.ChatIdArgs, C.BookedChat)
    def cancel_chat(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.cancel_chat(uow, actor, **args)

    @rpc_method(C.ChatMessageArgs, C.ChatMessage, idempotent=True)
    def post_chat_message(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.post_chat_message(uow, actor, **args)

    @rpc_method(C.ChatMessageListArgs, C.ChatMessagePage)
    def list_chat_messages(self, actor, **args):
        with self.tx.unit() as uow:
            return chats.list_chat_messages(uow, actor, **args)
