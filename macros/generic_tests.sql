{#
    The project's generic data tests (no dbt_utils here). `dbt build` runs every test of a
    model before any model that reads it, so each test node is a step on the build's critical
    path: these check several columns in one query where dbt's built-in tests take one query
    (and one node) per column. Tables with an enforced contract need neither: there DuckDB
    enforces not_null, check and primary_key constraints as the rows are written.
#}

{% test primary_key(model, columns) %}
    {#- Fails once per key value that is null in any part or held by more than one row. -#}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having
        count(*) > 1
        {%- for column in columns %}
            or {{ column }} is null
        {%- endfor %}
{% endtest %}

{% test not_null_columns(model, columns=none) %}
    {#- One scan for all `columns` (default: every column of the model); fails with one row per
        column that holds nulls, and how many. -#}
    {%- if columns is none -%}
        {%- set columns = [] -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(model) -%}
                {%- do columns.append(column.name) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif %}
    with

    null_counts as (
        select
            {%- for column in columns %}
                {{ count_where(column ~ ' is null') }} as {{ column }}
                {{- "," if not loop.last }}
            {%- endfor %}
        from {{ model }}
    )

    {% for column in columns -%}
        select
            '{{ column }}' as column_name,
            {{ column }} as null_count
        from null_counts
        where {{ column }} > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
{% endtest %}
