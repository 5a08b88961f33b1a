-- What the models of each partner-month are built from: a digest of its submissions as the
-- register holds them (status, times, release, tables) and of every raw row they brought. A
-- partner-month whose digest changed since the last build (a new file, a resubmission, a release
-- from a lock, rows classified again) is rebuilt; the others keep their rows.
with

register as (
    select * from submissions
),

raw_rows as (
    select
        submission_id,
        hash(counselling) as row_hash
    from raw_counselling as counselling
    union all
    select
        submission_id,
        hash(group_rows) as row_hash
    from raw_groups as group_rows
    union all
    select
        submission_id,
        hash(housing) as row_hash
    from raw_housing as housing
    union all
    select
        submission_id,
        hash(people) as row_hash
    from raw_people as people
    union all
    select
        submission_id,
        hash(trainings) as row_hash
    from raw_trainings as trainings
),

submission_rows as (
    select
        submission_id,
        sum(row_hash) as rows_digest
    from raw_rows
    group by submission_id
)

select
    register.partner_id,
    register.period,
    sum(hash(register, submission_rows.rows_digest)) as inputs_digest
from register
left join submission_rows using (submission_id)
group by register.partner_id, register.period
