"""Every service keeps its rules free of the runtime (design, Layout): domain and use cases
import neither the database mapping nor SQLAlchemy, nameko's container, eventlet or kombu, so
they are tested with fakes and would move to another runtime unchanged."""
import json
import subprocess
import sys

import pytest

SERVICES = ("identity", "directory", "notify")
RUNTIME = ("sqlalchemy", "eventlet", "kombu", "nameko.containers", "nameko.rpc", "nameko.events")

LOADED = """
import importlib, json, pkgutil, sys
service = sys.argv[1]
importlib.import_module(service + ".domain")
use_cases = importlib.import_module(service + ".use_cases")
for module in pkgutil.walk_packages(getattr(use_cases, "__path__", []), service + ".use_cases."):
    importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("service", SERVICES)
def test_rules_load_without_the_database_or_the_message_runtime(service):
    done = subprocess.run([sys.executable, "-c", LOADED, service], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    runtime = [m for m in loaded if m.startswith(RUNTIME)]
    mapping = [m for m in loaded if m.startswith(f"{service}.db") or m == f"{service}.service"]
    assert runtime == [] and mapping == []
