{#
    dbt-duckdb 1.11 renders dbt.safe_cast as a plain cast, which stops the build on the first
    unreadable value. A safe cast must return null instead, so that staging can record the row
    as a reject with its reason. This variant is picked up by adapter.dispatch for DuckDB only;
    other warehouses keep their own safe_cast.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
