"""``http``: nameko's HTTP entrypoint, served by a lean HTTP/1.1 server.

The entrypoint, werkzeug's routing and its Request/Response objects are nameko's own; only the
server that reads requests off the socket and writes responses back is replaced. nameko's
server (eventlet's WSGI server on ``http.server``, which parses every header block with the
``email`` package) cost a third of the gateway's CPU on ``GET /api/v1/me``; this one parses with
httptools (the C parser of uvicorn) and writes each response in one send (docs/benchmarks.md).

What a client sees: keep-alive and pipelining (HTTP/1.1 by default, HTTP/1.0 with
``Connection: keep-alive``), chunked request bodies, ``Expect: 100-continue``, and a problem
document (RFC 9457) for what never reaches a route: a malformed request (400), an address over
8 kB (414), a body over 8 MB (413), headers over 64 kB (431), a request still arriving
``REQUEST_DEADLINE`` seconds after its first byte (408). Every connection has TCP_NODELAY
(a response never waits for the client's delayed acknowledgement) and is closed after
``IDLE_TIMEOUT`` seconds without a request. Connections are not capped: idle ones cost a few
kilobytes, and a cap would let anyone holding that many idle ones stop even the health probe.
Every process uses this one decorator: two web server classes could not share the port.
"""
import io
import json
import logging
import socket
import sys
import time
from functools import partial
from urllib.parse import unquote_to_bytes

import eventlet
import httptools
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from . import expected_errors, worker_timing  # noqa: F401  (apply on import)
from .signature import CachedSignatureCheck

log = logging.getLogger(__name__)

PROBLEM_TYPE = "https://etwinning.example/problems/"
MAX_URL = 8 * 1024
MAX_HEADERS = 64 * 1024
MAX_BODY = 8 * 1024 * 1024  # above every route's own limit (a 2 MB picture); routes refuse less
IDLE_TIMEOUT = 75  # seconds, as common reverse proxies keep idle upstream connections
REQUEST_DEADLINE = 30  # seconds from a request's first byte to its last: a client trickling bytes is cut off
WORKER_WAIT = 1.0  # seconds a request waits for a free worker before a 503: never a wait without end
READ_SIZE = 64 * 1024
NO_BODY_STATUSES = ("1", "204", "304")


def problem_document(status, title, detail="", code=None, errors=None):
    """An RFC 9457 problem document: the shape of every error of the API, written here for what
    the server answers itself and by the gateway for the rest (gateway/problems.py)."""
    body = {"type": PROBLEM_TYPE + (code or title.lower().replace(" ", "-")), "title": title, "status": status,
            "detail": detail}
    if errors:
        body["errors"] = errors
    if code:
        body["code"] = code
    return body


class RequestRefused(Exception):
    """A request the server answers itself, before any route, and then closes the connection."""

    def __init__(self, status, reason, title, detail, code):
        super().__init__(detail)
        self.status, self.reason, self.title, self.detail, self.code = status, reason, title, detail, code

    def response(self):
        body = json.dumps(problem_document(self.status, self.title, self.detail, self.code)).encode()
        head = (f"HTTP/1.1 {self.status} {self.reason}\r\nConnection: close\r\n"
                f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n")
        return head.encode() + body


MALFORMED = RequestRefused(400, "Bad Request", "Malformed request", "The request is not valid HTTP/1.1.",
                           "malformed_request")
URL_TOO_LONG = RequestRefused(414, "Request URI Too Long", "Request URI too long",
                              "The address is longer than 8 kB; shorten the query.", "uri_too_long")
HEADERS_TOO_LARGE = RequestRefused(431, "Request Header Fields Too Large", "Request headers too large",
                                   "The request's headers are larger than 64 kB.", "headers_too_large")
BODY_TOO_LARGE = RequestRefused(413, "Payload Too Large", "Request too large",
                                "The request body is larger than 8 MB.", "too_large")
TOO_SLOW = RequestRefused(408, "Request Timeout", "Request too slow",
                          f"The request did not arrive whole within {REQUEST_DEADLINE} seconds.", "request_timeout")
ALIVE = ("200 OK", [("Content-Type", "application/json")], b'{"status": "ok"}')
BUSY = ("503 Service Unavailable", [("Content-Type", "application/problem+json"), ("Retry-After", "1")],
        json.dumps(problem_document(503, "Service unavailable", "Every worker is busy; try again in a moment.",
                                    "overloaded")).encode())


class _Requests:
    """httptools callbacks: collects complete requests (several, when a client pipelines)."""

    def __init__(self, sock):
        self.sock = sock
        self.parser = httptools.HttpRequestParser(self)
        self.complete = []
        self.refused = None
        self.begun_at = None  # when the request being read began, if one is

    def read_timeout(self):
        """How long the next read may wait: a connection may idle, a request may not crawl."""
        if self.begun_at is None:
            return IDLE_TIMEOUT
        left = REQUEST_DEADLINE - (time.monotonic() - self.begun_at)
        if left <= 0:
            raise TOO_SLOW
        return min(IDLE_TIMEOUT, left)

    def on_message_begin(self):
        self.url, self.headers, self.body, self.header_bytes, self.body_bytes = b"", [], [], 0, 0
        self.begun_at = time.monotonic()

    def on_url(self, url):
        self.url += url
        if len(self.url) > MAX_URL:
            self.refused = self.refused or URL_TOO_LONG

    def on_header(self, name, value):
        self.header_bytes += len(name) + len(value)
        if self.header_bytes > MAX_HEADERS:
            self.refused = self.refused or HEADERS_TOO_LARGE
        else:
            self.headers.append((name, value))

    def on_headers_complete(self):
        for name, value in self.headers:
            name = name.lower()
            if name == b"content-length" and value.strip().isdigit() and int(value) > MAX_BODY:
                self.refused = self.refused or BODY_TOO_LARGE  # at once, not after reading it
            elif name == b"expect" and value.lower() == b"100-continue" and not self.refused:
                self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body):
        self.body_bytes += len(body)
        if self.body_bytes > MAX_BODY:
            self.refused = self.refused or BODY_TOO_LARGE
        elif not self.refused:
            self.body.append(body)

    def on_message_complete(self):
        self.begun_at = None
        if not self.refused:
            p = self.parser
            self.complete.append((p.get_method(), p.get_http_version(), p.should_keep_alive(), self.url,
                                  self.headers, b"".join(self.body)))


