"""nameko times four phases of every worker for a DEBUG log line, through a generator-based
context manager, also when DEBUG is off: 3-5 % of a service's CPU on the hottest read, ``GET
/me`` (docs/benchmarks.md). The same timing, only while nameko's container logger is at DEBUG.
Applied on import by the entrypoint modules (rpc.py, web.py), so in every service process;
nameko is pinned (2.14.1), and a test checks the log line still appears at DEBUG."""
import logging
from contextlib import nullcontext

import nameko.containers
from nameko.log_helpers import make_timing_logger


def timing_only_when_debugging(logger):
    timed, untimed = make_timing_logger(logger), nullcontext()

    def log_time(msg, *args):
        return timed(msg, *args) if logger.isEnabledFor(logging.DEBUG) else untimed

    return log_time


nameko.containers._log_time = timing_only_when_debugging(nameko.containers._log)
