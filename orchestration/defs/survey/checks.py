"""The survey raw gate: every landed survey batch passes its suite, or an operator decided."""

from orchestration.defs.raw_batch_check import build_raw_batch_check
from orchestration.defs.survey.assets import RAW_SURVEY
from orchestration.sources.survey.source import RAW_SUITE, RAW_SUITE_COLUMNS, SOURCE, survey_lake

survey_batches_check = build_raw_batch_check(RAW_SURVEY, SOURCE, survey_lake, RAW_SUITE, RAW_SUITE_COLUMNS)
