"""The invitations file: `id, display_name, email, team, lang`, one person a row.

All or nothing: every row is checked first; if any row is bad, each bad row is reported
(line, column, why) and nothing is written. A file of good rows is written in one
transaction. Cells are plain text: a cell that a spreadsheet would run as a formula
(=, +, -, @ first), control characters or an over-long cell make the row bad, never a
silent change of what the person typed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ambassade.errors import InputError
from store.enrolment import Invitation

COLUMNS = ("id", "display_name", "email", "team", "lang")
MAX_FILE_BYTES = 10_000_000
MAX_ROWS = 100_000
MAX_CELL = {"id": 64, "display_name": 120, "email": 254, "team": 80, "lang": 8}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]*$")
# One "@", something before it, a dotted domain after it; no spaces, no quotes, no angle brackets.
_EMAIL = re.compile(r"^[^@\s\"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORMULA = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Problem:
    """One bad row: where and why, in words a person can act on."""

    line: int
    column: str | None
    why: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.why}"


def read_invitations(path: str | Path, languages: list[str]) -> tuple[list[Invitation], list[Problem]]:
    """The file's invitations and its bad rows. InputError for a file that cannot be read at all."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a CSV file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: too large (over {MAX_FILE_BYTES // 1_000_000} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at position {exc.start}); "
                         "save it as CSV UTF-8") from None
    return parse_invitations(text, languages, str(path))


def parse_invitations(text: str, languages: list[str], name: str = "the file") -> tuple[list[Invitation], list[Problem]]:
    """Invitations and problems from CSV text (comma or semicolon separated, header first)."""
    if not text.strip():
        raise InputError(f"{name}: empty file (expected a header: {', '.join(COLUMNS)})")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise InputError(f"{name}: line 1: not a CSV header ({exc})") from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f"{name}: missing column {missing[0]!r} (expected: {', '.join(COLUMNS)})")
    extra = [h for h in header if h not in COLUMNS]
    if extra:
        raise InputError(f"{name}: unknown column {extra[0][:40]!r} (expected: {', '.join(COLUMNS)})")
    if len(set(header)) != len(header):
        raise InputError(f"{name}: a column appears twice in the header")
    invitations: list[Invitation] = []
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # A broken quote swallows the rest of the file: say so and stop reading.
            problems.append(Problem(line, None, f"not valid CSV ({exc}); the rows after it were not read"))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue                                # blank lines are fine
        if len(invitations) + len(problems) >= MAX_ROWS:
            problems.append(Problem(line, None, f"more than {MAX_ROWS} rows; split the file"))
            break
        if len(cells) != len(header):
            problems.append(Problem(line, None, f"{len(cells)} cells, expected {len(header)}"))
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        problem = _row_problem(row, line, languages)
        if problem is None and row["id"] in seen_ids:
            problem = Problem(line, "id", f"{row['id']!r} already on line {seen_ids[row['id']]}")
        email = row["email"].lower()
        if problem is None and email and email in seen_emails:
            problem = Problem(line, "email", f"already on line {seen_emails[email]}")
        if problem is not None:
            problems.append(problem)
            continue
        seen_ids[row["id"]] = line
        if email:
            seen_emails[email] = line
        invitations.append(Invitation(row["id"], row["display_name"], email or None, row["team"],
                                      row["lang"].lower() or languages[0]))
    return invitations, problems


def _row_problem(row: dict[str, str], line: int, languages: list[str]) -> Problem | None:
    for column in COLUMNS:
        value = row[column]
        if _CONTROL.search(value):
            return Problem(line, column, "contains control or direction characters")
        if len(value) > MAX_CELL[column]:
            return Problem(line, column, f"too long ({len(value)} characters, at most {MAX_CELL[column]})")
        if value.startswith(_FORMULA):
            return Problem(line, column, f"starts with {value[0]!r}, which a spreadsheet runs as a formula")
    for column in ("id", "display_name", "team"):
        if not row[column]:
            return Problem(line, column, "empty")
    if not _ID.match(row["id"]):
        return Problem(line, "id", "letters, digits and : . _ - only")
    if row["email"] and not _EMAIL.match(row["email"]):
        return Problem(line, "email", f"{row['email'][:60]!r} is not an e-mail address")
    if row["lang"] and row["lang"].lower() not in languages:
        return Problem(line, "lang", f"{row['lang'][:8]!r} is not one of {', '.join(languages)}")
    return None
