"""Pattern detectors for personal data and secrets: e-mails, phones, IBANs, addresses, ID numbers.

Each detector reads folded text (lower case, so patterns are written in lower case) and
yields (start, end, kind) in folded offsets; checksums (IBAN mod 97, Luhn, the French NIR
key) keep digits that merely look like an ID from being reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Hit = tuple[int, int, str]

_EMAIL = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63})@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24})(?![\w-])")
_PHONE_FR = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\w)")
_PHONE_INTL = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9][\d\s.\-()]{6,22}\d(?![\w])")
_PHONE_NANP = re.compile(r"(?<![\w+])\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?!\w)")
_IBAN = re.compile(r"(?<![a-z0-9])([a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,4})?)(?![a-z0-9])")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_NIR = re.compile(r"(?<!\d)([12])\s?(\d{2})\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2a|2b)\s?(\d{3})\s?(\d{3})\s?(\d{2})(?!\d)")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_ID_CONTEXT = re.compile(
    r"(?:passeport|passport|carte d'identite|carte nationale d'identite|\bcni\b|id card|"
    r"identity card|permis de conduire|driving licen[cs]e|driver'?s licen[cs]e|numero de secu\w*|"
    r"n[°o] de secu\w*|securite sociale|social security)[^\n]{0,30}?"
    r"(?P<id>\b(?=[a-z0-9]*\d)[a-z0-9]{6,14}\b)"
)
_STREET_FR = (r"rue|avenue|av\.|bd|boulevard|place|pl\.|allee|impasse|chemin|quai|route|cours|"
              r"square|passage|faubourg|fbg|cite|residence|lotissement|hameau|voie|sentier")
_ADDRESS_FR = re.compile(
    r"(?<![\w,])\d{1,4}\s?(?:bis|ter|b|t)?,?\s+(?:" + _STREET_FR + r")\s+"
    r"(?:(?:de la|de l'|du|des|de|d'|la|le|les|l')\s*)?[\w'\-]+(?:[ \t]+[\w'\-]+){0,4}?"
    r"(?:,?\s+\d{5}(?:\s+[\w'\-]+){1,3})?(?=[\s,.;:!?)]|$)"
)
_STREET_EN = (r"street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|"
              r"court|ct\.?|place|terrace|way|close|crescent|gardens")
_ADDRESS_EN = re.compile(
    r"(?<![\w,])\d{1,5}\s+(?:[a-z][\w'\-]*\s+){1,3}(?:" + _STREET_EN + r")(?!\w)"
    r"(?:,?\s+(?:apt|flat|unit|suite)\.?\s*\w+)?"
    r"(?:,?\s+[a-z][\w'\-]+(?:\s+[a-z][\w'\-]+)?,?\s+(?:[a-z]{2}\s+\d{5}|[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}))?"
)
_SECRET = re.compile(
    r"(?:mot de passe|mdp|password|passwd|pwd|code wifi|wifi password|pin|login)\s*[:=]\s*\S{4,}"
    r"|akia[0-9a-z]{16}|(?<!\w)sk-[a-z0-9_\-]{20,}|ghp_[a-z0-9]{30,}|xox[abp]-[a-z0-9\-]{10,}"
    r"|-----begin [a-z ]*private key-----"
    r"|(?:(?:door|access|alarm|safe|gate|entry) code|code (?:de la porte|d'acces|de l'alarme|du coffre|d'entree)|digicode)"
    r"\s*(?:is|est|c'est|:|=)?\s*\d{3,8}(?!\d)"
)


def emails(folded: str) -> Iterator[Hit]:
    """E-mail addresses; the kind is the local part, so role mailboxes can be told apart."""
    for m in _EMAIL.finditer(folded):
        yield m.start(), m.end(), m.group(1)


def phones(folded: str) -> Iterator[Hit]:
    """French and international phone numbers (8 to 15 digits)."""
    seen: list[tuple[int, int]] = []
    for pattern in (_PHONE_FR, _PHONE_INTL, _PHONE_NANP):
        for m in pattern.finditer(folded):
            digits = sum(c.isdigit() for c in m.group())
            if not 8 <= digits <= 15 or any(s <= m.start() < e for s, e in seen):
                continue
            if m.group().startswith("00") and digits < 10:  # "00" + a few digits is rarely a phone
                continue
            seen.append((m.start(), m.end()))
            yield m.start(), m.end(), "phone"


def ibans(folded: str) -> Iterator[Hit]:
    """IBANs that pass the mod-97 check."""
    for m in _IBAN.finditer(folded):
        compact = m.group(1).replace(" ", "").upper()
        if 15 <= len(compact) <= 34 and iban_is_valid(compact):
            yield m.start(), m.end(), "iban"


def iban_is_valid(iban: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    rearranged = iban[4:] + iban[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def luhn_is_valid(digits: str) -> bool:
    """The Luhn checksum of card numbers."""
    total, double = 0, False
    for c in reversed(digits):
        d = int(c) * (2 if double else 1)
        total += d - 9 if d > 9 else d
        double = not double
    return total % 10 == 0


def nir_is_valid(m: re.Match[str]) -> bool:
    """The French social-security number key: 97 - (number mod 97), with Corsica's 2A/2B."""
    body = "".join(m.groups()[:6])
    body = body.replace("2a", "19").replace("2b", "18")
    return 97 - int(body) % 97 == int(m.group(7))


def id_numbers(folded: str) -> Iterator[Hit]:
    """French social-security numbers (key checked), US SSNs, card numbers (Luhn), ID documents named as such."""
    for m in _NIR.finditer(folded):
        if nir_is_valid(m):
            yield m.start(), m.end(), "nir"
    for m in _SSN.finditer(folded):
        yield m.start(), m.end(), "ssn"
    for m in _CARD.finditer(folded):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_is_valid(digits) and len(set(digits)) > 2:
            yield m.start(), m.end(), "card"
    for m in _ID_CONTEXT.finditer(folded):
        yield m.start("id"), m.end("id"), "id-document"


def addresses(folded: str) -> Iterator[Hit]:
    """Street addresses, French ("12 rue des Lilas, 75011 Paris") and English ("221 Baker Street")."""
    for pattern in (_ADDRESS_FR, _ADDRESS_EN):
        for m in pattern.finditer(folded):
            yield m.start(), m.end(), "address"


def secrets(folded: str) -> Iterator[Hit]:
    """Passwords, door codes and API keys written out."""
    for m in _SECRET.finditer(folded):
        yield m.start(), m.end(), "secret"


DETECTORS: dict[str, Callable[[str], Iterator[Hit]]] = {
    "email": emails,
    "phone": phones,
    "iban": ibans,
    "id_number": id_numbers,
    "address": addresses,
    "secret": secrets,
}
