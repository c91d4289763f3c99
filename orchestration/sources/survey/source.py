"""The citizen-survey source: its name and where its batches live."""

from orchestration.lake.store import LakeLayout, source_lake

SOURCE = "survey"


def survey_lake() -> LakeLayout:
    """The lake and quarantine folders of survey responses under ``$CITY_DATA_DIR``."""
    return source_lake(SOURCE)


# The raw suite every landed batch must pass (expectations/), and the accepted columns it reads.
RAW_SUITE = "raw_survey_batch"
RAW_SUITE_COLUMNS = (
    "area_id",
    "age",
    "life_satisfaction",
    "service_satisfaction",
    "health",
    "environment_satisfaction",
)
