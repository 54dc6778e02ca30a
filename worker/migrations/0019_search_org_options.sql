-- The search page's organisation filter now offers the organisations its matches name
-- (worker/search/index-reader.ts), found by id, so the list of every organisation by name is
-- no longer read and its index would only cost a write per indexed document.
DROP INDEX IF EXISTS search_docs_type_title;
