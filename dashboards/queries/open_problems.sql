-- Problems of the latest file of each partner and month up to $last: a later file closes the
-- problems of earlier ones. Rule and cell only, never a cell's value.
with

submissions as (
    select * from submissions where coalesce(period, $last) <= $last
),

problems as (
    select * from problems
),

latest as (
    select
        *,
        row_number() over (
            partition by coalesce(partner_id, submission_id), coalesce(period, submission_id)
            order by received_at desc, submission_id
        ) as recency_rank,
    from submissions
)

select
    latest.partner_id,
    latest.period,
    latest.submission_id,
    latest.name_as_received,
    latest.received_at,
    latest.status,
    problems.severity,
    problems.rule,
    problems.sheet,
    problems.sheet_row,
    problems.column_name,
    problems.params,
from latest
inner join problems using (submission_id)
where latest.recency_rank = 1
order by problems.severity, latest.partner_id, latest.period, problems.sheet, problems.sheet_row
