-- Every sv_* indicator of SPEC 4 per quarter and area (communities and the city, 'ALL').
-- A community cell with fewer than min_cell_respondents answers is suppressed; when exactly one cell of
-- an indicator in a quarter is suppressed, the next-smallest community cell is suppressed too, so the
-- hidden value cannot be derived from the city figure and the others (secondary suppression).
-- Confidence intervals are normal-approximation 95% intervals, clipped to the indicator's range.
with community as (
    select
        *,
        sample_size < {{ var('min_cell_respondents') }} as primary_suppressed
    from {{ ref('int_survey__community_estimates') }}
),

ranked as (
    select
        *,
        count(*) filter (where primary_suppressed) over (
            partition by period_start, indicator_id
        ) as primary_suppressed_cells,
        row_number() over (
            partition by period_start, indicator_id, primary_suppressed
            order by sample_size, area_id
        ) as size_rank
    from community
),

cells as (
    select
        period_start,
        area_id,
        indicator_id,
        sample_size,
        estimate,
        standard_error,
        numerator,
        cast(sample_size as double) as denominator,
        primary_suppressed
        or (primary_suppressed_cells = 1 and not primary_suppressed and size_rank = 1) as suppressed
    from ranked

    union all

    select
        period_start,
        area_id,
        indicator_id,
        sample_size,
        estimate,
        standard_error,
        numerator,
        cast(null as double) as denominator,
        false as suppressed
    from {{ ref('int_survey__city_estimates') }}
),

bounded as (
    select
        *,
        case when indicator_id = 'sv_life_satisfaction_mean' then 10.0 else 1.0 end as upper_bound
    from cells
)

select
    indicator_id,
    period_start,
    'quarter' as period_grain,
    area_id,
    'ALL' as category,
    cast(case when not suppressed then estimate end as double) as value,
    cast(
        case when not suppressed and indicator_id like '%\_rate' escape '\' then numerator end as double
    ) as numerator,
    cast(
        case when not suppressed and indicator_id like '%\_rate' escape '\' then denominator end as double
    ) as denominator,
    cast(case when not suppressed then sample_size end as bigint) as sample_size,
    cast(
        case
            when not suppressed and standard_error is not null
                then greatest(0.0, estimate - 1.96 * standard_error)
        end as double
    ) as ci_low,
    cast(
        case
            when not suppressed and standard_error is not null
                then least(upper_bound, estimate + 1.96 * standard_error)
        end as double
    ) as ci_high,
    suppressed
from bounded
