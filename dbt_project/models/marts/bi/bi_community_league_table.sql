-- Community league table (issue 5): per quarter, each community's well-being index, its rank among
-- the communities that have one, its dimension scores side by side, and the survey sample behind them,
-- with English and Thai names. The dimension columns follow the depa dimensions the current method
-- uses; a method with a new dimension needs its column added here. rank_low, rank_high and tier come
-- from the bootstrap in wellbeing_rank_intervals (decision 019).
{%- set dimensions = ['people', 'living', 'environment', 'governance'] %}
with wellbeing as (
    select
        period_start,
        area_id,
        max(value) filter (where indicator_id = 'wb_index') as wb_index,
        max(sample_size) filter (where indicator_id = 'wb_index') as components_used,
        {%- for dimension in dimensions %}
            max(value) filter (where indicator_id = 'wb_dim_{{ dimension }}') as wb_dim_{{ dimension }},
        {%- endfor %}
        max(sample_size) filter (where indicator_id = 'sv_respondents') as survey_respondents,
        max(case when provisional then 1 else 0 end) filter (where indicator_id = 'wb_index') = 1
            as provisional
    from {{ ref('indicator_values') }}
    where
        period_grain = 'quarter'
        and category = 'ALL'
        and (indicator_id like 'wb\_%' escape '\' or indicator_id = 'sv_respondents')
    group by period_start, area_id
)

select
    wellbeing.period_start,
    wellbeing.area_id,
    areas.name_en as area_name_en,
    areas.name_th as area_name_th,
    areas.population,
    wellbeing.wb_index,
    cast(
        case
            when wellbeing.wb_index is not null
                then rank() over (
                    partition by wellbeing.period_start, wellbeing.wb_index is null
                    order by wellbeing.wb_index desc
                )
        end as integer
    ) as wb_index_rank,
    cast(
        count(wellbeing.wb_index) over (partition by wellbeing.period_start) as integer
    ) as communities_ranked,
    wellbeing.components_used,
    {%- for dimension in dimensions %}
        wellbeing.wb_dim_{{ dimension }},
    {%- endfor %}
    wellbeing.survey_respondents,
    wellbeing.provisional,
    rank_intervals.rank_low,
    rank_intervals.rank_high,
    rank_intervals.tier
from wellbeing
inner join {{ ref('areas') }} as areas
    on wellbeing.area_id = areas.area_id
left join {{ ref('wellbeing_rank_intervals') }} as rank_intervals
    on wellbeing.period_start = rank_intervals.period_start and wellbeing.area_id = rank_intervals.area_id
