"""The benchmark's baseline: a nameko service whose one ``@http`` endpoint does nothing.

It runs in its own process on nameko's own web server (eventlet's WSGI server), so the
gateway benchmark can report the cost of an authenticated read relative to the cheapest
request nameko can serve on this machine. The services serve HTTP with a leaner server of
their own (``etwinning_contracts.runtime.web``); the baseline stays nameko's, with one change
that only makes it faster: TCP_NODELAY, without which a response can wait 40 ms for the
client's delayed acknowledgement.

    python -m nameko run --config bench/bare_config.yml bench.bare_service:BareService

(``bench/gateway_bench.py`` starts it for you.) ``BARE_WEB_SERVER_ADDRESS`` chooses the
address, ``BARE_MAX_WORKERS`` the worker pool (default: the gateway's 64).
"""
import socket

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer

from etwinning_contracts.runtime.signature import CachedSignatureCheck


class NoDelayWebServer(WebServer):
    def get_wsgi_server(self, sock, wsgi_app, **kwargs):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by each connection
        return super().get_wsgi_server(sock, wsgi_app, **kwargs)


class NoDelayHttp(CachedSignatureCheck, HttpRequestHandler):
    server = NoDelayWebServer()


http = NoDelayHttp.decorator


class BareService:
    name = "bench_bare"

    @http("GET", "/bare")
    def bare(self, request):
        return 200, "ok"
