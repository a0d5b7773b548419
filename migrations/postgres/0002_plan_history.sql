-- What each revision was estimated at when it was saved (so a later price change can be
-- shown against it), and where a forked plan came from.
ALTER TABLE plan_revisions ADD COLUMN price_book_version TEXT;
ALTER TABLE plan_revisions ADD COLUMN price_book_as_of TEXT;
ALTER TABLE plan_revisions ADD COLUMN estimate_json TEXT;
ALTER TABLE plans ADD COLUMN forked_from_id TEXT;
ALTER TABLE plans ADD COLUMN forked_from_revision BIGINT;
