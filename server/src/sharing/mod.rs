//! Saved, shareable plans: the rules, apart from any web glue.
//!
//! A plan is saved with a random id and a random edit token; whoever has the id may read it,
//! only whoever has the token may change or delete it. Every change names the revision it was
//! made from (the API's `If-Match`), so two people editing at once never overwrite each
//! other: the second is told which revision is now current. Each revision keeps the estimate
//! it had when saved, so a later price change can be shown against it. The JSON API
//! (`http::plans`) and the share page's forms (`http::share`) both go through here.

pub mod secrets;

use planner::plan::diff::FieldChange;
use planner::{Plan, PriceBook};

use crate::db::Database;
use crate::db::plans::{NewPlan, PlanRecord, RevisionContent, StoredRevision, UpdateOutcome};
use secrets::RandomSourceFailed;

/// Why a request about a saved plan cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum SharingError {
    /// No plan has this id, or the id is malformed: deliberately the same answer.
    #[error("no plan has this id")]
    NotFound,
    #[error("no revision {revision} of this plan")]
    RevisionNotFound { revision: i64 },
    #[error(
        "changing a plan needs its edit token: send `Authorization: Bearer <edit_token>` (the token was returned when the plan was saved)"
    )]
    TokenMissing,
    #[error("this edit token does not belong to this plan")]
    TokenWrong,
    #[error(
        "name the revision you edited with `If-Match: \"<revision>\"`, so that a change made meanwhile is not overwritten"
    )]
    RevisionMissing,
    #[error(
        "the plan is at revision {current_revision}, not at revision {expected} where your change started: reload it and apply your change again"
    )]
    Stale {
        expected: i64,
        current_revision: i64,
    },
    #[error(
        "this plan has {limit} revisions, the most one plan keeps: fork it (POST /api/v1/plans/{{id}}/fork or the share page's Fork button) to go on editing a copy"
    )]
    RevisionLimit { limit: i64 },
    #[error("stored plan {plan_id} revision {revision} cannot be read: {cause}")]
    Unreadable {
        plan_id: String,
        revision: i64,
        cause: String,
    },
    #[error(transparent)]
    Random(#[from] RandomSourceFailed),
    #[error("database: {0}")]
    Storage(#[from] sqlx::Error),
}

/// A plan just saved: its id and the edit token, which is shown this once and never again.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: String,
    pub edit_token: String,
}

/// A saved plan at one of its revisions.
#[derive(Debug, Clone)]
pub struct SavedPlan {
    pub record: PlanRecord,
    pub revision: StoredRevision,
    pub plan: Plan,
}

/// `ms` for people: `2026-11-26 14:05 UTC`.
pub fn human_time(ms: i64) -> String {
    let text = crate::clock::rfc3339(ms);
    format!("{} {} UTC", &text[..10], &text[11..16])
}

/// What is stored for `plan` saved now: the plan in its complete form and its estimate.
fn revision_content(plan: &Plan, prices: &PriceBook) -> RevisionContent {
    let estimate = planner::estimate(plan, prices);
    RevisionContent {
        plan_json: serde_json::to_string(plan).expect("a plan serialises"),
        price_book_version: prices.version.clone(),
        price_book_as_of: prices.as_of.clone(),
        estimate_json: serde_json::to_string(&estimate).expect("an estimate serialises"),
        total_monthly_usd: estimate.cost.total_monthly_usd.to_string(),
        rto_seconds: estimate.recovery.rto_seconds.map(i64::from),
        saved_at_ms: crate::clock::now_ms(),
    }
}

/// Saves `plan` as a new plan (a fork when `forked_from` names its source).
pub async fn create(
    database: &Database,
    prices: &PriceBook,
    plan: &Plan,
    forked_from: Option<(String, i64)>,
) -> Result<Created, SharingError> {
    let edit_token = secrets::new_edit_token()?;
    let new_plan = NewPlan {
        id: secrets::new_plan_id()?,
        edit_token_hash: secrets::token_hash(&edit_token),
        content: revision_content(plan, prices),
        forked_from,
    };
    database.insert_plan(&new_plan).await?;
    Ok(Created {
        id: new_plan.id,
        edit_token,
    })
}

/// The plan's row, for any id the outside world sends. A malformed id is looked up as one
/// that cannot exist, so it costs the same query and gets the same answer as an absent one.
pub async fn record(database: &Database, plan_id: &str) -> Result<PlanRecord, SharingError> {
    let lookup = if secrets::looks_like_plan_id(plan_id) {
        plan_id
    } else {
        "~~~~~~~~~~~~~~~~~~~~~~"
    };
    database
        .plan_record(lookup)
        .await?
        .ok_or(SharingError::NotFound)
}

