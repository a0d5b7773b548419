-- Volume tiers of a price AWS tiers by monthly volume (internet egress), as JSON
-- `[{"from_units": "0", "usd_per_unit": "0.09"}, ...]`; NULL for a flat price. And the report of
-- the refresh or import that made each version (every line refreshed or kept, and why), as
-- JSON; NULL for versions saved before reports existed.
ALTER TABLE price_entries ADD COLUMN tiers TEXT;
ALTER TABLE price_books ADD COLUMN report TEXT;
