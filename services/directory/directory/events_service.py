"""Entrypoints of events (R89-R94) and professional-development activities (R95-R99)."""
from etwinning_contracts.directory import events as C
from etwinning_contracts.identity import AcceptedSchema
from etwinning_contracts.runtime.rpc import rpc_method

from .use_cases import events


class EventsEntrypoints:
    @rpc_method(C.EventCreateArgs, C.EventDetails, idempotent=True)
    def create_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.create_event(uow, actor, **args)

    @rpc_method(C.EventSearchArgs, C.EventPage)
    def search_events(self, actor, **args):
        with self.tx.unit() as uow:
            return events.search_events(uow, actor, **args)

    @rpc_method(C.UserEventsArgs, C.EventPage)
    def list_user_events(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_user_events(uow, actor, **args)

    @rpc_method(C.EventIdArgs, C.EventDetails)
    def get_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.get_event(uow, actor, **args)

    @rpc_method(C.EventIdArgs, C.EventDetails)
    def cancel_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.cancel_event(uow, actor, **args)

    @rpc_method(C.EventIdArgs, C.EventDetails)
    def register_for_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.register_for_event(uow, actor, **args)

    @rpc_method(C.EventIdArgs, AcceptedSchema)
    def unregister_from_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.unregister_from_event(uow, actor, **args)

    @rpc_method(C.EventListArgs, C.EventParticipantPage)
    def list_event_participants(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_participants(uow, actor, **args)

    @rpc_method(C.AttendanceArgs, C.AttendanceSchema)
    def record_event_attendance(self, actor, **args):
        with self.tx.unit() as uow:
            return events.record_attendance(uow, actor, **args)

    @rpc_method(C.EventInviteArgs, C.EventInvitationPage)
    def invite_to_event(self, actor, **args):
        with self.tx.unit() as uow:
            return events.invite_to_event(uow, actor, **args)

    @rpc_method(C.EventListArgs, C.EventInvitationPage)
    def list_event_invitations(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_invitations(uow, actor, **args)

    @rpc_method(C.EventMessageArgs, C.EventMessage, idempotent=True)
    def post_event_message(self, actor, **args):
        with self.tx.unit() as uow:
            return events.post_event_message(uow, actor, **args)

    @rpc_method(C.EventListArgs, C.EventMessagePage)
    def list_event_messages(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_event_messages(uow, actor, **args)

    @rpc_method(C.EventDocumentArgs, C.EventDocument, idempotent=True)
    def add_event_document(self, actor, **args):
        with self.tx.unit() as uow:
            return events.add_event_document(uow, actor, **args)

    @rpc_method(C.EventListArgs, C.EventDocumentPage)
    def list_event_documents(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_event_documents(uow, actor, **args)

    # ------------------------------------------------------------ professional-development activities
    @rpc_method(C.PdActivityCreateArgs, C.PdActivity, idempotent=True)
    def create_pd_activity(self, actor, **args):
        with self.tx.unit() as uow:
            return events.create_pd_activity(uow, actor, **args)

    @rpc_method(C.PdActivityUpdateArgs, C.PdActivity)
    def update_pd_activity(self, actor, **args):
        with self.tx.unit() as uow:
            return events.update_pd_activity(uow, actor, **args)

    @rpc_method(C.PdActivityIdArgs, C.PdActivity)
    def get_pd_activity(self, actor, **args):
        with self.tx.unit() as uow:
            return events.get_pd_activity(uow, actor, **args)

    @rpc_method(C.PdActivitySearchArgs, C.PdActivityPage)
    def list_pd_activities(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_pd_activities(uow, actor, **args)

    @rpc_method(C.PdActivityIdArgs, C.PdApplication)
    def apply_for_pd_activity(self, actor, **args):
        with self.tx.unit() as uow:
            return events.apply_for_pd_activity(uow, actor, **args)

    @rpc_method(C.PdActivityIdArgs, AcceptedSchema)
    def withdraw_pd_application(self, actor, **args):
        with self.tx.unit() as uow:
            return events.withdraw_pd_application(uow, actor, **args)

    @rpc_method(C.PdActivityListArgs, C.PdApplicationPage)
    def list_pd_applications(self, actor, **args):
        with self.tx.unit() as uow:
            return events.list_pd_applications(uow, actor, **args)

    @rpc_method(C.PageArgs, C.PdApplicationPage)
    def my_pd_applications(self, actor, **args):
        with self.tx.unit() as uow:
            return events.my_pd_applications(uow, actor, **args)
