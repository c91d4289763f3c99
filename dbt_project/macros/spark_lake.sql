{#-
    On the spark target the lake's Parquet folders become external tables `lake.<source>` (what the
    dbt sources resolve to there), read in place. Run once per data root, before `dbt build`:
        dbt run-operation register_spark_lake
    Files whose names start with "_" (the empty `_schema.parquet`) are skipped by Spark.
-#}
{% macro register_spark_lake() %}
    {%- set folders = {
        'service_request_observations': 'lake/service_requests/observations',
        'service_request_quarantine': 'quarantine/service_requests',
    } -%}
    {% do run_query('create database if not exists lake') %}
    {%- for table, folder in folders.items() %}
        {% do run_query('drop table if exists lake.' ~ table) %}
        {% do run_query(
            "create table lake." ~ table ~ " using parquet options (path '"
            ~ env_var('CITY_DATA_DIR') ~ "/" ~ folder ~ "', mergeSchema 'true')"
        ) %}
        {{ log('lake.' ~ table ~ ' -> ' ~ folder, info=True) }}
    {%- endfor %}
{% endmacro %}
