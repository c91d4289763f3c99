-- Every sr_* indicator of SPEC 4 in long form, one row per (indicator, month, area, category).
-- A cell with nothing to measure (no finished ticket for a median, no rating for a mean, no known
-- population for a rate per resident) has no row rather than a NULL value. Rates divide a double, never
-- two integers: PostgreSQL and Spark would truncate an integer quotient to 0 where DuckDB does not.
-- sr_sla_met_rate is censored at the data cut-off (decision 016): finished within SLA over the tickets
-- whose SLA outcome is decided, finished ones (with a valid duration) and open ones already past their
-- SLA; an open ticket inside its SLA counts in neither. `provisional` marks a month that can still
-- change: not over sr_settling_days before the cut-off, or the first month when the data start after
-- its first day.
-- The rows themselves come from service_request_indicator_rows, shared with the quarterly figures.

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

{{ service_request_indicator_rows('month', ref('int_service_requests__monthly_backlog')) }}
