"""Typed settings: `ambassade.toml` (everything but secrets) plus secrets from the environment.

Where the config file is: `--config`, else `AMBASSADE_CONFIG`, else `ambassade.toml` in the
working directory. Where the database is: `--db`, else `AMBASSADE_DB`, else `[store] path`.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ambassade.errors import ConfigError
from ambassade.files import NotRegularFile, TooLarge, read_regular
# Where things are (no pydantic: every command line call reads them), kept importable from here.
from ambassade.locations import DEFAULT_CONFIG_NAME as DEFAULT_CONFIG_NAME
from ambassade.locations import DEFAULT_DB_PATH
from ambassade.locations import DEFAULT_LOCK_RETRY_SECONDS as DEFAULT_LOCK_RETRY_SECONDS
from ambassade.locations import SECRETS as SECRETS
from ambassade.locations import config_path as config_path
from ambassade.locations import lock_retry_seconds as lock_retry_seconds
from ambassade.locations import resolve_db_path as resolve_db_path
from ambassade.locations import secret as secret

MAX_CONFIG_BYTES = 1_000_000
_EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")
# Bounds that keep dates and timers representable (a timedelta of 1e20 minutes overflows).
MAX_MINUTES = 366 * 24 * 60          # an interval or backoff of at most a year
MAX_RETENTION_DAYS = 100 * 366       # a century


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Competitor(_Section):
    """One competitor of `[brand] competitors`: matched at ingest like the brand's own terms."""

    name: str = Field(min_length=1, max_length=100)
    terms: list[str] = Field(min_length=1, max_length=50)

    @field_validator("terms")
    @classmethod
    def _no_blank_competitor_terms(cls, terms: list[str]) -> list[str]:
        if any(not t.strip() or len(t) > 200 for t in terms):
            raise ValueError("terms must not be blank or longer than 200 characters")
        return terms


# `[brand] own_accounts`: "<network>:<handle>", e.g. "x:@maisonlemoine", "reddit:u/MaisonLemoine".
OWN_ACCOUNT_NETWORKS = ("x", "reddit", "mastodon", "bluesky")
_OWN_ACCOUNT = re.compile(r"^(?P<network>[a-z]+):(?P<handle>\S{1,200})$")


def own_account_key(entry: str) -> tuple[str, str]:
    """(source, handle) of one `own_accounts` entry, the handle as the store keys it (handle_key:
    no "@", lower-case; Reddit's "u/" or "/u/" dropped); ValueError naming what is wrong."""
    found = _OWN_ACCOUNT.match(entry.strip())
    if not found:
        raise ValueError(f"{entry[:60]!r} is not \"<network>:<handle>\" (e.g. \"x:@maisonlemoine\")")
    network, handle = found["network"], found["handle"]
    if network not in OWN_ACCOUNT_NETWORKS:
        raise ValueError(f"{entry[:60]!r}: unknown network {network!r} "
                         f"(networks: {', '.join(OWN_ACCOUNT_NETWORKS)})")
    if network == "reddit":
        handle = re.sub(r"^/?u/", "", handle)
    handle = handle.lstrip("@").lower()
    if not handle:
        raise ValueError(f"{entry[:60]!r}: the handle is empty")
    return network, handle


