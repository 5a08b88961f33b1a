-- Which submission is in force for each partner, month and table: the latest accepted one
-- received by the as-of time (every one registered when no as-of time is set). A later file for
-- the same table supersedes an earlier one. A file held while its month was locked counts only
-- from the moment it was released (`consortium unlock`).
with

submissions as (
    select * from staging_submissions
),

counted as (
    select * from submissions
    where
        status in ('accepted', 'accepted_with_warnings')
        and greatest(received_at, coalesce(released_at, received_at))
        <= coalesce(getvariable('as_of'), timestamptz '9999-12-31')
),

submission_tables as (
    select
        submission_id,
        partner_id,
        period,
        received_at,
        unnest(tables) as table_name
    from counted
),

ranked as (
    select
        *,
        row_number() over (
            partition by partner_id, period, table_name
            order by received_at desc, submission_id asc
        ) as recency_rank
    from submission_tables
)

select
    -- ids
    submission_id,
    partner_id,
    period,
    table_name,
    -- timestamps
    received_at
from ranked
where recency_rank = 1
