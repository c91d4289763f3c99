{#- The first day of the Asia/Bangkok calendar period ('month', 'quarter') of a UTC instant (SPEC 3.1). -#}
{% macro bangkok_period_start(instant, grain) -%}
    cast(date_trunc('{{ grain }}', timezone('Asia/Bangkok', {{ instant }})) as date)
{%- endmacro %}

{#- The UTC instant at which an Asia/Bangkok calendar day (a DATE or local TIMESTAMP) begins. -#}
{% macro bangkok_day_begins(local_date) -%}
    timezone('Asia/Bangkok', cast({{ local_date }} as timestamp))
{%- endmacro %}
