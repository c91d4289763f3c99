-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- Every answer of int_survey__answers once per population dimension (decision 026), with the
-- respondent's group in it, plus one 'sv_respondents' row per response and dimension (x = 1). The groups
-- of a dimension partition the respondents: a blank, unrecognised or out-of-range answer is the group
-- 'not_stated', published and protected like any other, so no group is "the rest" that a reader could
-- rebuild by subtracting the published groups from a total.
with responses as (
    select
        batch_id,
        source_row,
        period_start,
        area_id,
        case
            when lower(trim(sex)) in ('female', 'male') then lower(trim(sex))
            else 'not_stated'
        end as sex,
        case
            when age between 15 and 29 then 'under_30'
            when age between 30 and 44 then '30_44'
            when age between 45 and 59 then '45_59'
            when age between 60 and 120 then '60_plus'
            else 'not_stated'
        end as age_band
    from {{ ref('int_survey__responses') }}
),

items as (
    select
        answers.batch_id,
        answers.source_row,
        answers.indicator_id,
        answers.x
    from {{ ref('int_survey__answers') }} as answers

    union all

    select
        batch_id,
        source_row,
        'sv_respondents' as indicator_id,
        1.0 as x
    from responses
),

grouped as (
    select
        responses.period_start,
        responses.area_id,
        'sex' as dimension,
        responses.sex as group_value,
        items.indicator_id,
        items.x
    from items
    inner join responses
        on items.batch_id = responses.batch_id and items.source_row = responses.source_row

    union all

    select
        responses.period_start,
        responses.area_id,
        'age_band' as dimension,
        responses.age_band as group_value,
        items.indicator_id,
        items.x
    from items
    inner join responses
        on items.batch_id = responses.batch_id and items.source_row = responses.source_row
)

select
    period_start,
    area_id,
    dimension,
    group_value,
    indicator_id,
    cast(x as double) as x
from grouped
