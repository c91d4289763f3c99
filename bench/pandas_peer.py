"""The pandas peer: the published sr_* indicators as an analyst would write them in pandas.

Read every export, normalise both layouts into one frame, keep each ticket's latest observation, then
group. Vectorised throughout (no Python loop per row), but with pandas' usual habits: every file read
whole into memory as text, intermediate frames kept, one group-by per month for the backlog. It applies
the same field rules as the floor (see ``bench/floor.py``), so all three must agree to the last count.

    python -m bench.pandas_peer INBOX_DIR OUT.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from bench.reference import (
    AREA_RADIUS_KM,
    BUDDHIST_ERA_FROM,
    EARTH_RADIUS_KM,
    FUTURE_TOLERANCE_DAYS,
    MAX_COUNT,
    RESULT_COLUMNS,
    parameters,
    seed,
)

BANGKOK = "Asia/Bangkok"
_OFFSET = r"(?:[+-]\d\d(?::?\d\d)?|Z)$"
_AREA_CHUNK = 500_000  # tickets per block of the ticket × community distance matrix
# The columns the indicators read, in either layout; descriptions, addresses and photos are not read.
_USED_COLUMNS = {
    "ticket_id",
    "type",
    "coords",
    "latitude",
    "longitude",
    "timestamp",
    "last_activity",
    "timestamp_finished",
    "state",
    "status",
    "star",
    "count_reopen",
}


def _timestamps(raw: pd.Series) -> pd.Series:
    """UTC instants in microseconds: offsets honoured, none = Bangkok, B.E. years made C.E."""
    text = raw.str.strip()
    year = pd.to_numeric(text.str[:4], errors="coerce")
    buddhist = year >= BUDDHIST_ERA_FROM
    if buddhist.any():
        text = text.where(~buddhist, (year - 543).astype("Int64").astype(str) + text.str[4:])
    with_offset = text.str.contains(_OFFSET, regex=True, na=False)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    if with_offset.any():
        parsed[with_offset] = pd.to_datetime(text[with_offset], format="ISO8601", errors="coerce", utc=True)
    local = ~with_offset & text.ne("")
    if local.any():
        naive = pd.to_datetime(text[local], format="ISO8601", errors="coerce")
        parsed[local] = naive.dt.tz_localize(BANGKOK).dt.tz_convert("UTC")
    return parsed.astype("datetime64[us, UTC]")


def _whole_numbers(raw: pd.Series, low: int, high: int) -> pd.Series:
    number = pd.to_numeric(raw.str.strip(), errors="coerce")
    valid = number.between(low, high) & (number == np.floor(number))
    return number.where(valid).astype("Int64")


def read_exports(folder: Path) -> pd.DataFrame:
    """Every row of every export (sorted by file name: the landing order) in one canonical frame."""
    frames = []
    for file_rank, path in enumerate(sorted(folder.glob("*.csv")), start=1):
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=lambda c: c in _USED_COLUMNS
        )
        if "coords" in raw:  # public dump layout: coords is "lon,lat"
            parts = raw["coords"].str.partition(",")
            lon, lat = parts[0], parts[2]
            status, finished = raw["state"], pd.Series("", index=raw.index)
        else:  # exchange API v2 layout
            lat, lon = raw["latitude"], raw["longitude"]
            status, finished = raw["status"], raw["timestamp_finished"]
        frames.append(
            pd.DataFrame(
                {
                    "ticket_id": raw["ticket_id"].str.strip(),
                    "type": raw["type"],
                    "lat": pd.to_numeric(lat.str.strip(), errors="coerce"),
                    "lon": pd.to_numeric(lon.str.strip(), errors="coerce"),
                    "created_raw": raw["timestamp"],
                    "last_activity_raw": raw["last_activity"],
                    "finished_raw": finished,
                    "status_label": status.str.strip(),
                    "star": _whole_numbers(raw["star"], 1, 5),
                    "count_reopen": _whole_numbers(raw["count_reopen"], 0, MAX_COUNT),
                    "file_rank": file_rank,
                    "source_row": np.arange(1, len(raw) + 1),
                }
            )
        )
    observations = pd.concat(frames, ignore_index=True)
    limit = pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=FUTURE_TOLERANCE_DAYS)
    observations["created_at"] = _timestamps(observations.pop("created_raw"))
    for column in ("last_activity", "finished"):
        moment = _timestamps(observations.pop(f"{column}_raw"))
        observations[f"{column}_at"] = moment.where(~(moment > limit))
    in_thailand = observations["lat"].between(5, 21) & observations["lon"].between(97, 106)
    observations[["lat", "lon"]] = observations[["lat", "lon"]].where(in_thailand, axis=0)
    accepted = observations["ticket_id"].ne("") & observations["created_at"].notna()
    return observations[accepted & ~(observations["created_at"] > limit)]


def _epoch_seconds(moment: pd.Series) -> pd.Series:
    return (moment - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1) / 1e6


def _nearest_areas(tickets: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Nearest community centroid within the radius (haversine), else 'unassigned'."""
    area_lat = areas["centroid_lat"].to_numpy()
    area_lon = areas["centroid_lon"].to_numpy()
    result = np.full(len(tickets), "unassigned", dtype=object)
    lat_all, lon_all = tickets["lat"].to_numpy(), tickets["lon"].to_numpy()
    for start in range(0, len(tickets), _AREA_CHUNK):
        lat = lat_all[start : start + _AREA_CHUNK, None]
        lon = lon_all[start : start + _AREA_CHUNK, None]
        a = np.sin(np.radians(area_lat - lat) / 2) ** 2 + np.cos(np.radians(lat)) * np.cos(
            np.radians(area_lat)
        ) * (np.sin(np.radians(area_lon - lon) / 2) ** 2)
        distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
        nearest = np.argmin(np.where(np.isnan(distance), np.inf, distance), axis=1)
        best = distance[np.arange(len(nearest)), nearest]
        block = np.where(best <= AREA_RADIUS_KM, areas["area_id"].to_numpy()[nearest], "unassigned")
        result[start : start + len(block)] = block
    return pd.Series(result, index=tickets.index)


