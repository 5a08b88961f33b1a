-- One row per housing unit and month: capacity, use and movement. Place-nights are the unit's
-- places times the days of the month, the denominator of occupancy.
with

housing as (
    select * from int_housing_in_force
),

unit_months as (
    select
        -- ids
        partner_id,
        site_id,
        period,
        -- measures
        max(places) as places,
        sum(residents)::bigint as residents,
        sum(resident_nights)::bigint as resident_nights,
        sum(admissions)::bigint as admissions,
        sum(exits_planned)::bigint as exits_planned,
        sum(exits_unplanned)::bigint as exits_unplanned
    from housing
    group by partner_id, site_id, period
),

with_nights as (
    select
        *,
        places * day(last_day((period || '-01')::date)) as place_nights
    from unit_months
)

select
    partner_id,
    site_id,
    period,
    places,
    residents,
    resident_nights,
    place_nights,
    resident_nights / nullif(place_nights, 0) as occupancy_rate,
    admissions,
    exits_planned,
    exits_unplanned
from with_nights
order by period, partner_id, site_id
