"""Text from the internet made safe to print and to show: terminal escapes out, bidi overrides out.

A `<guid>` or a title may carry an ESC/OSC sequence (it retitles a terminal, rewrites what is
on screen, or plants a link) or U+202E (it shows "gpj.exe" as "exe.jpg"). Ids lose every
control character; text keeps its newlines and tabs but loses the rest, C1 controls
(U+0080–U+009F, where U+009B is a one-character CSI) included, and the bidi overrides,
embeddings and isolates. Collectors apply this at the door, the command line and the logs
on what they print, and the dashboard may use `safe_display` on anything it did not store.
"""

from __future__ import annotations

import re

# A whole escape sequence goes, not only its ESC: "\x1b]0;evil\x07" must not leave "]0;evil".
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"                 # CSI: colours, cursor moves, erase screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"     # OSC: window title, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"          # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"                       # any other two- or three-character escape
    r"|\x9b[0-?]*[ -/]*[@-~]"                  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"            # 8-bit OSC
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, and the marks LRM RLM ALM.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def clean_id(value: str) -> str:
    """An id or handle: no escape sequence, no control character, no bidi control."""
    # Every escape, control and bidi character is unprintable (Unicode Cc/Cf), so a printable
    # value is returned as it is, without the three passes (most ids; measured at ingest).
    if value.isprintable():
        return value
    return _BIDI.sub("", _CONTROLS.sub("", _ESCAPES.sub("", value)))


def safe_display(text: str) -> str:
    """Text to store for display or to print: newlines and tabs kept, escapes, other controls
    and bidi controls removed."""
    if not text or text.isprintable():   # nothing to remove (see clean_id)
        return text
    return _BIDI.sub("", _CONTROLS_BUT_LINES.sub("", _ESCAPES.sub("", text)))

