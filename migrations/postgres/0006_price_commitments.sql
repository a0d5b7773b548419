-- Reserved-instance and Savings Plans prices of an hourly price entry, as JSON
-- `[{"kind": "reserved_instance", "term": "three_year", "payment": "all_upfront",
--    "upfront_usd": "1234", "usd_per_hour": "0", ...}]`; NULL when the entry has none.
ALTER TABLE price_entries ADD COLUMN commitments TEXT;
