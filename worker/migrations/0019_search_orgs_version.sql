-- The version of the organisation list the search page offers: the index writer changes it with
-- every write or removal of an organisation's row, and a Worker keeps the list it read until the
-- version changes (worker/search/index-reader.ts). A first value, so that a site indexed before
-- this migration keeps its list from the start.
INSERT OR IGNORE INTO search_meta (key, value) VALUES ('orgs_version', lower(hex(randomblob(8))));
