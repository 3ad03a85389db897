"""What a push says, and its shape for each channel: Slack (`text` + `blocks`), Microsoft Teams
(a MessageCard, which Teams incoming webhooks and Workflows both accept) and e-mail (plain text).

Mention texts come from the internet: they are cut to one short line and escaped for each
channel, so a post cannot mention `@channel`, add links or headers, or run as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage

from alerts.words import kind_words, severity_words, word

SNIPPET = 220
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")
COLOURS = {"high": "C62828", "medium": "EF6C00", "low": "F9A825"}


@dataclass
class Item:
    """One subject of a push: an incident or an influential account's mention, in words."""

    title: str
    severity: str                              # low | medium | high
    facts: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)     # mention texts (from the internet)
    steps: list[str] = field(default_factory=list)      # the suggested response path


def plain(text: str | None, limit: int = SNIPPET) -> str:
    """One line: controls and line breaks become spaces, cut at `limit` characters."""
    line = " ".join("".join(c if c.isprintable() else " " for c in (text or "")).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def slack_escape(text: str) -> str:
    """Slack's three control characters escaped: `<!channel>` or `<url|label>` stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def teams_escape(text: str) -> str:
    """Markdown and HTML of a MessageCard kept as text."""
    return _MD.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def heading(items: list[Item], brand: str, lang: str) -> str:
    if len(items) == 1:
        return f"{brand} — {items[0].title}"
    return f"{brand} — {len(items)} " + ("alertes" if lang == "fr" else "alerts")


def slack_payload(items: list[Item], brand: str, lang: str) -> dict:
    """Slack incoming webhook: `text` is the notification's fallback, `blocks` the message."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": plain(heading(items, brand, lang), 150)}}]
    for item in items:
        lines = [f"*{slack_escape(plain(item.title, 150))}*"]
        lines += [f"*{slack_escape(name)}* : {slack_escape(plain(value))}" if lang == "fr"
                  else f"*{slack_escape(name)}*: {slack_escape(plain(value))}" for name, value in item.facts]
        lines += [f"> {slack_escape(plain(q))}" for q in item.quotes]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:2900]}})
        if item.steps:
            steps = "\n".join(f"• {slack_escape(plain(s, 300))}" for s in item.steps)
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn",
                                                             "text": f"{word('response', lang)} :\n{steps}"[:2900]}]})
        blocks.append({"type": "divider"})
    return {"text": slack_escape(plain(heading(items, brand, lang), 300)), "blocks": blocks[:50]}


def teams_payload(items: list[Item], brand: str, lang: str) -> dict:
    """Teams incoming webhook: a MessageCard with one section per item."""
    worst = max((i.severity for i in items), key=lambda s: {"low": 0, "medium": 1, "high": 2}.get(s, 0))
    sections = []
    for item in items:
        text = "\n\n".join([f"> {teams_escape(plain(q))}" for q in item.quotes]
                           + ([f"**{word('response', lang)}**"] + [f"- {teams_escape(plain(s, 300))}" for s in item.steps]
                              if item.steps else []))
        sections.append({"activityTitle": teams_escape(plain(item.title, 150)),
                         "facts": [{"name": teams_escape(n), "value": teams_escape(plain(v))} for n, v in item.facts],
                         "text": text, "markdown": True})
    return {"@type": "MessageCard", "@context": "https://schema.org/extensions",
            "summary": plain(heading(items, brand, lang), 150), "themeColor": COLOURS.get(worst, "9E9E9E"),
            "title": teams_escape(plain(heading(items, brand, lang), 150)), "sections": sections[:10]}


def email_message(items: list[Item], brand: str, lang: str, sender: str, to: list[str]) -> EmailMessage:
    """The same, as a plain-text e-mail to the crisis desk."""
    lines: list[str] = []
    for item in items:
        lines += [plain(item.title, 200), ""]
        lines += [f"  {name} : {plain(value)}" if lang == "fr" else f"  {name}: {plain(value)}"
                  for name, value in item.facts]
        lines += [f"  « {plain(q)} »" if lang == "fr" else f'  "{plain(q)}"' for q in item.quotes]
        if item.steps:
            lines += ["", f"  {word('response', lang)} :" if lang == "fr" else f"  {word('response', lang)}:"]
            lines += [f"  - {plain(s, 300)}" for s in item.steps]
        lines.append("")
    lines.append("— Ambassade")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = plain(f"[Ambassade] {heading(items, brand, lang)}", 200)
    message.set_content("\n".join(lines) + "\n")
    return message


def incident_item(row: dict, texts: list[str], steps: list[str], lang: str, tz: str,
                  local) -> Item:
    """An incident in words: kinds, times in the brand's zone, severity, volume, drivers."""
    drivers = row.get("drivers") or {}
    kinds = " + ".join(kind_words(k, lang) for k in row["kinds"])
    end = word("ongoing", lang) if row["ongoing"] else local(row["ends_at"], tz)
    tz_note = f" ({word('times_in', lang, tz=tz)})"
    facts = [
        (word("severity", lang), severity_words(row["severity"], lang)),
        (word("start", lang), local(row["starts_at"], tz) + tz_note),
        (word("peak", lang), local(row["peak_at"], tz)),
        (word("end", lang), end),
        (word("mentions", lang), str(int(row["mentions"]))),
        (word("terms", lang), ", ".join(t["term"] for t in drivers.get("terms", [])[:6]) or "-"),
        (word("sources", lang), ", ".join(f"{s['source']} ({s['mentions']})" for s in drivers.get("sources", [])) or "-"),
        (word("authors", lang), ", ".join(f"{a['handle']} ({a['followers']} {word('followers', lang)})"
                                          for a in drivers.get("authors", [])[:3]) or "-"),
    ]
    return Item(f"{word('incident', lang)} : {kinds}" if lang == "fr" else f"{word('incident', lang)}: {kinds}",
                row["severity"], facts, texts, steps)


def influential_item(mention: dict, lang: str, tz: str, local) -> Item:
    """An influential account's mention of the brand."""
    facts = [(word("authors", lang), f"{mention['author']} ({int(mention['followers'])} {word('followers', lang)})"),
             (word("sources", lang), str(mention["source"])),
             (word("start", lang), local(mention["created_at"], tz) + f" ({word('times_in', lang, tz=tz)})")]
    url = mention.get("url")
    if isinstance(url, str) and url.lower().startswith(("https://", "http://")):
        facts.append(("URL", url))
    title = word("influential", lang) + (" : " if lang == "fr" else ": ") + str(mention["author"])
    return Item(title, "medium", facts, [mention["text"]], [])
