-- Figures as a report publishes them: a rate (format percent) as a percentage with one decimal,
-- hours (decimal) with two, counts (integer) whole; rounded half away from zero, as spreadsheets
-- round. `figure_values` holds the figures (one row per row key and figure id), `figure_formats`
-- the format of each figure id.
with

figure_values as (
    select * from figure_values
),

figure_formats as (
    select * from figure_formats
)

select
    figure_values.row_key,
    figure_values.figure_id,
    case figure_formats.figure_format
        when 'percent' then round(100 * figure_values.figure_value, 1)
        when 'decimal' then round(figure_values.figure_value, 2)
        else round(figure_values.figure_value)
    end as published_value
from figure_values
inner join figure_formats using (figure_id)
order by figure_values.position
