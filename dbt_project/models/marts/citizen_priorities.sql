-- Citizens' most urgent problem per quarter and area (SPEC 4, "empathy"): respondents naming each
-- problem, their share of those who answered, and its rank (by share). Only published community-quarters
-- have rows (int_survey__disclosure): rows for just the problems a suppressed community's few
-- respondents chose would tell their choices, so such a community has none at all. The city row is
-- post-stratified like the sv_* figures (decision 014): share = sum over strata of w_s x share_s, the
-- suppressed communities pooled into one stratum; its respondents count every consenting answer,
-- unknown communities included. A quarter whose pool cannot protect its members has no city rows.
with answers as (
    select
        responses.period_start,
        responses.area_id,
        responses.top_problem,
        disclosure.suppressed
    from {{ ref('int_survey__responses') }} as responses
    left join {{ ref('int_survey__disclosure') }} as disclosure
        on
            responses.period_start = disclosure.period_start
            and responses.area_id = disclosure.area_id
    where responses.top_problem is not null
),

stratum_counts as (
    -- Matched communities only: each published community is a stratum, the suppressed ones one pool.
    select
        period_start,
        case when suppressed then 'pooled' else area_id end as stratum,
        top_problem,
        count(*) as respondents
    from answers
    where suppressed is not null
    group by period_start, case when suppressed then 'pooled' else area_id end, top_problem
),

strata as (
    select
        members.period_start,
        members.stratum,
        sum(areas.population) as population,
        count(*) as communities
    from (
        select distinct
            period_start,
            case when suppressed then 'pooled' else area_id end as stratum,
            area_id
        from answers
        where suppressed is not null
    ) as members
    inner join {{ ref('ref_areas') }} as areas
        on members.area_id = areas.area_id
    group by members.period_start, members.stratum
),

stratum_shares as (
    select
        stratum_counts.period_start,
        stratum_counts.stratum,
        stratum_counts.top_problem,
        stratum_counts.respondents,
        stratum_counts.respondents * 1.0
        / sum(stratum_counts.respondents) over (
            partition by stratum_counts.period_start, stratum_counts.stratum
        ) as share,
    from stratum_counts
    inner join strata
        on
            stratum_counts.period_start = strata.period_start
            and stratum_counts.stratum = strata.stratum
),

city_weights as (
    select
        period_start,
        stratum,
        population * 1.0 / sum(population) over (partition by period_start) as weight
    from strata
),

unprotected_quarters as (
    -- The pooled stratum must hold two communities, min_cell_respondents answers and two problems.
    select pool.period_start
    from strata as pool
    inner join (
        select
            period_start,
            sum(respondents) as respondents,
            count(*) as problems
        from stratum_counts
        where stratum = 'pooled'
        group by period_start
    ) as pool_answers
        on pool.period_start = pool_answers.period_start
    where
        pool.stratum = 'pooled'
        and (
            pool.communities < 2
            or pool_answers.respondents < {{ var('min_cell_respondents') }}
            or pool_answers.problems < 2
        )
),

community_rows as (
    select
        period_start,
        stratum as area_id,
        top_problem,
        respondents,
        share
    from stratum_shares
    where stratum <> 'pooled'
),

city_rows as (
    select
        city_counts.period_start,
        'ALL' as area_id,
        city_counts.top_problem,
        city_counts.respondents,
        coalesce(city_shares.share, 0.0) as share
    from (
        select
            period_start,
            top_problem,
            count(*) as respondents
        from answers
        group by period_start, top_problem
    ) as city_counts
    left join (
        select
            stratum_shares.period_start,
            stratum_shares.top_problem,
            sum(city_weights.weight * stratum_shares.share) as share
        from stratum_shares
        inner join city_weights
            on
                stratum_shares.period_start = city_weights.period_start
                and stratum_shares.stratum = city_weights.stratum
        group by stratum_shares.period_start, stratum_shares.top_problem
    ) as city_shares
        on
            city_counts.period_start = city_shares.period_start
            and city_counts.top_problem = city_shares.top_problem
    where city_counts.period_start not in (select unprotected_quarters.period_start from unprotected_quarters)
),

published as (
    select * from community_rows
    union all
    select * from city_rows
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
