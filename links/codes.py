"""Opaque codes: random, unguessable, never derived from an id, a name or a counter."""

from __future__ import annotations

import random
import re
import secrets

# Letters and digits only: safe in a path, in a query value and in running text, and
# inside the `[A-Za-z0-9_-]{4,64}` that share detection reads (collectors.shares).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
CODE_LENGTH = 12                 # 62**12 ≈ 3·10^21: about 71 bits, not to be guessed or enumerated
CODE_RE = re.compile(r"^[A-Za-z0-9]{8,64}$")


def new_code(length: int = CODE_LENGTH, rng: random.Random | None = None) -> str:
    """A fresh code from the operating system's cryptographic random source.

    `rng` is for the demo only (a seeded generator, so that its database is reproducible);
    real links never pass one."""
    choice = rng.choice if rng is not None else secrets.choice
    return "".join(choice(ALPHABET) for _ in range(length))


def is_code(text: str) -> bool:
    """Whether `text` has the shape of a code (the redirector answers 404 to anything else)."""
    return bool(CODE_RE.match(text))
