//! Stored price books, on either backend.
//!
//! Each refresh or import is saved as a complete new version: its book row and every entry are
//! inserted and the "current" flag moves to it in one transaction, so readers see either the
//! old book or the new one, never a mix, and a failed save leaves the old one current. Older
//! versions stay in the table (a saved plan names the version it was estimated with).

use planner::commitment::CommitmentRate;
use planner::{Decimal, PriceBook, PriceEntry, PriceSource, PriceTier};
use sqlx::FromRow;

use super::{Database, DatabaseError, with_pool};

/// Rows per multi-row INSERT: 16 columns × 400 rows stays far under SQLite's and PostgreSQL's
/// bound-parameter limits.
const INSERT_BATCH: usize = 400;

/// A stored version's summary row.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StoredBook {
    pub version: String,
    pub as_of: String,
    pub origin: String,
    pub entry_count: i64,
    pub created_at_ms: i64,
    /// The refresh report, as JSON (`prices::assemble::Summary`).
    pub report: Option<String>,
}

impl StoredBook {
    /// The refresh report stored with this version, if it has one that reads.
    pub fn report(&self) -> Option<crate::prices::assemble::Summary> {
        let json = self.report.as_deref()?;
        match serde_json::from_str(json) {
            Ok(report) => Some(report),
            Err(err) => {
                tracing::warn!(%err, version = %self.version, "the stored refresh report does not read");
                None
            }
        }
    }
}

#[derive(FromRow)]
struct EntryRow {
    key: String,
    region: String,
    service_code: String,
    usage_type: String,
    unit: String,
    usd_per_unit: String,
    sku: Option<String>,
    effective_date: String,
    source: String,
    verified: i64,
    provenance: String,
    fetched_at: Option<String>,
    tiers: Option<String>,
    commitments: Option<String>,
}

impl EntryRow {
    fn into_entry(self, version: &str) -> Result<PriceEntry, DatabaseError> {
        let corrupt = |field: &str, value: &str| {
            DatabaseError::Corrupt(format!(
                "price book {version}: {} in {}: {field} `{value}` cannot be read",
                self.key, self.region
            ))
        };
        let usd_per_unit: Decimal = self
            .usd_per_unit
            .parse()
            .map_err(|_| corrupt("usd_per_unit", &self.usd_per_unit))?;
        let source =
            PriceSource::from_slug(&self.source).ok_or_else(|| corrupt("source", &self.source))?;
        let tiers: Vec<PriceTier> = match self.tiers.as_deref() {
            None => Vec::new(),
            Some(json) => serde_json::from_str(json).map_err(|_| corrupt("tiers", json))?,
        };
        let commitments: Vec<CommitmentRate> = match self.commitments.as_deref() {
            None => Vec::new(),
            Some(json) => serde_json::from_str(json).map_err(|_| corrupt("commitments", json))?,
        };
        Ok(PriceEntry {
            key: self.key,
            service_code: self.service_code,
            region: self.region,
            usage_type: self.usage_type,
            unit: self.unit,
            usd_per_unit,
            sku: self.sku,
            effective_date: self.effective_date,
            source,
            verified: self.verified != 0,
            provenance: self.provenance,
            fetched_at: self.fetched_at,
            tiers,
            commitments,
        })
    }
}

