"""The URL a suggested text links to: the employee's own tracked share link when the redirector
is configured (`[links] base_url`), else the content's canonical URL (which share detection
recognises too). One function, so every suggested text links the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ambassade.errors import InputError
from ambassade.settings import Settings
from links.share import share_url
from store.connect import Store
from store.library import content_url
from store.links import share_link_for


def share_urls_for(db: Store, settings: Settings | None, employee_id: str, content_id: str,
                   networks: Sequence[str], now: datetime) -> dict[str, str]:
    """network -> the URL `employee_id` should share for `content_id` there.

    With `[links] base_url`, the employee's one link per content and network (minted the first
    time): `<base_url>/l/<code>`, redirecting with UTM parameters and counting clicks.
    """
    url = content_url(db, content_id)
    if url is None:
        raise InputError(f"no content with id {content_id!r}")
    base = settings.links.base_url if settings is not None else None
    if not base:
        return dict.fromkeys(networks, url)
    return {n: share_url(base, share_link_for(db, employee_id, content_id, n, now).code) for n in networks}
