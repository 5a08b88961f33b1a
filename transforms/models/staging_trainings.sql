-- Rows of the trainings sheets of the submissions in force, with partner and month.
with

in_force as (
    select * from staging_submission_tables
    where table_name = 'trainings'
),

rows as (
    select * from raw_trainings
)

select
    in_force.partner_id,
    in_force.period,
    rows.*
from rows
inner join in_force using (submission_id)
