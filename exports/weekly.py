"""Build the managers' weekly files for one ISO week, team by team, from the store's manager reads.

Privacy is the store's: a team under `[privacy] min_group_size` gets no files of its own
(`store.managers` answers None), per-person rows carry only people who agreed to be named,
coaching themes need the posts of at least three people, and public voices are never
employees. The same week gives byte-identical files: rows are sorted and nothing depends on
the time of the run.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from charter.check import Checker
from charter.coaching import team_themes
from exports.cells import csv_bytes
from exports.columns import FILES, word
from exports.options import WeeklyOptions
from exports.weeks import Week
from store import managers, signals
from store.connect import Store


@dataclass
class WeeklyExport:
    """The files of one week: team -> file name -> bytes, and the notes to show beside them."""

    week: Week
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)
    summaries: dict[str, managers.TeamWeek] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def build_weekly(store: Store, options: WeeklyOptions, week: Week, teams: list[str] | None = None,
                 checker: Checker | None = None) -> WeeklyExport:
    """The week's files for `teams` (default: every team with enrolled people)."""
    lang = options.locale
    k = options.min_group_size
    export = WeeklyExport(week)
    voices = _public_voices(store, options, lang)
    for team in teams if teams is not None else managers.teams(store):
        summary = managers.team_week(store, team, week.start, week.end, k)
        if summary is None:
            export.notes.append(word("too_small", lang, team=team, k=k))
            continue
        export.summaries[team] = summary
        before = managers.team_week(store, team, week.previous().start, week.previous().end, k)
        if not (summary.shares or summary.clicks or summary.mentions):
            export.notes.append(word("empty", lang, week=week.label, team=team))
        export.files[team] = {
            "summary.csv": _file("summary.csv", [_summary_row(summary, before, week, options)], lang),
            "content.csv": _file("content.csv", _content_rows(store, team, week, options), lang),
            "participation.csv": _file("participation.csv", _participation_rows(summary, lang),
                                       lang),
            "themes.csv": _file("themes.csv", _theme_rows(store, team, week, k, lang, checker), lang),
            "public_voices.csv": voices,
        }
    return export


def write_weekly(export: WeeklyExport, out: Path) -> list[Path]:
    """Write each team's files under OUT/<week>/<team>/; each file lands whole or not at all."""
    written = []
    for team, files in sorted(export.files.items()):
        folder = out / export.week.label / team_folder(team)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            partial = target.with_name(f".{name}.partial")
            partial.write_bytes(data)
            os.replace(partial, target)
            written.append(target)
    return written


def zip_bytes(export: WeeklyExport, team: str) -> bytes:
    """One team's files in a zip (the Team page's download); fixed dates, so the same week gives the same zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(export.files[team].items()):
            entry = zipfile.ZipInfo(f"{export.week.label}_{team_folder(team)}_{name}", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def team_folder(team: str) -> str:
    """A file-system-safe folder name for a team ("Siège/RH" -> "siege-rh")."""
    ascii_name = unicodedata.normalize("NFKD", team).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "team"


def _file(name: str, rows: list[list[object]], lang: str) -> bytes:
    return csv_bytes([c.header(lang) for c in FILES[name]], rows, lang)


def _value(clicks: int, options: WeeklyOptions) -> float:
    return round(clicks * options.cost_per_click, 2)


def _change(now: int, before: int | None) -> int | None:
    return None if before is None else now - before


def _summary_row(s: managers.TeamWeek, before: managers.TeamWeek | None, week: Week,
                 options: WeeklyOptions) -> list[object]:
    return [s.team, week.label, s.invited, s.enrolled, s.active, s.shares, s.clicks, s.reach,
            _value(s.clicks, options), options.currency, s.mentions, s.positive, s.neutral,
            s.negative, _change(s.shares, before and before.shares), _change(s.clicks, before and before.clicks),
            _change(s.mentions, before and before.mentions)]


def _content_rows(store: Store, team: str, week: Week, options: WeeklyOptions) -> list[list[object]]:
    rows = managers.content_week(store, team, week.start, week.end, options.min_group_size) or []
    return [[title, url, shares, clicks, reach, _value(clicks, options)]
            for title, url, shares, clicks, reach in rows]


def _participation_rows(summary: managers.TeamWeek, lang: str) -> list[list[object]]:
    rows = [[r.display_name, 1, int(r.shares), int(r.clicks)]
            for r in summary.named.sort_values(["display_name"]).itertuples()]
    others = summary.enrolled - len(rows)
    if others:
        rows.append([word("others", lang, n=others), others,
                     summary.shares - sum(r[2] for r in rows), summary.clicks - sum(r[3] for r in rows)])
    return rows


def _theme_rows(store: Store, team: str, week: Week, k: int, lang: str,
                checker: Checker | None) -> list[list[object]]:
    themes = team_themes(store, team, lang=lang, min_group_size=k, now=week.end, since=week.start,
                         checker=checker)
    return [[t.clause, t.category, t.title, t.posts, t.people, t.tip] for t in themes]


def _public_voices(store: Store, options: WeeklyOptions, lang: str) -> bytes:
    rows = [[word(cls, lang), source, handle, followers, mentions, round(score, 2)]
            for cls, source, handle, followers, mentions, score in
            signals.top_public_voices(store, options.exports.top_public)]
    return _file("public_voices.csv", rows, lang)