class BrandSettings(_Section):
    name: str = Field(min_length=1)
    terms: list[str] = Field(min_length=1)
    exclude: list[str] = []
    confidential_terms: list[str] = []
    languages: list[str] = ["fr", "en"]
    timezone: str = "Europe/Paris"          # weeks, Monday deliveries and dates of the exports
    # Share of voice (README "Share of voice"): each competitor's name and the terms that name it.
    competitors: list[Competitor] = Field(default=[], max_length=20)
    # The company's own accounts, "<network>:<handle>": not public mentions unless asked for.
    own_accounts: list[str] = Field(default=[], max_length=200)

    @field_validator("competitors", mode="before")
    @classmethod
    def _competitors_table(cls, value: object) -> object:
        # `[brand.competitors]` "Name" = ["term", …] is the short form of the list of tables.
        if isinstance(value, dict):
            return [{"name": name, "terms": terms} for name, terms in value.items()]
        return value

    @field_validator("competitors")
    @classmethod
    def _unique_competitors(cls, competitors: list[Competitor]) -> list[Competitor]:
        seen: set[str] = set()
        for competitor in competitors:
            key = competitor.name.casefold()
            if key in seen:
                raise ValueError(f"competitor {competitor.name!r} is named twice")
            seen.add(key)
        return competitors

    @field_validator("own_accounts")
    @classmethod
    def _own_account_form(cls, accounts: list[str]) -> list[str]:
        for entry in accounts:
            own_account_key(entry)
        return accounts

    @model_validator(mode="after")
    def _competitor_is_not_the_brand(self) -> BrandSettings:
        for competitor in self.competitors:
            if competitor.name.casefold() == self.name.casefold():
                raise ValueError(f"competitor {competitor.name!r} is the brand itself")
        return self

    def own_account_keys(self) -> list[tuple[str, str]]:
        """(source, handle) of every own account, as the store keys handles."""
        return list(dict.fromkeys(own_account_key(entry) for entry in self.own_accounts))

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (an IANA name such as Europe/Paris)") from None
        return name

    @field_validator("terms", "exclude", "confidential_terms")
    @classmethod
    def _no_blank_terms(cls, terms: list[str]) -> list[str]:
        if any(not t.strip() for t in terms):
            raise ValueError("terms must not be blank")
        return terms


class RedditSettings(_Section):
    queries: list[str] = []
    subreddits: list[str] = ["all"]
    comment_subreddits: list[str] = []
    user_agent: str = "ambassade/0.1 (brand listening)"
    oauth_url: str | None = None
    reddit_url: str | None = None
    interval_minutes: int = Field(default=30, ge=1, le=MAX_MINUTES)
    keep_all_comments: bool = False         # else comments are kept when they match [brand]
    timeout_seconds: int = Field(default=16, ge=1)
    rss_fallback: bool = True               # no API key: read the public RSS feeds instead
    rss_min_interval_seconds: float = Field(default=10, ge=0)


class XSettings(_Section):
    queries: list[str] = []
    monthly_read_budget: int = Field(default=10_000, ge=0)
    cost_per_read_usd: float = Field(default=0.005, ge=0)
    interval_minutes: int = Field(default=60, ge=1, le=MAX_MINUTES)
    include_retweets: bool = False          # pure retweets are amplification, not new mentions
    # Hourly volumes of queries too broad to read in full (tweet counts, billed per request,
    # not per post): spike detection watches each as its own series (README "X volume counts").
    counts_queries: list[str] = Field(default=[], max_length=20)
    counts_interval_minutes: int = Field(default=60, ge=15)

    @field_validator("counts_queries")
    @classmethod
    def _counts_query_form(cls, queries: list[str]) -> list[str]:
        if any(not q.strip() or len(q) > 1024 for q in queries):
            raise ValueError("queries must not be blank or longer than 1024 characters")
        return list(dict.fromkeys(queries))


class RssSettings(_Section):
    feeds: list[str] = []
    content_feeds: list[str] = []
    interval_minutes: int = Field(default=30, ge=1, le=MAX_MINUTES)
    fetch_deadline_seconds: float = Field(default=90, ge=1, le=3600)  # one whole feed, headers to last byte


class ScheduleSettings(_Section):
    jitter: float = Field(default=0.2, ge=0, lt=1)      # each interval is drawn in ±20 %
    max_backoff_minutes: int = Field(default=360, ge=1, le=MAX_MINUTES)
    sources: list[str] = []                             # empty: every built-in source
    score_minutes: int = Field(default=15, ge=0, le=MAX_MINUTES)        # scoring pass; 0 turns it off


