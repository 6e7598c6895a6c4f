{#
    Text cleaning shared by the staging models. Every input copy goes through these, so the
    three public copies of tiktok_dataset.csv give identical staged rows.
#}

{% macro missing_to_null(column) -%}
    {#- '' and '#N/A' both mean "missing" in the public copies. -#}
    nullif(nullif(trim({{ column }}), ''), '#N/A')
{%- endmacro %}

{% macro clean_category(column) -%}
    lower({{ missing_to_null(column) }})
{%- endmacro %}

{% macro clean_free_text(column) -%}
    {#- Restore the escapes one public copy adds: backslash-escaped apostrophes and
        HTML-escaped ampersands. Curly quotes are kept as they are. -#}
    replace(replace({{ missing_to_null(column) }}, '\''', ''''), '&amp;', '&')
{%- endmacro %}

{% macro parse_number(column) -%}
    {#- Counts may be written as floats ('343296.0'): read as a float, check, then cast. -#}
    {{ dbt.safe_cast(missing_to_null(column), type_double()) }}
{%- endmacro %}

{% macro columns_where(columns, condition, label="'{col}'") -%}
    {#- A comma-separated list naming each column for which `condition` holds ('' if none).
        `{col}` in the condition and the label stands for the column's name. -#}
    concat_ws(', ', {% for column in columns -%}
        case when {{ condition | replace('{col}', column) }} then {{ label | replace('{col}', column) }} end
        {{- ", " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

{% macro string_literal(value) -%}
    {#- A value from a var, as a safe SQL string literal (quotes doubled). -#}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
