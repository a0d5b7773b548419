-- Each revision's monthly total and RTO as estimated when it was saved, so a history page
-- lists them without estimating every revision again (NULL for revisions saved before).
ALTER TABLE plan_revisions ADD COLUMN total_monthly_usd TEXT;
ALTER TABLE plan_revisions ADD COLUMN rto_seconds BIGINT;
