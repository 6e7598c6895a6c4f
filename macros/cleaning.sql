{#
    Text cleaning shared by the staging models. Every input copy goes through these, so the
    three public copies of tiktok_dataset.csv give identical staged rows.
#}

{% macro missing_to_null(column, long_text=false) -%}
    {#- '' and '#N/A' both mean "missing" in the public copies. Set long_text for columns of
        sentences rather than short codes: see trim_spaces. -#}
    nullif(nullif({{ trim_spaces(column) if long_text else 'trim(' ~ column ~ ')' }}, ''), '#N/A')
{%- endmacro %}

{% macro trim_spaces(column) -%}
    {#- trim(), made cheap on long text. DuckDB's trim (2.0) decodes every character of the
        string to find the last one that is not a space: on 1M transcriptions that is about a
        sixth of base_tiktok__video_rows_checked's time. A string whose first and last
        characters are printable ASCII ('!' to '~') has nothing to trim, so it is returned as
        it is; any other goes through trim(). The result is the same for every string: trim
        removes only space separators (' ', U+00A0, U+3000 and the other Unicode Zs
        characters; checked against every code point), none of them in '!'..'~'.
        On short codes the test costs as much as it saves: use plain trim() there. -#}
    case
        when {{ column }}[1] between '!' and '~' and {{ column }}[-1] between '!' and '~'
            then {{ column }}
        else trim({{ column }})
    end
{%- endmacro %}

{% macro clean_category(column) -%}
    lower({{ missing_to_null(column) }})
{%- endmacro %}

{% macro clean_free_text(column) -%}
    {#- Restore the escapes one public copy adds: backslash-escaped apostrophes and
        HTML-escaped ampersands. Curly quotes are kept as they are. -#}
    replace(replace({{ missing_to_null(column, long_text=true) }}, '\''', ''''), '&amp;', '&')
{%- endmacro %}

{% macro parse_number(column) -%}
    {#- Counts may be written as floats ('343296.0'): read as a float, check, then cast. -#}
    {{ dbt.safe_cast(missing_to_null(column), type_double()) }}
{%- endmacro %}

{% macro columns_where(columns, condition, label="'{col}'") -%}
    {#- A comma-separated list naming each column for which `condition` holds ('' if none).
        `{col}` in the condition and the label stands for the column's name. A string per row
        costs more than a test: to decide, use any_column_where, and build this list only on
        the rows where it is shown. -#}
    concat_ws(', ', {% for column in columns -%}
        case when {{ condition | replace('{col}', column) }} then {{ label | replace('{col}', column) }} end
        {{- ", " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

{% macro any_column_where(columns, condition) -%}
    {#- True when `condition` holds for at least one of `columns` (`{col}` as in columns_where),
        as a boolean: no string is built. Like any `or`, null rather than false when the
        condition is null for some column and true for none; `case when` treats both alike. -#}
    ({% for column in columns -%}
        ({{ condition | replace('{col}', column) }})
        {{- " or " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

{% macro string_literal(value) -%}
    {#- A value from a var, as a safe SQL string literal (quotes doubled). -#}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
