"""The body of every service's Alembic ``env.py``: one database per service, URL from the
environment (``<SERVICE>_DATABASE_URL``), falling back to the local development database."""
import os

from alembic import context
from sqlalchemy import create_engine, pool, text


def default_url(service):
    return f"postgresql+psycopg2://postgres@127.0.0.1:5432/etw_{service}"


def database_url(service):
    return os.environ.get(f"{service.upper()}_DATABASE_URL") or default_url(service)


def ensure_database(url):
    """Create the service's database if it does not exist yet (local runs and tests)."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    with admin.connect() as conn:
        exists = conn.execute(text("select 1 from pg_database where datname = :n"), {"n": target.database}).first()
        if not exists:
            conn.execute(text(f'create database "{target.database}"'))
    admin.dispose()


def drop_database(url):
    """Drop a service's database, closing its connections (a fresh local run, test teardown)."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{target.database}" with (force)'))
    admin.dispose()


def run(service, target_metadata):
    url = context.config.get_main_option("sqlalchemy.url") or database_url(service)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        # replicas starting together (each pod's init container) migrate one after the other;
        # the next finds the schema up to date
        connection.execute(text("select pg_advisory_lock(hashtext(:name))"), {"name": f"migrate {service}"})
        connection.commit()
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
