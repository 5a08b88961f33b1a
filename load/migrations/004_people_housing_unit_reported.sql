-- Version 4: whether the people sheet a row came from has a housing-unit column at all. A sheet
-- without one says nothing about who lives in supported housing, so its people are neither
-- residents nor non-residents and the residents figure is "not reported", never a false 0.
-- Rows loaded before this version: a submission with any housing unit had the column.
alter table raw_people add column housing_unit_reported boolean;

update raw_people set housing_unit_reported = submission_id in (
    select submission_id from raw_people
    where housing_unit is not null
);
