"""Showing programme records on a terminal: names, titles and texts come from people and pages."""

from __future__ import annotations

import json
import re

# C0/C1 controls and bidi overrides: a name or a page title must not drive the terminal.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str | None) -> str:
    """`text` with control and direction characters shown as \\xNN / \\uNNNN."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text or "")


def json_text(value: object) -> str:
    """JSON (UTF-8 kept readable) with line and bidi separators escaped."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
