{#
    The model in business words: one row per feature with the direction of its link to
    verification, the odds ratio and its interval, and one plain-English sentence. Numeric
    features are read per standard deviation (a unit of views is too small to mean anything);
    indicators are read as the group against its reference group.
#}
with

model_terms as (
    select * from {{ ref('verified_classifier') }}
),

labels as (
    select * from {{ ref('feature_labels') }}
),

features as (
    select
        model_terms.term_order,
        model_terms.term as feature,
        coalesce(labels.label, model_terms.term) as feature_label,
        labels.compared_with is not null as is_indicator,
        labels.compared_with,
        model_terms.scale as standard_deviation,
        cast(
            cast(round(model_terms.scale, 0) as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }}
        ) || ' ' || coalesce(labels.unit, 'units') as standard_deviation_text,
        model_terms.p_value,
        model_terms.ci_level,
        case
            when labels.compared_with is not null then model_terms.odds_ratio_per_unit
            else model_terms.odds_ratio_per_sd
        end as odds_ratio,
        case
            when labels.compared_with is not null then model_terms.odds_ratio_per_unit_ci_low
            else model_terms.odds_ratio_per_sd_ci_low
        end as odds_ratio_ci_low,
        case
            when labels.compared_with is not null then model_terms.odds_ratio_per_unit_ci_high
            else model_terms.odds_ratio_per_sd_ci_high
        end as odds_ratio_ci_high
    from model_terms
    left join labels
        on model_terms.term = labels.term
    where model_terms.term != 'intercept'
),

worded as (
    select
        *,
        case
            when odds_ratio_ci_low > 1 then 'more likely verified'
            when odds_ratio_ci_high < 1 then 'less likely verified'
            else 'no clear link'
        end as direction,
        case
            when is_indicator then 'compared with ' || compared_with
            else 'per standard deviation (about ' || standard_deviation_text || ')'
        end as odds_ratio_basis,
        cast(cast(round(100 * ci_level, 0) as {{ dbt.type_int() }}) as {{ dbt.type_string() }})
        || ' % interval '
        || cast(round(odds_ratio_ci_low, 2) as {{ dbt.type_string() }})
        || ' to '
        || cast(round(odds_ratio_ci_high, 2) as {{ dbt.type_string() }}) as interval_text
    from features
),

sentences as (
    select
        term_order,
        feature,
        feature_label,
        direction,
        odds_ratio,
        odds_ratio_ci_low,
        odds_ratio_ci_high,
        ci_level,
        odds_ratio_basis,
        p_value,
        case
            when is_indicator
                then
                    upper(substring(feature_label, 1, 1)) || substring(feature_label, 2)
                    || ' have ' || cast(round(odds_ratio, 2) as {{ dbt.type_string() }})
                    || ' times the odds of a verified author ' || odds_ratio_basis
            else
                'One standard deviation more ' || feature_label
                || ' (about ' || standard_deviation_text || ') goes with '
                || cast(round(odds_ratio, 2) as {{ dbt.type_string() }})
                || ' times the odds of a verified author'
        end
        || ' (' || interval_text || '): '
        || case direction
            when 'no clear link' then 'no clear link.'
            else direction || '.'
        end as sentence
    from worded
)

select * from sentences
