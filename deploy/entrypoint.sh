#!/bin/sh
# Entry point of the eTwinning image; also usable from a checkout: deploy/entrypoint.sh serve identity
set -eu
cd "$(dirname "$0")/.."   # the repository root (/app in the image)

usage() {
  cat <<'TEXT'
usage: entrypoint.sh COMMAND
  serve SERVICE    run a process: identity, notify, directory or gateway (nameko run)
  migrate SERVICE  upgrade a service's database to the latest migration (alembic) and declare
                   every service's event and RPC queues (they keep what is sent before a consumer runs)
  mailsink         development mail sink: SMTP on 1025, message list on http://HOST:8025; listens on
                   MAILSINK_HOST (default: every interface in a container, where others reach it; else loopback)
  ready            exit 0 if this container's process answers GET /readyz (health checks)
  help             show this text
Any other command is run as given, e.g.: python -m identity.manage create-staff ...
TEXT
}

# Folder holding the process's config.yml (and alembic.ini when it has a database).
service_dir() {
  case "$1" in
    gateway) echo gateway ;;
    *[!a-z]*|"") echo "unknown service: '$1'" >&2; return 2 ;;
    *) [ -f "services/$1/config.yml" ] || { echo "unknown service: '$1'" >&2; return 2; }
       echo "services/$1" ;;
  esac
}

case "${1:-help}" in
  serve)
    [ $# -eq 2 ] || { usage >&2; exit 2; }
    dir=$(service_dir "$2")
    # e.g. identity -> identity.service:IdentityService (the module also imports mixins)
    class="$(printf '%s' "$2" | cut -c1 | tr a-z A-Z)$(printf '%s' "$2" | cut -c2-)Service"
    # -W: eventlet's deprecation notice (design §3) is not printed at every start
    exec python -W "ignore:::nameko.cli.commands" -m nameko run --config "$dir/config.yml" "$2.service:$class" ;;
  migrate)
    [ $# -eq 2 ] || { usage >&2; exit 2; }
    dir=$(service_dir "$2")
    [ -f "$dir/alembic.ini" ] || { echo "$2 has no database" >&2; exit 2; }
    alembic -c "$dir/alembic.ini" upgrade heads
    # and every service's event and RPC queues, before anything publishes: nothing early is dropped
    exec python -m etwinning_contracts.runtime.topology --config "$dir/config.yml" ;;
  mailsink)
    exec python -m notify.mailsink --smtp-port 1025 --http-port 8025 --dir /var/mail-sink ;;
  ready)
    addr=${WEB_SERVER_ADDRESS:?is not set}
    exec python - "http://127.0.0.1:${addr##*:}/readyz" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=3)
except Exception as exc:
    sys.exit(f"not ready: {exc}")
PY
    ;;
  help|-h|--help)
    usage ;;
  *)
    exec "$@" ;;
esac
