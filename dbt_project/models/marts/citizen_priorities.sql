-- Citizens' most urgent problem per quarter and area (SPEC 4, "empathy"): respondents naming each
-- problem, their share of those who answered, and its rank. Community cells with fewer than
-- min_cell_respondents answers are suppressed, with the same secondary suppression as the survey
-- indicators. The city row ('ALL') counts every consenting answer, unknown communities included.
with answers as (
    select
        period_start,
        area_id,
        top_problem
    from {{ ref('int_survey__responses') }}
    where top_problem is not null
),

by_area as (
    select
        period_start,
        area_id,
        top_problem
    from answers
    where area_id <> 'unknown'

    union all

    select
        period_start,
        'ALL' as area_id,
        top_problem
    from answers
),

counts as (
    select
        period_start,
        area_id,
        top_problem,
        count(*) as respondents
    from by_area
    group by period_start, area_id, top_problem
),

areas as (
    select
        period_start,
        area_id,
        sum(respondents) as answered,
        area_id <> 'ALL' and sum(respondents) < {{ var('min_cell_respondents') }} as primary_suppressed
    from counts
    group by period_start, area_id
),

area_suppression as (
    select
        period_start,
        area_id,
        answered,
        primary_suppressed
        or (
            area_id <> 'ALL'
            and not primary_suppressed
            and count(*) filter (where primary_suppressed) over (partition by period_start) = 1
            and row_number() over (
                partition by period_start, primary_suppressed, area_id = 'ALL' order by answered, area_id
            ) = 1
        ) as suppressed
    from areas
)

select
    counts.period_start,
    'quarter' as period_grain,
    counts.area_id,
    counts.top_problem,
    case when not area_suppression.suppressed then counts.respondents end as respondents,
    case
        when not area_suppression.suppressed then counts.respondents * 1.0 / area_suppression.answered
    end as share,
    case
        when not area_suppression.suppressed
            then cast(
                rank() over (
                    partition by counts.period_start, counts.area_id order by counts.respondents desc
                ) as integer
            )
    end as problem_rank,
    area_suppression.suppressed
from counts
inner join area_suppression
    on
        counts.period_start = area_suppression.period_start
        and counts.area_id = area_suppression.area_id
