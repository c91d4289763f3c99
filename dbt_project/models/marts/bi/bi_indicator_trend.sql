-- Indicator trend by month (issue 5): every monthly indicator for every area and category with its
-- English and Thai labels, unit and direction, and the change from the previous month of the same
-- cell, so a dashboard plots any indicator over time with a filter and no join.
with monthly as (
    select
        indicator_id,
        period_start,
        area_id,
        category,
        value,
        sample_size,
        provisional
    from {{ ref('indicator_values') }}
    where period_grain = 'month'
)

select
    monthly.period_start,
    monthly.indicator_id,
    indicators.name_en as indicator_name_en,
    indicators.name_th as indicator_name_th,
    indicators.unit,
    indicators.higher_is_better,
    indicators.depa_dimension,
    monthly.area_id,
    areas.name_en as area_name_en,
    areas.name_th as area_name_th,
    monthly.category,
    categories.name_en as category_name_en,
    categories.name_th as category_name_th,
    monthly.value,
    monthly.sample_size,
    monthly.provisional,
    previous.value as previous_month_value,
    monthly.value - previous.value as change_from_previous_month
from monthly
left join monthly as previous
    on
        monthly.indicator_id = previous.indicator_id
        and monthly.area_id = previous.area_id
        and monthly.category = previous.category
        and previous.period_start = {{ dbt.dateadd('month', -1, 'monthly.period_start') }}
inner join {{ ref('indicator_catalog') }} as indicators
    on monthly.indicator_id = indicators.indicator_id
left join {{ ref('bi_labels') }} as areas
    on monthly.area_id = areas.code and areas.key_type = 'area'
left join {{ ref('bi_labels') }} as categories
    on monthly.category = categories.code and categories.key_type = 'category'
