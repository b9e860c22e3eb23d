"""The deployment descriptions give every process what it reads: a setting whose default is the
developer's own machine (127.0.0.1) must come from the environment in a pod or a container,
or the process talks to nobody."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "notify", "directory", "gateway")
LOOPBACK_DEFAULT = re.compile(r"\$\{(\w+):[^}]*127\.0\.0\.1[^}]*\}")


def config_of(service):
    return ROOT / ("gateway" if service == "gateway" else f"services/{service}") / "config.yml"


REQUIRED_SECRETS = re.compile(r"required_secrets\(([^)]*)\)")


def required_secrets(service):
    """The secrets a service refuses to start without outside development (settings.required_secrets)."""
    path = ROOT / f"services/{service}/{service}/service.py"
    found = REQUIRED_SECRETS.findall(path.read_text()) if path.exists() else []
    # (optional ones, such as SMTP credentials, are only refused as placeholders: none is fine)
    return {name for names in found if "optional=True" not in names for name in re.findall(r'"(\w+)"', names)}


def needs(service, step):
    """What ``serve`` reads with a loopback default, and its required secrets; ``migrate`` needs
    the database and the broker."""
    wanted = set(LOOPBACK_DEFAULT.findall(config_of(service).read_text()))
    if step == "serve":
        return wanted | required_secrets(service)
    return {v for v in wanted if v == "AMQP_URI" or v.endswith("_DATABASE_URL")}


def test_the_required_secrets_are_in_the_secrets_template():
    assert required_secrets("directory") == {"CURSOR_SECRET"}  # the pattern above finds them
    template = (ROOT / "deploy/k8s/base/secrets.env.template").read_text()
    for service in SERVICES:
        for name in required_secrets(service):
            assert f"\n{name}=REPLACE_ME" in template, name


def k8s_containers():
    base = ROOT / "deploy/k8s/base"
    shared = set()
    for generator in yaml.safe_load((base / "kustomization.yaml").read_text())["configMapGenerator"]:
        shared |= {literal.split("=", 1)[0] for literal in generator.get("literals", [])}
    for service in SERVICES:
        for doc in yaml.safe_load_all((base / f"{service}.yaml").read_text()):
            if doc and doc["kind"] == "Deployment":
                spec = doc["spec"]["template"]["spec"]
                for container in spec.get("initContainers", []) + spec["containers"]:
                    given = {e["name"] for e in container.get("env", [])} | shared
                    yield container["args"], given


@pytest.mark.parametrize("args,given", list(k8s_containers()), ids=lambda v: " ".join(v) if isinstance(v, list)
                         else "")
def test_every_kubernetes_container_gets_what_its_process_reads(args, given):
    step, service = args
    assert needs(service, step) - given == set()


def test_every_compose_process_gets_what_it_reads_and_migrates_once_the_broker_is_up():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, spec in compose["services"].items():
        command = spec.get("command") or []
        if len(command) != 2 or command[0] not in ("serve", "migrate"):
            continue
        step, service = command
        assert needs(service, step) - set(spec.get("environment", {})) == set(), name
        if step == "migrate":  # it ends by declaring the queues
            assert spec["depends_on"]["rabbitmq"] == {"condition": "service_healthy"}, name
