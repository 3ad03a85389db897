"""The demo's advocacy programme: opted-in employees, their public posts, share links and clicks.

Share links have codes of the real scheme (links.codes, drawn from the demo's seeded
generator so the database is reproducible); clicks are the redirector's hits (humans,
link-preview bots, repeats), classified by the redirector's own user-agent rule and
written to a spool with its own writer, then ingested (ambassade.demo.build).

Employees' timelines include posts that must never be stored (private chatter, and posts
after a withdrawal): the build drops them through the same rule real collection applies.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from ambassade.demo.corpus import Author, Post, load, local_time
from links.codes import new_code
from store.programme import Employee, ShareLink

SEED = 7_2026
# Employees' own brand posts fall in these last days: inside the coaching window (30 days,
# charter.coaching.employee_cards) whatever day the demo is built.
BRAND_POST_DAYS = 25


@dataclass(frozen=True)
class ContentItem:
    """One item of the company content feed, before the feed is rendered."""

    url: str
    title: str
    summary: str
    kind: str
    lang: str
    published_at: datetime
    tags: tuple[str, ...] = ()
    review: dict | None = None       # the comms team's decision (default: approved on publication)


@dataclass(frozen=True)
class Invited:
    """Someone invited who has not accepted (or who declined)."""

    id: str
    display_name: str
    team: str
    lang: str
    invited_at: datetime
    declined_at: datetime | None = None


@dataclass(frozen=True)
class Visit:
    """One request to a share link, as the redirector would receive it."""

    code: str
    at: datetime
    agent: str
    address: str
    method: str = "GET"


@dataclass
class Programme:
    """Everything the advocacy side of the demo needs."""

    employees: list[Employee]
    authors: dict[str, Author]                       # employee id -> X account
    content: list[ContentItem]
    posts: list[Post] = field(default_factory=list)  # employees' X timelines
    links: list[ShareLink] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)           # requests to the share links
    utm_codes: dict[str, str] = field(default_factory=dict)     # share-link code -> utm_content code
    link_host: str = ""
    invited: list[Invited] = field(default_factory=list)
    langs: dict[str, str] = field(default_factory=dict)     # employee id -> language


def content_items(today: date) -> list[ContentItem]:
    """The company's own content, dated relative to `today`."""
    data = load("content.json")
    site = data["feed"]["site"]
    return [ContentItem(site + item["path"], item["title"], item["summary"], item["kind"],
                        item["lang"],
                        datetime.combine(today - timedelta(days=item["days_ago"]),
                                         time(7, 30), timezone.utc),
                        tuple(item.get("tags", ())), item.get("review"))
            for item in data["items"]]


def employees(today: date) -> tuple[list[Employee], dict[str, Author], dict[str, int]]:
    """The opted-in employees, their X accounts, and how active each one is."""
    people, accounts, activity = [], {}, {}
    for row in load("people.json")["employees"]:
        emp_id = f"emp:{row['slug']}"
        opted = datetime.combine(today - timedelta(days=row["joined_days_ago"]), time(9),
                                 timezone.utc)
        withdrawn = (datetime.combine(today - timedelta(days=row["withdrawn_days_ago"]),
                                      time(17), timezone.utc)
                     if "withdrawn_days_ago" in row else None)
        handles = {"x": row["x"]} | ({"reddit": row["reddit"]} if "reddit" in row else {})
        people.append(Employee(emp_id, row["name"], row["team"], opted, handles,
                               named_ok=row.get("named_ok", False),
                               coaching_ok=row.get("coaching_ok", False), withdrawn_at=withdrawn,
                               shares_ok=row.get("shares", True)))
        digest = int(hashlib.sha256(row["x"].encode()).hexdigest()[:8], 16)
        accounts[emp_id] = Author("x", row["x"], str(10**17 + digest), row["name"],
                                  80 + digest % 900, "fr", "employee")
        activity[emp_id] = row.get("activity", 1)
    return people, accounts, activity


def email_of(employee_id: str) -> str:
    """The demo's work e-mail of an employee id ("emp:claire-m" -> claire-m@maisonlemoine.fr)."""
    return employee_id.removeprefix("emp:") + "@maisonlemoine.fr"


def invitations(today: date) -> tuple[list[Invited], dict[str, str]]:
    """People invited who have not accepted, and every employee's language."""
    data = load("people.json")
    moment = lambda days, hour: datetime.combine(today - timedelta(days=days), time(hour), timezone.utc)  # noqa: E731
    invited = [Invited(f"emp:{row['slug']}", row["name"], row["team"], row.get("lang", "fr"),
                       moment(row["invited_days_ago"], 10),
                       moment(row["declined_days_ago"], 12) if "declined_days_ago" in row else None)
               for row in data["invitations"]]
    langs = {f"emp:{row['slug']}": row.get("lang", "fr") for row in data["employees"] + data["invitations"]}
    return invited, langs


