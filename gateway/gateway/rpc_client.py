"""The gateway's RPC caller: nameko's wire format on one AMQP connection per gateway process.

nameko's ``RpcProxy`` looks up a kombu connection and producer in a pool, wraps the publish in
retry logic and waits for a publisher confirm on every call: about 1 ms of the gateway's CPU
per request, most of what the gateway spends on an authenticated read (docs/benchmarks.md).
This caller speaks the same protocol to the same services (exchange ``nameko-rpc``, routing key
``<service>.<method>``, a JSON body ``{"args": [], "kwargs": {...}}``, the reply on a queue of
this process, matched by correlation id) with less work per call:

- one connection and channel, opened at start and reopened after a broker failure; requests
  are published on it one at a time (frames.publish holds the connection's frame lock:
  greenthreads must not interleave frames);
- requests are transient and expire in the broker after the timeout: nobody waits for them
  longer, so they need neither a disk write nor a confirm;
- ``mandatory`` stays on: when no queue of that service exists the broker returns the message,
  and the caller gets ``UnknownService`` (503) at once instead of waiting for the timeout;
- replies are consumed without acknowledgements (they are transient too: a reply lost with the
  broker is a timeout for its caller either way).
"""
import logging
import time
import uuid

import eventlet
from kombu.utils import json  # nameko's serializer: UUIDs, dates and decimals as nameko sends them
from amqp.exceptions import AMQPError
from eventlet.event import Event
from nameko.exceptions import UnknownService, deserialize
from nameko.extensions import SharedExtension
from nameko.rpc import get_rpc_exchange

from etwinning_contracts.runtime.frames import publish
from etwinning_contracts.runtime.rpc import DIRECT_REPLY_TO, open_channel, release_quietly

log = logging.getLogger(__name__)

RECONNECT_DELAY = 1.0  # seconds between attempts while the broker is away


class BrokerUnavailable(Exception):
    """No connection to RabbitMQ right now (the caller answers 503)."""


class RpcCaller(SharedExtension):
    """One per gateway process, shared by every ``ServiceClient``."""

    def setup(self):
        self.exchange = get_rpc_exchange(self.container.config).name
        self.waiting = {}  # correlation id -> Event
        self.kombu_connection = self.channel = self.consumer = None
        self.stopping = False

    def start(self):
        self.connect()  # fail the start of the gateway, like nameko, if the broker is not there
        self.consumer = self.container.spawn_managed_thread(self.consume_replies)

    def stop(self):
        self.stopping = True
        if self.consumer is not None:
            self.consumer.kill()  # it waits on the socket: stop it before closing
        self.close()

    def kill(self):
        self.stop()

    def call(self, service, method, kwargs, timeout):
        """The method's result, or the service's error raised as itself."""
        deadline = time.monotonic() + timeout
        channel = self.wait_for_channel(deadline)
        correlation_id = uuid.uuid4().hex
        reply = self.waiting[correlation_id] = Event()
        try:
            body = json.dumps({"args": [], "kwargs": kwargs})
            # also bounds a publish held up by the broker's flow control
            with eventlet.Timeout(max(deadline - time.monotonic(), 0.001)):
                try:
                    publish(channel, body, self.exchange, f"{service}.{method}", mandatory=True,
                            content_type="application/json", content_encoding="utf-8", delivery_mode=1,
                            reply_to=DIRECT_REPLY_TO, correlation_id=correlation_id,
                            expiration=str(int(timeout * 1000)))
                except (OSError, AMQPError) as exc:
                    log.warning("publishing an RPC request failed: %r", exc)
                    raise BrokerUnavailable() from None
                body = reply.wait()
        finally:
            self.waiting.pop(correlation_id, None)
        if body.get("error"):
            raise deserialize(body["error"])
        return body.get("result")

    def wait_for_channel(self, deadline):
        """The open channel, waiting for it while the process starts (nameko may serve HTTP
        before this extension has connected) or reconnects; BrokerUnavailable at ``deadline``."""
        while self.channel is None:
            if time.monotonic() >= deadline:
                raise BrokerUnavailable()
            eventlet.sleep(0.02)
        return self.channel

    # the connection and its reply consumer

    def connect(self):
        connection, channel = open_channel(self.container.config)
        channel.exchange_declare(self.exchange, "topic", durable=True, auto_delete=False)
        channel.basic_consume(DIRECT_REPLY_TO, no_ack=True, callback=self.on_reply)
        channel.events["basic_return"].add(self.on_return)
        self.kombu_connection, self.channel = connection, channel

    def consume_replies(self):
        while not self.stopping:
            try:
                if self.channel is None:
                    self.connect()
                    log.info("RPC connection to the broker is back")
                self.kombu_connection.connection.drain_events()
            except Exception as exc:  # any broker or socket failure: reconnect
                if self.stopping:
                    return
                log.warning("RPC connection to the broker failed (%r); reconnecting", exc)
                self.close()
                self.fail_waiting()
                eventlet.sleep(RECONNECT_DELAY)

    def on_reply(self, message):
        reply = self.waiting.get(message.properties.get("correlation_id"))
        if reply is not None and not reply.ready():
            reply.send(json.loads(message.body))

    def on_return(self, exc, exchange, routing_key, message):
        reply = self.waiting.get(message.properties.get("correlation_id"))
        if reply is not None and not reply.ready():
            reply.send_exception(UnknownService(routing_key.split(".", 1)[0]))

    def fail_waiting(self):
        for reply in list(self.waiting.values()):
            if not reply.ready():
                reply.send_exception(BrokerUnavailable())

    def close(self):
        self.channel = None
        connection, self.kombu_connection = self.kombu_connection, None
        release_quietly(connection)
