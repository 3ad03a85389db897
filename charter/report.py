"""Readable FR/EN reports of a check, safe to print on a terminal (no control characters pass)."""

from __future__ import annotations

import json
import re

from charter.model import Charter, CheckResult

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_WORDS = {
    "fr": {
        "block": "BLOQUANT", "warn": "ATTENTION", "info": "À NOTER",
        "clean": "Rien à signaler : ce brouillon suit la charte. Bonne publication !",
        "summary": "{n} remarque(s), dont {b} bloquante(s)",
        "verdict_block": "à revoir avant de publier.",
        "verdict_ok": "rien de bloquant, mais relisez ces points.",
        "chars": "caractères {start}–{end}",
        "advice": "Conseil",
        "clause": "clause",
    },
    "en": {
        "block": "BLOCKS", "warn": "WARNING", "info": "NOTE",
        "clean": "Nothing to report: this draft follows the charter. Happy posting!",
        "summary": "{n} finding(s), {b} blocking",
        "verdict_block": "please revise before posting.",
        "verdict_ok": "nothing blocks, but do read these points.",
        "chars": "characters {start}–{end}",
        "advice": "Advice",
        "clause": "clause",
    },
}


def terminal_safe(text: str) -> str:
    """Control and bidi characters shown as \\xNN / \\uNNNN, so a draft cannot drive the terminal."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def to_json_line(result: CheckResult) -> str:
    """The contract's JSON object on one line; C1 controls and line/bidi separators escaped too."""
    text = json.dumps(result.to_json(), ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_report(result: CheckResult, charter: Charter, lang: str | None = None) -> str:
    """A readable report of `result` in `lang` (default: the draft's)."""
    lang = lang or result.lang
    words = _WORDS.get(lang, _WORDS["fr"])
    lines = [charter.name(lang)]
    if not result.findings:
        lines.append(words["clean"])
        return "\n".join(lines) + "\n"
    blocking = sum(f.severity == "block" for f in result.findings)
    verdict = words["verdict_block"] if blocking else words["verdict_ok"]
    colon = " : " if lang == "fr" else ": "
    lines.append(words["summary"].format(n=len(result.findings), b=blocking) + colon + verdict)
    for finding in result.findings:
        clause = charter.clause(finding.clause)
        title = clause.text(lang).title if clause else finding.clause
        lines.append("")
        lines.append(f"[{words[finding.severity]}] {title} ({finding.category}, {words['clause']} {finding.clause})")
        where = words["chars"].format(start=finding.start, end=finding.end)
        lines.append(f"  {where} : « {terminal_safe(finding.evidence)} »" if lang == "fr"
                     else f"  {where}: \"{terminal_safe(finding.evidence)}\"")
        if finding.label:
            lines.append(f"  {finding.label}")
        lines.append(f"  {words['advice']}{' :' if lang == 'fr' else ':'} {finding.coaching}")
        if clause and clause.text(lang).tips:
            lines.append(f"  → {clause.text(lang).tips[0]}")
    return "\n".join(lines) + "\n"


def render_charter(charter: Charter, lang: str) -> str:
    """The charter as a readable guide: each clause with why it matters, tips and examples."""
    fr = lang == "fr"
    meta = charter.meta.get(lang) or charter.meta.get("fr")
    lines = [charter.name(lang), "=" * len(charter.name(lang))]
    if meta and meta.intro:
        lines += [meta.intro]
    for number, clause in enumerate(charter.clauses, 1):
        text = clause.text(lang)
        lines += ["", f"{number}. {text.title}  [{clause.id} · {clause.category}]", f"   {text.text}"]
        if text.why:
            lines.append(f"   Pourquoi : {text.why}" if fr else f"   Why: {text.why}")
        lines += [f"   - {tip}" for tip in text.tips]
        lines += [f"   ✓ {example}" for example in text.good]
        lines += [f"   ✗ {example}" for example in text.bad]
    return "\n".join(lines) + "\n"
