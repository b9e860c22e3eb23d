"""Keep the garbage collector's full passes short in a long-running service process.

A service process starts with about 130,000 objects the collector tracks (modules, classes,
schemas, compiled SQL, nameko's extensions) that live as long as the process. Every full
collection walked all of them: a pause of about 100 ms, which every request in flight waited
for (the tail of the gateway benchmark's latency, docs/benchmarks.md). Once the process has
started, ``gc.freeze()`` moves what is alive then into a generation the collector never walks;
objects made later are collected as before. Once per process: a process that starts several
containers (as tests do) freezes what the first one started with.
"""
import gc

import eventlet
from nameko.extensions import DependencyProvider

SETTLE_SECONDS = 2  # nameko starts extensions concurrently: let them finish before freezing


class FrozenStartupHeap(DependencyProvider):
    def start(self):
        self.container.spawn_managed_thread(self._freeze)

    def _freeze(self):
        eventlet.sleep(SETTLE_SECONDS)
        if gc.get_freeze_count():
            return  # this process froze its heap already
        gc.collect()  # the start-up garbage first, so that it is not frozen with the rest
        gc.freeze()

    def get_dependency(self, worker_ctx):
        return None
