"""Retention limits and erasure: personal records are kept for a bounded time and can be removed.

Both run inside the caller's transaction and return how many rows each table lost.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from store import daily
from store.connect import Store
from store.search import cluster


def _delete(db: Store, sql: str, params: list | dict) -> int:
    rows = db._rows(sql, params)
    return int(rows[0][0]) if rows else 0


def purge_expired(db: Store, retention_days: int, now: datetime) -> dict[str, int]:
    """Delete what is older than `retention_days`; erase employees who withdrew before that."""
    cutoff = now - timedelta(days=retention_days)
    gone: dict[str, int] = {}
    withdrawn = [row[0] for row in db._rows(
        "SELECT id FROM employees WHERE withdrawn_at IS NOT NULL AND withdrawn_at < ?", [cutoff]
    )]
    # An invitation never accepted within the limit goes too (its name and e-mail with it).
    withdrawn += [row[0] for row in db._rows(
        "SELECT id FROM employees WHERE employee_state(opted_in_at, withdrawn_at) = 'invited' "
        "AND invited_at < ?", [cutoff]
    )]
    for employee_id in withdrawn:
        for table, n in erase_employee(db, employee_id).items():
            gone[table] = gone.get(table, 0) + n
    old = "SELECT id FROM mentions WHERE created_at < ?"
    steps = {
        "scores": (f"DELETE FROM scores WHERE mention_id IN ({old})", [cutoff]),
        "corrections": (f"DELETE FROM corrections WHERE mention_id IN ({old})", [cutoff]),   # 0015
        "shares": ("DELETE FROM shares WHERE shared_at < ?", [cutoff]),
        "mention_tokens": (f"DELETE FROM mention_tokens WHERE mention_id IN ({old})", [cutoff]),
        # Mentions not yet indexed (migration 0026) go too, before the mentions themselves.
        "mention_tokens_pending": (f"DELETE FROM mention_tokens_pending WHERE mention_id IN ({old})", [cutoff]),
        "mentions": ("DELETE FROM mentions WHERE created_at < ?", [cutoff]),
        "clicks": ("DELETE FROM clicks WHERE clicked_at < ?", [cutoff]),
        "link_hits": ("DELETE FROM link_hits WHERE hit_at < ?", [cutoff]),
        "authors": ("DELETE FROM authors WHERE last_seen < ?", [cutoff]),
        "alerts": ("DELETE FROM alerts WHERE ends_at < ?", [cutoff]),
        "volume_counts": ("DELETE FROM volume_counts WHERE hour < ?", [cutoff]),   # 0015
        "share_links": ("DELETE FROM share_links l WHERE created_at < ? AND NOT EXISTS "
                        "(SELECT 1 FROM clicks c WHERE c.code = l.code)", [cutoff]),
        "share_link_tracking": ("DELETE FROM share_link_tracking t WHERE NOT EXISTS "
                                "(SELECT 1 FROM share_links l WHERE l.code = t.code)", []),
        "runs": ("DELETE FROM runs WHERE started_at < ?", [cutoff]),
        "digest_sends": ("DELETE FROM digest_sends WHERE updated_at < ?", [cutoff]),
        "digest_posts": ("DELETE FROM digest_posts WHERE updated_at < ?", [cutoff]),
        # Incidents and their push journal (migration 0014) go with the alerts they merge.
        "incidents": ("DELETE FROM incidents WHERE ends_at < ?", [cutoff]),
        "incident_pushes": ("DELETE FROM incident_pushes WHERE updated_at < ?", [cutoff]),
        # Signals of subjects that are gone go with them (the next refresh recomputes the rest).
        "advocacy": ("DELETE FROM advocacy a WHERE (a.subject_kind = 'author' AND a.subject_id NOT IN "
                     "(SELECT id FROM authors)) OR (a.subject_kind = 'employee' AND a.subject_id NOT IN "
                     "(SELECT id FROM employees)) OR a.computed_at < ?", [cutoff]),
    }
    for table, (sql, params) in steps.items():
        gone[table] = gone.get(table, 0) + _delete(db, sql, params)
    daily.forget_before(db, cutoff)     # the daily counts lose the purged days (migration 0021)
    # The explorer's word index read fast only while sorted (store/search.py): purge re-sorts it.
    cluster(db)
    return gone


def erase_employee(db: Store, employee_id: str) -> dict[str, int]:
    """Remove one employee everywhere: enrolment (e-mail included), consent events, handles,
    their posts and their scores, shares,
    links, clicks, signals, collection cursors, proposals and likes; their handles and name are cut out of the runs
    journal and their posts out of alerts.

    "Their posts" and "their author rows" are the store's `employee_posts` and
    `employee_authors` views: the same rule that coaching and signals read with.
    """
    handles = [row[0] for row in db._rows(
        "SELECT handle FROM employee_handles WHERE employee_id = ?", [employee_id])]
    names = [row[0] for row in db._rows(
        "SELECT display_name FROM employees WHERE id = ?", [employee_id])]
    posts = "SELECT id FROM employee_posts WHERE employee_id = $id"
    shared = "SELECT mention_id FROM shares WHERE employee_id = $id"
    authors = "SELECT id FROM employee_authors WHERE employee_id = $id"
    steps = {
        "scores": (f"DELETE FROM scores WHERE mention_id IN ({posts}) OR mention_id IN ({shared})", {}),
        # The team's corrections of their posts (0015); a correction signed with their name
        # loses the name.
        "corrections": (f"DELETE FROM corrections WHERE mention_id IN ({posts}) OR mention_id IN ({shared})",
                        {}),
        "advocacy": (f"""DELETE FROM advocacy WHERE (subject_kind = 'employee' AND subject_id = $id)
                         OR (subject_kind = 'author' AND subject_id IN ({authors}))""", {}),
        # The explorer's word index of those posts (migration 0017), before the posts themselves.
        "mention_tokens": (f"DELETE FROM mention_tokens WHERE mention_id IN ({posts}) OR mention_id IN ({shared})",
                           {}),
        # And those not yet indexed (migration 0026): erasure leaves nothing.
        "mention_tokens_pending": (f"DELETE FROM mention_tokens_pending WHERE mention_id IN ({posts}) "
                                   f"OR mention_id IN ({shared})", {}),
        "mentions": (f"DELETE FROM mentions WHERE id IN ({posts}) OR id IN ({shared})", {}),
        "shares": ("DELETE FROM shares WHERE employee_id = $id", {}),
        "authors": (f"DELETE FROM authors WHERE id IN ({authors})", {}),
        "clicks": ("DELETE FROM clicks WHERE code IN (SELECT code FROM share_links WHERE employee_id = $id)",
                   {}),
        "link_hits": ("DELETE FROM link_hits WHERE code IN (SELECT code FROM share_links WHERE employee_id = $id)",
                      {}),
        "share_link_tracking": ("DELETE FROM share_link_tracking WHERE code IN "
                                "(SELECT code FROM share_links WHERE employee_id = $id)", {}),
        "share_links": ("DELETE FROM share_links WHERE employee_id = $id", {}),
        # Share collection keeps one cursor per declared handle ("x:<handle>", "reddit:<handle>"),
        # under "shares" and under the network it reads through: any cursor naming a handle goes.
        "cursors": ("""DELETE FROM cursors WHERE (source = 'shares' AND handle_key(
                           substr(query, strpos(query, ':') + 1)) IN
                           (SELECT handle FROM employee_handles WHERE employee_id = $id))
                           OR regexp_matches(query, $words) OR regexp_matches(state::VARCHAR, $words)""",
                    {"words": _words_pattern(handles)}),
    }
    erased = [row[0] for row in db._rows(f"{posts} UNION {shared}", {"id": employee_id})]
    days = daily.days_of(db, erased)     # recounted once they are gone (migration 0021)
    gone = {"alerts": _drop_from_alerts(db, erased)}
    # Incidents citing their posts lose them and their drivers (recomputed without them) — migration 0014.
    from store.incidents import drop_erased_mentions  # noqa: PLC0415

    gone["incidents"] = drop_erased_mentions(db, erased)
    gone.update({table: _delete(db, sql, {"id": employee_id, **params})
                 for table, (sql, params) in steps.items()})
    gone["runs"] = _scrub_runs(db, [employee_id, *handles, *names])
    gone["corrections"] += _delete(db, "UPDATE corrections SET corrected_by = 'erased' "
                                       "WHERE list_contains($who, corrected_by)",
                                   {"who": [employee_id, *names]})
    gone["employee_handles"] = _delete(db, "DELETE FROM employee_handles WHERE employee_id = ?",
                                       [employee_id])
    # Their proposals, the likes on them, and the likes they gave (migration 0010).
    gone["proposal_likes"] = _delete(db, "DELETE FROM proposal_likes WHERE employee_id = $id OR proposal_id IN "
                                         "(SELECT id FROM proposals WHERE employee_id = $id)", {"id": employee_id})
    gone["proposals"] = _delete(db, "DELETE FROM proposals WHERE employee_id = ?", [employee_id])
    # The record of their consents goes with them (the e-mail goes with the employees row).
    gone["consent_events"] = _delete(db, "DELETE FROM consent_events WHERE employee_id = ?", [employee_id])
    # Their weekly digest journal (the address it went to is in the employees row).
    gone["digest_sends"] = _delete(db, "DELETE FROM digest_sends WHERE employee_id = ?", [employee_id])
    gone["employees"] = _delete(db, "DELETE FROM employees WHERE id = ?", [employee_id])
    daily.recount_days(db, days)
    daily.recount_own_voice(db)          # their handles leave the daily tables' own-voice record
    return gone


def _drop_from_alerts(db: Store, mention_ids: list[str]) -> int:
    """Take erased mentions out of the alerts that cite them (the alert itself stays)."""
    if not mention_ids:
        return 0
    return _delete(db, "UPDATE alerts SET mention_ids = list_filter(mention_ids, "
                       "lambda x: NOT list_contains($gone, x)) WHERE len(list_intersect(mention_ids, $gone)) > 0",
                   {"gone": mention_ids})


_RE2_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")
_NOTHING = "a^"   # an RE2 pattern that matches nothing


def _words_pattern(words: list[str]) -> str:
    """An RE2 pattern matching any of `words` as a whole word (an optional "@" before), any case."""
    words = [w.strip() for w in words if w and w.strip()]
    if not words:
        return _NOTHING
    alternatives = "|".join(_RE2_SPECIAL.sub(r"\\\1", w) for w in sorted(words, key=len, reverse=True))
    return rf"(?i)(^|[^\w])@?({alternatives})([^\w]|$)"


def _scrub_runs(db: Store, words: list[str]) -> int:
    """Cut these words (an id, handles, a name) out of the runs journal's messages."""
    words = [w for w in words if w and w.strip()]
    if not words:
        return 0
    pattern = "(?i)" + "|".join(_RE2_SPECIAL.sub(r"\\\1", w) for w in sorted(words, key=len, reverse=True))
    return _delete(db, "UPDATE runs SET message = regexp_replace(message, $p, '[erased]', 'g') "
                       "WHERE regexp_matches(message, $p)", {"p": pattern})
