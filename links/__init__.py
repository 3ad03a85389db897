"""Tracked share links: codes, UTM, network intents, the click redirector, its spool and ingestion.

The redirector (`links.redirector`) never opens the database for writing: it serves from an
in-memory code map refreshed read-only, and appends each answered click to a spool
(`links.spool`) that `ambassade links ingest` and `ambassade schedule` ingest idempotently.
"""
