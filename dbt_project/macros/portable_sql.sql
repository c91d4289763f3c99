{#-
    Cross-database helpers for the few places where DuckDB, PostgreSQL and Spark SQL spell the same thing
    differently and dbt's own cross-database macros (dbt.dateadd, dbt.type_string, ...) have nothing.
    Each dispatches on the target's adapter (adapter.dispatch), so a model reads the same on every
    engine. The default__ variants are standard SQL (PostgreSQL, Trino); see
    docs/decisions/008-beyond-one-machine.md.
-#}

{#- A double-precision float type: `double` is DuckDB's and Spark's name, standard SQL's is longer;
    dbt.type_float() would give a 4-byte REAL on DuckDB and Spark. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}


{#- The number of elements of an array (a DuckDB list); NULL for a NULL array. -#}
{% macro array_size(array) -%}
    {{ return(adapter.dispatch('array_size')(array)) }}
{%- endmacro %}

{% macro default__array_size(array) -%}
    cardinality({{ array }})
{%- endmacro %}

{% macro duckdb__array_size(array) -%}
    len({{ array }})
{%- endmacro %}

{% macro spark__array_size(array) -%}
    size({{ array }})
{%- endmacro %}


{#- In a SELECT list: one output row per element of the array (none for an empty or NULL array). -#}
{% macro explode_array(array) -%}
    {{ return(adapter.dispatch('explode_array')(array)) }}
{%- endmacro %}

{% macro default__explode_array(array) -%}
    unnest({{ array }})
{%- endmacro %}

{% macro spark__explode_array(array) -%}
    explode({{ array }})
{%- endmacro %}


{#- Seconds elapsed from one instant to a later one, exact to the microsecond, as a double. (Subtracting
    two epoch doubles would lose a quarter of a microsecond, differently on each engine.) -#}
{% macro seconds_between(earlier, later) -%}
    {{ return(adapter.dispatch('seconds_between')(earlier, later)) }}
{%- endmacro %}

{% macro default__seconds_between(earlier, later) -%}
    cast(extract(epoch from ({{ later }}) - ({{ earlier }})) as {{ type_double() }})
{%- endmacro %}

{% macro duckdb__seconds_between(earlier, later) -%}
    (epoch_us({{ later }}) - epoch_us({{ earlier }})) / 1000000.0
{%- endmacro %}

{% macro spark__seconds_between(earlier, later) -%}
    (unix_micros({{ later }}) - unix_micros({{ earlier }})) / 1000000.0
{%- endmacro %}


{#- In a SELECT list: one row per month from `first_month` to `last_month` (both included), as a
    timestamp at the start of the month. -#}
{% macro month_series(first_month, last_month) -%}
    {{ return(adapter.dispatch('month_series')(first_month, last_month)) }}
{%- endmacro %}

{% macro default__month_series(first_month, last_month) -%}
    generate_series(cast({{ first_month }} as timestamp), cast({{ last_month }} as timestamp), interval '1 month')
{%- endmacro %}

{% macro duckdb__month_series(first_month, last_month) -%}
    unnest(generate_series(cast({{ first_month }} as timestamp), cast({{ last_month }} as timestamp), interval 1 month))
{%- endmacro %}

{% macro spark__month_series(first_month, last_month) -%}
    explode(sequence(cast({{ first_month }} as timestamp), cast({{ last_month }} as timestamp), interval 1 month))
{%- endmacro %}


{#- Aggregate: the `value` of the row with the smallest `distance`, ties going to the smallest
    `tie_breaker`, so every engine picks the same row. An aggregate instead of a ranking window: DuckDB
    keeps one running minimum per group instead of sorting every candidate. -#}
{% macro value_at_min(value, distance, tie_breaker) -%}
    {{ return(adapter.dispatch('value_at_min')(value, distance, tie_breaker)) }}
{%- endmacro %}

{% macro default__value_at_min(value, distance, tie_breaker) -%}
    (array_agg({{ value }} order by {{ distance }}, {{ tie_breaker }}))[1]
{%- endmacro %}

{% macro duckdb__value_at_min(value, distance, tie_breaker) -%}
    arg_min({{ value }}, ({{ distance }}, {{ tie_breaker }}))
{%- endmacro %}

{% macro spark__value_at_min(value, distance, tie_breaker) -%}
    min_by({{ value }}, struct({{ distance }}, {{ tie_breaker }}))
{%- endmacro %}


{#- Aggregate over rows ranked 0..last_rank by a value (`duration_rank`, `last_rank`, `hours_to_finish`
    in int_service_requests__monthly_cells): the continuous quantile q, interpolated linearly between
    the values ranked floor((n - 1) q) and ceil((n - 1) q), as percentile_cont defines it. -#}
{% macro quantile_from_ranks(q) -%}
    max(case when duration_rank = floor(last_rank * {{ q }}) then hours_to_finish end)
    + (last_rank * {{ q }} - floor(last_rank * {{ q }}))
    * (
        max(case when duration_rank = ceil(last_rank * {{ q }}) then hours_to_finish end)
        - max(case when duration_rank = floor(last_rank * {{ q }}) then hours_to_finish end)
    )
{%- endmacro %}
