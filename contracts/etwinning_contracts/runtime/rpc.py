"""The RPC entrypoint wrapper every service method uses.

``@rpc_method(args_schema, result_schema)`` makes a nameko RPC entrypoint that loads the
caller's actor, validates the arguments with the contract schema (``Invalid`` with
per-field errors otherwise), calls the method as ``method(self, actor, **args)`` and
dumps the result with the contract schema. Contract errors are expected: nameko sends
them back as themselves and does not log them as failures.

Replies leave as transient messages without a publisher confirm, on the channel the request
came on, with the request's acknowledgement in the same write: a reply matters only to a
caller that is still waiting, and one lost with the broker is a timeout for that caller, which
neither persistence nor a confirm would prevent. That saves RabbitMQ a disk write and a round
trip per call, and each call a system call (docs/benchmarks.md). Replies are serialised once
(nameko serialises them twice).
"""
import logging
import sys
from functools import lru_cache, wraps

import kombu.serialization
from marshmallow import ValidationError
from amqp.exceptions import AMQPError
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.exceptions import MethodNotFound, UnserializableValueError, serialize
from nameko.rpc import Rpc, RpcConsumer, get_rpc_exchange

from ..actor import ANONYMOUS, ActorSchema
from ..errors import ContractError, Invalid
from . import idempotency
from .dump import dumper
from .frames import publish
from . import expected_errors, worker_timing  # noqa: F401  (apply on import)
from .signature import CachedSignatureCheck

log = logging.getLogger(__name__)
# RabbitMQ's direct reply-to: a caller that consumes this pseudo-queue gets replies straight on its
# channel, with no reply queue in between; they are published to the default exchange.
DIRECT_REPLY_TO = "amq.rabbitmq.reply-to"
_actor_schema = ActorSchema()


def load_actor(raw):
    """The caller's actor. The gateway sends the same few actors again and again, so a valid one
    is loaded by the schema once and then found by its value (the schema's load was 7 % of
    identity's CPU for ``GET /me``); an invalid one goes through the schema every time."""
    if not raw:
        return ANONYMOUS
    try:
        key = tuple((name, tuple(value) if isinstance(value, list) else value) for name, value in sorted(raw.items()))
        return _known_actor(key)
    except (TypeError, AttributeError):  # not the shape of an actor: the schema says what is wrong
        return _load_actor(raw)


@lru_cache(maxsize=4096)
def _known_actor(key):
    return _load_actor(dict(key))


def _load_actor(raw):
    try:
        return _actor_schema.load(raw)
    except ValidationError as exc:
        raise Invalid("The actor of this call is malformed.", exc.messages) from None


def load_args(schema, kwargs):
    if schema is None:
        return kwargs
    try:
        return schema.load(kwargs)
    except ValidationError as exc:
        raise Invalid("Some fields are missing or invalid.", exc.messages) from None


class _LeanRpcConsumer(RpcConsumer):
    """nameko's RPC consumer, replying on the channel the request came on, acknowledged in the
    same write (frames.publish), instead of through a producer looked up in a pool, wrapped in
    retries and confirmed for every reply, then an acknowledgement of its own (together about a
    third of identity's CPU for ``GET /me``, docs/benchmarks.md)."""

    def setup(self):
        super().setup()
        self.serializer = self.container.config.get("serializer", "json")
        self.reply_exchange = get_rpc_exchange(self.container.config).name

    def get_provider_for_method(self, routing_key):
        """nameko formats and compares every method's routing key for every call; a dict, built
        once every entrypoint has registered, finds it at once."""
        by_key = getattr(self, "_providers_by_key", None)
        if by_key is None or len(by_key) != len(self._providers):
            by_key = self._providers_by_key = {f"{self.container.service_name}.{p.method_name}": p
                                               for p in self._providers}
        provider = by_key.get(routing_key)
        if provider is None:
            raise MethodNotFound(routing_key.split(".")[-1])
        return provider

    def handle_result(self, message, result, exc_info):
        result, exc_info, body = self._reply_body(result, exc_info)
        properties = message.properties
        reply_to = properties["reply_to"]
        exchange = "" if reply_to.startswith(DIRECT_REPLY_TO) else self.reply_exchange
        channel = message.channel
        try:
            if channel.connection is None:  # the broker will deliver the request again, to be answered then
                raise OSError("the connection the request came on is closed")
            publish(channel, body, exchange, reply_to, ack=message.delivery_tag,
                    content_type=properties["content_type"], content_encoding="utf-8", delivery_mode=1,
                    correlation_id=properties.get("correlation_id"))
            message._state = "ACK"  # as kombu's own ack marks it
        except (OSError, AMQPError) as exc:
            log.warning("could not send an RPC reply (%r); the caller will time out", exc)
        return result, exc_info

    def _reply_body(self, result, exc_info):
        """The reply serialised once (nameko serialises it twice: to check, then to publish)."""
        error = serialize(exc_info[1]) if exc_info is not None else None
        try:
            body = kombu.serialization.dumps({"result": result, "error": error}, self.serializer)[2]
        except Exception:
            exc_info = sys.exc_info()
            result, error = None, serialize(UnserializableValueError(result))  # always serialisable
            body = kombu.serialization.dumps({"result": None, "error": error}, self.serializer)[2]
        return result, exc_info, body


def open_channel(config):
    """A new connection to the service's broker (``AMQP_URI``, with nameko's SSL and login
    settings) and a raw py-amqp channel on it: for a process's own publishing and consuming
    beside nameko's, as (connection, channel)."""
    connection = kombu.Connection(config["AMQP_URI"], ssl=config.get(AMQP_SSL_CONFIG_KEY),
                                  login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
    connection.connect()
    return connection, connection.connection.channel()


def release_quietly(connection):
    if connection is not None:
        try:
            connection.release()
        except Exception:  # already broken: nothing to release
            pass


class _ContractRpc(CachedSignatureCheck, Rpc):
    rpc_consumer = _LeanRpcConsumer()


def rpc_method(args_schema=None, result_schema=None, many=False, idempotent=False):
    """``idempotent``: the call may carry the gateway's ``idempotency_key`` (the Idempotency-Key
    header); a repeated key answers the first response without running again (runtime/idempotency.py)."""
    args_schema = args_schema() if isinstance(args_schema, type) else args_schema
    result_schema = result_schema() if isinstance(result_schema, type) else result_schema
    dump = dumper(result_schema) if result_schema is not None else None

    def decorate(fn):
        @_ContractRpc.decorator(expected_exceptions=ContractError)
        @wraps(fn)
        def entrypoint(self, actor=None, idempotency_key=None, **kwargs):
            actor = load_actor(actor)
            if idempotency_key is not None and not idempotent:
                raise Invalid("This operation does not take an Idempotency-Key.",
                              {"Idempotency-Key": ["Not supported here."]}, code="idempotency_not_supported")
            caller = str(actor.user_id) if actor.user_id else "anonymous"
            claim = idempotency.begin(caller, fn.__name__, idempotency_key, kwargs)
            try:
                result = fn(self, actor, **load_args(args_schema, kwargs))
            except idempotency.Replayed as replay:
                return replay.response
            if dump is not None:
                result = dump(result, many=many)
            if claim is not None:
                claim.remember(result)
            return result

        return entrypoint

    return decorate
