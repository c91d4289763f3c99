-- Open tickets older than the backlog age at each month's end, or at the data's latest time if that
-- comes first (a month still in progress is measured at the data cut-off, not at a future month end).
-- A ticket row counts from the first month whose measurement reaches its backlog age until the first
-- month whose measurement reaches its finish; so the backlog is a running sum of +1/-1 changes per
-- (area, category), one pass over the rows instead of a join of every month with every row.
with bounds as (
    select
        first_month,
        latest_at
    from {{ ref('int_service_requests__data_cutoff') }}
),

spine as (
    select
        bounds.latest_at,
        {{ month_series('bounds.first_month', bangkok_period_start('bounds.latest_at', 'month')) }}
            as month_start
    from bounds
),

months as (
    select cast(month_start as date) as period_start
    from spine
),

-- The first month whose measurement reaches each instant: the month reaching it, no earlier than the
-- first month, and none when the instant is after the data's latest time (measured_at never gets there).
row_months as (
    select
        ticket_rows.area_id,
        ticket_rows.category,
        greatest(ticket_rows.month_reaching_created, bounds.first_month) as entry_month,
        case
            when ticket_rows.backlog_aged_at <= bounds.latest_at
                then greatest(ticket_rows.month_reaching_aged, bounds.first_month)
        end as aged_month,
        case
            when ticket_rows.finished_at <= bounds.latest_at
                then greatest(ticket_rows.month_reaching_finished, bounds.first_month)
        end as cleared_month
    from {{ ref('int_service_requests__category_rows') }} as ticket_rows
    cross join bounds
),

-- Every (month, area, category) from the month the cell's first ticket was created.
cells as (
    select
        months.period_start,
        cell_starts.area_id,
        cell_starts.category
    from (
        select
            area_id,
            category,
            min(entry_month) as entry_month
        from row_months
        group by area_id, category
    ) as cell_starts
    inner join months
        on cell_starts.entry_month <= months.period_start
),

-- A row counts from its aged month until its cleared month; one cleared by then never counts.
changes as (
    select
        area_id,
        category,
        aged_month as period_start,
        1 as backlog_change
    from row_months
    where aged_month is not null and (cleared_month is null or cleared_month > aged_month)

    union all

    select
        area_id,
        category,
        cleared_month as period_start,
        -1 as backlog_change
    from row_months
    where aged_month is not null and cleared_month > aged_month
),

monthly_changes as (
    select
        area_id,
        category,
        period_start,
        sum(backlog_change) as backlog_change
    from changes
    group by area_id, category, period_start
)

select
    cells.period_start,
    cells.area_id,
    cells.category,
    cast(sum(coalesce(monthly_changes.backlog_change, 0)) over (
        partition by cells.area_id, cells.category
        order by cells.period_start
        rows between unbounded preceding and current row
    ) as bigint) as backlog
from cells
left join monthly_changes
    on
        cells.area_id = monthly_changes.area_id
        and cells.category = monthly_changes.category
        and cells.period_start = monthly_changes.period_start
