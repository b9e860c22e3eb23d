"""The gateway's RPC caller against a real nameko service on RabbitMQ: results, errors as
themselves, 503 for a service that does not exist, 504 for one that does not answer, and a
connection that comes back after the broker dropped it."""
import socket
import time
import uuid
from datetime import date

import eventlet
import pytest
from nameko.extensions import Entrypoint
from nameko.testing.services import entrypoint_hook

from etwinning_contracts.actor import Actor
from etwinning_contracts.errors import NotFound
from etwinning_contracts.runtime.rpc import rpc_method
from gateway.api import ServiceUnavailable
from gateway.service import ServiceClient

TIMEOUT = 1.0


class Probe:
    name = "rpc_probe"

    @rpc_method()
    def echo(self, actor, **kwargs):
        return {"kwargs": {k: str(v) for k, v in kwargs.items()}, "user": str(actor.user_id)}

    @rpc_method()
    def missing(self, actor):
        raise NotFound("No such thing.", code="no_such_thing")

    @rpc_method()
    def slow(self, actor):
        eventlet.sleep(TIMEOUT * 3)


class Caller:
    name = "rpc_probe_caller"
    probe = ServiceClient("rpc_probe")
    ghost = ServiceClient("no_such_service_anywhere")

    @Entrypoint.decorator
    def through(self, client, method, **kwargs):
        return getattr(self, client)(method, **kwargs)


@pytest.fixture
def caller(container_factory, amqp_uri):
    config = {"AMQP_URI": amqp_uri, "RPC_TIMEOUT": TIMEOUT}
    container_factory(Probe, config).start()
    container = container_factory(Caller, config)
    container.start()

    def call(client, method, **kwargs):
        with entrypoint_hook(container, "through") as hook:
            return hook(client, method, **kwargs)

    call.container = container
    return call


def test_a_call_returns_the_result_with_arguments_as_nameko_sends_them(caller):
    user_id, school_id = uuid.uuid4(), uuid.uuid4()
    actor = Actor(user_id=user_id, roles=("user",))
    result = caller("probe", "echo", actor=actor, school_id=school_id, since=date(2026, 1, 2))
    assert result == {"kwargs": {"school_id": str(school_id), "since": "2026-01-02"}, "user": str(user_id)}


def test_a_contract_error_arrives_as_itself(caller):
    with pytest.raises(NotFound) as raised:
        caller("probe", "missing")
    assert raised.value.code == "no_such_thing"


def test_a_service_that_does_not_exist_is_unavailable_at_once(caller):
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as raised:
        caller("ghost", "anything")
    assert raised.value.timed_out is False
    assert time.monotonic() - started < TIMEOUT


def test_a_service_that_does_not_answer_times_out(caller):
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as raised:
        caller("probe", "slow")
    assert raised.value.timed_out is True
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT * 2.5


def test_calls_work_again_after_the_broker_connection_drops(caller):
    rpc_caller = next(iter(caller.container.dependencies)).caller
    dropped = rpc_caller.kombu_connection
    dropped.connection.sock.shutdown(socket.SHUT_RDWR)
    deadline = time.monotonic() + 10
    while True:
        try:
            assert caller("probe", "echo")["kwargs"] == {}
            break
        except ServiceUnavailable:  # while it reconnects: 503, never a hang
            assert time.monotonic() < deadline
            time.sleep(0.2)
    assert rpc_caller.kombu_connection is not dropped  # it answered on a new connection


def test_a_call_made_before_the_connection_is_up_waits_for_it(caller):
    """nameko may serve HTTP before the caller has connected at start: such a call waits."""
    rpc_caller = next(iter(caller.container.dependencies)).caller
    channel, rpc_caller.channel = rpc_caller.channel, None
    eventlet.spawn_after(TIMEOUT / 3, setattr, rpc_caller, "channel", channel)
    assert caller("probe", "echo")["kwargs"] == {}
