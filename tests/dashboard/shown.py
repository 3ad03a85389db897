"""Every string a page shows, as AppTest sees it, and which of them the French catalogue lacks.

Collected: titles, headers, markdown, captions, text, alerts, metric labels, values and deltas,
widget labels, options, placeholders and help, expander and tab labels, button labels, data
grid headers (the column_config label, else the raw column name the grid would show) and chart
titles. A string is accounted for when it is a catalogue entry (templates match with any
value in their slots), a data value from the database, or a number, date or mark.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from dashboard.i18n import LABELS

TEXT_FIELDS = {"label", "placeholder", "help", "body", "delta", "title", "caption", "options",
               "display_values", "default_text"}
SKIP_TYPES = {"text_input", "text_area"}          # their value is what the visitor typed
_SLOT = re.compile(r"\\\{(\w+)\\\}")
_NUMBERISH = re.compile(r"^[\s\d.,:/%+\-−–—‑()\u202f\u00a0×·|↗→←#$€ptsz]*$")
_MARKDOWN = re.compile(r"\*\*|__|`|^#+\s|:material/\w+:")
_LIST = re.compile(r" · |\n|, ")                       # a list of shown things
_PARTS = re.compile(r" : | — | \(|\)$| / ")              # "label : value", "label (unit)"
_COUNTED = re.compile(r"^[\d\s\u202f,.]+ (.+)$")          # "3 J'aime", "12 mentions"
_CODE = re.compile(r"^[A-Z]{3}$")                       # a currency code
_PRINTF = re.compile(r"%[-+ 0#]*\d*(\.\d+)?[dfeEgGi]")    # "%.2f": the grid writes "46.50" whatever the locale


def catalogue(lang: str = "fr") -> list[str]:
    """The dashboard's labels in `lang`, and the words other packages give it to show."""
    from links.recognition import BADGES
    from programme.suggest import WORDS

    texts = [entry[lang] for entry in LABELS.values()] + list(WORDS[lang].values())
    texts += [badge.fr if lang == "fr" else badge.en for badge, _ in BADGES]
    return texts


def catalogue_patterns(lang: str = "fr") -> list[re.Pattern[str]]:
    """Each label of `lang` as a regular expression; "{n}" matches any text."""
    patterns = []
    for text in catalogue(lang):
        text = _MARKDOWN.sub("", text)
        patterns.append(re.compile("^" + _SLOT.sub(".+", re.escape(text.strip())) + "$", re.S))
    return patterns


def _walk(node) -> Iterator:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _walk(child)


def _proto_strings(proto, depth: int = 0) -> Iterator[str]:
    if proto is None or depth > 4:
        return
    for field, value in proto.ListFields():
        if field.name in TEXT_FIELDS:
            if isinstance(value, str):
                yield value
            elif hasattr(value, "__iter__") and not hasattr(value, "ListFields"):
                yield from (v for v in value if isinstance(v, str))
        if field.message_type is not None and field.name not in {"data", "arrow_data", "spec"}:
            for item in (value if isinstance(value, Iterable) and not hasattr(value, "ListFields") else [value]):
                if hasattr(item, "ListFields"):
                    yield from _proto_strings(item, depth + 1)


def _grid_headers(element) -> Iterator[str]:
    """Headers as the grid shows them, and the words its front end writes itself: "empty" for
    a grid without rows, "None" in a cell without a value, a decimal point where a number
    column has a printf format."""
    config = json.loads(element.proto.columns or "{}")
    frame = element.value
    if len(frame) == 0:
        yield "empty"
    order = list(element.proto.column_order)
    for name in (order or frame.columns):
        entry = config.get(f"name:{name}") or config.get(name) or {}
        if entry.get("hidden") or entry is None:
            continue
        yield entry.get("label") or str(name)
        if name in frame.columns and frame[name].isna().any() and entry.get("type_config", {}).get("type") != "link":
            yield f"None ({entry.get('label') or name})"
        number_format = str(entry.get("type_config", {}).get("format") or "")
        if _PRINTF.search(number_format):     # it writes a decimal point whatever the locale
            yield f"printf {number_format} ({entry.get('label') or name})"


def _chart_titles(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title",) and isinstance(value, str):
                yield value
            elif key not in ("config", "datasets", "data"):
                yield from _chart_titles(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _chart_titles(value)


def shown_strings(at) -> list[str]:
    """Every visible string of the app's last run."""
    found: list[str] = []
    for node in _walk(at._tree):
        kind = getattr(node, "type", None)
        if kind in SKIP_TYPES:
            found.extend(s for s in (node.label, node.placeholder, node.help) if s)
            continue
        if kind == "multiselect" and not node.proto.placeholder:
            found.append("Choose options")          # what Streamlit's front end writes then
        if kind == "dataframe":
            found.extend(_grid_headers(node))
            continue
        if kind in ("arrow_vega_lite_chart", "vega_lite_chart"):
            found.extend(_chart_titles(json.loads(node.proto.spec)))
            continue
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            found.extend(_proto_strings(proto))
    return [s for s in found if s and s.strip()]


def unknown(strings: Iterable[str], data: set[str], lang: str = "fr") -> list[str]:
    """The strings (or pieces of them) that are neither catalogue entries, data, nor numbers."""
    patterns = catalogue_patterns(lang)

    def base(piece: str) -> bool:
        piece = piece.strip().strip("«»\"").strip()
        if not piece or _NUMBERISH.match(piece) or _CODE.match(piece) or piece in data:
            return True
        if any(p.match(piece) for p in patterns):
            return True
        counted = _COUNTED.match(piece)
        return bool(counted) and base(counted.group(1))

    def part(piece: str) -> bool:
        return base(piece) or all(base(p) for p in _PARTS.split(piece))

    def known(text: str) -> bool:
        return part(text) or all(part(p) for p in _LIST.split(text))

    return sorted({raw for raw in strings if not known(_MARKDOWN.sub("", raw).strip())})
