"""Fixtures of the integration tests that run use cases on a database of their own."""
import os
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import sessionmaker

from directory.db import DirectoryRepository, IdempotencyKey, OutboxMessage
from etwinning_contracts.runtime.db import Transactions, make_engine
from etwinning_contracts.testing import drop_database, fresh_service_database

SERVICE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


@pytest.fixture(scope="module")
def db_url(pg_base, request):
    """A database for each test module using it, migrated as the service's is."""
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:24]
    url = fresh_service_database(pg_base, f"directory_{module}_{os.getpid()}", SERVICE_DIR)
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def Session(db_url):
    engine = make_engine(db_url)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture(scope="module")
def tx(db_url):
    """The service's unit of work, as the running service builds it."""
    tx = Transactions(OutboxMessage, DirectoryRepository, idempotency_model=IdempotencyKey)
    tx.container = SimpleNamespace(config={"DATABASE_URL": db_url}, service_name="directory", dependencies=[])
    tx.setup()
    yield tx
    tx.stop()
