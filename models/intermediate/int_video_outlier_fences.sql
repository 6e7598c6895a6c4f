{#
    IQR fences for each column in var outlier_columns, fitted on TRAIN rows only (quartiles by
    linear interpolation, as pandas' default quantile), with how many rows of each split the
    fences cap. Changing only test rows cannot move a fence.
#}
{%- set outlier_columns = var('outlier_columns') -%}
{%- set multiplier = var('iqr_multiplier') -%}

with

videos as (
    select * from {{ ref('stg_tiktok__videos') }}
),

split_videos as (
    select * from {{ ref('int_videos_split') }}
),

labelled as (
    select
        videos.*,
        split_videos.split
    from videos
    inner join split_videos
        on videos.video_id = split_videos.video_id
),

quartiles as (
    {%- for column in outlier_columns %}
        select
            '{{ column }}' as column_name,
            {{ loop.index }} as column_order,
            count(*) as train_row_count,
            percentile_cont(0.25) within group (order by {{ column }}) as q1,
            percentile_cont(0.75) within group (order by {{ column }}) as q3
        from labelled
        where split = 'train'
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

fences as (
    select
        *,
        q3 - q1 as iqr,
        q1 - {{ multiplier }} * (q3 - q1) as lower_fence,
        q3 + {{ multiplier }} * (q3 - q1) as upper_fence
    from quartiles
),

capped_counts as (
    {%- for column in outlier_columns %}
        select
            '{{ column }}' as column_name,
            count(
                case
                    when
                        labelled.split = 'train'
                        and labelled.{{ column }}
                        not between fences.lower_fence and fences.upper_fence
                        then 1
                end
            ) as train_capped_count,
            count(
                case
                    when
                        labelled.split = 'test'
                        and labelled.{{ column }}
                        not between fences.lower_fence and fences.upper_fence
                        then 1
                end
            ) as test_capped_count
        from labelled
        cross join fences
        where fences.column_name = '{{ column }}'
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

fences_with_counts as (
    select
        fences.column_name,
        fences.column_order,
        fences.train_row_count,
        fences.q1,
        fences.q3,
        fences.iqr,
        {{ multiplier }} as iqr_multiplier,
        fences.lower_fence,
        fences.upper_fence,
        capped_counts.train_capped_count,
        capped_counts.test_capped_count
    from fences
    inner join capped_counts
        on fences.column_name = capped_counts.column_name
)

select * from fences_with_counts
