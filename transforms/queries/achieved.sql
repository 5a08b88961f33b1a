-- The figures against the targets of a grant period (consortium.yaml): the target as a report
-- publishes it (a rate's in per cent, as its figure is: 0.8 as 80), and the share of it reached,
-- in per cent with one decimal, from the figure as computed (a rate of 0.78125 against 0.8 is
-- 97.7, not 78.1 against 80). `figure_values` holds the figures, one row per figure id;
-- `figure_formats` the format of each figure id. Without a grant period (NULL: figures of months
-- not all in one), no figure has a target.
with

figure_values as (
    select * from figure_values
),

figure_formats as (
    select * from figure_formats
),

targets as (
    select * from config_targets
    where grant_period_id = getvariable('grant_period_id')
)

select
    figure_values.figure_id,
    case figure_formats.figure_format
        when 'percent' then 100 * targets.target
        else targets.target
    end as published_target,
    round(100.0 * figure_values.figure_value / nullif(targets.target, 0), 1) as achieved_pct
from figure_values
left join figure_formats on figure_values.figure_id = figure_formats.figure_id
left join targets on figure_values.figure_id = targets.indicator_id
order by figure_values.position
