{#
    An 8-byte float. dbt.type_float() renders FLOAT, which DuckDB reads as a 4-byte REAL: it
    would round counts above 2^24 and split hashes to 24 bits. Dispatched, so another warehouse
    can name its own (Postgres: double precision).
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}
