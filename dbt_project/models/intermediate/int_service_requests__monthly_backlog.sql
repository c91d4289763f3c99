-- Open tickets older than the backlog age at each month's end, or at the data's latest time if that
-- comes first (a month still in progress is measured now, not at a future month end).
with bounds as (
    select
        (select min(period_start) from {{ ref('int_service_requests__tickets') }}) as first_month,
        max(greatest(created_at, coalesce(last_activity_at, created_at))) as latest_at
    from {{ ref('stg_lake__service_request_observations') }}
),

months as (
    select
        cast(spine.month_start as date) as period_start,
        least(
            {{ bangkok_day_begins("spine.month_start + interval 1 month") }},
            bounds.latest_at
        ) as measured_at
    from bounds
    cross join lateral (
        select
            unnest(generate_series(
                cast(bounds.first_month as timestamp),
                cast({{ bangkok_month_start('bounds.latest_at') }} as timestamp),
                interval 1 month
            )) as month_start
    ) as spine
)

select
    months.period_start,
    case when grouping(ticket_rows.area_id) = 1 then 'ALL' else ticket_rows.area_id end as area_id,
    ticket_rows.category,
    count(*) filter (
        where ticket_rows.created_at <= months.measured_at - interval {{ var('backlog_age_days') }} day
        and (ticket_rows.finished_at is null or ticket_rows.finished_at > months.measured_at)
    ) as backlog
from months
inner join {{ ref('int_service_requests__category_rows') }} as ticket_rows
    on months.measured_at >= ticket_rows.created_at
group by grouping sets (
    (months.period_start, ticket_rows.area_id, ticket_rows.category),
    (months.period_start, ticket_rows.category)
)
