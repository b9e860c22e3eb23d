"""Routes of events (R89-R94) and professional-development activities (R95-R99), served by directory."""
from marshmallow import RAISE, Schema, fields

from etwinning_contracts.directory import events as C
from etwinning_contracts.identity import AcceptedSchema

from . import schemas as G
from .api import route

ERR_INPUT = (400, 422)


class EventPath(Schema):
    class Meta:
        unknown = RAISE

    event_id = fields.UUID(required=True)


class PdActivityPath(Schema):
    class Meta:
        unknown = RAISE

    activity_id = fields.UUID(required=True)


class EventsRoutes:
    def _events(self, method, actor, **kwargs):
        return self.rpc("directory", method, actor, **kwargs)

    # ------------------------------------------------------------ events
    @route("POST", "/api/v1/events", summary="Organise an event (any signed-in user)", tags=["events"],
           body=C.EventCreateArgs, response=C.EventDetails, status=201, errors=ERR_INPUT,
           description="Online events admit at most 100 video-conference participants; face-to-face events "
                       "need a capacity and a location. Private events are open only to the people invited.",
           idempotent=True)
    def event_create(self, actor, **body):
        return 201, self._events("create_event", actor, **body)

    @route("GET", "/api/v1/events", summary="Upcoming public events, soonest first", tags=["events"],
           query=C.EventSearchArgs, response=C.EventPage, errors=ERR_INPUT)
    def event_search(self, actor, **query):
        return 200, self._events("search_events", actor, **query)

    @route("GET", "/api/v1/me/events", summary="Events I organise, take part in or am invited to",
           tags=["events"], query=C.MyEventsQuery, response=C.EventPage, errors=ERR_INPUT)
    def event_mine(self, actor, **query):
        return 200, self._events("list_user_events", actor, **query)

    @route("GET", "/api/v1/people/<user_id>/events", summary="Public events a person organises or takes part in",
           tags=["events"], path_schema=G.UserPath, query=C.MyEventsQuery, response=C.EventPage,
           errors=ERR_INPUT + (403, 404))
    def event_of_person(self, actor, user_id, **query):
        return 200, self._events("list_user_events", actor, user_id=user_id, **query)

    @route("GET", "/api/v1/events/<event_id>", summary="An event", tags=["events"], path_schema=EventPath,
           response=C.EventDetails, errors=(404,))
    def event_get(self, actor, event_id):
        return 200, self._events("get_event", actor, event_id=event_id)

    @route("POST", "/api/v1/events/<event_id>/cancel", summary="Cancel an event I organise", tags=["events"],
           path_schema=EventPath, response=C.EventDetails, errors=(403, 404, 409),
           description="An event_cancelled notice is published for each participant (and, for a private "
                       "event, each invitee) for their notifications, and the event leaves the home feeds.")
    def event_cancel(self, actor, event_id):
        return 200, self._events("cancel_event", actor, event_id=event_id)

    @route("POST", "/api/v1/events/<event_id>/participants", summary="Register for an event", tags=["events"],
           path_schema=EventPath, response=C.EventDetails, status=201, errors=(404, 409),
           description="409 event_full when every place is taken (online: 100 participants).")
    def event_register(self, actor, event_id):
        return 201, self._events("register_for_event", actor, event_id=event_id)

    @route("DELETE", "/api/v1/events/<event_id>/participants/me", summary="Cancel my registration",
           tags=["events"], path_schema=EventPath, response=AcceptedSchema, errors=(404, 409))
    def event_unregister(self, actor, event_id):
        return 200, self._events("unregister_from_event", actor, event_id=event_id)

    @route("GET", "/api/v1/events/<event_id>/participants", summary="Who takes part", tags=["events"],
           path_schema=EventPath, query=C.PageArgs, response=C.EventParticipantPage, errors=ERR_INPUT + (404,))
    def event_participants(self, actor, event_id, **query):
        return 200, self._events("list_event_participants", actor, event_id=event_id, **query)

    @route("PUT", "/api/v1/events/<event_id>/attendance", summary="Record who attended my event, once it is over",
           tags=["events"], path_schema=EventPath, body=C.AttendanceBody, response=C.AttendanceSchema,
           errors=ERR_INPUT + (403, 404, 409),
           description="The participants listed attended; every other registered participant did not show "
                       "(attendance on the participants list). Sent again, the later list stands. 409 not_ended "
                       "before the event is over; 422 not_participants for someone who was not registered.")
    def event_attendance(self, actor, event_id, **body):
        return 200, self._events("record_event_attendance", actor, event_id=event_id, **body)

    @route("POST", "/api/v1/events/<event_id>/invitations", summary="Invite users to my private event",
           tags=["events"], path_schema=EventPath, body=C.EventInviteBody, response=C.EventInvitationPage,
           status=201, errors=ERR_INPUT + (403, 404, 409),
           description="Until the event starts. Inviting someone twice is harmless.")
    def event_invite(self, actor, event_id, **body):
        return 201, self._events("invite_to_event", actor, event_id=event_id, **body)

    @route("GET", "/api/v1/events/<event_id>/invitations", summary="Invitations of my private event",
           tags=["events"], path_schema=EventPath, query=C.PageArgs, response=C.EventInvitationPage,
           errors=ERR_INPUT + (403, 404))
    def event_invitations(self, actor, event_id, **query):
        return 200, self._events("list_event_invitations", actor, event_id=event_id, **query)

    @route("POST", "/api/v1/events/<event_id>/messages", summary="Write in the event's forum", tags=["events"],
           path_schema=EventPath, body=C.EventMessageBody, response=C.EventMessage, status=201,
           errors=ERR_INPUT + (403, 404, 409), idempotent=True)
    def event_post_message(self, actor, event_id, **body):
        return 201, self._events("post_event_message", actor, event_id=event_id, **body)

    @route("GET", "/api/v1/events/<event_id>/messages", summary="The event's forum, oldest first",
           tags=["events"], path_schema=EventPath, query=C.PageArgs, response=C.EventMessagePage,
           errors=ERR_INPUT + (403, 404))
    def event_messages(self, actor, event_id, **query):
        return 200, self._events("list_event_messages", actor, event_id=event_id, **query)

    @route("POST", "/api/v1/events/<event_id>/documents", summary="Add a document (a link) to the event's archive",
           tags=["events"], path_schema=EventPath, body=C.EventDocumentBody, response=C.EventDocument, status=201,
           errors=ERR_INPUT + (403, 404, 409), idempotent=True)
    def event_add_document(self, actor, event_id, **body):
        return 201, self._events("add_event_document", actor, event_id=event_id, **body)

    @route("GET", "/api/v1/events/<event_id>/documents", summary="The event's document archive", tags=["events"],
           path_schema=EventPath, query=C.PageArgs, response=C.EventDocumentPage, errors=ERR_INPUT + (403, 404))
    def event_documents(self, actor, event_id, **query):
        return 200, self._events("list_event_documents", actor, event_id=event_id, **query)

    # ------------------------------------------------------------ professional-development activities
    @route("POST", "/api/v1/pd-activities", summary="Publish a professional-development activity (CSS/NSO staff)",
           tags=["professional development"], body=C.PdActivityCreateArgs, response=C.PdActivity, status=201,
           errors=ERR_INPUT + (403,), idempotent=True)
    def pd_create(self, actor, **body):
        return 201, self._events("create_pd_activity", actor, **body)

    @route("GET", "/api/v1/pd-activities", summary="Online seminars, didactic meetings, workshops, conferences",
           tags=["professional development"], query=C.PdActivitySearchArgs, response=C.PdActivityPage,
           errors=ERR_INPUT)
    def pd_list(self, actor, **query):
        return 200, self._events("list_pd_activities", actor, **query)

    @route("GET", "/api/v1/pd-activities/<activity_id>", summary="A professional-development activity",
           tags=["professional development"], path_schema=PdActivityPath, response=C.PdActivity, errors=(404,))
    def pd_get(self, actor, activity_id):
        return 200, self._events("get_pd_activity", actor, activity_id=activity_id)

    @route("PATCH", "/api/v1/pd-activities/<activity_id>", summary="Publish the recording or the materials",
           tags=["professional development"], path_schema=PdActivityPath, body=C.PdActivityUpdateBody,
           response=C.PdActivity, errors=ERR_INPUT + (403, 404, 409),
           description="409 no_recording_yet before a seminar ends; not_a_seminar for a recording of a "
                       "didactic meeting, which has materials instead.")
    def pd_update(self, actor, activity_id, **body):
        return 200, self._events("update_pd_activity", actor, activity_id=activity_id, **body)

    @route("POST", "/api/v1/pd-activities/<activity_id>/applications", summary="Apply for an activity",
           tags=["professional development"], path_schema=PdActivityPath, response=C.PdApplication, status=201,
           errors=(403, 404, 409), description="Accepted while seats are left, waitlisted after; a freed seat goes "
                                               "to the first waitlisted applicant. 409 outside the application "
                                               "period; 403 no_profile before the registration is finished, "
                                               "staff_account for a staff account.")
    def pd_apply(self, actor, activity_id):
        return 201, self._events("apply_for_pd_activity", actor, activity_id=activity_id)

    @route("DELETE", "/api/v1/pd-activities/<activity_id>/applications/me", summary="Withdraw my application",
           tags=["professional development"], path_schema=PdActivityPath, response=AcceptedSchema, errors=(404, 409),
           description="Until the activity starts (409 activity_started after).")
    def pd_withdraw(self, actor, activity_id):
        return 200, self._events("withdraw_pd_application", actor, activity_id=activity_id)

    @route("GET", "/api/v1/pd-activities/<activity_id>/applications", summary="Applicants, in order (staff)",
           tags=["professional development"], path_schema=PdActivityPath, query=C.PageArgs,
           response=C.PdApplicationPage, errors=ERR_INPUT + (403, 404))
    def pd_applications(self, actor, activity_id, **query):
        return 200, self._events("list_pd_applications", actor, activity_id=activity_id, **query)

    @route("GET", "/api/v1/me/pd-applications", summary="My applications for professional-development activities",
           tags=["professional development"], query=C.PageArgs, response=C.PdApplicationPage, errors=ERR_INPUT)
    def pd_mine(self, actor, **query):
        return 200, self._events("my_pd_applications", actor, **query)
