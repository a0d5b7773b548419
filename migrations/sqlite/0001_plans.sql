-- Saved plans and their immutable revisions.
CREATE TABLE plans (
    id               TEXT    PRIMARY KEY NOT NULL,
    -- Hash of the edit secret; the secret itself is never stored.
    edit_token_hash  BLOB    NOT NULL,
    current_revision INTEGER NOT NULL CHECK (current_revision >= 1),
    created_at_ms    INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
) STRICT;

CREATE TABLE plan_revisions (
    plan_id       TEXT    NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    plan_json     TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (plan_id, revision)
) STRICT;
