-- The rows behind a figure of the months period_first to period_last: sheet and row of every
-- row of the figure's source tables in the submissions in force.
with

source_rows as (
    select
        'housing' as table_name,
        partner_id,
        period,
        submission_id,
        sheet,
        sheet_row
    from in_scope('int_housing_in_force')
    union all
    select
        'counselling' as table_name,
        partner_id,
        period,
        submission_id,
        sheet,
        sheet_row
    from in_scope('int_counselling_in_force')
    union all
    select
        'trainings' as table_name,
        partner_id,
        period,
        submission_id,
        sheet,
        sheet_row
    from in_scope('int_trainings_in_force')
    union all
    select
        'groups' as table_name,
        partner_id,
        period,
        submission_id,
        sheet,
        sheet_row
    from in_scope('int_groups_in_force')
    union all
    select
        'people' as table_name,
        partner_id,
        period,
        submission_id,
        sheet,
        sheet_row
    from in_scope('int_people_in_force')
),

wanted as (
    select * from source_rows
    where list_contains(getvariable('source_tables'), table_name)
)

select
    wanted.partner_id,
    wanted.period,
    wanted.table_name,
    submissions.name_as_received,
    submissions.file_sha256 as sha256,
    wanted.sheet,
    wanted.sheet_row
from wanted
inner join staging_submissions as submissions using (submission_id)
order by
    wanted.period,
    wanted.partner_id,
    wanted.table_name,
    submissions.name_as_received,
    wanted.sheet,
    wanted.sheet_row