class LinksSettings(_Section):
    base_url: str | None = None      # where `ambassade links serve` answers /l/<code>, e.g. https://go.exemple.fr
    # Tracked share links (issue 11); README "Share links and the redirector" explains each key.
    utm_campaign: str = Field(default="ambassadeurs", pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    cost_per_click: float = Field(default=0.5, ge=0)       # earned-media value of one human click
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    daily_share_cap: int = Field(default=3, ge=1, le=100)  # shares per employee per day that count
    dedupe_minutes: int = Field(default=30, ge=0, le=24 * 60)  # one visitor's repeats count once
    expire_days: int = Field(default=365, ge=1, le=3650)   # a link stops redirecting after this
    spool: str | None = None         # click spool folder (relative to this file); default: beside the database
    spool_fsync_each: bool = False   # fsync before each 302 (else every 0.2 s; a kill -9 loses nothing either way)
    refresh_seconds: float = Field(default=30, ge=1, le=3600)  # the redirector reloads its code map
    ingest_minutes: int = Field(default=5, ge=1, le=MAX_MINUTES)           # `ambassade schedule` ingests the spool
    points_per_share: int = Field(default=10, ge=0)
    points_per_click: int = Field(default=1, ge=0)
    coordination_hours: float = Field(default=2, gt=0, le=72)  # identical public posts within this window
    coordination_accounts: int = Field(default=3, ge=2)        # …from at least this many accounts

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, url: str | None) -> str | None:
        if url is not None and not url.lower().startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return url


class ExportSettings(_Section):
    """The managers' weekly files (`ambassade export weekly`, every Monday in `schedule`)."""

    managers: dict[str, list[str]] = {}   # team -> e-mail addresses of its managers
    locale: str = Field(default="fr", pattern="^(fr|en)$")   # fr: ';' and 1,5 — en: ',' and 1.5
    out: str = "exports"                   # folder of the files, relative to the config file
    send_weekday: int = Field(default=0, ge=0, le=6)        # 0 = Monday
    send_hour: int = Field(default=7, ge=0, le=23)          # local time ([brand] timezone)
    top_public: int = Field(default=10, ge=1, le=100)       # public ambassadors/detractors listed
    retries: int = Field(default=3, ge=0, le=20)            # delivery attempts after the first

    @field_validator("managers")
    @classmethod
    def _addresses(cls, managers: dict[str, list[str]]) -> dict[str, list[str]]:
        for team, addresses in managers.items():
            for address in addresses:
                if not _EMAIL.fullmatch(address):
                    raise ValueError(f"team {team!r}: {address!r} is not an e-mail address")
        return managers


class SmtpSettings(_Section):
    """Outgoing mail; the password comes from AMBASSADE_SMTP_PASSWORD, never from this file."""

    host: str | None = None
    port: int = Field(default=587, ge=1, le=65535)
    username: str | None = None
    sender: str | None = None              # From: address
    starttls: bool = True
    timeout_seconds: float = Field(default=20, gt=0, le=300)


class ProgrammeSettings(_Section):
    """The employees' programme: content governance and suggestions (README "The programme")."""

    networks: list[str] = ["linkedin", "x", "bluesky", "mastodon"]   # suggested texts, one per network
    expiry_days: int = Field(default=120, ge=1, le=3650)     # an approval without --expires lasts this long
    fresh_days: int = Field(default=7, ge=1, le=90)           # "new this week"
    half_life_days: float = Field(default=14.0, gt=0)         # freshness halves every 14 days
    limit: int = Field(default=10, ge=1, le=100)              # suggestions per employee
    mention_min_compound: float = Field(default=0.5, ge=-1, le=1)   # a public mention worth amplifying
    page_max_bytes: int = Field(default=2_000_000, ge=10_000, le=20_000_000)   # `content add URL`

    @field_validator("networks")
    @classmethod
    def _known_networks(cls, networks: list[str]) -> list[str]:
        known = ("linkedin", "x", "bluesky", "mastodon", "facebook")
        unknown = [n for n in networks if n not in known]
        if unknown:
            raise ValueError(f"unknown network {unknown[0]!r} (known: {', '.join(known)})")
        if not networks:
            raise ValueError("name at least one network")
        return list(dict.fromkeys(networks))


