"""The services' HTTP server, spoken to over a raw socket as HTTP clients and proxies speak."""
import json
import socket

import pytest
from werkzeug.wrappers import Response

from etwinning_contracts.runtime.devstack import free_port
from etwinning_contracts.runtime.web import http


class Echo:
    name = "web_probe"

    @http("GET", "/hello")
    def hello(self, request):
        return 200, "hello " + request.args.get("who", "world")

    @http("GET", "/stream")
    def stream(self, request):
        return Response((part.encode() for part in ("one ", "two ", "three")), content_type="text/plain")

    @http("POST", "/echo")
    def echo(self, request):
        body = request.get_data()
        return 200, json.dumps({"length": len(body), "start": body[:10].decode(), "type": request.content_type})


@pytest.fixture
def address(container_factory, amqp_uri):
    port = free_port()
    container_factory(Echo, {"AMQP_URI": amqp_uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}"}).start()
    return "127.0.0.1", port


@pytest.fixture
def client(address):
    sock = socket.create_connection(address, timeout=5)
    yield sock
    sock.close()


def read_head(stream):
    """(status, headers) of one response read off a socket's file."""
    status = int(stream.readline().split()[1])
    headers = {}
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, value = line.decode("latin-1").split(":", 1)
        headers[name.strip().lower()] = value.strip()
    return status, headers


def read_response(stream):
    status, headers = read_head(stream)
    return status, headers, stream.read(int(headers.get("content-length", 0)))


def closed(sock):
    sock.settimeout(2)
    return sock.recv(1) == b""


def test_one_connection_carries_several_requests_also_pipelined(client):
    stream = client.makefile("rb")
    client.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
    assert read_response(stream)[::2] == (200, b"hello world")
    client.sendall(b"GET /hello?who=Ana HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?who=Jo%C3%A3o HTTP/1.1\r\nHost: x\r\n\r\n")
    assert read_response(stream)[::2] == (200, b"hello Ana")
    assert read_response(stream)[::2] == (200, "hello João".encode())


def test_a_chunked_body_arrives_whole_after_a_100_continue(client):
    stream = client.makefile("rb")
    client.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
    assert stream.readline() == b"HTTP/1.1 100 Continue\r\n" and stream.readline() == b"\r\n"
    client.sendall(b"5\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n")
    status, _, body = read_response(stream)
    assert status == 200 and json.loads(body) == {"length": 8, "start": '{"a": 1}', "type": "application/json"}


def test_an_upgrade_request_is_answered_as_plain_http_and_the_connection_closes(client):
    client.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                   b"HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n")
    status, headers, body = read_response(client.makefile("rb"))
    assert (status, body, headers["connection"]) == (200, b"hello world", "close")
    assert closed(client)


def test_a_streamed_body_is_sent_whole_with_its_length(client):
    client.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    status, headers, body = read_response(client.makefile("rb"))
    assert (status, body, headers["content-length"]) == (200, b"one two three", "13")


def test_head_answers_the_headers_only(client):
    stream = client.makefile("rb")
    client.sendall(b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
    status, headers = read_head(stream)
    assert status == 200 and headers["content-length"] == "11"  # what GET sends; no body follows:
    assert read_response(stream)[::2] == (200, b"hello world")


def test_http_1_0_closes_after_the_answer_unless_asked_to_keep_alive(client, address):
    client.sendall(b"GET /hello HTTP/1.0\r\n\r\n")
    status, headers, body = read_response(client.makefile("rb"))
    assert (status, body, headers["connection"]) == (200, b"hello world", "close")
    assert closed(client)
    with socket.create_connection(address, timeout=5) as kept:
        stream = kept.makefile("rb")
        for _ in range(2):
            kept.sendall(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            assert read_response(stream)[::2] == (200, b"hello world")


@pytest.mark.parametrize("request_bytes, status, code", [
    (b"GET /hello?q=" + b"x" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    (b"GET /hello HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"y" * 70_000 + b"\r\n\r\n", 431, "headers_too_large"),
    (b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 9000000\r\n\r\n", 413, "too_large"),
    (b"GET /hello HTTP/1.1\r\nHost x\r\n\r\n", 400, "malformed_request"),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS to a plain port\r\n\r\n", 400, "malformed_request"),
])
def test_what_never_reaches_a_route_gets_a_problem_document_and_the_connection_closes(client, request_bytes,
                                                                                       status, code):
    client.sendall(request_bytes)
    answer, headers, body = read_response(client.makefile("rb"))
    assert answer == status and headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == code and json.loads(body)["status"] == status
    assert closed(client)


def test_the_server_goes_on_after_a_client_vanishes_mid_request(address):
    with socket.create_connection(address, timeout=5) as gone:
        gone.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"half")
    with socket.create_connection(address, timeout=5) as fresh:
        fresh.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(fresh.makefile("rb"))[::2] == (200, b"hello world")


def test_a_request_trickled_in_byte_by_byte_is_cut_off_at_its_deadline(address, monkeypatch):
    """A client that keeps a request open by sending a header line now and then (slowloris)
    gets a 408 problem once the request's deadline passes, and the connection closes."""
    import time

    from etwinning_contracts.runtime import web

    monkeypatch.setattr(web, "REQUEST_DEADLINE", 1.0)
    sock = socket.create_connection(address, timeout=5)
    try:
        sock.sendall(b"GET /hello HTTP/1.1\r\nHost: probe\r\n")
        started = time.monotonic()
        answered = b""
        while time.monotonic() - started < 4 and not answered:
            try:
                sock.sendall(b"X-Slow: yes\r\n")
                sock.settimeout(0.3)
                answered = sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                break
        assert answered.startswith(b"HTTP/1.1 408 ")
        assert json.loads(answered.split(b"\r\n\r\n", 1)[1])["code"] == "request_timeout"
        assert time.monotonic() - started < 3
    finally:
        sock.close()
