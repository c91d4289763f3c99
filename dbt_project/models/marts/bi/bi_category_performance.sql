-- Category performance (issue 5): one row per month, area and service-request category with every
-- sr_* indicator as its own column, English and Thai labels, and the category's service-level hours,
-- for "how fast do we resolve what" dashboards.
{%- set measures = [
    'sr_received', 'sr_finished', 'sr_finish_rate', 'sr_median_hours_to_finish', 'sr_p90_hours_to_finish',
    'sr_mean_days_to_finish', 'sr_sla_met_rate', 'sr_reopen_rate', 'sr_satisfaction_mean',
    'sr_per_1000_residents', 'sr_backlog_over_30d'
] %}
with cells as (
    select
        {%- for measure in measures %}
            max(value) filter (where indicator_id = '{{ measure }}') as {{ measure }},
        {%- endfor %}
        -- Every row of a month has the same flag (it is a property of the period).
        max(case when provisional then 1 else 0 end) = 1 as provisional,
        period_start,
        area_id,
        category
    from {{ ref('indicator_values') }}
    where period_grain = 'month' and indicator_id like 'sr\_%' escape '\'
    group by period_start, area_id, category
)

select
    cells.period_start,
    cells.area_id,
    areas.name_en as area_name_en,
    areas.name_th as area_name_th,
    cells.category,
    categories.name_en as category_name_en,
    categories.name_th as category_name_th,
    {%- for measure in measures %}
        cells.{{ measure }},
    {%- endfor %}
    cells.provisional,
    sla.sla_hours
from cells
left join {{ ref('bi_labels') }} as areas
    on cells.area_id = areas.code and areas.key_type = 'area'
left join {{ ref('bi_labels') }} as categories
    on cells.category = categories.code and categories.key_type = 'category'
left join {{ ref('categories') }} as sla
    on cells.category = sla.category_code
