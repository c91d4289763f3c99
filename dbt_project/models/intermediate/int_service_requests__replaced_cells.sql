-- The (month, area, category) cells the changed tickets were counted in before this build: read from
-- the stored category rows before they are replaced (int_service_requests__category_rows declares this
-- model as a dependency, so it runs first; it cannot ref() them without a cycle). With the cells of
-- the tickets' new rows, these are the cells an incremental build of the monthly cells recomputes.
{%- set stored_rows = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_service_requests__category_rows'
) %}

{% if stored_rows is not none %}
    select distinct
        stored_rows.period_start,
        stored_rows.area_id,
        stored_rows.category
    from {{ stored_rows }} as stored_rows
    inner join {{ ref('int_service_requests__changed_tickets') }} as changed
        on stored_rows.ticket_id = changed.ticket_id
{% else %}
    -- The first build: nothing was stored yet.
    select
        cast(null as date) as period_start,
        cast(null as {{ dbt.type_string() }}) as area_id,
        cast(null as {{ dbt.type_string() }}) as category
    from {{ ref('int_service_requests__changed_tickets') }}
    where 1 = 0
{% endif %}