def serve_connection(app, server_address, sock, client_address):
    """One client connection: read, parse, answer each request in order, until either side closes."""
    requests = _Requests(sock)
    try:
        while True:
            sock.settimeout(requests.read_timeout())
            try:
                data = sock.recv(READ_SIZE)
            except socket.timeout:
                if requests.begun_at is not None:
                    raise TOO_SLOW from None
                return  # idle: closed quietly

            if not data:
                return
            upgrade = False
            try:
                requests.parser.feed_data(data)
            except httptools.HttpParserUpgrade:
                # no WebSocket or h2c here: the request is answered as plain HTTP/1.1, then closed
                upgrade = True
            except httptools.HttpParserError:
                raise (requests.refused or MALFORMED) from None
            if upgrade and not requests.complete:
                raise MALFORMED  # CONNECT, or an upgrade with a body
            while requests.complete:
                method, version, keep_alive, url, headers, body = requests.complete.pop(0)
                environ = _environ(method, version, url, headers, body, server_address, client_address)
                keep_alive = _answer(sock, app, environ, method == b"HEAD", keep_alive and not upgrade)
                if not keep_alive:
                    return
            if requests.refused:
                raise requests.refused
    except RequestRefused as refused:
        _send_quietly(sock, refused.response())
    except OSError:
        pass  # an idle client (timeout) or one that went away
    finally:
        sock.close()


