"""The weekly files: columns, group-size and theme thresholds, names only by agreement, idempotence."""

from __future__ import annotations

import csv
import dataclasses
import io
import re

from exports.cells import BOM
from exports.columns import FILES
from exports.weekly import build_weekly, team_folder, write_weekly
from tests.conftest import REPO
from tests.exports.conftest import WEEK, add_team


def rows(data: bytes, separator: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8").removeprefix(BOM)), delimiter=separator))


def test_every_file_has_its_documented_header_in_the_export_language(db, options):
    add_team(db, "lyon", 5)
    files = build_weekly(db, options, WEEK).files["lyon"]
    assert set(files) == set(FILES)
    for name, columns in FILES.items():
        assert rows(files[name])[0] == [c.fr for c in columns]
    english = build_weekly(db, dataclasses.replace(options, locale="en"), WEEK).files["lyon"]
    assert rows(english["summary.csv"], ",")[0] == [c.en for c in FILES["summary.csv"]]


def test_the_readme_documents_every_column():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Managers' weekly files"):]
    for name, columns in FILES.items():
        assert f"`{name}`" in section, name
        for column in columns:
            assert f"`{column.fr}`" in section and f"`{column.en}`" in section, (name, column.key)


def test_the_summary_counts_the_team_and_prices_its_clicks(db, options):
    add_team(db, "lyon", 6, shares_each=2, clicks_each=3)
    summary = dict(zip([c.key for c in FILES["summary.csv"]],
                       rows(build_weekly(db, options, WEEK).files["lyon"]["summary.csv"])[1]))
    assert (summary["team"], summary["week"]) == ("lyon", "2026-W47")
    assert (summary["invited"], summary["enrolled"], summary["active"]) == ("6", "6", "6")
    assert (summary["shares"], summary["clicks"], summary["value"], summary["currency"]) == ("12", "18", "9,00", "EUR")
    assert summary["shares_change"] == "12"            # nothing the week before


def test_a_team_below_the_minimum_group_size_gets_no_files(db, options):
    add_team(db, "lyon", 4, named=4)
    export = build_weekly(db, options, WEEK)
    assert export.files == {}
    assert export.notes == ["Équipe lyon : moins de 5 personnes inscrites, pas de rapport séparé."]


def test_only_people_who_agreed_are_named_everyone_else_is_one_row(db, options):
    people = add_team(db, "paris", 7, named=2)
    files = build_weekly(db, options, WEEK).files["paris"]
    assert rows(files["participation.csv"])[1:] == [
        ["Paris Person0", "1", "1", "2"], ["Paris Person1", "1", "1", "2"], ["Autres (5 personnes)", "5", "5", "10"]]
    everything = b"".join(files.values()).decode("utf-8")
    for person in people[2:]:
        assert person.display_name not in everything and person.id not in everything


def test_a_coaching_theme_needs_the_posts_of_three_people(db, options):
    add_team(db, "lyon", 5, coaching=True, texts=["Il paraît que la boutique ferme", "Merci à tous",
                                                   "Merci", "Bravo", "Super"])
    assert rows(build_weekly(db, options, WEEK).files["lyon"]["themes.csv"])[1:] == []
    add_team(db, "paris", 5, coaching=True, texts=["Il paraît que la boutique ferme"] * 3 + ["Merci", "Bravo"])
    themes = rows(build_weekly(db, options, WEEK).files["paris"]["themes.csv"])[1:]
    assert [(t[0], t[3], t[4]) for t in themes] == [("no-rumours", "3", "3")]


def test_text_from_the_store_cannot_run_as_a_formula(db, options):
    add_team(db, "lyon", 5)
    content = rows(build_weekly(db, options, WEEK).files["lyon"]["content.csv"])
    assert content[1][0].startswith("'=HYPERLINK")


def test_public_voices_never_list_an_employee(db, options):
    from store.signals import replace_advocacy

    people = add_team(db, "lyon", 5)
    with db.transaction():
        db._rows("INSERT INTO authors (id, source, handle, name, followers, first_seen, last_seen) "
                 "VALUES ('x:fan', 'x', 'fan', NULL, 900, now(), now())")
        replace_advocacy(db, "author", {"subject_kind": ["author"] * 2, "subject_id": ["x:lyon_p0", "x:fan"],
                                        "window_days": [90] * 2, "computed_at": [WEEK.end] * 2,
                                        "class": ["detractor", "ambassador"], "confidence": [0.9, 0.9],
                                        "score": [-0.5, 0.6], "mentions": [5, 5]})
    voices = rows(build_weekly(db, options, WEEK).files["lyon"]["public_voices.csv"])
    assert [r[:3] for r in voices[1:]] == [["ambassadeur", "x", "fan"]]
    assert people[0].id not in str(voices)


def test_the_same_week_twice_gives_byte_identical_files(db, options, tmp_path):
    add_team(db, "lyon", 5, named=1)
    first = write_weekly(build_weekly(db, options, WEEK), tmp_path / "a")
    second = write_weekly(build_weekly(db, options, WEEK), tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.relative_to(tmp_path / "a") for p in first][0].parts[:2] == ("2026-W47", "lyon")


def test_an_empty_week_gives_files_with_headers_and_a_note(db, options):
    add_team(db, "lyon", 5)
    export = build_weekly(db, options, WEEK.previous())
    assert export.notes == ["Semaine 2026-W46 : aucune activité enregistrée pour l'équipe lyon."]
    files = export.files["lyon"]
    assert rows(files["content.csv"]) == [[c.fr for c in FILES["content.csv"]]]
    assert rows(files["summary.csv"])[1][5] == "0"


def test_the_team_page_zip_holds_the_five_files_and_is_stable(db, options):
    import io
    import zipfile

    from exports.weekly import zip_bytes

    add_team(db, "Siège/RH", 5)
    export = build_weekly(db, options, WEEK)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(export, "Siège/RH")))
    assert sorted(archive.namelist()) == sorted(f"2026-W47_siege-rh_{n}" for n in FILES)
    assert archive.read("2026-W47_siege-rh_summary.csv") == export.files["Siège/RH"]["summary.csv"]
    assert zip_bytes(export, "Siège/RH") == zip_bytes(build_weekly(db, options, WEEK), "Siège/RH")


def test_team_folders_are_safe_names():
    assert team_folder("Siège/RH") == "siege-rh"
    assert team_folder("../../etc") == "etc"
    assert re.fullmatch(r"[a-z0-9-]+", team_folder("Boutiques Paris 🥐"))
