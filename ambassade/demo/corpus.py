"""The demo's public conversation about Maison Lemoine: posts made from templates, with a fixed seed.

Nothing here touches the store: posts are plain records that `render` turns into the
payloads the real APIs answer, which the real collectors' parsers then read.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

SEED = 20261123
DAYS = 90
SPIKE_DAYS_AGO = 10          # the bad buzz starts in the evening of this day
GOOD_BUZZ_DAYS_AGO = 40      # the croissant award
OPENING_DAYS_AGO = 44        # the Bordeaux opening
PARIS = timezone(timedelta(hours=1))     # winter time is close enough for a rhythm
# Relative weight of each local hour: breakfast, lunchtime and evening peaks.
HOUR_WEIGHTS = [1, 1, 0, 0, 0, 1, 3, 6, 7, 5, 4, 6, 10, 10, 6, 4, 4, 6, 9, 10, 9, 7, 4, 2]
TONES = ("positive", "neutral", "negative")
ENDINGS = {"positive": ["", "", "", " !", " 😍", " 👌", " ❤️", " 🥐"],
           "neutral": ["", "", "", " 🤔", " ?", "."],
           "negative": ["", "", "", " 😡", " 🙄", " 😤", "…", " !!"]}
_SLOT = re.compile(r"\{(\w+)\}")
# Each kind of figure has its own believable values: a turnover does not grow by 2311 %.
NUMBERS = {
    "n": [3, 6, 8, 12, 14, 20, 35],          # apprentices, dairies, recruits, days, countries
    "pct": [3, 4, 6, 8, 11, 12],              # growth and price rises, in per cent
    "lot": [2311, 2408, 2415, 2502],          # a batch number
    "visitors": [1200, 3500, 8000, 12000],    # a trade fair's visitors
}


@cache
def load(name: str) -> dict[str, Any]:
    """One bundled data file of ambassade/demo/data, parsed."""
    text = resources.files("ambassade.demo").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Author:
    """A public account; `uid` is the source's numeric or t2_ id."""

    source: str
    handle: str
    uid: str
    name: str | None = None
    followers: int | None = None
    lang: str = "fr"
    role: str = "crowd"          # crowd | ambassador | detractor | employee | brand


@dataclass
class Post:
    """One public item before rendering: a tweet, a Reddit submission or comment, or an article."""

    key: str
    source: str                  # x | reddit | rss
    kind: str                    # tweet | submission | comment | article
    created_at: datetime
    lang: str
    tone: str
    text: str
    author: Author | None = None
    title: str | None = None
    place: str | None = None     # subreddit, or feed URL for articles
    parent: Post | None = None   # the submission a comment answers
    links: list[tuple[str, str]] = field(default_factory=list)   # (t.co, expanded) pairs
    metrics: dict[str, int] = field(default_factory=dict)


class Filler:
    """Fills `{slot}` templates from the corpus slots with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.slots = load("corpus.json")["slots"]

    def fill(self, template: str, lang: str, **fixed: str) -> str:
        slots = self.slots[lang]

        def pick(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in fixed:
                return fixed[name]
            if name in NUMBERS:
                return str(self.rng.choice(NUMBERS[name]))
            return self.rng.choice(slots[name]) if name in slots else match.group(0)

        text = _SLOT.sub(pick, template)
        return re.sub(r"[ \t]{2,}", " ", text).strip()


class Crowd:
    """The public accounts: recurring ambassadors and detractors, and many occasional posters."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        people = load("people.json")
        self.ambassadors = [_named(p, "ambassador") for p in people["ambassadors"]]
        self.detractors = [_named(p, "detractor") for p in people["detractors"]]
        crowd = people["crowd"]
        self.fr_x = [self._person("x", f + s, "fr") for f in crowd["first"] for s in crowd["suffix"][:6]]
        self.en_x = [self._person("x", f + s, "en") for f in crowd["en_first"] for s in crowd["en_suffix"]]
        words = crowd["reddit_words"]
        self.reddit = [self._person("reddit", f"{a}{b}{n}", "fr")
                       for a in words for b in words[:5] if a != b for n in ("", "_69")]
        rng.shuffle(self.fr_x)
        rng.shuffle(self.reddit)

    def _person(self, source: str, handle: str, lang: str) -> Author:
        uid = _uid(source, handle)
        followers = int(math.exp(self.rng.gauss(5.0, 1.4)))
        name = handle.split("_")[0].capitalize() if source == "x" else None
        return Author(source, handle, uid, name, followers if source == "x" else None, lang)

    def pick(self, source: str, lang: str, tone: str) -> Author:
        """A recurring voice now and then (fans praise, detractors complain), else the crowd."""
        roll = self.rng.random()
        pool: list[Author] = []
        if tone == "positive" and roll < 0.22:
            pool = [a for a in self.ambassadors if a.source == source and a.lang == lang]
        elif tone == "negative" and roll < 0.25:
            pool = [a for a in self.detractors if a.source == source and a.lang == lang]
        if not pool:
            pool = self.reddit if source == "reddit" else self.en_x if lang == "en" else self.fr_x
            # Zipf-like: a few crowd members post often, most post once or twice.
            index = min(int(self.rng.paretovariate(1.1)) - 1, len(pool) - 1)
            return pool[(index * 7 + self.rng.randrange(3)) % len(pool)]
        return self.rng.choice(pool)


