{#
    Train/test assignment, before anything is fitted. Each video's place comes from a hash of
    (var split_salt, video_id), never from row order. Within each class of is_verified the
    videos are ranked by that hash and the lowest round(var test_share * class size) go to
    test: the test share is exact in each class (stratified), and a video's split depends only
    on its own hash and where its class's cut falls (see README "Split").
#}
with

videos as (
    select * from {{ ref('stg_tiktok__videos') }}
),

hashed as (
    select
        video_id,
        is_verified,
        {{ split_hash('video_id') }} as split_hash
    from videos
),

ranked as (
    select
        *,
        row_number() over (
            partition by is_verified order by split_hash, video_id
        ) as class_rank,
        count(*) over (partition by is_verified) as class_size
    from hashed
),

assigned as (
    select
        video_id,
        is_verified,
        split_hash,
        case
            when class_rank <= round(class_size * {{ var('test_share') }}) then 'test'
            else 'train'
        end as split
    from ranked
)

select * from assigned
