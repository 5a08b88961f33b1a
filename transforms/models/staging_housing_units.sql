-- The housing units of every housing sheet loaded, one row per submission and unit it has rows
-- of: the unit in lower case, as the files of a partner's month are told apart by their units
-- (a row without a unit as the empty one, so its file still counts).
with

source as (
    select * from raw_housing
)

select distinct
    -- ids
    cast(submission_id as varchar) as submission_id,
    coalesce(lower(trim(cast(site_id as varchar))), '') as unit_key
from source