class DigestSettings(_Section):
    """The employees' weekly digest (README "The programme"): e-mail to those who chose it and,
    when AMBASSADE_DIGEST_WEBHOOK is set, a post of newly approved content to Slack or Teams."""

    enabled: bool = False                                    # `schedule` sends it only when true
    send_weekday: int = Field(default=0, ge=0, le=6)         # 0 = Monday
    send_hour: int = Field(default=9, ge=0, le=23)           # local time ([brand] timezone)
    suggestions: int = Field(default=3, ge=1, le=10)         # suggestions per e-mail
    retries: int = Field(default=2, ge=0, le=20)             # attempts after the first, per send
    webhook_kind: str = Field(default="slack", pattern="^(slack|teams)$")   # payload shape
    webhook_timeout_seconds: float = Field(default=10, gt=0, le=120)
    webhook_lang: str = Field(default="fr", pattern="^(fr|en)$")          # language of the post


_QUIET = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class AlertsSettings(_Section):
    """Incidents and their pushes (README "Incidents and alerts"). The webhook URL is the secret
    AMBASSADE_ALERTS_WEBHOOK; e-mail goes through [smtp]."""

    merge_gap_hours: float = Field(default=24, ge=0, le=24 * 7)   # alerts this close are one incident
    sensitivity: str = Field(default="normal", pattern="^(low|normal|high)$")  # which severities are pushed
    cooldown_minutes: int = Field(default=60, ge=0, le=24 * 60)   # between two pushes on one channel
    quiet_hours: str = ""                     # "22:00-07:00", [brand] timezone; empty: none
    quiet_min_severity: str = Field(default="high", pattern="^(low|medium|high|never)$")  # still pushed then
    influential_followers: int = Field(default=50_000, ge=0)     # 0: no influential-account push
    push_max_age_hours: float = Field(default=48, gt=0, le=24 * 366)  # older incidents are never pushed
    webhook_kind: str = Field(default="slack", pattern="^(slack|teams)$")
    webhook_timeout_seconds: float = Field(default=10, gt=0, le=120)
    email_to: list[str] = []                  # the crisis desk's addresses
    lang: str = Field(default="fr", pattern="^(fr|en)$")       # pushes and `ambassade alerts` tables
    retries: int = Field(default=4, ge=0, le=20)               # attempts after the first, across passes
    push_minutes: int = Field(default=5, ge=1, le=24 * 60)     # `ambassade schedule` refreshes and pushes
    response_guide: list[str] = Field(default=[], max_length=20)  # replaces the charter's crisis steps

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if value and not _QUIET.fullmatch(value):
            raise ValueError('expected "HH:MM-HH:MM", e.g. "22:00-07:00"')
        return value

    @field_validator("email_to")
    @classmethod
    def _alert_addresses(cls, addresses: list[str]) -> list[str]:
        for address in addresses:
            if not _EMAIL.fullmatch(address):
                raise ValueError(f"{address!r} is not an e-mail address")
        return addresses


class SignInSettings(_Section):
    """OpenID Connect sign-in for the dashboard (README "Sign-in"). Streamlit's `st.login` runs
    it; the client secret and the cookie secret come from AMBASSADE_OIDC_CLIENT_SECRET and
    AMBASSADE_COOKIE_SECRET, never from this file."""

    server_metadata_url: str     # the provider's https://…/.well-known/openid-configuration
    client_id: str = Field(min_length=1, max_length=500)
    redirect_uri: str            # the dashboard's own address + /oauth2callback

    @field_validator("server_metadata_url", "redirect_uri")
    @classmethod
    def _absolute_url(cls, url: str) -> str:
        # https, or http on this machine only (a local provider, a dashboard behind a local proxy)
        lowered = url.lower()
        local = re.match(r"^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", lowered)
        if not (lowered.startswith("https://") or local) or any(c.isspace() for c in url):
            raise ValueError("must be an absolute https:// URL (http:// only on 127.0.0.1 or localhost)")
        return url

    @field_validator("redirect_uri")
    @classmethod
    def _callback(cls, url: str) -> str:
        if not url.rstrip("/").endswith("/oauth2callback"):
            raise ValueError("must end with /oauth2callback (Streamlit's sign-in callback)")
        return url


