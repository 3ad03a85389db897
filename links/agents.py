"""Who asked: a coarse class of the user agent, and whether it is a bot or a link preview.

Link-preview fetchers open every shared link before any person does (ECOSYSTEM.md (9)):
they get the same 302, but are never counted as clicks. Only the class is kept, never the
user-agent string.
"""

from __future__ import annotations

import re

# Preview fetchers, crawlers and scripted clients. "WhatsApp/" is the preview fetcher's agent;
# a person opening a link in WhatsApp's in-app browser sends a browser agent.
_BOT = re.compile(
    r"bot\b|bot/|spider|crawl|slurp|preview|facebookexternalhit|facebookcatalog|whatsapp|"
    r"telegram|discord|slack|skypeuri|embedly|quora link|pinterest|vkshare|w3c_validator|"
    r"bitlybot|tumblr|redditbot|mastodon|akkoma|pleroma|misskey|bluesky|cardyb|iframely|"
    r"headless|phantomjs|lighthouse|curl/|wget/|python-|httpx|aiohttp|go-http-client|java/|"
    r"okhttp|libwww|node-fetch|axios|scrapy|http_request|feedfetcher|validator|monitor|"
    r"uptime|check_http|apache-httpclient|^$",
    re.IGNORECASE)
_MOBILE = re.compile(r"mobile|android|iphone|ipad|ipod|windows phone|opera mini", re.IGNORECASE)
_BROWSER = re.compile(r"mozilla/|opera/", re.IGNORECASE)
MAX_AGENT = 1024


def agent_class(user_agent: str | None, method: str = "GET") -> str:
    """'bot' (previews, crawlers, scripts, HEAD requests, no agent), 'mobile', 'desktop' or 'other'."""
    agent = (user_agent or "").strip()[:MAX_AGENT]
    if method.upper() == "HEAD" or _BOT.search(agent):
        return "bot"
    if _MOBILE.search(agent):
        return "mobile"
    if _BROWSER.search(agent):
        return "desktop"
    return "other"