def current_tickets(observations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Each ticket's latest observation (ties: the later file, then the later row), with its measures.

    Returns the tickets (indexed by ticket_id), the ticket-category bridge and the areas reference.
    """
    params = parameters()
    observations = observations.assign(
        recency=observations["last_activity_at"].fillna(observations["created_at"])
    )
    latest = observations.sort_values(["ticket_id", "recency", "file_rank", "source_row"]).drop_duplicates(
        "ticket_id", keep="last"
    )
    statuses = pd.read_csv(seed("ref_statuses"), dtype=str)
    categories = pd.read_csv(seed("ref_categories"), dtype={"sla_hours": "float"})
    areas = pd.read_csv(seed("ref_areas"))
    tickets = latest.merge(statuses, on="status_label", how="left").set_index("ticket_id")
    tickets["is_finished"] = tickets["status_type"].eq("finished")
    tickets["finished_at"] = (
        tickets["finished_at"].fillna(tickets["last_activity_at"]).where(tickets["is_finished"])
    )
    labels = (
        tickets["type"]
        .fillna("")
        .str.strip()
        .str.replace(r"^\{|\}$", "", regex=True)
        .str.split(",")
        .explode()
        .str.strip(' "')
    )
    labels = labels[labels.ne("")]
    category_of = dict(zip(categories["label_th"], categories["category_code"], strict=True))
    bridge = pd.DataFrame({"category": labels.map(category_of).fillna("other")}, index=labels.index)
    unlabelled = tickets.index.difference(bridge.index)
    bridge = pd.concat([bridge, pd.DataFrame({"category": "unspecified"}, index=unlabelled)])
    bridge = bridge.reset_index().drop_duplicates()
    sla_of = categories.set_index("category_code")["sla_hours"].fillna(params.default_sla_hours)
    sla = bridge.assign(sla=bridge["category"].map(sla_of)).groupby("ticket_id")["sla"].min()
    # Seconds since the epoch as doubles, then hours: the same arithmetic as the dbt model's epoch().
    raw_hours = (_epoch_seconds(tickets["finished_at"]) - _epoch_seconds(tickets["created_at"])) / 3600.0
    tickets["hours"] = raw_hours.where(raw_hours >= 0)
    tickets["sla_met"] = tickets["hours"] <= sla.reindex(tickets.index)  # False when there is no duration
    # Open past the SLA deadline at the data cut-off: decided as missed (the censored SLA rate).
    due = tickets["created_at"] + pd.to_timedelta(sla.reindex(tickets.index), unit="h")
    tickets["sla_overdue"] = ~tickets["is_finished"] & (due <= data_cutoff(observations))
    tickets["reopened"] = tickets["count_reopen"].fillna(0) > 0
    local = tickets["created_at"].dt.tz_convert(BANGKOK).dt.tz_localize(None).to_numpy()
    tickets["period_start"] = local.astype("datetime64[M]").astype("datetime64[s]")
    tickets["area_id"] = _nearest_areas(tickets, areas)
    return tickets, bridge, areas


def fan_out(tickets: pd.DataFrame, bridge: pd.DataFrame) -> pd.DataFrame:
    """Each ticket once per (own area | 'ALL') × (each category | 'ALL')."""
    columns = [
        "period_start",
        "area_id",
        "created_at",
        "is_finished",
        "finished_at",
        "hours",
        "sla_met",
        "sla_overdue",
        "reopened",
        "star",
    ]
    by_category = pd.concat(
        [bridge.set_index("ticket_id"), pd.DataFrame({"category": "ALL"}, index=tickets.index)]
    ).join(tickets[columns])
    return pd.concat([by_category, by_category.assign(area_id="ALL")], ignore_index=True)


def monthly_indicators(rows: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    keys = ["period_start", "area_id", "category"]
    grouped = rows.groupby(keys, sort=False)
    cells = grouped.agg(
        received=("is_finished", "size"),
        finished=("is_finished", "sum"),
        timed=("hours", "count"),
        mean_hours=("hours", "mean"),
        sla_met=("sla_met", "sum"),
        sla_overdue=("sla_overdue", "sum"),
        reopened=("reopened", "sum"),
        rated=("star", "count"),
        star_mean=("star", "mean"),
    )
    cells["sla_decided"] = cells["timed"] + cells["sla_overdue"]
    cells["median_hours"] = grouped["hours"].quantile(0.5)
    cells["p90_hours"] = grouped["hours"].quantile(0.9)
    population = areas.set_index("area_id")["population"].astype(float)
    population["ALL"] = population.sum()
    cells["population"] = cells.index.get_level_values("area_id").map(population)
    cells = cells.reset_index()
    definitions = {
        "sr_received": ("received", "received", None, "received"),
        "sr_finished": ("finished", "finished", None, "received"),
        "sr_finish_rate": (cells["finished"] / cells["received"], "finished", "received", "received"),
        "sr_median_hours_to_finish": ("median_hours", None, None, "timed"),
        "sr_p90_hours_to_finish": ("p90_hours", None, None, "timed"),
        "sr_mean_days_to_finish": (cells["mean_hours"] / 24.0, None, None, "timed"),
        "sr_sla_met_rate": (
            cells["sla_met"] / cells["sla_decided"].where(cells["sla_decided"] > 0),
            "sla_met",
            "sla_decided",
            "sla_decided",
        ),
        "sr_reopen_rate": (cells["reopened"] / cells["received"], "reopened", "received", "received"),
        "sr_satisfaction_mean": ("star_mean", None, None, "rated"),
        "sr_per_1000_residents": (
            cells["received"] * 1000.0 / cells["population"],
            "received",
            "population",
            "received",
        ),
    }
    frames = []
    for indicator_id, (value, numerator, denominator, sample_size) in definitions.items():
        frames.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator_id,
                    **{key: cells[key] for key in keys},
                    "value": cells[value] if isinstance(value, str) else value,
                    "numerator": cells[numerator] if numerator else np.nan,
                    "denominator": cells[denominator] if denominator else np.nan,
                    "sample_size": cells[sample_size],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def data_cutoff(observations: pd.DataFrame) -> pd.Timestamp:
    """The data's latest time: the latest creation or activity of any observation."""
    return pd.concat([observations["created_at"], observations["last_activity_at"]]).max()


def backlog(rows: pd.DataFrame, observations: pd.DataFrame, first_month) -> pd.DataFrame:
    """Open tickets older than the backlog age at each month's end (or the data cut-off)."""
    age = pd.Timedelta(days=parameters().backlog_age_days)
    latest = data_cutoff(observations)
    last_month = latest.tz_convert(BANGKOK).tz_localize(None).to_period("M")
    frames = []
    for month in pd.period_range(pd.Period(first_month, "M"), last_month, freq="M"):
        month_end = (month + 1).start_time.tz_localize(BANGKOK).tz_convert("UTC")
        measured = min(month_end, latest)
        present = rows[rows["created_at"] <= measured]
        open_old = (present["created_at"] <= measured - age) & (
            present["finished_at"].isna() | (present["finished_at"] > measured)
        )
        counts = (
            open_old.groupby([present["area_id"], present["category"]]).sum().rename("backlog").reset_index()
        )
        frames.append(counts.assign(period_start=month.start_time.date()))
    cells = pd.concat(frames, ignore_index=True)
    return pd.DataFrame(
        {
            "indicator_id": "sr_backlog_over_30d",
            "period_start": cells["period_start"],
            "area_id": cells["area_id"],
            "category": cells["category"],
            "value": cells["backlog"].astype(float),
            "numerator": cells["backlog"].astype(float),
            "denominator": np.nan,
            "sample_size": cells["backlog"],
        }
    )


def compute(inbox: Path, out: Path) -> int:
    observations = read_exports(inbox / "service_requests")
    tickets, bridge, areas = current_tickets(observations)
    rows = fan_out(tickets, bridge)
    result = pd.concat(
        [monthly_indicators(rows, areas), backlog(rows, observations, tickets["period_start"].min())],
        ignore_index=True,
    )
    result = result[result["value"].notna()]
    result = result.astype(
        {"value": float, "numerator": float, "denominator": float, "sample_size": "int64"}
    )[list(RESULT_COLUMNS)]
    result["period_start"] = pd.to_datetime(result["period_start"]).dt.date
    result.to_parquet(out, index=False)
    return len(result)


def main(argv: list[str]) -> int:
    inbox, out = Path(argv[0]), Path(argv[1])
    print(f"pandas peer: {compute(inbox, out):,} sr_* rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
