"""Queues declared at deploy time keep the events and RPC requests published before their
consumer ever ran."""
import uuid

from kombu import Connection
from nameko.amqp.publish import Publisher
from nameko.events import get_event_exchange
from nameko.rpc import get_rpc_exchange

from etwinning_contracts.runtime.inbox import on_event
from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.runtime.topology import declare, handler_queues
from gateway.revocations import RevocationHandlers


def a_consumer(event_type):
    class LateService:
        name = f"late_{uuid.uuid4().hex[:8]}"

        @on_event("identity", event_type)
        def on_thing(self, session, payload):
            raise AssertionError("never started in this test")

    return LateService


def messages_in(amqp_uri, queue_name):
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        try:
            return channel.queue_declare(queue_name, passive=True).message_count
        finally:
            channel.close()


def test_an_event_published_before_its_consumer_started_waits_in_its_queue(amqp_uri):
    event_type = f"thing_happened_{uuid.uuid4().hex[:8]}"
    service = a_consumer(event_type)
    config = {"AMQP_URI": amqp_uri}
    names = declare(amqp_uri, [service], config)
    assert names == [f"evt-identity-{event_type}--{service.name}.on_thing"]

    exchange = get_event_exchange("identity", config)
    Publisher(amqp_uri, use_confirms=True, declare=[exchange]).publish(
        {"event_id": str(uuid.uuid4())}, exchange=exchange, routing_key=event_type)
    assert messages_in(amqp_uri, names[0]) == 1
    # declaring again (every deployment does) keeps what waits
    assert declare(amqp_uri, [service], config) == names and messages_in(amqp_uri, names[0]) == 1


def test_per_replica_queues_are_left_to_the_replica():
    """The gateway's revocation handlers are BROADCAST: one queue per running replica."""
    assert handler_queues(RevocationHandlers, {"AMQP_URI": "amqp://"}) == []


def test_an_rpc_request_sent_before_the_service_started_waits_in_its_queue(amqp_uri):
    class LateRpcService:
        name = f"late_rpc_{uuid.uuid4().hex[:8]}"

        @rpc_method()
        def answer(self, actor):
            return 42

    config = {"AMQP_URI": amqp_uri}
    assert declare(amqp_uri, [LateRpcService], config) == [f"rpc-{LateRpcService.name}"]
    exchange = get_rpc_exchange(config)
    # mandatory: the broker would return (UndeliverableMessage) a request no queue is bound for
    Publisher(amqp_uri, use_confirms=True, declare=[exchange]).publish(
        {"args": [], "kwargs": {}}, exchange=exchange, routing_key=f"{LateRpcService.name}.answer", mandatory=True)
    assert messages_in(amqp_uri, f"rpc-{LateRpcService.name}") == 1
