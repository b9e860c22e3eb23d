"""The gateway process: the public HTTP API in front of the services."""
import json
import re
from functools import partial

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from etwinning_contracts.names import DIRECTORY, GATEWAY, IDENTITY
from etwinning_contracts.runtime.health import HealthEndpoints
from etwinning_contracts.runtime.settings import env, require_secret
from etwinning_contracts.runtime.web import http

from .api import ROUTES, call
from .auth import TokenVerifier
from .chats_routes import ChatsRoutes
from .directory_routes import DirectoryRoutes
from .events_routes import EventsRoutes
from .groups_routes import GroupsRoutes
from .identity_routes import IdentityRoutes
from .link_pages import LINKS, LinkPages
from .openapi import DOCS_PAGE, build_spec
from .posts_routes import PostsRoutes
from .resources_routes import ResourcesRoutes
from .problems import problem
from .revocations import RevocationHandlers
from .rpc_client import RpcCaller

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


class GatewayService(IdentityRoutes, DirectoryRoutes, EventsRoutes, ChatsRoutes, PostsRoutes, GroupsRoutes,
                     ResourcesRoutes, LinkPages, RevocationHandlers, HealthEndpoints):
    name = GATEWAY

    tokens = Tokens()
    identity_rpc = ServiceClient(IDENTITY)
    directory_rpc = ServiceClient(DIRECTORY)

    def rpc(self, service, method, actor=None, **kwargs):
        return getattr(self, f"{service}_rpc")(method, actor, **kwargs)

    def request_language(self):
        return self.request.headers.get("Accept-Language")

    @http("GET", "/openapi.json")
    def openapi(self, request):
        return Response(OPENAPI_JSON, content_type="application/json")

    @http("GET", "/docs")
    def docs(self, request):
        return Response(DOCS_PAGE, content_type="text/html; charset=utf-8")

    @http("GET,POST,PUT,PATCH,DELETE,OPTIONS", "/<path:path>")
    def not_found(self, request, path):
        allowed = _methods_for("/" + path)
        if allowed and request.method == "OPTIONS":
            return Response(status=204, headers={"Allow": ", ".join(sorted(allowed | {"OPTIONS"}))})
        if allowed:
            return problem(405, "Method not allowed", f"Use one of: {', '.join(sorted(allowed))}.",
                           code="method_not_allowed", headers={"Allow": ", ".join(sorted(allowed))})
        return problem(404, "Not found", "There is no such endpoint; see /openapi.json.", code="no_route")


def _methods_for(path):
    methods = {"GET", "POST"} if path in LINKS else set()  # the emailed links' pages
    for r in ROUTES:
        pattern = "^" + re.sub(r"<(?:\w+:)?\w+>", "[^/]+", r.path) + "$"
        if re.match(pattern, path):
            methods.add(r.method)
    return methods


OPENAPI = build_spec()
OPENAPI_JSON = json.dumps(OPENAPI)  # 270 kB, the same for the life of the process
