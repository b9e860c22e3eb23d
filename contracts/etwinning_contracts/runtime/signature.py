"""Entrypoints that check a call's arguments against a signature read once.

nameko checks every call with ``inspect.getcallargs``, which rebuilds the method's signature
each time: about 5 % of a service's CPU on the hottest read, ``GET /me`` (docs/benchmarks.md).
The check and its error are the same; only the signature is kept.
"""
import inspect

from nameko.exceptions import IncorrectSignature


class CachedSignatureCheck:
    _signature = None

    def check_signature(self, args, kwargs):
        if self._signature is None:
            # the method's own parameters, as getcallargs reads them: not those of a function it wraps
            method = getattr(self.container.service_cls, self.method_name)
            self._signature = inspect.signature(method, follow_wrapped=False)
        try:
            self._signature.bind(None, *args, **kwargs)  # None: the unbound method's self
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None
