"""Events organised by users (R89-R94) and official professional-development activities (R95-R99).
Times are UTC ISO 8601 (A72)."""
from marshmallow import Schema, fields, validate

from .. import vocabularies as V
from ..events import UserEvent, register
from ..names import DIRECTORY
from ..fields import Distinct, Link
from .common import COUNTRY, PageArgs, PersonCard, Strict, page_schema, text

EVENT_KINDS = ("workshop", "training", "school_presentation", "project_presentation", "partner_search")  # R90
EVENT_FORMATS = ("online", "face_to_face")
VISIBILITIES = ("public", "private")
PD_KINDS = ("online_seminar", "didactic_meeting", "workshop", "conference")  # R95-R99


class Events:
    EVENT_CREATED = "event_created"
    EVENT_REGISTERED = "event_registered"
    EVENT_INVITATION = "event_invitation"
    EVENT_CANCELLED = "event_cancelled"
    PD_APPLICATION_ACCEPTED = "pd_application_accepted"
    PD_APPLICATION_WAITLISTED = "pd_application_waitlisted"


class EventNotice(UserEvent):
    """``user_id`` is who the event concerns: the organiser, the new participant or the invitee.
    (``event_id`` is the envelope's message id, hence ``platform_event_id``.)"""

    platform_event_id = fields.UUID(required=True)
    organiser_id = fields.UUID(allow_none=True)
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)


class PdApplicationNotice(UserEvent):
    activity_id = fields.UUID(required=True)
    application_id = fields.UUID(required=True)
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    promoted = fields.Boolean(load_default=False, metadata={"description": "A seat freed up for a waitlisted "
                                                                          "applicant (A60)."})


for _name in (Events.EVENT_CREATED, Events.EVENT_REGISTERED, Events.EVENT_INVITATION, Events.EVENT_CANCELLED):
    register(DIRECTORY, _name, EventNotice)
for _name in (Events.PD_APPLICATION_ACCEPTED, Events.PD_APPLICATION_WAITLISTED):
    register(DIRECTORY, _name, PdApplicationNotice)


# ---------------------------------------------------------------- user events: arguments

class EventCreateArgs(Strict):
    title = text(3, 200, required=True)
    description = text(0, 5000, load_default="")
    kind = fields.String(required=True, validate=validate.OneOf(EVENT_KINDS))
    format = fields.String(required=True, validate=validate.OneOf(EVENT_FORMATS))
    visibility = fields.String(load_default="public", validate=validate.OneOf(VISIBILITIES), metadata={
        "description": "public: anyone may register; private: only people the organiser invites (R93)."})
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "UTC, e.g. 2027-03-01T15:00:00Z"})
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(load_default=None, validate=validate.Range(min=1, max=10000), metadata={
        "description": "Online: at most 100 video-conference participants, 100 when omitted (R91). "
                       "Face-to-face: required."})
    location = text(0, 300, load_default=None, allow_none=True,
                    metadata={"description": "Required for face-to-face events."})
    language = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(V.LANGUAGES))
    invitees = Distinct(fields.UUID(), load_default=list, validate=validate.Length(max=100),
                           metadata={"description": "Private events: users to invite at once."})


class EventSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=200),
                      metadata={"description": "Words of the title or description (any word matches)."})
    kind = fields.String(load_default=None, validate=validate.OneOf(EVENT_KINDS))
    format = fields.String(load_default=None, validate=validate.OneOf(EVENT_FORMATS))
    language = fields.String(load_default=None, validate=validate.OneOf(V.LANGUAGES))
    starts_after = fields.AwareDateTime(load_default=None)
    starts_before = fields.AwareDateTime(load_default=None)


class EventIdArgs(Strict):
    event_id = fields.UUID(required=True)


class EventListArgs(PageArgs):
    event_id = fields.UUID(required=True)


class MyEventsQuery(PageArgs):
    role = fields.String(load_default="all", validate=validate.OneOf(("all", "organiser", "participant", "invited")))


class UserEventsArgs(MyEventsQuery):
    user_id = fields.UUID(load_default=None, metadata={"description": "Whose events; me when omitted."})


class EventInviteBody(Strict):
    user_ids = Distinct(fields.UUID(), required=True, validate=validate.Length(min=1, max=100))


class EventInviteArgs(EventInviteBody):
    event_id = fields.UUID(required=True)


class AttendanceBody(Strict):
    attended = Distinct(fields.UUID(), required=True, validate=validate.Length(max=1000), metadata={
        "description": "The participants who took part; every other registered participant did not show."})


class AttendanceArgs(AttendanceBody):
    event_id = fields.UUID(required=True)


class AttendanceSchema(Schema):
    attended = fields.Integer(required=True)
    no_show = fields.Integer(required=True)


class EventMessageBody(Strict):
    body = text(1, 5000, required=True)


class EventMessageArgs(EventMessageBody):
    event_id = fields.UUID(required=True)


class EventDocumentBody(Strict):
    title = text(1, 200, required=True)
    url = Link(required=True, validate=validate.Length(max=2000))


class EventDocumentArgs(EventDocumentBody):
    event_id = fields.UUID(required=True)


# ---------------------------------------------------------------- user events: results

class EventDetails(Schema):
    id = fields.UUID(required=True)
    title = fields.String(required=True)
    description = fields.String()
    kind = fields.String(required=True)
    format = fields.String(required=True)
    visibility = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(required=True)
    participant_count = fields.Integer(required=True)
    seats_left = fields.Integer(required=True)
    location = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    state = fields.String(required=True, metadata={"description": "scheduled or cancelled"})
    organiser = fields.Nested(PersonCard, allow_none=True)
    my_status = fields.String(allow_none=True, metadata={"description": "organiser, registered, invited or null"})
    created_at = fields.AwareDateTime(required=True)


