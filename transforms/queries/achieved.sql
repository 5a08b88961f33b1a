-- Published figures against the targets of a grant period (consortium.yaml): the share of the
-- target reached, in per cent with one decimal. `figure_values` holds the figures as published,
-- one row per figure id.
with

figure_values as (
    select * from figure_values
),

targets as (
    select * from config_targets
    where grant_period_id = getvariable('grant_period_id')
)

select
    figure_values.figure_id,
    figure_values.figure_value,
    targets.target,
    round(100.0 * figure_values.figure_value / nullif(targets.target, 0), 1) as achieved_pct
from figure_values
left join targets on figure_values.figure_id = targets.indicator_id
order by figure_values.position
