"""Demo mentions from the open sources: Mastodon statuses and Hacker News hits.

Rendered in their APIs' shapes (a Mastodon status as `GET /api/v1/timelines/tag/…` answers
it, an Algolia `search_by_date` hit) and read back with the collectors' own parsers, like the
X, Reddit and RSS payloads of `render.py`. A separate random stream keeps the rest of the
demo (its posts, figures and spike) exactly as it was. Accounts and instances are fictional.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from ambassade.demo.corpus import DAYS, SEED, TONES, Filler, load, local_time
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.hackernews import mention_from_hit
from collectors.mastodon import mention_from_status

STREAM = SEED + 15                     # issue 15's own stream: the other posts do not move
INSTANCES = ("https://pouet.example", "https://piaille.example", "https://toot.example")
FEDIVERSE = ("camille", "jules_b", "margaux", "theo", "ines_l", "hugo", "lea_r", "nathan",
             "sarah", "baptiste")
HN_USERS = ("throwaway_baker", "lyonnais", "crumbdev", "pgvector_fan", "sourdoughops")
HN_STORIES = (
    "Show HN: We rebuilt Maison Lemoine's order system with SQLite",
    "Maison Lemoine, a French bakery chain, publishes its open recipe data",
    "Ask HN: How does a bakery like Lemoine keep croissants consistent across shops?",
)


def open_source_mentions(today: date, end: datetime, matcher: TermMatcher,
                         seed: int = STREAM) -> list[Mention]:
    """About one Mastodon status a day and a Hacker News thread every week or so, up to `end`."""
    rng = random.Random(seed)
    filler = Filler(rng)
    templates = load("corpus.json")["x"]
    mentions: list[Mention] = []
    number = 0
    for days_ago in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=days_ago)
        for _ in range(rng.choices((0, 1, 2, 3), (35, 40, 17, 8))[0]):
            number += 1
            lang = "fr" if rng.random() < 0.75 else "en"
            tone = rng.choices(TONES, (50, 30, 20))[0]
            text = filler.fill(rng.choice(templates[lang][tone]), lang)
            status = _status(rng, number, local_time(rng, day), lang, text)
            mentions.append(mention_from_status(status, status["_instance"], matcher))
        if rng.random() < 0.14:
            number += 1
            mentions += [mention_from_hit(hit, matcher) for hit in
                         _thread(rng, filler, templates, number, day)]
    # What is planned later today is not posted yet (the same random draws, whatever the clock).
    return [m for m in mentions if m.created_at <= end]




def _status(rng: random.Random, number: int, at: datetime, lang: str, text: str) -> dict:
    instance = rng.choice(INSTANCES)
    user = rng.choice(FEDIVERSE)
    home = rng.choice(INSTANCES)             # often a remote account seen through the instance
    host = home.removeprefix("https://")
    ident = str(115_000_000_000_000_000 + int(at.timestamp()) * 1000 + number)
    acct = user if home == instance else f"{user}@{host}"
    paragraphs = "".join(f"<p>{_escape(line)}</p>" for line in text.split("\n") if line)
    return {
        "_instance": instance,
        "id": ident, "created_at": at.isoformat().replace("+00:00", "Z"),
        "in_reply_to_id": None, "in_reply_to_account_id": None, "sensitive": False,
        "spoiler_text": "", "visibility": "public", "language": lang,
        "uri": f"{home}/users/{user}/statuses/{ident}", "url": f"{home}/@{user}/{ident}",
        "replies_count": rng.randrange(3), "reblogs_count": rng.randrange(6),
        "favourites_count": rng.randrange(15), "quotes_count": 0, "edited_at": None,
        "content": paragraphs, "reblog": None,
        "account": {"id": str(110_000_000_000_000_000 + FEDIVERSE.index(user)), "username": user,
                    "acct": acct, "display_name": user.split("_")[0].title(), "locked": False,
                    "bot": False, "url": f"{home}/@{user}", "followers_count": rng.randrange(20, 900),
                    "following_count": rng.randrange(20, 400), "statuses_count": rng.randrange(50, 4000)},
        "media_attachments": [], "mentions": [], "emojis": [], "card": None, "poll": None,
        "tags": [{"name": "lemoinelife", "url": f"{instance}/tags/lemoinelife"}],
    }


def _thread(rng: random.Random, filler: Filler, templates: dict, number: int, day: date) -> list[dict]:
    """A story and a few English comments under it, as `search_by_date` hits."""
    story_id = 45_000_000 + number * 50
    at = datetime.combine(day, time(rng.randrange(13, 21), rng.randrange(60)), timezone.utc)
    author = rng.choice(HN_USERS)
    hits = [{"_tags": ["story", f"author_{author}", f"story_{story_id}"], "author": author,
             "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "created_at_i": int(at.timestamp()),
             "num_comments": 0, "objectID": str(story_id), "points": rng.randrange(3, 160),
             "story_id": story_id, "story_text": None, "title": rng.choice(HN_STORIES),
             "url": "https://www.maisonlemoine.fr/blog/donnees-ouvertes"}]
    for k in range(rng.randrange(1, 4)):
        moment = at + timedelta(minutes=rng.randrange(5, 600))
        user = rng.choice(HN_USERS)
        text = filler.fill(rng.choice(templates["en"][rng.choice(TONES)]), "en")
        hits.append({"_tags": ["comment", f"author_{user}", f"story_{story_id}"], "author": user,
                     "comment_text": _escape(text), "created_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "created_at_i": int(moment.timestamp()), "objectID": str(story_id + 1 + k),
                     "parent_id": story_id, "story_id": story_id, "story_title": hits[0]["title"],
                     "story_url": hits[0]["url"]})
    hits[0]["num_comments"] = len(hits) - 1
    return hits


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
