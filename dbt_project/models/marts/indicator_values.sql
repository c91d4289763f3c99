-- The published indicator table every BI dashboard reads (SPEC 6): all sources, one long table.
{%- set columns = [
    'indicator_id', 'period_start', 'period_grain', 'area_id', 'category', 'value', 'numerator',
    'denominator', 'sample_size', 'ci_low', 'ci_high', 'suppressed', 'provisional'
] %}
{%- set sources = ['fct_service_request_indicators', 'fct_survey_indicators', 'fct_wellbeing_index'] %}

{% for source_model in sources %}
    select {{ columns | join(', ') }}
    from {{ ref(source_model) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
