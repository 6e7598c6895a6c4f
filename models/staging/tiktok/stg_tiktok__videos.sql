with

checked_rows as (
    select * from {{ ref('base_tiktok__video_rows_checked') }}
),

staged as (
    select
        ---------- ids
        video_id,
        source_row_number,

        ---------- categories
        claim_status,
        author_ban_status,
        verified_status,

        ---------- text
        video_transcription_text,

        ---------- numbers
        video_duration_sec,
        {%- for column in tiktok_count_columns() %}
            {{ column }},
        {%- endfor %}

        ---------- booleans
        verified_status = 'verified' as is_verified

    from checked_rows
    where reject_reason is null
)

select * from staged
