-- The site search index (worker/search): one row per published, public document a visitor can
-- find, kept current by the rebuild consumer (a publish upserts, an unpublish or delete removes)
-- and filled by a full rebuild. Drafts, internal contacts and internal fields are never written.

-- What a result shows and how filters find it. `card` is the JSON the result card renders from,
-- so a results page needs no content-store request; `id` is the rowid shared with search_fts.
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  slug TEXT,
  title TEXT NOT NULL,
  date TEXT,
  rev TEXT NOT NULL,
  card TEXT NOT NULL
);
-- The organisation filter's slug lookup and its list of organisations by name.
CREATE INDEX search_docs_type_slug ON search_docs (type, slug);
CREATE INDEX search_docs_type_title ON search_docs (type, title);

-- The words, folded (lower case, accents removed) by the worker before they are written, as the
-- visitor's words are before they are matched. `facets` holds one token per kind, topic and
-- organisation, so filters are answered by the same full-text index as the words.
CREATE VIRTUAL TABLE search_fts USING fts5(
  title,
  summary,
  body,
  facets,
  kind UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Small values the search page reads instead of the content store (the site settings every page
-- shows), written when they change.
CREATE TABLE search_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
