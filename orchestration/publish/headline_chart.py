"""A small-multiples PNG of the city's headline indicators, embedded in the publish asset's page.

The Dagster UI renders Markdown metadata, including an image given as a data URI, so an engineer sees
the trend of the last twelve months at a glance without opening a BI tool.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import date

# Titles and units of the headline indicators, in the order the chart's panels are drawn.
PANEL_TITLES = {
    "sr_received": "Requests received",
    "sr_finish_rate": "Finish rate",
    "sr_median_hours_to_finish": "Median hours to finish",
    "sr_satisfaction_mean": "Satisfaction (1-5 stars)",
}


def headline_chart_png(months: Sequence[date], series: dict[str, Sequence[float | None]]) -> bytes:
    """One line panel per indicator over ``months``; a missing value is a gap, not a zero."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server; chosen before pyplot is imported
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(2, 2, figsize=(9, 5), dpi=80, sharex=True)
    for axis, (indicator_id, title) in zip(axes.flat, PANEL_TITLES.items(), strict=True):
        values = [float("nan") if value is None else value for value in series[indicator_id]]
        axis.plot(months, values, marker="o", color="#1f6f8b")
        axis.set_title(title, fontsize=10)
        axis.grid(alpha=0.3)
        axis.tick_params(labelsize=8)
    figure.suptitle("City-wide, last 12 months", fontsize=11)
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def markdown_image(png: bytes, alt: str) -> str:
    return f"![{alt}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"
