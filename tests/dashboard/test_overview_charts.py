"""The overview's charts: every day and label drawn from real counts, in the reader's language."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from dashboard.charts import sentiment_by_day
from tests.dashboard.conftest import run_app


def chart_data(chart) -> tuple[dict, pd.DataFrame]:
    """The Vega-Lite spec of a chart AppTest saw, and the rows it was given."""
    proto = chart.proto
    spec = json.loads(proto.spec)
    table = pa.ipc.open_stream(proto.datasets[0].data.data).read_all()
    return spec, table.to_pandas()


def test_a_day_without_negative_mentions_has_a_zero_row_not_a_gap():
    daily = pd.DataFrame({"day": ["d1", "d1", "d2", "d3"], "source": "x",
                          "label": ["negative", "positive", "positive", "negative"], "mentions": [2, 1, 5, 1]})
    grid = sentiment_by_day(daily, {"positive": "positif", "neutral": "neutre", "negative": "négatif"})
    assert len(grid) == 9
    d2 = grid[grid["day"] == "d2"].set_index("label")["mentions"].to_dict()
    assert d2 == {"positive": 5, "neutral": 0, "negative": 0}
    # The stacking rank follows the catalogue's order, not the alphabet of the language.
    assert grid.drop_duplicates("label").set_index("label")["rank"].to_dict() == {
        "positive": 0, "neutral": 1, "negative": 2}


@pytest.mark.parametrize("lang, negative", [("fr", "négatif"), ("en", "negative")])
def test_sentiment_per_day_draws_zero_negative_on_days_without_one(small_db, lang, negative):
    from store import read_only
    from store.listening import daily_counts

    at = run_app(lang=lang)
    spec, rows = chart_data(at.get("vega_lite_chart")[1])
    assert spec["mark"]["type"] == "area"
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours[negative] == "#c62828"
    assert spec["encoding"]["order"]["field"] == "rank"

    end = pd.Timestamp("2026-11-21", tz="UTC").to_pydatetime()
    with read_only(small_db) as store:
        stored = daily_counts(store, end - pd.Timedelta(days=30), end, ["x", "reddit", "rss"], "Europe/Paris")
    negative_days = set(stored[stored["label"] == "negative"]["day"].dt.strftime("%Y-%m-%d"))
    drawn = rows[rows["sentiment"] == negative].copy()
    drawn["d"] = pd.to_datetime(drawn["day"]).dt.strftime("%Y-%m-%d")
    assert set(drawn["d"]) == set(pd.to_datetime(rows["day"]).dt.strftime("%Y-%m-%d"))  # every day
    without = drawn[~drawn["d"].isin(negative_days)]
    assert len(without) > 0 and (without["mentions"] == 0).all()
    assert (drawn[drawn["d"].isin(negative_days)]["mentions"] > 0).all()


def test_charts_carry_the_french_time_and_number_locale(small_db):
    at = run_app(lang="fr")
    for chart in at.get("vega_lite_chart"):
        spec, _ = chart_data(chart)
        locale = spec["config"]["locale"]
        assert locale["time"]["shortMonths"][11] == "déc."
        assert locale["time"]["shortDays"][2] == "mar."
        assert locale["number"]["decimal"] == ","
    spec, _ = chart_data(at.get("vega_lite_chart")[0])
    assert spec["encoding"]["x"]["title"] == "Jour (heure de Paris)"


def test_english_charts_keep_the_english_locale(small_db):
    at = run_app(lang="en")
    spec, _ = chart_data(at.get("vega_lite_chart")[0])
    assert spec["config"]["locale"]["time"]["months"][11] == "December"
    assert spec["encoding"]["x"]["title"] == "Day (Paris time)"
