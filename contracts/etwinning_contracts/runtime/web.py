"""``http``: nameko's HTTP entrypoint on a web server whose connections send at once.

eventlet writes a response through a 16 KiB buffer, so a larger body (a page of search
results in Cyrillic or Georgian, escaped in JSON) leaves in two sends: the headers, then the
body. With Nagle's algorithm on, the second send waits until the client acknowledges the first,
and clients delay that acknowledgement by up to 40 ms: such responses took 40 ms longer
(docs/benchmarks.md). TCP_NODELAY on the listening socket is inherited by every connection it
accepts. Every process uses this one decorator: two web server classes could not share the port.
"""
import socket

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer

from .signature import CachedSignatureCheck


class NoDelayWebServer(WebServer):
    def get_wsgi_server(self, sock, wsgi_app, **kwargs):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return super().get_wsgi_server(sock, wsgi_app, **kwargs)


class NoDelayHttp(CachedSignatureCheck, HttpRequestHandler):
    server = NoDelayWebServer()


http = NoDelayHttp.decorator
