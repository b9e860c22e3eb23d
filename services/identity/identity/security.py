"""Password hashing (argon2id, off the eventlet hub) and access-token signing (EdDSA)."""
import base64
import functools
import hmac
import uuid

import argon2
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ISSUER = "etwinning-identity"
AUDIENCE = "etwinning"
# argon2id takes 64 MiB per hash (the library's default): a burst of sign-ins, real or not,
# would otherwise hash in all of eventlet's 20 threads at once (1.3 GB measured) and get the
# process killed for its memory. Two cores hash no faster with more at once; the rest wait.
HASHES_AT_ONCE = 4


def offload(fn, *args):
    """CPU-bound work (argon2, decoding a picture) would freeze every greenthread; run it in a real thread."""
    try:
        from eventlet import tpool

        return tpool.execute(fn, *args)
    except ImportError:  # pragma: no cover
        return fn(*args)


def password_hasher(profile="strong"):
    """argon2id with the library's current defaults; ``fast`` (much cheaper, for test runs that
    register hundreds of users) is refused outside development."""
    if profile == "fast":
        from etwinning_contracts.runtime.settings import is_production

        if is_production():
            raise RuntimeError("PASSWORD_HASHING=fast is for development and tests only")
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()


class Security:
    def __init__(self, private_key_pem, hasher=None):
        from eventlet.semaphore import Semaphore

        self.hashing = Semaphore(HASHES_AT_ONCE)
        self.hasher = hasher or password_hasher()
        self.private_key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self.dummy_hash = self.hasher.hash("not-a-real-password")
        self.key_id = public_key_id(public_pem(self.private_key))

    def hash_password(self, password, salt=None):
        with self.hashing:
            return offload(functools.partial(self.hasher.hash, password, salt=salt))

    def matching(self, password, hashes):
        """The index of the first of ``hashes`` that is ``password``'s, or None, for the cost of
        one hash whatever their number when they share their salt and parameters (the waiting
        registrations of an address do, see salt_of): the password is hashed once per salt, and
        once with no hashes at all, so that the time taken tells nothing."""
        if not hashes:
            self.verify_password(self.dummy_hash, password)
            return None
        computed = {}
        for index, encoded in enumerate(hashes):
            prefix = encoded.rpartition("$")[0]  # the variant, parameters and salt
            if prefix not in computed:
                with self.hashing:
                    computed[prefix] = offload(_hashed_like, encoded, password)
            if computed[prefix] is not None and hmac.compare_digest(computed[prefix], encoded):
                return index
        return None

    def verify_password(self, password_hash, password):
        try:
            with self.hashing:
                return offload(self.hasher.verify, password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash):
        return self.hasher.check_needs_rehash(password_hash)

    def sign(self, claims, now, ttl):
        # iat to the microsecond (RFC 7519 allows a fraction): a token issued in the second before
        # a password change or a block is older than it, and the one issued after it is not
        payload = {**claims, "iss": ISSUER, "aud": AUDIENCE, "iat": round(now.timestamp(), 6),
                   "exp": int((now + ttl).timestamp()), "jti": uuid.uuid4().hex, "typ": "access"}
        return jwt.encode(payload, self.private_key, algorithm="EdDSA", headers={"kid": self.key_id})


def salt_of(encoded):
    """The salt of an argon2 hash, to hash another password of the same address with: the
    passwords of an address's waiting registrations are then checked with one hash (matching)."""
    try:
        text = encoded.split("$")[4]
        return base64.b64decode(text + "=" * (-len(text) % 4))
    except (AttributeError, IndexError, ValueError):
        return None


def _hashed_like(encoded, password):
    """``password`` hashed with the parameters and salt of ``encoded``, encoded alike; None when
    ``encoded`` is no argon2 hash."""
    try:
        params, salt = argon2.extract_parameters(encoded), salt_of(encoded)
    except InvalidHashError:
        return None
    if salt is None:
        return None
    return argon2.low_level.hash_secret(password.encode(), salt, time_cost=params.time_cost,
                                        memory_cost=params.memory_cost, parallelism=params.parallelism,
                                        hash_len=params.hash_len, type=params.type, version=params.version).decode()


def public_pem(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_id(pem):
    import hashlib

    return hashlib.sha256(pem.encode()).hexdigest()[:16]


def generate_key_pair():
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return private, public_pem(key)