class DashboardSettings(_Section):
    """Who may see what on the dashboard (README "Sign-in"). Managers and their teams are
    [exports] managers; employees are found by the e-mail of their enrolment record."""

    admins: list[str] = []                  # e-mail addresses of the communications team
    sign_in: SignInSettings | None = None   # without it the dashboard serves only on 127.0.0.1

    @field_validator("admins")
    @classmethod
    def _admin_addresses(cls, admins: list[str]) -> list[str]:
        for address in admins:
            if not _EMAIL.fullmatch(address):
                raise ValueError(f"{address!r} is not an e-mail address")
        return admins


class StoreSettings(_Section):
    path: str = DEFAULT_DB_PATH     # a DuckDB file, or a postgresql:// URL (without its password)

    @field_validator("path")
    @classmethod
    def _no_password(cls, value: str) -> str:
        # The config file is not a secret: a PostgreSQL password comes from PGPASSWORD or
        # ~/.pgpass (or a URL given in AMBASSADE_DB / --db). The message never repeats it.
        if value.startswith(("postgresql://", "postgres://")) and urlsplit(value).password is not None:
            raise ValueError("a password in the URL is refused in the config file "
                             "(set PGPASSWORD or use ~/.pgpass)")
        return value


class UnannouncedEvent(_Section):
    """One entry of the brand's calendar of events not yet announced (closures, openings, launches,
    prices): a draft that names every one of `terms` is a confidentiality block until `until`."""

    what: str = Field(min_length=1, max_length=300)     # shown to the author: what is not yet public
    terms: list[str] = Field(min_length=1, max_length=10)  # all must occur; charter word-list syntax
    until: date                                          # the announcement day: public from then on

    @field_validator("terms")
    @classmethod
    def _no_blank_event_terms(cls, terms: list[str]) -> list[str]:
        if any(not t.strip() for t in terms):
            raise ValueError("terms must not be blank")
        return terms


class CharterSettings(_Section):
    """The social-media charter: an optional company file on top of the default one."""

    path: str | None = None          # company charter TOML; overrides/extends clauses by id
    lang: str = Field(default="fr", pattern="^(fr|en)$")   # coaching language when unclear
    max_chars: int = Field(default=200_000, ge=1, le=1_000_000)  # longest draft checked
    unannounced: list[UnannouncedEvent] = Field(default=[], max_length=500)  # the brand's calendar


class PrivacySettings(_Section):
    min_group_size: int = Field(default=5, ge=2)
    retention_days: int = Field(default=365, ge=1, le=MAX_RETENTION_DAYS)


class ScoringSettings(_Section):
    """Advocacy classes and spike alerts; README "## Scoring" explains each threshold."""

    window_days: int = Field(default=90, ge=1, le=3650)
    half_life_days: float = Field(default=30.0, gt=0)
    prior_strength: float = Field(default=3.0, ge=0)
    prior_mean: float = Field(default=0.0, ge=-1, le=1)
    score_sd: float = Field(default=0.5, gt=0, le=2)
    ambassador_threshold: float = Field(default=0.2, gt=-1, lt=1)
    detractor_threshold: float = Field(default=-0.1, gt=-1, lt=1)
    min_mentions: int = Field(default=2, ge=1)
    min_confidence: float = Field(default=0.6, ge=0, le=1)
    spike_baseline_days: int = Field(default=28, ge=2, le=365)
    spike_lookback_hours: int = Field(default=48, ge=1, le=24 * 14)
    spike_z: float = Field(default=4.0, gt=0)
    spike_min_mentions: int = Field(default=5, ge=1)
    spike_min_ratio: float = Field(default=2.0, ge=1)
    negative_bucket_hours: int = Field(default=3, ge=1, le=24)
    negative_z: float = Field(default=3.5, gt=0)
    negative_min_increase: float = Field(default=0.2, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> ScoringSettings:
        if self.detractor_threshold >= self.ambassador_threshold:
            raise ValueError("detractor_threshold must be below ambassador_threshold")
        return self


def _http_urls(urls: list[str]) -> list[str]:
    """http(s) URLs: https is the norm; http is accepted (a replay server on 127.0.0.1)."""
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"{url!r} must start with https:// (or http://)")
    return urls


