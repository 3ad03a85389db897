"""UTM parameters on a content URL (ECOSYSTEM.md, "Share links and UTM").

Values are lower-case ASCII without spaces (GA4 treats them case-sensitively); the URL's own query
and #fragment are kept; utm_* parameters already on it are replaced, never doubled. The
per-employee identity never goes into UTM: utm_content is an opaque per-link code.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MEDIUM = "employee_advocacy"
_UNSAFE = re.compile(r"[^a-z0-9_.-]+")


def utm_value(text: str) -> str:
    """`text` as a UTM value: lower-case, spaces and other characters turned into "-"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", plain.strip().lower()).strip("-") or "none"


def with_utm(url: str, source: str, campaign: str, content: str) -> str:
    """`url` with utm_source, utm_medium=employee_advocacy, utm_campaign and utm_content."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_")]
    query += [("utm_source", utm_value(source)), ("utm_medium", MEDIUM),
              ("utm_campaign", utm_value(campaign)), ("utm_content", content)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
