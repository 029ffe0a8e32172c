-- Schema 5: which stages last analysed each article.
--
-- `analysed` names the stages, in order ("clean,language,entities,quotes,...").
-- Ingest re-runs the stages on every stored article whose value differs from
-- the pipeline it runs, so a store written before an analyser existed (NULL
-- here) gains its figures, quotes and events on the next ingest.

ALTER TABLE articles ADD COLUMN analysed TEXT;
CREATE INDEX articles_analysed ON articles (analysed);