class EventParticipant(Schema):
    user_id = fields.UUID(required=True)
    person = fields.Nested(PersonCard, allow_none=True)
    registered_at = fields.AwareDateTime(required=True)
    attendance = fields.String(allow_none=True, metadata={
        "description": "attended or no_show, once the organiser recorded it after the event; else null."})


class EventInvitation(Schema):
    user_id = fields.UUID(required=True)
    person = fields.Nested(PersonCard, allow_none=True)
    invited_at = fields.AwareDateTime(required=True)
    registered = fields.Boolean(required=True)


class EventMessage(Schema):
    id = fields.Integer(required=True)
    author = fields.Nested(PersonCard, allow_none=True)
    body = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


class EventDocument(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    added_by = fields.Nested(PersonCard, allow_none=True)
    created_at = fields.AwareDateTime(required=True)


EventPage = page_schema(EventDetails, "EventPage")
EventParticipantPage = page_schema(EventParticipant, "EventParticipantPage")
EventInvitationPage = page_schema(EventInvitation, "EventInvitationPage")
EventMessagePage = page_schema(EventMessage, "EventMessagePage")
EventDocumentPage = page_schema(EventDocument, "EventDocumentPage")


# ---------------------------------------------------------------- professional-development activities

class PdActivityCreateArgs(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(PD_KINDS))
    title = text(3, 200, required=True)
    description = text(0, 5000, load_default="")
    country = fields.String(load_default=None, allow_none=True, validate=COUNTRY, metadata={
        "description": "The organising NSO's country; null for a European (CSS) activity. NSO staff may "
                       "only organise for their own country."})
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "Leave out for a seminar (a one-hour video-conference: an hour after the start, R96) and a "
                       "didactic meeting (the end of its reflection phase, R97); any other end is refused. "
                       "Workshop: 2 days, conference: 3 days by default."})
    active_phase_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=4, max=5),
                                       metadata={"description": "Didactic meetings: days of active work, 4 or 5 "
                                                                "(default 5, R97)."})
    reflection_phase_days = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=4, max=5),
                                           metadata={"description": "Didactic meetings: days of reflection and "
                                                                    "personal work after the active phase, 4 or 5 "
                                                                    "(default 5, R97)."})
    applications_open_at = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "Default: one week before the start; for a seminar, not earlier (R96)."})
    applications_close_at = fields.AwareDateTime(load_default=None, allow_none=True,
                                                 metadata={"description": "Default: the start."})
    seats = fields.Integer(required=True, validate=validate.Range(min=1, max=10000), metadata={
        "description": "A seminar is a video-conference: at most 100 (R91). Face-to-face workshops and the "
                       "conference are not bound by it (R99)."})
    reserved_seats = fields.Dict(keys=fields.String(validate=COUNTRY),
                                 values=fields.Integer(validate=validate.Range(min=1, max=10000)),
                                 load_default=dict, metadata={"description": "Seats held per country (A60), "
                                                                            "e.g. {\"ES\": 5}."})
    language = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(V.LANGUAGES))
    led_by = text(0, 200, load_default=None, allow_none=True, metadata={
        "description": "The expert leading it: required for a didactic meeting (R97)."})
    location = text(0, 300, load_default=None, allow_none=True)
    materials_url = Link(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class PdActivityUpdateBody(Strict):
    description = text(0, 5000)
    materials_url = Link(allow_none=True, validate=validate.Length(max=2000))
    recording_url = Link(allow_none=True, validate=validate.Length(max=2000),
                         metadata={"description": "The seminar's recording, published afterwards (R96)."})


class PdActivityUpdateArgs(PdActivityUpdateBody):
    activity_id = fields.UUID(required=True)


class PdActivitySearchArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(PD_KINDS))
    country = fields.String(load_default=None, validate=COUNTRY)
    include_past = fields.Boolean(load_default=False)


class PdActivityIdArgs(Strict):
    activity_id = fields.UUID(required=True)


class PdActivityListArgs(PageArgs):
    activity_id = fields.UUID(required=True)


class PdActivity(Schema):
    id = fields.UUID(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    country = fields.String(allow_none=True)
    starts_at = fields.AwareDateTime(required=True)
    reflection_starts_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "Didactic meetings: the end of the active phase and start of the reflection phase (R97)."})
    ends_at = fields.AwareDateTime(required=True)
    applications_open_at = fields.AwareDateTime(required=True)
    applications_close_at = fields.AwareDateTime(required=True)
    applications_open = fields.Boolean(required=True)
    seats = fields.Integer(required=True)
    reserved_seats = fields.Dict(keys=fields.String(), values=fields.Integer())
    accepted_count = fields.Integer(required=True)
    waitlist_count = fields.Integer(required=True)
    language = fields.String(allow_none=True)
    led_by = fields.String(allow_none=True)
    location = fields.String(allow_none=True)
    materials_url = fields.String(allow_none=True, metadata={"description": "Online and shown to everyone at any "
                                                                           "time, before and after (R97)."})
    recording_url = fields.String(allow_none=True)
    my_status = fields.String(allow_none=True, metadata={"description": "accepted, waitlisted or null"})
    created_at = fields.AwareDateTime(required=True)


class PdApplication(Schema):
    id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True)
    user_id = fields.UUID(required=True)
    applicant = fields.Nested(PersonCard, allow_none=True)
    country = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={"description": "accepted or waitlisted"})
    waitlist_position = fields.Integer(allow_none=True, metadata={"description": "1 = next to get a freed seat"})
    applied_at = fields.AwareDateTime(required=True)
    accepted_at = fields.AwareDateTime(allow_none=True)


PdActivityPage = page_schema(PdActivity, "PdActivityPage")
PdApplicationPage = page_schema(PdApplication, "PdApplicationPage")
