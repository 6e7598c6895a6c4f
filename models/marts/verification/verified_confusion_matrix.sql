{#
    The confusion matrix of each split at var `decision_threshold` (is_predicted_verified), in
    long format: one row per split, actual label and predicted label, all four cells present
    even when a cell is empty.
#}
with

predictions as (
    select * from {{ ref('verified_predictions') }}
),

split_counts as (
    select
        split,
        {{ confusion_counts('is_verified', 'is_predicted_verified') }}
    from predictions
    group by split
),

cells as (
    select
        split,
        'not verified' as actual_label,
        'not verified' as predicted_label,
        true_negative_count as video_count
    from split_counts

    union all

    select
        split,
        'not verified' as actual_label,
        'verified' as predicted_label,
        false_positive_count as video_count
    from split_counts

    union all

    select
        split,
        'verified' as actual_label,
        'not verified' as predicted_label,
        false_negative_count as video_count
    from split_counts

    union all

    select
        split,
        'verified' as actual_label,
        'verified' as predicted_label,
        true_positive_count as video_count
    from split_counts
)

select * from cells
