{#
    A number in [0, 1) drawn from a hash of the salt and the video's id: the same video always
    gets the same number, whatever the row order or the other rows in the file.
#}
{% macro split_hash(video_id_column) -%}
    {{ return(adapter.dispatch('split_hash')(video_id_column)) }}
{%- endmacro %}

{% macro default__split_hash(video_id_column) -%}
    {#- The first 13 hex digits of the md5 (52 bits, exact in a double), scaled to [0, 1). -#}
    cast(
        cast('0x' || substring({{ dbt.hash(
            string_literal(var('split_salt') ~ '|') ~ " || cast(" ~ video_id_column
            ~ " as " ~ dbt.type_string() ~ ")"
        ) }}, 1, 13) as {{ dbt.type_bigint() }}) as {{ type_double() }}
    ) / 4503599627370496.0
{%- endmacro %}
