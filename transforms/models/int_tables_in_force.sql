-- Which submissions are in force for each partner, month and table: the latest accepted one
-- received by the as-of time (every one registered when no as-of time is set). A later file for
-- the same table supersedes an earlier one. A file held while its month was locked counts only
-- from the moment it was released (`consortium unlock`).
-- Housing goes by unit: a later file supersedes an earlier one's rows of the units it has rows
-- of, so when each flat of a partner sends its own register, every flat counts. An earlier file
-- stays in force for its units no later file has rows of (`housing_units`, lower case, the
-- units whose rows count; null for the other tables, whose latest file counts whole, and for a
-- housing table without rows). `is_latest` marks the latest file of each table.
with

submissions as (
    select * from staging_submissions
),

housing_units as (
    select * from staging_housing_units
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
),

unit_files as (
    select
        ranked.submission_id,
        ranked.table_name,
        housing_units.unit_key,
        row_number() over (
            partition by ranked.partner_id, ranked.period, housing_units.unit_key
            order by ranked.received_at desc, ranked.submission_id asc
        ) as unit_recency_rank
    from ranked
    inner join housing_units using (submission_id)
    where ranked.table_name = 'housing'
),

units_in_force as (
    select
        submission_id,
        table_name,
        list(unit_key order by unit_key) as housing_units
    from unit_files
    where unit_recency_rank = 1
    group by submission_id, table_name
)

select
    -- ids
    ranked.submission_id,
    ranked.partner_id,
    ranked.period,
    ranked.table_name,
    -- the rows in force
    ranked.recency_rank = 1 as is_latest,
    units_in_force.housing_units,
    -- timestamps
    ranked.received_at
from ranked
left join units_in_force using (submission_id, table_name)
where ranked.recency_rank = 1 or units_in_force.submission_id is not null
