"""The development mail sink: an SMTP server that keeps every message it receives as an
``.eml`` file, and a small web page to read them. Nothing is ever relayed.

    python -m notify.mailsink --smtp-port 1025 --http-port 8025 --dir .local/mail

Tests import :func:`read_messages` to look at what arrived.
"""
import argparse
import html
import json
import os
import signal
import sys
import threading
import time
import uuid
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_DIR = os.path.join(".local", "mail")


# ---------------------------------------------------------------- storage

class StoreHandler:
    """aiosmtpd handler: one ``.eml`` file per message, named so that names sort by arrival."""

    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    async def handle_DATA(self, server, conn, envelope):
        self.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def store(self, raw):
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        partial = os.path.join(self.directory, f".{name}.tmp")
        with open(partial, "wb") as handle:
            handle.write(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        # Renamed only when complete: a reader never sees half a message.
        os.replace(partial, os.path.join(self.directory, f"{name}.eml"))
        return name


def _text_of(msg):
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        return body.get_content()
    except (LookupError, UnicodeError):
        return body.get_payload(decode=True).decode("utf-8", "replace")


def _iso_date(value):
    try:
        return parsedate_to_datetime(value).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def read_message(path):
    with open(path, "rb") as handle:
        msg = BytesParser(policy=policy.default).parse(handle)
    return {
        "id": os.path.basename(path)[:-len(".eml")],
        "to": str(msg.get("To", "")),
        "from": str(msg.get("From", "")),
        "subject": str(msg.get("Subject", "")),
        "date": _iso_date(msg.get("Date")),
        "text": _text_of(msg),
    }


def read_messages(directory=DEFAULT_DIR):
    """Every message stored in ``directory``, newest first."""
    try:
        names = [n for n in os.listdir(directory) if n.endswith(".eml")]
    except FileNotFoundError:
        return []
    return [read_message(os.path.join(directory, n)) for n in sorted(names, reverse=True)]


# ---------------------------------------------------------------- web page

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eTwinning mail sink</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem; }}
article {{ border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }}
dt {{ color: #555; }} dd {{ margin: 0; }}
pre {{ white-space: pre-wrap; background: #f6f6f6; padding: 0.5rem; }}
</style></head>
<body><h1>Mail sink</h1>
<p>{count} message(s) received, newest first. Nothing here was delivered to a real mailbox.
Also as <a href="/messages.json">JSON</a>.</p>
{articles}
</body></html>
"""

_ARTICLE = """<article id="{id}"><dl>
<dt>To</dt><dd>{to}</dd><dt>Subject</dt><dd>{subject}</dd><dt>Date</dt><dd>{date}</dd>
<dt>From</dt><dd>{from_}</dd></dl>
<pre>{text}</pre></article>"""


def render_page(messages):
    esc = html.escape
    articles = "\n".join(_ARTICLE.format(
        id=esc(m["id"]), to=esc(m["to"]), subject=esc(m["subject"]), date=esc(m["date"] or ""),
        from_=esc(m["from"]), text=esc(m["text"])) for m in messages)
    return _PAGE.format(count=len(messages), articles=articles)


def make_http_handler(directory):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._answer(200, "text/html; charset=utf-8", render_page(read_messages(directory)))
            elif path == "/messages.json":
                self._answer(200, "application/json", json.dumps(read_messages(directory), ensure_ascii=False))
            else:
                self._answer(404, "text/plain; charset=utf-8", "not found\n")

        def _answer(self, status, content_type, text):
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):  # quiet: the page is polled
            pass

    return Handler


# ---------------------------------------------------------------- the process

def default_host():
    """Loopback on a workstation (the page shows live links); every interface in a container,
    where other containers must reach it."""
    if os.environ.get("MAILSINK_HOST"):
        return os.environ["MAILSINK_HOST"]
    in_container = (os.path.exists("/.dockerenv") or os.path.exists("/run/.containerenv")
                    or "KUBERNETES_SERVICE_HOST" in os.environ)
    return "0.0.0.0" if in_container else "127.0.0.1"


class MailSink:
    """SMTP server and web page together; ``start()`` returns once both accept connections."""

    def __init__(self, directory=DEFAULT_DIR, smtp_port=1025, http_port=8025, host="127.0.0.1"):
        self.directory = os.path.abspath(directory)
        self.smtp_port = smtp_port
        self.http_port = http_port
        self.host = host
        self.controller = None
        self.http = None

    def start(self):
        from aiosmtpd.controller import Controller  # imported here: read_messages needs no asyncio

        handler = StoreHandler(self.directory)
        self.controller = Controller(handler, hostname=self.host, port=self.smtp_port, enable_SMTPUTF8=True,
                                     server_hostname="mailsink.local")
        self.controller.start()
        if self.http_port:
            self.http = ThreadingHTTPServer((self.host, self.http_port), make_http_handler(self.directory))
            self.http.daemon_threads = True
            threading.Thread(target=self.http.serve_forever, name="mailsink-http", daemon=True).start()
        return self

    def stop(self):
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
        if self.controller is not None:
            self.controller.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m notify.mailsink", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025, help="0 to serve no web page")
    parser.add_argument("--dir", default=DEFAULT_DIR, help="where messages are stored (default: %(default)s)")
    parser.add_argument("--host", default=None, help="address to listen on (default: loopback, "
                                                      "or every interface inside a container)")
    args = parser.parse_args(argv)
    sink = MailSink(args.dir, args.smtp_port, args.http_port, args.host or default_host())
    try:
        sink.start()
    except Exception as exc:  # typically the port is taken
        sys.exit(f"mail sink: cannot listen on {sink.host}:{args.smtp_port} or :{args.http_port}: {exc}")
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    shown = "localhost" if sink.host in ("0.0.0.0", "::") else sink.host
    page = f", read them at http://{shown}:{args.http_port}/" if args.http_port else ""
    print(f"mail sink: SMTP on {sink.host}:{args.smtp_port}, messages kept in {sink.directory}{page}", flush=True)
    stopping.wait()  # a signal interrupts the wait and runs its handler
    sink.stop()


if __name__ == "__main__":
    main()
