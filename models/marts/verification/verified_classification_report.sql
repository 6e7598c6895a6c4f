{#
    scikit-learn's classification_report for each split, at var `decision_threshold`: one row per
    class, then accuracy, the macro average and the support-weighted average, ordered by
    row_order as sklearn prints them. Ratios with a zero denominator are 0 (sklearn's default
    zero_division). For the class `not verified` the roles swap: its true positives are the
    true negatives of the verified class.
#}
with

predictions as (
    select * from {{ ref('verified_predictions') }}
),

split_counts as (
    select
        split,
        {{ confusion_counts('is_verified', 'is_predicted_verified') }},
        count(*) as video_count
    from predictions
    group by split
),

class_rows as (
    select
        split,
        'not verified' as class_label,
        1 as row_order,
        {{ precision_score('true_negative_count', 'false_negative_count') }} as precision,
        {{ recall_score('true_negative_count', 'false_positive_count') }} as recall,
        {{ f1_score('true_negative_count', 'false_negative_count', 'false_positive_count') }}
            as f1_score,
        true_negative_count + false_positive_count as support
    from split_counts

    union all

    select
        split,
        'verified' as class_label,
        2 as row_order,
        {{ precision_score('true_positive_count', 'false_positive_count') }} as precision,
        {{ recall_score('true_positive_count', 'false_negative_count') }} as recall,
        {{ f1_score('true_positive_count', 'false_positive_count', 'false_negative_count') }}
            as f1_score,
        true_positive_count + false_negative_count as support
    from split_counts
),

accuracy_rows as (
    {#- sklearn's text report shows accuracy in the f1-score column, over all rows. #}
    select
        split,
        'accuracy' as class_label,
        3 as row_order,
        cast(null as {{ type_double() }}) as precision,
        cast(null as {{ type_double() }}) as recall,
        {{ accuracy_score('true_positive_count + true_negative_count', 'video_count') }}
            as f1_score,
        video_count as support
    from split_counts
),

average_rows as (
    select
        split,
        'macro avg' as class_label,
        4 as row_order,
        avg(precision) as precision,
        avg(recall) as recall,
        avg(f1_score) as f1_score,
        sum(support) as support
    from class_rows
    group by split

    union all

    select
        split,
        'weighted avg' as class_label,
        5 as row_order,
        {{ zero_division_ratio('sum(precision * support)', 'sum(support)') }} as precision,
        {{ zero_division_ratio('sum(recall * support)', 'sum(support)') }} as recall,
        {{ zero_division_ratio('sum(f1_score * support)', 'sum(support)') }} as f1_score,
        sum(support) as support
    from class_rows
    group by split
),

unioned as (
    select * from class_rows
    union all
    select * from accuracy_rows
    union all
    select * from average_rows
),

report as (
    select
        split,
        class_label,
        cast(precision as {{ type_double() }}) as precision,
        cast(recall as {{ type_double() }}) as recall,
        cast(f1_score as {{ type_double() }}) as f1_score,
        cast(support as {{ dbt.type_bigint() }}) as support,
        cast(row_order as integer) as row_order
    from unioned
)

select * from report
