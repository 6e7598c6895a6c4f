{#
    Nothing lost, nothing twice: every input row is in exactly one of stg_tiktok__videos and
    stg_tiktok__video_rejects, once, and neither holds a row the input lacks. Returns each
    row number that breaks this, with how often it appears in each place. A row number the
    input holds twice, or a null one, breaks it too, so this one query is also the key test of
    source_row_number in base_tiktok__video_rows and both staging models.
#}
with

input_rows as (
    select source_row_number from {{ ref('base_tiktok__video_rows') }}
),

staged_rows as (
    select source_row_number from {{ ref('stg_tiktok__videos') }}
),

rejected_rows as (
    select source_row_number from {{ ref('stg_tiktok__video_rejects') }}
),

row_numbers as (
    select
        source_row_number,
        1 as input_count,
        0 as staged_count,
        0 as rejected_count
    from input_rows

    union all

    select
        source_row_number,
        0 as input_count,
        1 as staged_count,
        0 as rejected_count
    from staged_rows

    union all

    select
        source_row_number,
        0 as input_count,
        0 as staged_count,
        1 as rejected_count
    from rejected_rows
),

counted as (
    select
        source_row_number,
        sum(input_count) as input_count,
        sum(staged_count) as staged_count,
        sum(rejected_count) as rejected_count
    from row_numbers
    group by source_row_number
),

unaccounted as (
    select *
    from counted
    where
        source_row_number is null
        or input_count != 1
        or staged_count + rejected_count != 1
)

select * from unaccounted
