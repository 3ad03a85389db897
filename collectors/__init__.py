"""Collectors: one module per source, each turning a source's payloads into Mentions."""
