-- (a) Which three communities had the slowest flooding complaints last quarter, and on how many tickets?
-- "Last quarter" is the latest quarter that is no longer provisional (decision 016: the latest one is
-- still being finished). Slowest: the highest median hours to finish of the tickets created in the
-- quarter in category 'flooding'. A median over fewer than 10 finished tickets is not ranked (the
-- small-number rule of decision 026); the ticket counts are beside it.
with last_quarter as (
    select max(period_start) as period_start
    from indicator_values_quarterly
    where not provisional
),

flooding as (
    select
        figures.area_id,
        figures.period_start,
        figures.indicator_id,
        figures.value,
        figures.sample_size
    from indicator_values_quarterly as figures
    inner join last_quarter on figures.period_start = last_quarter.period_start
    where
        figures.category = 'flooding'
        and figures.area_id not in ('ALL', 'unassigned')
        and figures.indicator_id in ('sr_median_hours_to_finish', 'sr_received')
)

select
    median.period_start,
    median.area_id,
    areas.name_en,
    areas.name_th,
    median.value as median_hours_to_finish,
    median.sample_size as finished_tickets,
    received.value as tickets_received
from flooding as median
inner join flooding as received
    on median.area_id = received.area_id and received.indicator_id = 'sr_received'
inner join areas on median.area_id = areas.area_id
where median.indicator_id = 'sr_median_hours_to_finish' and median.sample_size >= 10
order by median.value desc, median.area_id
limit 3
