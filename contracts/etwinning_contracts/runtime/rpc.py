"""The RPC entrypoint wrapper every service method uses.

``@rpc_method(args_schema, result_schema)`` makes a nameko RPC entrypoint that loads the
caller's actor, validates the arguments with the contract schema (``Invalid`` with
per-field errors otherwise), calls the method as ``method(self, actor, **args)`` and
dumps the result with the contract schema. Contract errors are expected: nameko sends
them back as themselves and does not log them as failures.
"""
from functools import wraps

from marshmallow import ValidationError
from nameko.rpc import rpc

from ..actor import ANONYMOUS, ActorSchema
from ..errors import ContractError, Invalid

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


def rpc_method(args_schema=None, result_schema=None, many=False):
    args_schema = args_schema() if isinstance(args_schema, type) else args_schema
    result_schema = result_schema() if isinstance(result_schema, type) else result_schema

    def decorate(fn):
        @rpc(expected_exceptions=ContractError)
        @wraps(fn)
        def entrypoint(self, actor=None, **kwargs):
            result = fn(self, load_actor(actor), **load_args(args_schema, kwargs))
            if result_schema is None:
                return result
            return result_schema.dump(result, many=many)

        return entrypoint

    return decorate
