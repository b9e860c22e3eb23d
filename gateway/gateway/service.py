"""The gateway process: the public HTTP API in front of the services."""
import json
import re
from functools import partial

from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from etwinning_contracts.names import DIRECTORY, GATEWAY, IDENTITY
from etwinning_contracts.runtime.health import HealthEndpoints
from etwinning_contracts.runtime.settings import env, require_secret
from etwinning_contracts.runtime.web import LeanHttp, http

from .api import call
from .auth import TokenVerifier
from .chats_routes import ChatsRoutes
from .directory_routes import DirectoryRoutes
from .events_routes import EventsRoutes
from .groups_routes import GroupsRoutes
from .identity_routes import IdentityRoutes
from .link_pages import LinkPages
from .openapi import DOCS_PAGE, build_spec
from .posts_routes import PostsRoutes
from .resources_routes import ResourcesRoutes
from .problems import problem
from .revocations import RevocationHandlers
from .rpc_client import RpcCaller

# How many proxies of our own (an ingress, a load balancer) stand in front of the gateway: each
# appends the address it saw to X-Forwarded-For (deploy/README.md).
TRUSTED_PROXY_HOPS = int(env("TRUSTED_PROXY_HOPS", "0"))


def client_address(request, trusted_hops=TRUSTED_PROXY_HOPS):
    """The address a request came from: the peer's or, behind ``trusted_hops`` proxies of ours,
    the one the outermost of them saw. X-Forwarded-For is read from the right: what a client
    writes there itself stands to the left, and is not believed."""
    if trusted_hops > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if len(forwarded) >= trusted_hops:
            return forwarded[-trusted_hops]
    return request.remote_addr


PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)


class Tokens(DependencyProvider):
    """identity's public key(s), read once at start-up: several PEM blocks allow key rotation."""

    def setup(self):
        pems = PEM_BLOCK.findall(require_secret("JWT_PUBLIC_KEY", env("JWT_PUBLIC_KEY")) or "")
        if not pems:
            raise RuntimeError("JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE) is not set; it is identity's public key.")
        self.verifier = TokenVerifier(pems)

    def get_dependency(self, worker_ctx):
        return self


class ServiceClient(DependencyProvider):
    """RPC to one service, bounded in time (``RPC_TIMEOUT`` seconds): requests also expire in
    the broker once the gateway stopped waiting, so a service that comes back skips requests
    nobody awaits. Every client of the process shares one connection (rpc_client.py)."""

    caller = RpcCaller()

    def __init__(self, target_service):
        self.target_service = target_service

    def setup(self):
        self.timeout = float(self.container.config.get("RPC_TIMEOUT", 8))

    def get_dependency(self, worker_ctx):
        return partial(call, self.caller, self.target_service, self.timeout)


class AnyMethodHttp(LeanHttp):
    """An @http entrypoint whose rule takes every method: for a method no rule lists (TRACE,
    PROPFIND), werkzeug would answer its own HTML 405 or 404 before any entrypoint runs."""

    def get_url_rule(self):
        return Rule(self.url)  # methods=None: every method


class PathMethods(DependencyProvider):
    """The methods each path answers, from this process's own @http rules (routes, link pages,
    health probes, documents): what a 405's Allow header lists."""

    def setup(self):
        rules = [entrypoint.get_url_rule() for entrypoint in self.container.entrypoints
                 if isinstance(entrypoint, HttpRequestHandler) and not isinstance(entrypoint, AnyMethodHttp)]
        self.urls = Map(rules, merge_slashes=False).bind("gateway")  # "//" names no route of ours

    def get_dependency(self, worker_ctx):
        return lambda path: set(self.urls.allowed_methods(path))


# The reference is the same for everyone until the next release: cached briefly, never sniffed.
DOCUMENT_HEADERS = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}


class GatewayService(IdentityRoutes, DirectoryRoutes, EventsRoutes, ChatsRoutes, PostsRoutes, GroupsRoutes,
                     ResourcesRoutes, LinkPages, RevocationHandlers, HealthEndpoints):
    name = GATEWAY

    tokens = Tokens()
    identity_rpc = ServiceClient(IDENTITY)
    directory_rpc = ServiceClient(DIRECTORY)
    methods_for = PathMethods()

    def rpc(self, service, method, actor=None, **kwargs):
        return getattr(self, f"{service}_rpc")(method, actor, **kwargs)

    def client_address(self):
        return client_address(self.request)

    def request_language(self):
        return self.request.headers.get("Accept-Language")

    @http("GET", "/openapi.json")
    def openapi(self, request):
        return Response(OPENAPI_JSON, content_type="application/json", headers=DOCUMENT_HEADERS)

    @http("GET", "/docs")
    def docs(self, request):
        return Response(DOCS_PAGE, content_type="text/html; charset=utf-8",
                        headers={**DOCUMENT_HEADERS, "X-Frame-Options": "DENY"})

    @AnyMethodHttp.decorator("*", "/")
    @AnyMethodHttp.decorator("*", "/<path:path>")  # every method the other rules do not take
    def not_found(self, request, path=""):
        allowed = self.methods_for(request.path)
        if allowed and request.method == "OPTIONS":
            return Response(status=204, headers={"Allow": ", ".join(sorted(allowed | {"OPTIONS"}))})
        if allowed:
            return problem(405, "Method not allowed", f"Use one of: {', '.join(sorted(allowed))}.",
                           code="method_not_allowed", headers={"Allow": ", ".join(sorted(allowed))})
        return problem(404, "Not found", "There is no such endpoint; see /openapi.json.", code="no_route")


OPENAPI = build_spec()
OPENAPI_JSON = json.dumps(OPENAPI)  # 270 kB, the same for the life of the process
