-- Schema 1: articles, what cleaning cut from them, where they came from, and the
-- line statistics boilerplate detection learns from.
--
-- Applied by newsfuse.store.sqlite in one transaction together with
-- `PRAGMA user_version = 1`. Never edit a released migration: add 0002_*.sql.
-- Each statement must end its line with `;` (the loader splits on complete statements).

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    url TEXT,
    site TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    date_precision TEXT,
    language TEXT,
    credit TEXT,
    raw_text TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    story TEXT,
    duplicate_of TEXT,
    ingested_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- `id` is in the index so `ORDER BY published NULLS LAST, id` streams from it
-- without a sort.
CREATE INDEX articles_published ON articles (published, id);

CREATE TABLE removed_segments (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE article_origins (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (article_id, origin)
);

-- One row per distinct line of an article; site is '' when unknown so that the
-- primary key (which cannot hold NULLs usefully) still groups those articles.
-- The primary key doubles as the index for lookups by (site, line_hash): it is
-- the left prefix, and WITHOUT ROWID stores the rows in that index itself.
CREATE TABLE article_lines (
    site TEXT NOT NULL,
    line_hash TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (site, line_hash, article_id)
) WITHOUT ROWID;

-- Foreign-key cascades and the site rewrite in update() find rows by article.
CREATE INDEX article_lines_article ON article_lines (article_id);
