-- The files behind the figures: each submission in force for a partner and month of the range,
-- with its SHA-256, size and arrival time. Parameters: $first, $last, $partner, $tz.
with

in_force as (
    select * from staging_submission_tables
    where period between $first and $last and ($partner::varchar is null or partner_id = $partner)
),

submissions as (
    select * from submissions
),

files as (
    select
        submission_id,
        partner_id,
        period,
        string_agg(table_name, ', ' order by table_name) as tables,
    from in_force
    group by all
)

select
    files.partner_id,
    files.period,
    submissions.name_as_received as file_name,
    files.tables,
    files.submission_id as sha256,
    submissions.size_bytes,
    strftime(timezone($tz, submissions.received_at), '%Y-%m-%d %H:%M:%S') as received_at,
    submissions.status,
from files
inner join submissions using (submission_id)
order by files.partner_id, files.period, submissions.received_at, files.submission_id
