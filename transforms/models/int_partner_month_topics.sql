-- The topics each partner reported in each month: one row per partner and month with a file in
-- force, saying for each topic (housing, counselling, trainings, groups, people) whether a table
-- of it is in force, even one without rows. A topic without one was not reported that month: its
-- figures are NULL (not reported), never a 0 that reads as nothing done.
with

in_force as (
    select * from int_tables_in_force
)

select
    -- ids
    partner_id,
    period,
    -- topics reported
    bool_or(table_name = 'housing') as has_housing,
    bool_or(table_name = 'counselling') as has_counselling,
    bool_or(table_name = 'trainings') as has_trainings,
    bool_or(table_name = 'groups') as has_groups,
    bool_or(table_name = 'people') as has_people
from in_force
group by partner_id, period
