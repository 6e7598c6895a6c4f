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

capped as (
    select
        derived.*,
        {%- for column in outlier_columns %}
            least(
                greatest(
                    derived.{{ column }},
                    (select lower_fence from fences where column_name = '{{ column }}')
                ),
                (select upper_fence from fences where column_name = '{{ column }}')
            ) as capped_{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from derived
),

features as (
    select
        ---------- keys and outcome
        video_id,
        split,
        is_verified,

        ---------- numeric features (capped where fenced)
        {%- for column in var('numeric_features') %}
            {{ 'capped_' ~ column if column in outlier_columns else column }} as {{ column }},
        {%- endfor %}

        ---------- indicators (reference levels get none)
        {%- for column in var('categorical_features') %}
            {{ one_hot(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from capped
)

select * from features
