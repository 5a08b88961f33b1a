-- Problems still open up to period_last (and the as-of time): those of files not yet replaced
-- by a later file of the same partner and month, not rejected, that covers the same tables (of
-- housing, the same units: int_tables_in_force.sql). Rule and cell only, never a value.
with

housing_units as (
    select
        submission_id,
        list(unit_key) as units
    from staging_housing_units
    group by submission_id
),

registered as (
    select
        staging_submissions.*,
        coalesce(housing_units.units, []) as units
    from staging_submissions
    left join housing_units using (submission_id)
    where
        coalesce(period, getvariable('period_last')) <= getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'))
        and received_at <= coalesce(getvariable('as_of'), timestamptz '9999-12-31')
),

problems as (
    select * from problems
),

replaced as (
    select distinct earlier.submission_id
    from registered as earlier
    inner join registered as later
        on
            earlier.partner_id = later.partner_id
            and earlier.period = later.period
            and earlier.received_at < later.received_at
            and later.status != 'rejected'
            and list_has_all(later.tables, earlier.tables)
            and list_has_all(later.units, earlier.units)
)

select
    -- the file
    registered.partner_id,
    registered.period,
    registered.submission_id,
    registered.file_sha256,
    registered.name_as_received,
    registered.received_at,
    registered.status,
    -- the problem
    problems.severity,
    problems.rule,
    problems.sheet,
    problems.sheet_row,
    problems.column_name,
    problems.params
from registered
inner join problems using (submission_id)
where registered.submission_id not in (select replaced.submission_id from replaced)
order by
    problems.severity,
    registered.partner_id,
    registered.period,
    problems.sheet,
    problems.sheet_row
