"""Everything that crosses a service boundary, plus the runtime every service shares.

- ``names``: service and event names.
- ``errors``: error classes that travel over RPC as themselves.
- ``actor``: who is acting, passed to every RPC.
- ``events``: the event envelope and payload schemas.
- ``identity``: identity's RPC argument and result schemas.
- ``runtime``: the shared mechanisms (outbox, inbox, RPC entrypoint wrapper, clock, health).
"""
import warnings

# eventlet (under nameko) announces its deprecation on import, in every service log and every
# operator command; nobody running the platform can act on it. Moving off eventlet is tracked
# as work of its own.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
