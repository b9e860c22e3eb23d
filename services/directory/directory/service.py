"""directory's entrypoints: load with a contract schema, call a use case, return a dump.
Areas built later (groups, posts, events) add their entrypoints as mixins from
``<area>_service.py``."""
from etwinning_contracts.directory import networking as N
from etwinning_contracts.directory import search as S
from etwinning_contracts.identity import AcceptedSchema
from etwinning_contracts.names import DIRECTORY, IDENTITY, IdentityEvents as IE
from etwinning_contracts.runtime.db import Transactions
from etwinning_contracts.runtime.health import HealthEndpoints
from etwinning_contracts.runtime.inbox import Inbox, on_event
from etwinning_contracts.runtime.outbox import OutboxRelay
from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.runtime.settings import required_secrets

from .chats_service import ChatsEntrypoints
from .db import DirectoryRepository, IdempotencyKey, InboxEntry, OutboxMessage, ParkedEvent
from .events_service import EventsEntrypoints
from .groups_service import GroupsEntrypoints
from .posts_service import PostsEntrypoints
from .resources_service import ResourcesEntrypoints
from .use_cases import networking, read_model, search


def _unit(session):
    """Event handlers run in the inbox's transaction; give them the same unit-of-work shape."""
    from etwinning_contracts.runtime.clock import SystemClock
    from etwinning_contracts.runtime.db import UnitOfWork

    return UnitOfWork(session, DIRECTORY, OutboxMessage, DirectoryRepository(session), SystemClock())


class ReadModelHandlers:
    """identity's events, applied once each, in the same transaction as the inbox row."""

    @on_event(IDENTITY, IE.USER_CHANGED)
    def on_user_changed(self, session, payload):
        read_model.apply_user_snapshot(_unit(session), payload["user_id"], payload["user"])

    @on_event(IDENTITY, IE.SCHOOL_CHANGED)
    def on_school_changed(self, session, payload):
        read_model.apply_school(_unit(session), payload)

    @on_event(IDENTITY, IE.USER_BLOCKED)
    def on_user_blocked(self, session, payload):
        read_model.void_invitations_of_blocked(_unit(session), payload["user_id"], payload["occurred_at"])

    @on_event(IDENTITY, IE.USER_ERASED)
    def on_user_erased(self, session, payload):
        read_model.erase_user(_unit(session), payload["user_id"])

    @on_event(IDENTITY, IE.USER_REMOVED)
    def on_user_removed(self, session, payload):
        read_model.erase_user(_unit(session), payload["user_id"])


class SearchEntrypoints:
    @rpc_method(S.PeopleSearchArgs, S.PeoplePage)
    def search_people(self, actor, **args):
        return self.tx.read(search.search_people, actor, **args)

    @rpc_method(S.PeopleSearchArgs, S.PeoplePage)
    def public_search_people(self, actor, **args):
        return self.tx.read(search.search_people, actor, public_only=True, **args)

    @rpc_method(S.SchoolSearchArgs, S.SchoolPage)
    def search_schools(self, actor, **args):
        return self.tx.read(search.search_schools, actor, **args)

    @rpc_method(S.TwinFinderArgs, S.PeoplePage)
    def twinfinder_teachers(self, actor, **args):
        return self.tx.read(search.twinfinder_teachers, actor, **args)

    @rpc_method(S.TwinFinderArgs, S.SchoolPage)
    def twinfinder_schools(self, actor, **args):
        return self.tx.read(search.twinfinder_schools, actor, **args)


class NetworkingEntrypoints:
    @rpc_method(N.ContactRequestArgs, N.ContactRequestSchema)
    def request_contact(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.request_contact(uow, actor, **args)

    @rpc_method(N.RequestIdArgs, N.ContactRequestSchema)
    def accept_contact_request(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.decide_contact_request(uow, actor, accept=True, **args)

    @rpc_method(N.RequestIdArgs, N.ContactRequestSchema)
    def decline_contact_request(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.decide_contact_request(uow, actor, accept=False, **args)

    @rpc_method(N.RequestIdArgs, N.ContactRequestSchema)
    def cancel_contact_request(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.cancel_contact_request(uow, actor, **args)

    @rpc_method(N.ContactRequestListArgs, N.ContactRequestPage)
    def list_contact_requests(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.list_contact_requests(uow, actor, **args)

    @rpc_method(N.ContactListArgs, N.ContactPage)
    def list_contacts(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.list_contacts(uow, actor, **args)

    @rpc_method(N.UserIdArgs, AcceptedSchema)
    def remove_contact(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.remove_contact(uow, actor, **args)

    @rpc_method(N.ContactCheckArgs, N.ContactCheckSchema)
    def check_contacts(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.check_contacts(uow, actor, **args)

    @rpc_method(N.UserIdArgs, N.RelationshipSchema)
    def get_relationship(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.relationship(uow, actor, **args)

    @rpc_method(N.UserIdArgs, AcceptedSchema)
    def follow(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.follow(uow, actor, **args)

    @rpc_method(N.UserIdArgs, AcceptedSchema)
    def unfollow(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.unfollow(uow, actor, **args)

    @rpc_method(N.FollowListArgs, N.PersonPage)
    def list_follows(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.list_follows(uow, actor, **args)

    @rpc_method(N.PageArgs, N.ActivityPage)
    def get_feed(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.feed(uow, actor, **args)

    @rpc_method(N.PersonActivityArgs, N.ActivityPage)
    def person_activity(self, actor, **args):
        return self.tx.read(networking.person_activity, actor, **args)

    @rpc_method(N.SchoolActivityArgs, N.ActivityPage)
    def school_activity(self, actor, **args):
        return self.tx.read(networking.school_activity, actor, **args)

    @rpc_method(N.NewsArgs, N.ActivitySchema, idempotent=True)
    def publish_news(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.publish_news(uow, actor, **args)

    @rpc_method(N.CandidateArgs, N.CandidateSchema)
    def add_candidate(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.add_candidate(uow, actor, **args)

    @rpc_method(N.CandidateNoteArgs, N.CandidateSchema)
    def update_candidate_note(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.update_candidate_note(uow, actor, **args)

    @rpc_method(N.CandidateIdArgs, AcceptedSchema)
    def remove_candidate(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.remove_candidate(uow, actor, **args)

    @rpc_method(N.PageArgs, N.CandidatePage)
    def list_candidates(self, actor, **args):
        with self.tx.unit() as uow:
            return networking.list_candidates(uow, actor, **args)


class DirectoryService(SearchEntrypoints, NetworkingEntrypoints, EventsEntrypoints, ChatsEntrypoints,
                       PostsEntrypoints, GroupsEntrypoints, ResourcesEntrypoints, ReadModelHandlers, HealthEndpoints):
    name = DIRECTORY

    tx = Transactions(OutboxMessage, DirectoryRepository, idempotency_model=IdempotencyKey)
    secrets = required_secrets("CURSOR_SECRET")  # signs page cursors (etwinning_contracts.cursors)
    relay = OutboxRelay(OutboxMessage)
    inbox = Inbox(InboxEntry, ParkedEvent)
