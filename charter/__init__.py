"""The social-media charter as data, a checker that explains itself, and coaching built from it.

Public API: `Checker` (check drafts), `load_charter`/`default_charter` (the clauses),
`checker_from_settings`/`checker_from_config` (from ambassade.toml), `render_report`,
and in `charter.coaching`: `employee_cards`, `team_themes`.
"""

from charter.check import MAX_DRAFT_CHARS, Checker
from charter.loader import default_charter, load_charter
from charter.model import CATEGORIES, SEVERITIES, Charter, CheckResult, Clause, Finding

__all__ = [
    "CATEGORIES", "MAX_DRAFT_CHARS", "SEVERITIES", "Charter", "CheckResult", "Checker", "Clause",
    "Finding", "default_charter", "load_charter",
]
