"""Settings from the environment, and the refusal to run with placeholder secrets."""
import os

PLACEHOLDER_MARKERS = ("change-me", "changeme", "replace_me", "replace-me", "placeholder", "development")


def env(name, default=None):
    """Read ``NAME`` or, for secrets mounted as files, the file named by ``NAME_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    return os.environ.get(name, default)


def setting(config, name, default):
    """A tuning setting: from the service's config, else from the environment (NAME), else
    ``default``; so an operator sets it as any other variable, no config file edit needed."""
    value = config.get(name)
    if value is None or value == "":
        value = env(name)
    return default if value is None or value == "" else value


def is_production():
    return os.environ.get("ETW_ENV", "development") != "development"


def require_secret(name, value, optional=False):
    """Outside development a missing or placeholder secret stops the service at start-up;
    an ``optional`` one (SMTP credentials: a relay may take none) only when a placeholder."""
    if not is_production() or (optional and not value):
        return value
    if not value or any(marker in value.lower() for marker in PLACEHOLDER_MARKERS):
        raise RuntimeError(f"{name} is missing or a placeholder; set a real secret (ETW_ENV={os.environ.get('ETW_ENV')}).")
    return value


def required_secrets(*names, optional=False):
    """A nameko dependency that checks a service's secrets when it starts
    (``secrets = required_secrets("CURSOR_SECRET")``), so that a missing one stops it at once
    rather than at its first use. nameko is imported here, not above: this module is read by
    code that must not load it (cursors, through the domain layers)."""
    from nameko.extensions import DependencyProvider

    class RequiredSecrets(DependencyProvider):
        def setup(self):
            for name in names:
                require_secret(name, env(name), optional)

    return RequiredSecrets()
