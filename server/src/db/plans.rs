//! Saved plans and their revisions, on either backend.
//!
//! A plan row holds who may edit it (the hash of its edit secret) and which revision is
//! current; each revision is an immutable JSON document with the estimate it had when it was
//! saved. Every write is one transaction: a plan never exists without its first revision, and
//! a new revision and the plan's pointer to it are committed together. An update names the
//! revision it replaces and succeeds only if that is still the current one, so of concurrent
//! writers exactly one wins. Access rules (tokens, `If-Match`) belong to [`crate::sharing`].

use sqlx::FromRow;

use super::{Database, with_pool};

/// The content of one revision: the plan and what it was estimated at when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionContent {
    pub plan_json: String,
    pub price_book_version: String,
    pub price_book_as_of: String,
    pub estimate_json: String,
    /// The estimate's monthly total and RTO, kept apart so history lists need not parse it.
    pub total_monthly_usd: String,
    pub rto_seconds: Option<i64>,
    pub saved_at_ms: i64,
}

/// A plan about to be saved for the first time.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub id: String,
    pub edit_token_hash: Vec<u8>,
    pub content: RevisionContent,
    /// The plan and revision this one was forked from.
    pub forked_from: Option<(String, i64)>,
}

/// A plan's row: who may edit it and which revision is current.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PlanRecord {
    pub id: String,
    pub edit_token_hash: Vec<u8>,
    pub current_revision: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub forked_from_id: Option<String>,
    pub forked_from_revision: Option<i64>,
}

/// One stored revision of a plan. Revisions saved before estimates were kept with them
/// have no price book or estimate.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StoredRevision {
    pub plan_id: String,
    pub revision: i64,
    pub plan_json: String,
    pub created_at_ms: i64,
    pub price_book_version: Option<String>,
    pub price_book_as_of: Option<String>,
    pub estimate_json: Option<String>,
    /// The total and RTO when saved; `None` for revisions saved before they were kept.
    pub total_monthly_usd: Option<String>,
    pub rto_seconds: Option<i64>,
}

/// What became of a conditional update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// Saved as this revision.
    Saved { revision: i64 },
    /// The plan's current revision is no longer the one the writer started from.
    Stale { current_revision: i64 },
    /// No plan has this id (any more).
    Missing,
}

