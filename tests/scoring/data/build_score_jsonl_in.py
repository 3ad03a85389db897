"""Builds score_jsonl_in.jsonl (run from the repository root): varied lines in both languages, and bad lines.

The expected output files beside it were written by `ambassade score --jsonl --workers 1` before
the command was made faster; tests/scoring/test_score_jsonl_unchanged.py holds it to them.
"""
from __future__ import annotations

import json
import random
import sys

sys.path[:0] = ["bench", "."]

from bench_scoring import make_texts  # noqa: E402
from vaderSentiment import vaderSentiment as vs  # noqa: E402

from scoring import french  # noqa: E402

rng = random.Random(20261201)
frw, _ = french.lexicon()
fr_vocab = sorted(frw)[::37][:400] + list(french.BOOSTERS) + sorted(french.NEGATORS) + ["ne", "n'", "plus", "personne"] \
    + [w for k in french.IDIOMS for w in k] + ["mais", "cependant", "par", "contre", "un", "peu", "à", "peine", "malgré", "tout"] \
    + ["j'adore", "c'est", "l'accueil", "qu'il", "trooop", "tréééés", "biennnn", "NUL", "TOP", "Super", "#TropBien", "#LaHonte",
       "@marque", "https://t.co/x", "!", "?", "!!", "…", ":)", ":(", "<3", "😀", "😡", "👍", "💔", "explication ?", "génial,", "le", "la", "les", "est", "et"]
en_vocab = sorted(vs.SentimentIntensityAnalyzer().lexicon)[::101][:300] + list(vs.NEGATE)[:30] + list(vs.BOOSTER_DICT)[:40] \
    + [w for k in vs.SPECIAL_CASES for w in k.split()] + ["but", "BUT", "kind", "of", "least", "no", "nor", "GOOD", "BAD",
       "the", "is", "was", "and", "really", "@brand", "http://t.co/y", "#fail", "lol", "!", "!!!", "?", ":)", ":D", "😀", "😂", "🔥", "💯"]

def salad(vocab, n):
    return " ".join(rng.choice(vocab) for _ in range(n))

texts = []
texts += make_texts(60, seed=1) + make_texts(60, seed=2, french_share=1.0) + make_texts(80, seed=3, french_share=0.5)
texts += [salad(fr_vocab, rng.randint(1, 16)) for _ in range(150)]
texts += [salad(en_vocab, rng.randint(1, 16)) for _ in range(150)]
texts += [salad(fr_vocab + en_vocab, rng.randint(2, 20)) for _ in range(40)]
texts += ["", " ", "\n", "😀😀", "1234 !!!", "https://example.org @someone #tag", "Trop bien !", "I hate queues",
          "bof bof", "Merci !", "So good", "not great", "Guten Morgen, wie geht es dir heute?", "Buenos días, qué tal?",
          "Le service client de Lemoine est vraiment au top", "Super soirée hier soir. So good!",
          "\x00\x07<b>=SUM(A1)</b> merci beaucoup pour tout", "x" * 50, "a\u2028b", "tab\tseparated\tgood",
          "C'EST GÉNIAL", "THIS IS AWESOME but the queue was slow", "pas mal du tout", "ne ... pas terrible"]
long_fr = " ".join(make_texts(40, seed=4, french_share=1.0))
long_en = " ".join(make_texts(40, seed=5))
texts += [long_fr, long_en, long_fr + " " + long_en, long_en + " " + long_fr,
          ("bonjour " * 3000) + " the end is awful", ("great " * 4000) + " nul", "😀 " * 2000]
langs = [None, None, None, "missing", "en", "fr", "EN", "Fr", "de", "", "xx"]
lines = []
ids = iter(range(10**6))
for text in texts:
    lang = rng.choice(langs)
    r = {"id": next(ids) if rng.random() < 0.6 else f"id-{next(ids)}", "text": text}
    if lang != "missing":
        r["lang"] = lang
    lines.append(json.dumps(r, ensure_ascii=rng.random() < 0.5))
# ids of every allowed kind, and duplicates (scored once per chunk)
for ident in ["é-ü", "quote\"back\\slash", "\u2028sep", "😀", "\ud800lone", 2**70, -5, 0, "", "  "]:
    lines.append(json.dumps({"id": ident, "text": "Trop bien !"}))
lines += [lines[5], lines[200], lines[5]]
lines += ['{"id": 1, "id": 2, "text": "dup keys", "text": "je déteste"}', '{"id": 3, "text": "top", "extra": NaN}',
          '{"id": 4, "text": "nested", "x": [[[[]]]]}', '  {"id": 5, "text": "spaces around"}  ', '{"id": 6, "text": "crlf"}\r',
          '{"text": "no id"}', '{"id": 1.0, "text": "float id"}', '{"id": true, "text": "bool id"}', '{"id": null, "text": "x"}',
          '{"id": 7}', '{"id": 8, "text": null}', '{"id": 9, "text": ["a"]}', '{"id": 10, "text": "x", "lang": 5}',
          '{"id": 11, "text": "x", "lang": null}', 'null', '"just a string"', '42', '[1, 2]', 'not json', '{"id": 12,',
          '', '   ', '[' * 5000 + ']' * 5000, '{"id": "\\ud800\\udc00pair", "text": "\\ud83d\\ude00"}']
data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
data += b'{"id":"g","text":"\xff\xfe"}\n' + b'\xef\xbb\xbf{"id": "bom", "text": "good"}\n' + b'{"id": 13, "text": "last, no newline"}'
open("tests/scoring/data/score_jsonl_in.jsonl", "wb").write(data)
print(len(lines), len(data))
