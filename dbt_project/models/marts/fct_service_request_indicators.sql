-- Every sr_* indicator of SPEC 4 in long form, one row per (indicator, month, area, category).
-- A cell with nothing to measure (no finished ticket for a median, no rating for a mean, no known
-- population for a rate per resident) has no row rather than a NULL value. Rates divide a double, never
-- two integers: PostgreSQL and Spark would truncate an integer quotient to 0 where DuckDB does not.
with city as (
    select sum(population) as population
    from {{ ref('ref_areas') }}
),

cells as (
    select
        cells.*,
        case
            when cells.area_id = 'ALL' then city.population
            else areas.population
        end as population
    from {{ ref('int_service_requests__monthly_cells') }} as cells
    left join {{ ref('ref_areas') }} as areas
        on cells.area_id = areas.area_id
    cross join city
),

measures as (
    select
        cells.period_start,
        cells.area_id,
        cells.category,
        measure.indicator_id,
        measure.value,
        measure.numerator,
        measure.denominator,
        measure.sample_size
    from cells
    cross join
        lateral (
            values
            ('sr_received', cells.received, cells.received, null, cells.received),
            ('sr_finished', cells.finished, cells.finished, null, cells.received),
            (
                'sr_finish_rate',
                cast(cells.finished as {{ type_double() }}) / cells.received,
                cells.finished,
                cells.received,
                cells.received
            ),
            (
                'sr_median_hours_to_finish', cells.median_hours_to_finish, null, null,
                cells.finished_with_duration
            ),
            ('sr_p90_hours_to_finish', cells.p90_hours_to_finish, null, null, cells.finished_with_duration),
            (
                'sr_mean_days_to_finish', cells.mean_hours_to_finish / 24.0, null, null,
                cells.finished_with_duration
            ),
            (
                'sr_sla_met_rate',
                cast(cells.sla_met as {{ type_double() }}) / nullif(cells.finished_with_duration, 0),
                cells.sla_met,
                cells.finished_with_duration, cells.finished_with_duration
            ),
            (
                'sr_reopen_rate',
                cast(cells.reopened as {{ type_double() }}) / cells.received,
                cells.reopened,
                cells.received,
                cells.received
            ),
            ('sr_satisfaction_mean', cells.star_mean, null, null, cells.rated),
            (
                'sr_per_1000_residents',
                cast(cells.received as {{ type_double() }}) * 1000.0 / cells.population,
                cells.received,
                cells.population, cells.received
            )
        ) as measure (indicator_id, value, numerator, denominator, sample_size)

    union all

    select
        period_start,
        area_id,
        category,
        'sr_backlog_over_30d' as indicator_id,
        backlog as value,
        backlog as numerator,
        null as denominator,
        backlog as sample_size
    from {{ ref('int_service_requests__monthly_backlog') }}
)

select
    indicator_id,
    period_start,
    'month' as period_grain,
    area_id,
    category,
    cast(value as {{ type_double() }}) as value,
    cast(numerator as {{ type_double() }}) as numerator,
    cast(denominator as {{ type_double() }}) as denominator,
    cast(sample_size as bigint) as sample_size,
    cast(null as {{ type_double() }}) as ci_low,
    cast(null as {{ type_double() }}) as ci_high,
    false as suppressed
from measures
where value is not null