class MastodonSettings(_Section):
    """Open sources (issue 15): Mastodon hashtag timelines, and search with MASTODON_ACCESS_TOKEN."""

    instances: list[str] = []               # e.g. ["https://mastodon.social"]
    hashtags: list[str] = []                # without "#"; every status of their timelines is a mention
    queries: list[str] = []                 # full-text search: needs the token
    token_instance: str | None = None       # the instance MASTODON_ACCESS_TOKEN belongs to (default: the first)
    max_pages: int = Field(default=10, ge=1, le=1000)       # of 40 statuses, per partition on a first run
    timeout_seconds: float = Field(default=30, gt=0, le=300)
    interval_minutes: int = Field(default=30, ge=1, le=MAX_MINUTES)

    @field_validator("instances")
    @classmethod
    def _instance_urls(cls, urls: list[str]) -> list[str]:
        return _http_urls(urls)


class BlueskySettings(_Section):
    """Bluesky search (app.bsky.feed.searchPosts); the app password is BLUESKY_APP_PASSWORD."""

    handle: str | None = None               # the account that logs in, e.g. "exemple.bsky.social"
    queries: list[str] = []
    base_url: str = "https://bsky.social"   # where the account logs in (its PDS or entryway)
    max_results: int = Field(default=10_000, ge=25, le=10_000)   # per query and run: Bluesky's own cap
    interval_minutes: int = Field(default=30, ge=1, le=MAX_MINUTES)

    @field_validator("base_url")
    @classmethod
    def _base(cls, url: str) -> str:
        return _http_urls([url])[0]


class JetstreamSettings(_Section):
    """Bluesky's public Jetstream firehose, no account: posts filtered locally by [brand] terms."""

    enabled: bool = False
    url: str = "wss://jetstream2.us-east.bsky.network/subscribe"
    max_seconds: float = Field(default=120, gt=0, le=3600)   # one run listens this long, then ends
    max_events: int = Field(default=1_000_000, ge=1)        # …or after this many events
    interval_minutes: int = Field(default=10, ge=1, le=MAX_MINUTES)

    @field_validator("url")
    @classmethod
    def _ws_url(cls, url: str) -> str:
        if not url.lower().startswith(("wss://", "ws://")):
            raise ValueError("must start with wss:// (or ws://)")
        return url


class HackerNewsSettings(_Section):
    """Hacker News through its public Algolia search API (stories and comments by date)."""

    queries: list[str] = []
    base_url: str = "https://hn.algolia.com/api/v1"
    max_pages: int = Field(default=10, ge=1, le=1000)       # of 100 hits, per query and run
    interval_minutes: int = Field(default=30, ge=1, le=MAX_MINUTES)

    @field_validator("base_url")
    @classmethod
    def _base(cls, url: str) -> str:
        return _http_urls([url])[0]


class GdeltSettings(_Section):
    """GDELT DOC 2.0 article search: news coverage in the listed languages."""

    queries: list[str] = []
    languages: list[str] = ["french", "english"]   # GDELT's sourcelang names
    base_url: str = "https://api.gdeltproject.org/api/v2/doc/doc"
    first_days: int = Field(default=3, ge=1, le=90)         # how far back a first run reads
    max_records: int = Field(default=250, ge=1, le=250)     # GDELT's largest artlist
    interval_minutes: int = Field(default=60, ge=15, le=MAX_MINUTES)        # GDELT updates every 15 minutes

    @field_validator("base_url")
    @classmethod
    def _base(cls, url: str) -> str:
        return _http_urls([url])[0]

    @field_validator("languages")
    @classmethod
    def _words(cls, names: list[str]) -> list[str]:
        for name in names:
            if not name.isalpha():
                raise ValueError(f"{name!r}: a GDELT language name such as french or english")
        return names


