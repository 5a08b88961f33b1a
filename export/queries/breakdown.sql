-- Distinct people of the range by kind, sex, age band and main addiction, per partner and in
-- total. A person counts once, with what their latest month says; people seen only in
-- counselling sheets have no profile and count as unknown. Parameters: $first, $last, $partner.
with

partners as (
    select partner_id from report_partners
    where $partner::varchar is null or partner_id = $partner
),

people as (
    select * from staging_people
    where period between $first and $last and partner_id in (select partner_id from partners)
),

counselling as (
    select * from staging_counselling
    where period between $first and $last and partner_id in (select partner_id from partners)
),

categories as (
    select * from report_categories
),

persons as (
    select distinct partner_id, period, user_key from people where user_key is not null
    union
    select distinct partner_id, period, user_key from counselling where user_key is not null
),

profiled as (
    select
        persons.partner_id,
        persons.period,
        persons.user_key,
        people.user_kind,
        people.sex,
        people.age_band,
        people.main_addiction,
    from persons
    left join people using (partner_id, period, user_key)
),

grains as (
    select * from (values ('total'), ('partner')) as g (grain)
),

-- each person once per grain cell, with their latest profile in it
latest as (
    select
        grains.grain,
        if(grains.grain = 'partner', profiled.partner_id, '') as partner_key,
        profiled.user_key,
        arg_max(profiled.user_kind, profiled.period || coalesce(profiled.user_kind, '')) as user_kind,
        arg_max(profiled.sex, profiled.period || coalesce(profiled.sex, '')) as sex,
        arg_max(profiled.age_band, profiled.period || coalesce(profiled.age_band, '')) as age_band,
        arg_max(profiled.main_addiction, profiled.period || coalesce(profiled.main_addiction, '')) as main_addiction,
    from profiled
    cross join grains
    group by all
),

long as (
    select *
    from latest
    unpivot include nulls (category for dimension in (user_kind, sex, age_band, main_addiction))
),

counts as (
    select
        grain,
        partner_key,
        dimension,
        coalesce(category, 'unknown') as category,
        count(*) as people,
    from long
    group by all
),

cells as (
    select categories.dimension, categories.category, categories.position, cols.grain, cols.partner_key
    from categories
    cross join (
        select 'partner' as grain, partner_id as partner_key from partners
        union all
        select 'total', ''
    ) as cols
)

select
    cells.dimension,
    cells.category,
    nullif(cells.partner_key, '') as partner_id,
    coalesce(counts.people, 0) as people,
from cells
left join counts using (grain, partner_key, dimension, category)
order by cells.position, cells.partner_key = '', cells.partner_key
