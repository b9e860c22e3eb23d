"""Access-token verification at the gateway: a signature check with identity's public key,
no call to identity per request. The actor built here is what every service receives."""
import time

import jwt

from etwinning_contracts.actor import ANONYMOUS, Actor
from etwinning_contracts.errors import Unauthorized

ISSUER = "etwinning-identity"
AUDIENCE = "etwinning"


class TokenVerifier:
    cache_size = 10_000

    def __init__(self, public_keys_pem):
        # Several keys may be configured during a key rotation; any of them may verify.
        self.keys = [_load_pem(k) for k in public_keys_pem]
        # A client sends the same token many times: verify its signature once, then only check
        # its expiry (and, in actor(), revocation) on later requests.
        self._verified = {}

    def actor(self, authorization, required=True, cutoff=lambda user_id: 0, trusted_since=0,
              session_ended=lambda session_id: False):
        """The actor of a request; ``cutoff(user_id)`` is the epoch time before which that
        user's tokens were revoked (block, erasure, password change); ``session_ended(sid)``
        whether the token's session was signed out; tokens issued before ``trusted_since``
        (epoch second) must be renewed, see revocations.Revocations."""
        if not authorization:
            if required:
                raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.",
                                   code="token_missing")
            return ANONYMOUS
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token or len(token) > 4096:
            raise Unauthorized("Use 'Authorization: Bearer <access token>'.", code="token_malformed")
        claims = self._decode(token.strip())
        if claims["iat"] < cutoff(claims["sub"]) or session_ended(claims.get("sid")):
            raise Unauthorized("This session has ended; sign in again.", code="token_revoked")
        if claims["iat"] < trusted_since:
            raise Unauthorized("Your session must be renewed; refresh it or sign in again.", code="token_expired")
        roles = tuple(r for r in claims.get("roles", ["user"]) if r in ("user", "nso_staff", "css_staff"))
        return Actor(user_id=claims["sub"], roles=roles, country=claims.get("country"),
                     region=claims.get("region"), permissions=tuple(claims.get("perms", [])),
                     school_ids=tuple(claims.get("schools", [])))

    def _decode(self, token):
        claims = self._verified.get(token)
        if claims is not None and claims["exp"] > time.time():
            return claims
        claims = self._verify(token)
        if len(self._verified) >= self.cache_size:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    def _verify(self, token):
        for key in self.keys:
            try:
                return jwt.decode(token, key, algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER,
                                  options={"require": ["exp", "sub", "iat"]})
            except jwt.ExpiredSignatureError:
                raise Unauthorized("Your session has expired; refresh it or sign in again.",
                                   code="token_expired") from None
            except jwt.PyJWTError:
                continue
        raise Unauthorized("The access token is not valid; sign in again.", code="token_invalid")


def _load_pem(pem):
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    return load_pem_public_key(pem.encode())
