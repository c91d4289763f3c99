{#- The sr_* indicators computed from one row of per-cell counts (SPEC 4), shared by the monthly and the
    quarterly figures so that both grains compute every indicator the same way: a list of
    (indicator_id, value, numerator, denominator, sample_size) SQL expressions over the columns received,
    finished, finished_with_duration, median_hours_to_finish, p90_hours_to_finish, mean_hours_to_finish,
    sla_met, sla_decided (decision 016: finished with a duration + open past the SLA at the cut-off),
    reopened, rated, star_mean and population. -#}
{% macro service_request_cell_measures() -%}
    {%- set double = type_double() -%}
    {%- set nothing = 'cast(null as ' ~ double ~ ')' -%}
    {{ return([
        ('sr_received', 'received', 'received', nothing, 'received'),
        ('sr_finished', 'finished', 'finished', nothing, 'received'),
        ('sr_finish_rate', 'cast(finished as ' ~ double ~ ') / received', 'finished', 'received', 'received'),
        ('sr_median_hours_to_finish', 'median_hours_to_finish', nothing, nothing, 'finished_with_duration'),
        ('sr_p90_hours_to_finish', 'p90_hours_to_finish', nothing, nothing, 'finished_with_duration'),
        ('sr_mean_days_to_finish', 'mean_hours_to_finish / 24.0', nothing, nothing, 'finished_with_duration'),
        (
            'sr_sla_met_rate', 'cast(sla_met as ' ~ double ~ ') / nullif(sla_decided, 0)', 'sla_met',
            'sla_decided', 'sla_decided'
        ),
        ('sr_reopen_rate', 'cast(reopened as ' ~ double ~ ') / received', 'reopened', 'received', 'received'),
        ('sr_satisfaction_mean', 'star_mean', nothing, nothing, 'rated'),
        (
            'sr_per_1000_residents', 'cast(received as ' ~ double ~ ') * 1000.0 / population', 'received',
            'population', 'received'
        ),
    ]) }}
{%- endmacro %}


{#- The sr_* indicator rows of one grain ('month' or 'quarter'), in indicator_values' shape, from a
    `cells` CTE of per-cell counts with sla_decided and population (service_request_cell_measures) and
    the backlog relation of the same grain: the CTE `measures` and the final select, so the monthly and
    the quarterly figures are unpivoted, typed and flagged provisional the same way. The unpivot is a
    UNION ALL, which every engine runs (Spark cannot evaluate an outer column in a VALUES list). -#}
{% macro service_request_indicator_rows(grain, backlog_relation) -%}
    {%- set double = type_double() -%}
measures as (
    {% for indicator_id, value, numerator, denominator, sample_size in service_request_cell_measures() %}
        select
            period_start,
            area_id,
            category,
            '{{ indicator_id }}' as indicator_id,
            {{ value }} as value,
            {{ numerator }} as numerator,
            {{ denominator }} as denominator,
            {{ sample_size }} as sample_size
        from cells

        union all
    {% endfor %}

    select
        period_start,
        area_id,
        category,
        'sr_backlog_over_30d' as indicator_id,
        backlog as value,
        backlog as numerator,
        cast(null as {{ double }}) as denominator,
        backlog as sample_size
    from {{ backlog_relation }}
)

select
    measures.indicator_id,
    measures.period_start,
    '{{ grain }}' as period_grain,
    measures.area_id,
    measures.category,
    cast(measures.value as {{ double }}) as value,
    cast(measures.numerator as {{ double }}) as numerator,
    cast(measures.denominator as {{ double }}) as denominator,
    cast(measures.sample_size as bigint) as sample_size,
    cast(null as {{ double }}) as ci_low,
    cast(null as {{ double }}) as ci_high,
    false as suppressed,
    {{ is_provisional_period(
        'measures.period_start', grain, 'cutoff.latest_at', 'cutoff.first_created_at', var('sr_settling_days')
    ) }} as provisional
from measures
cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
where measures.value is not null
{%- endmacro %}
