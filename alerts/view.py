"""Incidents as the comms team reads them: the CLI's JSON and table, the dashboard's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from alerts.words import kind_words, severity_words, word
from ambassade.errors import InputError
from store import incidents as sql
from store.connect import Store


def parse_since(text: str, tz: str) -> datetime:
    """`--since`: a date (YYYY-MM-DD, midnight in `tz`) or an ISO 8601 time; else InputError."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime.combine(day, time.min, ZoneInfo(tz)).astimezone(timezone.utc)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        shown = raw[:40].encode("unicode_escape").decode("ascii")
        raise InputError(f"--since: {shown!r} is not a date (YYYY-MM-DD) or an ISO 8601 time") from None
    return (moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment).astimezone(timezone.utc)


@dataclass(frozen=True)
class IncidentView:
    """One stored incident, ready to print or show."""

    row: dict

    def as_json(self, lang: str = "en") -> dict:
        r = self.row
        drivers = r["drivers"] or {"terms": [], "sources": [], "authors": []}
        return {
            "id": r["id"], "kinds": list(r["kinds"]),
            "kinds_words": [kind_words(k, lang) for k in r["kinds"]],
            "start": _iso(r["starts_at"]), "peak": _iso(r["peak_at"]),
            "end": None if r["ongoing"] else _iso(r["ends_at"]), "ongoing": bool(r["ongoing"]),
            "last_alert_end": _iso(r["ends_at"]),
            "severity": r["severity"], "mentions": int(r["mentions"]),
            "drivers": {"terms": [t["term"] for t in drivers["terms"]],
                        "sources": drivers["sources"], "authors": drivers["authors"]},
            "mention_ids": list(r["mention_ids"]), "summary_ids": list(r["summary_ids"]),
            "first_ids": list(r["first_ids"]), "sources": list(r["sources"]),
        }

    def line(self, lang: str, tz: str) -> str:
        """One table line: start, end, severity, kinds, mentions, top terms (times in `tz`)."""
        r = self.row
        end = word("ongoing", lang) if r["ongoing"] else local(r["ends_at"], tz)
        terms = ", ".join(t["term"] for t in (r["drivers"] or {}).get("terms", [])[:5]) or "-"
        kinds = " + ".join(kind_words(k, lang) for k in r["kinds"])
        return "\t".join([local(r["starts_at"], tz), end, severity_words(r["severity"], lang), kinds,
                          str(int(r["mentions"])), terms])


def incidents(db: Store, since: datetime | None) -> list[IncidentView]:
    """Stored incidents that end at or after `since`, newest first."""
    return [IncidentView(row) for row in sql.incidents_since(db, since)]


def header(lang: str, tz: str) -> str:
    cols = ["start", "end", "severity", None, "mentions", "terms"]
    names = [word(c, lang) if c else ("type" if lang == "fr" else "kind") for c in cols]
    return "\t".join(names) + f"\t({word('times_in', lang, tz=tz)})"


def local(moment: datetime, tz: str) -> str:
    """'2026-11-21 18:00' in the brand's time zone."""
    return _utc(moment).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat()


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)