/// Inserts one revision row inside the caller's transaction.
macro_rules! insert_revision {
    ($executor:expr, $plan_id:expr, $revision:expr, $content:expr) => {{
        let content: &RevisionContent = $content;
        sqlx::query(
            "INSERT INTO plan_revisions (plan_id, revision, plan_json, created_at_ms, \
             price_book_version, price_book_as_of, estimate_json, total_monthly_usd, rto_seconds) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($plan_id)
        .bind($revision)
        .bind(&content.plan_json)
        .bind(content.saved_at_ms)
        .bind(&content.price_book_version)
        .bind(&content.price_book_as_of)
        .bind(&content.estimate_json)
        .bind(&content.total_monthly_usd)
        .bind(content.rto_seconds)
        .execute($executor)
        .await?;
    }};
}

const REVISION_COLUMNS: &str = "plan_id, revision, plan_json, created_at_ms, price_book_version, price_book_as_of, estimate_json, total_monthly_usd, rto_seconds";
/// The same columns for lists, without the stored estimate (tens of KB a revision): a list
/// never shows it.
const LISTED_REVISION_COLUMNS: &str = "plan_id, revision, plan_json, created_at_ms, price_book_version, price_book_as_of, CAST(NULL AS TEXT) AS estimate_json, total_monthly_usd, rto_seconds";

impl Database {
    /// Saves a new plan as revision 1. Fails (and writes nothing) if the id is taken.
    pub async fn insert_plan(&self, plan: &NewPlan) -> Result<(), sqlx::Error> {
        let (forked_from_id, forked_from_revision) = match &plan.forked_from {
            Some((id, revision)) => (Some(id.as_str()), Some(*revision)),
            None => (None, None),
        };
        with_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(
                "INSERT INTO plans (id, edit_token_hash, current_revision, created_at_ms, updated_at_ms, \
                 forked_from_id, forked_from_revision) VALUES ($1, $2, 1, $3, $3, $4, $5)",
            )
            .bind(&plan.id)
            .bind(&plan.edit_token_hash)
            .bind(plan.content.saved_at_ms)
            .bind(forked_from_id)
            .bind(forked_from_revision)
            .execute(&mut *transaction)
            .await?;
            insert_revision!(&mut *transaction, &plan.id, 1_i64, &plan.content);
            transaction.commit().await
        })
    }

    /// Saves `content` as the revision after `expected_revision`, if that is still current.
    pub async fn update_plan(
        &self,
        plan_id: &str,
        expected_revision: i64,
        content: &RevisionContent,
    ) -> Result<UpdateOutcome, sqlx::Error> {
        with_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            // The conditional UPDATE comes first: it takes the row's write lock (PostgreSQL)
            // or the database's (SQLite) before anything is read, so a concurrent writer that
            // started from the same revision waits, then finds the condition false.
            let updated = sqlx::query(
                "UPDATE plans SET current_revision = current_revision + 1, updated_at_ms = $3 \
                 WHERE id = $1 AND current_revision = $2",
            )
            .bind(plan_id)
            .bind(expected_revision)
            .bind(content.saved_at_ms)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
            if updated == 0 {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT current_revision FROM plans WHERE id = $1")
                        .bind(plan_id)
                        .fetch_optional(&mut *transaction)
                        .await?;
                transaction.rollback().await?;
                return Ok(match current {
                    Some(current_revision) => UpdateOutcome::Stale { current_revision },
                    None => UpdateOutcome::Missing,
                });
            }
            let revision = expected_revision + 1;
            insert_revision!(&mut *transaction, plan_id, revision, content);
            transaction.commit().await?;
            Ok(UpdateOutcome::Saved { revision })
        })
    }

    /// Deletes a plan and all its revisions; `false` when there was none.
    pub async fn delete_plan(&self, plan_id: &str) -> Result<bool, sqlx::Error> {
        with_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query("DELETE FROM plan_revisions WHERE plan_id = $1")
                .bind(plan_id)
                .execute(&mut *transaction)
                .await?;
            let deleted = sqlx::query("DELETE FROM plans WHERE id = $1")
                .bind(plan_id)
                .execute(&mut *transaction)
                .await?
                .rows_affected();
            transaction.commit().await?;
            Ok(deleted > 0)
        })
    }

    /// A plan's row, or `None` when no plan has this id.
    pub async fn plan_record(&self, plan_id: &str) -> Result<Option<PlanRecord>, sqlx::Error> {
        with_pool!(self, pool => {
            sqlx::query_as::<_, PlanRecord>(
                "SELECT id, edit_token_hash, current_revision, created_at_ms, updated_at_ms, \
                 forked_from_id, forked_from_revision FROM plans WHERE id = $1",
            )
            .bind(plan_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// The current revision of a plan, or `None` when no plan has this id.
    pub async fn current_revision(
        &self,
        plan_id: &str,
    ) -> Result<Option<StoredRevision>, sqlx::Error> {
        with_pool!(self, pool => {
            sqlx::query_as::<_, StoredRevision>(
                "SELECT r.plan_id, r.revision, r.plan_json, r.created_at_ms, r.price_book_version, \
                 r.price_book_as_of, r.estimate_json, r.total_monthly_usd, r.rto_seconds \
                 FROM plans p JOIN plan_revisions r \
                   ON r.plan_id = p.id AND r.revision = p.current_revision \
                 WHERE p.id = $1",
            )
            .bind(plan_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Revision `revision` of a plan, or `None` when either does not exist.
    pub async fn revision(
        &self,
        plan_id: &str,
        revision: i64,
    ) -> Result<Option<StoredRevision>, sqlx::Error> {
        with_pool!(self, pool => {
            sqlx::query_as::<_, StoredRevision>(sqlx::AssertSqlSafe(format!(
                "SELECT {REVISION_COLUMNS} FROM plan_revisions WHERE plan_id = $1 AND revision = $2"
            )))
            .bind(plan_id)
            .bind(revision)
            .fetch_optional(pool)
            .await
        })
    }

    /// The `count` newest revisions of a plan numbered below `before`, oldest first, without
    /// their stored estimates (empty when there is no such plan).
    pub async fn revisions_before(
        &self,
        plan_id: &str,
        before: i64,
        count: i64,
    ) -> Result<Vec<StoredRevision>, sqlx::Error> {
        let mut newest_first = with_pool!(self, pool => {
            sqlx::query_as::<_, StoredRevision>(sqlx::AssertSqlSafe(format!(
                "SELECT {LISTED_REVISION_COLUMNS} FROM plan_revisions \
                 WHERE plan_id = $1 AND revision < $2 ORDER BY revision DESC LIMIT $3"
            )))
            .bind(plan_id)
            .bind(before)
            .bind(count)
            .fetch_all(pool)
            .await
        })?;
        newest_first.reverse();
        Ok(newest_first)
    }
}
