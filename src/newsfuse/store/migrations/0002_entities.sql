-- Schema 2: named-entity mentions of each article, and the entities that
-- cross-document resolution groups them into.
--
-- Mentions belong to their article (written with it, in its transaction).
-- Entities are derived from all mentions and replaced wholesale by each
-- resolution, so they carry their detail (aliases, attributes, merges, place)
-- as one JSON record; `entity` on a mention points at its current entity.

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    label TEXT NOT NULL,
    full_name TEXT,
    place TEXT,
    attributes TEXT NOT NULL DEFAULT '[]',
    entity TEXT,
    PRIMARY KEY (article_id, start, end)
) WITHOUT ROWID;

CREATE INDEX mentions_entity ON mentions (entity);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    confidence REAL NOT NULL,
    record TEXT NOT NULL
);
