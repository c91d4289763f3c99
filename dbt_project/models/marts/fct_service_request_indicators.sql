-- Every sr_* indicator of SPEC 4 in long form, one row per (indicator, month, area, category).
-- A cell with nothing to measure (no finished ticket for a median, no rating for a mean, no known
-- population for a rate per resident) has no row rather than a NULL value. Rates divide a double, never
-- two integers: PostgreSQL and Spark would truncate an integer quotient to 0 where DuckDB does not.
-- sr_sla_met_rate is censored at the data cut-off (decision 016): finished within SLA over the tickets
-- whose SLA outcome is decided, finished ones (with a valid duration) and open ones already past their
-- SLA; an open ticket inside its SLA counts in neither. `provisional` marks a month that can still
-- change: not over sr_settling_days before the cut-off, or the first month when the data start after
-- its first day.
{#- (indicator_id, value, numerator, denominator, sample_size) over one row of `cells`
    (service_request_cell_measures, shared with the quarterly figures): unpivoted with UNION ALL, which
    every engine runs (Spark cannot evaluate an outer column in a VALUES list). -#}
{%- set double = type_double() %}
{%- set nothing = 'cast(null as ' ~ double ~ ')' %}
{%- set cell_measures = service_request_cell_measures() %}

with city as (
    select sum(population) as population
    from {{ ref('ref_areas') }}
),

cells as (
    select
        cells.*,
        cells.finished_with_duration + coalesce(overdue.open_past_sla, 0) as sla_decided,
        case
            when cells.area_id = 'ALL' then city.population
            else areas.population
        end as population
    from {{ ref('int_service_requests__monthly_cells') }} as cells
    left join {{ ref('int_service_requests__monthly_sla_overdue') }} as overdue
        on
            cells.period_start = overdue.period_start
            and cells.area_id = overdue.area_id
            and cells.category = overdue.category
    left join {{ ref('ref_areas') }} as areas
        on cells.area_id = areas.area_id
    cross join city
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
        {{ nothing }} as denominator,
        backlog as sample_size
    from {{ ref('int_service_requests__monthly_backlog') }}
)

select
    measures.indicator_id,
    measures.period_start,
    'month' as period_grain,
    measures.area_id,
    measures.category,
    cast(measures.value as {{ type_double() }}) as value,
    cast(measures.numerator as {{ type_double() }}) as numerator,
    cast(measures.denominator as {{ type_double() }}) as denominator,
    cast(measures.sample_size as bigint) as sample_size,
    cast(null as {{ type_double() }}) as ci_low,
    cast(null as {{ type_double() }}) as ci_high,
    false as suppressed,
    {{ is_provisional_period(
        'measures.period_start', 'month', 'cutoff.latest_at', 'cutoff.first_created_at', var('sr_settling_days')
    ) }} as provisional
from measures
cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
where measures.value is not null
