"""Routes of booked chats (R64-R66), served by directory."""
from marshmallow import RAISE, Schema, fields

from etwinning_contracts.directory import chats as C

from .api import route

ERR_INPUT = (400, 422)


class ChatPath(Schema):
    class Meta:
        unknown = RAISE

    chat_id = fields.UUID(required=True)


class ChatsRoutes:
    def _chats(self, method, actor, **kwargs):
        return self.rpc("directory", method, actor, **kwargs)

    @route("POST", "/api/v1/chats", summary="Book a chat with a contact, a candidate or a teacher open to partners",
           tags=["chats"], body=C.ChatBookingArgs, response=C.BookedChat, status=201,
           errors=ERR_INPUT + (403, 404, 409),
           description="Straight from a TwinFinder result when its availability is green: the teacher is then "
                       "saved to My Candidates. "
                       "The invitee accepts or declines; the room opens only during the booked slot (UTC). "
                       "409 already_booked when the slot overlaps an open chat between the same two people.",
           idempotent=True)
    def chat_book(self, actor, **body):
        return 201, self._chats("book_chat", actor, **body)

    @route("GET", "/api/v1/me/chats", summary="My booked chats, sent and received, with their status",
           tags=["chats"], query=C.ChatListArgs, response=C.BookedChatPage, errors=ERR_INPUT)
    def chat_list(self, actor, **query):
        return 200, self._chats("list_chats", actor, **query)

    @route("GET", "/api/v1/chats/<chat_id>", summary="A booked chat", tags=["chats"], path_schema=ChatPath,
           response=C.BookedChat, errors=(404,))
    def chat_get(self, actor, chat_id):
        return 200, self._chats("get_chat", actor, chat_id=chat_id)

    @route("POST", "/api/v1/chats/<chat_id>/accept", summary="Accept a chat invitation", tags=["chats"],
           path_schema=ChatPath, response=C.BookedChat, errors=(403, 404, 409))
    def chat_accept(self, actor, chat_id):
        return 200, self._chats("accept_chat", actor, chat_id=chat_id)

    @route("POST", "/api/v1/chats/<chat_id>/decline", summary="Decline a chat invitation", tags=["chats"],
           path_schema=ChatPath, response=C.BookedChat, errors=(403, 404, 409))
    def chat_decline(self, actor, chat_id):
        return 200, self._chats("decline_chat", actor, chat_id=chat_id)

    @route("POST", "/api/v1/chats/<chat_id>/cancel", summary="Call off a booked chat", tags=["chats"],
           path_schema=ChatPath, response=C.BookedChat, errors=(404, 409))
    def chat_cancel(self, actor, chat_id):
        return 200, self._chats("cancel_chat", actor, chat_id=chat_id)

    @route("POST", "/api/v1/chats/<chat_id>/messages", summary="Write in the chat room (during the slot)",
           tags=["chats"], path_schema=ChatPath, body=C.ChatMessageBody, response=C.ChatMessage, status=201,
           errors=ERR_INPUT + (403, 404), description="403 outside the booked slot, saying when the room opens.",
           idempotent=True)
    def chat_post_message(self, actor, chat_id, **body):
        return 201, self._chats("post_chat_message", actor, chat_id=chat_id, **body)

    @route("GET", "/api/v1/chats/<chat_id>/messages", summary="The chat room's messages (during the slot)",
           tags=["chats"], path_schema=ChatPath, query=C.PageArgs, response=C.ChatMessagePage,
           errors=ERR_INPUT + (403, 404))
    def chat_messages(self, actor, chat_id, **query):
        return 200, self._chats("list_chat_messages", actor, chat_id=chat_id, **query)
