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
