-- Rows of every housing sheet loaded, one per housing unit.
with

source as (
    select * from raw_housing
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(sheet as varchar) as sheet,
    cast(sheet_row as integer) as sheet_row,
    trim(cast(site_id as varchar)) as site_id,
    -- measures
    cast(places as integer) as places,
    cast(residents as integer) as residents,
    cast(resident_nights as integer) as resident_nights,
    cast(admissions as integer) as admissions,
    cast(exits_planned as integer) as exits_planned,
    cast(exits_unplanned as integer) as exits_unplanned
from source
