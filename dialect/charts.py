"""Plotly figures shared by the pages (kept out of the pages so they can be tested and reused)."""

from __future__ import annotations

import plotly.graph_objects as go

from dialect.classifier import RegionPrediction
from dialect.regions import korean_name


def probability_bar(prediction: RegionPrediction) -> go.Figure:
    """Horizontal bars of every region's probability, the detected one highlighted."""
    ranked = sorted(prediction.scores.items(), key=lambda item: item[1])
    colours = ["#d62728" if code == prediction.region else "#7f7f7f" for code, _ in ranked]
    figure = go.Figure(
        go.Bar(
            x=[score for _, score in ranked],
            y=[korean_name(code) for code, _ in ranked],
            orientation="h",
            marker_color=colours,
            text=[f"{score:.1%}" for _, score in ranked],
            textposition="auto",
        )
    )
    figure.update_layout(
        xaxis={"range": [0, 1], "tickformat": ".0%", "title": "확률"},
        height=60 + 40 * len(ranked),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return figure