class Settings(_Section):
    """Everything from `ambassade.toml`. Secrets are read with `secret()`, never stored here."""

    brand: BrandSettings
    reddit: RedditSettings = RedditSettings()
    x: XSettings = XSettings()
    rss: RssSettings = RssSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    store: StoreSettings = StoreSettings()
    privacy: PrivacySettings = PrivacySettings()
    scoring: ScoringSettings = ScoringSettings()
    charter: CharterSettings = CharterSettings()
    links: LinksSettings = LinksSettings()
    exports: ExportSettings = ExportSettings()
    smtp: SmtpSettings = SmtpSettings()
    programme: ProgrammeSettings = ProgrammeSettings()
    digest: DigestSettings = DigestSettings()
    mastodon: MastodonSettings = MastodonSettings()
    bluesky: BlueskySettings = BlueskySettings()
    jetstream: JetstreamSettings = JetstreamSettings()
    hn: HackerNewsSettings = HackerNewsSettings()
    gdelt: GdeltSettings = GdeltSettings()
    alerts: AlertsSettings = AlertsSettings()
    dashboard: DashboardSettings = DashboardSettings()
    source_path: Path | None = Field(default=None, exclude=True)


def load_settings(path: str | Path) -> Settings:
    """Read and validate one TOML file; every problem is a one-line ConfigError."""
    path = Path(path)
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (copy config/ambassade.example.toml)") from None
    except TooLarge:
        raise ConfigError(f"{path}: too large for a config file (over 1 MB)") from None
    except NotRegularFile as exc:
        raise ConfigError(f"{exc}; a config file must be a regular TOML file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    settings = parse_settings(text, source=path)
    load_env_beside(path)
    return settings


MAX_ENV_BYTES = 100_000


def load_env_beside(config: Path) -> None:
    """Secrets from the `.env` file beside the config file (never the working directory's).

    Variables already set in the environment win. A `.env` that is not a regular file, too
    large or not UTF-8 is a one-line ConfigError, like the config itself.
    """
    from io import StringIO

    from dotenv import dotenv_values

    path = config.parent / ".env"
    try:
        text = read_regular(path, MAX_ENV_BYTES).decode("utf-8")
    except FileNotFoundError:
        return
    except TooLarge:
        raise ConfigError(f"{path}: too large for a .env file (over 100 kB)") from None
    except NotRegularFile as exc:
        raise ConfigError(f"{exc}; .env must be a regular file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    for name, value in dotenv_values(stream=StringIO(text)).items():
        if value is not None and name not in os.environ:
            os.environ[name] = value


def parse_settings(text: str, source: Path | None = None) -> Settings:
    """Validate TOML text into Settings."""
    where = f"{source}: " if source else ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}invalid TOML: {exc}") from None
    except RecursionError:   # tomllib recurses per level of nested arrays and inline tables
        raise ConfigError(f"{where}invalid TOML: nested too deeply") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(where + _first_problem(exc)) from None
    settings.source_path = source
    return settings


def _first_problem(exc: ValidationError) -> str:
    """One line naming the bad key, e.g. `[brand] terms: Field required`."""
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    if error["type"] == "extra_forbidden":
        return f"unknown key {_key(loc)} (check its spelling)"
    if error["type"] == "missing":
        return f"missing key {_key(loc)}"
    return f"bad value for {_key(loc)}: {error['msg']}"


def _key(loc: list[str]) -> str:
    if len(loc) == 1:
        return f"[{loc[0]}]"
    return f"[{loc[0]}] " + ".".join(loc[1:])
