-- The search page's organisation filter offers the organisations its newest matches name
-- (worker/search/index-reader.ts), instead of the first of every organisation by name.
--
-- 1. Each row keeps the ids of the organisations it names, as a JSON array. Read from the FTS
--    table, the facets of 500 matches would load their whole rows, bodies included; the index
--    below holds just the row id and this list, and the reader names it.
-- 2. The list of organisations by name (and its index) is no longer read, and kinds are counted
--    from the facet tokens (0016's index is unused): both indexes go, saving a write per row.

ALTER TABLE search_docs ADD COLUMN orgs TEXT NOT NULL DEFAULT '[]';

-- Filled from the facet tokens the rows already have: an organisation's is `o` and its id in hex
-- (worker/search/text.ts), and tokens are letters and hex digits joined by single spaces, so
-- quoting each one makes the column a JSON array.
UPDATE search_docs SET orgs = (
  SELECT json_group_array(CAST(unhex(substr(t.value, 2)) AS TEXT))
  FROM search_fts f, json_each('["' || replace(f.facets, ' ', '","') || '"]') AS t
  WHERE f.rowid = search_docs.id AND substr(t.value, 1, 1) = 'o'
);

CREATE INDEX search_docs_orgs ON search_docs (id, orgs);
DROP INDEX IF EXISTS search_docs_type_title;
DROP INDEX IF EXISTS search_docs_kind;
