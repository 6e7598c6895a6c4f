{#
    Everything the classifier needs, one row per staged video, nothing it must compute itself:
    the split, the outcome, the numeric features (capped at the train-only fences where the
    column is in var outlier_columns) and one indicator per non-reference category level.
    The model uses every column here except video_id, split and is_verified.
#}
{%- set outlier_columns = var('outlier_columns') %}
-- depends_on: {{ ref('accepted_category_levels') }} (read by the one_hot macro at compile time)

with

videos as (
    select * from {{ ref('stg_tiktok__videos') }}
),

split_videos as (
    select * from {{ ref('int_videos_split') }}
),

fences as (
    select * from {{ ref('int_video_outlier_fences') }}
),

derived as (
    select
        videos.*,
        split_videos.split,
        length(videos.video_transcription_text) as transcription_length
    from videos
    inner join split_videos
        on videos.video_id = split_videos.video_id
),

fence_values as (
    {#- One row holding every column's fences, so capping is a plain cross join. #}
    select
        {%- for column in outlier_columns %}
            max(case when column_name = '{{ column }}' then lower_fence end)
                as {{ column }}_lower_fence,
            max(case when column_name = '{{ column }}' then upper_fence end)
                as {{ column }}_upper_fence,
        {%- endfor %}
        count(*) as fenced_column_count
    from fences
),

capped as (
    select
        {%- for column in outlier_columns %}
            least(
                greatest(derived.{{ column }}, fence_values.{{ column }}_lower_fence),
                fence_values.{{ column }}_upper_fence
            ) as capped_{{ column }},
        {%- endfor %}
        derived.*
    from derived
    cross join fence_values
),

features as (
    select
        ---------- keys
        video_id,
        split,

        ---------- numeric features (capped where fenced)
        {%- for column in var('numeric_features') %}
            {{ 'capped_' ~ column if column in outlier_columns else column }} as {{ column }},
        {%- endfor %}

        ---------- indicators (reference levels get none)
        {%- for column in var('categorical_features') %}
            {{ one_hot(column) }}
        {%- endfor %}

        ---------- outcome
        is_verified
    from capped
)

select * from features
