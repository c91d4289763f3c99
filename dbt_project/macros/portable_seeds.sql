{#-
    Seeds declare their column types once, in dbt_project.yml, in DuckDB's spelling. PostgreSQL has no
    type named `double`, Spark no `varchar` without a length: on those targets the declared types are
    translated (type_double(), dbt.type_string()) before the adapter's own seed table macro runs. Every
    other declared type (bigint, integer, boolean) is valid everywhere as written.
-#}
{% macro portable_seed_model(model) %}
    {%- set translated = {'double': type_double(), 'varchar': dbt.type_string()} -%}
    {%- set column_types = {} -%}
    {%- for column, declared in model['config'].get('column_types', {}).items() -%}
        {%- do column_types.update({column: translated.get(declared | lower, declared)}) -%}
    {%- endfor -%}
    {{ return(dict(model, config=dict(model['config'], column_types=column_types))) }}
{% endmacro %}

{% macro postgres__create_csv_table(model, agate_table) %}
    {{ return(dbt.default__create_csv_table(portable_seed_model(model), agate_table)) }}
{% endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {{ return(dbt.spark__create_csv_table(portable_seed_model(model), agate_table)) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {{ return(dbt.spark__load_csv_rows(portable_seed_model(model), agate_table)) }}
{% endmacro %}
