-- Survey counts per community before disclosure control: the Dagster UI counts it, never previews it.
{{ config(meta={"unsuppressed_survey_cells": true}) }}

-- Which community-quarters are published (SPEC 3.2, decision 014). One pattern per community-quarter
-- holds for every survey table, so no table can be differenced against another with another pattern.
-- Primary: fewer than min_cell_respondents respondents, or answers to any item. Secondary: when any
-- community is suppressed, the smallest published ones join it until the pooled stratum of every item
-- has at least two communities and min_cell_respondents answers. Communities join in a fixed order
-- (primary first, then by respondents and area_id): the pool is the shortest prefix of that order that
-- protects every item. (A pool whose members all gave one answer would still tell each member's answer
-- through the city figure: that figure is suppressed instead, in int_survey__city_estimates.)
with item_values as (
    -- Every item a table publishes: the five sv_* answers, the top problem, and the respondent count.
    select
        period_start,
        area_id,
        indicator_id as item
    from {{ ref('int_survey__answers') }}
    where area_id <> 'unknown'

    union all

    select
        period_start,
        area_id,
        'top_problem' as item
    from {{ ref('int_survey__responses') }}
    where area_id <> 'unknown' and top_problem is not null

    union all

    select
        period_start,
        area_id,
        'sv_respondents' as item
    from {{ ref('int_survey__responses') }}
    where area_id <> 'unknown'
),

item_totals as (
    select
        period_start,
        area_id,
        item,
        count(*) as answers
    from item_values
    group by period_start, area_id, item
),

communities as (
    select
        period_start,
        area_id,
        max(answers) filter (where item = 'sv_respondents') as respondents,
        min(answers) < {{ var('min_cell_respondents') }} as primary_suppressed
    from item_totals
    group by period_start, area_id
),

ordered as (
    select
        *,
        row_number() over (
            partition by period_start order by primary_suppressed desc, respondents asc, area_id asc
        ) as pool_order,
        count(*) filter (where primary_suppressed) over (partition by period_start) as primary_cells,
        count(*) over (partition by period_start) as communities_in_quarter
    from communities
),

prefixes as (
    -- Every candidate pool: the first pool_size communities of the order, from the primary ones up.
    select
        period_start,
        pool_order as pool_size
    from ordered
    where pool_order >= greatest(primary_cells, 2)
),

prefix_items as (
    select
        prefixes.period_start,
        prefixes.pool_size,
        item_totals.item,
        sum(item_totals.answers) as answers,
        count(*) as members
    from prefixes
    inner join ordered
        on
            prefixes.period_start = ordered.period_start
            and prefixes.pool_size >= ordered.pool_order
    inner join item_totals
        on
            ordered.period_start = item_totals.period_start
            and ordered.area_id = item_totals.area_id
    group by prefixes.period_start, prefixes.pool_size, item_totals.item
),

protective_prefixes as (
    select
        period_start,
        pool_size
    from prefix_items
    group by period_start, pool_size
    having bool_and(members >= 2 and answers >= {{ var('min_cell_respondents') }})
),

pools as (
    -- No primary cell: nothing to pool. No protective prefix: every community is pooled, and the
    -- city figures of the unprotected items are suppressed too (int_survey__city_estimates).
    select
        ordered.period_start,
        case
            when max(ordered.primary_cells) = 0 then 0
            else coalesce(min(protective_prefixes.pool_size), max(ordered.communities_in_quarter))
        end as pool_size
    from ordered
    left join protective_prefixes
        on ordered.period_start = protective_prefixes.period_start
    group by ordered.period_start
)

select
    ordered.period_start,
    ordered.area_id,
    cast(ordered.respondents as bigint) as respondents,
    ordered.primary_suppressed,
    ordered.pool_order <= pools.pool_size as suppressed,
    case
        when ordered.primary_suppressed then 'primary'
        when ordered.pool_order <= pools.pool_size then 'secondary'
    end as suppression,
    -- The stratum of the city estimates: a published community is its own, the suppressed ones pool.
    case when ordered.pool_order <= pools.pool_size then 'pooled' else ordered.area_id end as stratum
from ordered
inner join pools
    on ordered.period_start = pools.period_start