impl Database {
    /// Saves `book` as a new version and makes it the current one, atomically; `origin` is how
    /// it was made (`live`: the Price List API, `offer_file`: a bulk offer file), `report` what
    /// the refresh did line by line. Fails (and changes nothing) when the version already
    /// exists.
    pub async fn save_price_book(
        &self,
        book: &PriceBook,
        origin: PriceSource,
        created_at_ms: i64,
        report: Option<&crate::prices::assemble::Summary>,
    ) -> Result<(), DatabaseError> {
        let entry_count = i64::try_from(book.entries().len()).unwrap_or(i64::MAX);
        let report = report.and_then(|report| serde_json::to_string(report).ok());
        with_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(
                "INSERT INTO price_books (version, as_of, origin, is_current, entry_count, created_at_ms, report) \
                 VALUES ($1, $2, $3, 0, $4, $5, $6)",
            )
            .bind(&book.version)
            .bind(&book.as_of)
            .bind(origin.slug())
            .bind(entry_count)
            .bind(created_at_ms)
            .bind(&report)
            .execute(&mut *transaction)
            .await?;
            for (batch_index, batch) in book.entries().chunks(INSERT_BATCH).enumerate() {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO price_entries (book_version, position, key, region, service_code, \
                     usage_type, unit, usd_per_unit, sku, effective_date, source, verified, \
                     provenance, fetched_at, tiers, commitments) ",
                );
                insert.push_values(batch.iter().enumerate(), |mut row, (offset, entry)| {
                    let position = (batch_index * INSERT_BATCH + offset) as i64;
                    row.push_bind(&book.version)
                        .push_bind(position)
                        .push_bind(&entry.key)
                        .push_bind(&entry.region)
                        .push_bind(&entry.service_code)
                        .push_bind(&entry.usage_type)
                        .push_bind(&entry.unit)
                        .push_bind(entry.usd_per_unit.to_string())
                        .push_bind(&entry.sku)
                        .push_bind(&entry.effective_date)
                        .push_bind(entry.source.slug())
                        .push_bind(i64::from(entry.verified))
                        .push_bind(&entry.provenance)
                        .push_bind(&entry.fetched_at)
                        .push_bind(
                            (!entry.tiers.is_empty())
                                .then(|| serde_json::to_string(&entry.tiers).ok())
                                .flatten(),
                        )
                        .push_bind(
                            (!entry.commitments.is_empty())
                                .then(|| serde_json::to_string(&entry.commitments).ok())
                                .flatten(),
                        );
                });
                insert.build().execute(&mut *transaction).await?;
            }
            sqlx::query("UPDATE price_books SET is_current = 0 WHERE is_current = 1")
                .execute(&mut *transaction)
                .await?;
            sqlx::query("UPDATE price_books SET is_current = 1 WHERE version = $1")
                .bind(&book.version)
                .execute(&mut *transaction)
                .await?;
            transaction.commit().await?;
            Ok(())
        })
    }

    /// The current stored version's summary, if any version was ever saved.
    pub async fn current_price_book(&self) -> Result<Option<StoredBook>, DatabaseError> {
        with_pool!(self, pool => {
            Ok(sqlx::query_as::<_, StoredBook>(
                "SELECT version, as_of, origin, entry_count, created_at_ms, report \
                 FROM price_books WHERE is_current = 1",
            )
            .fetch_optional(pool)
            .await?)
        })
    }

    /// All stored versions, newest first (without their reports).
    pub async fn price_books(&self) -> Result<Vec<StoredBook>, DatabaseError> {
        with_pool!(self, pool => {
            Ok(sqlx::query_as::<_, StoredBook>(
                "SELECT version, as_of, origin, entry_count, created_at_ms, \
                 CAST(NULL AS TEXT) AS report \
                 FROM price_books ORDER BY created_at_ms DESC, version DESC",
            )
            .fetch_all(pool)
            .await?)
        })
    }

    /// Loads one stored version in full, validated as any price book is.
    pub async fn load_price_book(&self, stored: &StoredBook) -> Result<PriceBook, DatabaseError> {
        let rows: Vec<EntryRow> = with_pool!(self, pool => {
            sqlx::query_as::<_, EntryRow>(
                "SELECT key, region, service_code, usage_type, unit, usd_per_unit, sku, \
                 effective_date, source, verified, provenance, fetched_at, tiers, commitments \
                 FROM price_entries WHERE book_version = $1 ORDER BY position",
            )
            .bind(&stored.version)
            .fetch_all(pool)
            .await?
        });
        let entries = rows
            .into_iter()
            .map(|row| row.into_entry(&stored.version))
            .collect::<Result<Vec<_>, _>>()?;
        let book = PriceBook::new(stored.version.clone(), stored.as_of.clone(), entries);
        book.validate().map_err(|err| {
            DatabaseError::Corrupt(format!("price book {}: {err}", stored.version))
        })?;
        Ok(book)
    }

    /// The current stored book in full, or `None` when only the bundled snapshot exists.
    pub async fn load_current_price_book(
        &self,
    ) -> Result<Option<(StoredBook, PriceBook)>, DatabaseError> {
        let Some(stored) = self.current_price_book().await? else {
            return Ok(None);
        };
        let book = self.load_price_book(&stored).await?;
        Ok(Some((stored, book)))
    }
}

/// The PostgreSQL advisory-lock key that serializes price refreshes across server instances
/// (an arbitrary constant: "RWPRICES" in ASCII).
const REFRESH_LOCK_KEY: i64 = 0x5257_5052_4943_4553;

/// Held while this process refreshes prices. On PostgreSQL it is a session advisory lock on a
/// connection taken out of the pool, so it ends when the connection closes even if the holder
/// dies; SQLite serves one server at a time and needs no lock.
pub enum RefreshLock {
    Postgres(sqlx::PgConnection),
    Local,
}

impl RefreshLock {
    /// Releases the lock (on PostgreSQL: unlocks, then closes its connection).
    pub async fn release(self) {
        if let RefreshLock::Postgres(mut connection) = self {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(REFRESH_LOCK_KEY)
                .execute(&mut connection)
                .await;
            if let Err(err) = unlocked {
                tracing::warn!(%err, "cannot release the price refresh lock; closing its connection");
            }
            let _ = sqlx::Connection::close(connection).await;
        }
    }
}

impl Database {
    /// Takes the price-refresh lock if no other instance holds it.
    pub async fn try_lock_price_refresh(&self) -> Result<Option<RefreshLock>, DatabaseError> {
        match self {
            Database::Sqlite(_) => Ok(Some(RefreshLock::Local)),
            Database::Postgres(pool) => {
                let mut connection = pool.acquire().await?.detach();
                let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(REFRESH_LOCK_KEY)
                    .fetch_one(&mut connection)
                    .await?;
                if locked {
                    Ok(Some(RefreshLock::Postgres(connection)))
                } else {
                    let _ = sqlx::Connection::close(connection).await;
                    Ok(None)
                }
            }
        }
    }
}
