-- Distinct people of the months period_first to period_last by kind, sex, age band and main
-- addiction, each person counted once per dimension with what their latest month in the range
-- says; people known only from counselling sessions are `unknown`, and so is the main addiction
-- of anyone whose sheet did not state it, except a relative's (`not_applicable`: a relative or
-- child has no addiction of its own to report). For the whole consortium, or one set of rows per
-- partner or country (group_by), people counted once within each group.
with

person_months as (
    select
        scope.group_id,
        source_rows.*
    from in_scope('mart_person_months') as source_rows
    inner join partner_groups() as scope using (partner_id)
),

people as (
    select
        group_id,
        person_key,
        arg_max(user_kind, period) filter (where user_kind is not null) as user_kind,
        arg_max(sex, period) filter (where sex is not null) as sex,
        arg_max(age_band, period) filter (where age_band is not null) as age_band,
        arg_max(main_addiction, period) filter (where main_addiction is not null) as main_addiction
    from person_months
    group by group_id, person_key
),

long as (
    unpivot (
        select
            group_id,
            person_key,
            coalesce(user_kind, 'unknown') as user_kind,
            coalesce(sex, 'unknown') as sex,
            coalesce(age_band, 'unknown') as age_band,
            -- a relative has no addiction of its own: not applicable, not unknown
            case
                when main_addiction is not null then main_addiction
                when user_kind = 'relative' then 'not_applicable'
                else 'unknown'
            end as main_addiction
        from people
    )
    on user_kind, sex, age_band, main_addiction
    into name dimension value category
)

select
    group_id,
    dimension,
    category,
    count(*) as people
from long
group by group_id, dimension, category
order by group_id, dimension, category
