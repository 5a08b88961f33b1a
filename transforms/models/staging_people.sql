-- Rows of every people sheet loaded, one per person listed.
with

source as (
    select * from raw_people
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(sheet as varchar) as sheet,
    cast(sheet_row as integer) as sheet_row,
    cast(user_key as varchar) as user_key,
    -- dimensions
    cast(user_kind as varchar) as user_kind,
    cast(sex as varchar) as sex,
    cast(age_band as varchar) as age_band,
    cast(main_addiction as varchar) as main_addiction,
    cast(housing_unit as varchar) as housing_unit,
    -- flags
    cast(housing_unit_reported as boolean) as housing_unit_reported,
    cast(group_meetings_reported as boolean) as group_meetings_reported,
    -- measures
    cast(group_meetings as integer) as group_meetings,
    cast(barc10 as integer) as barc10
from source
