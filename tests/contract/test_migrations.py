"""Each service's migrations build exactly the tables, columns and indexes its models declare:
then ``alembic revision --autogenerate`` proposes nothing, and in particular never proposes to
drop an index that a hand-written migration created."""
import importlib
import os
import pkgutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool

from etwinning_contracts.testing import drop_database, fresh_service_database

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = ["directory", "identity", "notify"]


def metadata_of(service):
    package = importlib.import_module(service)
    for module in pkgutil.iter_modules(package.__path__):  # areas keep their tables in db_<area>.py
        if module.name.startswith("db_"):
            importlib.import_module(f"{service}.{module.name}")
    return importlib.import_module(f"{service}.db").Base.metadata


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_what_the_models_declare(pg_base, service):
    url = fresh_service_database(pg_base, f"{os.getpid()}_drift_{service}", os.path.join(ROOT, "services", service))
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata_of(service))
    finally:
        engine.dispose()
        drop_database(url)
    assert differences == []
