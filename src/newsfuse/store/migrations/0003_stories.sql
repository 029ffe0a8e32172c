-- Schema 3: text reuse between articles, the features story clustering compares,
-- and the stories it finds.
--
-- `reuse` rows belong to the reusing article: each names an earlier article
-- (`source_id`) whose text it shares; like `articles.duplicate_of`, the source
-- is a plain id, not a foreign key.
-- `story_features` keeps what clustering computed for each article, so a
-- recluster never re-embeds: `vector` is float32 little-endian bytes, the rest
-- JSON. Stories are derived from all articles and rewritten as clustering
-- changes them, so each carries its detail (members, entities) as one JSON
-- record; `articles.story` points at an article's current story.

CREATE TABLE reuse (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    shared REAL NOT NULL,
    jaccard REAL NOT NULL,
    PRIMARY KEY (article_id, source_id)
) WITHOUT ROWID;

CREATE TABLE story_features (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    day INTEGER,
    vector BLOB NOT NULL,
    terms TEXT NOT NULL DEFAULT '{}',
    keys TEXT NOT NULL DEFAULT '[]',
    people TEXT NOT NULL DEFAULT '[]',
    years TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    record TEXT NOT NULL
);

-- `id` is in the index so `ORDER BY first_seen NULLS LAST, id` reads from it.
CREATE INDEX stories_first_seen ON stories (first_seen, id);

-- Story updates clear the pointers of the stories they rewrite.
CREATE INDEX articles_story ON articles (story);
