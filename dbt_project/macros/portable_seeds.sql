{#-
    Seeds declare their column types once, in dbt_project.yml, in DuckDB's spelling. PostgreSQL has no
    type named `double`: on that target the declared `double` becomes type_double() (double precision)
    before dbt's own seed table macro runs; every other declared type (varchar, bigint, integer,
    boolean) is valid there as written.
-#}
{% macro postgres__create_csv_table(model, agate_table) %}
    {%- set portable_types = {} -%}
    {%- for column, declared in model['config'].get('column_types', {}).items() -%}
        {%- do portable_types.update({column: type_double() if declared | lower == 'double' else declared}) -%}
    {%- endfor -%}
    {%- set config = dict(model['config'], column_types=portable_types) -%}
    {{ return(default__create_csv_table(dict(model, config=config), agate_table)) }}
{% endmacro %}
