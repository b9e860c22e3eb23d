"""One pytest run covers every layer (unit, per-service integration, system).

nameko needs eventlet's monkey patching before anything else is imported.
"""
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # known: see the README
import eventlet  # noqa: E402

eventlet.monkey_patch()

pytest_plugins = ["etwinning_contracts.testing"]
