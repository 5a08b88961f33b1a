-- One row per person, partner and month: everyone a partner served that month, from its people
-- sheet and its counselling sessions, under the pseudonymous person key. The base of every count
-- of distinct people; never add its monthly counts up across months.
with

people as (
    select * from int_people_in_force
    where user_key is not null
),

counselling as (
    select * from int_counselling_in_force
    where user_key is not null
),

listed as (
    select
        partner_id,
        period,
        user_key as person_key,
        arg_max(user_kind, sheet_row) as user_kind,
        arg_max(sex, sheet_row) as sex,
        arg_max(age_band, sheet_row) as age_band,
        arg_max(main_addiction, sheet_row) as main_addiction,
        -- null when no sheet of the month says anything of housing
        case
            when bool_or(housing_unit_reported) then bool_or(housing_unit is not null)
        end as is_resident,
        -- null when no sheet of the month says anything of group meetings
        case
            when bool_or(group_meetings_reported) then bool_or(coalesce(group_meetings, 0) > 0)
        end as in_groups,
        max(barc10) as barc10
    from people
    group by partner_id, period, user_key
),

counselled as (
    select distinct
        partner_id,
        period,
        user_key as person_key
    from counselling
),

person_months as (
    select
        partner_id,
        period,
        person_key
    from listed
    union
    select
        partner_id,
        period,
        person_key
    from counselled
)

select
    -- ids
    person_months.partner_id,
    person_months.period,
    person_months.person_key,
    -- dimensions
    listed.user_kind,
    listed.sex,
    listed.age_band,
    listed.main_addiction,
    -- flags
    listed.is_resident,
    counselled.person_key is not null as in_counselling,
    listed.in_groups,
    -- outcomes
    listed.barc10
from person_months
left join listed using (partner_id, period, person_key)
left join counselled using (partner_id, period, person_key)
order by person_months.period, person_months.partner_id, person_months.person_key
