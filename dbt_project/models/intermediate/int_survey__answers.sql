-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- One row per (response, indicator) the respondent answered, as a number whose mean is the estimate:
-- the 0-10 score for the life-satisfaction mean, 1/0 for the rates (SPEC 4). Blank answers have no row.
with answers as (
    select
        responses.batch_id,
        responses.source_row,
        responses.period_start,
        responses.area_id,
        answer.indicator_id,
        answer.x
    from {{ ref('int_survey__responses') }} as responses
    cross join
        lateral (
            values
            ('sv_life_satisfaction_mean', cast(responses.life_satisfaction as double)),
            ('sv_service_satisfied_rate', cast(responses.service_satisfaction >= 4 as double)),
            ('sv_feel_safe_night_rate', cast(responses.feel_safe_night as double)),
            ('sv_good_health_rate', cast(responses.health >= 4 as double)),
            ('sv_environment_satisfied_rate', cast(responses.environment_satisfaction >= 4 as double))
        ) as answer (indicator_id, x)
)

select
    batch_id,
    source_row,
    period_start,
    area_id,
    indicator_id,
    x
from answers
where x is not null
