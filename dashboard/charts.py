"""Chart data the pages draw: complete grids, so that no chart interpolates across a gap."""

from __future__ import annotations

import pandas as pd


def sentiment_by_day(daily: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Mentions per (day, sentiment) for every day and every label of `labels`, zeros included.

    `labels` maps each stored label to its shown name, in stacking order; `rank` keeps that
    order whatever the language (alphabetical order differs between "négatif" and "negative").
    """
    days = sorted(daily["day"].unique())
    grid = pd.MultiIndex.from_product([days, list(labels)], names=["day", "label"])
    counts = (daily.groupby(["day", "label"])["mentions"].sum()
              .reindex(grid, fill_value=0).reset_index())
    counts["sentiment"] = counts["label"].map(labels)
    counts["rank"] = counts["label"].map({label: i for i, label in enumerate(labels)})
    counts["mentions"] = counts["mentions"].astype("int64")
    return counts
