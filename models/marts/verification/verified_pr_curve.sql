{#
    Points of each split's precision-recall curve for plotting: precision and recall at every
    threshold k / 1000 at which some video is predicted verified (threshold 0 is the end point
    recall 1, precision = prevalence), plus the end point recall 0, precision 1 at an infinite
    threshold, as sklearn's precision_recall_curve ends. Thresholds that predict no video
    verified are left out: their precision would be the zero_division 0, not a point of the
    curve. At most 1,002 rows per split; the exact summary is average_precision in
    verified_metrics.
#}
with

threshold_counts as (
    select * from {{ ref('int_verified_threshold_counts') }}
),

grid_points as (
    select
        split,
        threshold,
        precision,
        recall
    from threshold_counts
    where true_positive_count + false_positive_count > 0
),

end_points as (
    select distinct
        split,
        cast('infinity' as {{ type_double() }}) as threshold,
        cast(1 as {{ type_double() }}) as precision,
        cast(0 as {{ type_double() }}) as recall
    from threshold_counts
),

curve as (
    select * from grid_points
    union all
    select * from end_points
)

select * from curve
