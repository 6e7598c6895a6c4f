{#- The five engagement counts of the source file, named as in the file. Defined once. -#}
{% macro tiktok_count_columns() -%}
    {{ return([
        'video_view_count',
        'video_like_count',
        'video_share_count',
        'video_download_count',
        'video_comment_count',
    ]) }}
{%- endmacro %}

{#- The categorical columns of the source file, whose accepted levels the seed
    accepted_category_levels lists. -#}
{% macro tiktok_category_columns() -%}
    {{ return(['verified_status', 'claim_status', 'author_ban_status']) }}
{%- endmacro %}
