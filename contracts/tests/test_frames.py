"""The RPC publisher packs the same bytes py-amqp would write for the same message."""
from types import SimpleNamespace

import eventlet
import pytest
from amqp import Message, spec
from amqp.method_framing import frame_writer
from amqp.serialization import dumps

from etwinning_contracts.runtime.frames import frame_lock, publish

REQUEST = dict(content_type="application/json", content_encoding="utf-8", delivery_mode=1,
               reply_to="6f1c2b1e-reply", correlation_id="a3f9", expiration="8000")


class Transport:
    def __init__(self):
        self.written = bytearray()

    def write(self, data):
        self.written += bytes(data)


def connection(frame_max=131072):
    conn = SimpleNamespace(frame_max=frame_max, bytes_sent=0, transport=Transport())
    conn.frame_writer = frame_writer(conn, conn.transport)  # whose lock publish shares
    return conn


def by_py_amqp(body, exchange, routing_key, mandatory, frame_max=131072, **properties):
    conn = connection(frame_max)
    write = frame_writer(conn, conn.transport)
    write(1, 7, spec.Basic.Publish, dumps("Bssbb", (0, exchange, routing_key, mandatory, False)),
          Message(body, **properties))
    return bytes(conn.transport.written)


def by_us(body, exchange, routing_key, mandatory, frame_max=131072, **properties):
    conn = connection(frame_max)
    publish(SimpleNamespace(connection=conn, channel_id=7), body, exchange, routing_key, mandatory, **properties)
    assert not frame_lock(conn).locked()  # given back
    assert conn.bytes_sent == 1
    return bytes(conn.transport.written)


@pytest.mark.parametrize("body", ['{"args": [], "kwargs": {"actor": null}}', "", "Zürich ✓ " * 3, b"\x00raw"])
def test_a_request_is_packed_as_py_amqp_packs_it(body):
    args = (body, "nameko-rpc", "identity.get_my_profile", True)
    assert by_us(*args, **REQUEST) == by_py_amqp(*args, **REQUEST)


def test_a_reply_with_fewer_properties_is_packed_as_py_amqp_packs_it():
    reply = dict(content_type="application/json", content_encoding="utf-8", delivery_mode=1, correlation_id="a3f9")
    args = ('{"result": {"id": 1}, "error": null}', "nameko-rpc", "6f1c2b1e-reply", False)
    assert by_us(*args, **reply) == by_py_amqp(*args, **reply)


def test_a_body_larger_than_a_frame_is_split_as_py_amqp_splits_it():
    args = ("x" * 10_000, "nameko-rpc", "directory.search_people", True)
    ours = by_us(*args, frame_max=4096, **REQUEST)
    assert ours == by_py_amqp(*args, frame_max=4096, **REQUEST)
    assert ours.count(b"\xce\x03\x00\x07") == 3  # three body frames follow one another


def test_what_the_broker_could_not_read_is_refused_before_anything_is_written():
    conn = connection()
    channel = SimpleNamespace(connection=conn, channel_id=7)
    with pytest.raises(TypeError):
        publish(channel, "{}", "nameko-rpc", "identity.x", headers={"a": 1})
    with pytest.raises(ValueError):
        publish(channel, "{}", "nameko-rpc", "x" * 256)
    assert conn.transport.written == b""


def test_a_reply_and_the_acknowledgement_of_its_request_go_in_one_write_as_py_amqp_would_write_them():
    reply = dict(content_type="application/json", content_encoding="utf-8", delivery_mode=1, correlation_id="a3f9")
    args = ('{"result": 7, "error": null}', "", "amq.rabbitmq.reply-to.g1h2", False)
    conn = connection()
    writes = []
    conn.transport.write = lambda data: writes.append(bytes(data))
    publish(SimpleNamespace(connection=conn, channel_id=7), *args, ack=2 ** 40 + 5, **reply)
    py_amqp = connection()
    py_amqp.frame_writer(1, 7, spec.Basic.Ack, dumps("Lb", (2 ** 40 + 5, False)), None)
    assert writes == [by_py_amqp(*args, **reply) + bytes(py_amqp.transport.written)]


def test_writes_wait_for_py_amqps_own_frames_on_the_connection():
    """An acknowledgement or heartbeat py-amqp is writing holds its lock; ours waits for it."""
    conn = connection()
    lock = frame_lock(conn)
    assert lock is frame_lock(conn)  # found once, in py-amqp's frame writer
    with lock:
        with pytest.raises(TimeoutError):
            with eventlet.Timeout(0.2, TimeoutError):
                publish(SimpleNamespace(connection=conn, channel_id=7), "{}", "", "reply", **REQUEST)
    assert conn.transport.written == b""
