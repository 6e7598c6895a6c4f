{{ config(post_hook="{{ assert_reject_share_within_limit() }}") }}

with

raw_rows as (
    select * from {{ ref('base_tiktok__video_rows') }}
),

checked_rows as (
    select * from {{ ref('base_tiktok__video_rows_checked') }}
),

rejected as (
    select
        ---------- ids
        checked_rows.source_row_number,
        checked_rows.video_id,

        ---------- why
        checked_rows.reject_reason,
        checked_rows.reject_detail,

        ---------- the row exactly as read, and where from
        raw_rows.source_index as raw_source_index,
        raw_rows.row_label as raw_row_label,
        {%- for column in ['claim_status', 'video_id', 'video_duration_sec',
            'video_transcription_text', 'verified_status', 'author_ban_status']
            + tiktok_count_columns() %}
            raw_rows.{{ column }} as raw_{{ column }},
        {%- endfor %}
        checked_rows.source_file

    from checked_rows
    inner join raw_rows
        on checked_rows.source_row_number = raw_rows.source_row_number
    where checked_rows.reject_reason is not null
)

select * from rejected
