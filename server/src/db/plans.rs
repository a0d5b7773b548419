//! Saved plans and their revisions, on either backend.
//!
//! A plan row holds who may edit it (the hash of its edit secret) and which revision is
//! current; each revision is an immutable JSON document. Writing a plan and its first revision
//! happens in one transaction, so a crash never leaves a plan without content. Access rules
//! (tokens, `If-Match`) belong to the HTTP layer, not here.

use sqlx::FromRow;

use super::{Database, with_pool};

/// A plan about to be saved for the first time.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub id: String,
    pub edit_token_hash: Vec<u8>,
    pub plan_json: String,
    pub created_at_ms: i64,
}

/// One stored revision of a plan.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StoredRevision {
    pub plan_id: String,
    pub revision: i64,
    pub plan_json: String,
    pub created_at_ms: i64,
}

impl Database {
    /// Saves a new plan as revision 1. Fails (and writes nothing) if the id is taken.
    pub async fn insert_plan(&self, plan: &NewPlan) -> Result<(), sqlx::Error> {
        with_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(
                "INSERT INTO plans (id, edit_token_hash, current_revision, created_at_ms, updated_at_ms) \
                 VALUES ($1, $2, 1, $3, $3)",
            )
            .bind(&plan.id)
            .bind(&plan.edit_token_hash)
            .bind(plan.created_at_ms)
            .execute(&mut *transaction)
            .await?;
            sqlx::query(
                "INSERT INTO plan_revisions (plan_id, revision, plan_json, created_at_ms) \
                 VALUES ($1, 1, $2, $3)",
            )
            .bind(&plan.id)
            .bind(&plan.plan_json)
            .bind(plan.created_at_ms)
            .execute(&mut *transaction)
            .await?;
            transaction.commit().await
        })
    }

    /// The current revision of a plan, or `None` when no plan has this id.
    pub async fn current_revision(
        &self,
        plan_id: &str,
    ) -> Result<Option<StoredRevision>, sqlx::Error> {
        with_pool!(self, pool => {
            sqlx::query_as::<_, StoredRevision>(
                "SELECT r.plan_id, r.revision, r.plan_json, r.created_at_ms \
                 FROM plans p JOIN plan_revisions r \
                   ON r.plan_id = p.id AND r.revision = p.current_revision \
                 WHERE p.id = $1",
            )
            .bind(plan_id)
            .fetch_optional(pool)
            .await
        })
    }
}
