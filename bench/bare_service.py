"""The benchmark's baseline: a nameko service whose one ``@http`` endpoint does nothing.

It runs in its own process, on the same nameko/eventlet web server as the gateway, so the
gateway benchmark can report the cost of an authenticated read relative to the cheapest
request nameko can serve on this machine.

    python -m nameko run --config bench/bare_config.yml bench.bare_service:BareService

(``bench/gateway_bench.py`` starts it for you.) ``BARE_WEB_SERVER_ADDRESS`` chooses the
address, ``BARE_MAX_WORKERS`` the worker pool (default: the gateway's 64).
"""
from etwinning_contracts.runtime.web import http


class BareService:
    name = "bench_bare"

    @http("GET", "/bare")
    def bare(self, request):
        return 200, "ok"
