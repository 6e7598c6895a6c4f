{#
    Post-hook of stg_tiktok__video_rejects: stop the build, with a message naming the file,
    the reasons and the first rows, when more than var('max_reject_share') of the input rows
    were rejected. A file that bad cannot be trusted for a model.
#}
{% macro assert_reject_share_within_limit() %}
    {%- if execute -%}
        {%- set limit = var('max_reject_share') | float -%}
        {%- set totals = run_query(
            "select count(*), count(reject_reason), min(source_file) from "
            ~ ref('base_tiktok__video_rows_checked')
        ).rows[0] -%}
        {%- set input_rows, rejected_rows, source_file = totals[0], totals[1], totals[2] -%}
        {%- set share = (rejected_rows / input_rows) if input_rows else 0 -%}
        {%- if share > limit -%}
            {%- set reasons = run_query(
                "select reject_reason, count(*), min(source_row_number), "
                ~ "arg_min(reject_detail, source_row_number) from " ~ this
                ~ " group by reject_reason order by count(*) desc"
            ) -%}
            {%- set lines = [] -%}
            {%- for row in reasons.rows -%}
                {%- do lines.append("  " ~ row[0] ~ ": " ~ row[1] ~ " rows (first: row "
                    ~ row[2] ~ ", " ~ row[3] ~ ")") -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                source_file ~ ": " ~ rejected_rows ~ " of " ~ input_rows ~ " rows ("
                ~ "%.1f" | format(100 * share) ~ " %) were rejected, more than the limit of "
                ~ "%.1f" | format(100 * limit) ~ " % (var max_reject_share). "
                ~ "Rows count from 1 after the header. Reasons:\n" ~ lines | join("\n")
                ~ "\nSee the table " ~ this ~ " for every rejected row."
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
