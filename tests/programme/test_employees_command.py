"""`ambassade employees import|list|withdraw`: invitations all or nothing, the contract's list, withdrawal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from programme.people_csv import parse_invitations
from store import open_store
from store.enrolment import accept
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.programme.conftest import NOW, PROGRAMME_TOML

GOOD = """id,display_name,email,team,lang
emp:claire,Claire Martin,claire.martin@lemoine.fr,Marketing,fr
emp:paul,Paul Fontaine,,Production,en
emp:zoe,Zoé Roux,zoe@lemoine.fr,Siège/RH,
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ambassade.toml"
    path.write_text(PROGRAMME_TOML)
    return path


def run(config: Path, db_path: Path, *args: str, **kw):
    return invoke("--config", str(config), "--db", str(db_path), *args, **kw)


def csv_file(tmp_path: Path, text: str | bytes, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def listed(config: Path, db_path: Path) -> list[dict]:
    result = run(config, db_path, "employees", "list", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_import_invites_and_enrols_nobody(config, db_path, tmp_path):
    result = run(config, db_path, "employees", "import", str(csv_file(tmp_path, GOOD)))
    assert result.exit_code == 0, result.stderr
    assert "3 invited, 0 updated" in result.stdout
    assert listed(config, db_path) == [
        {"id": "emp:claire", "display_name": "Claire Martin", "team": "Marketing", "lang": "fr",
         "state": "invited", "scopes": []},
        {"id": "emp:paul", "display_name": "Paul Fontaine", "team": "Production", "lang": "en",
         "state": "invited", "scopes": []},
        {"id": "emp:zoe", "display_name": "Zoé Roux", "team": "Siège/RH", "lang": "fr",
         "state": "invited", "scopes": []},
    ]
    again = run(config, db_path, "employees", "import", str(csv_file(tmp_path, GOOD)))
    assert "0 invited, 3 updated" in again.stdout


def test_a_semicolon_file_with_a_bom_as_spreadsheets_save_it_is_read(config, db_path, tmp_path):
    text = "\ufeff" + GOOD.replace(",", ";")
    assert run(config, db_path, "employees", "import", str(csv_file(tmp_path, text))).exit_code == 0
    assert len(listed(config, db_path)) == 3


BAD = GOOD + """emp:bad1,=HYPERLINK("http://evil"),x@lemoine.fr,Marketing,fr
emp:bad2,Name\x1b[31m,y@lemoine.fr,Marketing,fr
emp:bad3,Someone,not-an-email,Marketing,fr
emp:bad4,Someone,z@lemoine.fr,Marketing,de
emp:claire,Claire again,c2@lemoine.fr,Marketing,fr
emp:bad5,Too few cells
emp:bad6,{long},w@lemoine.fr,Marketing,fr
emp:bad7,Someone,claire.martin@lemoine.fr,Marketing,fr
bad id!,Someone,v@lemoine.fr,Marketing,fr
emp:bad8,,u@lemoine.fr,Marketing,fr
emp:bad9,Ok,t@lemoine.fr,+33 Marketing,fr
""".replace("{long}", "A" * 5000)


def test_a_file_with_bad_rows_reports_each_one_and_writes_nothing(config, db_path, tmp_path):
    result = run(config, db_path, "employees", "import", str(csv_file(tmp_path, BAD)))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 12 and lines[-1].startswith("ambassade: error: ") and "11 bad rows; nothing imported" in lines[-1]
    expected = ["line 5, display_name: starts with '='", "line 6, display_name: contains control",
                "line 7, email: 'not-an-email' is not an e-mail", "line 8, lang: 'de' is not one of fr, en",
                "line 9, id: 'emp:claire' already on line 2", "line 10: 2 cells, expected 5",
                "line 11, display_name: too long (5000 characters", "line 12, email: already on line 2",
                "line 13, id: letters, digits", "line 14, display_name: empty", "line 15, team: starts with '+'"]
    for line, needle in zip(lines, expected):
        assert needle in line, (line, needle)
    assert "\x1b" not in result.stderr
    assert listed(config, db_path) == []


@pytest.mark.parametrize("content, needle", [
    (b"", "empty file"),
    (b"id,display_name,team,lang\nemp:a,A,T,fr\n", "missing column 'email'"),
    (b"id,display_name,email,team,lang,salary\n", "unknown column 'salary'"),
    ("id,display_name,email,team,lang\nemp:a,Zoé,,T,fr\n".encode("latin-1"), "not UTF-8"),
    (b"id,display_name,email,team,lang\n", "no rows after the header"),
])
def test_unreadable_files_are_one_line_errors(config, db_path, tmp_path, content, needle):
    result = run(config, db_path, "employees", "import", str(csv_file(tmp_path, content)))
    assert_one_line_error(result, needle)


def test_a_broken_quote_is_reported_and_nothing_is_written(config, db_path, tmp_path):
    text = GOOD + 'emp:q,"Unclosed,q@lemoine.fr,T,fr\nemp:r,R,r@lemoine.fr,T,fr\n'
    result = run(config, db_path, "employees", "import", str(csv_file(tmp_path, text)))
    assert result.exit_code == 2 and "line 5" in result.stderr
    assert listed(config, db_path) == []


def test_a_missing_file_or_a_folder_is_a_one_line_error(config, db_path, tmp_path):
    assert_one_line_error(run(config, db_path, "employees", "import", str(tmp_path / "nope.csv")), "no such file")


def test_a_huge_file_is_parsed_in_bounded_time_and_reported_per_row():
    rows = "".join(f"emp:{n},Person {n},p{n}@lemoine.fr,Team {n % 7},fr\n" for n in range(20_000))
    invitations, problems = parse_invitations("id,display_name,email,team,lang\n" + rows, ["fr", "en"])
    assert len(invitations) == 20_000 and problems == []


def test_list_shows_state_and_scopes_and_withdraw_is_one_command(config, db_path, tmp_path):
    run(config, db_path, "employees", "import", str(csv_file(tmp_path, GOOD)))
    with open_store(db_path) as store, store.transaction() as db:
        accept(db, "emp:claire", ["shares", "named"], {"x": "claire_m"}, "dashboard:consent", NOW)
    people = {p["id"]: p for p in listed(config, db_path)}
    assert (people["emp:claire"]["state"], people["emp:claire"]["scopes"]) == ("enrolled", ["shares", "named"])
    result = run(config, db_path, "employees", "withdraw", "emp:claire")
    assert result.exit_code == 0 and "no longer read" in result.stdout
    people = {p["id"]: p for p in listed(config, db_path)}
    assert (people["emp:claire"]["state"], people["emp:claire"]["scopes"]) == ("withdrawn", [])
    assert "already withdrawn" in run(config, db_path, "employees", "withdraw", "emp:claire").stdout
    assert_one_line_error(run(config, db_path, "employees", "withdraw", "emp:nobody"), "no employee")
    plain = run(config, db_path, "employees", "list")
    assert "emp:claire\tClaire Martin\tMarketing\tfr\twithdrawn\t-" in plain.stdout
