"""A background loop a service runs beside its workers (outbox relay, retries, mail)."""
import logging

import eventlet
from eventlet.event import Event
from nameko.extensions import DependencyProvider

log = logging.getLogger(__name__)


class BackgroundLoop(DependencyProvider):
    """Calls ``run_once()`` every ``poll_seconds`` and at once when ``wake()`` is called;
    again straight away while ``run_once()`` says more work is waiting. A failing round is
    logged and retried at the next tick: the work waits in the database, it is not lost."""

    poll_seconds = 1.0
    enabled = True

    def __init__(self, poll_seconds=None):
        if poll_seconds is not None:
            self.poll_seconds = poll_seconds
        self._wakeup = Event()
        self._running = False

    def run_once(self):
        """Do one round of work; return True when more may be waiting."""
        raise NotImplementedError

    def start(self):
        if self.enabled:
            self._running = True
            self.container.spawn_managed_thread(self._run)

    def stop(self):
        self._running = False
        self.wake()

    def kill(self):
        self.stop()

    def wake(self):
        if not self._wakeup.ready():
            self._wakeup.send(True)

    def get_dependency(self, worker_ctx):
        return self

    def _run(self):
        while self._running:
            self._wakeup = Event()  # reset before looking, so a wake-up during the round is kept
            more = False
            try:
                more = self.run_once()
            except Exception:
                log.exception("%s failed; retrying", type(self).__name__)
            if not more:
                with eventlet.Timeout(self.poll_seconds, False):
                    self._wakeup.wait()
