{#-
    Censoring and provisional figures (docs/decisions/016-censoring-provisional-and-gaps.md).

    The data cut-off of the service requests is int_service_requests__data_cutoff.latest_at: the latest
    creation or activity time in the accepted observations, the instant the data describe. Every model that
    asks "by the time of the data" reads it there.
-#}

{#- A ticket whose SLA outcome is decided as missed without a finish: still open and past its SLA deadline
    (created_at + the smallest SLA hours of its categories) at the cut-off. -#}
{% macro sla_overdue_at_cutoff(rows, cutoff) -%}
    (not {{ rows }}.is_finished and {{ rows }}.sla_due_at <= {{ cutoff }})
{%- endmacro %}

{#- The SLA outcome of a ticket at the cut-off (SPEC 4, sr_sla_met_rate): true when finished within its SLA,
    false when finished late or open past its SLA, NULL when not decided yet (open inside its SLA) or not
    measurable (a finish recorded before creation, decision 004). The rate is count(true) / count(*). -#}
{% macro sla_outcome_at_cutoff(rows, cutoff) -%}
    case
        when {{ rows }}.hours_to_finish is not null then {{ rows }}.sla_met
        when {{ sla_overdue_at_cutoff(rows, cutoff) }} then false
    end
{%- endmacro %}

{#- Whether a figure of a period can still change as data arrive (SPEC 6): the period is not over
    `settling_days` days before the cut-off (0: not over at the cut-off), or, given the instant of the
    source's first record, the data start part-way through it (that record falls on a later Asia/Bangkok
    day than the period's first day, inside the period). Exports are daily, so a source whose first
    record is on a period's first day covers it. `period_start` is the period's first day (a DATE),
    `grain` 'month' or 'quarter'; the instants are UTC. -#}
{% macro is_provisional_period(period_start, grain, cutoff, first_record_at=none, settling_days=0) -%}
    {%- set months = 3 if grain == 'quarter' else 1 -%}
    {%- set next_period = dbt.dateadd('month', months, period_start) -%}
    {%- set first_day = bangkok_period_start(first_record_at, 'day') if first_record_at else none -%}
    (
        {{ bangkok_day_begins(next_period) }} > {{ dbt.dateadd('day', -settling_days, cutoff) if settling_days else cutoff }}
        {%- if first_day %}
            or ({{ first_day }} > {{ period_start }} and {{ first_day }} < {{ next_period }})
        {%- endif %}
    )
{%- endmacro %}