fn readable(record: PlanRecord, revision: StoredRevision) -> Result<SavedPlan, SharingError> {
    let plan = Plan::from_json(&revision.plan_json).map_err(|err| SharingError::Unreadable {
        plan_id: revision.plan_id.clone(),
        revision: revision.revision,
        cause: err.to_string(),
    })?;
    Ok(SavedPlan {
        record,
        revision,
        plan,
    })
}

/// A plan at its current revision.
pub async fn load(database: &Database, plan_id: &str) -> Result<SavedPlan, SharingError> {
    let record = record(database, plan_id).await?;
    let current = record.current_revision;
    revision_of(database, record, current).await
}

/// A plan at revision `number`.
pub async fn load_revision(
    database: &Database,
    plan_id: &str,
    number: i64,
) -> Result<SavedPlan, SharingError> {
    revision_of(database, record(database, plan_id).await?, number).await
}

/// Revision `number` of the plan whose row is `record`.
pub async fn revision_of(
    database: &Database,
    record: PlanRecord,
    number: i64,
) -> Result<SavedPlan, SharingError> {
    let revision = database
        .revision(&record.id, number)
        .await?
        .ok_or(SharingError::RevisionNotFound { revision: number })?;
    readable(record, revision)
}

/// Revisions a history page lists at most.
pub const MAX_HISTORY_PAGE: i64 = 100;

/// One page of a plan's history: the `limit` newest revisions numbered below `before` (all
/// of the newest when `None`), oldest first.
#[derive(Debug, Clone)]
pub struct HistoryPage {
    pub record: PlanRecord,
    /// The revision before the page's first, when there is one: the base of its first diff,
    /// not listed itself.
    pub base: Option<SavedPlan>,
    pub revisions: Vec<SavedPlan>,
}

impl HistoryPage {
    /// Whether older revisions exist before this page.
    pub fn has_older(&self) -> bool {
        self.base.is_some()
    }
}

/// A page of plan `plan_id`'s history; its work is bounded by `limit` (at most
/// [`MAX_HISTORY_PAGE`]), whatever the plan's length.
pub async fn history_page(
    database: &Database,
    plan_id: &str,
    before: Option<i64>,
    limit: i64,
) -> Result<HistoryPage, SharingError> {
    let record = record(database, plan_id).await?;
    let before = before.unwrap_or(record.current_revision + 1);
    let limit = limit.clamp(1, MAX_HISTORY_PAGE);
    let mut revisions = database
        .revisions_before(&record.id, before, limit + 1)
        .await?
        .into_iter()
        .map(|revision| readable(record.clone(), revision))
        .collect::<Result<Vec<_>, _>>()?;
    let base = if revisions.len() as i64 > limit {
        Some(revisions.remove(0))
    } else {
        None
    };
    Ok(HistoryPage {
        record,
        base,
        revisions,
    })
}

/// The estimate a revision was saved with, kept to show beside today's.
#[derive(Debug, Clone)]
pub struct EstimateThen {
    pub price_book_version: String,
    pub price_book_as_of: String,
    pub estimate: serde_json::Value,
}

/// The estimate `revision` was saved with, when that was with another price book than
/// `prices` (with the same book it equals today's, so there is nothing to show).
pub fn estimate_then(revision: &StoredRevision, prices: &PriceBook) -> Option<EstimateThen> {
    let version = revision.price_book_version.as_ref()?;
    if *version == prices.version {
        return None;
    }
    Some(EstimateThen {
        price_book_version: version.clone(),
        price_book_as_of: revision.price_book_as_of.clone().unwrap_or_default(),
        estimate: serde_json::from_str(revision.estimate_json.as_deref()?).ok()?,
    })
}

/// One revision in a plan's history at today's prices, so that revisions differ only by their
/// plans, with the fields changed since the revision before. The total and RTO kept when the
/// revision was saved are used when it was saved with today's price book; only a revision
/// saved with other prices (or before totals were kept) is estimated again, so a page costs
/// at most one estimate per listed revision and usually none.
#[derive(Debug, Clone)]
pub struct HistoryStep<'a> {
    pub saved: &'a SavedPlan,
    pub total_monthly_usd: planner::Decimal,
    pub rto_seconds: Option<u32>,
    pub changes: Vec<FieldChange>,
    /// Reserved instances the revision before bought in regions this one no longer runs them
    /// in ([`planner::commitment::stranded_reservations`]).
    pub stranded_reservations: Vec<String>,
}

