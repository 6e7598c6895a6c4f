{#
    One row per build and metric, appended on every `dbt build` and never rebuilt, keyed by
    dbt's invocation id with the vars that shaped the run, so runs can be compared over time.
    `dbt build --full-refresh` starts the history afresh.
#}
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

with

metrics as (
    select * from {{ ref('verified_metrics') }}
),

input_rows as (
    select * from {{ ref('base_tiktok__video_rows') }}
),

run_settings as (
    select
        min(source_file) as input_file,
        count(*) as input_row_count
    from input_rows
),

history as (
    select
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
            as run_started_at,
        metrics.split,
        metrics.metric_name,
        metrics.metric_value,
        run_settings.input_file,
        run_settings.input_row_count,
        {{ string_literal(var('resampling')) }} as resampling,
        cast({{ var('random_seed') }} as {{ dbt.type_bigint() }}) as random_seed,
        cast({{ var('regularisation_c') }} as {{ type_double() }}) as regularisation_c,
        cast({{ var('test_share') }} as {{ type_double() }}) as test_share,
        {{ string_literal(var('split_salt')) }} as split_salt,
        cast({{ var('iqr_multiplier') }} as {{ type_double() }}) as iqr_multiplier,
        cast({{ var('decision_threshold') }} as {{ type_double() }}) as decision_threshold
    from metrics
    cross join run_settings
)

select * from history
