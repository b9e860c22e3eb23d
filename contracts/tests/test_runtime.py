import uuid

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
    for value in (None, "", "REPLACE_ME", "change-me-please", "development-cursor-key"):
        with pytest.raises(RuntimeError):
            require_secret("JWT_PRIVATE_KEY", value)
    assert require_secret("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----abc") == "-----BEGIN PRIVATE KEY-----abc"
    # an optional one (SMTP credentials) may be absent, but not a placeholder
    assert require_secret("SMTP_PASSWORD", None, optional=True) is None
    with pytest.raises(RuntimeError):
        require_secret("SMTP_PASSWORD", "REPLACE_ME", optional=True)
    monkeypatch.setenv("ETW_ENV", "development")
    assert require_secret("JWT_PRIVATE_KEY", None) is None


def test_retry_backoff_grows_and_is_capped():
    delays = [backoff(n).total_seconds() for n in range(1, 20)]
    assert delays == sorted(delays) and delays[0] == 2 and max(delays) == 3600


def test_an_actor_is_loaded_once_per_value_and_a_malformed_one_is_refused_every_time():
    from etwinning_contracts.errors import Invalid
    from etwinning_contracts.runtime.rpc import load_actor

    raw = {"user_id": str(uuid.uuid4()), "roles": ["user"], "country": "IT", "region": None,
           "permissions": [], "school_ids": [str(uuid.uuid4())]}
    first, again = load_actor(raw), load_actor(dict(raw))
    assert first is again and first.roles == ("user",) and first.school_ids == tuple(raw["school_ids"])
    for bad in ({**raw, "roles": ["admin"]}, {**raw, "user_id": "not-a-uuid"}, {**raw, "country": {"x": 1}},
                {**raw, "school_ids": [["nested"]]}, ["not", "a", "dict"]):
        for _ in range(2):
            with pytest.raises(Invalid):
                load_actor(bad)


def test_the_signature_check_refuses_what_the_method_cannot_take_as_nameko_does():
    from types import SimpleNamespace

    from nameko.exceptions import IncorrectSignature

    from etwinning_contracts.runtime.signature import CachedSignatureCheck

    class Service:
        def method(self, actor=None, **kwargs):
            pass

        def strict(self, request, path):
            pass

    def entrypoint(name):
        check = CachedSignatureCheck()
        check.container, check.method_name = SimpleNamespace(service_cls=Service), name
        return check

    entrypoint("method").check_signature((), {"actor": {}, "anything": 1})
    entrypoint("strict").check_signature(("request",), {"path": "x"})
    for name, args, kwargs in (("method", ({}, "extra"), {}), ("strict", ("request",), {}),
                               ("strict", ("request", "x"), {"unknown": 1})):
        with pytest.raises(IncorrectSignature):
            entrypoint(name).check_signature(args, kwargs)


def test_nameko_times_its_workers_only_while_its_logger_is_at_debug(caplog):
    import logging

    import nameko.containers

    import etwinning_contracts.runtime.web  # noqa: F401  (applies the change)

    caplog.set_level(logging.INFO, logger="nameko.containers")
    with nameko.containers._log_time("ran worker %s", "w1"):
        pass
    caplog.set_level(logging.DEBUG, logger="nameko.containers")
    with nameko.containers._log_time("ran worker %s", "w2"):
        pass
    assert [r.getMessage()[:19] for r in caplog.records if "ran worker" in r.getMessage()] == ["ran worker w2 in 0."]


def test_expected_contract_errors_are_logged_in_one_line_and_others_with_their_traceback(caplog):
    import logging

    import nameko.containers

    import etwinning_contracts.runtime.rpc  # noqa: F401  (applies the change)

    caplog.set_level(logging.INFO, logger="nameko.containers")
    for message, log in (("(expected) error handling worker %s: %s", nameko.containers._log.warning),
                         ("error handling worker %s: %s", nameko.containers._log.error)):
        try:
            raise LookupError("No such person.")
        except LookupError as exc:
            log(message, "worker", exc, exc_info=True)
    expected, unexpected = [r for r in caplog.records if "error handling worker" in r.getMessage()]
    assert (expected.levelname, expected.exc_info) == ("INFO", None)
    assert expected.getMessage() == "(expected) error handling worker worker: No such person."
    assert unexpected.levelname == "ERROR" and unexpected.exc_info is not None


def test_a_tuning_setting_comes_from_the_config_then_the_environment_then_its_default(monkeypatch):
    from etwinning_contracts.runtime.settings import setting

    monkeypatch.delenv("OUTBOX_KEEP_PUBLISHED_SECONDS", raising=False)
    assert setting({}, "OUTBOX_KEEP_PUBLISHED_SECONDS", 900) == 900
    monkeypatch.setenv("OUTBOX_KEEP_PUBLISHED_SECONDS", "60")
    assert setting({}, "OUTBOX_KEEP_PUBLISHED_SECONDS", 900) == "60"
    assert setting({"OUTBOX_KEEP_PUBLISHED_SECONDS": 30}, "OUTBOX_KEEP_PUBLISHED_SECONDS", 900) == 30
