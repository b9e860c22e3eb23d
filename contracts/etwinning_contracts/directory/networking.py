"""Contacts, following, the activity feed and My Candidates (R62-R63, R67-R72)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..events import UserEvent, register
from ..names import DIRECTORY
from .common import PageArgs, PersonCard, SchoolCard, Strict, page_schema


class Events:
    CONTACT_REQUESTED = "contact_requested"
    CONTACT_ACCEPTED = "contact_accepted"
    CONTACT_DECLINED = "contact_declined"
    CONTACT_REMOVED = "contact_removed"
    FOLLOW_CREATED = "follow_created"


class ContactEvent(UserEvent):
    """``user_id`` acted; ``other_user_id`` is the other side."""

    other_user_id = fields.UUID(required=True)
    request_id = fields.UUID(allow_none=True)


for _name in (Events.CONTACT_REQUESTED, Events.CONTACT_ACCEPTED, Events.CONTACT_DECLINED, Events.CONTACT_REMOVED,
              Events.FOLLOW_CREATED):
    register(DIRECTORY, _name, ContactEvent)


class UserIdArgs(Strict):
    user_id = fields.UUID(required=True)


class ContactRequestArgs(Strict):
    user_id = fields.UUID(required=True, metadata={"description": "Who to invite to become a contact."})
    message = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class RequestIdArgs(Strict):
    request_id = fields.UUID(required=True)


class ContactRequestListArgs(PageArgs):
    box = fields.String(load_default="received", validate=validate.OneOf(("received", "sent")))


class ContactRequestSchema(Schema):
    id = fields.UUID(required=True)
    requester = fields.Nested(PersonCard, required=True)
    recipient = fields.Nested(PersonCard, required=True)
    message = fields.String(allow_none=True)
    state = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True)


class ContactSchema(Schema):
    person = fields.Nested(PersonCard, required=True)
    since = fields.AwareDateTime(required=True)


class RelationshipSchema(Schema):
    user_id = fields.UUID(required=True)
    is_contact = fields.Boolean(required=True)
    pending_request = fields.String(allow_none=True, metadata={"description": "sent, received or null"})
    following = fields.Boolean(required=True)
    followed_by = fields.Boolean(required=True)
    can_request_contact = fields.Boolean(required=True)
    reason = fields.String(allow_none=True)


class CandidateArgs(Strict):
    school_id = fields.UUID(load_default=None)
    user_id = fields.UUID(load_default=None)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def one_target(self, data, **kwargs):
        if (data.get("school_id") is None) == (data.get("user_id") is None):
            raise ValidationError("Give either school_id or user_id.", "school_id")


class CandidateIdArgs(Strict):
    candidate_id = fields.UUID(required=True)


class CandidateNoteArgs(Strict):
    candidate_id = fields.UUID(required=True)
    note = fields.String(required=True, allow_none=True, validate=validate.Length(max=2000))


class CandidateSchema(Schema):
    id = fields.UUID(required=True)
    school = fields.Nested(SchoolCard, allow_none=True)
    person = fields.Nested(PersonCard, allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    teachers = fields.List(fields.Nested(PersonCard), metadata={
        "description": "For a school: its current validated teachers, to send a contact request to (R63)."})


class ActivitySchema(Schema):
    id = fields.Integer(required=True)
    actor = fields.Nested(PersonCard, required=True)
    kind = fields.String(required=True)
    summary = fields.Dict()
    created_at = fields.AwareDateTime(required=True)


ContactPage = page_schema(ContactSchema, "ContactPage")
ContactRequestPage = page_schema(ContactRequestSchema, "ContactRequestPage")
PersonPage = page_schema(PersonCard, "PersonPage")
ActivityPage = page_schema(ActivitySchema, "ActivityPage")
CandidatePage = page_schema(CandidateSchema, "CandidatePage")


class ContactCheckArgs(Strict):
    user_id = fields.UUID(required=True)
    other_user_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=100))


class ContactCheckSchema(Schema):
    """For other services (projects' co-founder picker, notify's mailbox rule)."""

    contacts = fields.List(fields.UUID(), required=True)
    validated = fields.List(fields.UUID(), required=True)


class FollowListArgs(PageArgs):
    direction = fields.String(load_default="following", validate=validate.OneOf(("following", "followers")))
