"""Declare a service's event queues at deploy time, before any service publishes.

RabbitMQ drops an event that no queue is bound for, and nameko declares a handler's queue only
when the service starts: on a fresh deployment, a teacher who registers before notify or
directory first started would get no verification email and be missing from search. This
declares, for each service class given, the durable queue of every reliable (``SERVICE_POOL``)
event handler, exactly as nameko will declare it, with its exchange and binding; from then on
the broker keeps the events until the service consumes them. Per-replica (``BROADCAST``)
queues are the replica's own and are left to it.

It declares each service's RPC queue too, as nameko does at the service's start: a request
that arrives before the service first consumed (the gateway answering a teacher while identity
is still starting) then waits for it, up to the caller's timeout, instead of being returned
by the broker as addressed to no service (a 503).

    python -m etwinning_contracts.runtime.topology --config services/notify/config.yml [module:Class ...]

Without classes it declares the queues of every service (``ALL_SERVICES``): ``deploy/entrypoint.sh
migrate SERVICE`` does so after the migrations, so whichever service's migration runs first
(Kubernetes starts them together) prepares the queues of all; the development stack does it
before starting any service.
"""
import argparse
import importlib
import sys

from kombu import Connection, Queue
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import SERVICE_POOL, EventHandler, get_event_exchange
from nameko.rpc import RPC_QUEUE_TEMPLATE, Rpc, get_rpc_exchange

from .inbox import handler_queue_name


# Every process of the platform: any deployment step may declare the queues of all of them, so
# the order in which services first start never matters.
ALL_SERVICES = ["notify.service:NotifyService", "directory.service:DirectoryService",
                "identity.service:IdentityService", "gateway.service:GatewayService"]


def handler_queues(service_cls, config):
    """The queues nameko's EventHandler.setup would declare for this class's reliable handlers."""
    queues = []
    for attr in sorted(dir(service_cls)):
        for entrypoint in getattr(getattr(service_cls, attr, None), "nameko_entrypoints", ()):
            if isinstance(entrypoint, EventHandler) and entrypoint.handler_type is SERVICE_POOL \
                    and entrypoint.reliable_delivery:
                name = handler_queue_name(entrypoint.source_service, entrypoint.event_type, service_cls.name, attr)
                queues.append(Queue(name, exchange=get_event_exchange(entrypoint.source_service, config),
                                    routing_key=entrypoint.event_type, durable=True, auto_delete=False,
                                    exclusive=False))
    return queues


def rpc_queues(service_cls, config):
    """The RPC queue nameko's RpcConsumer.setup would declare, if the class has RPC entrypoints."""
    for attr in dir(service_cls):
        if any(isinstance(e, Rpc) for e in getattr(getattr(service_cls, attr, None), "nameko_entrypoints", ())):
            return [Queue(RPC_QUEUE_TEMPLATE.format(service_cls.name), exchange=get_rpc_exchange(config),
                          routing_key=f"{service_cls.name}.*", durable=True)]
    return []


def declare(amqp_uri, service_classes, config):
    """Declare every class's handler and RPC queues; returns their names."""
    names = []
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        try:
            for service_cls in service_classes:
                for queue in handler_queues(service_cls, config) + rpc_queues(service_cls, config):
                    queue(channel).declare()
                    names.append(queue.name)
        finally:
            channel.close()
    return names


def load_class(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def load_config(path):
    """A nameko config file, with its ${ENV:default} values filled as `nameko run` fills them."""
    import yaml
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    with open(path) as f:
        return yaml.safe_load(f)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="the service's config.yml (for AMQP_URI)")
    parser.add_argument("services", nargs="*", metavar="module:Class", help="default: every service")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    names = declare(config[AMQP_URI_CONFIG_KEY], [load_class(path) for path in args.services or ALL_SERVICES],
                    config)
    print(f"{len(names)} queue(s) declared: {', '.join(names) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
