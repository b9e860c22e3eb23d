"""Mechanisms every service shares, written once: database unit of work, transactional
outbox and its relay, idempotent inbox with parking of failed events, the RPC
entrypoint wrapper (actor + schemas), health endpoints, settings and the clock."""