# Who opens a shared link: browsers, and the preview fetchers of the places it is pasted.
BROWSERS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
]
PREVIEWS = ["Twitterbot/1.0", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "WhatsApp/2.24.22.79 A",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"]


def build_programme(today: date, content_id_of, link_host: str, seed: int = SEED) -> Programme:
    """Employees, their timelines (shares, brand posts, private posts), links and clicks.

    `content_id_of(url)` gives the library id a content URL will have once ingested;
    share links are `https://<link_host>/l/<code>`.
    """
    rng = random.Random(seed)
    data = load("content.json")
    people, accounts, activity = employees(today)
    items = content_items(today)
    invited, langs = invitations(today)
    programme = Programme(people, accounts, items, link_host=link_host, invited=invited, langs=langs)
    for employee in people:
        author = accounts[employee.id]
        for item in items:
            if item.published_at < employee.opted_in_at:
                continue
            if rng.random() < min(0.85, 0.22 * activity[employee.id]):
                _share(programme, rng, employee, author, item, content_id_of(item.url), data)
        for _ in range(rng.randrange(1, 4)):       # chatter that collection must drop
            day = today - timedelta(days=rng.randrange(0, 85))
            _timeline(programme, rng, author, local_time(rng, day),
                      rng.choice(data["employee_private_texts"]))
        if rng.random() < 0.35:
            # Within the coaching page's window of the demo's last days, so the page opens on
            # someone with cards: the same draw as before, folded into BRAND_POST_DAYS (the
            # rest of the demo stays as it was).
            days_ago = rng.randrange(0, 80) % BRAND_POST_DAYS
            day = max(employee.opted_in_at.date(), today - timedelta(days=days_ago))
            _timeline(programme, rng, author, local_time(rng, day),
                      rng.choice(data["employee_brand_texts"]))
        if "reddit" in employee.handles:
            _reddit_shares(programme, rng, employee, items, data)
    programme.posts.sort(key=lambda p: (p.created_at, p.key))
    return programme


def _share(programme: Programme, rng: random.Random, employee: Employee, author: Author,
           item: ContentItem, content_id: str, data: dict) -> None:
    """One public post sharing `item`, in one of the ways people really paste links."""
    # Most shares come the day an item is published or soon after, at ordinary hours.
    day = (item.published_at + timedelta(days=min(int(rng.expovariate(0.8)), 6))).date()
    when = max(local_time(rng, day), item.published_at + timedelta(minutes=rng.randrange(20, 240)))
    style = rng.choices(["code", "plain", "utm", "slash", "tco"], (35, 25, 20, 10, 10))[0]
    url, links = item.url, []
    if style == "code":
        code = new_code(rng=rng)
        programme.links.append(ShareLink(code, employee.id, content_id, "x",
                                         when - timedelta(minutes=rng.randrange(2, 30))))
        programme.utm_codes[code] = new_code(rng=rng)
        url = f"https://{programme.link_host}/l/{code}"
        _clicks(programme, rng, code, when, author.followers or 100)
    elif style == "utm":
        url = f"{item.url}?utm_source=x&utm_medium=social&utm_campaign=ambassadeurs"
    elif style == "slash":
        url = item.url + "/"
    elif style == "tco":
        short = "https://t.co/" + new_code(10, rng=rng)
        links, url = [(short, item.url)], short
    texts = data["share_texts"][item.lang]
    text = rng.choice(texts["any"] + texts.get(item.kind, [])).format(url=url, title=item.title)
    _timeline(programme, rng, author, when, text, links, item.lang)


def _reddit_shares(programme: Programme, rng: random.Random, employee: Employee,
                   items: list[ContentItem], data: dict) -> None:
    """One or two Reddit posts by an employee, saying who they work for, linking content."""
    handle = employee.handles["reddit"]
    author = Author("reddit", handle, "t2_" + hashlib.sha256(handle.encode()).hexdigest()[:8],
                    role="employee")
    mine = [i for i in items if i.lang == "fr" and i.published_at > employee.opted_in_at]
    for item in rng.sample(mine, min(len(mine), rng.randrange(1, 3))):
        post = data["reddit_share"][rng.randrange(len(data["reddit_share"]))]
        when = item.published_at + timedelta(hours=rng.uniform(3, 30))
        programme.posts.append(Post(
            f"er-{len(programme.posts)}", "reddit", "submission", when, "fr", "positive",
            post["body"].format(url=item.url, title=item.title), author,
            title=post["title"].format(title=item.title), place=rng.choice(post["subreddits"]),
            metrics={"score": rng.randrange(1, 60), "num_comments": rng.randrange(0, 12)}))


def _clicks(programme: Programme, rng: random.Random, code: str, shared_at: datetime,
            followers: int) -> None:
    """Visits of a share link: the preview fetchers at once, then people (most in the first
    hours, a long tail after), some of whom come back. Documentation addresses only
    (RFC 5737); the redirector never stores them anyway."""
    for agent in [PREVIEWS[0]] + rng.sample(PREVIEWS[1:], rng.randrange(0, 3)):
        programme.visits.append(Visit(code, shared_at + timedelta(seconds=rng.uniform(1, 600)), agent,
                                      f"198.51.100.{rng.randrange(1, 255)}", rng.choice(["GET", "GET", "HEAD"])))
    for _ in range(int(rng.expovariate(1.0) * followers / 40) + rng.randrange(0, 4)):
        at = shared_at + timedelta(hours=rng.expovariate(1 / 6))
        visit = Visit(code, at, rng.choice(BROWSERS), f"203.0.113.{rng.randrange(1, 255)}")
        programme.visits.append(visit)
        if rng.random() < 0.1:          # the same person again, a few minutes later
            programme.visits.append(replace(visit, at=at + timedelta(minutes=rng.uniform(1, 20))))


def _timeline(programme: Programme, rng: random.Random, author: Author, when: datetime,
              text: str, links: list[tuple[str, str]] | None = None, lang: str = "fr") -> None:
    likes = rng.randrange(0, 25)
    programme.posts.append(Post(
        f"e-{len(programme.posts)}", "x", "tweet", when, lang, "positive", text, author,
        links=links or [],
        metrics={"retweet_count": likes // 4, "reply_count": rng.randrange(3), "like_count": likes,
                 "quote_count": 0, "impression_count": likes * 40 + rng.randrange(300)}))
