{#- The first day of the Asia/Bangkok calendar month of a UTC instant (SPEC 3.1: all periods are local). -#}
{% macro bangkok_month_start(instant) -%}
    cast(date_trunc('month', timezone('Asia/Bangkok', {{ instant }})) as date)
{%- endmacro %}

{#- The UTC instant at which an Asia/Bangkok calendar day (a DATE) begins. -#}
{% macro bangkok_day_begins(local_date) -%}
    timezone('Asia/Bangkok', cast({{ local_date }} as timestamp))
{%- endmacro %}
