-- One row per ticket with everything the indicators need: month, area, status, durations and SLA.
-- Incremental: only the tickets changed since the last build are recomputed.
{{ keyed_incremental_config('ticket_id') }}

with ticket_sla as (
    select
        bridge.ticket_id,
        min(coalesce(categories.sla_hours, {{ var('default_sla_hours') }})) as sla_hours
    from {{ ref('int_service_requests__categories') }} as bridge
    left join {{ ref('ref_categories') }} as categories
        on bridge.category_code = categories.category_code
    where {{ only_changed_tickets('bridge.ticket_id') }}
    group by bridge.ticket_id
),

durations as (
    select
        ticket_id,
        -- Seconds first, then hours: datediff('hour') counts boundaries, not elapsed time.
        {{ seconds_between('created_at', 'finished_at') }} / 3600.0 as hours_to_finish
    from {{ ref('int_service_requests__current') }}
    where {{ only_changed_tickets('ticket_id') }}
)

select
    tickets.ticket_id,
    {{ bangkok_period_start('tickets.created_at', 'month') }} as period_start,
    areas.area_id,
    tickets.created_at,
    tickets.status_type,
    tickets.status_type = 'finished' as is_finished,
    tickets.finished_at,
    -- A finish recorded before creation is a data error: the duration is left out, not made negative.
    case when durations.hours_to_finish >= 0 then durations.hours_to_finish end as hours_to_finish,
    ticket_sla.sla_hours,
    -- The SLA deadline: a ticket still open after it has missed its SLA (sr_sla_met_rate, SPEC 4).
    {{ dbt.dateadd('hour', 'ticket_sla.sla_hours', 'tickets.created_at') }} as sla_due_at,
    case
        when durations.hours_to_finish >= 0 then durations.hours_to_finish <= ticket_sla.sla_hours
    end as sla_met,
    tickets.count_reopen > 0 as is_reopened,
    tickets.star,
    -- For the month-end backlog: the instant a ticket is old enough to count, and the first month whose
    -- end reaches its creation, that age and its finish (computed once per ticket, not per month).
    {{ dbt.dateadd('day', var('backlog_age_days'), 'tickets.created_at') }} as backlog_aged_at,
    {{ bangkok_month_reaching('tickets.created_at') }} as month_reaching_created,
    {{ bangkok_month_reaching(dbt.dateadd('day', var('backlog_age_days'), 'tickets.created_at')) }}
        as month_reaching_aged,
    {{ bangkok_month_reaching('tickets.finished_at') }} as month_reaching_finished
from {{ ref('int_service_requests__current') }} as tickets
inner join {{ ref('int_service_requests__areas') }} as areas
    on tickets.ticket_id = areas.ticket_id
inner join ticket_sla
    on tickets.ticket_id = ticket_sla.ticket_id
inner join durations
    on tickets.ticket_id = durations.ticket_id
where {{ only_changed_tickets('tickets.ticket_id') }}
