-- Search with bounded work at any size (worker/search/index-reader.ts).
--
-- 1. A row's id follows its document's date: the seconds since 1970 of `date` (0 when it has
--    none) times 2^20, plus its place among the rows of that second. FTS5 walks a word's matches
--    in id order, so the newest matches of a common query come first and a search can stop after
--    a fixed number of them instead of scoring every document that contains the words.
-- 2. Words are matched whole, with English endings removed (FTS5's porter stemmer, over the same
--    folding): a word prefix made FTS5 merge the lists of every word starting with it before the
--    first match, work that grew with the dataset.
-- The rows are renumbered and their words copied, not rebuilt: no document is fetched again.

-- Each row's new id, by date and then by its old id.
CREATE TABLE search_ids (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO search_ids (old, new)
SELECT id,
  max(0, coalesce(unixepoch(date), 0)) * 1048576
    + row_number() OVER (PARTITION BY max(0, coalesce(unixepoch(date), 0)) ORDER BY id) - 1
FROM search_docs;

-- The words under their new ids, tokenized again with the stemmer.
CREATE VIRTUAL TABLE search_words USING fts5(title, summary, body, facets, kind UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO search_words (rowid, title, summary, body, facets, kind)
SELECT m.new, f.title, f.summary, f.body, f.facets, f.kind
FROM search_fts f JOIN search_ids m ON m.old = f.rowid;
DROP TABLE search_fts;
ALTER TABLE search_words RENAME TO search_fts;

-- Old ids are made negative first, so no new id meets an old one still in place.
UPDATE search_docs SET id = -id;
UPDATE search_docs SET id = (SELECT new FROM search_ids WHERE old = -search_docs.id);
DROP TABLE search_ids;
