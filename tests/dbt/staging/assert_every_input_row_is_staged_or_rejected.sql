{#
    Nothing lost, nothing twice: input rows = staged rows + rejected rows, row for row.
    Returns the rows of the input that are in neither table, or in both.
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

unaccounted as (
    select
        source_row_number,
        is_staged,
        is_rejected,
        (select count(*) from input_rows) as input_row_count,
        (select count(*) from staged_rows) as staged_row_count,
        (select count(*) from rejected_rows) as rejected_row_count
    from accounted
    where is_staged = is_rejected
)

select * from unaccounted
