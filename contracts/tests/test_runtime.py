import pytest

from etwinning_contracts.runtime.devstack import InfrastructureMissing, check_infrastructure, free_port
from etwinning_contracts.runtime.inbox import backoff
from etwinning_contracts.runtime.settings import require_secret


def test_missing_broker_and_database_are_named_with_how_to_start_them():
    closed = free_port()
    with pytest.raises(InfrastructureMissing) as missing:
        check_infrastructure(f"amqp://guest:guest@127.0.0.1:{closed}/", f"postgresql://postgres@127.0.0.1:{closed}")
    message = str(missing.value)
    assert "RabbitMQ is not reachable" in message and "PostgreSQL is not reachable" in message
    assert "rabbitmq-server -detached" in message and "pg_ctlcluster" in message


def test_placeholder_secrets_are_refused_outside_development(monkeypatch):
    monkeypatch.setenv("ETW_ENV", "production")
    for value in (None, "", "REPLACE_ME", "change-me-please"):
        with pytest.raises(RuntimeError):
            require_secret("JWT_PRIVATE_KEY", value)
    assert require_secret("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----abc") == "-----BEGIN PRIVATE KEY-----abc"
    monkeypatch.setenv("ETW_ENV", "development")
    assert require_secret("JWT_PRIVATE_KEY", None) is None


def test_retry_backoff_grows_and_is_capped():
    delays = [backoff(n).total_seconds() for n in range(1, 20)]
    assert delays == sorted(delays) and delays[0] == 2 and max(delays) == 3600
