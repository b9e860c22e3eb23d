"""Booked chats with a contact or a candidate (R64-R66, A33). Times are UTC ISO 8601 (A72)."""
from marshmallow import Schema, fields, validate

from ..events import UserEvent, register
from ..names import DIRECTORY
from .common import PageArgs, PersonCard, Strict, page_schema, text

STATUSES = ("pending", "read", "accepted", "declined", "cancelled", "expired")


class Events:
    CHAT_BOOKED = "chat_booked"
    CHAT_ACCEPTED = "chat_accepted"
    CHAT_DECLINED = "chat_declined"
    CHAT_CANCELLED = "chat_cancelled"


class ChatNotice(UserEvent):
    """``user_id`` acted; notify tells the other side (the requester on acceptance, R64)."""

    chat_id = fields.UUID(required=True)
    requester_id = fields.UUID(required=True)
    invitee_id = fields.UUID(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)


for _name in (Events.CHAT_BOOKED, Events.CHAT_ACCEPTED, Events.CHAT_DECLINED, Events.CHAT_CANCELLED):
    register(DIRECTORY, _name, ChatNotice)


class ChatBookingArgs(Strict):
    user_id = fields.UUID(required=True, metadata={"description": "A contact, or a teacher in My Candidates."})
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "UTC, in the future."})
    duration_minutes = fields.Integer(load_default=30, validate=validate.Range(min=15, max=120, error=(
        "A chat lasts between 15 minutes and 2 hours.")))
    message = text(0, 1000, load_default=None, allow_none=True)


class ChatIdArgs(Strict):
    chat_id = fields.UUID(required=True)


class ChatListArgs(PageArgs):
    box = fields.String(load_default="all", validate=validate.OneOf(("all", "sent", "received")))


class ChatMessageBody(Strict):
    body = text(1, 2000, required=True)


class ChatMessageArgs(ChatMessageBody):
    chat_id = fields.UUID(required=True)


class ChatMessageListArgs(PageArgs):
    chat_id = fields.UUID(required=True)


class BookedChat(Schema):
    id = fields.UUID(required=True)
    requester = fields.Nested(PersonCard, allow_none=True)
    invitee = fields.Nested(PersonCard, allow_none=True)
    my_role = fields.String(required=True, metadata={"description": "requester or invitee"})
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True)
    message = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={
        "description": "pending, read (the invitee has seen it), accepted, declined, cancelled, or expired "
                       "(the slot passed unanswered). Follow up unread invitations (R66)."})
    room_open = fields.Boolean(required=True, metadata={"description": "Accepted and within the booked slot."})
    created_at = fields.AwareDateTime(required=True)
    read_at = fields.AwareDateTime(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)


class ChatMessage(Schema):
    id = fields.Integer(required=True)
    author = fields.Nested(PersonCard, allow_none=True)
    body = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


BookedChatPage = page_schema(BookedChat, "BookedChatPage")
ChatMessagePage = page_schema(ChatMessage, "ChatMessagePage")
