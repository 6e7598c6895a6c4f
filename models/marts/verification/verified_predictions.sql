{#
    Every staged video scored IN SQL from the model table: the logit is the intercept plus each
    original-scale coefficient times the feature, the probability its logistic. The feature
    columns are those of int_video_features (all but the keys), the same list the Python model
    fitted on; a term missing from the model table would make the probability null, and the
    not_null test would stop the build.
#}
{%- set key_columns = ['video_id', 'split', 'is_verified'] -%}
{%- set feature_columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(ref('int_video_features')) -%}
        {%- if column.name not in key_columns -%}
            {%- do feature_columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

features as (
    select * from {{ ref('int_video_features') }}
),

model_terms as (
    select * from {{ ref('verified_classifier') }}
),

coefficients as (
    {#- One row holding every coefficient, so scoring is a plain cross join. #}
    select
        {%- for term in feature_columns %}
            max(case when term = '{{ term }}' then coefficient end) as {{ term }}_coefficient,
        {%- endfor %}
        max(case when term = 'intercept' then coefficient end) as intercept_coefficient
    from model_terms
),

scored as (
    select
        features.video_id,
        features.split,
        features.is_verified,
        coefficients.intercept_coefficient
        {%- for column in feature_columns %}
            + coefficients.{{ column }}_coefficient * features.{{ column }}
        {%- endfor %} as logit
    from features
    cross join coefficients
),

predictions as (
    select
        video_id,
        split,
        is_verified,
        1.0 / (1.0 + exp(-logit)) as predicted_probability,
        1.0 / (1.0 + exp(-logit)) >= {{ var('decision_threshold') }} as is_predicted_verified
    from scored
)

select * from predictions
