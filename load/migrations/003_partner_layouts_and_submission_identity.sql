-- Version 3: partners' own sheets. A submission is the partner, the month and the content, so the
-- file's hash gets a column of its own; every inbox file read is recorded (a duplicate too, so
-- none is read again or skipped without a word); the tables a partner still owes for the month
-- are kept with each submission; and coded columns keep the partner's own words, so a mapping
-- added to consortium.yaml re-classifies rows already loaded.
alter table submissions add column file_sha256 varchar;
update submissions set file_sha256 = submission_id;
alter table submissions add column outstanding varchar[];

create table arrivals (
    inbox_path varchar not null,            -- partner folder / name in the inbox, text only
    file_sha256 varchar not null,
    submission_id varchar not null,
    is_duplicate boolean not null,
    read_at timestamptz not null
);

insert into arrivals
select
    coalesce(partner_id, '') || '/' || name_as_received as inbox_path,
    submission_id as file_sha256,
    submission_id,
    false as is_duplicate,
    registered_at as read_at
from submissions;

alter table raw_counselling add column session_kind_text varchar;
alter table raw_trainings add column audience_text varchar;
alter table raw_groups add column activity_kind_text varchar;
alter table raw_people add column user_kind_text varchar;
alter table raw_people add column sex_text varchar;
alter table raw_people add column age_band_text varchar;
alter table raw_people add column main_addiction_text varchar;
