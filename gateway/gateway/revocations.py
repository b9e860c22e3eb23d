"""Access tokens live 15 minutes and are checked without calling identity. So that a block,
an erasure or a password change takes effect at once, every gateway replica listens to those
events and refuses tokens the user was issued before them; and so that signing out (or a
stolen refresh token) ends a session at once, it refuses the tokens of an ended session.

Those events live only in each replica's memory, and one that was not listening missed them: a
replica trusts no access token issued before its event queue was last (re)declared
(``trusted_since``): at its start, and again after a lost broker connection, since that queue
lives with the connection and what was published meanwhile never reached it. Clients renew
the token with their refresh token, which identity checks against the block, erasure or
password change; an access token of a blocked user never works again after that."""
import time
from datetime import datetime

from nameko.events import BROADCAST, event_handler
from nameko.extensions import DependencyProvider
from nameko.messaging import QueueConsumer

from etwinning_contracts.names import IDENTITY, IdentityEvents as E

TOKEN_LIFETIME_SECONDS = 15 * 60


class Revocations(DependencyProvider):
    # Tokens are stamped by identity's clock: a margin for a replica whose clock runs slightly
    # ahead, so a token issued just after its start is not refused.
    CLOCK_MARGIN_SECONDS = 2

    def setup(self):
        self.cutoffs = {}  # user_id -> epoch time; tokens issued earlier are refused
        self.ended_sessions = {}  # session id (the token's sid) -> when it ended
        self.listening()
        for consumer in self.container.extensions:
            if isinstance(consumer, QueueConsumer):
                consumer.on_consume_ready = self._also_listening(consumer.on_consume_ready)

    def _also_listening(self, on_consume_ready):
        """kombu calls ``on_consume_ready`` after every (re)connection, once the queues are declared."""
        def ready(*args, **kwargs):
            self.listening()
            return on_consume_ready(*args, **kwargs)
        return ready

    def listening(self):
        """The event queue is (again) declared: tokens issued before now may have missed a revocation."""
        self.trusted_since = int(time.time()) - self.CLOCK_MARGIN_SECONDS

    def revoke(self, user_id, occurred_at):
        self.cutoffs = _still_relevant(self.cutoffs)
        self.cutoffs[user_id] = max(self.cutoffs.get(user_id, 0), datetime.fromisoformat(occurred_at).timestamp())

    def cutoff(self, user_id):
        return self.cutoffs.get(user_id, 0)

    def end_session(self, session_id):
        self.ended_sessions = _still_relevant(self.ended_sessions)
        self.ended_sessions[session_id] = time.time()

    def session_ended(self, session_id):
        return session_id in self.ended_sessions

    def get_dependency(self, worker_ctx):
        return self


def _still_relevant(times):
    """Of {key: epoch time}, those a token still alive could be older than: a token lives at most
    TOKEN_LIFETIME_SECONDS, so anything before that refuses nothing any more."""
    now = time.time()
    return {key: at for key, at in times.items() if at > now - TOKEN_LIFETIME_SECONDS}


def _on(event_type):
    # BROADCAST: every replica keeps its own copy; the queue lives as long as the replica.
    return event_handler(IDENTITY, event_type, handler_type=BROADCAST, reliable_delivery=False)


class RevocationHandlers:
    revocations = Revocations()

    @_on(E.USER_BLOCKED)
    def on_user_blocked(self, payload):
        self.revocations.revoke(payload["user_id"], payload["occurred_at"])

    @_on(E.USER_ERASED)
    def on_user_erased(self, payload):
        self.revocations.revoke(payload["user_id"], payload["occurred_at"])

    @_on(E.USER_REMOVED)
    def on_user_removed(self, payload):
        self.revocations.revoke(payload["user_id"], payload["occurred_at"])

    @_on(E.PASSWORD_CHANGED)
    def on_password_changed(self, payload):
        self.revocations.revoke(payload["user_id"], payload["occurred_at"])

    @_on(E.SESSION_ENDED)
    def on_session_ended(self, payload):
        self.revocations.end_session(payload["session_id"])

    @_on(E.STAFF_CHANGED)  # the token's roles and permissions are no longer the person's
    def on_staff_changed(self, payload):
        self.revocations.revoke(payload["user_id"], payload["occurred_at"])
