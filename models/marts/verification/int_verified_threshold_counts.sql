{#
    The counts behind every threshold table and curve: for each split and each threshold
    k / 1000 (k = 0 … 1000), how many videos of each class have predicted_probability >= the
    threshold, and the rates that follow. Each video is counted once, in the bucket of the
    highest grid threshold at or below its probability; a cumulative sum from the top bucket
    down then gives the counts at every threshold. The work is one pass over the predictions
    and 1,001 rows per split, whatever the number of videos.
#}
{%- set step_count = evaluation_curve_step_count() %}

with

predictions as (
    select * from {{ ref('verified_predictions') }}
),

thresholds as (
    {{ threshold_grid(step_count) }}
),

splits as (
    select distinct split from predictions
),

bucketed as (
    select
        split,
        is_verified,
        {{ threshold_bucket('predicted_probability', step_count) }} as threshold_index
    from predictions
),

bucket_counts as (
    select
        split,
        threshold_index,
        {{ count_where('is_verified') }} as positive_count,
        {{ count_where('not is_verified') }} as negative_count
    from bucketed
    group by split, threshold_index
),

grid as (
    select
        splits.split,
        thresholds.threshold_index,
        thresholds.threshold
    from splits
    cross join thresholds
),

grid_counts as (
    select
        grid.split,
        grid.threshold_index,
        grid.threshold,
        coalesce(bucket_counts.positive_count, 0) as positive_count,
        coalesce(bucket_counts.negative_count, 0) as negative_count
    from grid
    left join bucket_counts
        on
            grid.split = bucket_counts.split
            and grid.threshold_index = bucket_counts.threshold_index
),

cumulative as (
    {#- At threshold k, the videos predicted verified are those of buckets k and above. #}
    select
        split,
        threshold_index,
        threshold,
        sum(positive_count) over (
            partition by split order by threshold_index desc
            rows between unbounded preceding and current row
        ) as true_positive_count,
        sum(negative_count) over (
            partition by split order by threshold_index desc
            rows between unbounded preceding and current row
        ) as false_positive_count,
        sum(positive_count) over (partition by split) as verified_count,
        sum(negative_count) over (partition by split) as not_verified_count
    from grid_counts
),

counted as (
    select
        split,
        threshold_index,
        threshold,
        cast(true_positive_count as {{ dbt.type_bigint() }}) as true_positive_count,
        cast(false_positive_count as {{ dbt.type_bigint() }}) as false_positive_count,
        cast(not_verified_count - false_positive_count as {{ dbt.type_bigint() }})
            as true_negative_count,
        cast(verified_count - true_positive_count as {{ dbt.type_bigint() }})
            as false_negative_count
    from cumulative
),

rated as (
    select
        *,
        {{ precision_score('true_positive_count', 'false_positive_count') }} as precision,
        {{ recall_score('true_positive_count', 'false_negative_count') }} as recall,
        {{ f1_score('true_positive_count', 'false_positive_count', 'false_negative_count') }}
            as f1_score,
        {{ false_positive_rate('false_positive_count', 'true_negative_count') }}
            as false_positive_rate,
        {{ accuracy_score(
            'true_positive_count + true_negative_count',
            'true_positive_count + false_positive_count + true_negative_count + false_negative_count'
        ) }} as accuracy
    from counted
)

select * from rated
