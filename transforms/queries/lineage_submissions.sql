-- The files behind a figure of the months period_first to period_last: each submission in force
-- for one of the figure's source tables (or, for completeness figures, every registered file),
-- with its name as received, SHA-256, arrival time and the number of rows it contributes.
with

in_force as (
    select * from in_scope('int_tables_in_force')
    where list_contains(getvariable('source_tables'), table_name)
),

registered as (
    select * from in_scope('staging_submissions')
    where
        received_at <= coalesce(getvariable('as_of'), timestamptz '9999-12-31')
        and list_contains(getvariable('source_tables'), 'register')
),

source_rows as (
    select
        'housing' as table_name,
        submission_id,
        count(*) as source_rows
    from int_housing_in_force
    group by all
    union all
    select
        'counselling' as table_name,
        submission_id,
        count(*) as source_rows
    from int_counselling_in_force
    group by all
    union all
    select
        'trainings' as table_name,
        submission_id,
        count(*) as source_rows
    from int_trainings_in_force
    group by all
    union all
    select
        'groups' as table_name,
        submission_id,
        count(*) as source_rows
    from int_groups_in_force
    group by all
    union all
    select
        'people' as table_name,
        submission_id,
        count(*) as source_rows
    from int_people_in_force
    group by all
),

used as (
    select
        in_force.submission_id,
        in_force.table_name,
        coalesce(source_rows.source_rows, 0) as source_rows
    from in_force
    left join source_rows using (submission_id, table_name)
    union all
    select
        submission_id,
        'register' as table_name,
        0 as source_rows
    from registered
)

select
    submissions.partner_id,
    submissions.period,
    used.table_name,
    submissions.name_as_received,
    submissions.file_sha256 as sha256,
    submissions.received_at,
    submissions.status,
    used.source_rows
from used
inner join staging_submissions as submissions using (submission_id)
order by submissions.period, submissions.partner_id, used.table_name, submissions.received_at
