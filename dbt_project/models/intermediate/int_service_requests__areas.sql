-- Each ticket's community: the nearest area centroid within 2 km (haversine), else 'unassigned'.
-- Plain SQL on purpose: DuckDB's spatial extension would need a download at run time.
-- Incremental: only the tickets changed since the last build are placed again.
{{ keyed_incremental_config('ticket_id') }}

with tickets as (
    select
        ticket_id,
        latitude,
        longitude
    from {{ ref('int_service_requests__current') }}
    where {{ only_changed_tickets('ticket_id') }}
),

distances as (
    select
        tickets.ticket_id,
        areas.area_id,
        2 * 6371.0088 * asin(sqrt(
            power(sin(radians(areas.centroid_lat - tickets.latitude) / 2), 2)
            + cos(radians(tickets.latitude)) * cos(radians(areas.centroid_lat))
            * power(sin(radians(areas.centroid_lon - tickets.longitude) / 2), 2)
        )) as distance_km
    from tickets
    cross join {{ ref('ref_areas') }} as areas
    where tickets.latitude is not null and tickets.longitude is not null
),

nearest as (
    -- Equally near centroids go to the smaller area_id, so every engine picks the same one.
    select
        ticket_id,
        {{ value_at_min('area_id', 'distance_km', 'area_id') }} as area_id,
        min(distance_km) as distance_km
    from distances
    group by ticket_id
)

select
    tickets.ticket_id,
    case when nearest.distance_km <= 2.0 then nearest.area_id else 'unassigned' end as area_id,
    nearest.distance_km
from tickets
left join nearest
    on tickets.ticket_id = nearest.ticket_id
