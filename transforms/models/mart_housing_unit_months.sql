-- One row per housing unit and month: capacity, use and movement. Place-nights are the unit's
-- places times the nights of the month it was open (from its `opened` to its `closed` day in
-- consortium.yaml, as core.periods.nights_open counts them for validation), the denominator of
-- occupancy.
with

housing as (
    select * from int_housing_in_force
),

sites as (
    select * from config_sites
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

open_days as (
    select
        unit_months.*,
        greatest(
            (unit_months.period || '-01')::date,
            coalesce(sites.opened_on, (unit_months.period || '-01')::date)
        ) as first_open_on,
        least(
            last_day((unit_months.period || '-01')::date),
            coalesce(sites.closed_on, last_day((unit_months.period || '-01')::date))
        ) as last_open_on
    from unit_months
    left join sites
        on
            unit_months.partner_id = sites.partner_id
            and unit_months.site_id = sites.site_id
),

with_nights as (
    select
        *,
        places * greatest(date_diff('day', first_open_on, last_open_on) + 1, 0) as place_nights
    from open_days
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
