-- Each housing unit in each month of period_first to period_last: places, residents, nights and
-- occupancy (the rows of mart_housing_unit_months).
with

unit_months as (
    select * from in_scope('mart_housing_unit_months')
)

select
    -- ids
    partner_id,
    site_id,
    period,
    -- measures
    places,
    residents,
    resident_nights,
    place_nights,
    occupancy_rate
from unit_months
order by partner_id, site_id, period
