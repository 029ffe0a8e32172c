-- Schema 6: the persisted copy index, so that ingesting N articles looks up
-- their copy candidates instead of re-indexing every stored text.
--
-- `copy_index` has one row per indexed article: `keys` is the space-separated
-- list of its index keys (empty for a text too short to index), so an article
-- without a row is one that was stored before this schema and must be indexed.
-- `copy_keys` is the inverted index: one row per (key, article). A key is
-- "b<band>:<hex>" (a MinHash LSH band) or "f:<hex>" (a winnowed fingerprint).
-- `undated` and `published` repeat the article's date so that the holders of a
-- key come out in iter_articles order (publication date, unknown last, then
-- id) straight from the primary key, however many articles hold it.

CREATE TABLE copy_index (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    keys TEXT NOT NULL
);

CREATE TABLE copy_keys (
    key TEXT NOT NULL,
    undated INTEGER NOT NULL,
    published TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (key, undated, published, article_id)
) WITHOUT ROWID;

CREATE INDEX copy_keys_article ON copy_keys (article_id);

-- Updating a duplicate group reads its members by their original.
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
