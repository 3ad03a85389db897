"""Every CSV that leaves the dashboard has its formula cells neutralised."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from ambassade.model import Mention
from exports.mentions_csv import COLUMNS, write_mentions_csv
from store import open_store
from store.listening import MentionFilter, explore
from store.mentions import insert_mentions
from tests.dashboard.conftest import NOW, run_app

FORMULAS = ['=HYPERLINK("http://evil.example","clic")', "=1+2", "@SUM(A1:A9)", "+33 6 12", "-2+3"]


def _with_formulas(path):
    with open_store(path) as store, store.transaction() as db:
        insert_mentions(db, [Mention(source="rss", native_id=f"f{i}", author=text, author_id=None, text=text,
                                     url=None, matched=("Lemoine",),
                                     created_at=NOW.replace(minute=i + 1))
                             for i, text in enumerate(FORMULAS)])
    with open_store(path, read_only=True) as store:
        frame, _ = explore(store, MentionFilter(datetime(2020, 1, 1, tzinfo=timezone.utc), NOW.replace(hour=23),
                                                ("rss", "x", "reddit"), (), (), (), ""))
    return frame


def _explorer_csv(frame) -> bytes:
    """The explorer's download (`queries.mentions_csv` writes it chunk by chunk the same way)."""
    out = io.BytesIO()
    write_mentions_csv([frame], out, COLUMNS, "fr")
    return out.getvalue()


def test_the_explorer_csv_neutralises_formula_cells(small_db):
    frame = _with_formulas(small_db)
    rows = list(csv.reader(io.StringIO(_explorer_csv(frame).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(COLUMNS)
    texts = [row[rows[0].index("text")] for row in rows[1:]]
    authors = [row[rows[0].index("author")] for row in rows[1:]]
    for formula in FORMULAS:
        assert "'" + formula in texts and "'" + formula in authors
    numbers = {rows[0].index("compound"), rows[0].index("brand_compound")}   # -0,60 stays a number
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for i, cell in enumerate(row)
                   if i not in numbers)
    assert len(rows) == len(frame) + 1


def test_the_explorer_offers_its_own_download(small_db):
    at = run_app("pages/mentions.py")
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Télécharger tout le résultat (CSV)"]


def test_the_served_dashboard_turns_the_grid_export_off(monkeypatch, tmp_path):
    import subprocess

    from ambassade.commands import dashboard

    seen: list[list[str]] = []

    class Server:
        def __init__(self, command, **kwargs):
            seen.append(command)

        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Server)
    assert dashboard.serve(tmp_path / "a.duckdb", 8501) == 0
    command = seen[0]
    assert command[command.index("--client.disableDataExport") + 1] == "true"
