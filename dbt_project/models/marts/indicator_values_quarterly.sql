-- The sr_* indicators per Asia/Bangkok quarter (decision 026), in indicator_values' shape beside the
-- monthly ones, so a question about a quarter has one answer. Every figure is computed from the
-- quarter's tickets by the monthly formulas (service_request_cell_measures): the SLA rate censored at the
-- data cut-off (decision 016), no interval and nothing suppressed, as for the monthly figures (the
-- scorecard derives binomial and Poisson errors from numerator, denominator and counts). The backlog is a
-- stock, so the quarter's is the one measured at its last month's end (or the cut-off). `provisional`:
-- the quarter is not over sr_settling_days before the cut-off, or the data start after its first day.
{%- set double = type_double() %}
{%- set cell_measures = service_request_cell_measures() %}

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

measures as (
    {% for indicator_id, value, numerator, denominator, sample_size in cell_measures %}
        select
            period_start,
            area_id,
            category,
            '{{ indicator_id }}' as indicator_id,
            {{ value }} as value,
            {{ numerator }} as numerator,
            {{ denominator }} as denominator,
            {{ sample_size }} as sample_size
        from cells

        union all
    {% endfor %}

    select
        period_start,
        area_id,
        category,
        'sr_backlog_over_30d' as indicator_id,
        backlog as value,
        backlog as numerator,
        cast(null as {{ double }}) as denominator,
        backlog as sample_size
    from quarter_end_backlog
)

select
    measures.indicator_id,
    measures.period_start,
    'quarter' as period_grain,
    measures.area_id,
    measures.category,
    cast(measures.value as {{ double }}) as value,
    cast(measures.numerator as {{ double }}) as numerator,
    cast(measures.denominator as {{ double }}) as denominator,
    cast(measures.sample_size as bigint) as sample_size,
    cast(null as {{ double }}) as ci_low,
    cast(null as {{ double }}) as ci_high,
    false as suppressed,
    {{ is_provisional_period(
        'measures.period_start', 'quarter', 'cutoff.latest_at', 'cutoff.first_created_at', var('sr_settling_days')
    ) }} as provisional
from measures
cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
where measures.value is not null
