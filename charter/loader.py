"""Reading the default charter and a company's own file, merged clause by clause and check by check."""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ambassade.errors import ConfigError
from ambassade.files import NotRegularFile, TooLarge, read_regular
from charter.model import Charter

MAX_CHARTER_BYTES = 2_000_000


def default_charter_text() -> str:
    """The TOML text of the charter shipped with Ambassade."""
    return resources.files("charter").joinpath("data/charter.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _default_data() -> dict[str, Any]:
    return tomllib.loads(default_charter_text())


def default_charter() -> Charter:
    """Ambassade's own charter, in French and English."""
    return _validate(copy.deepcopy(_default_data()), "default charter")


def load_charter(path: str | Path | None = None) -> Charter:
    """The default charter, overridden and extended by the company file at `path` if given."""
    data = copy.deepcopy(_default_data())
    if path is None:
        return _validate(data, "default charter")
    path = Path(path)
    override = _read_toml(path)
    return _validate(merge_charters(data, override), str(path))


def merge_charters(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`: clauses and checks matched by id, given fields replace ours."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key == "clauses":
            merged["clauses"] = _merge_by_id(merged.get("clauses", []), value, _merge_clause)
        elif key in ("meta", "coaching") and isinstance(value, dict):
            meta = merged.setdefault(key, {})
            for lang, fields in value.items():
                if isinstance(fields, dict) and isinstance(meta.get(lang), dict):
                    meta[lang] = {**meta[lang], **fields}
                else:
                    meta[lang] = fields
        else:
            merged[key] = value
    merged["clauses"] = [c for c in merged.get("clauses", [])
                         if not (isinstance(c, dict) and c.get("enabled") is False)]
    for clause in merged["clauses"]:
        if isinstance(clause, dict) and isinstance(clause.get("checks"), list):
            clause["checks"] = [k for k in clause["checks"] if not (isinstance(k, dict) and k.get("enabled") is False)]
    return merged


def _merge_by_id(ours: list, theirs: Any, merge_one) -> list:
    if not isinstance(theirs, list):
        raise ConfigError("charter: `clauses` and `checks` must be arrays of tables ([[clauses]])")
    result = list(ours)
    index = {item.get("id"): i for i, item in enumerate(result) if isinstance(item, dict)}
    for item in theirs:
        if not isinstance(item, dict) or not item.get("id"):
            raise ConfigError("charter: every clause and check needs an `id`")
        if item["id"] in index:
            position = index[item["id"]]
            result[position] = merge_one(result[position], item)
        else:
            index[item["id"]] = len(result)
            result.append(item)
    return result


def _merge_clause(ours: dict, theirs: dict) -> dict:
    merged = dict(ours)
    for key, value in theirs.items():
        if key == "checks":
            merged["checks"] = _merge_by_id(ours.get("checks", []), value, lambda a, b: {**a, **b})
        elif key in ("fr", "en") and isinstance(value, dict) and isinstance(ours.get(key), dict):
            merged[key] = {**ours[key], **value}
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_regular(path, MAX_CHARTER_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: charter file not found ([charter] path)") from None
    except TooLarge:
        raise ConfigError(f"{path}: too large for a charter file (over 2 MB)") from None
    except NotRegularFile as exc:
        raise ConfigError(f"{exc}; [charter] path must name a regular TOML file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: charter file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML in charter file: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read charter file ({exc.strerror})") from None


def _validate(data: dict[str, Any], where: str) -> Charter:
    try:
        charter = Charter.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{where}: bad charter at {location}: {error['msg']}") from None
    ids = [c.id for c in charter.clauses]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ConfigError(f"{where}: duplicate clause id {sorted(duplicates)[0]!r}")
    return charter
