-- The kind of every search result, readable without the result's row: a search counts its matches
-- by kind, and read from search_docs itself each count would load the stored card of every match
-- (at 10,000 documents about ten times slower for a common query). worker/search/index-reader.ts
-- names this index.
CREATE INDEX search_docs_kind ON search_docs (id, type);
