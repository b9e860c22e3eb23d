"""The RPC entrypoint wrapper every service method uses.

``@rpc_method(args_schema, result_schema)`` makes a nameko RPC entrypoint that loads the
caller's actor, validates the arguments with the contract schema (``Invalid`` with
per-field errors otherwise), calls the method as ``method(self, actor, **args)`` and
dumps the result with the contract schema. Contract errors are expected: nameko sends
them back as themselves and does not log them as failures.

Replies leave as transient messages without a publisher confirm: a reply matters only to a
caller that is still waiting, and one lost with the broker is a timeout for that caller, which
neither persistence nor a confirm would prevent. That saves RabbitMQ a disk write and a round
trip per call (docs/benchmarks.md), and are serialised once (nameko serialises them twice).
Requests keep nameko's confirm, which tells the caller that no service of that name exists.
"""
import sys
from functools import partial, wraps

import kombu.serialization
from marshmallow import ValidationError
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY, NON_PERSISTENT
from nameko.exceptions import UnserializableValueError, serialize
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from ..actor import ANONYMOUS, ActorSchema
from ..errors import ContractError, Invalid
from . import idempotency

_actor_schema = ActorSchema()


def load_actor(raw):
    if not raw:
        return ANONYMOUS
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


class _LeanResponder(Responder):
    publisher_cls = partial(Publisher, use_confirms=False, delivery_mode=NON_PERSISTENT)

    def send_response(self, result, exc_info):
        """nameko's, serialising the reply once: nameko serialises the result to check that it
        can, then the whole reply again to publish it (5 % of a 20-card search's CPU in directory)."""
        error = serialize(exc_info[1]) if exc_info is not None else None
        serializer = kombu.serialization.registry.type_to_name[self.message.properties["content_type"]]
        try:
            content_type, encoding, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)
        except Exception:
            exc_info = sys.exc_info()
            result, error = None, serialize(UnserializableValueError(result))  # always serialisable
            content_type, encoding, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)
        publisher = self.publisher_cls(self.amqp_uri, ssl=self.ssl, login_method=self.login_method)
        publisher.publish(body, content_type=content_type, content_encoding=encoding, exchange=self.exchange,
                          routing_key=self.message.properties["reply_to"],
                          correlation_id=self.message.properties.get("correlation_id"))
        return result, exc_info


class _LeanRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        # nameko's RpcConsumer.handle_result, replying through _LeanResponder
        config = self.container.config
        responder = _LeanResponder(config["AMQP_URI"], get_rpc_exchange(config), config.get("serializer", "json"),
                                   message, ssl=config.get(AMQP_SSL_CONFIG_KEY),
                                   login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class _ContractRpc(Rpc):
    rpc_consumer = _LeanRpcConsumer()


def rpc_method(args_schema=None, result_schema=None, many=False, idempotent=False):
    """``idempotent``: the call may carry the gateway's ``idempotency_key`` (the Idempotency-Key
    header); a repeated key answers the first response without running again (runtime/idempotency.py)."""
    args_schema = args_schema() if isinstance(args_schema, type) else args_schema
    result_schema = result_schema() if isinstance(result_schema, type) else result_schema

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
            if result_schema is not None:
                result = result_schema.dump(result, many=many)
            if claim is not None:
                claim.remember(result)
            return result

        return entrypoint

    return decorate
