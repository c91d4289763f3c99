-- Aggregates per (month of creation, area, category); 'ALL' rows come from the fan-out upstream.
-- Incremental: the cells the changed tickets were or are counted in are recomputed whole.
-- The counts, means and quantiles of each cell: ticket_cell_aggregates, shared with the quarterly cells.
-- depends_on: {{ ref('int_service_requests__replaced_cells') }}
-- depends_on: {{ ref('int_service_requests__changed_tickets') }}
{{ cell_incremental_config() }}

with rows_in_scope as (
    select
        ticket_rows.period_start,
        ticket_rows.area_id,
        ticket_rows.category,
        ticket_rows.is_finished,
        ticket_rows.hours_to_finish,
        ticket_rows.sla_met,
        ticket_rows.is_reopened,
        ticket_rows.star
    from {{ ref('int_service_requests__category_rows') }} as ticket_rows
    {% if is_incremental() %}
        inner join ({{ cells_to_recompute() }}) as recomputed
            on
                ticket_rows.period_start = recomputed.period_start
                and ticket_rows.area_id = recomputed.area_id
                and ticket_rows.category = recomputed.category
    {% endif %}
),

{{ ticket_cell_aggregates() }}
