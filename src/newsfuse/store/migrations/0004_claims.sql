-- Schema 4: what the analysers find in each article (figures, quotes, events)
-- and what reconciliation derives from them per story.
--
-- Per-article rows belong to their article and are rewritten with it. Each
-- keeps a few columns to query by (kind, speaker, date) and the whole record
-- as JSON (the export's shape), so a new field needs no new migration.
-- `figure_groups` and `story_events` are derived from a story's articles and
-- rewritten whenever the story changes.

CREATE TABLE figures (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    subject TEXT NOT NULL,
    speaker TEXT,
    as_of TEXT,
    record TEXT NOT NULL
);
CREATE INDEX figures_article ON figures (article_id, start);
CREATE INDEX figures_kind ON figures (kind);

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker TEXT,
    direct INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id, start);
CREATE INDEX quotes_speaker ON quotes (speaker);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    record TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id, start);

CREATE TABLE figure_groups (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX figure_groups_story ON figure_groups (story_id, id);

CREATE TABLE story_events (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    record TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id, date, id);