def _environ(method, version, url, headers, body, server_address, client_address):
    try:
        parsed = httptools.parse_url(url)
    except httptools.HttpParserInvalidURLError:
        raise MALFORMED from None
    environ = {
        "REQUEST_METHOD": method.decode("latin-1"),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(parsed.path or b"/").decode("latin-1"),  # PEP 3333: bytes as latin-1
        "QUERY_STRING": (parsed.query or b"").decode("latin-1"),
        "SERVER_NAME": server_address[0],
        "SERVER_PORT": str(server_address[1]),
        "SERVER_PROTOCOL": f"HTTP/{version}",
        "REMOTE_ADDR": client_address[0],
        "REMOTE_PORT": str(client_address[1]),
        "CONTENT_LENGTH": str(len(body)),  # also for a chunked body, which arrives decoded
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers:
        key = name.decode("latin-1").upper()
        if "_" in key:
            continue  # as eventlet: a header spelt with "_" could pass for one spelt with "-"
        key = key.replace("-", "_")
        if key == "CONTENT_LENGTH" or key == "TRANSFER_ENCODING":
            continue  # the body is already read whole
        key = key if key == "CONTENT_TYPE" else "HTTP_" + key
        value = value.decode("latin-1")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def _answer(sock, app, environ, head_only, keep_alive):
    """Run the application and write its response in one send; False if the connection must close."""
    try:
        status, headers, body = app.respond(environ)
    except Exception:
        log.exception("unhandled error answering %s %s", environ["REQUEST_METHOD"], environ["PATH_INFO"])
        status, headers = "500 Internal Server Error", [("Content-Type", "application/problem+json")]
        body = json.dumps(problem_document(500, "Internal error", "The server failed; the error was logged.",
                                           "internal_error")).encode()
    lines = [f"HTTP/1.1 {status}\r\n"]
    sized = status.startswith(NO_BODY_STATUSES)
    for name, value in headers:
        lower = name.lower()
        if lower == "content-length":
            sized = True
        elif lower == "connection" and value.lower() == "close":
            keep_alive = False
        lines.append(f"{name}: {value}\r\n")
    if not sized:
        lines.append(f"Content-Length: {len(body)}\r\n")
    if not keep_alive:
        lines.append("Connection: close\r\n")
    lines.append("\r\n")
    sock.sendall("".join(lines).encode("latin-1") + (b"" if head_only else body))
    if log.isEnabledFor(logging.INFO):
        log.info("%s %s %s", environ["REQUEST_METHOD"], environ["PATH_INFO"], status.split(" ", 1)[0])
    return keep_alive


def _send_quietly(sock, data):
    try:
        sock.sendall(data)
    except OSError:
        pass


def _routing_problem(exc, environ):
    """werkzeug's 404 or 405 (a path no rule matches, such as one with a line break in it, or a
    method a health port does not take) as a problem document rather than its HTML page; its
    headers (a 405's Allow) are kept."""
    headers = [(name, value) for name, value in exc.get_headers(environ) if name.lower() != "content-type"]
    body = problem_document(exc.code, exc.name, "There is no such endpoint, or it does not take this method.",
                            code="no_route" if exc.code == 404 else "method_not_allowed")
    return Response(json.dumps(body), status=exc.code, headers=headers, content_type="application/problem+json")


class LeanWsgiApp(WsgiApp):
    """nameko's application (werkzeug's routing, then the entrypoint's worker), whose werkzeug
    Response is written out directly: its WSGI call rebuilt every header for the WSGI layer
    this server does not have. Anything else (a streamed body) goes through WSGI as usual."""

    def respond(self, environ):
        if environ["PATH_INFO"] == "/healthz" and environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            return ALIVE  # the process is alive even when every worker is busy: no restart for that
        if not self._worker_free():
            return BUSY
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind(environ.get("HTTP_HOST") or environ["SERVER_NAME"],
                                    path_info=environ["PATH_INFO"], default_method=environ["REQUEST_METHOD"],
                                    query_args=environ["QUERY_STRING"])
        try:
            provider, values = adapter.match()
            request.path_values = values
            response = provider.handle_request(request)
        except HTTPException as exc:  # no rule took the request: routing's own answer, as a problem
            response = _routing_problem(exc, environ)
        if isinstance(response, Response) and response.is_sequence and not response.direct_passthrough:
            try:
                return response.status, response.headers.to_wsgi_list(), response.get_data()
            finally:
                response.close()
        return self._through_wsgi(response, environ)

    def _worker_free(self, seconds=WORKER_WAIT):
        """Wait, at most ``seconds``, for the container's worker pool to have room: nameko's own
        spawn would wait for as long as the busy workers take (each up to its RPC timeout)."""
        pool = self.server.container._worker_pool
        deadline = None
        while pool.free() <= 0:
            deadline = deadline or time.monotonic() + seconds
            if time.monotonic() >= deadline:
                return False
            eventlet.sleep(0.01)
        return True

    @staticmethod
    def _through_wsgi(response, environ):
        started = []
        result = response(environ, lambda status, headers, exc_info=None: started.extend((status, headers)))
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        return started[0], started[1], body


class LeanWebServer(WebServer):
    """nameko's shared web server extension, with the connection loop above instead of eventlet's
    WSGI server: routing (werkzeug's map of every ``@http`` entrypoint) and workers are nameko's."""

    def start(self):
        if not self._starting:
            self._starting = True
            self._sock = eventlet.listen(self.bind_addr)
            self._sock.settimeout(None)  # kombu sets a default timeout on sockets (nameko's note)
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by each connection
            self._app = LeanWsgiApp(self)
            self._gt = self.container.spawn_managed_thread(self.run)

    def run(self):
        server_address = self._sock.getsockname()[:2]
        while self._is_accepting:
            try:
                sock, client_address = self._sock.accept()
            except OSError as exc:  # out of file descriptors, a connection reset while queued...
                log.warning("accepting a connection failed: %s", exc)
                eventlet.sleep(0.1)  # the process goes on serving, and does not spin
                continue
            self.container.spawn_managed_thread(
                partial(serve_connection, self._app, server_address, sock, client_address[:2]))


class LeanHttp(CachedSignatureCheck, HttpRequestHandler):
    server = LeanWebServer()


http = LeanHttp.decorator
