-- The sr_* indicators per Asia/Bangkok quarter (decision 026), in indicator_values' shape beside the
-- monthly ones, so a question about a quarter has one answer. Every figure is computed from the
-- quarter's tickets by the monthly formulas (service_request_cell_measures): the SLA rate censored at the
-- data cut-off (decision 016), no interval and nothing suppressed, as for the monthly figures (the
-- scorecard derives binomial and Poisson errors from numerator, denominator and counts). The backlog is a
-- stock, so the quarter's is the one measured at its last month's end (or the cut-off). `provisional`:
-- the quarter is not over sr_settling_days before the cut-off, or the data start after its first day.

with city as (
    select sum(population) as population
    from {{ ref('ref_areas') }}
),

cells as (
    select
        cells.*,
        cells.finished_with_duration + cells.open_past_sla as sla_decided,
        case
            when cells.area_id = 'ALL' then city.population
            else areas.population
        end as population
    from {{ ref('int_service_requests__quarterly_cells') }} as cells
    left join {{ ref('ref_areas') }} as areas
        on cells.area_id = areas.area_id
    cross join city
),

quarter_end_backlog as (
    select
        cast({{ dbt.date_trunc('quarter', 'period_start') }} as date) as period_start,
        area_id,
        category,
        backlog
    from {{ ref('int_service_requests__monthly_backlog') }}
    qualify row_number() over (
        partition by area_id, category, {{ dbt.date_trunc('quarter', 'period_start') }}
        order by period_start desc
    ) = 1
),

{{ service_request_indicator_rows('quarter', 'quarter_end_backlog') }}
