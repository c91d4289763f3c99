-- Aggregates per (month of creation, area, category); 'ALL' rows come from the fan-out upstream.
-- Incremental: the months of the changed tickets are recomputed whole.
{{ month_incremental_config() }}

select
    period_start,
    area_id,
    category,
    count(*) as received,
    count(*) filter (where is_finished) as finished,
    count(hours_to_finish) as finished_with_duration,
    percentile_cont(0.5) within group (order by hours_to_finish) as median_hours_to_finish,
    percentile_cont(0.9) within group (order by hours_to_finish) as p90_hours_to_finish,
    avg(hours_to_finish) as mean_hours_to_finish,
    count(*) filter (where sla_met) as sla_met,
    count(*) filter (where is_reopened) as reopened,
    count(star) as rated,
    avg(star) as star_mean
from {{ ref('int_service_requests__category_rows') }}
where {{ only_changed_months('period_start') }}
group by period_start, area_id, category
