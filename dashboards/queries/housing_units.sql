-- Each housing unit in each month from $first to $last: places, residents and occupancy.
with

unit_months as (
    select * from mart_housing_unit_months
)

select
    partner_id,
    site_id,
    period,
    places,
    residents,
    resident_nights,
    place_nights,
    occupancy_rate,
from unit_months
where period between $first and $last
order by partner_id, site_id, period
