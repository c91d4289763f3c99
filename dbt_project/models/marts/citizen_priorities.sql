-- Citizens' most urgent problem per quarter and area (SPEC 4, "empathy"): respondents naming each
-- problem, their share of those who answered, and its rank (by share). Only published community-quarters
-- have rows (int_survey__disclosure): rows for just the problems a suppressed community's few
-- respondents chose would tell their choices, so such a community has none at all. The city row is
-- post-stratified like the sv_* figures (decision 017): share = sum over strata of w_s x share_s, the
-- suppressed communities pooled into one stratum; its respondents count every consenting answer,
-- unknown communities included. A quarter whose pool cannot protect its members has no city rows.
with answers as (
    select
        responses.period_start,
        responses.area_id,
        responses.top_problem,
        disclosure.suppressed,
        disclosure.stratum
    from {{ ref('int_survey__responses') }} as responses
    left join {{ ref('int_survey__disclosure') }} as disclosure
        on
            responses.period_start = disclosure.period_start
            and responses.area_id = disclosure.area_id
    where responses.top_problem is not null
),

matched as (
    -- Matched communities only: each published community is a stratum, the suppressed ones one pool.
    select *
    from answers
    where suppressed is not null
),

stratum_shares as (
    select
        period_start,
        stratum,
        top_problem,
        count(*) as respondents,
        count(*) * 1.0 / sum(count(*)) over (partition by period_start, stratum) as share
    from matched
    group by period_start, stratum, top_problem
),

stratum_members as (
    select distinct
        period_start,
        stratum,
        area_id
    from matched
),

strata as (
    select
        stratum_members.period_start,
        stratum_members.stratum,
        count(*) as communities,
        sum(areas.population) * 1.0
        / sum(sum(areas.population)) over (partition by stratum_members.period_start) as weight
    from stratum_members
    inner join {{ ref('ref_areas') }} as areas
        on stratum_members.area_id = areas.area_id
    group by stratum_members.period_start, stratum_members.stratum
),

pool_answers as (
    select
        period_start,
        sum(respondents) as respondents,
        count(*) as problems
    from stratum_shares
    where stratum = 'pooled'
    group by period_start
),

unprotected_quarters as (
    -- The pooled stratum must hold two communities, min_cell_respondents answers and two problems.
    select strata.period_start
    from strata
    inner join pool_answers
        on strata.period_start = pool_answers.period_start
    where
        strata.stratum = 'pooled'
        and (
            strata.communities < 2
            or pool_answers.respondents < {{ var('min_cell_respondents') }}
            or pool_answers.problems < 2
        )
),

city_counts as (
    select
        period_start,
        top_problem,
        count(*) as respondents
    from answers
    group by period_start, top_problem
),

city_shares as (
    select
        stratum_shares.period_start,
        stratum_shares.top_problem,
        sum(strata.weight * stratum_shares.share) as share
    from stratum_shares
    inner join strata
        on
            stratum_shares.period_start = strata.period_start
            and stratum_shares.stratum = strata.stratum
    group by stratum_shares.period_start, stratum_shares.top_problem
),

published as (
    select
        period_start,
        stratum as area_id,
        top_problem,
        respondents,
        share
    from stratum_shares
    where stratum <> 'pooled'

    union all

    select
        city_counts.period_start,
        'ALL' as area_id,
        city_counts.top_problem,
        city_counts.respondents,
        coalesce(city_shares.share, 0.0) as share
    from city_counts
    left join city_shares
        on
            city_counts.period_start = city_shares.period_start
            and city_counts.top_problem = city_shares.top_problem
    left join unprotected_quarters
        on city_counts.period_start = unprotected_quarters.period_start
    where unprotected_quarters.period_start is null
)

select
    period_start,
    'quarter' as period_grain,
    area_id,
    top_problem,
    cast(respondents as bigint) as respondents,
    cast(share as double) as share,
    cast(rank() over (partition by period_start, area_id order by share desc) as integer) as problem_rank
from published
