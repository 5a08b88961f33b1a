-- Version 6: a check value of the pseudonym key the people's codes were hashed with (an HMAC of a
-- fixed text, which never gives the key away). A run with another key would count every person
-- again as someone new; with this value it is refused instead.
create table pseudonym_key_check (check_value varchar not null);
