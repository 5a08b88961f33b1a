-- The files behind the figures of the months period_first to period_last: each submission in
-- force for a partner and month, the tables it supplies, its SHA-256, size, arrival and status.
with

in_force as (
    select * from in_scope('int_tables_in_force')
),

submissions as (
    select * from staging_submissions
),

files as (
    select
        submission_id,
        partner_id,
        period,
        string_agg(table_name, ', ' order by table_name) as tables -- noqa: RF04
    from in_force
    group by submission_id, partner_id, period
)

select
    -- ids
    files.partner_id,
    files.period,
    submissions.name_as_received,
    files.tables,
    submissions.file_sha256 as sha256,
    -- the file
    submissions.size_bytes,
    submissions.received_at,
    submissions.status
from files
inner join submissions using (submission_id)
order by files.partner_id, files.period, submissions.received_at, files.submission_id
