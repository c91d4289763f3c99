-- Open tickets older than the backlog age at each month's end, or at the data's latest time if that
-- comes first (a month still in progress is measured now, not at a future month end).
with first_month as (
    select min(period_start) as period_start
    from {{ ref('int_service_requests__tickets') }}
),

bounds as (
    select
        first_month.period_start as first_month,
        max(
            greatest(
                observations.created_at, coalesce(observations.last_activity_at, observations.created_at)
            )
        )
            as latest_at
    from {{ ref('stg_lake__service_request_observations') }} as observations
    cross join first_month
    group by first_month.period_start
),

spine as (
    select
        bounds.latest_at,
        {{ month_series('bounds.first_month', bangkok_period_start('bounds.latest_at', 'month')) }}
            as month_start
    from bounds
),

months as (
    select
        cast(month_start as date) as period_start,
        least({{ bangkok_day_begins(dbt.dateadd('month', 1, 'month_start')) }}, latest_at) as measured_at
    from spine
)

select
    months.period_start,
    ticket_rows.area_id,
    ticket_rows.category,
    count(*) filter (
        where
        ticket_rows.created_at
        <= {{ dbt.dateadd('day', -var('backlog_age_days'), 'months.measured_at') }}
        and (ticket_rows.finished_at is null or ticket_rows.finished_at > months.measured_at)
    ) as backlog
from months
inner join {{ ref('int_service_requests__category_rows') }} as ticket_rows
    on months.measured_at >= ticket_rows.created_at
group by months.period_start, ticket_rows.area_id, ticket_rows.category
