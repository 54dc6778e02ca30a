-- Search with bounded work at any size (worker/search/index-reader.ts).
--
-- 1. A row's id follows its document's date: the seconds since 1970 of `date` (0 when it has
--    none) times 2^20, plus its place among the rows of that second. FTS5 walks a word's matches
--    in id order, so the newest matches of a common query come first and a search can stop after
--    a fixed number of them instead of scoring every document that contains the words.
-- 2. Words are matched whole, with English endings removed (FTS5's porter stemmer, over the same
--    folding): a word prefix made FTS5 merge the lists of every word starting with it before the
--    first match, work that grew with the dataset.
-- The rows are copied, not rebuilt: the index stays complete while this runs.

CREATE TABLE search_docs_by_date (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  slug TEXT,
  title TEXT NOT NULL,
  date TEXT,
  rev TEXT NOT NULL,
  card TEXT NOT NULL
);
INSERT INTO search_docs_by_date (id, doc_id, type, slug, title, date, rev, card)
SELECT
  max(0, coalesce(unixepoch(date), 0)) * 1048576
    + row_number() OVER (PARTITION BY max(0, coalesce(unixepoch(date), 0)) ORDER BY id) - 1,
  doc_id, type, slug, title, date, rev, card
FROM search_docs;

CREATE VIRTUAL TABLE search_words USING fts5(
  title,
  summary,
  body,
  facets,
  kind UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search_words (rowid, title, summary, body, facets, kind)
SELECT n.id, f.title, f.summary, f.body, f.facets, f.kind
FROM search_fts f
JOIN search_docs o ON o.id = f.rowid
JOIN search_docs_by_date n ON n.doc_id = o.doc_id;

DROP TABLE search_fts;
DROP TABLE search_docs;
ALTER TABLE search_docs_by_date RENAME TO search_docs;
ALTER TABLE search_words RENAME TO search_fts;

CREATE INDEX search_docs_type_slug ON search_docs (type, slug);
CREATE INDEX search_docs_type_title ON search_docs (type, title);
CREATE INDEX search_docs_kind ON search_docs (id, type);
