"""Database plumbing shared by services: table mixins for the outbox, inbox and parked
events, engines that cooperate with eventlet, and the unit of work a use case runs in."""
import uuid
from contextlib import contextmanager

from nameko.extensions import DependencyProvider
from sqlalchemy import BigInteger, DateTime, Integer, String, Text, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from ..errors import Conflict, ContractError
from ..events import CURRENT_VERSION, schema_for
from . import idempotency
from .clock import SystemClock

_patched = False


def cooperative_psycopg2():
    """Make psycopg2 yield to the eventlet hub instead of blocking the process."""
    global _patched
    if not _patched:
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()
        _patched = True


def make_engine(url, **options):
    cooperative_psycopg2()
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    # times come back in UTC whatever the server's time zone, as the API gives them (design §7)
    connect_args = options.setdefault("connect_args", {})
    connect_args["options"] = f"{connect_args.get('options', '')} -c timezone=UTC".strip()
    return create_engine(url, **options)


def prepare_on_connect(engine, statements):
    """PREPARE ``statements`` ({name: SQL with $1, $2...}) on every connection ``engine`` opens,
    so that ``EXECUTE name(...)`` skips parsing and planning: for the short reads of a hot path
    that is most of PostgreSQL's work (identity's profile reads: 1.1 ms -> 0.4 ms,
    docs/benchmarks.md). psycopg2 has no prepared statements of its own."""
    if not statements:
        return

    @event.listens_for(engine, "connect")
    def prepare(dbapi_connection, connection_record):
        with dbapi_connection.cursor() as cursor:
            for name, sql in statements.items():
                cursor.execute(f"PREPARE {name} AS {sql}")
        dbapi_connection.commit()


def fetch_prepared(session, name, *params):
    """One row of the prepared statement ``name`` as a dict (None if there is none), on a
    connection of the session's pool used through the driver alone: SQLAlchemy's session
    transaction, connection and result objects (metadata for every column, rebuilt for each
    textual statement) were a fifth of identity's CPU on ``GET /me`` (docs/benchmarks.md). For
    reads in autocommit (``Transactions.read``): nothing to begin or commit. A driver error is
    translated as SQLAlchemy translates it, a dropped connection included (invalidated,
    ``connection_invalidated`` set), so that ``Transactions.read`` retries it the same way."""
    engine = session.get_bind()
    dbapi = engine.dialect.loaded_dbapi
    sql = f"EXECUTE {name}({', '.join(['%s'] * len(params))})"
    connection = engine.raw_connection()  # from the pool; close() gives it back
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            return None if row is None else dict(zip([column.name for column in cursor.description], row))
    except dbapi.Error as exc:
        invalidated = engine.dialect.is_disconnect(exc, connection.dbapi_connection, None)
        if invalidated:
            connection.invalidate(exc)
        raise DBAPIError.instance(sql, params, exc, dbapi.Error, connection_invalidated=invalidated,
                                  dialect=engine.dialect) from exc
    finally:
        connection.close()


def database_url(config):
    return config["DATABASE_URL"]