def _named(person: dict[str, Any], role: str) -> Author:
    source = "x" if "x" in person else "reddit"
    handle = person[source]
    return Author(source, handle, _uid(source, handle), person.get("name"),
                  person.get("followers"), person.get("lang", "fr"), role)


def _uid(source: str, handle: str) -> str:
    """A stable account id: digits for X, a t2_ base-36 id for Reddit."""
    digest = int.from_bytes(handle.lower().encode("utf-8")[:12].ljust(12, b"_"), "big")
    number = 10**17 + digest % (9 * 10**17)
    return str(number) if source == "x" else "t2_" + base36(digest % 36**8)


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def local_time(rng: random.Random, day: date, hours: list[int] | None = None) -> datetime:
    """A moment of `day` following the daily rhythm (or among `hours`), in UTC."""
    hour = rng.choice(hours) if hours else rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), PARIS)
    return moment.astimezone(timezone.utc)


def day_volume(rng: random.Random, day: date, days_ago: int) -> int:
    """Ordinary posts on `day`: fewer on Sundays, a gentle upward trend, some noise."""
    mean = 6.5 + 2.5 * (DAYS - days_ago) / DAYS
    if day.weekday() == 6:
        mean *= 0.5
    elif day.weekday() == 5:
        mean *= 0.8
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


