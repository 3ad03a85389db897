"""`ambassade charter check`: the command-line contract (DESIGN.md) and its exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ambassade.cli import main

CONFIG = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine", "#TeamLemoine"]
confidential_terms = ["Projet Brioche"]
"""


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBASSADE_CONFIG", raising=False)
    runner = CliRunner()

    def invoke(*args: str, stdin: str | bytes | None = None):
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


@pytest.fixture
def configured(tmp_path):
    (tmp_path / "ambassade.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_json_output_is_the_contract_object(run, configured):
    result = run("charter", "check", "--json", "Le Projet Brioche sort en mars !")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "findings"}
    assert data["ok"] is False
    finding = data["findings"][0]
    assert set(finding) == {"clause", "category", "severity", "start", "end", "evidence", "coaching"}
    assert finding["category"] == "confidentiality" and finding["severity"] == "block"
    assert "Le Projet Brioche sort en mars !"[finding["start"]:finding["end"]] == finding["evidence"] == "Projet Brioche"


def test_clean_draft_is_ok_with_no_findings(run, configured):
    result = run("charter", "check", "--json", "Merci à toute l'équipe pour cette belle journée !")
    assert json.loads(result.stdout) == {"ok": True, "findings": []}


def test_reads_the_draft_from_stdin_with_a_dash(run, configured):
    result = run("charter", "check", "--json", "-", stdin="Il paraît que la boutique ferme.")
    assert result.exit_code == 0
    assert [f["category"] for f in json.loads(result.stdout)["findings"]] == ["rumour"]


def test_offsets_are_python_string_indices_with_emoji_and_accents(run, configured):
    text = "🥐🎉 Écrivez à julie.martin@gmail.com"
    finding = json.loads(run("charter", "check", "--json", text).stdout)["findings"][0]
    assert text[finding["start"]:finding["end"]] == "julie.martin@gmail.com"


def test_readable_report_in_english_names_clause_and_advice(run, configured):
    result = run("charter", "check", "--lang", "en", "I heard that the CEO is leaving")
    assert result.exit_code == 0
    assert "No rumours or hearsay" in result.stdout
    assert "Advice:" in result.stdout


def test_readable_report_in_french_for_a_clean_draft(run, configured):
    result = run("charter", "check", "--lang", "fr", "Bonne semaine à tous !")
    assert "Rien à signaler" in result.stdout


def test_exit_zero_when_checked_even_if_blocking_and_one_with_strict(run, configured):
    assert run("charter", "check", "Projet Brioche").exit_code == 0
    assert run("charter", "check", "--strict", "Projet Brioche").exit_code == 1
    assert run("charter", "check", "--strict", "Bonne journée").exit_code == 0


def test_without_config_file_works_and_says_so_on_stderr(run):
    result = run("charter", "check", "--json", "Le Projet Brioche arrive")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "findings": []}
    assert "no config file" in result.stderr


@pytest.mark.parametrize("args, stdin, message", [
    (["--json", ""], None, "empty draft"),
    (["--json", "   \n\t "], None, "empty draft"),
    (["--json", "-"], b"\xff\xfeabc", "not UTF-8"),
    (["--json", "x" * 200_001], None, "too long"),
])
def test_bad_input_is_one_line_and_exit_2(run, configured, args, stdin, message):
    result = run("charter", "check", *args, stdin=stdin)
    assert result.exit_code == 2
    assert result.stderr.startswith("ambassade: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_unknown_language_is_a_usage_error(run, configured):
    result = run("charter", "check", "--lang", "de", "bonjour")
    assert result.exit_code == 2


def test_unreadable_company_charter_is_exit_2(run, configured):
    (configured / "ambassade.toml").write_text(CONFIG + '\n[charter]\npath = "missing.toml"\n', encoding="utf-8")
    result = run("charter", "check", "bonjour")
    assert result.exit_code == 2
    assert "missing.toml" in result.stderr and "charter file not found" in result.stderr


def test_control_characters_never_reach_the_terminal(run, configured):
    text = "Le Projet\x1b\x9bBrioche \u202earrive"
    report = run("charter", "check", text)
    assert report.exit_code == 0 and "Projet" in report.stdout
    as_json = run("charter", "check", "--json", text)
    for output in (report.stdout, as_json.stdout):
        assert "\x1b" not in output and "\x9b" not in output and "\u202e" not in output
    assert json.loads(as_json.stdout)["findings"][0]["evidence"] == "Projet\x1b\x9bBrioche"


def test_show_prints_the_charter_in_force_in_both_languages(run, configured):
    fr = run("charter", "show")
    en = run("charter", "show", "--lang", "en")
    assert fr.exit_code == en.exit_code == 0
    assert "Charte des réseaux sociaux" in fr.stdout and "En cas de doute, demandez" in fr.stdout
    assert "When in doubt, ask" in en.stdout


def test_show_json_lists_every_clause(run, configured):
    data = json.loads(run("charter", "show", "--json").stdout)
    assert [c["id"] for c in data["clauses"]][:2] == ["own-voice", "confidential"]


def test_undecodable_bytes_in_the_argument_do_not_break_the_output(run, configured):
    text = "Le Projet\udcffBrioche, il paraît que"
    result = run("charter", "check", "--json", text)
    assert result.exit_code == 0
    finding = json.loads(result.stdout)["findings"][-1]
    assert text[finding["start"]:finding["end"]] == "il paraît que"


def test_hundred_kilobytes_on_stdin_get_a_full_answer(run, configured):
    text = ("Merci à tous ! Il paraît que le Projet Brioche arrive. <b>x</b> \x07 Привет 🥐 " * 2000)[:100_000]
    result = run("charter", "check", "--json", "-", stdin=text.encode("utf-8"))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is False and len(data["findings"]) > 1000
