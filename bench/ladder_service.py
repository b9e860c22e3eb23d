"""Optional steps between the bare endpoint and the authenticated read (``--ladder``), to see
what each layer costs on its own:

    GET /jwt   the gateway's token check (same ``Tokens`` dependency), then 200
    GET /rpc   the token check, then one nameko RPC to ``bench_echo.ping`` (no database),
               with nameko's defaults, as the gateway calls identity: persistent messages and
               publisher confirms on the request and on the reply
    GET /rpc-lean  the same with transient messages both ways and no confirm on the reply
               (the request keeps its confirm, which nameko needs to raise UnknownService);
               this is what ``docs/benchmarks.md`` recommends trying in the product
    GET /http-hop  the token check, then one HTTP request (keep-alive pool) to the bare
               service instead of an RPC: what a synchronous read would cost without the broker

The echo services run in a process of their own, like identity. None of this is part of the product.

    python -m nameko run --config bench/ladder_config.yml bench.ladder_service:EchoService \
        bench.ladder_service:LeanEchoService
    python -m nameko run --config bench/ladder_config.yml bench.ladder_service:LadderService
"""
import json
import os
from functools import partial

import urllib3
from nameko.amqp.publish import Publisher
from nameko.constants import NON_PERSISTENT
from nameko.rpc import Responder, Rpc, RpcConsumer, RpcProxy, get_rpc_exchange, rpc
from etwinning_contracts.runtime.web import http
from werkzeug.wrappers import Response

from gateway.service import Tokens


class EchoService:
    name = "bench_echo"

    @rpc
    def ping(self, actor=None):
        return {"ok": True}


class LeanResponder(Responder):
    """Replies as transient messages without a publisher confirm: a lost reply is a timeout
    for the caller, which a confirm would not prevent anyway."""

    publisher_cls = partial(Publisher, use_confirms=False, delivery_mode=NON_PERSISTENT)


class LeanRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        # nameko's RpcConsumer.handle_result with LeanResponder instead of Responder
        config = self.container.config
        responder = LeanResponder(config["AMQP_URI"], get_rpc_exchange(config), config.get("serializer", "json"),
                                  message, ssl=config.get("AMQP_SSL"), login_method=config.get("LOGIN_METHOD"))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class LeanRpc(Rpc):
    rpc_consumer = LeanRpcConsumer()


class LeanEchoService:
    name = "bench_echo_lean"

    @LeanRpc.decorator
    def ping(self, actor=None):
        return {"ok": True}


class LadderService:
    name = "bench_ladder"

    tokens = Tokens()
    echo = RpcProxy("bench_echo")
    echo_lean = RpcProxy("bench_echo_lean", delivery_mode=NON_PERSISTENT)

    def _bare_pool(self):
        pool = getattr(LadderService, "_pool", None)
        if pool is None:
            host, _, port = os.environ.get("BARE_WEB_SERVER_ADDRESS", "127.0.0.1:8090").partition(":")
            pool = LadderService._pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=64, block=True)
        return pool

    @http("GET", "/jwt")
    def token_only(self, request):
        actor = self.tokens.verifier.actor(request.headers.get("Authorization"))
        return Response(json.dumps({"user_id": actor.user_id}), content_type="application/json")

    @http("GET", "/rpc")
    def rpc_call(self, request):
        actor = self.tokens.verifier.actor(request.headers.get("Authorization"))
        result = self.echo.ping(actor={"user_id": actor.user_id, "roles": list(actor.roles)})
        return Response(json.dumps(result), content_type="application/json")

    @http("GET", "/rpc-lean")
    def rpc_lean_call(self, request):
        actor = self.tokens.verifier.actor(request.headers.get("Authorization"))
        result = self.echo_lean.ping(actor={"user_id": actor.user_id, "roles": list(actor.roles)})
        return Response(json.dumps(result), content_type="application/json")

    @http("GET", "/http-hop")
    def http_hop_call(self, request):
        actor = self.tokens.verifier.actor(request.headers.get("Authorization"))
        answer = self._bare_pool().request("GET", "/bare", headers={"X-User": actor.user_id})
        return Response(json.dumps({"ok": answer.data == b"ok"}), content_type="application/json")
