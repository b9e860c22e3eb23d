"""Publishing an RPC request or reply on a py-amqp channel, its frames packed in one go.

py-amqp serialises a publish field by field through a generic, format-driven encoder (the
method's arguments, then every message property): about a tenth of the gateway's and of
identity's CPU on ``GET /api/v1/me`` (docs/benchmarks.md). An RPC message has a fixed shape, a
``basic.publish`` with a few short-string properties, so its frames are packed here with
``struct``: the same bytes py-amqp writes (a unit test compares them), in one write.

An RPC reply can carry the acknowledgement of its request in the same write (``ack``): one
system call instead of two, and one read for the broker (a fifth more throughput on
``GET /api/v1/me``, docs/benchmarks.md). Every write here holds py-amqp's own lock of the
connection (the one around each frame it writes), so that its frames (acknowledgements,
heartbeats) and ours never interleave, even when a full socket buffer cuts a write in two.
"""
import struct
from functools import lru_cache

from amqp.exceptions import RecoverableConnectionError

BASIC_PUBLISH = struct.pack(">HHH", 60, 40, 0)  # class basic, method publish, reserved ticket
BASIC_ACK = struct.pack(">HH", 60, 80)  # class basic, method ack
FRAME_END = b"\xce"
METHOD, HEADER, BODY = 1, 2, 3
# (name, flag bit, encoding) in the order of AMQP 0-9-1's basic properties; "s" shortstr, "o" octet
PROPERTIES = (("content_type", 15, "s"), ("content_encoding", 14, "s"), ("delivery_mode", 12, "o"),
              ("correlation_id", 10, "s"), ("reply_to", 9, "s"), ("expiration", 8, "s"))
PROPERTY_NAMES = frozenset(name for name, _, _ in PROPERTIES)


def publish(channel, body, exchange, routing_key, mandatory=False, ack=None, **properties):
    """``basic.publish`` of ``body`` (bytes or str, sent as UTF-8) with the given properties
    (those of ``PROPERTIES``; None leaves one out); then, in the same write, ``basic.ack`` of
    the delivery tag ``ack`` on the same channel, if given."""
    connection = channel.connection
    if connection is None:
        raise RecoverableConnectionError("connection already closed")
    unknown = properties.keys() - PROPERTY_NAMES
    if unknown:
        raise TypeError(f"unsupported message properties: {sorted(unknown)}")
    if isinstance(body, str):
        body = body.encode("utf-8")
    flags, encoded = 0, []
    for name, bit, kind in PROPERTIES:
        value = properties.get(name)
        if value is not None:
            flags |= 1 << bit
            if kind == "o":
                encoded.append(bytes((value,)))
            else:  # a correlation id is new every time; the rest come again and again
                encoded.append(_shortstr(value) if name == "correlation_id" else _known_shortstr(value))
    channel_id = channel.channel_id
    frames = [
        _frame(METHOD, channel_id, BASIC_PUBLISH + _known_shortstr(exchange) + _known_shortstr(routing_key)
               + (b"\x01" if mandatory else b"\x00")),
        _frame(HEADER, channel_id, struct.pack(">HHQH", 60, 0, len(body), flags) + b"".join(encoded)),
    ]
    chunk = connection.frame_max - 8  # a frame's header and end take 8 of frame_max
    for start in range(0, len(body), chunk):
        frames.append(_frame(BODY, channel_id, body[start:start + chunk]))
    if ack is not None:
        frames.append(_frame(METHOD, channel_id, BASIC_ACK + struct.pack(">QB", ack, 0)))
    with frame_lock(connection):
        connection.transport.write(b"".join(frames))
    connection.bytes_sent += 1  # as py-amqp counts, for its heartbeat check


def frame_lock(connection):
    """The lock py-amqp holds while it writes a frame on ``connection`` (a variable of its frame
    writer, amqp.method_framing.frame_writer), found once per connection."""
    lock = getattr(connection, "_frame_lock", None)
    if lock is None:
        writer = connection.frame_writer
        cells = dict(zip(writer.__code__.co_freevars, (c.cell_contents for c in writer.__closure__ or ())))
        lock = cells.get("buffer_lock")
        if lock is None:  # a py-amqp without it: tests/test_frames.py says so before a release does
            raise RuntimeError("py-amqp's frame writer has no buffer_lock to share")
        connection._frame_lock = lock
    return lock


def _frame(kind, channel_id, payload):
    return struct.pack(">BHI", kind, channel_id, len(payload)) + payload + FRAME_END


@lru_cache(maxsize=1024)
def _known_shortstr(value):
    return _shortstr(value)


def _shortstr(value):
    raw = value.encode("utf-8") if isinstance(value, str) else value
    if len(raw) > 255:
        raise ValueError(f"an AMQP short string has at most 255 bytes: {value[:40]!r}...")
    return bytes((len(raw),)) + raw
