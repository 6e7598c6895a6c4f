{#
    One indicator column (0/1) per accepted level of `column` except its reference level, read
    from the seed accepted_category_levels when the model runs. Adding a level is a one-line
    change to the seed. Columns are named <column>_<level>, spaces as underscores.
#}
{% macro one_hot_levels(column) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {#- The seed's table is found through the graph rather than ref(): inside a dbt unit test
        ref() names the test's fixture CTE, which a compile-time query cannot see, and the
        graph is empty, so there the seed is looked up in the target schema. -#}
    {%- set seed = (graph.get('nodes') or {}).values()
        | selectattr('resource_type', 'equalto', 'seed')
        | selectattr('name', 'equalto', 'accepted_category_levels')
        | first -%}
    {%- set seed_relation = api.Relation.create(
        database=seed.database if seed else target.database,
        schema=seed.schema if seed else target.schema,
        identifier=seed.alias if seed else 'accepted_category_levels'
    ) -%}
    {%- set levels = run_query(
        "select level from " ~ seed_relation
        ~ " where column_name = '" ~ column ~ "' and not is_reference_level order by level"
    ).columns[0].values() -%}
    {%- if levels | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "seed accepted_category_levels lists no non-reference level for column '"
            ~ column ~ "'; check the seed and var categorical_features"
        ) }}
    {%- endif -%}
    {{ return(levels) }}
{%- endmacro %}

{% macro one_hot_column_name(column, level) -%}
    {{- column ~ '_' ~ (level | lower | replace(' ', '_') | replace('-', '_')) -}}
{%- endmacro %}

{% macro one_hot(column) -%}
    {#- Each indicator is followed by a comma: call it before another select column. -#}
    {%- for level in one_hot_levels(column) %}
        case when {{ column }} = '{{ level }}' then 1 else 0 end
            as {{ one_hot_column_name(column, level) }},
    {%- endfor %}
{%- endmacro %}
