{#-
    Incremental builds of the service-request models (docs/decisions/013-incremental-daily-runs.md).

    The orchestration passes `since_batch_seq`: every lake batch with a larger batch_seq landed after the
    last successful build. A ticket-level model rebuilds only the tickets those batches observed; -1 (the
    default) treats every batch as new, so a hand-run `dbt build` is slow but never wrong. A full refresh
    (`dbt build --full-refresh`, or a model's first build) rebuilds everything from the lake.
-#}

{#- Materialize incrementally, replacing every stored row whose key (a ticket, a batch) the new rows
    carry, where the engine can delete and insert; Spark (dbt-spark's session method, no Delta Lake)
    rebuilds the table instead. -#}
{% macro keyed_incremental_config(unique_key) -%}
    {%- if target.type == 'spark' -%}
        {{ config(materialized='table') }}
    {%- else -%}
        {{ config(materialized='incremental', unique_key=unique_key, incremental_strategy='delete+insert',
                  on_schema_change='fail') }}
    {%- endif -%}
{%- endmacro %}

{#- A predicate on batch_seq: true for the batches landed since the last successful build. -#}
{% macro landed_since_last_build(batch_seq_column='batch_seq') -%}
    {{ batch_seq_column }} > {{ var('since_batch_seq', -1) }}
{%- endmacro %}

{#- In an incremental build, keep only the rows of the tickets changed since the last build. -#}
{% macro only_changed_tickets(ticket_id_column) -%}
    {#- ref() outside the branch, so dbt records the dependency when it parses (is_incremental() is false then). -#}
    {%- set changed_tickets = ref('int_service_requests__changed_tickets') -%}
    {%- if is_incremental() -%}
        {{ ticket_id_column }} in (select changed.ticket_id from {{ changed_tickets }} as changed)
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- Cell aggregates (month, area, category): an incremental build deletes every cell a changed ticket
    was counted in before (int_service_requests__replaced_cells) or is counted in now, and appends those
    cells recomputed; a cell left without tickets stays deleted, which a delete+insert keyed on the new
    rows would miss. -#}
{% macro cell_incremental_config() -%}
    {%- if target.type == 'spark' -%}
        {{ config(materialized='table') }}
    {%- else -%}
        {{ config(
            materialized='incremental',
            incremental_strategy='append',
            on_schema_change='fail',
            pre_hook="{% if is_incremental() %}delete from {{ this }} where (period_start, area_id, category) in "
                ~ "(select period_start, area_id, category from ({{ cells_to_recompute() }}) as cells){% endif %}",
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- The cells an incremental build recomputes: where the changed tickets were counted before, and now. -#}
{% macro cells_to_recompute() -%}
    select
        replaced.period_start,
        replaced.area_id,
        replaced.category
    from {{ ref('int_service_requests__replaced_cells') }} as replaced
    union
    select
        ticket_rows.period_start,
        ticket_rows.area_id,
        ticket_rows.category
    from {{ ref('int_service_requests__category_rows') }} as ticket_rows
    inner join {{ ref('int_service_requests__changed_tickets') }} as changed
        on ticket_rows.ticket_id = changed.ticket_id
{%- endmacro %}

{#- A full refresh rebuilds every incremental model from the whole lake, so the change sets it would
    otherwise compute (every ticket, every cell) would go unread: they are left empty instead. -#}
{% macro unless_full_refresh() -%}
    {%- if flags.FULL_REFRESH -%} 1 = 0 {%- else -%} 1 = 1 {%- endif -%}
{%- endmacro %}

{#- dbt's generic tests read their model through get_where_subquery (this overrides dbt's). In an
    incremental build, a test of an incremental model checks only the rows the build replaced: the other
    rows passed when they were built, and every full refresh tests everything. A test's own `where`
    config still applies. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [config.get('where', ''), rows_replaced_by_this_build(relation)] | select | list -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- A predicate on the rows of an incremental model that this incremental build replaced, or '' when the
    build is full or the model is not incremental. -#}
{% macro rows_replaced_by_this_build(relation) -%}
    {%- set change_sets = {
        'int_service_requests__current': ('ticket_id', 'int_service_requests__changed_tickets'),
        'int_service_requests__areas': ('ticket_id', 'int_service_requests__changed_tickets'),
        'int_service_requests__categories': ('ticket_id', 'int_service_requests__changed_tickets'),
        'int_service_requests__tickets': ('ticket_id', 'int_service_requests__changed_tickets'),
        'int_service_requests__category_rows': ('ticket_id', 'int_service_requests__changed_tickets'),
    } -%}
    {%- if flags.FULL_REFRESH or var('since_batch_seq', -1) | int < 0 or relation.identifier not in change_sets
        or target.type == 'spark' -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set key, change_set = change_sets[relation.identifier] -%}
    {%- set changed = relation.incorporate(path={'identifier': change_set}) -%}
    {%- do return(key ~ ' in (select ' ~ key ~ ' from ' ~ changed ~ ')') -%}
{%- endmacro %}
