-- Version 5: whether the people sheet a row came from has a group-meetings column at all. A sheet
-- without one says nothing about who took part in groups, so the distinct group participants
-- are "not reported", never a false 0.
-- Rows loaded before this version: a submission with any group meetings figure had the column.
alter table raw_people add column group_meetings_reported boolean;

update raw_people set group_meetings_reported = submission_id in (
    select submission_id from raw_people
    where group_meetings is not null
);
