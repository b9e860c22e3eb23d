"""Contacts, following, the activity feed and My Candidates (R62-R63, R67-R72)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..events import UserEvent, register
from ..names import DIRECTORY
from ..fields import Distinct, Link
from .common import PARTNERSHIP, PageArgs, PersonCard, SchoolCard, Strict, page_schema, text

# R69: contacts are how a project is prepared
CONTACT_HINT = "Invite as contact to run a project with this user."


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
    """Invite as contact to run a project with this user (R69)."""

    user_id = fields.UUID(required=True, metadata={
        "description": f"Who to invite to become a contact. {CONTACT_HINT}"})
    message = text(0, 1000, load_default=None, allow_none=True)


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
    can_request_contact = fields.Boolean(required=True, metadata={"description": CONTACT_HINT})
    reason = fields.String(allow_none=True)
    can_propose_partnership = fields.Boolean(required=True, metadata={"description": PARTNERSHIP})


class CandidateArgs(Strict):
    school_id = fields.UUID(load_default=None)
    user_id = fields.UUID(load_default=None)
    note = text(0, 2000, load_default=None, allow_none=True)

    @validates_schema
    def one_target(self, data, **kwargs):
        if (data.get("school_id") is None) == (data.get("user_id") is None):
            raise ValidationError("Give either school_id or user_id.", "school_id")


class CandidateIdArgs(Strict):
    candidate_id = fields.UUID(required=True)


class CandidateNoteArgs(Strict):
    candidate_id = fields.UUID(required=True)
    note = text(0, 2000, required=True, allow_none=True)


CONTACT_STATE = ("Where I stand with this person: contact (a project can be proposed), request_sent, "
                 "request_received (to accept) or none (a contact request can be sent) (R63).")


class CandidateTeacher(PersonCard):
    contact = fields.String(allow_none=True, metadata={"description": CONTACT_STATE})


class CandidateSchema(Schema):
    id = fields.UUID(required=True)
    school = fields.Nested(SchoolCard, allow_none=True)
    person = fields.Nested(PersonCard, allow_none=True)
    contact = fields.String(allow_none=True, metadata={"description": "For a person: " + CONTACT_STATE})
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    teachers = fields.List(fields.Nested(CandidateTeacher), metadata={
        "description": "For a school: its current validated teachers, to send a contact request to (R63)."})
    can_propose_partnership = fields.Boolean(required=True, metadata={"description": PARTNERSHIP})


class ActivitySchema(Schema):
    id = fields.Integer(required=True)
    actor = fields.Nested(PersonCard, allow_none=True, metadata={"description": "null for eTwinning news."})
    kind = fields.String(required=True, metadata={
        "description": "news (eTwinning news: summary has title, body, link) or a public activity: group_joined, "
                       "group_created, post_published, event_organised, event_joined..."})
    summary = fields.Dict()
    created_at = fields.AwareDateTime(required=True)


class NewsArgs(Strict):
    title = text(3, 200, required=True)
    body = text(1, 10_000, required=True)
    link = Link(load_default=None, allow_none=True, validate=validate.Length(max=2000))


ContactPage = page_schema(ContactSchema, "ContactPage")
ContactRequestPage = page_schema(ContactRequestSchema, "ContactRequestPage")
PersonPage = page_schema(PersonCard, "PersonPage")
ActivityPage = page_schema(ActivitySchema, "ActivityPage")
CandidatePage = page_schema(CandidateSchema, "CandidatePage")


class ContactCheckArgs(Strict):
    user_id = fields.UUID(required=True)
    other_user_ids = Distinct(fields.UUID(), required=True, validate=validate.Length(min=1, max=100))


class ContactCheckSchema(Schema):
    """For other services (projects' co-founder picker, notify's mailbox rule)."""

    contacts = fields.List(fields.UUID(), required=True)
    validated = fields.List(fields.UUID(), required=True)


class ContactListQuery(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=200),
                      metadata={"description": "Words of a contact's name (accents and case aside)."})


class ContactListArgs(ContactListQuery):
    user_id = fields.UUID(load_default=None, metadata={
        "description": "Whose contacts: the caller's own by default; another user's for the platform's services "
                       "(projects' co-founder picker, notify)."})


class PersonActivityArgs(PageArgs):
    user_id = fields.UUID(required=True)


class SchoolActivityArgs(PageArgs):
    school_id = fields.UUID(required=True)


class FollowListArgs(PageArgs):
    direction = fields.String(load_default="following", validate=validate.OneOf(("following", "followers")))
