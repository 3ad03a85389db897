"""A draft cut into plain and highlighted parts, and Markdown for it where every user character is escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.model import Finding

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&\"'=^%@/;,?])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
COLOURS = {"block": "red", "warn": "orange", "info": "blue"}


@dataclass(frozen=True)
class Segment:
    """A run of the draft; `finding` is the 1-based number of the finding that covers it, or None."""

    text: str
    finding: int | None = None
    severity: str | None = None


def segments(text: str, findings: tuple[Finding, ...] | list[Finding]) -> list[Segment]:
    """The draft in order, cut at finding spans; where spans overlap, the earlier one keeps the text."""
    parts: list[Segment] = []
    at = 0
    for number, f in sorted(enumerate(findings, 1), key=lambda item: (item[1].start, item[1].end)):
        start, end = max(f.start, at), min(f.end, len(text))
        if end <= start:
            continue
        if start > at:
            parts.append(Segment(text[at:start]))
        parts.append(Segment(text[start:end], number, f.severity))
        at = end
    if at < len(text):
        parts.append(Segment(text[at:]))
    return parts


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Text that Markdown (and Streamlit's directives, emoji codes and LaTeX) shows exactly as written.

    `line_start`: whether `text` begins a line (then its leading spaces are protected too).
    """
    text = _CONTROL.sub("\ufffd", text)
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    lines = escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Leading spaces would start a code block: make them non-breaking.
    lines = [line if index == 0 and not line_start
             else re.sub(r"^[ \t]+", lambda m: "\u00a0" * len(m.group()), line)
             for index, line in enumerate(lines)]
    return "  \n".join(lines)


def part_starts_line(previous: str) -> bool:
    return previous.endswith("\n")


def highlighted_markdown(text: str, findings: tuple[Finding, ...] | list[Finding]) -> str:
    """The draft as Markdown: each finding's span on a coloured background, followed by its number."""
    out: list[str] = []
    for part in segments(text, findings):
        body = escape_markdown(part.text, line_start=not out or part_starts_line(out[-1]))
        if part.finding is None:
            out.append(body)
        elif body.strip():
            colour = COLOURS.get(part.severity or "", "gray")
            out.append(f":{colour}-background[{body}]:{colour}[**⁽{part.finding}⁾**]")
        else:
            out.append(body)
    return "".join(out)
