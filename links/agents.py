"""Who asked: a coarse class of the user agent, and whether it is a bot or a link preview.

Link-preview fetchers open every shared link before any person does (ECOSYSTEM.md (9)):
they get the same 302, but are never counted as clicks. Only the class is kept, never the
user-agent string.
"""

from __future__ import annotations

from functools import lru_cache

# Preview fetchers, crawlers and scripted clients, as lower-case substrings (a substring test
# is ~10× faster than one big case-insensitive regex, and this runs on every click).
# "whatsapp/" is the preview fetcher's agent; a person opening a link in WhatsApp's in-app
# browser sends a browser agent.
_BOT_TOKENS = (
    "bot/", "bot;", "bot ", "bot)", "bot-", "bot,", "spider", "crawl", "slurp", "preview",
    "facebookexternalhit", "facebookcatalog", "whatsapp", "telegram", "discord", "slack",
    "skypeuri", "embedly", "quora link", "pinterest", "vkshare", "validator", "tumblr",
    "mastodon", "akkoma", "pleroma", "misskey", "bluesky", "cardyb", "iframely", "headless",
    "phantomjs", "lighthouse", "curl/", "wget/", "python-", "httpx", "aiohttp", "go-http-client",
    "java/", "okhttp", "libwww", "node-fetch", "axios", "scrapy", "http_request", "feedfetcher",
    "monitor", "uptime", "check_http", "apache-httpclient", "http.rb",
)
_MOBILE_TOKENS = ("mobile", "android", "iphone", "ipad", "ipod", "windows phone", "opera mini")
MAX_AGENT = 1024


def agent_class(user_agent: str | None, method: str = "GET") -> str:
    """'bot' (previews, crawlers, scripts, HEAD requests, no agent), 'mobile', 'desktop' or 'other'."""
    if method.upper() == "HEAD":
        return "bot"
    return _agent_class((user_agent or "")[:MAX_AGENT])


@lru_cache(maxsize=4096)     # the same few hundred agents make most requests
def _agent_class(agent: str) -> str:
    lowered = agent.strip().lower()
    if not lowered or lowered.endswith("bot") or any(t in lowered for t in _BOT_TOKENS):
        return "bot"
    if any(t in lowered for t in _MOBILE_TOKENS):
        return "mobile"
    if lowered.startswith(("mozilla/", "opera/")):
        return "desktop"
    return "other"
