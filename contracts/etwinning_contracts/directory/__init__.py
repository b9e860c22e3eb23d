"""directory's wire: RPC schemas and events, one module per area (search, networking,
groups, posts, events). Importing this package registers directory's event schemas."""
from . import networking, search  # noqa: F401

for _optional in ("groups", "posts", "events", "chats"):
    try:
        __import__(f"{__name__}.{_optional}")
    except ModuleNotFoundError as exc:  # an area not built yet
        if exc.name != f"{__name__}.{_optional}":
            raise
