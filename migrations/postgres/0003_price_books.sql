-- Price books fetched from AWS (live refresh or offer-file import), one row per version, and
-- their entries. Exactly one version is current; a refresh inserts a complete new version and
-- moves the flag in the same transaction, and older versions are kept. With no row here the
-- server uses the snapshot bundled in the binary.
CREATE TABLE price_books (
    version       TEXT    PRIMARY KEY NOT NULL,
    as_of         TEXT    NOT NULL,
    -- live | offer_file: how this version was made.
    origin        TEXT    NOT NULL,
    is_current    BIGINT  NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    entry_count   BIGINT  NOT NULL CHECK (entry_count > 0),
    created_at_ms BIGINT  NOT NULL
);

CREATE UNIQUE INDEX price_books_one_current ON price_books (is_current) WHERE is_current = 1;

CREATE TABLE price_entries (
    book_version   TEXT    NOT NULL REFERENCES price_books (version) ON DELETE CASCADE,
    position       BIGINT  NOT NULL,
    key            TEXT    NOT NULL,
    region         TEXT    NOT NULL,
    service_code   TEXT    NOT NULL,
    usage_type     TEXT    NOT NULL,
    unit           TEXT    NOT NULL,
    -- Exact decimal as AWS writes it (10 places); never a float.
    usd_per_unit   TEXT    NOT NULL,
    sku            TEXT,
    effective_date TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    verified       BIGINT  NOT NULL CHECK (verified IN (0, 1)),
    provenance     TEXT    NOT NULL,
    fetched_at     TEXT,
    PRIMARY KEY (book_version, key, region)
);
