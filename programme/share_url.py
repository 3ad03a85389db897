"""The URL a suggested text links to: one function, so tracked share links can replace it.

This is the seam the tracked-links work (issue 11: `store.links.share_link_for` and
`links.share.share_url`) replaces: it will mint or reuse the employee's share link for this
content and network, and return `https://<links base_url>/l/<code>`. Until then it returns the
content's canonical URL (which share detection recognises too), the same for everyone.
"""

from __future__ import annotations

from datetime import datetime

from ambassade.errors import InputError
from ambassade.settings import Settings
from store.connect import Store
from store.library import content_url


def share_url_for(db: Store, settings: Settings | None, employee_id: str, content_id: str,
                  network: str, now: datetime) -> str:
    """The URL `employee_id` should share for `content_id` on `network` (for now: the canonical URL)."""
    url = content_url(db, content_id)
    if url is None:
        raise InputError(f"no content with id {content_id!r}")
    return url
