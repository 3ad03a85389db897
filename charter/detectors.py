"""Pattern detectors for personal data and secrets: e-mails, phones, IBANs, addresses, ID numbers.

Each detector reads folded text (lower case, so patterns are written in lower case) and
yields (start, end, kind) in folded offsets; checksums (IBAN mod 97, Luhn, the French NIR
key, by phonenumbers and python-stdnum) keep digits that merely look like an ID from being
reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn as stdnum_luhn
from stdnum.fr import nir as stdnum_nir
from stdnum.us import ssn as stdnum_ssn

Hit = tuple[int, int, str]

_EMAIL = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63})@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24})(?![\w-])")
# Where a number written without "+country" is read. Only national forms that start with the
# trunk "0" (France and its neighbours, the UK, Ireland…) or that are ten North American digits
# are tried: bare digit runs of other shapes (order numbers, SIRET, dates, prices) are valid
# numbers somewhere in the world and would read as phones.
PHONE_REGIONS = ("FR", "BE", "CH", "LU", "MC", "GB", "IE", "DE", "NL", "IT", "AT")
NANP_REGIONS = ("US", "CA")
# A run of digits with the separators phone numbers use; each run is then checked by phonenumbers.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+/,.])(?:(?:\+|00)\s?)?\(?\d[\d \t.\-()]{6,22}\d(?![\w/]|[,.]\d)")
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
    """Phone numbers: any digit run that libphonenumber (`phonenumbers`) finds valid in one of
    PHONE_REGIONS or in its "+country" form, and the usual French, "+country" and North
    American shapes even when the number is not assigned (555, drama ranges: a number written
    out in a post is someone's number as far as the reader can tell)."""
    seen: list[tuple[int, int]] = []
    for m in _PHONE_CANDIDATE.finditer(folded):
        digits = sum(c.isdigit() for c in m.group())
        if 8 <= digits <= 15 and _valid_phone(m.group()):
            seen.append((m.start(), m.end()))
    for pattern in (_PHONE_FR, _PHONE_INTL, _PHONE_NANP):
        for m in pattern.finditer(folded):
            digits = sum(c.isdigit() for c in m.group())
            if not 8 <= digits <= 15 or any(s < m.end() and m.start() < e for s, e in seen):
                continue
            if m.group().startswith("00") and digits < 10:  # "00" + a few digits is rarely a phone
                continue
            seen.append((m.start(), m.end()))
    for start, end in sorted(seen):
        yield start, end, "phone"


def _valid_phone(candidate: str) -> bool:
    text = candidate.strip(" .-")
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d+[.,]\d+", text):  # 0.123456789 is a decimal, not a number to call
        return False
    if text.startswith(("+", "00")):
        regions: tuple[str | None, ...] = (None,)
        text = "+" + text.lstrip("+0").lstrip() if text.startswith("00") else text
    elif digits.startswith("0"):
        regions = PHONE_REGIONS
    elif len(digits) == 10 and digits[0] not in "01":
        regions = NANP_REGIONS
    else:
        return False
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def ibans(folded: str) -> Iterator[Hit]:
    """IBANs that python-stdnum validates: the country's length and format, mod 97, national keys."""
    for m in _IBAN.finditer(folded):
        compact = m.group(1).replace(" ", "").upper()
        if 15 <= len(compact) <= 34 and stdnum_iban.is_valid(compact):
            yield m.start(), m.end(), "iban"


def id_numbers(folded: str) -> Iterator[Hit]:
    """French social-security numbers (NIR, key checked), US SSNs, card numbers (Luhn), ID
    documents named as such; the checks are python-stdnum's."""
    for m in _NIR.finditer(folded):
        if stdnum_nir.is_valid("".join(m.groups()).upper()):
            yield m.start(), m.end(), "nir"
    for m in _SSN.finditer(folded):
        if stdnum_ssn.is_valid(m.group()):
            yield m.start(), m.end(), "ssn"
    for m in _CARD.finditer(folded):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and len(set(digits)) > 2 and stdnum_luhn.is_valid(digits):
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
