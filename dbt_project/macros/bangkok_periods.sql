{#- The first day of the Asia/Bangkok calendar period ('month', 'quarter') of a UTC instant (SPEC 3.1). -#}
{% macro bangkok_period_start(instant, grain) -%}
    {{ return(adapter.dispatch('bangkok_period_start')(instant, grain)) }}
{%- endmacro %}

{#- DuckDB and PostgreSQL: timezone(zone, timestamptz) is the local wall-clock time. -#}
{% macro default__bangkok_period_start(instant, grain) -%}
    cast(date_trunc('{{ grain }}', timezone('Asia/Bangkok', {{ instant }})) as date)
{%- endmacro %}

{#- Spark: timestamps are instants shown in the session time zone (UTC on the spark target), so the
    Bangkok wall-clock time is from_utc_timestamp's shifted instant. -#}
{% macro spark__bangkok_period_start(instant, grain) -%}
    cast(date_trunc('{{ grain }}', from_utc_timestamp({{ instant }}, 'Asia/Bangkok')) as date)
{%- endmacro %}

{#- The UTC instant at which an Asia/Bangkok calendar day (a DATE or local TIMESTAMP) begins. -#}
{% macro bangkok_day_begins(local_date) -%}
    {{ return(adapter.dispatch('bangkok_day_begins')(local_date)) }}
{%- endmacro %}

{% macro default__bangkok_day_begins(local_date) -%}
    timezone('Asia/Bangkok', cast({{ local_date }} as timestamp))
{%- endmacro %}

{% macro spark__bangkok_day_begins(local_date) -%}
    to_utc_timestamp(cast({{ local_date }} as timestamp), 'Asia/Bangkok')
{%- endmacro %}

{#- The first Asia/Bangkok month whose end (the start of the next month) is at or after an instant: the
    month of the instant itself, or the month before when the instant is exactly a month's first moment.
    A month-end measurement (monthly backlog) first sees the instant in this month. -#}
{% macro bangkok_month_reaching(instant) -%}
    {{ bangkok_period_start(instant_before(instant), 'month') }}
{%- endmacro %}

{#- One microsecond (the finest timestamp step of DuckDB, PostgreSQL and Spark) before an instant. -#}
{% macro instant_before(instant) -%}
    {{ return(adapter.dispatch('instant_before')(instant)) }}
{%- endmacro %}

{% macro default__instant_before(instant) -%}
    ({{ instant }} - interval '1 microsecond')
{%- endmacro %}

{% macro spark__instant_before(instant) -%}
    ({{ instant }} - interval 1 microsecond)
{%- endmacro %}
