{#
    Every summary number of the classifier per split, in long format (metric_name,
    metric_value), next to a no-skill baseline that gives every video the TRAIN split's
    prevalence as its probability (metric names prefixed `no_skill_`). Both go through the same
    SQL: the baseline's rows are stacked under the model's and every metric is computed per
    split and scorer.

    - Threshold metrics (accuracy, and precision, recall and F1 of the verified class) use the
      prediction at var `decision_threshold`: is_predicted_verified for the model, "prevalence
      >= threshold" (the majority class, at 0.5) for the baseline.
    - roc_auc is the Mann–Whitney U over positive-negative pairs with ties counted as half,
      which is the AUC with average ranks for ties (sklearn's roc_auc_score).
    - average_precision is sklearn's step-wise sum over distinct probabilities p, from the
      highest down: (recall at p − recall at the previous p) × precision at p, with the
      prediction "probability >= p".
#}
{%- set scored_metric_names = [
    'accuracy',
    'precision',
    'recall',
    'f1_score',
    'roc_auc',
    'average_precision',
    'log_loss',
    'brier_score',
] %}

with

predictions as (
    select * from {{ ref('verified_predictions') }}
),

split_summaries as (
    select
        split,
        count(*) as video_count,
        {{ zero_division_ratio(count_where('is_verified'), 'count(*)') }} as prevalence
    from predictions
    group by split
),

no_skill_probabilities as (
    select prevalence as probability
    from split_summaries
    where split = 'train'
),

scored as (
    select
        split,
        '' as metric_prefix,
        is_verified,
        predicted_probability as probability,
        is_predicted_verified as is_predicted_positive
    from predictions

    union all

    select
        predictions.split,
        'no_skill_' as metric_prefix,
        predictions.is_verified,
        no_skill_probabilities.probability,
        no_skill_probabilities.probability >= {{ var('decision_threshold') }}
            as is_predicted_positive
    from predictions
    cross join no_skill_probabilities
),

threshold_summaries as (
    select
        split,
        metric_prefix,
        {{ confusion_counts('is_verified', 'is_predicted_positive') }},
        {{ exact_sum(log_loss_term('is_verified', 'probability')) }} / count(*) as log_loss,
        {{ exact_sum(brier_score_term('is_verified', 'probability')) }} / count(*) as brier_score
    from scored
    group by split, metric_prefix
),

probability_counts as (
    select
        split,
        metric_prefix,
        probability,
        {{ count_where('is_verified') }} as positive_count,
        {{ count_where('not is_verified') }} as negative_count
    from scored
    group by split, metric_prefix, probability
),

cumulative as (
    {#- Counts at and above each distinct probability (the prediction "probability >= p"). #}
    select
        *,
        sum(positive_count) over (
            partition by split, metric_prefix order by probability desc
            rows between unbounded preceding and current row
        ) as true_positive_count,
        sum(negative_count) over (
            partition by split, metric_prefix order by probability desc
            rows between unbounded preceding and current row
        ) as false_positive_count,
        sum(positive_count) over (partition by split, metric_prefix) as verified_count,
        sum(negative_count) over (partition by split, metric_prefix) as not_verified_count
    from probability_counts
),

ranking_summaries as (
    select
        split,
        metric_prefix,
        {#- Twice U: each positive scores 2 per negative below it and 1 per tied negative. #}
        sum(
            positive_count
            * (2 * (not_verified_count - false_positive_count) + negative_count)
        ) as twice_mann_whitney_u,
        max(verified_count) * max(not_verified_count) as pair_count,
        {#- Each distinct probability adds recall positive_count / verified_count. #}
        {{ exact_sum(
            'positive_count * '
            ~ precision_score('true_positive_count', 'false_positive_count')
        ) }} as recall_weighted_precision_sum,
        max(verified_count) as verified_count
    from cumulative
    group by split, metric_prefix
),

scorer_metrics as (
    select
        threshold_summaries.split,
        threshold_summaries.metric_prefix,
        {{ accuracy_score(
            'threshold_summaries.true_positive_count + threshold_summaries.true_negative_count',
            'threshold_summaries.true_positive_count + threshold_summaries.false_positive_count'
            ~ ' + threshold_summaries.true_negative_count'
            ~ ' + threshold_summaries.false_negative_count'
        ) }} as accuracy,
        {{ precision_score(
            'threshold_summaries.true_positive_count',
            'threshold_summaries.false_positive_count'
        ) }} as precision,
        {{ recall_score(
            'threshold_summaries.true_positive_count',
            'threshold_summaries.false_negative_count'
        ) }} as recall,
        {{ f1_score(
            'threshold_summaries.true_positive_count',
            'threshold_summaries.false_positive_count',
            'threshold_summaries.false_negative_count'
        ) }} as f1_score,
        {#- Undefined (null) when the split holds a single class, where sklearn raises. #}
        cast(ranking_summaries.twice_mann_whitney_u as {{ type_double() }})
        / nullif(2 * ranking_summaries.pair_count, 0) as roc_auc,
        {{ zero_division_ratio(
            'ranking_summaries.recall_weighted_precision_sum',
            'ranking_summaries.verified_count'
        ) }} as average_precision,
        threshold_summaries.log_loss,
        threshold_summaries.brier_score
    from threshold_summaries
    inner join ranking_summaries
        on
            threshold_summaries.split = ranking_summaries.split
            and threshold_summaries.metric_prefix = ranking_summaries.metric_prefix
),

metrics as (
    {%- for metric_name in scored_metric_names %}
        select
            split,
            {{ dbt.concat(['metric_prefix', "'" ~ metric_name ~ "'"]) }} as metric_name,
            cast({{ metric_name }} as {{ type_double() }}) as metric_value
        from scorer_metrics

        union all
    {%- endfor %}

    select
        split,
        'prevalence' as metric_name,
        cast(prevalence as {{ type_double() }}) as metric_value
    from split_summaries

    union all

    select
        split,
        'row_count' as metric_name,
        cast(video_count as {{ type_double() }}) as metric_value
    from split_summaries
)

select * from metrics