class OutboxMixin:
    """Events written in the same transaction as the change they describe."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    event_type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict] = mapped_column(JSONB)
    created_at = mapped_column(DateTime(timezone=True), nullable=False)
    published_at = mapped_column(DateTime(timezone=True), nullable=True, index=True)


class InboxMixin:
    """Events this service has applied, one row per (event, handler)."""

    __tablename__ = "inbox"
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    handler: Mapped[str] = mapped_column(String(200), primary_key=True)
    processed_at = mapped_column(DateTime(timezone=True), nullable=False)


class ParkedEventMixin:
    """Events whose handler failed: retried with back-off, then left for an operator."""

    __tablename__ = "parked_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column()
    handler: Mapped[str] = mapped_column(String(200))
    queue: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict] = mapped_column(JSONB)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20), default="retrying")  # retrying | dead | resolved
    next_attempt_at = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at = mapped_column(DateTime(timezone=True), nullable=False)


class UnitOfWork:
    """One transaction: a use case reads and writes through ``repo`` and records events with
    ``emit``; both commit together or not at all."""

    def __init__(self, session, source, outbox_model, repo, clock):
        self.session = session
        self.source = source
        self.outbox_model = outbox_model
        self.repo = repo
        self.clock = clock
        self.emitted = 0

    def now(self):
        return self.clock.now()

    def emit(self, event_type, **facts):
        if self.outbox_model is None:
            raise RuntimeError("a read unit cannot emit events; use Transactions.unit()")
        payload = {
            "event_id": str(uuid.uuid4()),
            "occurred_at": self.now().isoformat(),
            "version": CURRENT_VERSION,
            **facts,
        }
        # Validate against the contract now: a malformed event is a bug here, not at the consumer.
        payload = schema_for(self.source, event_type).dump(schema_for(self.source, event_type).load(payload))
        self.session.add(self.outbox_model(
            event_id=uuid.UUID(payload["event_id"]), event_type=event_type,
            payload=payload, created_at=self.now(),
        ))
        self.emitted += 1
        return payload


# Two requests that check-then-insert the same row (a double click on "follow"), or that lock
# the same rows in opposite orders, lose to each other in the database: a unique violation,
# a serialization failure or a deadlock. The loser changed nothing and a retry sees the
# winner's row, so it is a 409 the client may retry, not a 500.
RACED = {"23505", "40001", "40P01"}


class Transactions(DependencyProvider):
    """Gives each worker ``unit()``: a context manager yielding a :class:`UnitOfWork`.

    ``make_repo(session)`` builds the service's repository; ``relay`` (an :class:`OutboxRelay`
    on the same service) is woken after a commit that emitted events so they leave at once.
    """

    def __init__(self, outbox_model, make_repo, relay_attr="relay", idempotency_model=None):
        self.outbox_model = outbox_model
        self.make_repo = make_repo
        self.idempotency_model = idempotency_model  # a table of IdempotencyKeyMixin, for idempotent RPCs
        self.relay_attr = relay_attr
        self.clock = SystemClock()

    def setup(self):
        url = database_url(self.container.config)
        self.engine = make_engine(url)
        self.Session = sessionmaker(bind=self.engine, expire_on_commit=False)
        # Pure reads get a pool of their own: autocommit (no BEGIN/COMMIT round trips), no
        # pre-ping (read() retries instead), and read-only in PostgreSQL, so a read that
        # writes by mistake fails loudly instead of committing half a change.
        self.read_engine = make_engine(
            url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_size=10, max_overflow=0,
            connect_args={"options": "-c default_transaction_read_only=on"})
        self.ReadSession = sessionmaker(bind=self.read_engine, expire_on_commit=False)
        for engine in (self.engine, self.read_engine):  # the repository's own prepared statements
            prepare_on_connect(engine, getattr(self.make_repo, "PREPARED", None))

    def stop(self):
        self.engine.dispose()
        self.read_engine.dispose()

    kill = stop

    def read(self, use_case, *args, **kwargs):
        """``use_case(uow, *args, **kwargs)`` for a use case that only reads: about half the
        database round trips of ``unit()``. It may emit nothing. A connection the database
        dropped (a restart) is noticed on use rather than pinged for, so the read runs once more
        on a fresh one; re-running a read is harmless."""
        for attempt in (1, 2):
            session = self.ReadSession()
            uow = UnitOfWork(session, self.container.service_name, None, self.make_repo(session), self.clock)
            try:
                return use_case(uow, *args, **kwargs)
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise
            finally:
                session.close()

    @contextmanager
    def unit(self):
        claim = idempotency.pending()  # the Idempotency-Key of the call this worker serves, if any
        if claim is not None and self.idempotency_model is None:
            raise RuntimeError("an idempotent RPC needs Transactions(..., idempotency_model=...)")
        session = self.Session()
        uow = UnitOfWork(session, self.container.service_name, self.outbox_model,
                         self.make_repo(session), self.clock)
        try:
            if claim is not None:
                claim.check(session, self.idempotency_model)
            yield uow
            if claim is not None:
                claim.record(session, self.idempotency_model, self.clock.now(), self.Session)
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if getattr(exc.orig, "pgcode", None) in RACED:
                raise Conflict("Another request changed the same thing at the same moment; nothing was saved. "
                               "Try again.", code="concurrent_change") from exc
            raise
        except BaseException as exc:
            session.rollback()
            if claim is not None and isinstance(exc, ContractError):
                claim.check_again(self.Session, self.idempotency_model)
            raise
        finally:
            session.close()
        if uow.emitted:
            relay = self._relay()
            if relay is not None:
                relay.wake()

    def _relay(self):
        for ext in self.container.dependencies:
            if getattr(ext, "attr_name", None) == self.relay_attr:
                return ext
        return None

    def get_dependency(self, worker_ctx):
        return self


def session_factory_of(container):
    """The sessionmaker of the service's :class:`Transactions`, for background loops."""
    for ext in container.dependencies:
        if isinstance(ext, Transactions):
            return ext.Session
    raise RuntimeError(f"{container.service_name} needs a Transactions dependency")
