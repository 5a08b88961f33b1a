-- Problems still open up to $last: those of files not yet replaced by a later accepted file of
-- the same partner and month that covers the same tables. Rule and cell only, never a value.
with

submissions as (
    select * from submissions where coalesce(period, $last) <= $last
),

problems as (
    select * from problems
),

replaced as (
    select distinct earlier.submission_id,
    from submissions as earlier
    inner join submissions as later
        on later.partner_id = earlier.partner_id
        and later.period = earlier.period
        and later.received_at > earlier.received_at
        and later.status <> 'rejected'
        and list_has_all(later.tables, earlier.tables)
)

select
    submissions.partner_id,
    submissions.period,
    submissions.submission_id,
    submissions.name_as_received,
    submissions.received_at,
    submissions.status,
    problems.severity,
    problems.rule,
    problems.sheet,
    problems.sheet_row,
    problems.column_name,
    problems.params,
from submissions
inner join problems using (submission_id)
where submissions.submission_id not in (select submission_id from replaced)
order by problems.severity, submissions.partner_id, submissions.period, problems.sheet, problems.sheet_row