class CorpusBuilder:
    """Builds the list of public posts for the 90 days ending `today`."""

    def __init__(self, today: date, seed: int = SEED, hostile: bool = False) -> None:
        self.today = today
        self.hostile = hostile
        self.rng = random.Random(seed)
        self.filler = Filler(self.rng)
        self.crowd = Crowd(self.rng)
        self.corpus = load("corpus.json")
        self.news = load("news.json")
        self.posts: list[Post] = []
        self._submissions: list[Post] = []
        self._used: Counter[str] = Counter()

    def build(self) -> list[Post]:
        for days_ago in range(DAYS - 1, -1, -1):
            day = self.today - timedelta(days=days_ago)
            for _ in range(day_volume(self.rng, day, days_ago)):
                self._ordinary(day)
            if days_ago in (SPIKE_DAYS_AGO, SPIKE_DAYS_AGO - 1, SPIKE_DAYS_AGO - 2,
                            SPIKE_DAYS_AGO - 3, SPIKE_DAYS_AGO - 4):
                self._spike(day, SPIKE_DAYS_AGO - days_ago)
            if days_ago in (GOOD_BUZZ_DAYS_AGO, OPENING_DAYS_AGO):
                self._good_buzz(day, days_ago == OPENING_DAYS_AGO)
            if days_ago % 17 == 5:
                self._homonym(day)
        if self.hostile:           # for the tests only: the demo reads as a real conversation
            self._hostile()
        self.posts.sort(key=lambda p: (p.created_at, p.key))
        return self.posts

    # -- ordinary days ---------------------------------------------------------------
    def _ordinary(self, day: date) -> None:
        rng = self.rng
        tone = rng.choices(TONES, (45, 30, 25))[0]
        lang = "fr" if rng.random() < 0.7 else "en"
        roll = rng.random()
        if roll < 0.62:
            self._tweet(day, lang, tone, self.corpus["x"][lang][tone])
        elif roll < 0.93:
            if self._submissions and rng.random() < 0.55:
                self._comment(day, lang, tone, self.corpus["reddit_comment"][lang][tone])
            else:
                self._submission(day, lang, tone, self.corpus["reddit_post"][lang][tone])
        else:
            self._article(day, lang, tone, self.news["articles"][lang][tone]
                          or self.news["articles"][lang]["neutral"])
            if rng.random() < 0.5:     # news the listening filter will drop
                self._article(day, lang, "neutral", self.news["articles"][lang]["filler"])

    def _spike(self, day: date, step: int) -> None:
        """The bad buzz: a rumour at evening, a peak the next day, then news and a decline."""
        spike = self.corpus["spike"]
        count = {0: 25, 1: 85, 2: 45, 3: 18, 4: 8}[step]
        hours = list(range(18, 24)) if step == 0 else None
        for _ in range(count):
            lang = "fr" if self.rng.random() < 0.85 else "en"
            roll = self.rng.random()
            if step >= 2 and roll < 0.15:
                self._tweet(day, lang, "neutral", self.corpus["spike_response"]["x"][lang], hours)
            elif roll < 0.68:
                self._tweet(day, lang, "negative", spike["x"][lang], hours)
            elif roll < 0.76 or not self._submissions:
                self._submission(day, lang, "negative", spike["reddit_post"][lang], hours)
            else:
                self._comment(day, lang, "negative", spike["reddit_comment"][lang], hours)
        if step in (1, 2, 3):
            for lang in ("fr", "fr", "en") if step == 2 else ("fr",):
                self._article(day, lang, "negative", self.news["spike"][lang])
        if step == 2:
            self._official(day)

    def _good_buzz(self, day: date, opening: bool) -> None:
        for _ in range(18 if not opening else 9):
            lang = "fr" if self.rng.random() < 0.8 else "en"
            self._tweet(day, lang, "positive", self.corpus["good_buzz"]["x"][lang])
        self._article(day, "fr", "positive", self.news["good_buzz"]["fr"][1 if opening else 0:][:1])

    def _official(self, day: date) -> None:
        """The brand's own statements, in French then English, late morning."""
        official = self.corpus["spike_response"]["official"]
        account = official["account"]
        author = Author("x", account["x"], _uid("x", account["x"]), account["name"],
                        account["followers"], "fr", "brand")
        for lang, hour in (("fr", 11), ("en", 12)):
            self._add(Post(f"official-{lang}", "x", "tweet", local_time(self.rng, day, [hour]), lang,
                           "neutral", official[lang], author, metrics=self._tweet_metrics(author)))

    def _homonym(self, day: date) -> None:
        self._tweet(day, "fr", "neutral", self.corpus["homonym"]["x"]["fr"])

    def _hostile(self) -> None:
        """A handful of posts written to break naive pipelines (markup, formulas, control chars)."""
        for i, item in enumerate(self.corpus["hostile"]):
            day = self.today - timedelta(days=3 + 9 * i)
            moment = local_time(self.rng, day)
            author = self.crowd.pick(item["source"], item["lang"], "neutral")
            key = f"hostile-{i}"
            if item["source"] == "x":
                self._add(Post(key, "x", "tweet", moment, item["lang"], "neutral", item["text"],
                               author))
            elif item["source"] == "reddit":
                body = item["body_repeat"] * item["repeat"]
                post = Post(key, "reddit", "submission", moment, item["lang"], "negative", body,
                            author, title=item["title"], place="france")
                self._add(post)
                self._submissions.append(post)
            else:
                feed = self.news["feeds"][1]
                self._add(Post(key, "rss", "article", moment, item["lang"], "neutral",
                               item["summary"], None, title=item["title"], place=feed["url"]))

    # -- one post of each kind ---------------------------------------------------------
    def _tweet(self, day: date, lang: str, tone: str, templates: list[str],
               hours: list[int] | None = None) -> None:
        author = self.crowd.pick("x", lang, tone)
        text = self._decorate(self.filler.fill(self.rng.choice(templates), lang), tone)
        self._add(Post(f"x-{len(self.posts)}", "x", "tweet", local_time(self.rng, day, hours),
                       lang, tone, text, author, metrics=self._tweet_metrics(author)))

    def _submission(self, day: date, lang: str, tone: str, templates: list[dict[str, str]],
                    hours: list[int] | None = None) -> None:
        template = self.rng.choice(templates)
        fixed = {name: self.rng.choice(values)
                 for name, values in self.filler.slots[lang].items()}
        title = self.filler.fill(template["title"], lang, **fixed)
        body = self.filler.fill(template["body"], lang, **fixed)
        subreddit = self.rng.choice(load("people.json")["subreddits"][lang])
        post = Post(f"rs-{len(self.posts)}", "reddit", "submission",
                    local_time(self.rng, day, hours), lang, tone, body,
                    self.crowd.pick("reddit", lang, tone), title=title, place=subreddit,
                    metrics={"score": int(self.rng.paretovariate(1.3) * 3),
                             "num_comments": self.rng.randrange(0, 40)})
        self._add(post)
        self._submissions.append(post)

    def _comment(self, day: date, lang: str, tone: str, templates: list[str],
                 hours: list[int] | None = None) -> None:
        recent = [s for s in self._submissions[-12:] if s.lang == lang] or self._submissions[-3:]
        parent = self.rng.choice(recent)
        moment = max(local_time(self.rng, day, hours), parent.created_at + timedelta(minutes=7))
        self._add(Post(f"rc-{len(self.posts)}", "reddit", "comment", moment, lang, tone,
                       self._decorate(self.filler.fill(self.rng.choice(templates), lang), tone),
                       self.crowd.pick("reddit", lang, tone), place=parent.place, parent=parent,
                       metrics={"score": int(self.rng.paretovariate(1.5))}))

    def _article(self, day: date, lang: str, tone: str, articles: list[dict[str, str]]) -> None:
        if not articles:
            return
        feeds = [f for f in self.news["feeds"] if f["lang"] == lang]
        # The least-used story first: a paper does not run the same article every week.
        fewest = min(self._used[a["title"]] for a in articles)
        article = self.rng.choice([a for a in articles if self._used[a["title"]] == fewest])
        self._used[article["title"]] += 1
        fixed = {"city": self.rng.choice(self.filler.slots[lang]["city"])}
        self._add(Post(f"a-{len(self.posts)}", "rss", "article",
                       local_time(self.rng, day, list(range(6, 20))), lang, tone,
                       self.filler.fill(article["summary"], lang, **fixed), None,
                       title=self.filler.fill(article["title"], lang, **fixed),
                       place=self.rng.choice(feeds)["url"]))

    def _decorate(self, text: str, tone: str) -> str:
        """Now and then the small marks people add at the end of a post."""
        endings = ENDINGS[tone]
        ending = self.rng.choice(endings)
        if not ending or text.endswith(("?", "!", "…")) or any(ord(c) > 0x2000 for c in text[-2:]):
            return text
        return text.rstrip(".") + ending

    def _tweet_metrics(self, author: Author) -> dict[str, int]:
        reach = max(1, (author.followers or 50) // 40)
        likes = int(self.rng.random() ** 2 * reach) + self.rng.randrange(4)
        return {"retweet_count": likes // 5, "reply_count": self.rng.randrange(3),
                "like_count": likes, "quote_count": likes // 20,
                "impression_count": likes * 30 + self.rng.randrange(200)}

    def _add(self, post: Post) -> None:
        self.posts.append(post)


def build_competitor_corpus(today: date, seed: int = SEED + 1) -> list[Post]:
    """Tweets about the demo's competitor (and a few comparing it with the brand) for the 90
    days ending `today`: their own seed, so the brand's corpus stays the same post for post."""
    builder = CorpusBuilder(today, seed)
    rng, competitor = builder.rng, builder.corpus["competitor"]
    for days_ago in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=days_ago)
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5))):
            lang = "fr" if rng.random() < 0.75 else "en"
            tone = rng.choices(TONES, (40, 35, 25))[0]
            templates = competitor["x"][lang][tone]
            if rng.random() < 0.08:
                templates, tone = competitor["both"][lang], "neutral"
            author = builder.crowd.pick("x", lang, tone)
            text = builder.filler.fill(rng.choice(templates), lang, rival=rng.choice(competitor["rival"]))
            builder._add(Post(f"rival-{len(builder.posts)}", "x", "tweet", local_time(rng, day), lang,
                              tone, builder._decorate(text, tone), author,
                              metrics=builder._tweet_metrics(author)))
    builder.posts.sort(key=lambda p: (p.created_at, p.key))
    return builder.posts


def build_corpus(today: date, seed: int = SEED, hostile: bool = False) -> list[Post]:
    """The public posts of the 90 days ending `today`, oldest first (same seed, same posts).

    `hostile` adds the posts written to break naive pipelines (markup, formulas, control
    characters): tests ask for them; the demo a comms team looks at does not carry them."""
    return CorpusBuilder(today, seed, hostile).build()
