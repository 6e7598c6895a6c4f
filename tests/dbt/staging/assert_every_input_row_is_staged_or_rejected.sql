{#
    Nothing lost, nothing twice: every input row is in exactly one of stg_tiktok__videos and
    stg_tiktok__video_rejects, once, and neither holds a row the input lacks. Returns each
    input row number found in neither or in both, and one summary row when the counts show a
    row number twice (in the input or in the outputs) or a row the input lacks. This also
    makes it the key test of source_row_number in base_tiktok__video_rows and both staging
    models. (Two joins and three counts: a group by over every row number of all three
    tables, which would say the same, takes three times as long at 5M rows.)
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

accounted as (
    select
        input_rows.source_row_number,
        staged_rows.source_row_number is not null as is_staged,
        rejected_rows.source_row_number is not null as is_rejected
    from input_rows
    left join staged_rows
        on input_rows.source_row_number = staged_rows.source_row_number
    left join rejected_rows
        on input_rows.source_row_number = rejected_rows.source_row_number
),

row_counts as (
    select
        (select count(*) from input_rows) as input_row_count,
        (select count(distinct source_row_number) from input_rows) as input_row_number_count,
        (select count(*) from staged_rows) as staged_row_count,
        (select count(*) from rejected_rows) as rejected_row_count
),

unaccounted as (
    select
        accounted.source_row_number,
        accounted.is_staged,
        accounted.is_rejected,
        row_counts.*
    from accounted
    cross join row_counts
    where accounted.is_staged = accounted.is_rejected

    union all

    {#- Counts cannot be equal with a row number twice in the input, or in the outputs while
        every input row is matched. #}
    select
        null as source_row_number,
        null as is_staged,
        null as is_rejected,
        row_counts.*
    from row_counts
    where
        input_row_number_count != input_row_count
        or staged_row_count + rejected_row_count != input_row_count
)

select * from unaccounted
