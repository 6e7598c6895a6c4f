{#
    Precision, recall, F1, false positive rate and accuracy of each split at every threshold
    0.00, 0.01, …, 1.00 (predicted verified when predicted_probability >= threshold): the rows
    of int_verified_threshold_counts whose threshold is on the 0.01 grid.
#}
{%- set stride = evaluation_curve_step_count() // evaluation_threshold_step_count() %}

with

threshold_counts as (
    select * from {{ ref('int_verified_threshold_counts') }}
),

coarse_grid as (
    select
        split,
        threshold,
        true_positive_count,
        false_positive_count,
        true_negative_count,
        false_negative_count,
        precision,
        recall,
        f1_score,
        false_positive_rate,
        accuracy
    from threshold_counts
    where mod(threshold_index, {{ stride }}) = 0
)

select * from coarse_grid
