"""How values are shown: the brand's time zone, numbers in the reader's language, chart locales.

Streamlit's `st.altair_chart` passes the spec's `config.locale` to Vega, which then writes
"mar. 03", "décembre" and "1 234,5" itself: the French chart needs no hand-made labels.
"""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.i18n import lang, t

MISSING = "—"          # an empty score or date, never "None" or "nan"

# d3's fr-FR locales (d3-time-format and d3-format ship these; Vega reads the same shape).
FR_TIME = {
    "dateTime": "%A %e %B %Y à %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
    "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"],
    "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                    "sept.", "oct.", "nov.", "déc."],
}
FR_NUMBER = {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"],
             "percent": "\u202f%"}
EN_TIME = {
    "dateTime": "%a %b %e %X %Y", "date": "%m/%d/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
    "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    "months": ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"],
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
EN_NUMBER = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}
DAY_FORMAT = "%a %d %b"          # axis labels: "mar. 03 nov." / "Tue 03 Nov"
DATETIME_FORMAT = "DD/MM/YYYY HH:mm"


def vega_locale() -> dict[str, dict]:
    """Vega's number and time locale for the reader's language."""
    if lang() == "fr":
        return {"number": FR_NUMBER, "time": FR_TIME}
    return {"number": EN_NUMBER, "time": EN_TIME}


def localised(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """The chart with dates and numbers written in the reader's language, and `description`
    (the chart's title in that language) as what a screen reader says of it.

    Vega-Lite writes its own ARIA descriptions of axes, legends and marks in English ("X-axis
    titled … for a time scale with values from …", "bar"): `aria=False` leaves them out, and
    the chart's description replaces Vega's default "Vega visualization" label."""
    return chart.properties(description=description).configure(locale=vega_locale(), aria=False)


def heading(text: str) -> None:
    """A page's title. Streamlit gives a title a "Link to heading" anchor, labelled in English
    whatever the language (tests/e2e/test_offline_browser.py): ours have none."""
    st.title(text, anchor=False)


def subheading(text: str) -> None:
    """A section's title, without Streamlit's English-labelled anchor (see `heading`)."""
    st.subheader(text, anchor=False)


def choice(label: str, options, **kwargs):
    """`st.selectbox` whose empty state reads in the reader's language (Streamlit's own
    "Choose an option" is English whatever the language)."""
    return st.selectbox(label, options, placeholder=t("choose_one"), **kwargs)


def brand_zone() -> str:
    """The IANA zone in which times are shown ([brand] timezone, Europe/Paris by default)."""
    from dashboard.settings import configured  # noqa: PLC0415 - settings import st caches

    settings = configured()
    return settings.brand.timezone if settings else "Europe/Paris"


def zone_label() -> str:
    """ "heure de Paris" / "Paris time", or the zone's own name for a zone we have no words for."""
    zone = brand_zone()
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return t("zone_city", city=city) if "/" in zone else zone


def timed(label: str) -> str:
    """A date column's header that says in which zone its times are: "Date (heure de Paris)"."""
    return f"{label} ({zone_label()})"


def to_zone(values: pd.Series) -> pd.Series:
    """UTC times as wall-clock times of the brand's zone (naive: the grid then shows them as is)."""
    moments = pd.to_datetime(values, utc=True)
    return moments.dt.tz_convert(ZoneInfo(brand_zone())).dt.tz_localize(None)


def number(value: float | int | None, digits: int = 0) -> str:
    """1234.5 as "1 234,5" in French, "1,234.5" in English; None as "—"."""
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    text = f"{value:,.{digits}f}"
    if lang() == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def sample_percent(share: float) -> str:
    """A sample's share in percent, with its first significant digit below 1 %: 0.00203 as
    "0,2" in French, 0.25 as "25" (a 10M store's topics read 0.2 %, which 0 digits showed as 0)."""
    value = 100 * share
    digits = 0 if value >= 1 or value <= 0 else -math.floor(math.log10(value))
    return number(round(value, digits), digits)


def percent(share: float) -> str:
    """0.25 as "25 %" in French, "25%" in English."""
    return f"{number(share * 100)}\u202f%" if lang() == "fr" else f"{number(share * 100)}%"


def change_percent(change: float) -> str:
    """A relative change with its sign: 0.25 as "+25 %" in French, 12.5 as "+1,250%" in English,
    -0.5 as "-50 %"; no sign when it rounds to 0."""
    shown = percent(change)
    return f"+{shown}" if round(change * 100) > 0 else shown


def scores(frame: pd.DataFrame, columns: list[str], digits: int = 2) -> pd.DataFrame:
    """Score columns as text in the reader's language, "—" where there is no score."""
    out = frame.copy()
    for column in columns:
        out[column] = [number(None if pd.isna(v) else float(v), digits) for v in out[column]]
    return out


def decimals(label: str, digits: int = 2, **kwargs) -> dict:
    """A grid column of numbers with `digits` decimals in the browser's number format ("46,50"
    in French). Printf formats ("%.2f") always write a point: Streamlit's grid gives its
    "localized" format to the browser's Intl.NumberFormat, and `step` sets the decimals."""
    return st.column_config.NumberColumn(label, format="localized", step=10 ** -digits, **kwargs)


def bar(label: str, low: float, high: float, digits: int = 2, **kwargs) -> dict:
    """A progress-bar column whose number is written as `decimals` writes it."""
    return st.column_config.ProgressColumn(label, min_value=low, max_value=high, format="localized",
                                           step=10 ** -digits, **kwargs)


def dashes(frame: pd.DataFrame, columns: list[str], digits: int = 0) -> pd.DataFrame:
    """These columns as text, numbers in the reader's language, "—" where a value is missing
    (the grid would write "None")."""
    out = frame.copy()
    for column in columns:
        if column not in out.columns:
            continue
        values = out[column]
        if pd.api.types.is_numeric_dtype(values):
            out[column] = [number(None if pd.isna(v) else float(v), digits) for v in values]
        elif pd.api.types.is_datetime64_any_dtype(values):
            local = to_zone(values)
            out[column] = [MISSING if pd.isna(v) else v.strftime("%d/%m/%Y %H:%M") for v in local]
        else:
            out[column] = [MISSING if v is None or (isinstance(v, float) and v != v) else v for v in values]
    return out
