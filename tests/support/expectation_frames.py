"""Frames that pass every Great Expectations suite of the repository, and the bad data planted in them.

The suite tests prove each expectation passes on the valid frame and fails on its plant; the raw-batch
gate tests reuse the same frames and plants on a real lake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from orchestration.quality.gx_validation import SuiteResult, validate_frame

RAW = "raw_service_requests_batch"
SURVEY = "raw_survey_batch"
PUBLISH = "publish_indicator_values"
SUMMARY = "publish_data_quality_summary"
COMPONENTS = "publish_wellbeing_components"
NEEDS = "publish_citizen_needs"
LEAGUE = "publish_community_league_table"
SENSITIVITY = "publish_wellbeing_sensitivity"

CATALOG = [
    "sr_resolution_rate",
    "sr_received",
    "sr_finished",
    "sr_backlog_over_30d",
    "sr_per_1000_residents",
    "sr_median_hours_to_finish",
    "sr_median_days_to_finish",
    "sr_satisfaction_mean",
    "survey_wellbeing_index",
    "sv_life_satisfaction_mean",
    "wb_index",
]
PARAMETERS = {PUBLISH: {"catalog_indicator_ids": CATALOG}}


def raw_frame(accepted: int = 19, quarantined: int = 1) -> pd.DataFrame:
    """Accepted rows are clean; quarantined rows are deliberately garbage, proving the row condition."""
    rows = [
        {
            "outcome": "accepted",
            "ticket_id": f"2024-{i:05d}",
            "created_at": pd.Timestamp("2024-03-01", tz="UTC") + pd.Timedelta(hours=i),
            "latitude": float("nan") if i % 4 == 0 else 13.75,
            "longitude": float("nan") if i % 4 == 0 else 100.5,
            "star": None if i % 3 == 0 else 1 + i % 5,
            "count_reopen": i % 2,
            "status_label": "finished",
            "layout": "public_dump" if i % 2 else "exchange_api_v2",
        }
        for i in range(accepted)
    ]
    rows += [
        {
            "outcome": "quarantined",
            "ticket_id": None,
            "created_at": None,
            "latitude": 0.0,
            "longitude": 0.0,
            "star": 9,
            "count_reopen": -4,
            "status_label": None,
            "layout": "unknown",
        }
    ] * quarantined
    frame = pd.DataFrame(rows)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame.astype({"star": "Int64", "count_reopen": "Int64"})


def publish_frame() -> pd.DataFrame:
    values = {
        "sr_resolution_rate": 0.8,
        "sr_received": 120.0,
        "sr_finished": 96.0,
        "sr_backlog_over_30d": 0.0,
        "sr_per_1000_residents": 4.2,
        "sr_median_hours_to_finish": 36.5,
        "sr_median_days_to_finish": 1.5,
        "sr_satisfaction_mean": 3.7,
        "survey_wellbeing_index": 62.0,  # no range rule: proves the conditions do not over-match
        "sv_life_satisfaction_mean": 6.3,
        "wb_index": 6.2,
    }
    rows = [
        {
            "indicator_id": indicator_id,
            "period_start": dt.date(2024, 3, 1),
            "period_grain": "month",
            "area_id": "district_01",
            "category": "all",
            "value": value,
            "numerator": 96.0,
            "denominator": 120.0,
            "sample_size": 120,
            "ci_low": None,
            "ci_high": None,
            "suppressed": False,
            "provisional": False,
        }
        for indicator_id, value in values.items()
    ]
    # A suppressed small cell: null value, same indicator in another area and quarter.
    rows.append(
        {
            **rows[0],
            "area_id": "district_02",
            "period_grain": "quarter",
            "value": None,
            "sample_size": 3,
            "suppressed": True,
        }
    )
    return pd.DataFrame(rows).astype({"sample_size": "Int64", "value": "float64"})


def summary_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "source": ["service_requests", "service_requests", "survey"],
            "outcome": ["accepted", "quarantined", "warned"],
            "reason": [None, "bad_coordinates", "late_submission"],
            "rows": [950, 12, 0],
        }
    )
    return frame.astype({"rows": "Int64"})


def components_frame() -> pd.DataFrame:
    """One used, one suppressed and one small-sample component: left-out rows carry no score."""
    rows = [
        ("sv_life_satisfaction_mean", "people", 6.5, 20, "used", 7.5),
        ("sv_good_health_rate", "people", None, None, "suppressed", None),
        ("sr_finish_rate", "governance", 0.5, 2, "small_sample", None),
    ]
    frame = pd.DataFrame(
        [
            {
                "method_id": "wb-2026.1",
                "period_start": dt.date(2025, 1, 1),
                "period_grain": "quarter",
                "area_id": "PLK-C01",
                "dimension": dimension,
                "indicator_id": indicator_id,
                "weight": 1.0,
                "higher_is_better": True,
                "value": value,
                "sample_size": sample_size,
                "city_value": 6.0,
                "credibility_k": 10.0,
                "adjusted_value": None if score is None else 6.25,
                "goalpost_low": 0.0,
                "goalpost_high": 10.0,
                "status": status,
                "score": score,
            }
            for indicator_id, dimension, value, sample_size, status, score in rows
        ]
    )
    return frame.astype({"sample_size": "Int64", "value": "float64", "score": "float64"})


def needs_frame() -> pd.DataFrame:
    """A community row, a suppressed survey cell (no count) and a quarter without a survey (NA flags)."""
    frame = pd.DataFrame(
        {
            "period_start": [dt.date(2025, 1, 1)] * 3,
            "period_grain": ["quarter"] * 3,
            "area_id": ["PLK-C01", "PLK-C02", "PLK-C03"],
            "top_problem": ["flooding", "waste", "pm25"],
            "problem_name_en": ["Flooding", "Waste", "PM2.5 dust"],
            "problem_name_th": ["น้ำท่วม", "ขยะ", "ฝุ่น PM2.5"],
            "respondents": [6, None, None],
            "share": [0.3, None, None],
            "problem_rank": [1, None, None],
            "survey_suppressed": [False, True, None],
            "city_share": [0.2, 0.1, None],
            "requests": [8, 3, 0],
            "requests_finished": [6, 3, 0],
            "finish_rate": [0.75, 1.0, None],
            "median_hours_to_finish": [30.0, 12.0, None],
            "sla_met_rate": [0.5, 1.0, None],
            "city_finish_rate": [0.8, 0.9, None],
            "city_median_hours_to_finish": [24.0, 20.0, None],
            "is_gap": [True, None, None],
            "gap_p_value": [0.012, None, None],
            "gap_undetermined_reason": [None, None, None],
        }
    )
    return frame.astype(
        {
            "respondents": "Int64",
            "problem_rank": "Int32",
            "survey_suppressed": "boolean",
            "requests": "Int64",
            "is_gap": "boolean",
        }
    )


def league_frame() -> pd.DataFrame:
    """Two ranked communities (one tied at its interval's ends) and one without an index."""
    frame = pd.DataFrame(
        {
            "period_start": [dt.date(2025, 1, 1)] * 3,
            "area_id": ["PLK-C01", "PLK-C02", "PLK-C03"],
            "wb_index": [7.5, 6.0, None],
            "wb_index_rank": [1, 2, None],
            "communities_ranked": [2, 2, 2],
            "rank_low": [1, 1, None],
            "rank_high": [2, 2, None],
            "tier": ["above", "not_distinguishable", None],
        }
    )
    return frame.astype({"wb_index_rank": "Int64", "rank_low": "Int64", "rank_high": "Int64"})


def sensitivity_frame() -> pd.DataFrame:
    """The published scenario (no shift) and a min-max scenario that swaps the two communities."""
    frame = pd.DataFrame(
        {
            "period_start": [dt.date(2025, 1, 1)] * 4,
            "area_id": ["PLK-C01", "PLK-C02"] * 2,
            "scenario": ["goalposts/dimension_weights"] * 2 + ["min_max/dimension_weights"] * 2,
            "normalisation": ["goalposts", "goalposts", "min_max", "min_max"],
            "weighting": ["dimension"] * 4,
            "wb_index": [7.5, 6.0, 3.75, 6.25],
            "rank": [1, 2, 2, 1],
            "published_rank": [1, 2, 1, 2],
            "rank_shift": [0, 0, 1, -1],
        }
    )
    return frame.astype({"rank": "Int64", "published_rank": "Int64", "rank_shift": "Int64"})


def survey_frame(accepted: int = 19, quarantined: int = 1) -> pd.DataFrame:
    """Clean accepted responses plus a refusal whose (garbage) answers the row conditions must ignore."""
    rows = [
        {
            "outcome": "accepted",
            "reason_code": None,
            "area_id": "PLK-C01" if i else "unknown",
            "age": 20 + i,
            "life_satisfaction": i % 11,
            "service_satisfaction": 1 + i % 5,
            "health": 1 + (i + 1) % 5,
            "environment_satisfaction": None if i == 3 else 1 + (i + 2) % 5,
        }
        for i in range(accepted)
    ]
    rows += [
        {
            "outcome": "quarantined",
            "reason_code": "no_consent",
            "area_id": "unknown",
            "age": 240,
            "life_satisfaction": 11,
            "service_satisfaction": 0,
            "health": 9,
            "environment_satisfaction": -1,
        }
    ] * quarantined
    scores = ["age", "life_satisfaction", "service_satisfaction", "health", "environment_satisfaction"]
    return pd.DataFrame(rows).astype(dict.fromkeys(scores, "Int64"))


VALID = {
    RAW: raw_frame,
    SURVEY: survey_frame,
    PUBLISH: publish_frame,
    SUMMARY: summary_frame,
    COMPONENTS: components_frame,
    NEEDS: needs_frame,
    LEAGUE: league_frame,
    SENSITIVITY: sensitivity_frame,
}


def setting(column: str, value: object, row: int = 0) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def plant(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.astype({column: object}) if value is None else frame
        frame.loc[row, column] = value
        return frame

    return plant


def quarantining(extra: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def plant(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[1:extra, "outcome"] = "quarantined"
        return frame

    return plant


def duplicating_first_row(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([frame, frame.iloc[[0]]], ignore_index=True)


def row_of(frame: pd.DataFrame, indicator_id: str) -> int:
    return int(frame.index[frame["indicator_id"] == indicator_id][0])


def setting_value(indicator_id: str, value: float) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda frame: setting("value", value, row_of(frame, indicator_id))(frame)


# (suite, expectation position in the suite file, plant id, plant)
PLANTS = [
    (RAW, 0, "outcome_null", setting("outcome", None)),
    (RAW, 1, "15pct_quarantined", quarantining(2)),
    (RAW, 2, "ticket_id_null", setting("ticket_id", None)),
    (RAW, 3, "created_at_null", setting("created_at", pd.NaT)),
    (RAW, 4, "latitude_50", setting("latitude", 50.0)),
    (RAW, 5, "longitude_10", setting("longitude", 10.0)),
    (RAW, 6, "star_7", setting("star", 7)),
    (RAW, 6, "star_0", setting("star", 0)),
    (RAW, 7, "count_reopen_negative", setting("count_reopen", -1)),
    (RAW, 8, "layout_unknown", setting("layout", "csv_v0")),
    (RAW, 9, "status_label_null", setting("status_label", None)),
    (SURVEY, 0, "outcome_null", setting("outcome", None)),
    (SURVEY, 1, "unmapped_export", setting("reason_code", "unmapped_instrument", row=19)),
    (SURVEY, 2, "25pct_quarantined", quarantining(4)),
    (
        SURVEY,
        3,
        "15pct_unknown_community",
        lambda frame: setting("area_id", "unknown", row=2)(setting("area_id", "unknown", row=1)(frame)),
    ),
    (SURVEY, 4, "life_satisfaction_11", setting("life_satisfaction", 11)),
    (SURVEY, 5, "age_240", setting("age", 240)),
    (SURVEY, 6, "service_0", setting("service_satisfaction", 0)),
    (SURVEY, 7, "health_6", setting("health", 6)),
    (SURVEY, 8, "environment_0", setting("environment_satisfaction", 0)),
    (PUBLISH, 0, "duplicate_grain", duplicating_first_row),
    (PUBLISH, 1, "indicator_id_null", setting("indicator_id", None, row=8)),
    (PUBLISH, 2, "period_start_null", setting("period_start", None)),
    (PUBLISH, 3, "period_grain_null", setting("period_grain", None)),
    (PUBLISH, 4, "area_id_null", setting("area_id", None)),
    (PUBLISH, 5, "category_null", setting("category", None)),
    (PUBLISH, 6, "suppressed_null", setting("suppressed", None)),
    (PUBLISH, 7, "grain_year", setting("period_grain", "year")),
    (PUBLISH, 8, "not_in_catalog", setting("indicator_id", "sr_mystery_score", row=8)),
    (PUBLISH, 9, "rate_above_1", setting_value("sr_resolution_rate", 1.2)),
    (PUBLISH, 9, "rate_below_0", setting_value("sr_resolution_rate", -0.1)),
    (PUBLISH, 10, "hours_negative", setting_value("sr_median_hours_to_finish", -3.0)),
    (PUBLISH, 10, "days_negative", setting_value("sr_median_days_to_finish", -1.0)),
    (PUBLISH, 10, "received_negative", setting_value("sr_received", -1.0)),
    (PUBLISH, 10, "per_1000_negative", setting_value("sr_per_1000_residents", -0.5)),
    (PUBLISH, 11, "satisfaction_5_5", setting_value("sr_satisfaction_mean", 5.5)),
    (PUBLISH, 11, "satisfaction_0_5", setting_value("sr_satisfaction_mean", 0.5)),
    (PUBLISH, 12, "sample_size_negative", setting("sample_size", -1)),
    (PUBLISH, 13, "denominator_negative", setting("denominator", -1.0)),
    (PUBLISH, 14, "life_satisfaction_mean_10_5", setting_value("sv_life_satisfaction_mean", 10.5)),
    (PUBLISH, 15, "wb_index_10_5", setting_value("wb_index", 10.5)),
    (PUBLISH, 15, "wb_index_negative", setting_value("wb_index", -0.5)),
    (PUBLISH, 16, "provisional_null", setting("provisional", None)),
    (SUMMARY, 0, "source_null", setting("source", None)),
    (SUMMARY, 1, "outcome_null", setting("outcome", None)),
    (SUMMARY, 2, "outcome_dropped", setting("outcome", "dropped")),
    (SUMMARY, 3, "rows_null", setting("rows", None)),
    (SUMMARY, 4, "rows_negative", setting("rows", -5)),
    (COMPONENTS, 0, "period_start_null", setting("period_start", None)),
    (COMPONENTS, 1, "area_id_null", setting("area_id", None)),
    (COMPONENTS, 2, "indicator_id_null", setting("indicator_id", None)),
    (COMPONENTS, 3, "status_null", setting("status", None, row=1)),
    (COMPONENTS, 4, "status_unknown", setting("status", "dropped", row=1)),
    (COMPONENTS, 5, "score_10_5", setting("score", 10.5)),
    (COMPONENTS, 5, "score_negative", setting("score", -0.5)),
    (COMPONENTS, 6, "used_without_score", setting("score", None)),
    (COMPONENTS, 7, "suppressed_with_score", setting("score", 4.0, row=1)),
    (COMPONENTS, 8, "weight_0", setting("weight", 0.0)),
    (COMPONENTS, 8, "weight_negative", setting("weight", -1.0)),
    (COMPONENTS, 9, "direction_null", setting("higher_is_better", None)),
    (NEEDS, 0, "period_start_null", setting("period_start", None)),
    (NEEDS, 1, "area_id_null", setting("area_id", None)),
    (NEEDS, 2, "top_problem_null", setting("top_problem", None)),
    (NEEDS, 3, "share_1_2", setting("share", 1.2)),
    (NEEDS, 4, "finish_rate_1_5", setting("finish_rate", 1.5)),
    (NEEDS, 5, "sla_met_rate_negative", setting("sla_met_rate", -0.1)),
    (NEEDS, 6, "median_hours_negative", setting("median_hours_to_finish", -2.0)),
    (NEEDS, 7, "more_finished_than_received", setting("requests_finished", 9)),
    (NEEDS, 8, "suppressed_cell_with_count", setting("respondents", 4, row=1)),
    (NEEDS, 9, "gap_p_value_above_1", setting("gap_p_value", 1.5)),
    (LEAGUE, 0, "rank_better_than_rank_low", setting("rank_low", 2, row=0)),
    (LEAGUE, 1, "rank_worse_than_rank_high", setting("rank_high", 1, row=1)),
    (LEAGUE, 2, "rank_high_past_last_place", setting("rank_high", 3)),
    (LEAGUE, 3, "rank_low_0", setting("rank_low", 0)),
    (LEAGUE, 4, "tier_unknown", setting("tier", "top")),
    (SENSITIVITY, 0, "scenario_null", setting("scenario", None)),
    (SENSITIVITY, 1, "normalisation_unknown", setting("normalisation", "rank_sum")),
    (SENSITIVITY, 2, "weighting_unknown", setting("weighting", "pca")),
    (SENSITIVITY, 3, "rank_0", setting("rank", 0)),
    (SENSITIVITY, 4, "baseline_shifted", setting("rank_shift", 1)),
]


def validate(suite: str, frame: pd.DataFrame) -> SuiteResult:
    return validate_frame(suite, frame, PARAMETERS.get(suite))