/// The steps of `page` (oldest first), its first diffed against the page's base.
pub fn history_steps<'a>(page: &'a HistoryPage, prices: &PriceBook) -> Vec<HistoryStep<'a>> {
    let revisions = &page.revisions;
    let mut previous: Option<&Plan> = page.base.as_ref().map(|base| &base.plan);
    revisions
        .iter()
        .map(|saved| {
            let (total_monthly_usd, rto_seconds) = totals_at(saved, prices);
            let changes = previous
                .map(|before| planner::plan::diff::diff(before, &saved.plan))
                .unwrap_or_default();
            let stranded_reservations = previous
                .map(|before| planner::commitment::stranded_reservations(before, &saved.plan))
                .unwrap_or_default();
            previous = Some(&saved.plan);
            HistoryStep {
                saved,
                total_monthly_usd,
                rto_seconds,
                changes,
                stranded_reservations,
            }
        })
        .collect()
}

/// A revision's monthly total and RTO with `prices`: as kept at saving when it was saved with
/// them, else estimated now.
fn totals_at(saved: &SavedPlan, prices: &PriceBook) -> (planner::Decimal, Option<u32>) {
    let revision = &saved.revision;
    let kept = (revision.price_book_version.as_deref() == Some(prices.version.as_str()))
        .then(|| revision.total_monthly_usd.as_deref()?.parse().ok())
        .flatten();
    if let Some(total) = kept {
        let rto = revision
            .rto_seconds
            .and_then(|seconds| u32::try_from(seconds).ok());
        return (total, rto);
    }
    let estimate = planner::estimate(&saved.plan, prices);
    (
        estimate.cost.total_monthly_usd,
        estimate.recovery.rto_seconds,
    )
}

/// Checks `token` against the plan's, in constant time.
fn authorize(record: &PlanRecord, token: Option<&str>) -> Result<(), SharingError> {
    let token = token
        .filter(|token| !token.is_empty())
        .ok_or(SharingError::TokenMissing)?;
    if secrets::token_matches(token, &record.edit_token_hash) {
        Ok(())
    } else {
        Err(SharingError::TokenWrong)
    }
}

/// The row of plan `plan_id`, once `token` is shown to be its edit token.
pub async fn authorized(
    database: &Database,
    plan_id: &str,
    token: Option<&str>,
) -> Result<PlanRecord, SharingError> {
    let record = record(database, plan_id).await?;
    authorize(&record, token)?;
    Ok(record)
}

/// Revisions one plan keeps: its history stays cheap to read and page through, and a runaway
/// client cannot grow one plan without bound.
pub const MAX_REVISIONS_PER_PLAN: i64 = 1_000;

/// Saves `plan` as the next revision of the plan `record` (from [`authorized`]), if
/// `if_match` is still its current revision and the plan has room for another revision.
/// Returns the new revision's number.
pub async fn update(
    database: &Database,
    prices: &PriceBook,
    record: &PlanRecord,
    if_match: Option<i64>,
    plan: &Plan,
) -> Result<i64, SharingError> {
    let expected = if_match.ok_or(SharingError::RevisionMissing)?;
    if expected != record.current_revision {
        return Err(SharingError::Stale {
            expected,
            current_revision: record.current_revision,
        });
    }
    if record.current_revision >= MAX_REVISIONS_PER_PLAN {
        return Err(SharingError::RevisionLimit {
            limit: MAX_REVISIONS_PER_PLAN,
        });
    }
    // The data's global pieces stay where they were deployed when the primary moves.
    // A current revision that no longer reads (an older format) has no home to keep.
    let plan = &match revision_of(database, record.clone(), expected).await {
        Ok(current) => plan.clone().keeping_data_home_of(&current.plan),
        Err(_) => plan.clone(),
    };
    let content = revision_content(plan, prices);
    match database.update_plan(&record.id, expected, &content).await? {
        UpdateOutcome::Saved { revision } => Ok(revision),
        UpdateOutcome::Stale { current_revision } => Err(SharingError::Stale {
            expected,
            current_revision,
        }),
        UpdateOutcome::Missing => Err(SharingError::NotFound),
    }
}

/// Deletes the plan `record` (from [`authorized`]) and its history.
pub async fn delete(database: &Database, record: &PlanRecord) -> Result<(), SharingError> {
    if database.delete_plan(&record.id).await? {
        Ok(())
    } else {
        Err(SharingError::NotFound)
    }
}

/// Saves a copy of a plan's current revision as a new plan with its own token.
pub async fn fork(
    database: &Database,
    prices: &PriceBook,
    plan_id: &str,
) -> Result<(Created, i64), SharingError> {
    let source = load(database, plan_id).await?;
    let from = (source.record.id.clone(), source.revision.revision);
    let created = create(database, prices, &source.plan, Some(from)).await?;
    Ok((created, source.revision.revision))
}
