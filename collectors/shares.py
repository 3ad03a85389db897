"""Share detection: which employees' public posts carry the company's content or share links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ambassade.model import Mention
from collectors.urls import canonical_url, find_urls, host_of
from store.programme import Content, Employee, Share, ShareLink, normal_handle

# Codes are opaque tokens minted by Ambassade; anything else in /l/ is not one of ours.
# `[links] base_url` may carry a path (https://exemple.fr/go): /go/l/<code> is one of ours too.
_CODE_PATH = re.compile(r"^(?:/(?!\.\.?/)[A-Za-z0-9._~-]+)*/l/([A-Za-z0-9_-]{4,64})/?$")
# Networks show links shortened, without their scheme ("go.exemple.fr/l/Ab3d…" pasted as
# "go.exemple.fr/l/Ab3dEf9hJk2M"): a link host followed by /l/<code> counts without http(s)://.
_BARE_LINK = re.compile(r"(?<![\w./:@-])((?:[a-z0-9-]+\.)+[a-z]{2,63}(?:/[A-Za-z0-9._~-]+)*/l/[A-Za-z0-9_-]{4,64})(?![\w-])",
                        re.IGNORECASE)


def link_urls(text: str | None) -> list[str]:
    """The http(s) URLs of `text`, then its scheme-less share links (as https:// URLs)."""
    found = find_urls(text)
    if text:
        found += ["https://" + m.group(1) for m in _BARE_LINK.finditer(text)]
    return found


def share_code(url: str, link_host: str | None) -> str | None:
    """The code of an Ambassade share link `https://<link_host>/l/<code>`, else None.

    With `link_host` None, a /l/<code> path on any host counts (the caller then checks the
    code against the codes it minted)."""
    host = host_of(url)
    if host is None or (link_host is not None and host != link_host.lower()):
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _CODE_PATH.match(path)
    return match.group(1) if match else None


def detect_shares(
    mentions: Iterable[Mention],
    handles: Mapping[tuple[str, str], str],
    content_by_canonical_url: Mapping[str, Content],
    share_codes: Mapping[str, ShareLink],
    link_host: str | None = None,
) -> list[Share]:
    """One Share per post by a declared employee handle that links to known content.

    A known share-link code wins over a plain content URL (it says which link was clicked);
    the first such URL in the post decides. Posts by anyone else are ignored.
    """
    shares: dict[str, Share] = {}
    for mention in mentions:
        employee_id = handles.get((mention.source, normal_handle(mention.author)))
        if employee_id is None or mention.id in shares:
            continue
        share = _share_in(mention, employee_id, content_by_canonical_url, share_codes, link_host)
        if share is not None:
            shares[mention.id] = share
    return list(shares.values())


def _share_in(mention: Mention, employee_id: str, content: Mapping[str, Content],
              share_codes: Mapping[str, ShareLink], link_host: str | None) -> Share | None:
    urls = link_urls(mention.text)
    by_content: Content | None = None
    for url in urls:
        code = share_code(url, link_host)
        if code is not None and code in share_codes:
            link = share_codes[code]
            return Share(mention_id=mention.id, employee_id=employee_id,
                         content_id=link.content_id, network=mention.source,
                         shared_at=mention.created_at, code=code)
        if by_content is None:
            by_content = content.get(canonical_url(url))
    if by_content is None:
        return None
    return Share(mention_id=mention.id, employee_id=employee_id, content_id=by_content.id,
                 network=mention.source, shared_at=mention.created_at)


def employee_post_allowed(mention: Mention, employee: Employee,
                          content_by_canonical_url: Mapping[str, Content],
                          share_codes: Mapping[str, ShareLink], link_host: str | None) -> bool:
    """Whether collection may keep a post from an employee's declared handle.

    Only posts made while opted in, and only those that name the brand (`mention.matched`),
    link to the company's content or carry one of its share codes: the rest of what an
    employee posts is none of the programme's business and is never stored.
    """
    if mention.created_at < employee.opted_in_at:
        return False
    if employee.withdrawn_at is not None and mention.created_at >= employee.withdrawn_at:
        return False
    return bool(mention.matched) or carries_company_link(
        mention, content_by_canonical_url, share_codes, link_host)


def carries_company_link(mention: Mention, content_by_canonical_url: Mapping[str, Content],
                         share_codes: Mapping[str, ShareLink], link_host: str | None) -> bool:
    """Whether the post links to known content or carries a known share code."""
    for url in link_urls(mention.text):
        code = share_code(url, link_host)
        if (code is not None and code in share_codes) or canonical_url(url) in content_by_canonical_url:
            return True
    return False


def consented_shares(mentions: Iterable[Mention], programme) -> list[Share]:
    """Shares among brand-listening posts (Mastodon, Bluesky, Jetstream): only by a handle an
    employee declared, only while they were enrolled with the shares scope (`programme` holds
    no one else), only when the post links to the company's content or a share code.

    `programme` is a `store.programme.Programme`, or None (a dry run: no shares).
    """
    if programme is None or not programme.handles:
        return []
    allowed = []
    for mention in mentions:
        employee_id = programme.handles.get((mention.source, normal_handle(mention.author)))
        employee = programme.employees.get(employee_id) if employee_id else None
        if employee is not None and employee_post_allowed(mention, employee, programme.content,
                                                          programme.codes, programme.link_host):
            allowed.append(mention)
    return detect_shares(allowed, programme.handles, programme.content, programme.codes,
                         programme.link_host)
