{#
    Points of each split's ROC curve for plotting: the false and true positive rates at every
    threshold k / 1000 (threshold 0 is the end point (1, 1)), plus the end point (0, 0) at an
    infinite threshold, where no video is predicted verified (sklearn's roc_curve also puts +inf
    there). At most 1,002 rows per split whatever the number of videos; the exact area under
    the curve is roc_auc in verified_metrics.
#}
with

threshold_counts as (
    select * from {{ ref('int_verified_threshold_counts') }}
),

grid_points as (
    select
        split,
        threshold,
        false_positive_rate,
        recall as true_positive_rate
    from threshold_counts
),

end_points as (
    select distinct
        split,
        cast('infinity' as {{ type_double() }}) as threshold,
        cast(0 as {{ type_double() }}) as false_positive_rate,
        cast(0 as {{ type_double() }}) as true_positive_rate
    from threshold_counts
),

curve as (
    select * from grid_points
    union all
    select * from end_points
)

select * from curve
